import Foundation
import Testing
import OmiCard
@_spi(SMSInternals) import SMSTransport

@Suite("OMICard credentials")
struct CredentialsTests {
    static let document = "<?xml version=\"1.0\" encoding=\"utf-8\"?><REQUEST><ManagerLoginName>api-user</ManagerLoginName>"
        + "<ManagerPassword>Pa55&amp;w+rd&lt;&quot;x</ManagerPassword></REQUEST>"

    @Test("XmlRequest carries an XML-escaped document instead of the two fields")
    func xmlRequestField() async throws {
        let credentials = OmiCardClient.Credentials(loginName: Fixture.login, password: Fixture.password, delivery: .xmlRequest)
        let transport = RecordingTransport(.launched())
        _ = try await Fixture.client(transport, credentials: credentials).sendSMS(SMSJob(content: "Hi", smsList: ["0912345678"]))
        let request = try #require(await transport.onlyRequest)
        let expected = "XmlRequest=%3C%3Fxml%20version%3D%221.0%22%20encoding%3D%22utf-8%22%3F%3E%3CREQUEST%3E%3CManagerLoginName%3E"
            + "api-user%3C%2FManagerLoginName%3E%3CManagerPassword%3EPa55%26amp%3Bw%2Brd%26lt%3B%26quot%3Bx%3C%2FManagerPassword%3E"
            + "%3C%2FREQUEST%3E&LaunchType=0&Content=Hi&SMSList=0912345678"
        #expect(Fixture.text(request.body) == expected)
        #expect(FormEncoding.decode(request.body).value(named: "XmlRequest") == Self.document)
    }

    @Test("XmlRequest in a GET query")
    func xmlRequestInQuery() async throws {
        let credentials = OmiCardClient.Credentials(loginName: Fixture.login, password: Fixture.password, delivery: .xmlRequest)
        let transport = RecordingTransport(.launched())
        _ = try await Fixture.client(transport, credentials: credentials, method: .get)
            .sendSMS(SMSJob(content: "Hi", smsList: ["0912345678"]))
        let url = try #require(await transport.onlyRequest).url
        let query = try #require(url.absoluteString.split(separator: "?", maxSplits: 1).last)
        #expect(FormEncoding.decode(String(query)).map(\.name) == ["XmlRequest", "LaunchType", "Content", "SMSList"])
        #expect(FormEncoding.decode(String(query)).value(named: "XmlRequest") == Self.document)
        #expect(!query.contains("+") && !query.contains("<"))
    }

    @Test("XmlReqUrl sends only the document's URL")
    func xmlRequestURL() async throws {
        let credentials = OmiCardClient.Credentials(xmlRequestURL: URL(string: "https://example.com/omi/req.xml")!)
        let transport = RecordingTransport(.launched())
        _ = try await Fixture.client(transport, credentials: credentials).sendSMS(SMSJob(content: "Hi", smsList: ["0912345678"]))
        let request = try #require(await transport.onlyRequest)
        #expect(Fixture.text(request.body) == "XmlReqUrl=https%3A%2F%2Fexample.com%2Fomi%2Freq.xml&LaunchType=0&Content=Hi&SMSList=0912345678")
    }

    @Test("XmlReqFilePath uploads the document as request.xml, first, in a multipart POST")
    func xmlRequestFile() async throws {
        let credentials = OmiCardClient.Credentials(loginName: Fixture.login, password: Fixture.password, delivery: .xmlRequestFile)
        let transport = RecordingTransport(.launched())
        _ = try await Fixture.client(transport, credentials: credentials).sendSMS(SMSJob(content: "A+B&C", smsList: ["+886912345678"]))
        let request = try #require(await transport.onlyRequest)
        let body = try ParsedMultipart(body: request.body, contentType: try #require(request.headers["Content-Type"]))
        #expect(body.parts.map(\.name) == ["XmlReqFilePath", "LaunchType", "Content", "SMSList"])
        #expect(body.parts[0].fileName == "request.xml")
        #expect(body.parts[0].contentType == "text/xml; charset=utf-8")
        #expect(body.parts[0].text == Self.document)
        #expect(body.parts[2].text == "A+B&C")
        #expect(body.parts[3].text == "+886912345678")
    }

    @Test("XmlReqFilePath with GET is refused before sending")
    func xmlRequestFileWithGet() async throws {
        let credentials = OmiCardClient.Credentials(loginName: Fixture.login, password: Fixture.password, delivery: .xmlRequestFile)
        let transport = RecordingTransport(.launched())
        let error = await #expect(throws: ValidationError.self) {
            try await Fixture.client(transport, credentials: credentials, method: .get).status(launchID: "1", for: .smsNumber("0912345678"))
        }
        #expect(error?.field == "XmlReqFilePath")
        #expect(await transport.requests.isEmpty)
    }

    @Test("empty login or password, or an XmlReqUrl that is not an http(s) .xml URL, is refused",
          arguments: [
            (OmiCardClient.Credentials(loginName: "", password: "p"), "ManagerLoginName"),
            (OmiCardClient.Credentials(loginName: "u", password: ""), "ManagerPassword"),
            (OmiCardClient.Credentials(loginName: "", password: "p", delivery: .xmlRequest), "ManagerLoginName"),
            (OmiCardClient.Credentials(loginName: "u", password: "", delivery: .xmlRequestFile), "ManagerPassword"),
            (OmiCardClient.Credentials(xmlRequestURL: URL(string: "https://example.com/req.json")!), "XmlReqUrl"),
            (OmiCardClient.Credentials(xmlRequestURL: URL(string: "file:///etc/req.xml")!), "XmlReqUrl"),
          ])
    func invalidCredentials(_ credentials: OmiCardClient.Credentials, field: String) async throws {
        let transport = RecordingTransport(.launched())
        let error = await #expect(throws: ValidationError.self) {
            try await Fixture.client(transport, credentials: credentials).sendSMS(SMSJob(content: "x", smsList: ["0912345678"]))
        }
        #expect(error?.field == field)
        #expect(await transport.requests.isEmpty)
    }

    @Test("descriptions, debug descriptions and dumps show no password and no hosted URL")
    func descriptionsHideSecrets() {
        let all = [
            OmiCardClient.Credentials(loginName: Fixture.login, password: Fixture.password),
            OmiCardClient.Credentials(loginName: Fixture.login, password: Fixture.password, delivery: .xmlRequest),
            OmiCardClient.Credentials(loginName: Fixture.login, password: Fixture.password, delivery: .xmlRequestFile),
            OmiCardClient.Credentials(xmlRequestURL: URL(string: "https://example.com/hidden-token/req.xml")!),
        ]
        for credentials in all {
            var dumped = ""
            dump(credentials, to: &dumped)
            var client = ""
            dump(OmiCardClient(credentials: credentials, transport: RecordingTransport()), to: &client)
            for text in [credentials.description, credentials.debugDescription, String(describing: credentials),
                         String(reflecting: credentials), "\(credentials)", dumped, client] {
                #expect(!text.contains("Pa55"))
                #expect(!text.contains("hidden-token"))
                #expect(text.contains("Credentials("))
            }
        }
        #expect(all[0].description == "Credentials(loginName: \"api-user\", delivery: fields)")
    }
}
