import Foundation

/// How long a store keeps send-ledger entries and push-report claims before they may be purged.
///
/// Stores never forget by themselves (except ``InMemoryStateStore``'s inbox limit): call
/// ``apply(to:now:)`` now and then (the command-line tools do it on every run; a service, say,
/// once an hour) so that a shared store does not grow without end.
///
/// ```swift
/// let store = try FileStateStore(folder: stateFolder)
/// try await StateRetention.default.apply(to: store)
/// ```
public struct StateRetention: Sendable, Hashable {
    /// How long a send-ledger entry is kept after its last change: a send repeated with the same
    /// idempotency key within this time is recognised (default 7 days).
    public var ledger: Duration
    /// How long a push-report claim is kept: EVERY8D's repeats of one report within this time
    /// reach the handler once (default 7 days; the gateway repeats a report up to ten times).
    public var inbox: Duration

    /// Creates a retention.
    ///
    /// - Parameters:
    ///   - ledger: How long ledger entries are kept (default 7 days).
    ///   - inbox: How long push-report claims are kept (default 7 days).
    public init(ledger: Duration = .seconds(7 * 86_400), inbox: Duration = .seconds(7 * 86_400)) {
        self.ledger = ledger
        self.inbox = inbox
    }

    /// Seven days for both.
    public static let `default` = StateRetention()

    /// Purges what is older than this retention from `store`.
    ///
    /// - Parameters:
    ///   - store: The send ledger and push-report inbox to purge.
    ///   - now: The current time (default the system clock).
    /// - Returns: How many ledger entries and inbox claims were removed.
    /// - Throws: ``StateStoreError`` when the store cannot be reached.
    @discardableResult
    public func apply(to store: some SendLedger & PushReportInbox, now: Date = Date()) async throws -> (ledger: Int, inbox: Int) {
        let ledgerRemoved = try await store.purgeLedger(before: now.addingTimeInterval(-ledger.timeInterval))
        let inboxRemoved = try await store.purgeInbox(before: now.addingTimeInterval(-inbox.timeInterval))
        return (ledgerRemoved, inboxRemoved)
    }
}
