import Foundation
import Testing
import Every8D
import OmiCard
import SMSSandbox

/// Sends with an idempotency key, through the real clients and the sandbox: the same key never
/// sends twice, an unknown outcome is reconciled before anything is sent again.
@Suite("Idempotent sends against the sandbox")
struct IdempotencyTests {
    static let fast = RetryPolicy.exponential(maxAttempts: 3, initialDelay: .zero, maxDelay: .zero, jitter: false)

    static func client(_ sandbox: Every8DSandbox, ledger: any SendLedger = InMemoryStateStore(), timeout: Duration = .seconds(5)) -> Every8DClient {
        Every8DClient(credentials: .init(userID: "sandbox", password: "sandbox-password"),
                      configuration: .init(siteURL: Every8DSandbox.demoSiteURL, timeout: timeout, readRetryPolicy: fast,
                                           unsentRetryPolicy: fast, sendLedger: ledger),
                      transport: sandbox)
    }

    @Test("the same key and request: one send, the first receipt again; another request: refused, nothing sent")
    func replay() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.client(sandbox)
        let first = try await client.sendSMS(to: ["0912345670"], text: "訂單 8812 已出貨", idempotencyKey: "order-8812")
        let again = try await client.sendSMS(to: ["0912345670"], text: "訂單 8812 已出貨", idempotencyKey: "order-8812")
        #expect(first.origin == .gateway)
        #expect(again.origin == .ledger)
        #expect(again.batchID == first.batchID)
        #expect(again.cost == first.cost)
        #expect(await sandbox.state.acceptedSendCount == 1)
        let other = try await #require(throws: IdempotencyKeyReuseError.self) {
            try await client.sendSMS(to: ["0912345670"], text: "another text", idempotencyKey: "order-8812")
        }
        #expect(other.key == "order-8812")
        #expect(other.description.contains("nothing was sent"))
        #expect(await sandbox.state.acceptedSendCount == 1)
        // Without a key, nothing changes: every call sends.
        _ = try await client.sendSMS(to: ["0912345670"], text: "訂單 8812 已出貨")
        #expect(await sandbox.state.acceptedSendCount == 2)
    }

    @Test("bad keys are refused before anything is sent", arguments: ["", String(repeating: "k", count: 10_240), "a\nb", "tab\there", "bell\u{7}"])
    func badKeys(_ key: String) async throws {
        let sandbox = Every8DSandbox()
        let error = try await #require(throws: ValidationError.self) {
            try await Self.client(sandbox).sendSMS(to: ["0912345670"], text: "x", idempotencyKey: key)
        }
        #expect(error.field == "idempotencyKey")
        #expect(error.description.count < 300)
        #expect(await sandbox.network.requestCount() == 0)
    }

    @Test("an answer lost after the gateway sent: the retry reconciles through the duplicate filter and sends nothing")
    func lostAnswerReconciled() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.client(sandbox)
        _ = try await client.credit()
        await sandbox.network.enqueueFault(.connectionDropped, endpoint: "SendSMS.ashx")
        await #expect(throws: SendOutcomeUnknownError.self) {
            try await client.sendSMS(to: ["0912345670", "0912345671"], text: "包裹已送達", idempotencyKey: "parcel-1")
        }
        #expect(await sandbox.state.acceptedSendCount == 1)
        let receipt = try await client.sendSMS(to: ["0912345670", "0912345671"], text: "包裹已送達", idempotencyKey: "parcel-1")
        #expect(receipt.origin == .reconciled)
        #expect(receipt.sent == 2)
        #expect(await sandbox.state.acceptedSendCount == 1, "never a second copy")
        // Settled: a third call replays the reconciled receipt.
        #expect(try await client.sendSMS(to: ["0912345670", "0912345671"], text: "包裹已送達", idempotencyKey: "parcel-1").origin == .ledger)
        #expect(await sandbox.state.acceptedSendCount == 1)
    }

    @Test("an unknown outcome where the gateway had not sent: the retry sends exactly once")
    func unknownButNotSentReconciled() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.client(sandbox)
        _ = try await client.credit()
        await sandbox.network.enqueueFault(.httpStatus(502), endpoint: "SendSMS.ashx")
        await #expect(throws: SendOutcomeUnknownError.self) {
            try await client.sendSMS(to: ["0912345672"], text: "提醒", idempotencyKey: "remind-1")
        }
        #expect(await sandbox.state.acceptedSendCount == 0)
        let receipt = try await client.sendSMS(to: ["0912345672"], text: "提醒", idempotencyKey: "remind-1")
        #expect(receipt.origin == .reconciled)
        #expect(receipt.sent == 1)
        #expect(await sandbox.state.acceptedSendCount == 1)
        #expect(try await client.sendSMS(to: ["0912345672"], text: "提醒", idempotencyKey: "remind-1").batchID == receipt.batchID)
        #expect(await sandbox.state.acceptedSendCount == 1)
    }

    @Test("an MMS with an unknown outcome cannot be proven: the retry throws outcome-unknown again and sends nothing")
    func mmsUnproven() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.client(sandbox)
        let picture = try MMSAttachment(data: Data([0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0x20, count: 64)))
        await sandbox.network.enqueueFault(.connectionDropped, endpoint: "MMS/SendMMS.ashx")
        await #expect(throws: SendOutcomeUnknownError.self) {
            try await client.sendMMS(to: ["0912345670"], attachment: picture, idempotencyKey: "mms-1")
        }
        for _ in 0..<3 {
            let error = try await #require(throws: SendOutcomeUnknownError.self) {
                try await client.sendMMS(to: ["0912345670"], attachment: picture, idempotencyKey: "mms-1")
            }
            #expect("\(error)".contains("mms-1"))
        }
        #expect(await sandbox.state.acceptedSendCount == 1)
    }

    @Test("a failure that proves nothing was sent frees the key")
    func provenNotSentFreesKey() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.client(sandbox)
        _ = try await client.credit()
        await sandbox.network.enqueueFault(.connectionRefused, endpoint: "SendSMS.ashx", count: 3)
        await #expect(throws: TransportError.self) { try await client.sendSMS(to: ["0912345670"], text: "x", idempotencyKey: "k-1") }
        let receipt = try await client.sendSMS(to: ["0912345670"], text: "x", idempotencyKey: "k-1")
        #expect(receipt.origin == .gateway)
        #expect(await sandbox.state.acceptedSendCount == 1)
    }

    @Test("the same key from ten tasks at once: one send; the others get its receipt or SendInProgressError")
    func concurrentKey() async throws {
        let sandbox = Every8DSandbox()
        await sandbox.network.enqueueFault(.delay(.milliseconds(200)), endpoint: "SendSMS.ashx")
        let client = Self.client(sandbox)
        let outcomes = await withTaskGroup(of: String.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    do {
                        let receipt = try await client.sendSMS(to: ["0912345670"], text: "只寄一次", idempotencyKey: "once")
                        return receipt.origin.rawValue
                    } catch is SendInProgressError {
                        return "in progress"
                    } catch {
                        return "\(error)"
                    }
                }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(await sandbox.state.acceptedSendCount == 1)
        #expect(outcomes.filter { $0 == "gateway" }.count == 1, "\(outcomes)")
        #expect(outcomes.allSatisfy { ["gateway", "ledger", "in progress"].contains($0) }, "\(outcomes)")
    }

    @Test("a ledger that cannot be reached: a keyed send fails closed; an unkeyed one works")
    func ledgerDown() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.client(sandbox, ledger: UnreachableLedger())
        await #expect(throws: StateStoreError.self) { try await client.sendSMS(to: ["0912345670"], text: "x", idempotencyKey: "k") }
        #expect(await sandbox.state.acceptedSendCount == 0)
        _ = try await client.sendSMS(to: ["0912345670"], text: "x")
        #expect(await sandbox.state.acceptedSendCount == 1)
    }

    @Test("SOAP and OMICard: replay from the ledger; the protocol carries the key")
    func otherClients() async throws {
        let sandbox = SMSSandbox()
        let soap: any Every8DMessaging = Every8DSOAPClient(
            credentials: .init(userID: "sandbox", password: "sandbox-password"),
            configuration: .init(siteURL: Every8DSandbox.demoSiteURL), transport: sandbox)
        let first = try await soap.sendSMS(to: ["0912345670"], text: "x", idempotencyKey: "soap-1")
        let again = try await soap.sendSMS(to: ["0912345670"], text: "x", idempotencyKey: "soap-1")
        #expect(again.batchID == first.batchID)
        #expect(again.origin == .ledger)
        #expect(await sandbox.every8d.state.acceptedSendCount == 1)

        let omicard = OmiCardClient(credentials: .init(loginName: "sandbox", password: "sandbox-password"),
                                    configuration: .init(baseURL: OmiCardSandbox.demoBaseURL), transport: sandbox)
        let job = SMSJob(content: "您好", smsList: ["0912345678"])
        let launch = try await omicard.sendSMS(job, idempotencyKey: "job-1")
        let replay = try await omicard.sendSMS(job, idempotencyKey: "job-1")
        #expect(replay.launchID == launch.launchID)
        #expect(replay.isReplay)
        #expect(!launch.isReplay)
        #expect(await sandbox.omiCard.network.requestCount(endpoint: "SMS.aspx") == 1)
    }
}

/// A ledger whose every call fails, as a PostgreSQL ledger does while the server is down.
struct UnreachableLedger: SendLedger {
    func claim(_ key: String, fingerprint: String, owner: String, leaseUntil: Date, now: Date) async throws -> LedgerEntry? {
        throw StateStoreError(action: "claim the idempotency key", detail: "connection refused")
    }
    func replace(_ entry: LedgerEntry, with new: LedgerEntry) async throws -> Bool {
        throw StateStoreError(action: "record the outcome", detail: "connection refused")
    }
    func remove(_ entry: LedgerEntry) async throws -> Bool {
        throw StateStoreError(action: "free the idempotency key", detail: "connection refused")
    }
    func purgeLedger(before date: Date) async throws -> Int { 0 }
}
