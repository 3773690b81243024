import Foundation

/// Where sends with an idempotency key are recorded, so that the same key never sends twice: in
/// this process, in every process on the machine (the file store), or in a fleet (PostgreSQL).
///
/// A client claims the key (with a fingerprint of the request) before anything is sent, and
/// records the outcome after: the receipt, or that the outcome is unknown. A later send with the
/// same key finds the entry and returns the receipt, refuses a different request, waits for an
/// attempt still in flight, or reconciles an unknown outcome with the gateway before sending
/// anything. Every method is atomic on its own; failures are ``StateStoreError`` (a keyed send
/// then sends nothing).
public protocol SendLedger: Sendable {
    /// Creates the entry for `key` as in flight for `owner` until `leaseUntil`, unless one exists.
    ///
    /// - Returns: `nil` when the key was claimed (send now), or the entry already there.
    func claim(_ key: String, fingerprint: String, owner: String, leaseUntil: Date, now: Date) async throws -> LedgerEntry?

    /// Replaces `entry` (compare-and-swap on its ``LedgerEntry/version``): to take over an entry
    /// whose owner died or whose outcome is unknown, to record the outcome, or to extend a lease.
    ///
    /// - Returns: Whether the entry was still at that version and was replaced.
    func replace(_ entry: LedgerEntry, with new: LedgerEntry) async throws -> Bool

    /// Removes `entry` if it is still at its version: the send provably did not happen, so the key
    /// may be used again.
    ///
    /// - Returns: Whether it was removed.
    @discardableResult
    func remove(_ entry: LedgerEntry) async throws -> Bool

    /// Removes every entry last changed before `date` (the ledger's retention).
    ///
    /// - Returns: How many entries were removed.
    @discardableResult
    func purgeLedger(before date: Date) async throws -> Int
}

/// One idempotency key's record in a ``SendLedger``.
public struct LedgerEntry: Sendable, Hashable, Codable {
    /// Where a keyed send stands.
    public enum State: String, Sendable, Hashable, Codable {
        /// Claimed; the owner is sending (or died sending: see ``LedgerEntry/leaseUntil``).
        case inFlight
        /// Sent: ``LedgerEntry/result`` holds the receipt.
        case sent
        /// The request may have reached the gateway but no answer was read: reconcile before
        /// sending anything again.
        case unknown
    }

    /// The caller's idempotency key.
    public var key: String
    /// A digest of the request, so that the same key with another request is refused.
    public var fingerprint: String
    /// Where the send stands.
    public var state: State
    /// Who holds the entry (a process and a random id), while in flight.
    public var owner: String
    /// Until when the owner's claim holds; an in-flight entry past it belongs to a dead owner.
    public var leaseUntil: Date
    /// When the key was first claimed.
    public var createdAt: Date
    /// When the entry last changed.
    public var updatedAt: Date
    /// The client's record of the outcome (a receipt, encoded by the client), when sent.
    public var result: Data?
    /// Increased on every change, for compare-and-swap.
    public var version: Int64

    /// Creates an entry.
    public init(key: String, fingerprint: String, state: State, owner: String, leaseUntil: Date, createdAt: Date, updatedAt: Date,
                result: Data? = nil, version: Int64 = 1) {
        self.key = key
        self.fingerprint = fingerprint
        self.state = state
        self.owner = owner
        self.leaseUntil = leaseUntil
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.result = result
        self.version = version
    }

    /// The entry with `changes` applied and the version increased.
    package func updated(_ changes: (inout LedgerEntry) -> Void) -> LedgerEntry {
        var copy = self
        changes(&copy)
        copy.version = version + 1
        return copy
    }
}

/// Where push reports already handled are remembered, so that EVERY8D's retries (it calls until it
/// gets HTTP 200, up to ten times) reach the handler once.
public protocol PushReportInbox: Sendable {
    /// Claims a report by its key (a digest of what identifies it).
    ///
    /// - Returns: `true` when the report is new (handle it), `false` when it was handled or is
    ///   being handled.
    func claim(_ key: String, now: Date) async throws -> Bool

    /// Gives a claim back because its handler failed, so that the gateway's next call is handled.
    func release(_ key: String) async throws

    /// Forgets reports claimed before `date` (the inbox's retention).
    ///
    /// - Returns: How many were forgotten.
    @discardableResult
    func purgeInbox(before date: Date) async throws -> Int
}
