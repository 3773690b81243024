import Foundation

/// The credentials side of one client (shared by its copies): the current token or session key,
/// the login latch, and the gate that lets only one password-carrying call through until the
/// gateway has accepted the credentials.
///
/// Everything lives in a ``CredentialStore``, so clients that share a store share all of it:
/// - **One login for all.** A session is fetched on first need by one caller in this process
///   (``SingleFlight``) and, with a shared store, by one process in the fleet (the store's refresh
///   lease; the others wait for its result, and take over a lease whose holder died). It is used
///   until a jittered moment shortly before it expires, then renewed the same way.
/// - **Rejected sessions** are dropped only if still current (generation check), so many callers
///   rejected together cause one new login, not many.
/// - **The login latch.** Once the gateway refuses the credentials, every later login or
///   password-carrying call throws ``CredentialsRefusedError`` without sending anything, until the
///   credentials change, the latch is reset, or the policy's cool-down passes.
///
/// Its own state (the session held, whether the credentials are verified) sits behind a lock, not
/// in an actor: every call reads it, and two executor switches a call would cost more than the rest
/// of a short call. Logins still run one at a time through ``SingleFlight``.
package final class SessionKeeper: Sendable {
    /// How sessions age and how long to wait for another process's login.
    package struct Settings: Sendable {
        /// When a session issued at a given time stops being usable.
        package var expiry: @Sendable (Date) -> Date
        /// The share of a session's life, at most, by which it is renewed early (randomly per
        /// session, so that a fleet does not renew all at once).
        package var earlyRefresh: Double
        /// When refused credentials may be tried again.
        package var latchPolicy: LoginLatchPolicy
        /// How long one process may hold the refresh lease before another takes over: longer
        /// than a login can take with its retries.
        package var leaseDuration: Duration
        /// The clock for issue times, expiry and refusals.
        package var now: @Sendable () -> Date

        package init(expiry: @escaping @Sendable (Date) -> Date, earlyRefresh: Double = 0.1, latchPolicy: LoginLatchPolicy,
                     leaseDuration: Duration, now: @escaping @Sendable () -> Date) {
            self.expiry = expiry
            self.earlyRefresh = earlyRefresh
            self.latchPolicy = latchPolicy
            self.leaseDuration = leaseDuration
            self.now = now
        }
    }

    /// What a login returns: the new session's value and when it was issued.
    package typealias Login = @Sendable () async throws -> (value: String, issuedAt: Date)

    package let store: any CredentialStore
    package let identity: AccountIdentity
    private let settings: Settings
    private let holder = "\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"
    private let logins = SingleFlight<StoredSession>()
    private let state = Locked(State())

    private struct State {
        var keys: (session: StateKey, latch: StateKey)?
        var held: StoredSession?
        var renewAt: Date?
        /// The gateway accepted the credentials in this process.
        var verified = false
        /// A password-carrying call is out to find out whether it will.
        var probing = false
    }

    package init(store: any CredentialStore, identity: AccountIdentity, settings: Settings) {
        self.store = store
        self.identity = identity
        self.settings = settings
    }

    // MARK: Sessions

    /// The session held in this process, expired or not (for closing it, and to blank it out of logs).
    package var heldSession: StoredSession? { state.withLock { $0.held } }

    /// How many callers wait for a login (for tests).
    package var waitingCallers: Int { get async { await logins.waitingCallers } }

    /// A usable session: the one held, one another process stored, or a new one from `login`
    /// (one login for every concurrent caller here, and one per fleet with a shared store).
    ///
    /// - Throws: ``CredentialsRefusedError`` when the latch holds; ``StateStoreError``; what `login` throws.
    package func session(for operation: String, login: @escaping Login) async throws -> StoredSession {
        try Task.checkCancellation()
        let (held, renewAt) = state.withLock { ($0.held, $0.renewAt) }
        if let held, let renewAt, settings.now() < renewAt, !issuedInTheFuture(held) { return held }
        return try await logins.run { try await self.obtain(operation: operation, login: login) }
    }

    /// Drops `session` if it is still the current one (the gateway rejected it).
    package func invalidate(_ session: StoredSession) async throws {
        state.withLock { state in
            if state.held?.generation == session.generation { state.held = nil; state.renewAt = nil }
        }
        let key = try await accountKeys().session
        try await storeCall("drop the rejected session") { try await store.invalidateSession(for: key, generation: session.generation) }
    }

    /// Makes a session fetched explicitly (`connect()`, `connect()`) the current one.
    package func adopt(value: String, issuedAt: Date) async throws -> StoredSession {
        let key = try await accountKeys().session
        while true {
            let slot = try await storeCall("read the session") { try await store.session(for: key) }
            let stored = try await storeCall("store the session") {
                try await store.replaceSession(for: key, ifGeneration: slot.generation, value: value, issuedAt: issuedAt)
            }
            if let session = stored.session, session.value == value, stored.generation == slot.generation + 1 {
                keep(session)
                return session
            }
        }
    }

    private func obtain(operation: String, login: Login) async throws -> StoredSession {
        let key = try await accountKeys().session
        while true {
            try Task.checkCancellation()
            let slot = try await storeCall("read the session") { try await store.session(for: key) }
            if let session = slot.session, usable(session) { return keep(session) }
            try await checkLatch(operation: operation)
            let leased = try await storeCall("take the refresh lease") {
                try await store.acquireRefreshLease(for: key, holder: holder, duration: settings.leaseDuration)
            }
            guard leased else {
                try await waitForOtherLogin(key: key, after: slot.generation, operation: operation)
                continue
            }
            do {
                // Someone may have stored a session between the read and the lease.
                let current = try await storeCall("read the session") { try await store.session(for: key) }
                if let session = current.session, usable(session) {
                    try? await store.releaseRefreshLease(for: key, holder: holder)
                    return keep(session)
                }
                let fresh = try await login()
                let stored = try await storeCall("store the session") {
                    try await store.replaceSession(for: key, ifGeneration: current.generation, value: fresh.value, issuedAt: fresh.issuedAt)
                }
                try? await store.releaseRefreshLease(for: key, holder: holder)
                // Lost a race (our lease expired while logging in): the winner's session is newer.
                if let session = stored.session { return keep(session) }
            } catch {
                try? await store.releaseRefreshLease(for: key, holder: holder)
                throw error
            }
        }
    }

    /// Waits while another process logs in: until its session is stored, its refusal recorded,
    /// or its lease ends (then the caller tries to take over).
    private func waitForOtherLogin(key: StateKey, after generation: UInt64, operation: String) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + settings.leaseDuration + .seconds(1)
        while clock.now < deadline {
            try await Task.sleep(for: .milliseconds(Int.random(in: 20...60)))
            let slot = try await storeCall("read the session") { try await store.session(for: key) }
            if slot.generation != generation || slot.session.map(usable) == true { return }
            try await checkLatch(operation: operation)
            let free = try await storeCall("take the refresh lease") {
                try await store.acquireRefreshLease(for: key, holder: holder, duration: settings.leaseDuration)
            }
            if free {
                try? await store.releaseRefreshLease(for: key, holder: holder)
                return
            }
        }
        throw TransportError(.timedOut, requestMayHaveBeenProcessed: false, detail: "another process is still logging in to this account")
    }

    @discardableResult
    private func keep(_ session: StoredSession) -> StoredSession {
        let expires = settings.expiry(session.issuedAt)
        let life = expires.timeIntervalSince(session.issuedAt)
        let renewAt = expires.addingTimeInterval(-max(0, life) * settings.earlyRefresh * Double.random(in: 0...1))
        state.withLock { state in
            state.held = session
            state.renewAt = renewAt
            state.verified = true
        }
        return session
    }

    private func usable(_ session: StoredSession) -> Bool {
        !issuedInTheFuture(session) && settings.now() < settings.expiry(session.issuedAt)
    }

    /// A session stamped more than a minute ahead of this clock is from a clock we cannot trust.
    private func issuedInTheFuture(_ session: StoredSession) -> Bool {
        session.issuedAt.timeIntervalSince(settings.now()) > 60
    }

    // MARK: The login latch

    /// Throws ``CredentialsRefusedError`` when a refusal of these credentials still holds.
    package func checkLatch(operation: String) async throws {
        let key = try await accountKeys().latch
        guard let refusal = try await storeCall("read the login latch", { try await store.loginRefusal(for: key) }) else { return }
        if settings.latchPolicy.holds(refusal, at: settings.now()) {
            throw CredentialsRefusedError(refusal: refusal, operation: operation)
        }
    }

    /// Records the gateway's refusal of the credentials: later calls are refused locally.
    package func recordRefusal(_ refusal: LoginRefusal) async throws {
        state.withLock { state in
            state.verified = false
            state.held = nil
        }
        let key = try await accountKeys().latch
        try await storeCall("record the login refusal") { try await store.recordLoginRefusal(refusal, for: key) }
    }

    /// The refusal recorded for these credentials, if any (holding or cooled down).
    package func loginRefusal() async throws -> LoginRefusal? {
        let key = try await accountKeys().latch
        return try await storeCall("read the login latch") { try await store.loginRefusal(for: key) }
    }

    /// Forgets a recorded refusal, so the credentials are tried again on the next call.
    package func resetLatch() async throws {
        let key = try await accountKeys().latch
        try await storeCall("clear the login latch") { try await store.clearLoginRefusal(for: key) }
    }

    // MARK: The gate for calls that carry the password

    /// Lets a call that carries the password through: at once when the gateway has accepted the
    /// credentials in this process; otherwise one call at a time (the probe) until one is answered.
    ///
    /// - Returns: Whether this call is the probe: it must then call ``finishProbe(accepted:)``.
    /// - Throws: ``CredentialsRefusedError`` when the latch holds (also when it engages while waiting).
    package func admit(operation: String) async throws -> Bool {
        while true {
            try await checkLatch(operation: operation)
            let admitted: Bool? = state.withLock { state in
                if state.verified { return false }
                if state.probing { return nil }
                state.probing = true
                return true
            }
            if let admitted { return admitted }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Ends a probe: `true` when the gateway accepted the credentials, `false` when it refused
    /// them (the refusal is already recorded), `nil` when the answer told nothing (no answer).
    package func finishProbe(accepted: Bool?) {
        state.withLock { state in
            state.probing = false
            if accepted == true { state.verified = true }
        }
    }

    // MARK: Store access

    private func accountKeys() async throws -> (session: StateKey, latch: StateKey) {
        if let keys = state.withLock({ $0.keys }) { return keys }
        let salt = try await storeCall("read the store's salt") { try await store.salt() }
        let keys = identity.keys(salt: salt)
        state.withLock { $0.keys = keys }
        return keys
    }

    @discardableResult
    private func storeCall<T>(_ action: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StateStoreError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw StateStoreError(action: action, detail: String(describing: type(of: error)))
        }
    }
}
