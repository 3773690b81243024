/// How a client repeats a *read* (credit, delivery status, replies, token check) after a failure
/// that may be temporary.
///
/// Sends are never repeated by this policy: a send is repeated only when the gateway provably
/// did not carry it out, whatever the policy says.
public struct RetryPolicy: Sendable, Hashable {
    /// The most attempts in total, the first included (1 means no retry).
    public var maxAttempts: Int
    /// The delay before the second attempt; each further delay doubles, up to ``maxDelay``.
    public var initialDelay: Duration
    /// The longest delay between two attempts.
    public var maxDelay: Duration
    /// Whether to randomise each delay between half and all of its value, so that many clients
    /// failing together do not retry together.
    public var jitter: Bool

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - maxAttempts: The most attempts in total, at least 1.
    ///   - initialDelay: The delay before the second attempt.
    ///   - maxDelay: The longest delay between two attempts.
    ///   - jitter: Whether to randomise each delay between half and all of its value.
    public init(maxAttempts: Int, initialDelay: Duration, maxDelay: Duration, jitter: Bool = true) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
    }

    /// Never retry.
    public static let none = RetryPolicy(maxAttempts: 1, initialDelay: .zero, maxDelay: .zero, jitter: false)

    /// Three attempts, 0.5 s then 1 s apart (with jitter): the default for reads.
    public static let `default` = RetryPolicy(maxAttempts: 3, initialDelay: .milliseconds(500), maxDelay: .seconds(5))

    /// Exponential backoff with the given attempts and first delay, capped at `maxDelay`.
    ///
    /// - Parameters:
    ///   - maxAttempts: The most attempts in total, at least 1.
    ///   - initialDelay: The delay before the second attempt; each further one doubles.
    ///   - maxDelay: The longest delay (default 30 seconds).
    ///   - jitter: Whether to randomise each delay between half and all of its value.
    /// - Returns: The policy.
    public static func exponential(maxAttempts: Int, initialDelay: Duration, maxDelay: Duration = .seconds(30), jitter: Bool = true) -> RetryPolicy {
        RetryPolicy(maxAttempts: maxAttempts, initialDelay: initialDelay, maxDelay: maxDelay, jitter: jitter)
    }

    /// The delay to wait after failed attempt number `attempt` (from 1), before the next one.
    ///
    /// - Parameter attempt: The attempt that just failed, from 1.
    /// - Returns: ``initialDelay`` doubled `attempt - 1` times, capped at ``maxDelay``, and with
    ///   ``jitter`` a random value between half of that and all of it.
    public func delay(afterAttempt attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(afterAttempt: attempt, using: &generator)
    }

    /// The delay after failed attempt number `attempt`, drawing the jitter from `generator`.
    ///
    /// - Parameters:
    ///   - attempt: The attempt that just failed, from 1.
    ///   - generator: The source of randomness for ``jitter`` (seed it for reproducible tests).
    /// - Returns: The delay before the next attempt.
    public func delay<G: RandomNumberGenerator>(afterAttempt attempt: Int, using generator: inout G) -> Duration {
        guard initialDelay > .zero, maxDelay > .zero else { return .zero }
        var delay = min(initialDelay, maxDelay)
        var step = 1
        while step < attempt, delay < maxDelay {
            // Doubling past the cap could overflow for huge caps; stop at the cap instead.
            delay = delay >= maxDelay / 2 ? maxDelay : delay * 2
            step += 1
        }
        guard jitter else { return delay }
        return delay * Double.random(in: 0.5...1.0, using: &generator)
    }

    /// Whether a read that failed with `error` is worth another attempt.
    ///
    /// Transport failures (reads are safe to repeat) except a bad URL and an oversize response,
    /// HTTP 408, 425, 429, 500, 502, 503 and 504, and intermittent CDN 403s are retryable;
    /// cancellation, validation, parse and other errors are not.
    ///
    /// - Parameter error: What the failed attempt threw.
    /// - Returns: `true` when another attempt may succeed.
    public static func isRetryableRead(_ error: any Error) -> Bool {
        if error is CancellationError { return false }
        if let transport = error as? TransportError {
            return transport.code != .badURL && transport.code != .responseTooLarge
        }
        if let status = error as? HTTPStatusError {
            return [403, 408, 425, 429, 500, 502, 503, 504].contains(status.status)
        }
        return false
    }
}
