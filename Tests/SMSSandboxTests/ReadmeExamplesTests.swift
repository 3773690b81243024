import Foundation
import Testing
import Every8D
import OmiCard
import SMSSandbox

/// The README's code, run against the sandbox: if the API changes under the README, this fails.
/// Each test mirrors one README snippet; only the site URLs, accounts and transports differ.
@Suite("README examples")
struct ReadmeExamplesTests {
    static func every8d(_ sandbox: Every8DSandbox = Every8DSandbox()) -> Every8DClient {
        Every8DClient(credentials: .init(userID: "sandbox", password: "sandbox-password"),
                      configuration: .init(siteURL: Every8DSandbox.demoSiteURL), transport: sandbox)
    }

    @Test("EVERY8D quick start: send, follow delivery, read replies")
    func every8dQuickStart() async throws {
        let client = Self.every8d()
        let receipt = try await client.sendSMS(to: ["0912345678", "0987654329"], text: "您的驗證碼 123456")
        #expect(receipt.cost == 2)
        var reports: [String] = []
        for try await report in client.deliveryReports(batch: receipt.batchID) {
            reports.append("\(report.mobile) \(report.status.rawValue) \(report.status.category)")
        }
        #expect(reports == ["+886912345678 0 pending", "+886987654329 100 delivered"])
        var replies: [String] = []
        for try await reply in client.replies(batch: receipt.batchID) { replies.append(reply.text) }
        #expect(replies == ["收到，謝謝！"])
    }

    @Test("EVERY8D: personalised and template sends, a booking and its cancellation")
    func personalizedAndBooking() async throws {
        let client = Self.every8d()
        try await client.sendPersonalizedSMS([
            PersonalizedMessage(mobile: "0912345678", text: "王先生您好，包裹已送達。", messageReference: "order-1"),
            PersonalizedMessage(mobile: "0987654321", text: "李小姐您好，包裹明天送達。", messageReference: "order-2"),
        ])
        try await client.sendTemplateSMS(template: "%field1% 您好，帳單 %field2% 元於 %field3% 到期。", recipients: [
            TemplateRecipient(mobile: "0912345678", values: ["王小明", "1,200", "3/31"]),
        ])
        let booking = try await client.sendSMS(to: ["0912345678"], text: "明天見", at: Date().addingTimeInterval(86_400))
        let cancelled = try await client.cancelBooking(batch: booking.batchID)
        #expect(cancelled.cancelled == 1)
        #expect(cancelled.refundedPoints == 1)
    }

    @Test("EVERY8D campaigns: rows from an async sequence, bad rows reported, a summary at the end")
    func campaign() async throws {
        let client = Self.every8d()
        let rows = AsyncStream<PersonalizedMessage> { continuation in
            for number in 0..<12 { continuation.yield(PersonalizedMessage(mobile: number == 5 ? "not a number" : "09123456\(10 + number)", text: "您好 \(number)")) }
            continuation.finish()
        }
        var retryLater: [CampaignRow] = []
        var checkByHand: [CampaignRow] = []
        var skipped: [Int] = []
        var finished: CampaignSummary?

        let campaign = Every8DCampaign(gateway: client, key: "2025-03-invoices",
                                       options: CampaignOptions(chunkSize: 500, maximumConcurrentChunks: 4))
        for await event in try campaign.sendPersonalized(rows) {   // rows: any AsyncSequence of PersonalizedMessage
            switch event.kind {
            case .badRow(let bad):
                skipped.append(bad.row.index)
            case .chunkPartiallySent(_, _, let unsent), .chunkNotSent(_, _, let unsent, _):
                retryLater.append(contentsOf: unsent)                  // provably not sent
            case .chunkOutcomeUnknown(_, _, let rows, _):
                checkByHand.append(contentsOf: rows)                   // may have the message: never resent
            case .finished(let summary):
                finished = summary
            default:
                break                                                  // .chunkStarted, .chunkSent: progress
            }
        }
        #expect(skipped == [5])
        #expect(retryLater.isEmpty && checkByHand.isEmpty)
        #expect(finished?.totals.sent == 11)
        #expect(finished?.stopReason == .completed)
    }

    @Test("the SOAP client is a one-line change")
    func soapOneLine() async throws {
        let gateway: any Every8DMessaging = Every8DSOAPClient(
            credentials: .init(userID: "sandbox", password: "sandbox-password"),
            configuration: .init(siteURL: Every8DSandbox.demoSiteURL), transport: Every8DSandbox())
        let receipt = try await gateway.sendSMS(to: ["0912345678"], text: "您好")
        #expect(receipt.sent == 1)
        var statuses: [DeliveryStatus] = []
        for try await report in gateway.deliveryReports(batch: receipt.batchID) { statuses.append(report.status) }
        #expect(statuses == [.sentToCarrier])
    }

    @Test("API 3.0 is a one-line change; Safesay answers in the chat room and the webhook downloads a customer's file")
    func apiThreeAndSafesay() async throws {
        let sandbox = Every8DSandbox()
        let gateway: any Every8DMessaging = Every8DV3Client(     // was: Every8DClient(
            credentials: .init(userID: "sandbox", password: "sandbox-password"),
            configuration: .init(siteURL: Every8DSandbox.demoSiteURL, custcode: "e8d"), transport: sandbox)
        let receipt = try await gateway.sendSMS(to: ["0912345678"], text: "您的驗證碼 123456")
        var statuses: [DeliveryStatus] = []
        for try await report in gateway.deliveryReports(batch: receipt.batchID) { statuses.append(report.status) }
        #expect(statuses == [.sentToCarrier])
        #expect(await sandbox.network.requests().map(\.endpoint) == ["sendsms", "getdrstatus"], "one round trip a call")

        await sandbox.state.joinSafesayChannel(eventID: 22, mobile: "0912345678")
        let photo = Data([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3])
        let fileID = await sandbox.state.addSafesayFile(photo, eventID: 22)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let safesay = SafesayClient(credentials: .init(account: "sandbox", password: "sandbox-password"),
                                    configuration: .init(pack: "sandbox", siteURL: Every8DSandbox.demoSiteURL), transport: sandbox)
        try await safesay.send(SafesayMessage(eventID: 22, to: .mobile("0912345678"), content: .text("請問需要什麼協助？")))

        let receiver = try SafesayWebhookReceiver(secret: "a-long-random-value") { event in
            if let fileID = event.fileID {        // a picture, a video, a file
                try await safesay.downloadFile(eventID: event.eventID, fileID: fileID, to: folder.appendingPathComponent("\(fileID)"))
            }
        }
        let requestBody = Data(#"{"MessageID":"m-1","EventID":22,"Mobile":"+886912345678","Type":6,"FileID":\#(fileID),"SendTime":1729133590209232}"#.utf8)
        let answer = await receiver.receive(body: requestBody, target: "/safesay/a-long-random-value")
        #expect(answer.status == 200)
        #expect(try Data(contentsOf: folder.appendingPathComponent("\(fileID)")) == photo)
        #expect(await sandbox.state.safesayMessages().map(\.content) == [.text("請問需要什麼協助？")])
    }

    @Test("OMICard quick start: a personalised list file, then a status query")
    func omiCardQuickStart() async throws {
        let sandbox = OmiCardSandbox()
        let omicard = OmiCardClient(
            credentials: OmiCardClient.Credentials(loginName: "sandbox", password: "sandbox-password"),
            configuration: .init(baseURL: OmiCardSandbox.demoBaseURL), transport: sandbox)
        var job = SMSJob(
            content: "%Name% 您好，您的會員點數即將到期。",
            smsListFile: SMSListFile(data: Data("SMSNumber,Name\n0912345678,王小明\n0987654321,李小華\n".utf8), fileName: "members.csv"))
        job.jobName = "點數到期通知"
        job.refID = "campaign-2025-03"
        job.smsListOption = [.removeDuplicates, .removeUnsubscribed]
        let launch = try await omicard.sendSMS(job)
        let status = try await omicard.status(launchID: launch.launchID, for: .smsNumber("0987654321"))
        #expect(status.smsState == .delivered)
        #expect(status.smsState?.meaning == "delivered to the phone")
        let byReference = try await omicard.status(launchID: launch.launchID, for: .externalReference("campaign-2025-03", jobType: .sms))
        #expect(byReference.smsState != nil)
        let launchID = try #require(Int(launch.launchID))
        let stored = try #require(await sandbox.state.job(launchID: launchID))
        #expect(stored.recipients.map(\.text) == ["王小明 您好，您的會員點數即將到期。", "李小華 您好，您的會員點數即將到期。"])
    }

    @Test("sending exactly once: an idempotency key")
    func idempotencyKey() async throws {
        struct Order { let id: Int; let mobile: String }
        let sandbox = Every8DSandbox()
        let client = Self.every8d(sandbox)
        let order = Order(id: 8812, mobile: "0912345678")
        var origins: [SendReceipt.Origin] = []
        for _ in 0..<2 {
            let receipt = try await client.sendSMS(to: [order.mobile], text: "訂單 \(order.id) 已出貨",
                                                   idempotencyKey: "shipped-\(order.id)")
            switch receipt.origin {
            case .gateway: break      // sent now
            case .ledger: break       // an earlier call with this key sent it: nothing was sent now
            case .reconciled: break   // an earlier call's outcome was unknown; see below
            }
            origins.append(receipt.origin)
        }
        #expect(origins == [.gateway, .ledger])
        #expect(await sandbox.state.acceptedSendCount == 1)
    }

    @Test("errors: a partial send is seen on the receipt; the login latch and its cool-down")
    func partialSendAndLatch() async throws {
        let sandbox = Every8DSandbox()
        await sandbox.state.setCredit(1, for: "sandbox")
        let client = Self.every8d(sandbox)
        let numbers = ["0912345678", "0987654321"], text = "提醒"
        var alerts: [String] = []
        func alert(_ line: String) { alerts.append(line) }
        let receipt = try await client.sendSMS(to: numbers, text: text)
        if !receipt.isComplete {
            alert("\(receipt.unsent) of \(receipt.sent + receipt.unsent) not sent: top up, then resend to the 301s of \(receipt.batchID)")
        }
        #expect(alerts == ["1 of 2 not sent: top up, then resend to the 301s of \(receipt.batchID)"])

        var configuration = Every8DClient.Configuration(siteURL: Every8DSandbox.demoSiteURL)
        configuration.loginLatch = LoginLatchPolicy(coolDown: .seconds(3600))
        let wrong = Every8DClient(credentials: .init(userID: "sandbox", password: "wrong"), configuration: configuration, transport: sandbox)
        await #expect(throws: Every8DError.self) { try await wrong.credit() }
        await #expect(throws: CredentialsRefusedError.self) { try await wrong.credit() }
        try await wrong.resetLoginRefusal()
    }

    @Test("errors: an unknown outcome is checked with the duplicate filter's dry run, then only the missing numbers are sent")
    func outcomeUnknownRecovery() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.every8d(sandbox)
        let numbers = ["0912345670", "0912345671"]
        let text = "訂單 8812 已出貨"
        await sandbox.network.enqueueFault(.connectionDropped, endpoint: "SendSMS.ashx")
        do {
            try await client.sendSMS(to: numbers, text: text, subject: "order-8812")
            Issue.record("the dropped connection should surface")
        } catch let error as SendOutcomeUnknownError {
            let check = try await client.sendSMSFilteringDuplicates(to: error.recipients, text: text, dryRun: true)
            let alreadySent = Set(check.filtered.map(\.mobile))
            let missing = error.recipients.filter { !alreadySent.contains($0) }
            #expect(missing.isEmpty, "the dropped send was carried out")
            if !missing.isEmpty { try await client.sendSMSFilteringDuplicates(to: missing, text: text) }
        }
        #expect(await sandbox.state.acceptedSendCount == 1)
    }

    @Test("testing with the sandbox, as the README shows")
    func sandboxTest() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.every8d(sandbox)
        let receipt = try await client.sendSMS(to: ["0912345670", "0912345676"], text: "提醒")
        let page = try await client.deliveryReportPage(batch: receipt.batchID)
        #expect(page.reports.map(\.status) == [.delivered, .handsetUnreachable])
        #expect(await sandbox.state.credit(of: "sandbox") == 998)
    }

    @Test("a push report in a web handler: delivery and reply")
    func pushReports() throws {
        let delivery = try PushReport(query: "BatchID=b1&RM=%2B886912345678&RT=20250301093000&STATUS=100&MR=order-1&CustID=42")
        #expect(!delivery.isReply)
        #expect(delivery.mobile == "+886912345678")
        #expect(delivery.status == .delivered)
        #expect(delivery.messageReference == "order-1")
        #expect(delivery.unknownFields.map(\.name) == ["CustID"])
        let reply = try PushReport(query: "BatchID=b1&RM=%2B886912345678&RT=20250301093500&STATUS=999&SM=%E5%A5%BD+%E7%9A%84")
        #expect(reply.isReply)
        #expect(reply.text == "好 的", "+ is a space in the form-encoded query")
        #expect(reply.reportedAt == TaiwanTime.makeDate(year: 2025, month: 3, day: 1, hour: 9, minute: 35, second: 0))
    }

    @Test("running several instances: clients of two processes on one FileStateStore folder log in once; retention applies")
    func fileStateStore() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("readme-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sandbox = Every8DSandbox()
        let credentials = Every8DClient.Credentials(userID: "sandbox", password: "sandbox-password")

        let store = try FileStateStore(folder: folder)
        var configuration = Every8DClient.Configuration(siteURL: Every8DSandbox.demoSiteURL)
        configuration.credentialStore = store
        // Another process: its own store object on the same folder.
        var otherConfiguration = configuration
        otherConfiguration.credentialStore = try FileStateStore(folder: folder)

        #expect(try await Every8DClient(credentials: credentials, configuration: configuration, transport: sandbox).credit() == 1000)
        #expect(try await Every8DClient(credentials: credentials, configuration: otherConfiguration, transport: sandbox).credit() == 1000)
        #expect(await sandbox.network.requestCount(endpoint: "ConnectionHandler.ashx") == 1)
        let purged = try await StateRetention.default.apply(to: store)
        #expect(purged.ledger == 0 && purged.inbox == 0)
    }
}
