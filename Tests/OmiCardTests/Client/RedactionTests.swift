import Foundation
import Testing
import OmiCard
@_spi(SMSInternals) import SMSTransport

@Suite("OMICard secrets stay out of logs, descriptions and errors")
struct RedactionTests {
    /// Every form the password could take on the wire or in text.
    static let forbidden = [
        Fixture.password, FormEncoding.percentEncode(Fixture.password), XMLEscaping.escape(Fixture.password),
        "Pa55", "hidden-token",
    ]

    static func assertClean(_ texts: [String], _ context: String) {
        for text in texts {
            for secret in forbidden {
                #expect(!text.contains(secret), "\(context) leaks \(secret): \(text)")
            }
        }
    }

    static func recordTexts(_ records: [TransportLogRecord]) -> [String] {
        records.flatMap { record in
            [record.description, record.url, record.body] + record.headers.fields.map(\.value)
        }
    }

    @Test("every credential mode, both methods: log records and request descriptions are clean", arguments: [
        OmiCardClient.Credentials.Delivery.fields, .xmlRequest, .xmlRequestFile,
        .xmlRequestURL(URL(string: "https://example.com/hidden-token/req.xml")!),
    ], [OmiCardClient.RequestMethod.post, .get])
    func logsAreClean(_ delivery: OmiCardClient.Credentials.Delivery, method: OmiCardClient.RequestMethod) async throws {
        if delivery == .xmlRequestFile && method == .get { return }
        let credentials: OmiCardClient.Credentials
        // The secret the client holds, which a misbehaving gateway echoes back below.
        let echoed: String
        if case .xmlRequestURL(let url) = delivery {
            credentials = OmiCardClient.Credentials(xmlRequestURL: url)
            echoed = url.absoluteString
        } else {
            credentials = OmiCardClient.Credentials(loginName: Fixture.login, password: Fixture.password, delivery: delivery)
            echoed = Fixture.password
        }
        let collector = LogCollector()
        let transport = RecordingTransport(
            .launched(),
            .fail(TransportError(.timedOut)),
            // A gateway that echoes the secret back in its error message and in an error page.
            .xml("<R><ErrorCode>102</ErrorCode><ErrorMsg>bad password \(XMLEscaping.escape(echoed))</ErrorMsg></R>"),
            .respond(TransportResponse(status: 500, body: Data("login failed for \(echoed)".utf8))))
        let client = Fixture.client(transport, credentials: credentials, method: method, maxAttempts: 1, logger: collector.logger)

        var texts: [String] = []
        _ = try await client.sendSMS(SMSJob(content: "x", smsList: ["0912345678"]))
        do { _ = try await client.sendSMS(SMSJob(content: "x", smsList: ["0912345678"])) } catch { texts += [String(describing: error), "\(error)"] }
        do { _ = try await client.status(launchID: "1", for: .smsNumber("0912345678")) } catch {
            texts.append(String(describing: error))
            if let omi = error as? OmiCardError {
                texts.append(omi.message)
                #expect(omi.message.contains("bad password"))
            } else {
                Issue.record("expected an OmiCardError, got \(error)")
            }
        }
        do { _ = try await client.status(launchID: "1", for: .smsNumber("0912345678")) } catch { texts.append(String(describing: error)) }

        let records = collector.records
        #expect(records.filter { $0.event == .request }.count == 4)
        #expect(records.filter { $0.event == .response }.count == 3)
        #expect(records.filter { $0.event == .failure }.count == 1)
        #expect(Set(records.map(\.operation)) == ["SMS.aspx", "Status.aspx"])
        texts += Self.recordTexts(records)
        // `TransportRequest.description` is the foundation's: on the current one a GET carrying a
        // password traps in `Redaction.redactedURL` (see the client's `loggable`), and `XmlReqUrl`
        // is not among its sensitive names, so only POSTs with a password are checked here.
        if case .xmlRequestURL = delivery {} else {
            texts += await transport.requests.map(\.description)
        }
        texts.append(String(describing: client))
        Self.assertClean(texts, "\(delivery) over \(method)")
        // The request itself did carry the secret (so the scrubbing above was not vacuous).
        if delivery == .fields {
            let first = try #require(await transport.requests.first)
            let wire = method == .get ? first.url.absoluteString : Fixture.text(first.body)
            #expect(wire.contains(FormEncoding.percentEncode(Fixture.password)))
        }
    }

    @Test("a list file upload is logged without its content or the password")
    func multipartLogs() async throws {
        let collector = LogCollector()
        let transport = RecordingTransport(.launched())
        let client = Fixture.client(transport, logger: collector.logger)
        let job = SMSJob(content: "x", smsListFile: SMSListFile(data: Data("SMSNumber\n0912345678\n".utf8), fileName: "l.csv"))
        _ = try await client.sendSMS(job)
        let texts = Self.recordTexts(collector.records)
        Self.assertClean(texts, "multipart")
        #expect(collector.records.count == 2)
    }

    @Test("a GET is logged with its query redacted field by field")
    func getLogRecord() async throws {
        let collector = LogCollector()
        let transport = RecordingTransport(.launched())
        _ = try await Fixture.client(transport, method: .get, logger: collector.logger).sendSMS(SMSJob(content: "A+B", smsList: ["0912345678"]))
        let request = try #require(collector.records.first { $0.event == .request })
        #expect(request.method == "GET")
        #expect(request.url == "http://api.itpison.com/WebAPI/SMS.aspx?ManagerLoginName=api-user&ManagerPassword=<redacted>&LaunchType=0&Content=A%2BB&SMSList=0912345678")
        #expect(request.body.isEmpty)
        let response = try #require(collector.records.first { $0.event == .response })
        #expect(response.status == 200)
        #expect(response.body.contains("<LaunchID>90001</LaunchID>"))
    }

    // Moved from the shared module's tests with the names themselves: OMICard declares them.

    @Test("OMICard's credential fields are sensitive names: XmlRequest and XmlReqUrl (not the uploaded file's field)")
    func sensitiveNames() {
        for name in ["ManagerPassword", "XmlRequest", "XmlReqUrl"] {
            #expect(Redaction.isSensitive(name, rules: OmiCardClient.redactionRules), "\(name)")
        }
        for name in ["ManagerLoginName", "SMSList", "XmlReqFilePath"] {
            #expect(!Redaction.isSensitive(name, rules: OmiCardClient.redactionRules), "\(name)")
        }
    }

    @Test("OMICard XmlRequest with the credentials inside is hidden whole, in a form and as XML")
    func omiCardXmlRequest() {
        let xml = "<REQUEST><ManagerLoginName>bob</ManagerLoginName><ManagerPassword>omi-secret</ManagerPassword></REQUEST>"
        let form = FormEncoding.encode([FormField("XmlRequest", xml), FormField("Content", "hi")])
        let shown = Redaction.redactedBody(form, contentType: FormEncoding.contentType, rules: OmiCardClient.redactionRules)
        #expect(shown == "XmlRequest=<redacted>&Content=hi")
        let asXML = Redaction.redactedText(xml, rules: OmiCardClient.redactionRules)
        #expect(!asXML.contains("omi-secret"))
        #expect(asXML.contains("<ManagerLoginName>bob</ManagerLoginName>"))
    }

    @Test("a request the client built prints safely on its own, in every credential form and both methods", arguments: [
        OmiCardClient.Credentials.Delivery.fields, .xmlRequest, .xmlRequestFile,
        .xmlRequestURL(URL(string: "https://example.com/hidden-token/req.xml")!),
    ], [OmiCardClient.RequestMethod.post, .get])
    func requestDescription(_ delivery: OmiCardClient.Credentials.Delivery, method: OmiCardClient.RequestMethod) async throws {
        if delivery == .xmlRequestFile && method == .get { return }
        let credentials: OmiCardClient.Credentials
        if case .xmlRequestURL(let url) = delivery {
            credentials = OmiCardClient.Credentials(xmlRequestURL: url)
        } else {
            credentials = OmiCardClient.Credentials(loginName: Fixture.login, password: Fixture.password, delivery: delivery)
        }
        let transport = RecordingTransport(.launched())
        _ = try await Fixture.client(transport, credentials: credentials, method: method).sendSMS(SMSJob(content: "x", smsList: ["0912345678"]))
        let request = try #require(await transport.requests.first)
        Self.assertClean([request.description, "\(request)"], "\(delivery) over \(method)")
        // The uploaded file's bytes are never shown; every other form has a value to hide.
        if delivery != .xmlRequestFile { #expect(request.description.contains(Redaction.placeholder)) }
    }
}
