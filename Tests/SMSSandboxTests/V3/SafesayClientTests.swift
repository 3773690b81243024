import Foundation
import Testing
import Every8D
import SMSSandbox

/// `SafesayClient` through the sandbox: the day's token shared through a store, last-fetched-only,
/// messages, downloads with their size limit, the latch and secrets.
@Suite("SafesayClient against the sandbox")
struct SafesayClientTests {
    static let fast = RetryPolicy.exponential(maxAttempts: 3, initialDelay: .zero, maxDelay: .zero, jitter: false)

    /// A sandbox and a client clock that start at 2025-03-01 09:00 Taiwan time and move together.
    final class Clock: @unchecked Sendable {
        // @unchecked: `date` is touched only with `lock` held.
        private let lock = NSLock()
        private var date = V3.start
        let sandbox = V3.sandbox()
        var now: @Sendable () -> Date { { self.lock.withLock { self.date } } }
        func advance(hours: Int) async {
            lock.withLock { date.addTimeInterval(Double(hours) * 3600) }
            await sandbox.clock.advance(by: .seconds(hours * 3600))
        }
    }

    static func client(_ clock: Clock, password: String = "sandbox-password", store: any CredentialStore = InMemoryStateStore(),
                       maxFileBytes: Int = 20 << 20, logger: TransportLogger? = nil) -> SafesayClient {
        SafesayClient(
            credentials: .init(account: "sandbox", password: password),
            configuration: .init(pack: "sandbox", siteURL: Every8DSandbox.demoSiteURL, readRetryPolicy: fast, unsentRetryPolicy: fast,
                                 maxFileBytes: maxFileBytes, logger: logger, now: clock.now, credentialStore: store),
            transport: clock.sandbox)
    }

    static func hello(_ text: String = "您好", to mobile: String = "0912345678") -> SafesayMessage {
        SafesayMessage(eventID: 22, to: .mobile(mobile), content: .text(text))
    }

    @Test("the day's token: one fetch for every client sharing a store, kept until midnight, then one new fetch")
    func dailyTokenShared() async throws {
        let clock = Clock()
        await clock.sandbox.state.joinSafesayChannel(eventID: 22, mobile: "0912345678")
        let store = InMemoryStateStore()
        let first = Self.client(clock, store: store)
        let second = Self.client(clock, store: store)  // another process sharing the store
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<10 {
                group.addTask { _ = try await (index % 2 == 0 ? first : second).send(Self.hello("第 \(index) 則")) }
            }
            try await group.waitForAll()
        }
        #expect(await clock.sandbox.state.safesayTokensIssued == 1)
        #expect(await clock.sandbox.state.safesayMessages().count == 10)
        await clock.advance(hours: 14)  // 23:00: the same day, the same token
        _ = try await second.send(Self.hello())
        #expect(await clock.sandbox.state.safesayTokensIssued == 1)
        await clock.advance(hours: 2)  // 01:00 the next day: a new token, fetched before the call (no refusal first)
        _ = try await first.send(Self.hello())
        _ = try await second.send(Self.hello())
        #expect(await clock.sandbox.state.safesayTokensIssued == 2)
        #expect(await clock.sandbox.network.requestCount(endpoint: "v2/sendMessage") == 13)
    }

    @Test("only the token fetched last is valid: a client whose token another fetch ended gets a new one and repeats once")
    func lastFetchedOnly() async throws {
        let clock = Clock()
        await clock.sandbox.state.joinSafesayChannel(eventID: 22, mobile: "0912345678")
        // Two processes that do not share a store (what the documentation warns against).
        let first = Self.client(clock)
        let second = Self.client(clock)
        _ = try await first.send(Self.hello("一"))
        _ = try await second.send(Self.hello("二"))  // its fetch ended the first one's token
        let receipt = try await first.send(Self.hello("三"))
        #expect(receipt.sentAt == V3.start)
        #expect(await clock.sandbox.state.safesayTokensIssued == 3)
        #expect(await clock.sandbox.network.requestCount(endpoint: "v2/sendMessage") == 4, "one refused, repeated once")
        #expect(await clock.sandbox.state.safesayMessages().map(\.content) == [.text("一"), .text("二"), .text("三")])
    }

    @Test("a message to a number that has not joined: refused after one renewal, nothing delivered")
    func notJoined() async throws {
        let clock = Clock()
        let client = Self.client(clock)
        let error = try await #require(throws: Every8DError.self) { try await client.send(Self.hello(to: "0912000000")) }
        #expect(error.code == .unknownError)
        #expect(error.message == "用戶尚未加入活動頻道")
        #expect(error.operation == .safesaySendMessage)
        #expect(await clock.sandbox.network.requestCount(endpoint: "v2/sendMessage") == 2)
        #expect(await clock.sandbox.state.safesayMessages().isEmpty)
        let invalid = try await #require(throws: ValidationError.self) {
            try await client.send(SafesayMessage(eventID: 0, to: .mobile("0912345678"), content: .text("x")))
        }
        #expect(invalid.field == "EventID")
    }

    @Test("idempotency keys: the same key sends once; an unknown outcome is never sent again blindly")
    func keyedMessages() async throws {
        let clock = Clock()
        await clock.sandbox.state.joinSafesayChannel(eventID: 22, mobile: "0912345678")
        let client = Self.client(clock)
        let first = try await client.send(Self.hello(), idempotencyKey: "chat-1")
        let again = try await client.send(Self.hello(), idempotencyKey: "chat-1")
        #expect(again == first)
        await clock.sandbox.network.enqueueFault(.connectionDropped, endpoint: "v2/sendMessage")
        await #expect(throws: SendOutcomeUnknownError.self) { try await client.send(Self.hello("二"), idempotencyKey: "chat-2") }
        await #expect(throws: SendOutcomeUnknownError.self) { try await client.send(Self.hello("二"), idempotencyKey: "chat-2") }
        #expect(await clock.sandbox.state.safesayMessages().count == 2)
    }

    @Test("downloads: into Data and into a file, whole or not at all; past the size limit nothing is kept; a missing file says so")
    func downloads() async throws {
        let clock = Clock()
        let bytes = Data((0..<5000).map { UInt8($0 % 251) })
        let fileID = await clock.sandbox.state.addSafesayFile(bytes, fileName: "photo.jpg", eventID: 22)
        let client = Self.client(clock, maxFileBytes: 5000)
        let file = try await client.downloadFile(eventID: 22, fileID: fileID)
        #expect(file.data == bytes)
        #expect(file.contentType == "application/x-download")
        #expect(file.contentDisposition == "attachment; filename=\"photo.jpg\"")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("safesay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let destination = folder.appendingPathComponent("photo.jpg")
        let saved = try await client.downloadFile(eventID: 22, fileID: fileID, to: destination)
        #expect(saved.byteCount == 5000)
        #expect(try Data(contentsOf: destination) == bytes)

        let big = await clock.sandbox.state.addSafesayFile(bytes + Data([0]), eventID: 22)
        let tooLarge = folder.appendingPathComponent("big.bin")
        let error = try await #require(throws: TransportError.self) { try await client.downloadFile(eventID: 22, fileID: big, to: tooLarge) }
        #expect(error.code == .responseTooLarge)
        #expect(!FileManager.default.fileExists(atPath: tooLarge.path))
        #expect(await clock.sandbox.network.requestCount(endpoint: "v2/downLoadFile") == 3, "a size error is not repeated")

        let missing = try await #require(throws: Every8DError.self) { try await client.downloadFile(eventID: 22, fileID: 42) }
        #expect(missing.message == "檔案不存在")
        #expect(await clock.sandbox.state.safesayTokensIssued == 2, "Safesay says -99 for everything: one renewal")
    }

    @Test("a refused account engages the latch: one gettoken, then refused locally; secrets in no output")
    func latchAndSecrets() async throws {
        let clock = Clock()
        let records = SafesayLogRecords()
        let wrong = Self.client(clock, password: "not-the-password", logger: records.logger)
        let refused = try await #require(throws: Every8DError.self) { try await wrong.send(Self.hello()) }
        #expect(refused.message == "帳號或密碼錯誤")
        for _ in 0..<3 {
            await #expect(throws: CredentialsRefusedError.self) { try await wrong.send(Self.hello()) }
        }
        #expect(await clock.sandbox.network.requestCount() == 1)
        #expect(try await wrong.loginRefusal()?.gateway == "Safesay")

        await clock.sandbox.state.joinSafesayChannel(eventID: 22, mobile: "0912345678")
        let right = Self.client(clock, logger: records.logger)
        let token = try await right.connect()
        _ = try await right.send(Self.hello())
        #expect(await clock.sandbox.state.safesayTokensIssued == 1, "connect fetched the day's token; the send used it")
        let shown = records.lines + ["\(right)", "\(right.credentials)", "\(token)", "\(refused)"]
        #expect(records.lines.count >= 4)
        for text in shown {
            #expect(!text.contains("sandbox-password"))
            #expect(!text.contains("not-the-password"))
            #expect(!text.contains(token.value))
        }
    }
}

/// Every log record a client writes, as text.
final class SafesayLogRecords: @unchecked Sendable {
    // @unchecked: `records` is touched only with `lock` held.
    private let lock = NSLock()
    private var records: [String] = []
    var logger: TransportLogger {
        { record in self.lock.withLock { self.records.append("\(record)") } }
    }
    var lines: [String] { lock.withLock { records } }
}
