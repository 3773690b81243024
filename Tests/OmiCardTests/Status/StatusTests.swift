import Foundation
import Testing
import OmiCard
@_spi(SMSInternals) import SMSTransport

@Suite("Status.aspx")
struct StatusTests {
    static let credentialsQuery = "ManagerLoginName=api-user&ManagerPassword=Pa55%26w%2Brd%3C%22x&LaunchID=90001"

    static func state(_ value: String) -> RecordingTransport.Step {
        .xml("<Status><ErrorCode>0</ErrorCode><ErrorMsg/><CurrentState>\(value)</CurrentState><SMSNumber>+886912345678</SMSNumber></Status>")
    }

    @Test("the three query forms, exact bytes as POST bodies",
          arguments: [
            (StatusQuery.smsNumber("+886912345678"), "&SMSNumber=%2B886912345678"),
            (StatusQuery.email("a+b@example.com"), "&EmailAddress=a%2Bb%40example.com"),
            (StatusQuery.externalReference("order&1", jobType: .sms), "&ExternRefNum=order%261&JobType=1"),
            (StatusQuery.externalReference("x", jobType: .email), "&ExternRefNum=x&JobType=2"),
          ])
    func postForms(_ query: StatusQuery, tail: String) async throws {
        let transport = RecordingTransport(Self.state("3"))
        _ = try await Fixture.client(transport).status(launchID: "90001", for: query)
        let request = try #require(await transport.onlyRequest)
        #expect(request.method == .post)
        #expect(request.url.absoluteString == "http://api.itpison.com/WebAPI/Status.aspx")
        #expect(request.headers["Content-Type"] == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(Fixture.text(request.body) == Self.credentialsQuery + tail)
    }

    @Test("the same query as a GET URL")
    func getForm() async throws {
        let transport = RecordingTransport(Self.state("3"))
        _ = try await Fixture.client(transport, method: .get).status(launchID: " 90001 ", for: .externalReference("order&1", jobType: .sms))
        let request = try #require(await transport.onlyRequest)
        #expect(request.method == .get)
        #expect(request.url.absoluteString == "http://api.itpison.com/WebAPI/Status.aspx?" + Self.credentialsQuery + "&ExternRefNum=order%261&JobType=1")
        #expect(request.body.isEmpty)
    }

    @Test("redirect URLs follow the query fields")
    func redirects() async throws {
        let transport = RecordingTransport(Self.state("3"))
        _ = try await Fixture.client(transport).status(
            launchID: "90001", for: .smsNumber("0912345678"),
            redirects: OmiCardRedirects(referURL: "https://example.com/s?q=\(RedirectPlaceholder.queryString)"))
        let fields = FormEncoding.decode(try #require(await transport.onlyRequest).body)
        #expect(fields.map(\.name) == ["ManagerLoginName", "ManagerPassword", "LaunchID", "SMSNumber", "ReferUrl"])
        #expect(fields.value(named: "ReferUrl") == "https://example.com/s?q=%omisquerystring%")
    }

    @Test("bad input is named before sending",
          arguments: [
            ("", StatusQuery.smsNumber("0912345678"), "LaunchID"),
            ("9 1", StatusQuery.smsNumber("0912345678"), "LaunchID"),
            ("1", StatusQuery.smsNumber(""), "SMSNumber"),
            ("1", StatusQuery.smsNumber("09-12"), "SMSNumber"),
            ("1", StatusQuery.email(""), "EmailAddress"),
            ("1", StatusQuery.email("not-an-address"), "EmailAddress"),
            ("1", StatusQuery.email("a@b,c@d"), "EmailAddress"),
            ("1", StatusQuery.externalReference("  ", jobType: .sms), "ExternRefNum"),
          ])
    func validation(_ launchID: String, _ query: StatusQuery, field: String) async throws {
        let transport = RecordingTransport(Self.state("3"))
        let error = await #expect(throws: ValidationError.self) {
            try await Fixture.client(transport).status(launchID: launchID, for: query)
        }
        #expect(error?.field == field)
        #expect(await transport.requests.isEmpty)
    }

    @Test("an external reference cannot be built without a job type")
    func externalReferenceCarriesJobType() {
        // The enum makes "ExternRefNum without JobType" unrepresentable; the job type is always there.
        #expect(StatusQuery.externalReference("r", jobType: .email).jobType == .email)
        #expect(StatusQuery.smsNumber("0912345678").jobType == .sms)
        #expect(StatusQuery.email("a@example.com").jobType == .email)
    }

    @Test("CurrentState 1–6 read with their meanings", arguments: 1...6)
    func smsStates(_ value: Int) async throws {
        let transport = RecordingTransport(Self.state(" \(value) "))
        let status = try await Fixture.client(transport).status(launchID: "90001", for: .smsNumber("+886912345678"))
        let state = try #require(status.smsState)
        #expect(state.rawValue == value)
        #expect(state == SMSState.known[value - 1])
        #expect(state.meaning != nil)
        #expect(state.isFinal == (value >= 3))
        #expect(state.isDelivered == (value == 3))
        #expect(status.launchID == "90001")
        #expect(status.response["smsnumber"] == "+886912345678")
        #expect(status.emailPools.isEmpty)
    }

    @Test("an unknown CurrentState is kept as a value")
    func unknownState() async throws {
        let status = try await Fixture.client(RecordingTransport(Self.state("42"))).status(launchID: "1", for: .smsNumber("0912345678"))
        #expect(status.smsState?.rawValue == 42)
        #expect(status.smsState?.meaning == nil)
        #expect(status.smsState?.isFinal == false)
        #expect(status.smsState?.description == "42")
        #expect(SMSState.delivered.description == "3 (delivered to the phone)")
    }

    @Test("a CurrentState that is not a number is a parse error")
    func nonNumericState() async throws {
        await #expect(throws: ResponseParseError.self) {
            try await Fixture.client(RecordingTransport(Self.state("three"))).status(launchID: "1", for: .smsNumber("0912345678"))
        }
    }

    @Test("e-mail pools are read by name in order, unknown ones kept, other fields not taken for pools")
    func emailPools() async throws {
        let csv = "ErrorCode,ErrorMsg,EmailAddress,EMAILDELIVERSUCCESSPOOL,EmailOpenStatus,EmailFutureThingPool,LaunchID\n"
            + "0,,a@example.com,2025-03-04 10:00:00,1,x,90001\n"
        let status = try await Fixture.client(RecordingTransport(.csv(csv))).status(launchID: "90001", for: .email("a@example.com"))
        #expect(status.smsState == nil)
        #expect(status.emailPools.map(\.pool) == [.emailDeliverSuccess, .emailOpen, EmailPool(rawValue: "EmailFutureThingPool")])
        #expect(status.emailPools.map(\.pool.rawValue) == ["EmailDeliverSuccessPool", "EmailOpenStatus", "EmailFutureThingPool"])
        #expect(status[.emailDeliverSuccess] == "2025-03-04 10:00:00")
        #expect(status[.emailReturn] == nil)
        #expect(status.emailPools[2].pool.isKnown == false)
        #expect(EmailPool.emailReturn.meaning == "failed or bounced")
        #expect(EmailPool.allKnown.count == 25)
        #expect(Set(EmailPool.allKnown).count == 25)
    }

    @Test("ErrorCode 110 and 111 become OmiCardError with the gateway's message")
    func statusErrors() async throws {
        let transport = RecordingTransport(
            .xml("<Status><ErrorCode>110</ErrorCode><ErrorMsg>Data is not found</ErrorMsg></Status>"),
            .xml("<Status><ErrorCode>111</ErrorCode><ErrorMsg>Incorrect JobType</ErrorMsg></Status>"))
        let client = Fixture.client(transport)
        let notFound = await #expect(throws: OmiCardError.self) { try await client.status(launchID: "1", for: .smsNumber("0912345678")) }
        #expect(notFound?.code == .notFound)
        #expect(notFound?.message == "Data is not found")
        #expect(notFound?.operation == "Status.aspx")
        let wrongType = await #expect(throws: OmiCardError.self) {
            try await client.status(launchID: "1", for: .externalReference("r", jobType: .email))
        }
        #expect(wrongType?.code == .incorrectJobType)
        // Gateway errors are answers, not temporary failures: one request each.
        #expect(await transport.requests.count == 2)
    }

    @Test("temporary failures are retried per the policy, then the answer is read")
    func retriesTemporaryFailures() async throws {
        let transport = RecordingTransport(
            .fail(TransportError(.timedOut)),
            .respond(TransportResponse(status: 503, body: Data("busy".utf8))),
            Self.state("2"))
        let status = try await Fixture.client(transport, maxAttempts: 3).status(launchID: "1", for: .smsNumber("0912345678"))
        #expect(status.smsState == .atCarrier)
        #expect(await transport.requests.count == 3)
        let bodies = await transport.requests.map(\.body)
        #expect(Set(bodies).count == 1)
    }

    @Test("retries stop at maxAttempts and the last error is thrown")
    func retriesStop() async throws {
        let transport = RecordingTransport(
            .respond(TransportResponse(status: 502)), .respond(TransportResponse(status: 502)), Self.state("3"))
        let error = await #expect(throws: HTTPStatusError.self) {
            try await Fixture.client(transport, maxAttempts: 2).status(launchID: "1", for: .smsNumber("0912345678"))
        }
        #expect(error?.status == 502)
        #expect(await transport.requests.count == 2)
    }

    @Test("an unreadable answer or a 404 is not retried")
    func nonRetryable() async throws {
        let transport = RecordingTransport(.xml("<html><body>oops</body></html>"), .respond(TransportResponse(status: 404)))
        let client = Fixture.client(transport, maxAttempts: 3)
        await #expect(throws: ResponseParseError.self) { try await client.status(launchID: "1", for: .smsNumber("0912345678")) }
        await #expect(throws: HTTPStatusError.self) { try await client.status(launchID: "1", for: .smsNumber("0912345678")) }
        #expect(await transport.requests.count == 2)
    }
}
