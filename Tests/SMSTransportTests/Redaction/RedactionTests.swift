import Foundation
import Testing
@_spi(SMSInternals) @testable import SMSTransport

/// Fails the test when any of `secrets` (or a telltale part of it) appears in `text`.
func expectNoSecret(_ text: String, _ secrets: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    for secret in secrets {
        #expect(!text.contains(secret), "secret \(secret.debugDescription) leaked in \(text.debugDescription)", sourceLocation: sourceLocation)
    }
}

@Suite("Redaction")
struct RedactionTests {
    // MARK: By name

    @Test("sensitive names: exact, fragments, any case, separators and prefixes ignored")
    func sensitiveNames() {
        for name in ["PWD", "pwd", "password", "PASSWORD", "ManagerPassword", "managerpassword", "Authorization",
                     "Proxy-Authorization", "token", "access_token", "X-Auth-Token", "sessionKey", "SESSION_KEY",
                     "soap:password", "tem:sessionKey", "Cookie", "Set-Cookie",
                     "X-Api-Key", "client_secret", "NewPwd", "user[password]"] {
            #expect(Redaction.isSensitive(name), "\(name)")
        }
        for name in ["UID", "MSG", "DEST", "ST", "SB", "BID", "ManagerLoginName", "Content-Type", "SMSList",
                     "Result", "Msg", "Status", "User-Agent", "pw", "MOBILE", "XmlReqFilePath"] {
            #expect(!Redaction.isSensitive(name), "\(name)")
        }
    }

    @Test("form body: only sensitive fields are blanked, the rest is kept byte for byte")
    func formBody() {
        let body = FormEncoding.encode([FormField("UID", "alice"), FormField("PWD", "s3cr+t&x=1"), FormField("MSG", "你好 +1"),
                                        FormField("ManagerPassword", "mgr-secret")])
        let shown = Redaction.redactedBody(body, contentType: FormEncoding.contentType)
        #expect(shown == "UID=alice&PWD=<redacted>&MSG=%E4%BD%A0%E5%A5%BD%20%2B1&ManagerPassword=<redacted>")
    }

    @Test("form body: names percent-encoded in either case, or with '+', are still recognised")
    func formBodyEncodedNames() {
        let body = Data("UID=a&P%57D=secret1&%70%77%64=secret2&Manager%50assword=secret3&x=1".utf8)
        let shown = Redaction.redactedBody(body, contentType: "application/x-www-form-urlencoded")
        expectNoSecret(shown, ["secret1", "secret2", "secret3"])
        #expect(shown.hasPrefix("UID=a&"))
        #expect(shown.hasSuffix("&x=1"))
    }

    @Test("form body without a content type is still redacted as text")
    func formBodyWithoutType() {
        let shown = Redaction.redactedBody(Data("UID=a&PWD=hunter2&DEST=0912".utf8), contentType: nil)
        #expect(shown == "UID=a&PWD=<redacted>&DEST=0912")
    }

    @Test("JSON: string, number, object, array and escaped values under sensitive keys")
    func json() {
        let text = #"{"UID":"alice","PWD" : "p\"w\\d","token":12345,"password":{"v":"deep1"},"apiKey":["deep2"],"MSG":"hi"}"#
        let shown = Redaction.redactedText(text)
        expectNoSecret(shown, ["p\\\"w", "12345", "deep1", "deep2"])
        #expect(shown == #"{"UID":"alice","PWD" : "<redacted>","token":"<redacted>","password":"<redacted>","apiKey":"<redacted>","MSG":"hi"}"#)
    }

    @Test("JSON: keys written with escapes, any case, truncated bodies")
    func jsonEdgeCases() {
        expectNoSecret(Redaction.redactedText(#"{"\u0050WD":"secret1"}"#), ["secret1"])
        expectNoSecret(Redaction.redactedText(#"{"Pwd":"secret2"}"#), ["secret2"])
        expectNoSecret(Redaction.redactedText(#"{"PWD":"secret3-cut-off"#), ["secret3"])
        expectNoSecret(Redaction.redactedText("{\"PWD\":\n  \"secret4\"}"), ["secret4"])
    }

    @Test("JSON escaped inside a JSON string")
    func nestedJSON() {
        let text = #"{"Data":"{\"UID\":\"u\",\"PWD\":\"inner-secret\",\"token\":98765}"}"#
        let shown = Redaction.redactedText(text)
        expectNoSecret(shown, ["inner-secret", "98765"])
        #expect(shown.contains(#"\"UID\":\"u\""#))
    }

    @Test("non-sensitive JSON and XML come back unchanged")
    func unchanged() {
        let json = #"{"Result":false,"Status":"-99","Msg":"發生不明錯誤","SMS_COUNT":3,"DATA":[{"NAME":"","MOBILE":"+886912345678"}]}"#
        #expect(Redaction.redactedText(json) == json)
        let xml = "<SMS_LOG><CODE>0</CODE><DESCRIPTION>ok</DESCRIPTION><SMS><MESSAGE><![CDATA[a<b]]></MESSAGE></SMS></SMS_LOG>"
        #expect(Redaction.redactedText(xml) == xml)
        let csv = "9610040.00,2,2,0,b8a3c2e0-1111-2222-3333-444455556666"
        #expect(Redaction.redactedText(csv) == csv)
    }

    @Test("SOAP request: password and sessionKey elements, with and without prefixes")
    func soapRequest() {
        let envelope = """
        <?xml version="1.0" encoding="utf-8"?>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
          <soap:Body>
            <getConnection xmlns="http://tempuri.org/"><userID>alice</userID><password>p&amp;ss&lt;1</password></getConnection>
            <tem:sendSMS><tem:sessionKey>SK-123456</tem:sessionKey><tem:subject>hi</tem:subject></tem:sendSMS>
            <PASSWORD >UPPER-SECRET</PASSWORD >
          </soap:Body>
        </soap:Envelope>
        """
        let shown = Redaction.redactedText(envelope)
        expectNoSecret(shown, ["p&amp;ss", "SK-123456", "UPPER-SECRET"])
        #expect(shown.contains("<userID>alice</userID>"))
        #expect(shown.contains("<password><redacted></password>"))
        #expect(shown.contains("<tem:sessionKey><redacted></tem:sessionKey><tem:subject>hi</tem:subject>"))
    }

    @Test("XML: CDATA holding a fake end tag, attributes, nesting, unclosed elements")
    func xmlEdgeCases() {
        let cdata = Redaction.redactedText("<r><password><![CDATA[ab</password>cd]]></password><n>1</n></r>")
        expectNoSecret(cdata, ["ab", "cd"])
        #expect(cdata.hasSuffix("</password><n>1</n></r>"))

        let attribute = Redaction.redactedText(#"<REQUEST ManagerLoginName="bob" ManagerPassword="attr-secret" x='1'/>"#)
        expectNoSecret(attribute, ["attr-secret"])
        #expect(attribute.contains(#"ManagerLoginName="bob""#))

        let nested = Redaction.redactedText("<token><token>a</token>tail-secret</token><ok/>")
        expectNoSecret(nested, ["tail-secret"])
        #expect(nested.hasSuffix("</token><ok/>"))

        let unclosed = Redaction.redactedText("<x><password>cut-secret and more")
        expectNoSecret(unclosed, ["cut-secret"])
    }

    @Test("XML escaped inside XML (a SOAP getConnection answer) and double-escaped")
    func escapedXML() {
        let answer = """
        <getConnectionResult>&lt;SMS&gt;&lt;GET_CONNECTION&gt;&lt;CODE&gt;0&lt;/CODE&gt;\
        &lt;SESSION_KEY&gt;KEY-777&lt;/SESSION_KEY&gt;&lt;DESCRIPTION&gt;ok&lt;/DESCRIPTION&gt;\
        &lt;/GET_CONNECTION&gt;&lt;/SMS&gt;</getConnectionResult>
        """
        let shown = Redaction.redactedText(answer)
        expectNoSecret(shown, ["KEY-777"])
        #expect(shown.contains("&lt;DESCRIPTION&gt;ok&lt;/DESCRIPTION&gt;"))
        expectNoSecret(Redaction.redactedText("<a>&amp;lt;password&amp;gt;KEY-888&amp;lt;/password&amp;gt;</a>"), ["KEY-888"])
    }

    @Test("a gateway's own names are sensitive where it hands them over, and only there")
    func gatewayRules() throws {
        let names = RedactionRules(sensitiveNames: ["Login-Blob", "ReqUrl"])
        #expect(!Redaction.isSensitive("LoginBlob") && !Redaction.isSensitive("XmlRequest"))
        for name in ["LoginBlob", "login_blob", "ns:LOGINBLOB", "requrl", "Req.Url"] {
            #expect(Redaction.isSensitive(name, rules: names), "\(name)")
        }
        #expect(!Redaction.isSensitive("Login", rules: names))
        let form = FormEncoding.encode([FormField("LoginBlob", "<a><b>blob-secret</b></a>"), FormField("Content", "hi")])
        #expect(Redaction.redactedBody(form, contentType: FormEncoding.contentType, rules: names) == "LoginBlob=<redacted>&Content=hi")
        expectNoSecret(Redaction.redactedText(#"{"loginBlob":"json-secret"}"#, rules: names), ["json-secret"])
        expectNoSecret(Redaction.redactedText("<LoginBlob>xml-secret</LoginBlob>", rules: names), ["xml-secret"])
        let url = try #require(URL(string: "https://x.test/p?ReqUrl=https%3A%2F%2Fh%2Furl-secret.xml&n=1"))
        expectNoSecret(Redaction.redactedURL(url, rules: names), ["url-secret"])
        #expect(Redaction.redactedHeaders(["Login-Blob": "header-secret"], rules: names)["Login-Blob"] == Redaction.placeholder)
        var multipart = MultipartFormData()
        multipart.append(name: "LoginBlob", value: "part-secret")
        let (type, body) = multipart.encoded()
        expectNoSecret(Redaction.redactedBody(body, contentType: type, rules: names), ["part-secret"])

        // A request carries its gateway's names into its description and its log records.
        var request = TransportRequest(method: .post, url: url, headers: ["Content-Type": FormEncoding.contentType], body: form)
        #expect(request.description.contains("blob-secret"))
        request.redactionRules = names
        expectNoSecret(request.description, ["blob-secret", "url-secret"])
        let response = TransportResponse(status: 200, body: Data("<R><LoginBlob>echo-secret</LoginBlob></R>".utf8))
        let records: [TransportLogRecord] = [
            .request(request, operation: "x", attempt: 1, secrets: []),
            .response(response, to: request, operation: "x", attempt: 1, elapsed: .zero, secrets: []),
            .failure(TransportError(.timedOut), of: request, operation: "x", attempt: 1, elapsed: .zero, secrets: []),
        ]
        for record in records { expectNoSecret(record.description + record.url, ["blob-secret", "url-secret", "echo-secret"]) }
    }

    @Test("Bearer tokens and header-like lines in plain text")
    func bearerAndLines() {
        let text = "request failed: Authorization: Bearer eyJhbGci.payload.sig\nnext line kept"
        let shown = Redaction.redactedText(text)
        expectNoSecret(shown, ["eyJhbGci", "payload.sig"])
        #expect(shown.hasSuffix("\nnext line kept"))
        expectNoSecret(Redaction.redactedText("header was bearer\tTOKEN-1, then"), ["TOKEN-1"])
        expectNoSecret(Redaction.redactedText(#"{"h":"Bearer TOKEN-2"}"#), ["TOKEN-2"])
        expectNoSecret(Redaction.redactedText("password: hunter2"), ["hunter2"])
        expectNoSecret(Redaction.redactedText("see https://x.test/a?UID=u&PWD=url-secret&n=1 for details"), ["url-secret"])
        #expect(Redaction.redactedText("bearers are not tokens") == "bearers are not tokens")
    }

    @Test("URL: user info removed, sensitive query and fragment values blanked")
    func url() throws {
        let url = try #require(URL(string: "https://bob:url-pass@api.e8d.tw/API21/HTTP/GetCredit.ashx?UID=bob&PWD=q-secret&pwd=q2&x=%2B1#access_token=f-secret"))
        let shown = Redaction.redactedURL(url)
        expectNoSecret(shown, ["url-pass", "q-secret", "q2", "f-secret"])
        #expect(shown.contains("UID=bob"))
        #expect(shown.contains("x=%2B1"))
        #expect(shown.hasPrefix("https://api.e8d.tw/API21/HTTP/GetCredit.ashx?"))
    }

    @Test("headers: sensitive fields blanked, tokens in other fields hidden, order kept")
    func headers() {
        let headers: HTTPHeaders = ["Content-Type": "application/json", "Authorization": "Bearer abc123",
                                    "X-Api-Key": "key-1", "Cookie": "s=c-secret", "Location": "https://x/?token=loc-secret"]
        let shown = Redaction.redactedHeaders(headers)
        #expect(shown.fields.map(\.name) == ["Content-Type", "Authorization", "X-Api-Key", "Cookie", "Location"])
        #expect(shown["Content-Type"] == "application/json")
        #expect(shown["authorization"] == Redaction.placeholder)
        expectNoSecret(shown.fields.map(\.value).joined(separator: "|"), ["abc123", "key-1", "c-secret", "loc-secret"])
    }

    @Test("multipart: text parts by name, file parts as name and size, credentials hidden")
    func multipart() throws {
        var form = MultipartFormData()
        form.append(name: "ManagerLoginName", value: "bob")
        form.append(name: "ManagerPassword", value: "mp-secret")
        form.append(name: "Content", value: "hello password=inline-secret")
        form.append(name: "XmlReqFilePath", fileName: "req.xml", contentType: "text/xml",
                    data: Data("<REQUEST><ManagerPassword>file-secret</ManagerPassword></REQUEST>".utf8))
        let (type, body) = form.encoded()
        let shown = Redaction.redactedBody(body, contentType: type)
        expectNoSecret(shown, ["mp-secret", "inline-secret", "file-secret"])
        #expect(shown.contains("ManagerLoginName=bob"))
        #expect(shown.contains("ManagerPassword=<redacted>"))
        #expect(shown.contains(#"XmlReqFilePath: file "req.xml" (text/xml, 65 bytes)"#))
        #expect(shown.hasPrefix("multipart (4 parts): "))
        let broken = Redaction.redactedBody(Data("no parts here PWD=x".utf8), contentType: "multipart/form-data; boundary=zzz")
        #expect(broken == "<multipart body, 19 bytes>")
    }

    @Test("bodies that are not text are summarised, other charsets decoded")
    func charsets() {
        let binary = Redaction.redactedBody(Data([0xFF, 0xFE, 0x00, 0xD8]), contentType: "application/octet-stream")
        #expect(binary == "<4 bytes, not text>")
        let latin = Redaction.redactedBody(Data([0x50, 0x57, 0x44, 0x3D, 0x63, 0xE9, 0x20, 0x6F, 0x6B]), contentType: "text/plain; charset=iso-8859-1")
        #expect(latin == "PWD=<redacted> ok")
    }

    // MARK: By value

    @Test("scrub: raw, percent-encoded in either case, '+' for space, XML and JSON escaped")
    func scrubEncodings() {
        let secret = "p@ss w+rd&<\"'/中😀"
        let forms = [
            secret,
            FormEncoding.percentEncode(secret),
            FormEncoding.percentEncode(secret).lowercased(),
            FormEncoding.percentEncode(secret).replacingOccurrences(of: "%20", with: "+"),
            XMLEscaping.escape(secret),
            "p@ss w+rd&#38;&#x3C;&quot;&#39;/&#20013;&#x1F600;",
            #"p@ss w+rd&<\"'\/\u4E2D\uD83D\uDE00"#,
            "p%40ss+w%2brd%26<\"'%2F中😀",
        ]
        for form in forms {
            let text = "before \(form) after"
            #expect(Redaction.scrub(text, secrets: [secret]) == "before <redacted> after", "\(form)")
        }
    }

    @Test("scrub: regex-like and XML-like secrets are matched literally")
    func scrubLiteral() {
        let secret = #"a.*b(c)[d]\d+$^|?"#
        #expect(Redaction.scrub("x a.*b(c)[d]\\d+$^|? y axxb z", secrets: [secret]) == "x <redacted> y axxb z")
        #expect(Redaction.scrub("<pwd>]]></pwd>", secrets: ["]]>"]) == "<pwd><redacted></pwd>")
        #expect(Redaction.scrub("%25%25%", secrets: ["%%"]) == "<redacted>")
        #expect(Redaction.scrub("50%25 off", secrets: ["%%"]) == "50%25 off")
    }

    @Test("scrub: several secrets, overlapping and nested, empty ones ignored, case kept")
    func scrubSeveral() {
        #expect(Redaction.scrub("ABCD and BC", secrets: ["BC", "ABCD", ""]) == "<redacted> and <redacted>")
        #expect(Redaction.scrub("xABCDEy", secrets: ["ABC", "CDE"]) == "x<redacted>y")
        #expect(Redaction.scrub("Secret SECRET secret", secrets: ["secret"]) == "Secret SECRET <redacted>")
        #expect(Redaction.scrub("nothing", secrets: []) == "nothing")
        #expect(Redaction.scrub("nothing", secrets: [""]) == "nothing")
    }

    // MARK: Preview

    @Test("preview: one line, whitespace collapsed, control characters replaced, cut with an ellipsis")
    func preview() {
        #expect(Redaction.preview("  a\r\n\tb  c \n") == "a b c")
        #expect(Redaction.preview("abcdef", limit: 3) == "abc…")
        #expect(Redaction.preview("ab   cdef", limit: 3) == "ab …")
        #expect(Redaction.preview("abc", limit: 3) == "abc")
        #expect(Redaction.preview("a\u{1B}[31mb\u{0}\u{202E}c") == "a\u{FFFD}[31mb\u{FFFD}\u{FFFD}c")
        #expect(Redaction.preview("中文訊息", limit: 2) == "中文…")
        let long = String(repeating: "x ", count: 50_000)
        #expect(Redaction.preview(long, limit: 4096).count == 4097)
    }

    @Test("bodyPreview: redacts by name, scrubs by value, then shortens")
    func bodyPreview() {
        let body = Data(#"{"PWD":"named-secret","Msg":"echo of value-secret"}"#.utf8)
        let shown = Redaction.bodyPreview(body, contentType: "application/json", secrets: ["value-secret"], limit: 80)
        expectNoSecret(shown, ["named-secret", "value-secret"])
        #expect(shown == #"{"PWD":"<redacted>","Msg":"echo of <redacted>"}"#)
    }
}

extension RedactionTests {
    @Test("scrub leaves placeholders from redaction by name intact, even for one-letter secrets")
    func scrubKeepsPlaceholders() {
        #expect(Redaction.scrub("PWD=<redacted>&a=1", secrets: ["a", "d"]) == "PWD=<redacted>&<redacted>=1")
        #expect(Redaction.scrub("<redacted>", secrets: ["<redacted>"]) == "<redacted>")
    }
}

extension RedactionTests {
    @Test("bodyPreview of a large body: secrets open at the cut stay hidden, no partial secret shows")
    func largeBodyPreview() {
        // The preview only redacts a window of limit × 8 + 4096 bytes. Whitespace collapses, so
        // with a whitespace-heavy body the preview's characters do reach the window's end.
        let limit = 200, window = limit * 8 + 4096
        let unit = "x" + String(repeating: " ", count: 99)
        for shift in 0..<40 {
            // Both the element's content and the plain secret straddle the window's end for
            // some of these shifts.
            let padding = String(repeating: unit, count: window / 100) + String(repeating: " ", count: 60 + shift)
            let xml = "<r>" + padding + "<password>abcdefghij-secret-tail</password>" + padding + "</r>"
            let byName = Redaction.bodyPreview(Data(xml.utf8), contentType: "text/xml", limit: limit)
            expectNoSecret(byName, ["abcdefghij", "secret-tail", "ghij"])
            #expect(byName.hasSuffix("…"))
            let plain = padding + "p@ss+w0rd-long-secret" + padding
            let byValue = Redaction.bodyPreview(Data(plain.utf8), contentType: "text/plain", secrets: ["p@ss+w0rd-long-secret"], limit: limit)
            expectNoSecret(byValue, ["p@ss", "w0rd", "long-secret", "ret"])
        }
        // Small limits are unaffected.
        #expect(Redaction.bodyPreview(Data(String(repeating: "x", count: 20_000).utf8), contentType: nil, limit: 10) == "xxxxxxxxxx…")
    }
}
