import Foundation
import Testing
import Every8D
import OmiCard
import SMSSandbox

/// The account-safety promises, through the real clients and the sandbox: the login latch in
/// every authentication mode, partial sends, a CDN's block page, the SOAP wording and subjects.
@Suite("Account safety against the sandbox")
struct AccountSafetyTests {
    static let wrong = Every8DClient.Credentials(userID: "sandbox", password: "not-the-password")
    static let right = Every8DClient.Credentials(userID: "sandbox", password: "sandbox-password")
    static let fast = RetryPolicy.exponential(maxAttempts: 5, initialDelay: .zero, maxDelay: .zero, jitter: false)

    static func http(_ sandbox: Every8DSandbox, _ credentials: Every8DClient.Credentials = right,
                     authentication: Every8DClient.AuthenticationMode = .token, store: (any CredentialStore)? = nil,
                     logger: TransportLogger? = nil) -> Every8DClient {
        var configuration = Every8DClient.Configuration(
            siteURL: Every8DSandbox.demoSiteURL, authentication: authentication, readRetryPolicy: fast, unsentRetryPolicy: fast, logger: logger)
        if let store { configuration.credentialStore = store }
        return Every8DClient(credentials: credentials, configuration: configuration, transport: sandbox)
    }

    static func soap(_ sandbox: Every8DSandbox, _ credentials: Every8DClient.Credentials = right) -> Every8DSOAPClient {
        Every8DSOAPClient(credentials: credentials,
                          configuration: .init(siteURL: Every8DSandbox.demoSiteURL, readRetryPolicy: fast, unsentRetryPolicy: fast),
                          transport: sandbox)
    }

    /// Runs `count` calls at once and sorts what they threw: the gateway's refusal, or the latch.
    static func concurrently(_ count: Int, _ call: @escaping @Sendable () async throws -> Void) async -> (gateway: Int, latched: Int, other: [String]) {
        await withTaskGroup(of: String.self) { group in
            for _ in 0..<count {
                group.addTask {
                    do {
                        try await call()
                        return "ok"
                    } catch let error as Every8DError where [-100, -101].contains(error.code.rawValue) {
                        return "gateway"
                    } catch is CredentialsRefusedError {
                        return "latched"
                    } catch {
                        return "\(error)"
                    }
                }
            }
            var result = (gateway: 0, latched: 0, other: [String]())
            for await outcome in group {
                switch outcome {
                case "gateway": result.gateway += 1
                case "latched": result.latched += 1
                default: result.other.append(outcome)
                }
            }
            return result
        }
    }

    @Test("50 concurrent calls with a wrong password, token mode: one login reaches the gateway, then no more")
    func tokenModeLatch() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.http(sandbox, Self.wrong)
        let outcome = await Self.concurrently(50) { _ = try await client.sendSMS(to: ["0912345670"], text: "x") }
        #expect(outcome.gateway + outcome.latched == 50, "\(outcome.other)")
        #expect(outcome.gateway >= 1)
        #expect(await sandbox.network.requestCount() == 1)
        await #expect(throws: CredentialsRefusedError.self) { try await client.credit() }
        await #expect(throws: CredentialsRefusedError.self) { try await client.connect() }
        #expect(await sandbox.network.requestCount() == 1)
        #expect(await sandbox.state.acceptedSendCount == 0)
    }

    @Test("50 concurrent calls with a wrong password, password mode: exactly one request, 49 refused locally")
    func passwordModeLatch() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.http(sandbox, Self.wrong, authentication: .password)
        let outcome = await Self.concurrently(50) { _ = try await client.sendSMS(to: ["0912345670"], text: "x") }
        #expect(outcome.gateway == 1)
        #expect(outcome.latched == 49)
        #expect(await sandbox.network.requestCount() == 1)
    }

    @Test("50 concurrent calls with a wrong password over SOAP: one getConnection")
    func soapLatch() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.soap(sandbox, Self.wrong)
        let outcome = await Self.concurrently(50) { _ = try await client.credit() }
        #expect(outcome.gateway + outcome.latched == 50, "\(outcome.other)")
        #expect(await sandbox.network.requestCount(endpoint: "SMS.asmx/getConnection") == 1)
        #expect(await sandbox.network.requestCount() == 1)
    }

    @Test("the latch clears when the credentials change or after a reset, and is shared through a shared store")
    func latchClears() async throws {
        let sandbox = Every8DSandbox()
        let store = InMemoryStateStore()
        let wrong = Self.http(sandbox, Self.wrong, store: store)
        await #expect(throws: Every8DError.self) { try await wrong.credit() }
        // Another client with the same credentials and store (another process, with a shared store).
        let sameAccount = Self.http(sandbox, Self.wrong, store: store)
        let latched = try await #require(throws: CredentialsRefusedError.self) { try await sameAccount.credit() }
        #expect(latched.refusal.code == -101)
        #expect(latched.refusal.operation == "GetToken")
        #expect(latched.operation == "GetCredit")
        #expect(await sandbox.network.requestCount() == 1)
        // Corrected credentials on the same store: tried at once.
        #expect(try await Self.http(sandbox, Self.right, store: store).credit() == 1000)
        // A reset: the wrong ones are tried once more (and refused again).
        try await wrong.resetLoginRefusal()
        #expect(try await wrong.loginRefusal() == nil)
        await #expect(throws: Every8DError.self) { try await wrong.credit() }
        #expect(try await wrong.loginRefusal()?.code == -101)
    }

    @Test("a partial send: the receipt says so, a warning is logged, nothing is sent again")
    func partialSend() async throws {
        let sandbox = Every8DSandbox()
        await sandbox.state.setCredit(2, for: "sandbox")
        let warnings = WarningLog()
        let client = Self.http(sandbox, logger: warnings.logger)
        let receipt = try await client.sendSMS(to: ["0912345670", "0912345671", "0912345672"], text: "三個人")
        #expect(receipt.sent == 2)
        #expect(receipt.unsent == 1)
        #expect(!receipt.isComplete)
        #expect(warnings.lines.count == 1)
        #expect(warnings.lines.first?.contains("partial send: 1 message not sent (not enough credit); the other 2 were sent in batch \(receipt.batchID)") == true)
        #expect(await sandbox.network.requestCount(endpoint: "SendSMS.ashx") == 1)
        let full = try await Self.http(Every8DSandbox()).sendSMS(to: ["0912345670"], text: "x")
        #expect(full.isComplete)
    }

    @Test("a CDN block page: RequestBlockedError, nothing sent, no token renewal, one line")
    func cdnBlock() async throws {
        let sandbox = Every8DSandbox()
        let client = Self.http(sandbox)
        _ = try await client.credit()
        await sandbox.network.enqueueFault(.cdnBlocked, endpoint: "SendSMS.ashx")
        let error = try await #require(throws: RequestBlockedError.self) { try await client.sendSMS(to: ["0912345670"], text: "x") }
        #expect(error.status == 403)
        #expect(error.server == "CloudFront")
        #expect(error.title == "ERROR: The request could not be satisfied")
        #expect(!error.description.contains("<"))
        #expect(await sandbox.state.acceptedSendCount == 0)
        #expect(await sandbox.network.requestCount(endpoint: "ConnectionHandler.ashx") == 1, "no token renewal")
        #expect(await sandbox.network.requestCount(endpoint: "SendSMS.ashx") == 1, "not repeated")
    }

    @Test("700 is sent, not delivered; SOAP reports 105–107 in the SOAP seeds' wording")
    func statusWording() async throws {
        #expect(DeliveryStatus.mmsSent.category == .sent)
        #expect(DeliveryStatus.mmsSent.isFinal)
        let sandbox = Every8DSandbox()
        let soap = Self.soap(sandbox)
        let http = Self.http(sandbox)
        let receipt = try await soap.sendSMS(to: ["0912345670"], text: "x")
        #expect(await sandbox.state.setStatus(105, batchID: receipt.batchID, mobile: "+886912345670"))
        let soapStatus = try #require(try await soap.deliveryReportPage(batch: receipt.batchID).reports.first?.status)
        let httpStatus = try #require(try await http.deliveryReportPage(batch: receipt.batchID).reports.first?.status)
        #expect(soapStatus == httpStatus)
        #expect(httpStatus.meaning == "blocked by the carrier (sensitive keywords)")
        #expect(soapStatus.meaning == "the handset had a device problem or an unexpected error")
        #expect(soapStatus.category == .failed)
    }

    @Test("MMS subjects: may be empty; SOAP takes 95 ASCII characters, HTTP 39; 15 with CJK for both")
    func mmsSubjects() async throws {
        let picture = try MMSAttachment(data: Data([0xFF, 0xD8, 0xFF, 0xE0] + [UInt8](repeating: 0x20, count: 100)))
        let sandbox = Every8DSandbox()
        let soap = Self.soap(sandbox)
        let http = Self.http(sandbox)
        _ = try await soap.sendMMS(to: ["0912345670"], attachment: picture)
        _ = try await soap.sendMMS(to: ["0912345670"], subject: String(repeating: "a", count: 95), attachment: picture)
        _ = try await http.sendMMS(to: ["0912345670"], subject: "", attachment: picture)
        _ = try await http.sendMMS(to: ["0912345670"], subject: String(repeating: "a", count: 39), attachment: picture)
        let soapLong = try await #require(throws: ValidationError.self) {
            try await soap.sendMMS(to: ["0912345670"], subject: String(repeating: "a", count: 96), attachment: picture)
        }
        #expect(soapLong.field == "SB")
        #expect(soapLong.reason.contains("at most 95"))
        let httpLong = try await #require(throws: ValidationError.self) {
            try await http.sendMMS(to: ["0912345670"], subject: String(repeating: "a", count: 40), attachment: picture)
        }
        #expect(httpLong.reason.contains("at most 39"))
        for client in [soap as any Every8DMessaging, http] {
            let cjk = try await #require(throws: ValidationError.self) {
                try await client.sendMMS(to: ["0912345670"], subject: String(repeating: "圖", count: 16), text: "", attachment: picture,
                                         at: nil, validity: nil, eventID: nil)
            }
            #expect(cjk.reason.contains("at most 15"))
        }
        #expect(await sandbox.state.acceptedSendCount == 4)
    }

    @Test("validation errors name the value, 1-based; an OMICard LaunchID is checked locally")
    func validationValues() async throws {
        let sandbox = SMSSandbox()
        let client = Self.http(sandbox.every8d)
        let error = try await #require(throws: ValidationError.self) {
            try await client.sendSMS(to: ["0912345670", "0912345671", "0912-345"], text: "x")
        }
        #expect(error.description == "invalid DEST[3] \"0912-345\": must be a Taiwan mobile 09xxxxxxxx or + and 8 to 15 digits, without spaces or dashes")
        let omicard = OmiCardClient(credentials: OmiCardClient.Credentials(loginName: "sandbox", password: "sandbox-password"),
                                    configuration: .init(baseURL: OmiCardSandbox.demoBaseURL), transport: sandbox)
        for bad in ["abc", "0", "-5", "12 34", "１２"] {
            let launch = try await #require(throws: ValidationError.self) { try await omicard.status(launchID: bad, for: .smsNumber("0912345678")) }
            #expect(launch.field == "LaunchID")
        }
        #expect(await sandbox.omiCard.network.requestCount() == 0)
        #expect(await sandbox.every8d.network.requestCount() == 0)
    }
}

/// Collects the warning records a client logs.
final class WarningLog: @unchecked Sendable {
    // @unchecked: `warnings` is touched only with `lock` held.
    private let lock = NSLock()
    private var warnings: [String] = []
    var logger: TransportLogger {
        { record in
            guard record.event == .warning else { return }
            self.lock.lock()
            self.warnings.append(record.body)
            self.lock.unlock()
        }
    }
    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return warnings
    }
}
