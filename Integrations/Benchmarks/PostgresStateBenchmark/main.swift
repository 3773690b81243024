import Foundation
import PostgresNIO
import PostgresTestSupport
import SMSPostgres
import SMSTransport

// What PostgresStateStore adds to a call, one store operation per sample, on a server on
// loopback: the same three operations as Benchmarks/'s StateStores suite measures for the file
// store (`session(for:)` with a token held, a keyed send's ledger claim + replace, a push report's
// inbox claim). Goal set by issue 12: a keyed send adds at most 2 ms at p50.
//
//   swift run -c release --package-path Integrations PostgresStateBenchmark [samples]
//
// The server is SMS_TEST_POSTGRES_URL's, or a throw-away cluster started for the run (as the tests
// do); the tables go in a fresh database.

let samples = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 2000
let database = try await PostgresTestServer.shared().makeDatabase(prefix: "sms_bench")
let client = PostgresClient(configuration: database.clientConfiguration)
let running = Task { await client.run() }
let store = try PostgresStateStore(client: client)
try await store.migrate()

/// Runs `operation` `samples` times after a warm-up and prints its percentiles in microseconds.
func measure(_ name: String, _ operation: () async throws -> Void) async throws {
    for _ in 0..<50 { try await operation() }
    let clock = ContinuousClock()
    var durations: [Double] = []
    durations.reserveCapacity(samples)
    for _ in 0..<samples {
        let started = clock.now
        try await operation()
        let elapsed = (clock.now - started).components
        durations.append(Double(elapsed.seconds) * 1e6 + Double(elapsed.attoseconds) / 1e12)
    }
    durations.sort()
    func percentile(_ p: Double) -> String { String(format: "%.0f", durations[min(durations.count - 1, Int(Double(durations.count) * p))]) }
    print("| \(name) | \(percentile(0.5)) | \(percentile(0.9)) | \(percentile(0.99)) | \(samples) |")
}

let key = StateKey(rawValue: "every8d-http.session.4f1c0e0d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5d6e7f")
let receipt = Data(#"{"batchID":"220478cc-8506-49b2-93b7-2505f651c12e","credit":"98.00","sent":1,"cost":"1","unsent":0}"#.utf8)
_ = try await store.replaceSession(for: key, ifGeneration: 0, value: "t0k3n-\(UUID().uuidString)", issuedAt: Date())

print("| PostgresStateStore (loopback) | p50 µs | p90 µs | p99 µs | samples |")
print("| --- | ---: | ---: | ---: | ---: |")
try await measure("session(for:) with a token held") { _ = try await store.session(for: key) }
try await measure("ledger claim + replace (a keyed send)") {
    let now = Date()
    let idempotencyKey = "order-\(UUID().uuidString)"
    guard try await store.claim(idempotencyKey, fingerprint: "fp", owner: "bench", leaseUntil: now + 120, now: now) == nil else {
        fatalError("a fresh key was already claimed")
    }
    let claimed = LedgerEntry(key: idempotencyKey, fingerprint: "fp", state: .inFlight, owner: "bench", leaseUntil: now + 120,
                              createdAt: now, updatedAt: now)
    var sent = claimed
    sent.state = .sent
    sent.result = receipt
    sent.version += 1
    guard try await store.replace(claimed, with: sent) else { fatalError("the claimed entry was not replaced") }
}
try await measure("inbox claim (a push report)") { _ = try await store.claim("report-\(UUID().uuidString)", now: Date()) }
running.cancel()
