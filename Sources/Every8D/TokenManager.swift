import Foundation

/// The one token a client (and every copy of it) shares.
///
/// - Fetched on first need, then reused until it is older than the lifetime.
/// - One fetch at a time: callers arriving while a fetch runs wait for that fetch.
/// - A token the gateway rejected is dropped with ``invalidate(_:)``; only the caller holding that
///   very token can drop it, so many callers rejected together cause one new fetch, not many.
/// - Waiting callers that are cancelled stop waiting at once; the fetch itself carries on (it is
///   bounded by the request deadline) and its token is kept for the next caller.
actor TokenManager {
    typealias Fetch = @Sendable () async throws -> AccessToken

    private let lifetime: Duration
    private let now: @Sendable () -> Date
    private var current: AccessToken?
    private var fetching = false
    private var waiters: [Int: CheckedContinuation<AccessToken, any Error>] = [:]
    private var unregistered: Set<Int> = []
    private var cancelledWaiters: Set<Int> = []
    private var nextWaiter = 0

    init(lifetime: Duration, now: @escaping @Sendable () -> Date) {
        self.lifetime = lifetime
        self.now = now
    }

    /// The token in use, if one is held and not expired.
    var validToken: AccessToken? {
        guard let current, !isExpired(current) else { return nil }
        return current
    }

    /// How many callers are waiting for a fetch (for tests that need to know they arrived).
    var waitingCallers: Int { waiters.count }

    /// The token held, expired or not (for closing it).
    var heldToken: AccessToken? { current }

    /// A valid token: the one held, or a new one from `fetch` (one fetch for all concurrent callers).
    func token(fetch: @escaping Fetch) async throws -> AccessToken {
        try Task.checkCancellation()
        if let token = validToken { return token }
        if !fetching {
            fetching = true
            Task {
                let result: Result<AccessToken, any Error>
                do { result = .success(try await fetch()) } catch { result = .failure(error) }
                self.finish(result)
            }
        }
        let id = nextWaiter
        nextWaiter += 1
        unregistered.insert(id)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<AccessToken, any Error>) in
                unregistered.remove(id)
                if cancelledWaiters.remove(id) != nil {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    /// Stores a token fetched explicitly, replacing the one held.
    func store(_ token: AccessToken) {
        current = token
    }

    /// Drops `token` if it is still the one held (the gateway rejected it).
    func invalidate(_ token: AccessToken) {
        if current == token { current = nil }
    }

    /// Drops whatever token is held.
    func clear() {
        current = nil
    }

    private func isExpired(_ token: AccessToken) -> Bool {
        let age = now().timeIntervalSince(token.issuedAt)
        let limit = Double(lifetime.components.seconds) + Double(lifetime.components.attoseconds) / 1e18
        return age >= limit || age < -60
    }

    private func finish(_ result: Result<AccessToken, any Error>) {
        fetching = false
        if case .success(let token) = result { current = token }
        let resumed = waiters
        waiters = [:]
        for continuation in resumed.values {
            continuation.resume(with: result)
        }
    }

    private func cancelWaiter(_ id: Int) {
        if let continuation = waiters.removeValue(forKey: id) {
            continuation.resume(throwing: CancellationError())
        } else if unregistered.contains(id) {
            // Cancelled before it registered: make the registration fail at once.
            cancelledWaiters.insert(id)
        }
    }
}
