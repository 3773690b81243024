import Foundation

/// A ``CredentialStore``, ``SendLedger`` and ``PushReportInbox`` in this process's memory: the
/// default of every client.
///
/// A client (and its copies) gets one of its own, so nothing is shared with other clients unless
/// you pass the same store to them. Everything is lost when the process ends; the push-report
/// inbox keeps at most ``inboxLimit`` keys (the oldest go first).
public actor InMemoryStateStore: CredentialStore, SendLedger, PushReportInbox {
    /// The most push-report keys kept.
    public let inboxLimit: Int

    private let saltBytes: [UInt8]
    private var slots: [StateKey: SessionSlot] = [:]
    private var leases: [StateKey: (holder: String, until: ContinuousClock.Instant)] = [:]
    private var refusals: [StateKey: LoginRefusal] = [:]
    private var ledger: [String: LedgerEntry] = [:]
    private var inbox: [String: Date] = [:]
    private var inboxOrder: [String] = []

    /// Creates an empty store with a random salt.
    ///
    /// - Parameter inboxLimit: The most push-report keys kept (default 100,000).
    public init(inboxLimit: Int = 100_000) {
        var generator = SystemRandomNumberGenerator()
        saltBytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        self.inboxLimit = max(1, inboxLimit)
    }

    // MARK: CredentialStore

    public func salt() -> [UInt8] { saltBytes }

    public func session(for key: StateKey) -> SessionSlot { slots[key] ?? .empty }

    public func replaceSession(for key: StateKey, ifGeneration expected: UInt64, value: String, issuedAt: Date) -> SessionSlot {
        let slot = slots[key] ?? .empty
        guard slot.generation == expected else { return slot }
        let next = SessionSlot(generation: expected + 1, session: StoredSession(value: value, issuedAt: issuedAt, generation: expected + 1))
        slots[key] = next
        return next
    }

    @discardableResult
    public func invalidateSession(for key: StateKey, generation: UInt64) -> Bool {
        guard let slot = slots[key], slot.generation == generation, slot.session != nil else { return false }
        slots[key] = SessionSlot(generation: generation, session: nil)
        return true
    }

    public func acquireRefreshLease(for key: StateKey, holder: String, duration: Duration) -> Bool {
        let now = ContinuousClock.now
        if let lease = leases[key], lease.holder != holder, lease.until > now { return false }
        leases[key] = (holder, now + duration)
        return true
    }

    public func releaseRefreshLease(for key: StateKey, holder: String) {
        if leases[key]?.holder == holder { leases[key] = nil }
    }

    public func loginRefusal(for key: StateKey) -> LoginRefusal? { refusals[key] }

    public func recordLoginRefusal(_ refusal: LoginRefusal, for key: StateKey) { refusals[key] = refusal }

    public func clearLoginRefusal(for key: StateKey) { refusals[key] = nil }

    // MARK: SendLedger

    public func claim(_ key: String, fingerprint: String, owner: String, leaseUntil: Date, now: Date) -> LedgerEntry? {
        if let existing = ledger[key] { return existing }
        ledger[key] = LedgerEntry(key: key, fingerprint: fingerprint, state: .inFlight, owner: owner, leaseUntil: leaseUntil,
                                  createdAt: now, updatedAt: now)
        return nil
    }

    public func replace(_ entry: LedgerEntry, with new: LedgerEntry) -> Bool {
        guard ledger[entry.key]?.version == entry.version else { return false }
        ledger[entry.key] = new
        return true
    }

    @discardableResult
    public func remove(_ entry: LedgerEntry) -> Bool {
        guard ledger[entry.key]?.version == entry.version else { return false }
        ledger[entry.key] = nil
        return true
    }

    @discardableResult
    public func purgeLedger(before date: Date) -> Int {
        let old = ledger.values.filter { $0.updatedAt < date }.map(\.key)
        for key in old { ledger[key] = nil }
        return old.count
    }

    // MARK: PushReportInbox

    public func claim(_ key: String, now: Date) -> Bool {
        guard inbox[key] == nil else { return false }
        inbox[key] = now
        inboxOrder.append(key)
        if inboxOrder.count > inboxLimit {
            let dropped = inboxOrder.removeFirst()
            inbox[dropped] = nil
        }
        return true
    }

    public func release(_ key: String) {
        inbox[key] = nil
        inboxOrder.removeAll { $0 == key }
    }

    @discardableResult
    public func purgeInbox(before date: Date) -> Int {
        let old = inbox.filter { $0.value < date }.map(\.key)
        for key in old { inbox[key] = nil }
        inboxOrder.removeAll { inbox[$0] == nil }
        return old.count
    }
}
