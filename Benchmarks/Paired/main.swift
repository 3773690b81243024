import BenchSupport
import Every8D
import Foundation
import SMSTransport

// The per-call comparison with the SDK and its floor interleaved in one process.
//
// The harness (the CallOverhead suite) runs each benchmark in a process of its own, one after the
// other. On a shared machine whose speed drifts over minutes, the SDK and its floor can then be
// measured at different speeds. Here they take turns: each round times a block of calls through
// the SDK and a block through the floor (which goes first alternates), and the round's ratio is
// SDK / floor. Adjacent blocks see the same machine, so the median of the rounds' ratios is the
// comparison; the fastest block of each side is printed too.
//
// Output, one line a call: name, rounds, median ratio, p10 and p90 of the ratios, best ns a call
// of the SDK and of the floor. `Benchmarks/run.sh` runs it; `report.py` reads the lines.

let client = CallFixtures.client, floor = CallFixtures.floor
let text = CallFixtures.text, numbers = CallFixtures.numbers
let messages = CallFixtures.messages
let pairs = CallFixtures.pairs(messages)
let batch = CallFixtures.batch

struct Pair: Sendable {
    let name: String
    let callsPerBlock: Int
    let sdk: @Sendable () async throws -> Void
    let floor: @Sendable () async throws -> Void
}

@inline(never) func keep<T>(_ value: T) { withExtendedLifetime(value) {} }

let send = InstantTransport(body: BenchFixtures.sendResult)
let param = InstantTransport(body: BenchFixtures.sendParamResult, contentType: "application/json; charset=utf-8")
let credit = InstantTransport(body: BenchFixtures.creditAnswer)
let page = InstantTransport(body: BenchFixtures.deliveryPageJSON, contentType: "application/json; charset=utf-8")
let calls: [Pair] = [
    Pair(name: "sendSMS", callsPerBlock: 2000,
         sdk: { [c = client(send)] in keep(try await c.sendSMS(to: numbers, text: text, subject: "OTP")) },
         floor: { [f = floor(send)] in
             keep(try await f.sendSMS(to: numbers, text: text, subject: "OTP")) }),
    Pair(name: "SendParam 10 recipients", callsPerBlock: 500,
         sdk: { [c = client(param)] in keep(try await c.sendPersonalizedSMS(messages, subject: "出貨通知")) },
         floor: { [f = floor(param)] in
             keep(try await f.sendPersonalized(pairs, subject: "出貨通知")) }),
    Pair(name: "credit", callsPerBlock: 5000,
         sdk: { [c = client(credit)] in keep(try await c.credit()) },
         floor: { [f = floor(credit)] in keep(try await f.credit()) }),
    Pair(name: "DR page 1000 rows JSON", callsPerBlock: 4,
         sdk: { [c = client(page)] in keep(try await c.deliveryReportPage(batch: batch, page: 1, format: .json)) },
         floor: { [f = floor(page)] in
             keep(try await f.deliveryPage(batchID: batch, page: 1)) }),
]

/// Nanoseconds a call over one block.
func block(_ calls: Int, _ body: @Sendable () async throws -> Void) async throws -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    for _ in 0..<calls { try await body() }
    let elapsed = start.duration(to: clock.now)
    let (seconds, attoseconds) = elapsed.components
    return (Double(seconds) * 1e9 + Double(attoseconds) / 1e9) / Double(calls)
}

func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
}

nonisolated func measure(rounds: Int, only: String?) async throws {
    for pair in calls where only.map(pair.name.hasPrefix) ?? true {
        // Warm both sides up (caches, the token-free path, the allocator).
        _ = try await block(pair.callsPerBlock, pair.sdk)
        _ = try await block(pair.callsPerBlock, pair.floor)
        var ratios: [Double] = []
        var bestSDK = Double.infinity, bestFloor = Double.infinity
        for round in 0..<rounds {
            let sdk: Double, floor: Double
            if round.isMultiple(of: 2) {
                sdk = try await block(pair.callsPerBlock, pair.sdk)
                floor = try await block(pair.callsPerBlock, pair.floor)
            } else {
                floor = try await block(pair.callsPerBlock, pair.floor)
                sdk = try await block(pair.callsPerBlock, pair.sdk)
            }
            ratios.append(sdk / floor)
            bestSDK = min(bestSDK, sdk)
            bestFloor = min(bestFloor, floor)
        }
        ratios.sort()
        print(pair.name, rounds, percentile(ratios, 0.5), percentile(ratios, 0.1), percentile(ratios, 0.9), bestSDK, bestFloor,
              separator: "\t")
    }
}

// Arguments: the number of rounds (default 201), then optionally the start of one call's name.
let arguments = CommandLine.arguments.dropFirst()
let rounds = arguments.first.flatMap(Int.init) ?? 201
try await measure(rounds: rounds, only: arguments.dropFirst().first)
