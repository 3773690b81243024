import Foundation
import Testing
@testable import SMSTransport

/// A deterministic generator (SplitMix64) so jittered delays can be checked exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("RetryPolicy")
struct RetryPolicyTests {
    @Test("without jitter delays double from the initial delay up to the cap")
    func doubling() {
        let policy = RetryPolicy(maxAttempts: 10, initialDelay: .milliseconds(500), maxDelay: .seconds(5), jitter: false)
        let delays = (1...7).map { policy.delay(afterAttempt: $0) }
        #expect(delays == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5), .seconds(5)])
    }

    @Test("huge attempt numbers and caps neither overflow nor loop forever")
    func extremes() {
        let policy = RetryPolicy(maxAttempts: 3, initialDelay: .seconds(1), maxDelay: .seconds(Int64.max / 4), jitter: false)
        #expect(policy.delay(afterAttempt: Int.max) == .seconds(Int64.max / 4))
        #expect(RetryPolicy.none.delay(afterAttempt: Int.max) == .zero)
        let capBelowInitial = RetryPolicy(maxAttempts: 3, initialDelay: .seconds(10), maxDelay: .seconds(2), jitter: false)
        #expect(capBelowInitial.delay(afterAttempt: 1) == .seconds(2))
    }

    @Test("jitter stays between half and all of the delay, and varies")
    func jitterBounds() {
        let policy = RetryPolicy(maxAttempts: 5, initialDelay: .seconds(1), maxDelay: .seconds(8))
        var generator = SeededGenerator(seed: 42)
        for attempt in 1...5 {
            let full = RetryPolicy(maxAttempts: 5, initialDelay: .seconds(1), maxDelay: .seconds(8), jitter: false).delay(afterAttempt: attempt)
            var seen = Set<Duration>()
            for _ in 0..<200 {
                let delay = policy.delay(afterAttempt: attempt, using: &generator)
                #expect(delay >= full / 2 && delay <= full)
                seen.insert(delay)
            }
            #expect(seen.count > 100)
        }
    }

    @Test("a seeded generator gives reproducible delays")
    func reproducible() {
        let policy = RetryPolicy.default
        var first = SeededGenerator(seed: 7), second = SeededGenerator(seed: 7)
        let a = (1...3).map { policy.delay(afterAttempt: $0, using: &first) }
        let b = (1...3).map { policy.delay(afterAttempt: $0, using: &second) }
        #expect(a == b)
    }

    @Test("at least one attempt; presets")
    func presets() {
        #expect(RetryPolicy(maxAttempts: 0, initialDelay: .zero, maxDelay: .zero).maxAttempts == 1)
        #expect(RetryPolicy.none.maxAttempts == 1)
        #expect(RetryPolicy.default.maxAttempts == 3)
        let exponential = RetryPolicy.exponential(maxAttempts: 4, initialDelay: .seconds(1))
        #expect(exponential.maxDelay == .seconds(30) && exponential.jitter)
    }

    @Test("which read failures are retryable")
    func retryable() {
        #expect(RetryPolicy.isRetryableRead(TransportError(.timedOut)))
        #expect(RetryPolicy.isRetryableRead(TransportError(.connectionRefused)))
        #expect(!RetryPolicy.isRetryableRead(TransportError(.badURL)))
        #expect(!RetryPolicy.isRetryableRead(TransportError(.responseTooLarge)))
        for status in [403, 408, 425, 429, 500, 502, 503, 504] {
            #expect(RetryPolicy.isRetryableRead(HTTPStatusError(status: status)), "\(status)")
        }
        for status in [400, 401, 404, 501] {
            #expect(!RetryPolicy.isRetryableRead(HTTPStatusError(status: status)), "\(status)")
        }
        #expect(!RetryPolicy.isRetryableRead(CancellationError()))
        #expect(!RetryPolicy.isRetryableRead(ResponseParseError(expected: "x", reason: "y")))
        #expect(!RetryPolicy.isRetryableRead(ValidationError(field: "DEST", reason: "empty")))
    }
}
