import Benchmark
import Foundation
import SMSTransport

// What the shared-state stores add to a call, one store operation per iteration:
// - `session(for:)` while a token is held (what a process reads when another stored the token);
// - a keyed send's ledger round trip: `claim` before sending, `replace` with the receipt after;
// - a push report's inbox `claim`.
// For the file store with the ledger flushed to disk (the default) and without, and for the
// in-memory store as the floor. Goal set by issue 12: a keyed send adds at most 0.5 ms (file)
// at p50. PostgreSQL is measured by Integrations' PostgresStateBenchmark (see BENCHMARKS.md).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .syscalls],
        timeUnits: .microseconds,
        warmupIterations: 20,
        scalingFactor: .one,
        maxDuration: .seconds(5),
        maxIterations: 3000
    )

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sms-state-bench-\(UUID().uuidString)")
    let stores: [(String, any CredentialStore & SendLedger & PushReportInbox)]
    do {
        // The store creates its own folder only, not the parents.
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        stores = [
            ("InMemoryStateStore", InMemoryStateStore(inboxLimit: 10_000_000)),
            ("FileStateStore", try FileStateStore(folder: folder.appendingPathComponent("durable"))),
            ("FileStateStore durableLedger false", try FileStateStore(folder: folder.appendingPathComponent("buffered"), durableLedger: false)),
        ]
    } catch {
        fatalError("cannot open the file store: \(error)")
    }

    let key = StateKey(rawValue: "every8d-http.session.4f1c0e0d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5d6e7f")
    let receipt = Data(#"{"batchID":"220478cc-8506-49b2-93b7-2505f651c12e","credit":"98.00","sent":1,"cost":"1","unsent":0}"#.utf8)
    for (name, store) in stores {
        Benchmark("\(name) session(for:) with a token held") { benchmark in
            _ = try await store.replaceSession(for: key, ifGeneration: store.session(for: key).generation,
                                               value: "t0k3n-\(UUID().uuidString)", issuedAt: Date())
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try await store.session(for: key)) }
        }

        Benchmark("\(name) ledger claim + replace (a keyed send)") { benchmark in
            let owner = "\(ProcessInfo.processInfo.processIdentifier)-bench"
            for _ in benchmark.scaledIterations {
                let now = Date()
                let idempotencyKey = "order-\(UUID().uuidString)"
                guard try await store.claim(idempotencyKey, fingerprint: "fp", owner: owner, leaseUntil: now + 120, now: now) == nil else {
                    fatalError("a fresh key was already claimed")
                }
                let claimed = LedgerEntry(key: idempotencyKey, fingerprint: "fp", state: .inFlight, owner: owner, leaseUntil: now + 120,
                                          createdAt: now, updatedAt: now)
                var sent = claimed
                sent.state = .sent
                sent.result = receipt
                sent.version += 1
                guard try await store.replace(claimed, with: sent) else { fatalError("the claimed entry was not replaced") }
            }
        }

        Benchmark("\(name) inbox claim (a push report)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try await store.claim("report-\(UUID().uuidString)", now: Date()))
            }
        }
    }
}
