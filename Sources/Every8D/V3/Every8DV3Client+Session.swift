import Foundation

extension Every8DV3Client {
    /// Logs in now: fetches a token (`getoken`), which proves the user id, password and custcode.
    ///
    /// Call it to fail fast at start-up on wrong credentials (`505` and `509` engage the login
    /// latch). The client does not keep the token: a 3.0 token is good for one call, and every
    /// call gets its own (or uses the password). The token expires unused after ten minutes; use it
    /// for one call of your own, or with ``tokenIsLive(_:)``.
    ///
    /// - Returns: The token; its description hides the value.
    /// - Throws: ``Every8DError`` (`505`, `507`, `509`, …); `CredentialsRefusedError` while the latch
    ///   holds; `TransportError`, `HTTPStatusError` or `ResponseParseError` otherwise.
    @discardableResult
    public func connect() async throws -> AccessToken {
        let site = try site.get()
        try checkCredentials()
        let token = try await fetchToken(site: site)
        return AccessToken(value: token.value, issuedAt: token.issuedAt)
    }

    /// Asks the gateway whether a token can be had and is alive: fetches a fresh token (`getoken`)
    /// and asks `tokenislive` about it (two round trips; the token is not used up by the question).
    ///
    /// The client holds no token between calls, so unlike 2.1 there is no "current" token to
    /// check; this proves that the account, password and custcode work for token calls.
    ///
    /// - Returns: Whether the gateway calls the fresh token alive.
    /// - Throws: As ``connect()``.
    public func checkConnection() async throws -> Bool {
        try await tokenIsLive(try await connect())
    }

    /// Asks the gateway whether `token` (from ``connect()``) is still unused and unexpired
    /// (`tokenislive`). Asking does not use it.
    ///
    /// - Parameter token: A token of this account.
    /// - Returns: Whether it is alive.
    /// - Throws: ``Every8DError``; `TransportError`, `HTTPStatusError`, `ResponseParseError`.
    public func tokenIsLive(_ token: AccessToken) async throws -> Bool {
        let site = try site.get()
        let request = V3Request.tokenIsLive
        let url = site.url(request.operation)
        let plan = CallPlan<Bool>(
            operation: request.operation.name, rule: request.rule,
            credentials: .fixed(StoredSession(value: token.value, issuedAt: token.issuedAt, generation: 0)), secrets: [credentials.password],
            request: { session in
                request.transportRequest(url: url, userID: credentials.userID, authentication: .token(session?.value ?? token.value),
                                         timeout: configuration.timeout)
            },
            parse: { response, _ in try Every8DV3ResponseParser.tokenIsLive(response.body) },
            classify: { ($0 as? Every8DError)?.v3Failure() })
        return try await engine.run(plan)
    }

    /// API 3.0 has no logout: a token ends when used or after ten minutes, and the client holds
    /// none. Nothing is sent.
    ///
    /// - Returns: `false`: nothing was closed.
    @discardableResult
    public func disconnect() async throws -> Bool {
        false
    }

    /// The gateway's refusal of these credentials that the client remembers (`505`, `509`), if
    /// any: while it holds, every call throws `CredentialsRefusedError` at once and nothing is sent.
    ///
    /// - Throws: `StateStoreError` when the configured store cannot be read.
    public func loginRefusal() async throws -> LoginRefusal? {
        try await keeper.loginRefusal()
    }

    /// Forgets the gateway's refusal of these credentials, so that the next call tries them again
    /// (after the account was unlocked, or the password reset back to the configured one).
    ///
    /// - Throws: `StateStoreError` when the configured store cannot be written.
    public func resetLoginRefusal() async throws {
        try await keeper.resetLatch()
    }
}
