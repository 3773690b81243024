import Foundation
import Testing
import Every8D
import OmiCard
import SMSSandbox

/// The clients and the sandbox were written from the same spec by different hands; these tests
/// prove they agree on the wire, end to end.
@Suite("Clients against the sandbox")
struct ClientIntegrationTests {
    static let richAccount = Every8DSandboxAccount(userID: "rich", password: "rich-pass", credit: 100_000, internationalEnabled: true)

    func every8d(_ mode: Every8DClient.AuthenticationMode = .token, sandbox: Every8DSandbox = Every8DSandbox(accounts: [.demo, richAccount]), account: Every8DSandboxAccount = .demo) -> (Every8DClient, Every8DSandbox) {
        var configuration = Every8DClient.Configuration(siteURL: Every8DSandbox.demoSiteURL)
        configuration.authentication = mode
        let client = Every8DClient(credentials: .init(userID: account.userID, password: account.password), configuration: configuration, transport: sandbox)
        return (client, sandbox)
    }

    @Test("SMS send, delivery pages in every format, replies and credit, in both auth modes",
          arguments: [Every8DClient.AuthenticationMode.token, .password])
    func smsRoundTrip(mode: Every8DClient.AuthenticationMode) async throws {
        let (client, _) = every8d(mode)
        let receipt = try await client.sendSMS(to: ["0912345670", "0912345676", "+886912345679"], text: "測試 + & = 100%", subject: "integration")
        #expect(receipt.sent == 3)
        #expect(receipt.unsent == 0)
        #expect(receipt.cost == 3)
        #expect(receipt.credit == 997)
        #expect(try await client.credit() == 997)
        for format in [DeliveryReportFormat.tab, .json, .xml] {
            var statuses: [String: DeliveryStatus] = [:]
            for try await report in client.deliveryReports(batch: receipt.batchID, format: format) {
                statuses[report.mobile] = report.status
            }
            #expect(statuses == ["+886912345670": .delivered, "+886912345676": DeliveryStatus(rawValue: 101), "+886912345679": .delivered], "format \(format)")
        }
        var replies: [Reply] = []
        for try await reply in client.replies(batch: receipt.batchID) { replies.append(reply) }
        #expect(replies.map(\.mobile) == ["+886912345679"])
        #expect(replies.first?.text == "收到，謝謝！")
    }

    @Test("a booking stays scheduled until cancelled, and cancelling refunds its points")
    func bookingCancel() async throws {
        let (client, _) = every8d()
        let receipt = try await client.sendSMS(to: ["0912345670", "0912345671"], text: "預約", at: Date().addingTimeInterval(3600))
        let page = try await client.deliveryReportPage(batch: receipt.batchID)
        #expect(page.reports.map(\.status) == [.scheduled, .scheduled])
        let result = try await client.cancelBooking(batch: receipt.batchID)
        #expect(result.cancelled == 2)
        #expect(result.refundedPoints == 2)
        #expect(try await client.credit() == 1000)
        let after = try await client.deliveryReportPage(batch: receipt.batchID)
        #expect(after.reports.map(\.status) == [DeliveryStatus(rawValue: 303), DeliveryStatus(rawValue: 303)])
    }

    @Test("the duplicate filter: dry run, then filtered numbers paired with the earlier batch")
    func duplicateFilter() async throws {
        let (client, _) = every8d()
        let first = try await client.sendSMS(to: ["0912345670"], text: "同一則")
        let dry = try await client.sendSMSFilteringDuplicates(to: ["0912345670", "0912345671"], text: "同一則", dryRun: true)
        #expect(dry.sent == 0)
        #expect(dry.filtered.map(\.mobile) == ["+886912345670"])
        #expect(dry.filtered.map(\.earlierBatchID) == [first.batchID])
        let real = try await client.sendSMSFilteringDuplicates(to: ["0912345670", "0912345671"], text: "同一則")
        #expect(real.sent == 1)
        #expect(real.filtered.map(\.earlierBatchID) == [first.batchID])
    }

    @Test("personalized and template sends through SendParam")
    func sendParam() async throws {
        let (client, sandbox) = every8d()
        let personal = try await client.sendPersonalizedSMS([
            PersonalizedMessage(mobile: "0912345670", text: "小明您好", name: "小明", messageReference: "a1"),
            PersonalizedMessage(mobile: "0912345671", text: "大明您好", name: "大明", messageReference: "a2"),
        ])
        #expect(personal.sent == 2)
        let template = try await client.sendTemplateSMS(template: "客戶:%field1%您好、您於%field2%到期。", recipients: [
            TemplateRecipient(mobile: "0912345672", values: ["小明", "2021/09/30"]),
        ])
        #expect(template.sent == 1)
        let batch = try #require(await sandbox.state.batch(id: template.batchID))
        #expect(batch.messages.map(\.text) == ["客戶:小明您好、您於2021/09/30到期。"])
        let page = try await client.deliveryReportPage(batch: personal.batchID, format: .json)
        #expect(page.reports.map(\.messageReference) == ["a1", "a2"])
    }

    @Test("an MMS with a PNG is charged 3 points and reported as sent")
    func mms() async throws {
        let (client, _) = every8d()
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: 100))
        let receipt = try await client.sendMMS(to: ["0912345670"], subject: "圖片", text: "看圖", attachment: try MMSAttachment(data: png))
        #expect(receipt.cost == 3)
        let page = try await client.deliveryReportPage(batch: receipt.batchID, kind: .mms)
        #expect(page.reports.first?.status == DeliveryStatus(rawValue: 700))
    }

    @Test("2500 recipients page as 1000, 1000, 500 and the sequence yields every row once")
    func paging() async throws {
        let (client, _) = every8d(account: Self.richAccount)
        let numbers = (0..<2500).map { String(format: "09%08d", 10_000_000 + $0) }
        let receipt = try await client.sendSMS(to: numbers, text: "大量")
        #expect(receipt.sent == 2500)
        var seen = Set<String>()
        var count = 0
        for try await report in client.deliveryReports(batch: receipt.batchID, format: .tab) {
            seen.insert(report.mobile)
            count += 1
        }
        #expect(count == 2500)
        #expect(seen.count == 2500)
    }

    @Test("token check and close; a closed token is renewed on the next call")
    func tokenLifecycle() async throws {
        let (client, sandbox) = every8d()
        #expect(try await client.checkConnection() == false, "no token is held before the first call")
        _ = try await client.credit()
        #expect(try await client.checkConnection())
        try await client.disconnect()
        _ = try await client.credit()
        #expect(await sandbox.state.tokensIssued == 2)
    }

    @Test("a token expired by another system is renewed once and the send goes through once")
    func expiredTokenMidRun() async throws {
        let (client, sandbox) = every8d()
        _ = try await client.credit()
        await sandbox.state.expireAllTokens()
        let receipt = try await client.sendSMS(to: ["0912345670"], text: "再試一次")
        #expect(receipt.sent == 1)
        #expect(await sandbox.state.acceptedSendCount == 1)
    }

    @Test("OMICard: a send with a personalised list file, then a status query for each number")
    func omiCard() async throws {
        let sandbox = OmiCardSandbox()
        let client = OmiCardClient(
            credentials: OmiCardClient.Credentials(loginName: "sandbox", password: "sandbox-password"),
            configuration: .init(baseURL: OmiCardSandbox.demoBaseURL), transport: sandbox)
        var job = SMSJob(content: "%Name% 您好", smsListFile: SMSListFile(data: Data("SMSNumber,Name\n0912345670,小明\n0912345676,大明\n".utf8), fileName: "list.csv"))
        job.jobName = "integration"
        let launch = try await client.sendSMS(job)
        let delivered = try await client.status(launchID: launch.launchID, for: .smsNumber("0912345670"))
        #expect(delivered.smsState?.rawValue == 3)
        let returned = try await client.status(launchID: launch.launchID, for: .smsNumber("0912345676"))
        #expect(returned.smsState?.rawValue == 4)
        await #expect(throws: OmiCardError.self) {
            _ = try await client.status(launchID: launch.launchID, for: .smsNumber("0999999999"))
        }
    }

    @Test("OMICard over GET with the XmlRequest credential form")
    func omiCardGet() async throws {
        let sandbox = OmiCardSandbox()
        var configuration = OmiCardClient.Configuration(baseURL: OmiCardSandbox.demoBaseURL)
        configuration.method = .get
        let client = OmiCardClient(
            credentials: OmiCardClient.Credentials(loginName: "sandbox", password: "sandbox-password", delivery: .xmlRequest),
            configuration: configuration, transport: sandbox)
        let launch = try await client.sendSMS(SMSJob(content: "A+B & C", smsList: ["0912345670"]))
        #expect(!launch.launchID.isEmpty)
        let launchID = try #require(Int(launch.launchID))
        let job = try #require(await sandbox.state.job(launchID: launchID))
        #expect(job.content == "A+B & C")
    }
}
