import Foundation
import Testing
import Every8D
@_spi(SMSInternals) import SMSTransport

/// Shared values and helpers for the SOAP client tests.
enum SOAPFixture {
    static let sessionKey = "e9df35fce357589a8e78c44c3e2abcdd"
    static let secondKey = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"

    /// The envelope around a 1.1 request body, written out by hand (not by the code under test).
    static let envelope11Head = #"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>"#
    static let envelope11Tail = "</soap:Body></soap:Envelope>"
    static let envelope12Head = #"<?xml version="1.0" encoding="utf-8"?><soap12:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:soap12="http://www.w3.org/2003/05/soap-envelope"><soap12:Body>"#
    static let envelope12Tail = "</soap12:Body></soap12:Envelope>"

    static func configuration(
        site: String = "https://oms.every8d.com",
        version: Every8DSOAPClient.SOAPVersion = .soap11,
        readRetryPolicy: RetryPolicy = .exponential(maxAttempts: 3, initialDelay: .zero, maxDelay: .zero, jitter: false),
        unsentRetryPolicy: RetryPolicy = .exponential(maxAttempts: 3, initialDelay: .zero, maxDelay: .zero, jitter: false),
        logger: TransportLogger? = nil,
        now: @escaping @Sendable () -> Date = { Fixture.now }
    ) -> Every8DSOAPClient.Configuration {
        Every8DSOAPClient.Configuration(
            siteURL: URL(string: site)!, soapVersion: version, timeout: .seconds(5), readRetryPolicy: readRetryPolicy,
            unsentRetryPolicy: unsentRetryPolicy, logger: logger, now: now)
    }

    static func client(_ transport: RecordingTransport, version: Every8DSOAPClient.SOAPVersion = .soap11,
                       site: String = "https://oms.every8d.com") -> Every8DSOAPClient {
        Every8DSOAPClient(credentials: Fixture.credentials, configuration: configuration(site: site, version: version), transport: transport)
    }

    /// The web method a request calls, from `SOAPAction` (1.1) or the `action` parameter (1.2).
    static func method(of request: TransportRequest) -> String {
        let action: String
        if let header = request.headers["SOAPAction"] {
            action = header
        } else {
            let type = request.headers["Content-Type"] ?? ""
            action = type.components(separatedBy: "action=").last ?? ""
        }
        return action.replacingOccurrences(of: "\"", with: "").replacingOccurrences(of: "http://tempuri.org/", with: "")
    }

    /// The parameters of a request, read back with the foundation's XML parser.
    static func parameters(of request: TransportRequest) throws -> [String: String] {
        let envelope = try XMLTree.parse(request.body)
        let call = try #require(envelope.child("Body")?.children.first)
        var values: [String: String] = [:]
        for child in call.children { values[child.localName] = child.text }
        return values
    }

    /// An ASMX answer: `<method>Response/<method>Result` with `result` escaped, HTTP 200.
    static func answer(_ method: String, _ result: String?, version: Every8DSOAPClient.SOAPVersion = .soap11) -> TransportResponse {
        let namespace = version == .soap11 ? "http://schemas.xmlsoap.org/soap/envelope/" : "http://www.w3.org/2003/05/soap-envelope"
        let type = version == .soap11 ? "text/xml; charset=utf-8" : "application/soap+xml; charset=utf-8"
        let inner = result.map { "<\(method)Result>\(XMLEscaping.escape($0))</\(method)Result>" } ?? ""
        let body = #"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="\#(namespace)" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><\#(method)Response xmlns="http://tempuri.org/">\#(inner)</\#(method)Response></soap:Body></soap:Envelope>"#
        return TransportResponse(status: 200, headers: ["Content-Type": type], body: Data(body.utf8))
    }

    /// `getConnection`'s result XML.
    static func connection(code: Int = 0, key: String = sessionKey, description: String = "取得連線成功") -> String {
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><SMS><GET_CONNECTION><CODE>\(code)</CODE><SESSION_KEY>\(key)</SESSION_KEY>"
            + "<DESCRIPTION>\(description)</DESCRIPTION></GET_CONNECTION></SMS>"
    }

    /// A SOAP 1.1 fault with HTTP 500.
    static func fault11(_ code: String, _ reason: String) -> TransportResponse {
        let body = #"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>\#(code)</faultcode><faultstring>\#(XMLEscaping.escape(reason))</faultstring><detail /></soap:Fault></soap:Body></soap:Envelope>"#
        return TransportResponse(status: 500, headers: ["Content-Type": "text/xml; charset=utf-8"], body: Data(body.utf8))
    }

    /// A SOAP 1.2 fault with HTTP 500.
    static func fault12(_ code: String, _ reason: String) -> TransportResponse {
        let body = #"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><soap:Fault><soap:Code><soap:Value>\#(code)</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang="en">\#(XMLEscaping.escape(reason))</soap:Text></soap:Reason><soap:Detail /></soap:Fault></soap:Body></soap:Envelope>"#
        return TransportResponse(status: 500, headers: ["Content-Type": "application/soap+xml; charset=utf-8"], body: Data(body.utf8))
    }

    /// A transport that answers `getConnection` with `key` and every other method from `answers`
    /// (by method name); a method without an answer gets a 599.
    static func transport(key: String = sessionKey, _ answers: [String: String]) -> RecordingTransport {
        RecordingTransport { request, _ in
            let method = method(of: request)
            if method == "getConnection" { return answer(method, connection(key: key)) }
            guard let result = answers[method] else { return TransportResponse(status: 599, body: Data("unscripted \(method)".utf8)) }
            return answer(method, result)
        }
    }

    static let receipt = "1230.00,4,4.0,0,220478cc-8506-49b2-93b7-2505f651c12e"
    static let receiptBatch = "220478cc-8506-49b2-93b7-2505f651c12e"
}
