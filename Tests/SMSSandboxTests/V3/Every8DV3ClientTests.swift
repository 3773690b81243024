import Foundation
import Testing
import Every8D
import SMSSandbox

/// `Every8DV3Client` through the 3.0 sandbox: the token rules, the login latch, custcodes,
/// idempotency and reconciliation, and the whole surface through `Every8DMessaging`.
@Suite("Every8DV3Client against the sandbox")
struct Every8DV3ClientTests {
    static let right = Every8DV3Client.Credentials(userID: "sandbox", password: "sandbox-password")
    static let wrong = Every8DV3Client.Credentials(userID: "sandbox", password: "not-the-password")
    static let fast = RetryPolicy.exponential(maxAttempts: 3, initialDelay: .zero, maxDelay: .zero, jitter: false)
    static let picture = try! MMSAttachment(data: Data([0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0x20, count: 64)))

    static func client(_ sandbox: Every8DSandbox, _ credentials: Every8DV3Client.Credentials = right,
                       authentication: Every8DV3Client.AuthenticationMode = .password, custcode: String = "e8d",
                       store: any CredentialStore = InMemoryStateStore(), ledger: any SendLedger = InMemoryStateStore(),
                       logger: TransportLogger? = nil) -> Every8DV3Client {
        Every8DV3Client(
            credentials: credentials,
            configuration: .init(siteURL: Every8DSandbox.demoSiteURL, custcode: custcode, authentication: authentication, timeout: .seconds(5),
                                 readRetryPolicy: fast, unsentRetryPolicy: fast, logger: logger, credentialStore: store, sendLedger: ledger),
            transport: sandbox)
    }

    // MARK: Tokens

    @Test("token mode: 40 concurrent calls each fetch their own token; none is presented twice or left over")
    func concurrentTokens() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.client(sandbox, authentication: .token)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask {
                    if index % 2 == 0 {
                        _ = try await client.credit()
                    } else {
                        _ = try await client.sendSMS(to: ["0912345670"], text: "第 \(index) 則")
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await sandbox.state.v3TokensIssued == 40)
        #expect(await sandbox.state.v3TokensSpent == 40)
        #expect(await sandbox.state.v3TokensPresentedAgain == 0)
        #expect(await sandbox.state.v3ActiveTokenCount() == 0)
        #expect(await sandbox.state.acceptedSendCount == 20)
        #expect(await sandbox.network.requestCount(endpoint: "getoken") == 40)
        #expect(await sandbox.network.requestCount() == 80, "two round trips a call in token mode")
    }

    @Test("a token the gateway rejects (502): a new one and one repeat, also for a send; the rejected one is never presented again")
    func rejectedTokenRenewedOnce() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.client(sandbox, authentication: .token)
        // The fault ends every token just before the send is handled: the send's token is refused.
        await sandbox.network.enqueueFault(.expiredToken, endpoint: "sendsms")
        let receipt = try await client.sendSMS(to: ["0912345670"], text: "重送一次")
        #expect(receipt.sent == 1)
        #expect(await sandbox.state.acceptedSendCount == 1)
        #expect(await sandbox.network.requestCount(endpoint: "getoken") == 2)
        #expect(await sandbox.network.requestCount(endpoint: "sendsms") == 2)
        #expect(await sandbox.state.v3TokensPresentedAgain == 0)
        // Rejected twice: the second 502 surfaces; nothing was sent.
        await sandbox.network.enqueueFault(.expiredToken, endpoint: "sendsms", count: 2)
        let error = try await #require(throws: Every8DError.self) { try await client.sendSMS(to: ["0912345671"], text: "不會送出") }
        #expect(error.code == .invalidToken)
        #expect(await sandbox.state.acceptedSendCount == 1)
        #expect(await sandbox.network.requestCount(endpoint: "sendsms") == 4)
    }

    @Test("password mode costs one round trip; a token-only account answers 531 once, then every call uses tokens")
    func passwordModeSwitchesOn531() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.client(sandbox)
        #expect(try await client.credit() == 1000)
        #expect(await sandbox.network.requestCount() == 1)
        await sandbox.state.setV3PasswordAuthentication(allowed: false, userID: "sandbox")
        await sandbox.network.clearLog()
        let receipt = try await client.sendSMS(to: ["0912345670"], text: "改用 token")
        #expect(receipt.sent == 1)
        #expect(await sandbox.state.acceptedSendCount == 1, "531 carried nothing out; the repeat sent once")
        #expect(await sandbox.network.requests().map(\.endpoint) == ["sendsms", "getoken", "sendsms"])
        // A copy of the client shares the switch: straight to tokens.
        let copy = client
        await sandbox.network.clearLog()
        #expect(try await copy.credit() == 1000 - receipt.cost)
        #expect(await sandbox.network.requests().map(\.endpoint) == ["getoken", "getcredit"])
        #expect(await sandbox.state.v3TokensPresentedAgain == 0)
    }

    // MARK: The login latch and configuration errors

    @Test("50 concurrent calls with a wrong password: one getoken in token mode, one call in password mode; the rest latched")
    func wrongPasswordLatch() async throws {
        for mode in [Every8DV3Client.AuthenticationMode.token, .password] {
            let sandbox = Every8DSandbox()
            let client = Self.client(sandbox, Self.wrong, authentication: mode)
            let outcomes = await withTaskGroup(of: String.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        do {
                            _ = try await client.sendSMS(to: ["0912345670"], text: "x")
                            return "sent"
                        } catch let error as Every8DError {
                            return "gateway \(error.code.rawValue)"
                        } catch let error as CredentialsRefusedError {
                            return "latched \(error.refusal.code)"
                        } catch {
                            return "other \(error)"
                        }
                    }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "gateway 505" }.count == 1, "\(mode)")
            #expect(outcomes.filter { $0 == "latched 505" }.count == 49, "\(mode)")
            #expect(await sandbox.network.requestCount() == 1, "\(mode)")
            #expect(await sandbox.state.acceptedSendCount == 0)
            #expect(await sandbox.state.v3FailedLogins(userID: "sandbox") == 1)
            let refusal = try #require(try await client.loginRefusal())
            #expect(refusal.code == 505)
            #expect(refusal.operation == (mode == .token ? "V3.getoken" : "V3.sendsms"))
            #expect(!refusal.description.contains("not-the-password"))
            // The right password is a change of credentials: tried at once.
            #expect(try await Self.client(sandbox).credit() == 1000)
            // A reset tries the wrong one once more.
            try await client.resetLoginRefusal()
            await #expect(throws: Every8DError.self) { try await client.credit() }
            #expect(await sandbox.state.v3FailedLogins(userID: "sandbox") == 1, "the right password cleared the count; one new failure")
        }
    }

    @Test("a suspended or locked account (509) engages the latch as locked, from getoken and from a password call")
    func suspendedLatch() async throws {
        for mode in [Every8DV3Client.AuthenticationMode.token, .password] {
            let sandbox = Every8DSandbox()
            await sandbox.state.setV3Suspended(true, userID: "sandbox")
            let store = InMemoryStateStore()
            let client = Self.client(sandbox, authentication: mode, store: store)
            let error = try await #require(throws: Every8DError.self) { try await client.credit() }
            #expect(error.code == .accountSuspendedOrLocked)
            #expect(error.description.contains("suspended or locked"))
            let refusal = try #require(try await client.loginRefusal())
            #expect(refusal.accountLocked)
            // Another client on the same store (another process): refused locally.
            await #expect(throws: CredentialsRefusedError.self) { try await Self.client(sandbox, authentication: mode, store: store).sendSMS(to: ["0912345670"], text: "x") }
            #expect(await sandbox.network.requestCount() == 1)
        }
    }

    @Test("a wrong custcode (507): one request, no repeat, an error that says so plainly")
    func wrongCustcode() async throws {
        for mode in [Every8DV3Client.AuthenticationMode.token, .password] {
            let sandbox = Every8DSandbox()
            let client = Self.client(sandbox, authentication: mode, custcode: "e8b")
            let error = try await #require(throws: Every8DError.self) { try await client.sendSMS(to: ["0912345670"], text: "x") }
            #expect(error.code == .wrongCustcode)
            #expect(error.code.isConfigurationError)
            #expect(error.description.contains("wrong custcode: the account code in the URL path is not this account's"))
            #expect(error.description.contains("e8d"))
            #expect(await sandbox.network.requestCount() == 1)
            #expect(try await client.loginRefusal() == nil, "a configuration error is not a refusal of the credentials")
        }
        let bad = try await #require(throws: ValidationError.self) {
            try await Self.client(Every8DSandbox(), custcode: "e8d/../x").credit()
        }
        #expect(bad.field == "custcode")
        #expect(bad.value == "e8d/../x")
    }

    // MARK: Sends

    @Test("a 3.0 send whose connection dropped is SendOutcomeUnknownError, not repeated; one refused before it left is repeated")
    func ambiguousSends() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.client(sandbox)
        await sandbox.network.enqueueFault(.connectionDropped, endpoint: "sendsms")
        let dropped = try await #require(throws: SendOutcomeUnknownError.self) {
            try await client.sendSMS(to: ["0912345670"], text: "可能已送出", subject: "order-7")
        }
        #expect(dropped.recipients == ["+886912345670"])
        #expect(dropped.references["subject"] == "order-7")
        #expect(await sandbox.network.requestCount(endpoint: "sendsms") == 1)
        await sandbox.network.enqueueFault(.connectionRefused, endpoint: "sendsms")
        #expect(try await client.sendSMS(to: ["0912345670"], text: "沒送出就再送").sent == 1, "nothing left: repeated")
        #expect(await sandbox.state.acceptedSendCount == 2)
    }

    @Test("idempotency keys: one send per key; a lost answer is reconciled through the filtered send's dry run, never sent twice")
    func idempotentSends() async throws {
        for mode in [Every8DV3Client.AuthenticationMode.token, .password] {
            let sandbox = Every8DSandbox()
            let client = Self.client(sandbox, authentication: mode)
            let first = try await client.sendSMS(to: ["0912345670"], text: "訂單 8812 已出貨", idempotencyKey: "order-8812")
            let again = try await client.sendSMS(to: ["0912345670"], text: "訂單 8812 已出貨", idempotencyKey: "order-8812")
            #expect(again.origin == .ledger)
            #expect(again.batchID == first.batchID)
            await #expect(throws: IdempotencyKeyReuseError.self) {
                try await client.sendSMS(to: ["0912345670"], text: "另一則", idempotencyKey: "order-8812")
            }
            #expect(await sandbox.state.acceptedSendCount == 1)

            await sandbox.network.enqueueFault(.connectionDropped, endpoint: "sendsms")
            await #expect(throws: SendOutcomeUnknownError.self) {
                try await client.sendSMS(to: ["0912345671", "0912345672"], text: "包裹已送達", idempotencyKey: "parcel-1")
            }
            #expect(await sandbox.state.acceptedSendCount == 2)
            let settled = try await client.sendSMS(to: ["0912345671", "0912345672"], text: "包裹已送達", idempotencyKey: "parcel-1")
            #expect(settled.origin == .reconciled)
            #expect(settled.sent == 2)
            #expect(await sandbox.state.acceptedSendCount == 2, "the dry run proved both had it: nothing sent again")

            // Not sent after all (the gateway failed before sending): the reconciliation sends it once.
            await sandbox.network.enqueueFault(.httpStatus(502), endpoint: "sendsms")
            await #expect(throws: SendOutcomeUnknownError.self) {
                try await client.sendSMS(to: ["0912345673"], text: "提醒", idempotencyKey: "remind-1")
            }
            let sentNow = try await client.sendSMS(to: ["0912345673"], text: "提醒", idempotencyKey: "remind-1")
            #expect(sentNow.origin == .reconciled)
            #expect(await sandbox.state.acceptedSendCount == 3)
            #expect(await sandbox.network.requestCount(endpoint: "sendparam_sms") == 3, "two dry runs and one filtered send")
            #expect(await sandbox.state.v3TokensPresentedAgain == 0)

            // An MMS has no such proof: outcome-unknown again, nothing sent.
            await sandbox.network.enqueueFault(.connectionDropped, endpoint: "sendmms")
            await #expect(throws: SendOutcomeUnknownError.self) {
                try await client.sendMMS(to: ["0912345670"], subject: "圖", attachment: Self.picture, idempotencyKey: "mms-1")
            }
            await #expect(throws: SendOutcomeUnknownError.self) {
                try await client.sendMMS(to: ["0912345670"], subject: "圖", attachment: Self.picture, idempotencyKey: "mms-1")
            }
            #expect(await sandbox.state.acceptedSendCount == 4)
        }
    }

    @Test("validation before sending names the 3.0 member and the value")
    func validation() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.client(sandbox)
        let number = try await #require(throws: ValidationError.self) { try await client.sendSMS(to: ["0912345670", "0912-345"], text: "x") }
        #expect(number.field == "mobiles[2]")
        #expect(number.value == "0912-345")
        let named = try await #require(throws: ValidationError.self) {
            try await client.sendPersonalizedSMS([PersonalizedMessage(mobile: "0912345670", text: "x", name: "小明")])
        }
        #expect(named.field == "recipientdatalist[1].name")
        let gif = try MMSAttachment(data: Data("GIF89a".utf8) + Data(repeating: 0, count: 32))
        let picture = try await #require(throws: ValidationError.self) { try await client.sendMMS(to: ["0912345670"], subject: "圖", attachment: gif) }
        #expect(picture.field == "attachment")
        let event = try await #require(throws: ValidationError.self) {
            try await client.sendSMSFilteringDuplicates(to: ["0912345670"], text: "x", eventID: "-1")
        }
        #expect(event.field == "eventid")
        let format = try await #require(throws: ValidationError.self) { try await client.deliveryReportPage(batch: "b", format: .tab) }
        #expect(format.field == "format")
        let empty = try await #require(throws: ValidationError.self) {
            try await Self.client(sandbox, Every8DV3Client.Credentials(userID: "sandbox", password: "")).credit()
        }
        #expect(empty.field == "pwd")
        #expect(await sandbox.network.requestCount() == 0)
    }

    // MARK: The same surface as 2.1

    /// Runs every method of `Every8DMessaging` and returns what a caller would see, so that the two
    /// APIs can be compared.
    static func everything(_ gateway: any Every8DMessaging, booked: Date) async throws -> [String] {
        var seen: [String] = []
        let credit = try await gateway.credit()
        seen.append("credit \(credit)")
        let sms = try await gateway.sendSMS(to: ["0912345670", "0912345671"], text: "您好", subject: "s1")
        seen.append("sms sent \(sms.sent) cost \(sms.cost)")
        let dry = try await gateway.sendSMSFilteringDuplicates(to: ["0912345670", "0912345672"], text: "您好", dryRun: true)
        seen.append("dry run filtered \(dry.filtered.map(\.mobile)) batch \(dry.batchID == nil)")
        let filtered = try await gateway.sendSMSFilteringDuplicates(to: ["0912345670", "0912345672"], text: "您好")
        seen.append("filtered sent \(filtered.sent) left out \(filtered.filtered.count)")
        let personal = try await gateway.sendPersonalizedSMS([
            PersonalizedMessage(mobile: "0912345670", text: "小明您好"), PersonalizedMessage(mobile: "0912345671", text: "大明您好", sendAt: booked),
        ])
        seen.append("personal sent \(personal.sent)")
        let template = try await gateway.sendTemplateSMS(template: "%field1% 您好，%field2% 到期", recipients: [
            TemplateRecipient(mobile: "0912345670", values: ["小明", "9/30"]),
        ])
        seen.append("template sent \(template.sent)")
        let mms = try await gateway.sendMMS(to: ["0912345670"], subject: "圖", text: "看圖", attachment: Self.picture)
        seen.append("mms sent \(mms.sent) cost \(mms.cost)")
        let personalMMS = try await gateway.sendPersonalizedMMS([PersonalizedMessage(mobile: "0912345670", text: "圖一")], subject: "圖",
                                                                attachment: Self.picture)
        seen.append("personal mms sent \(personalMMS.sent)")
        let templateMMS = try await gateway.sendTemplateMMS(template: "%field1%", recipients: [TemplateRecipient(mobile: "0912345670", values: ["圖二"])],
                                                            subject: "圖", attachment: Self.picture)
        seen.append("template mms sent \(templateMMS.sent)")
        let page = try await gateway.deliveryReportPage(batch: sms.batchID)
        seen.append("page \(page.totalCount) \(page.reports.map(\.mobile).sorted())")
        var reports = 0
        for try await _ in gateway.deliveryReports(batch: mms.batchID, kind: .mms) { reports += 1 }
        seen.append("mms reports \(reports)")
        let replies = try await gateway.replyPage(batch: sms.batchID)
        seen.append("replies \(replies.replies.count)")
        var allReplies = 0
        for try await _ in gateway.replies(batch: sms.batchID) { allReplies += 1 }
        seen.append("all replies \(allReplies)")
        let cancelled = try await gateway.cancelBooking(batch: personal.batchID)
        seen.append("cancelled \(cancelled.cancelled) refunded \(cancelled.refundedPoints)")
        seen.append("credit \(try await gateway.credit())")
        seen.append("refusal \(try await gateway.loginRefusal() == nil)")
        return seen
    }

    @Test("every Every8DMessaging method: moving from 2.1 to 3.0 is the one line that makes the client, with the same results")
    func sameSurfaceAsTwoOne() async throws {
        let booked = Date().addingTimeInterval(86_400)
        let old = Every8DSandbox()
        let twoOne: any Every8DMessaging = Every8DClient(
            credentials: .init(userID: "sandbox", password: "sandbox-password"),
            configuration: .init(siteURL: Every8DSandbox.demoSiteURL, readRetryPolicy: Self.fast, unsentRetryPolicy: Self.fast), transport: old)
        let new = Every8DSandbox()
        let three: any Every8DMessaging = Every8DV3Client(
            credentials: .init(userID: "sandbox", password: "sandbox-password"),
            configuration: .init(siteURL: Every8DSandbox.demoSiteURL, readRetryPolicy: Self.fast, unsentRetryPolicy: Self.fast), transport: new)
        let before = try await Self.everything(twoOne, booked: booked)
        let after = try await Self.everything(three, booked: booked)
        #expect(after == before)
        #expect(await new.network.requestCount(endpoint: "SendSMS.ashx") == 0, "3.0 went to the 3.0 endpoints only")
        #expect(await new.network.requestCount(endpoint: "sendsms") == 1)
        // Sessions: 3.0 has no logout and keeps no token.
        let token = try await three.connect()
        #expect(!"\(token)".contains(token.value))
        #expect(try await three.checkConnection())
        #expect(try await three.disconnect() == false)
        #expect(await new.state.v3TokensPresentedAgain == 0)
    }
}
