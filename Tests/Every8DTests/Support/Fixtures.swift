import Foundation
import Every8D

/// Shared values and helpers for the Every8D tests.
enum Fixture {
    static let userID = "Test1234"
    static let password = "S3cr3t+P@ss&=word"
    static let token = "4bc40f5255fa4d89ac4950b394eca0f6"
    static let batchID = "c496f706-9b0f-4ff8-9644-9503edbb7064"
    static let credentials = Every8DClient.Credentials(userID: userID, password: password)

    /// 2024-01-15 12:00:00 Taiwan time.
    static let now = TaiwanTime.makeDate(year: 2024, month: 1, day: 15, hour: 12, minute: 0, second: 0)!

    /// A configuration with no delays between retries and a fixed clock.
    static func configuration(
        site: String = "https://new.e8d.tw",
        authentication: Every8DClient.AuthenticationMode = .token,
        readRetryPolicy: RetryPolicy = .exponential(maxAttempts: 3, initialDelay: .zero, maxDelay: .zero, jitter: false),
        unsentRetryPolicy: RetryPolicy = .exponential(maxAttempts: 3, initialDelay: .zero, maxDelay: .zero, jitter: false),
        logger: TransportLogger? = nil,
        now: @escaping @Sendable () -> Date = { Fixture.now }
    ) -> Every8DClient.Configuration {
        Every8DClient.Configuration(
            siteURL: URL(string: site)!, authentication: authentication, timeout: .seconds(5),
            readRetryPolicy: readRetryPolicy, unsentRetryPolicy: unsentRetryPolicy, logger: logger, now: now)
    }

    /// A client in password mode over `transport`.
    static func passwordClient(_ transport: RecordingTransport, site: String = "https://new.e8d.tw") -> Every8DClient {
        Every8DClient(credentials: credentials, configuration: configuration(site: site, authentication: .password), transport: transport)
    }

    /// A client in token mode over `transport`.
    static func tokenClient(_ transport: RecordingTransport, site: String = "https://new.e8d.tw") -> Every8DClient {
        Every8DClient(credentials: credentials, configuration: configuration(site: site), transport: transport)
    }

    /// A transport for token mode: the token fetch answers `token`, every other call `answer`.
    static func tokenTransport(token: String = Fixture.token, answer: String) -> RecordingTransport {
        RecordingTransport { request, _ in
            if request.url.path.hasSuffix("ConnectionHandler.ashx") { return .token(token) }
            return answer.hasPrefix("{") ? .json(answer) : .ok(answer)
        }
    }

    /// The smallest JPEG header the attachment check accepts, padded to `size` bytes.
    static func jpeg(size: Int = 64) -> Data {
        var data = Data([0xFF, 0xD8, 0xFF, 0xE0])
        data.append(Data(repeating: 0x42, count: max(0, size - 4)))
        return data
    }

    static func png(size: Int = 64) -> Data {
        var data = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        data.append(Data(repeating: 0, count: max(0, size - 8)))
        return data
    }

    static func gif(size: Int = 64) -> Data {
        var data = Data("GIF89a".utf8)
        data.append(Data(repeating: 0, count: max(0, size - 6)))
        return data
    }

    /// A bench fixture (`dr-page-1000.tab|json|xml`) stored next to the tests.
    static func benchPage(_ ext: String) throws -> Data {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent("dr-page-1000.\(ext)")
        return try Data(contentsOf: url)
    }
}

/// Collects values from concurrent code (log records).
final class Collector<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Value] = []

    func append(_ value: Value) { lock.withLock { storage.append(value) } }
    var values: [Value] { lock.withLock { storage } }
}

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) { current = start }

    var now: Date { lock.withLock { current } }
    func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// A gate a scripted transport waits on until the test opens it.
final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var isOpen = false

    func open() { lock.withLock { isOpen = true } }

    func wait() async throws {
        while !lock.withLock({ isOpen }) { try await Task.sleep(for: .milliseconds(2)) }
    }
}

/// Waits (polling) until `condition` holds; the test fails through its own expectations otherwise.
func eventually(_ condition: @Sendable () async -> Bool) async throws {
    for _ in 0..<5000 {
        if await condition() { return }
        try await Task.sleep(for: .milliseconds(2))
    }
}
