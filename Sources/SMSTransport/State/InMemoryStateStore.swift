import Foundation

/// A ``CredentialStore``, ``SendLedger`` and ``PushReportInbox`` in this process's memory: the
/// default of every client.
///
/// A client (and its copies) gets one of its own, so nothing is shared with other clients unless
/// you pass the same store to them. Everything is lost when the process ends; the push-report
/// inbox keeps at most ``inboxLimit`` keys (the oldest go first).
public final class InMemoryStateStore: CredentialStore, SendLedger, PushReportInbox {
    /// The most push-report keys kept.
    public let inboxLimit: Int

    private let saltBytes: [UInt8]
    // Behind a lock, not in an actor: a password-mode call reads the login latch here every time,
    // and an actor's two executor switches would cost more than the rest of the call. The methods
    // stay `async`, as the protocols are, so code written against this store works with any other.
    private let state = Locked(State())

    private struct State {
        var slots: [StateKey: SessionSlot] = [:]
        var leases: [StateKey: Lease] = [:]
        var refusals: [StateKey: LoginRefusal] = [:]
        var ledger: [String: LedgerEntry] = [:]
        var inbox: [String: Date] = [:]
        var inboxOrder: [String] = []
    }

    private struct Lease {
        var holder: String
        var until: ContinuousClock.Instant
    }

    /// Creates an empty store with a random salt.
    ///
    /// - Parameter inboxLimit: The most push-report keys kept (default 100,000).
    public init(inboxLimit: Int = 100_000) {
        var generator = SystemRandomNumberGenerator()
        saltBytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        self.inboxLimit = max(1, inboxLimit)
    }

    // MARK: CredentialStore

    public func salt() async -> [UInt8] { saltBytes }

    public func session(for key: StateKey) async -> SessionSlot { state.withLock { $0.slots[key] ?? .empty } }

    public func replaceSession(for key: StateKey, ifGeneration expected: UInt64, value: String, issuedAt: Date) async -> SessionSlot {
        state.withLock { state in
            let slot = state.slots[key] ?? .empty
            guard slot.generation == expected else { return slot }
            let next = SessionSlot(generation: expected + 1,
                                   session: StoredSession(value: value, issuedAt: issuedAt, generation: expected + 1))
            state.slots[key] = next
            return next
        }
    }

    @discardableResult
    public func invalidateSession(for key: StateKey, generation: UInt64) async -> Bool {
        state.withLock { state in
            guard let slot = state.slots[key], slot.generation == generation, slot.session != nil else { return false }
            state.slots[key] = SessionSlot(generation: generation, session: nil)
            return true
        }
    }

    public func acquireRefreshLease(for key: StateKey, holder: String, duration: Duration) async -> Bool {
        let now = ContinuousClock.now
        return state.withLock { state in
            if let lease = state.leases[key], lease.holder != holder, lease.until > now { return false }
            state.leases[key] = Lease(holder: holder, until: now + duration)
            return true
        }
    }

    public func releaseRefreshLease(for key: StateKey, holder: String) async {
        state.withLock { state in
            if state.leases[key]?.holder == holder { state.leases[key] = nil }
        }
    }

    public func loginRefusal(for key: StateKey) async -> LoginRefusal? { state.withLock { $0.refusals[key] } }

    public func recordLoginRefusal(_ refusal: LoginRefusal, for key: StateKey) async { state.withLock { $0.refusals[key] = refusal } }

    public func clearLoginRefusal(for key: StateKey) async { state.withLock { $0.refusals[key] = nil } }

    // MARK: SendLedger

    public func claim(_ key: String, fingerprint: String, owner: String, leaseUntil: Date, now: Date) async -> LedgerEntry? {
        state.withLock { state in
            if let existing = state.ledger[key] { return existing }
            state.ledger[key] = LedgerEntry(key: key, fingerprint: fingerprint, state: .inFlight, owner: owner, leaseUntil: leaseUntil,
                                            createdAt: now, updatedAt: now)
            return nil
        }
    }

    public func replace(_ entry: LedgerEntry, with new: LedgerEntry) async -> Bool {
        state.withLock { state in
            guard state.ledger[entry.key]?.version == entry.version else { return false }
            state.ledger[entry.key] = new
            return true
        }
    }

    @discardableResult
    public func remove(_ entry: LedgerEntry) async -> Bool {
        state.withLock { state in
            guard state.ledger[entry.key]?.version == entry.version else { return false }
            state.ledger[entry.key] = nil
            return true
        }
    }

    @discardableResult
    public func purgeLedger(before date: Date) async -> Int {
        state.withLock { state in
            let old = state.ledger.values.filter { $0.updatedAt < date }.map(\.key)
            for key in old { state.ledger[key] = nil }
            return old.count
        }
    }

    // MARK: PushReportInbox

    public func claim(_ key: String, now: Date) async -> Bool {
        let limit = inboxLimit
        return state.withLock { state in
            guard state.inbox[key] == nil else { return false }
            state.inbox[key] = now
            state.inboxOrder.append(key)
            if state.inboxOrder.count > limit {
                let dropped = state.inboxOrder.removeFirst()
                state.inbox[dropped] = nil
            }
            return true
        }
    }

    public func release(_ key: String) async {
        state.withLock { state in
            state.inbox[key] = nil
            state.inboxOrder.removeAll { $0 == key }
        }
    }

    @discardableResult
    public func purgeInbox(before date: Date) async -> Int {
        state.withLock { state in
            let old = state.inbox.filter { $0.value < date }.map(\.key)
            for key in old { state.inbox[key] = nil }
            state.inboxOrder.removeAll { state.inbox[$0] == nil }
            return old.count
        }
    }
}
