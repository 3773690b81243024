import Foundation

/// A ``CredentialStore`` in this process's memory: the default of every client.
///
/// A client (and its copies) gets one of its own, so nothing is shared with other clients unless
/// you pass the same store to them. Everything is lost when the process ends.
public actor InMemoryCredentialStore: CredentialStore {
    private let saltBytes: [UInt8]
    private var slots: [StateKey: SessionSlot] = [:]
    private var leases: [StateKey: (holder: String, until: ContinuousClock.Instant)] = [:]
    private var refusals: [StateKey: LoginRefusal] = [:]

    /// Creates an empty store with a random salt.
    public init() {
        var generator = SystemRandomNumberGenerator()
        saltBytes = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

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
}
