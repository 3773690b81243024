import Foundation

/// What a ``FileStateStore`` holds, for tools that show it (`every8d state show`): when each
/// token or session key was issued, never its value; each login refusal; how many send-ledger
/// entries and push-report claims there are.
public struct StateStoreSummary: Sendable, Hashable {
    /// One session slot.
    public struct Session: Sendable, Hashable {
        /// The slot's key: the API, `.session.` and the account's salted fingerprint.
        public var key: StateKey
        /// The generation of its last write.
        public var generation: UInt64
        /// When the session it holds was issued, or `nil` when it holds none (rejected, used up or closed).
        public var issuedAt: Date?

        /// The API the slot belongs to, from its key: `every8d-http`, `every8d-soap`, `every8d-v3`, ….
        public var api: String { key.rawValue.components(separatedBy: ".session.").first ?? key.rawValue }

        /// Creates a summary of a slot.
        public init(key: StateKey, generation: UInt64, issuedAt: Date?) {
            self.key = key
            self.generation = generation
            self.issuedAt = issuedAt
        }
    }

    /// One login latch that holds a refusal.
    public struct Refusal: Sendable, Hashable {
        /// The latch's key: the vendor, `.latch.` and the account's salted fingerprint.
        public var key: StateKey
        /// The gateway's refusal (no secret in it).
        public var refusal: LoginRefusal

        /// Creates a summary of a latch.
        public init(key: StateKey, refusal: LoginRefusal) {
            self.key = key
            self.refusal = refusal
        }
    }

    /// Every session slot, oldest key first.
    public var sessions: [Session]
    /// Every recorded login refusal.
    public var refusals: [Refusal]
    /// How many send-ledger entries are in each state.
    public var ledger: [LedgerEntry.State: Int]
    /// How many push reports are remembered as handled.
    public var inboxClaims: Int
    /// Record files that could not be read (damaged, or written by an incompatible version).
    public var unreadable: Int

    /// How many send-ledger entries there are.
    public var ledgerEntries: Int { ledger.values.reduce(0, +) }

    /// Creates a summary.
    public init(sessions: [Session] = [], refusals: [Refusal] = [], ledger: [LedgerEntry.State: Int] = [:], inboxClaims: Int = 0,
                unreadable: Int = 0) {
        self.sessions = sessions
        self.refusals = refusals
        self.ledger = ledger
        self.inboxClaims = inboxClaims
        self.unreadable = unreadable
    }
}
