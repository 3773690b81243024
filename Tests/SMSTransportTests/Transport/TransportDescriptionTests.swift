import Foundation
import Testing
@_spi(SMSInternals) @testable import SMSTransport

private let password = "pa ss+wörd&=1"
private let token = "eyJ0b2tlbi12YWx1ZQ"
private let sessionKey = "SK-5a6b7c"

@Suite("TransportRequest")
struct TransportRequestTests {
    @Test("a form POST shows method, URL and fields, never the password")
    func formRequest() throws {
        let url = try #require(URL(string: "https://new.e8d.tw/API21/HTTP/SendSMS.ashx"))
        let body = FormEncoding.encode([FormField("UID", "alice"), FormField("PWD", password), FormField("MSG", "hi"), FormField("DEST", "+886912345678")])
        let request = TransportRequest(method: .post, url: url, headers: ["Content-Type": FormEncoding.contentType], body: body)
        let text = request.description
        expectNoSecret(text, [password, FormEncoding.percentEncode(password), "ss%2Bw"])
        #expect(text.hasPrefix("POST https://new.e8d.tw/API21/HTTP/SendSMS.ashx [Content-Type: application/x-www-form-urlencoded; charset=utf-8]"))
        #expect(text.hasSuffix("body(\(body.count) bytes): UID=alice&PWD=<redacted>&MSG=hi&DEST=%2B886912345678"))
    }

    @Test("a JSON POST with a Bearer token hides the header and the JSON password")
    func jsonRequest() throws {
        let url = try #require(URL(string: "https://new.e8d.tw/API21/HTTP/ConnectionHandler.ashx"))
        let body = try JSONSerialization.data(withJSONObject: ["HandlerType": 3, "VerifyType": 1, "UID": "alice", "PWD": password], options: [.sortedKeys])
        let request = TransportRequest(method: .post, url: url, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"], body: body)
        expectNoSecret(request.description, [password, "wörd", token])
        #expect(request.description.contains("Authorization: <redacted>"))
        #expect(request.description.contains(#""UID":"alice""#))
    }

    @Test("a SOAP request hides password and sessionKey")
    func soapRequest() throws {
        let url = try #require(URL(string: "https://oms.every8d.com/API21/SOAP/SMS.asmx"))
        let envelope = """
        <soap12:Envelope xmlns:soap12="http://www.w3.org/2003/05/soap-envelope"><soap12:Body>\
        <getConnection xmlns="http://tempuri.org/"><userID>alice</userID><password>\(XMLEscaping.escape(password))</password></getConnection>\
        <sendSMS xmlns="http://tempuri.org/"><sessionKey>\(sessionKey)</sessionKey></sendSMS></soap12:Body></soap12:Envelope>
        """
        let request = TransportRequest(method: .post, url: url, headers: ["Content-Type": "application/soap+xml; charset=utf-8"], body: Data(envelope.utf8))
        expectNoSecret(request.description, [XMLEscaping.escape(password), "wörd", sessionKey])
        #expect(request.description.contains("<userID>alice</userID>"))
    }

    @Test("URL user info and sensitive query items are hidden")
    func urlSecrets() throws {
        let query = FormEncoding.encodeToString([FormField("ManagerLoginName", "bob"), FormField("ManagerPassword", password), FormField("SMSList", "0912345678")])
        let url = try #require(URL(string: "http://bob:userinfo-secret@api.itpison.com/WebAPI/SMS.aspx?\(query)"))
        let text = TransportRequest(method: .get, url: url).description
        expectNoSecret(text, ["userinfo-secret", FormEncoding.percentEncode(password), "wörd", "w%C3%B6rd"])
        #expect(text == "GET http://api.itpison.com/WebAPI/SMS.aspx?ManagerLoginName=bob&ManagerPassword=<redacted>&SMSList=0912345678")
    }

    @Test("defaults: no headers, empty body, 30 second timeout")
    func defaults() throws {
        let url = try #require(URL(string: "https://example.test/x"))
        let request = TransportRequest(method: .get, url: url)
        #expect(request.timeout == .seconds(30))
        #expect(request.body.isEmpty)
        #expect(request.description == "GET https://example.test/x")
    }
}

@Suite("TransportResponse")
struct TransportResponseTests {
    @Test("a token answer and a SOAP session key are hidden; ordinary answers shown")
    func secretsInResponses() {
        // The token answer's shape is its gateway's rule (EVERY8D declares this one; its own tests
        // check its rules), handed over by the transport with the response.
        var tokenAnswer = TransportResponse(status: 200, headers: ["Content-Type": "application/json"], body: Data(#"{"Result":true,"Msg":"\#(token)"}"#.utf8))
        tokenAnswer.redactionRules = RedactionRules(secretAnswers: [.init(member: "Msg", whenMember: "Result", hasValue: "true", unlessContaining: ",")])
        expectNoSecret(tokenAnswer.description, [token])
        #expect(tokenAnswer.description == #"HTTP 200 body(\#(tokenAnswer.body.count) bytes): {"Result":true,"Msg":"<redacted>"}"#)

        let soap = """
        <?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>\
        <getConnectionResponse xmlns="http://tempuri.org/"><getConnectionResult>&lt;SMS&gt;&lt;GET_CONNECTION&gt;\
        &lt;CODE&gt;0&lt;/CODE&gt;&lt;SESSION_KEY&gt;\(sessionKey)&lt;/SESSION_KEY&gt;&lt;/GET_CONNECTION&gt;&lt;/SMS&gt;\
        </getConnectionResult></getConnectionResponse></soap:Body></soap:Envelope>
        """
        let response = TransportResponse(status: 200, headers: ["Content-Type": "text/xml"], body: Data(soap.utf8))
        expectNoSecret(response.description, [sessionKey])

        let sent = TransportResponse(status: 200, body: Data("9610040.00,2,2,0,b8a3c2e0".utf8))
        #expect(sent.description == "HTTP 200 body(25 bytes): 9610040.00,2,2,0,b8a3c2e0")
        #expect(sent.isSuccess)
        #expect(!TransportResponse(status: 302).isSuccess)
        #expect(TransportResponse(status: 204).description == "HTTP 204")
    }
}

@Suite("TransportLogRecord")
struct TransportLogRecordTests {
    private let url = URL(string: "https://bob:pw-in-url@new.e8d.tw/API21/HTTP/GetCredit.ashx?PWD=query-secret")!

    @Test("request records: URL, headers and body redacted by name and scrubbed by value")
    func requestRecord() {
        let body = FormEncoding.encode([FormField("UID", "bob"), FormField("PWD", password), FormField("MSG", "my password is \(password)")])
        let request = TransportRequest(method: .post, url: url, headers: ["Content-Type": FormEncoding.contentType, "Authorization": "Bearer \(token)", "X-Echo": token], body: body)
        let record = TransportLogRecord.request(request, operation: "GetCredit", attempt: 1, secrets: [password, token])
        let all = [record.description, record.url, record.body] + record.headers.fields.map(\.value)
        for text in all {
            expectNoSecret(text, [password, FormEncoding.percentEncode(password), token, "pw-in-url", "query-secret"])
        }
        #expect(record.event == .request && record.attempt == 1 && record.method == "POST" && record.status == nil)
        #expect(record.description.hasPrefix("→ GetCredit#1 POST https://new.e8d.tw/API21/HTTP/GetCredit.ashx?PWD=<redacted> "))
    }

    @Test("response records: a body echoing the password is scrubbed")
    func responseRecord() {
        let request = TransportRequest(method: .post, url: url)
        let response = TransportResponse(status: 200, headers: ["Set-Cookie": "s=\(token)"], body: Data("-101,密碼錯誤 \(password)".utf8))
        let record = TransportLogRecord.response(response, to: request, operation: "GetCredit", attempt: 2, elapsed: .milliseconds(12), secrets: [password])
        expectNoSecret(record.description + record.body, [password, token])
        #expect(record.headers["set-cookie"] == Redaction.placeholder)
        #expect(record.description.hasPrefix("← GetCredit#2 HTTP 200 in "))
        #expect(record.body == "-101,密碼錯誤 <redacted>")
    }

    @Test("failure records: the error text is redacted and scrubbed too")
    func failureRecord() {
        struct Leaky: Error, CustomStringConvertible {
            var description: String { "failed for https://x/?PWD=leak-1 with Authorization: Bearer leak-2 and \(password)" }
        }
        let request = TransportRequest(method: .post, url: url)
        let record = TransportLogRecord.failure(Leaky(), of: request, operation: "SendSMS", attempt: 1, elapsed: .seconds(1), secrets: [password])
        expectNoSecret(record.description, ["leak-1", "leak-2", password])
        #expect(record.description.hasPrefix("✕ SendSMS#1 failed for https://x/?PWD=<redacted>"))
        #expect(record.headers.fields.isEmpty)
    }
}
