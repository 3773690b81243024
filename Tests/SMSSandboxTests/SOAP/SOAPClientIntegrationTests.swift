import Foundation
import Testing
import Every8D
import SMSSandbox

/// The SOAP client and the SOAP sandbox were written from the same documents by different code;
/// these tests prove they agree on the wire, end to end.
@Suite("Every8DSOAPClient against the sandbox")
struct SOAPClientIntegrationTests {
    static let credentials = Every8DSOAPClient.Credentials(userID: Every8DSandboxAccount.demo.userID, password: Every8DSandboxAccount.demo.password)

    static func client(_ sandbox: some HTTPTransport, version: Every8DSOAPClient.SOAPVersion = .soap11,
                       credentials: Every8DSOAPClient.Credentials = credentials,
                       readRetryPolicy: RetryPolicy = .exponential(maxAttempts: 3, initialDelay: .zero, maxDelay: .zero, jitter: false)) -> Every8DSOAPClient {
        Every8DSOAPClient(credentials: credentials,
                          configuration: .init(siteURL: Every8DSandbox.demoSiteURL, soapVersion: version, readRetryPolicy: readRetryPolicy,
                                               unsentRetryPolicy: .exponential(maxAttempts: 3, initialDelay: .zero, maxDelay: .zero, jitter: false)),
                          transport: sandbox)
    }

    @Test("send, delivery status with replies, credit, in SOAP 1.1 and 1.2", arguments: Every8DSOAPClient.SOAPVersion.allCases)
    func smsRoundTrip(_ version: Every8DSOAPClient.SOAPVersion) async throws {
        let sandbox = Every8DSandbox()
        let client = Self.client(sandbox, version: version)
        let receipt = try await client.sendSMS(to: ["0912345670", "0912345676", "+886912345679"], text: "測試 + & < ]]> 100%", subject: "integration")
        #expect(receipt.sent == 3)
        #expect(receipt.cost == 3)
        #expect(receipt.credit == 997)
        #expect(try await client.credit() == 997)
        #expect(await sandbox.state.batch(id: receipt.batchID)?.messages.first?.text == "測試 + & < ]]> 100%")

        await sandbox.state.addReply(batchID: receipt.batchID, mobile: "0912345679", text: "再一則 ]]> <&>")
        var reports: [String: DeliveryReport] = [:]
        for try await report in client.deliveryReports(batch: receipt.batchID) { reports[report.mobile] = report }
        #expect(reports.keys.sorted() == ["+886912345670", "+886912345676", "+886912345679"])  // padding trimmed
        #expect(reports["+886912345670"]?.status == .delivered)
        #expect(reports["+886912345676"]?.status == .handsetUnreachable)
        #expect(reports["+886912345679"]?.replies.map(\.text) == ["收到，謝謝！", "再一則 ]]> <&>"])
        #expect(reports["+886912345679"]?.replies.allSatisfy { $0.receivedAt != nil } == true)
        #expect(await sandbox.network.requestCount(endpoint: "SMS.asmx/getConnection") == 1)
    }

    @Test("sendMessage books with a validity; cancelBooking refunds; a second cancel is -4; an unknown batch is nothing found")
    func bookingAndCancel() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.client(sandbox)
        let receipt = try await client.sendSMS(to: ["0912345670", "0912345671"], text: "預約", at: Date().addingTimeInterval(3600), validity: .seconds(1800))
        #expect(await sandbox.state.batch(id: receipt.batchID)?.retryMinutes == 30)
        #expect(await sandbox.state.batch(id: receipt.batchID)?.endpoint == "SMS.asmx/sendMessage")
        #expect(try await client.deliveryReportPage(batch: receipt.batchID).reports.map(\.status) == [.scheduled, .scheduled])
        #expect(try await client.cancelBooking(batch: receipt.batchID) == CancelResult(cancelled: 2, refundedPoints: 2))
        #expect(try await client.credit() == 1000)
        let again = try await #require(throws: Every8DError.self) { try await client.cancelBooking(batch: receipt.batchID) }
        #expect(again.code == .bookingAlreadyErasedOrSent)
        #expect(try await client.cancelBooking(batch: "00000000-0000-0000-0000-000000000000") == CancelResult(cancelled: 0, refundedPoints: 0))
    }

    @Test("MMS: sendMMS on MMS.asmx, its delivery status, cancelling an MMS booking")
    func mms() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.client(sandbox)
        // A picture whose base64 has '+' and '/': it must be percent-encoded to arrive intact.
        var bytes = Data([0xFF, 0xD8, 0xFF, 0xFB, 0xEF, 0xBE, 0xFF, 0xFF, 0xFF])
        bytes.append(Data(repeating: 0x42, count: 100))
        let picture = try MMSAttachment(data: bytes)
        #expect(picture.base64.contains("+") && picture.base64.contains("/"))
        let receipt = try await client.sendMMS(to: ["0912345670"], subject: "週年慶", text: "全館 5 折", attachment: picture)
        #expect(receipt.cost == 3)
        #expect(await sandbox.state.batch(id: receipt.batchID)?.attachment == Every8DSandboxAttachment(type: "jpg", byteCount: bytes.count))
        #expect(try await client.deliveryReportPage(batch: receipt.batchID, kind: .mms).reports.map(\.status) == [.mmsSent])

        let booked = try await client.sendMMS(to: ["0912345671"], subject: "預約", attachment: picture, at: Date().addingTimeInterval(3600))
        #expect(try await client.cancelBooking(batch: booked.batchID, kind: .mms) == CancelResult(cancelled: 1, refundedPoints: 3))
        var statuses: [DeliveryStatus] = []
        for try await report in client.deliveryReports(batch: booked.batchID, kind: .mms) { statuses.append(report.status) }
        #expect(statuses == [.bookingCancelled])
    }

    @Test("sendParamSMS: every text arrives exactly, ]]> and & and < and Chinese included; templates too")
    func personalized() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.client(sandbox)
        let texts = ["A & B < C", "結尾 ]]> 與 ]]]]>", "\"quoted\" 'single'", "tab\tand\nline"]
        let messages = texts.enumerated().map { PersonalizedMessage(mobile: "091234567\($0)", text: $1, name: "名\($0) & <x>") }
        let receipt = try await client.sendPersonalizedSMS(messages, subject: "個人化")
        let batch = try #require(await sandbox.state.batch(id: receipt.batchID))
        #expect(batch.endpoint == "SMS.asmx/sendParamSMS")
        #expect(batch.subject == "個人化")
        #expect(batch.messages.map(\.text) == texts)
        #expect(batch.messages.map(\.name) == messages.map(\.name))
        #expect(batch.messages.map(\.mobile) == (0..<4).map { "+88691234567\($0)" })

        let template = try await client.sendTemplateSMS(
            template: "%field1% 您好，%field2% 到期", recipients: [.init(mobile: "0912345670", values: ["小明", "2021/09/30"])])
        #expect(await sandbox.state.batch(id: template.batchID)?.messages.map(\.text) == ["小明 您好，2021/09/30 到期"])
    }

    @Test("another system closing the shared session: one reconnect, the call repeated, nothing sent twice")
    func sessionClosedElsewhere() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.client(sandbox)
        let other = Self.client(sandbox)
        let first = try await client.connect()
        let otherKey = try await other.connect()
        #expect(first.value == otherKey.value)  // one account, one key
        #expect(try await other.disconnect())   // logs the first client out too

        let receipt = try await client.sendSMS(to: ["0912345670"], text: "after logout")
        #expect(receipt.sent == 1)
        #expect(await sandbox.state.acceptedSendCount == 1)
        #expect(await sandbox.network.requestCount(endpoint: "SMS.asmx/sendSMS") == 2)
        #expect(await sandbox.network.requestCount(endpoint: "SMS.asmx/getConnection") == 3)

        // The same through the injected fault that expires every session.
        await sandbox.network.enqueueFault(.expiredToken, endpoint: "SMS.asmx/getCredit")
        #expect(try await client.credit() == 999)
        #expect(await sandbox.network.requestCount(endpoint: "SMS.asmx/getCredit") == 2)
    }

    @Test("a wrong password is tried once: later calls are refused locally and the account never locks; a reset tries once more")
    func latchedWrongPassword() async throws {
        let sandbox = Every8DSandbox()
        let wrong = Self.client(sandbox, credentials: .init(userID: "sandbox", password: "wrong"),
                                readRetryPolicy: .exponential(maxAttempts: 5, initialDelay: .zero, maxDelay: .zero, jitter: false))
        let first = try await #require(throws: Every8DError.self) { try await wrong.credit() }
        #expect(first.code == .wrongPassword)
        for _ in 1...20 {
            let latched = try await #require(throws: CredentialsRefusedError.self) { try await wrong.sendSMS(to: ["0912345670"], text: "x") }
            #expect(latched.refusal.code == -101)
            #expect(latched.refusal.operation == "SOAP.getConnection")
            #expect(!latched.description.contains("wrong"))
        }
        #expect(await sandbox.network.requestCount(endpoint: "SMS.asmx/getConnection") == 1)
        #expect(try await wrong.loginRefusal()?.code == -101)
        // The right password is another latch: it works at once.
        #expect(try await Self.client(sandbox).credit() == 1000)

        try await wrong.resetLoginRefusal()
        await #expect(throws: Every8DError.self) { try await wrong.credit() }
        #expect(await sandbox.network.requestCount(endpoint: "SMS.asmx/getConnection") == 3)
    }

    @Test("the sandbox locks the account after ten failed logins: ten clients that share nothing, one try each")
    func lockout() async throws {
        let sandbox = Every8DSandbox()
        for _ in 1...10 {
            let wrong = Self.client(sandbox, credentials: .init(userID: "sandbox", password: "wrong"))
            let error = try await #require(throws: Every8DError.self) { try await wrong.credit() }
            #expect(error.code == .wrongPassword)
        }
        let wrong = Self.client(sandbox, credentials: .init(userID: "sandbox", password: "wrong"))
        let locked = try await #require(throws: Every8DError.self) { try await wrong.sendSMS(to: ["0912345670"], text: "x") }
        #expect(locked.code == .accountLocked)
        let right = Self.client(sandbox)
        let refused = try await #require(throws: Every8DError.self) { try await right.connect() }
        #expect(refused.code == .accountLocked)
        // -999 latches too: the locked account is not tried again by this client.
        let latched = try await #require(throws: CredentialsRefusedError.self) { try await right.credit() }
        #expect(latched.refusal.accountLocked)
        #expect(await sandbox.network.requestCount(endpoint: "SMS.asmx/getConnection") == 12)
        #expect(await sandbox.network.requestCount() == 12)

        let unknown = try await #require(throws: Every8DError.self) {
            try await Self.client(sandbox, credentials: .init(userID: "nobody", password: "x")).credit()
        }
        #expect(unknown.code == .accountNotFound)
    }

    @Test("concurrent calls share one getConnection")
    func concurrent() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.client(sandbox)
        try await withThrowingTaskGroup(of: SendReceipt.self) { group in
            for index in 0..<10 { group.addTask { try await client.sendSMS(to: ["091234567\(index)"], text: "並行 \(index)") } }
            var batches: Set<String> = []
            for try await receipt in group { batches.insert(receipt.batchID) }
            #expect(batches.count == 10)
        }
        #expect(await sandbox.network.requestCount(endpoint: "SMS.asmx/getConnection") == 1)
        #expect(await sandbox.state.acceptedSendCount == 10)
        #expect(try await client.credit() == 990)
    }

    @Test("never a double send: a dropped connection is outcome unknown (one batch); a refused one is repeated (one batch)")
    func sendSafety() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.client(sandbox)
        await sandbox.network.enqueueFault(.connectionDropped, endpoint: "SMS.asmx/sendSMS")
        let unknown = try await #require(throws: SendOutcomeUnknownError.self) { try await client.sendSMS(to: ["0912345670"], text: "x") }
        #expect(unknown.operation == "SOAP.sendSMS")
        #expect(await sandbox.state.acceptedSendCount == 1)
        #expect(await sandbox.network.requestCount(endpoint: "SMS.asmx/sendSMS") == 1)

        await sandbox.network.enqueueFault(.connectionRefused, endpoint: "SMS.asmx/sendSMS")
        _ = try await client.sendSMS(to: ["0912345670"], text: "y")
        #expect(await sandbox.state.acceptedSendCount == 2)
        #expect(await sandbox.network.requestCount(endpoint: "SMS.asmx/sendSMS") == 3)

        await sandbox.network.enqueueFault(.httpStatus(500, afterProcessing: true), endpoint: "MMS.asmx/sendMMS")
        let picture = try MMSAttachment(data: Data([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]))
        await #expect(throws: SendOutcomeUnknownError.self) { try await client.sendMMS(to: ["0912345670"], subject: "s", attachment: picture) }
        #expect(await sandbox.state.acceptedSendCount == 3)
    }

    @Test("gateway validation answers reach the client as Every8DError")
    func gatewayErrors() async throws {
        let sandbox = Every8DSandbox(accounts: [Every8DSandboxAccount(userID: "intl-off", password: "p")])
        let client = Self.client(sandbox, credentials: .init(userID: "intl-off", password: "p"))
        let receipt = try await client.sendSMS(to: ["+14155550100"], text: "x")
        #expect(try await client.deliveryReportPage(batch: receipt.batchID).reports.map(\.status) == [.internationalNotEnabled])
        await sandbox.state.setCredit(0, for: "intl-off")
        let broke = try await client.sendSMS(to: ["0912345670"], text: "x")
        #expect(broke.unsent == 1)
        #expect(broke.sent == 0)
    }

    @Test("one protocol, both APIs, one sandbox: the same flow through Every8DClient and Every8DSOAPClient")
    func bothClients() async throws {
        let sandbox = SMSSandbox()
        let http = Every8DClient(credentials: .init(userID: "sandbox", password: "sandbox-password"),
                                 configuration: .init(siteURL: Every8DSandbox.demoSiteURL), transport: sandbox)
        let soap = Self.client(sandbox)
        var batches: [String] = []
        for gateway in [http, soap] as [any Every8DMessaging] {
            let receipt = try await gateway.sendSMS(to: ["0912345679"], text: "雙軌", subject: "", at: nil, validity: nil, eventID: nil)
            let page = try await gateway.deliveryReportPage(batch: receipt.batchID, page: 1)
            #expect(page.reports.map(\.mobile) == ["+886912345679"])
            #expect(page.reports.map(\.status) == [.delivered])
            batches.append(receipt.batchID)
        }
        // Each client reads the other's batch.
        #expect(try await soap.deliveryReportPage(batch: batches[0]).reports.first?.replies.map(\.text) == ["收到，謝謝！"])
        #expect(try await http.deliveryReportPage(batch: batches[1]).totalCount == 1)
        #expect(try await http.credit() == 998)
        #expect(try await soap.credit() == 998)
    }
}
