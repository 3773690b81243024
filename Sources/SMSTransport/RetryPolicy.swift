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
    public static func exponential(maxAttempts: Int, initialDelay: Duration, maxDelay: Duration = .seconds(30), jitter: Bool = true) -> RetryPolicy {
        RetryPolicy(maxAttempts: maxAttempts, initialDelay: initialDelay, maxDelay: maxDelay, jitter: jitter)
    }

    /// The delay to wait after failed attempt number `attempt` (from 1), before the next one.
    public func delay(afterAttempt attempt: Int) -> Duration {
        var delay = initialDelay
        var step = 1
        while step < attempt, delay < maxDelay {
            delay = delay * 2
            step += 1
        }
        delay = min(delay, maxDelay)
        guard jitter, delay > .zero else { return delay }
        let factor = Double.random(in: 0.5...1.0)
        return delay * factor
    }

    /// Whether a read that failed with `error` is worth another attempt.
    ///
    /// Transport failures (any, since reads are safe to repeat), HTTP 408, 425, 429, 500, 502,
    /// 503 and 504, and intermittent CDN 403s are retryable; cancellation, validation and parse
    /// errors are not.
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
