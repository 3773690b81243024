import Foundation
import Testing
import SMSSandbox
@_spi(SMSInternals) import SMSTransport

/// Builds SOAP requests by hand, as a client would put them on the wire, and reads the answers.
enum SOAPWire {
    enum Version { case soap11, soap12 }

    static func url(_ service: String = "SMS.asmx") -> URL {
        E8D.site.appendingPathComponent("API21/SOAP/" + service)
    }

    static func envelope(_ method: String, _ parameters: [(String, String)], version: Version = .soap11) -> String {
        let inner = parameters.map { "<\($0.0)>\(XMLEscaping.escape($0.1))</\($0.0)>" }.joined()
        let call = "<\(method) xmlns=\"http://tempuri.org/\">\(inner)</\(method)>"
        switch version {
        case .soap11:
            return #"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>"#
                + call + "</soap:Body></soap:Envelope>"
        case .soap12:
            return #"<?xml version="1.0" encoding="utf-8"?><soap12:Envelope xmlns:soap12="http://www.w3.org/2003/05/soap-envelope"><soap12:Body>"#
                + call + "</soap12:Body></soap12:Envelope>"
        }
    }

    static func request(_ method: String, _ parameters: [(String, String)], service: String = "SMS.asmx",
                        version: Version = .soap11) -> TransportRequest {
        raw(envelope(method, parameters, version: version), action: method, service: service, version: version)
    }

    static func raw(_ body: String, action: String?, service: String = "SMS.asmx", version: Version = .soap11) -> TransportRequest {
        var headers: HTTPHeaders
        switch version {
        case .soap11:
            headers = ["Content-Type": "text/xml; charset=utf-8"]
            if let action { headers.add(name: "SOAPAction", value: "\"http://tempuri.org/\(action)\"") }
        case .soap12:
            headers = ["Content-Type": "application/soap+xml; charset=utf-8" + (action.map { "; action=\"http://tempuri.org/\($0)\"" } ?? "")]
        }
        return TransportRequest(method: .post, url: url(service), headers: headers, body: Data(body.utf8))
    }

    /// The result string of a 200 answer to `method`.
    static func result(_ response: TransportResponse, _ method: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        #expect(response.status == 200, sourceLocation: sourceLocation)
        let envelope = try XMLTree.parse(response.body)
        let answer = try #require(envelope.child("Body")?.child("\(method)Response"), sourceLocation: sourceLocation)
        #expect(answer.attributes["xmlns"] == "http://tempuri.org/", sourceLocation: sourceLocation)
        return answer.child("\(method)Result")?.text ?? ""
    }

    /// The fault code and reason of a fault answer (HTTP 500).
    static func fault(_ response: TransportResponse, sourceLocation: SourceLocation = #_sourceLocation) throws -> (code: String, reason: String) {
        #expect(response.status == 500, sourceLocation: sourceLocation)
        let fault = try #require(try XMLTree.parse(response.body).child("Body")?.child("Fault"), sourceLocation: sourceLocation)
        if let code = fault.child("Code") {
            return (code.childText("Value") ?? "", fault.child("Reason")?.childText("Text") ?? "")
        }
        return (fault.childText("faultcode") ?? "", fault.childText("faultstring") ?? "")
    }

    static func call(_ sandbox: some HTTPTransport, _ method: String, _ parameters: [(String, String)], service: String = "SMS.asmx",
                     version: Version = .soap11) async throws -> String {
        try result(try await sandbox.send(request(method, parameters, service: service, version: version)), method)
    }

    /// `getConnection` for the demo account: the session key.
    static func connect(_ sandbox: some HTTPTransport, userID: String = E8D.demo.userID, password: String = E8D.demo.password) async throws -> String {
        let xml = try await call(sandbox, "getConnection", [("userID", userID), ("password", password)])
        let connection = try #require(try XMLTree.parse(Data(xml.utf8)).child("GET_CONNECTION"))
        #expect(connection.childText("CODE") == "0")
        return try #require(connection.childText("SESSION_KEY"))
    }

    /// The `CODE` of a `getConnection` answer.
    static func loginCode(_ sandbox: some HTTPTransport, userID: String = E8D.demo.userID, password: String) async throws -> Int? {
        let xml = try await call(sandbox, "getConnection", [("userID", userID), ("password", password)])
        return try XMLTree.parse(Data(xml.utf8)).child("GET_CONNECTION")?.childText("CODE").flatMap { Int($0) }
    }
}
