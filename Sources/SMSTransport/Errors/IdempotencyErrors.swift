import Foundation

/// A keyed send refused because its idempotency key was already used for a different request:
/// **nothing was sent**. Use a new key for a new message (Stripe's idempotency-key reuse rule).
public struct IdempotencyKeyReuseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key.
    public let key: String
    /// The call refused.
    public let operation: String
    /// When the key was first used.
    public let firstUsedAt: Date

    /// Creates the error.
    public init(key: String, operation: String, firstUsedAt: Date) {
        self.key = key
        self.operation = operation
        self.firstUsedAt = firstUsedAt
    }

    /// What happened; nothing was sent.
    public var description: String {
        "\(operation) not sent: the idempotency key \"\(key)\" was used at \(TaiwanTime.dashed(firstUsedAt)) (Taiwan time) "
            + "for a different request; nothing was sent. Use a new key for a new message."
    }
}

/// A keyed send refused because another attempt with the same key is still in flight (in this
/// process or another one sharing the ledger): **this call sent nothing**. Try again later: the
/// other attempt's receipt is then returned.
public struct SendInProgressError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key.
    public let key: String
    /// The call refused.
    public let operation: String
    /// When the other attempt claimed the key.
    public let since: Date

    /// Creates the error.
    public init(key: String, operation: String, since: Date) {
        self.key = key
        self.operation = operation
        self.since = since
    }

    /// What happened; nothing was sent by this call.
    public var description: String {
        "\(operation) not sent: another attempt with the idempotency key \"\(key)\" has been in flight since "
            + "\(TaiwanTime.dashed(since)) (Taiwan time); this call sent nothing. Try again later for its receipt."
    }
}
