import Foundation

extension Every8DClient {
    /// Logs in: fetches a new token (`ConnectionHandler.ashx`, `VerifyType` 1) and makes it the
    /// one the client uses.
    ///
    /// You rarely need this: in token mode the client fetches a token on first need and renews it.
    /// Call it to fail fast at start-up on wrong credentials, or to replace the token now. Works in
    /// password mode too (the token is then kept but not used).
    ///
    /// - Returns: The token; its description hides the value.
    /// - Throws: ``Every8DError`` (for example `-101` wrong password, `-999` locked) when the gateway
    ///   refuses; `TransportError`, `HTTPStatusError` or `ResponseParseError` otherwise.
    @discardableResult
    public func connect() async throws -> AccessToken {
        let fetched = try await requestToken()
        let stored = try await keeper.adopt(value: fetched.value, issuedAt: fetched.issuedAt)
        return AccessToken(value: stored.value, issuedAt: stored.issuedAt)
    }

    /// Asks the gateway whether the client's current token is alive (`VerifyType` 2).
    ///
    /// Without a token (none fetched yet, or password mode) nothing is sent and the answer is
    /// `false`. A token the gateway reports dead (`"Result":false`, HTTP 401/403, `-301`) is dropped,
    /// so the next call fetches a new one.
    ///
    /// - Returns: Whether the token is alive.
    /// - Throws: `TransportError` or `HTTPStatusError` when no answer could be had (after the read
    ///   retries); `ResponseParseError` for an unreadable answer.
    public func checkConnection() async throws -> Bool {
        guard let token = keeper.heldSession else { return false }
        let body = RequestBody.json([.init("HandlerType", .int(3)), .init("VerifyType", .int(2))])
        let alive: Bool
        do {
            alive = try await perform(.checkToken, rule: .read, token: token, body: body) { data in
                try Every8DResponseParser.handlerResult(data, operation: .checkToken)
            }
        } catch let error as HTTPStatusError where error.status == 401 || error.status == 403 {
            alive = false
        } catch let error as Every8DError where error.isAuthenticationFailure {
            alive = false
        }
        if !alive { try await keeper.invalidate(token) }
        return alive
    }

    /// Logs out: closes the client's current token (`VerifyType` 3) and forgets it.
    ///
    /// The client never closes a token by itself. Close it when your process stops using the
    /// account; the next call fetches a new one. Without a token nothing is sent. A token the
    /// gateway already rejects (HTTP 401/403, `-301`) counts as closed.
    ///
    /// - Returns: `true` when a token was closed, `false` when none was held or the gateway already
    ///   rejected it.
    /// - Throws: ``Every8DError`` when the gateway refuses to close it (the token is then kept);
    ///   `TransportError`, `HTTPStatusError` or `ResponseParseError` otherwise.
    @discardableResult
    public func disconnect() async throws -> Bool {
        guard let token = keeper.heldSession else { return false }
        var closed = true
        let body = RequestBody.json([.init("HandlerType", .int(3)), .init("VerifyType", .int(3))])
        do {
            try await perform(.closeToken, rule: .once, token: token, body: body) { data in
                if let error = Every8DResponseParser.gatewayError(in: data, operation: .closeToken) { throw error }
                guard try Every8DResponseParser.handlerResult(data, operation: .closeToken) else {
                    throw Every8DError(code: .unknownError, message: "", operation: .closeToken)
                }
            }
        } catch let error as HTTPStatusError where error.status == 401 || error.status == 403 {
            closed = false  // already gone on the gateway's side
        } catch let error as Every8DError where error.isAuthenticationFailure {
            closed = false  // already gone on the gateway's side
        }
        try await keeper.invalidate(token)
        return closed
    }

    /// The gateway's refusal of these credentials that the client remembers, if any: while it
    /// holds, every call throws `CredentialsRefusedError` at once and nothing is sent.
    ///
    /// - Returns: The refusal (when, which call, the gateway's code and message), or `nil`.
    /// - Throws: `StateStoreError` when the configured store cannot be read.
    public func loginRefusal() async throws -> LoginRefusal? {
        try await keeper.loginRefusal()
    }

    /// Forgets the gateway's refusal of these credentials, so that the next call tries them again.
    ///
    /// Call it after fixing the account on the gateway's side (a locked account unlocked by the
    /// vendor, a password reset back to the configured one). Changing the configured password needs
    /// no reset: the latch is kept per user id and password. With a shared store this clears the
    /// refusal for every process.
    ///
    /// - Throws: `StateStoreError` when the configured store cannot be written.
    public func resetLoginRefusal() async throws {
        try await keeper.resetLatch()
    }

    /// Fetches a token without storing it.
    @Sendable
    func requestToken() async throws -> (value: String, issuedAt: Date) {
        let body = RequestBody.json([
            .init("HandlerType", .int(3)), .init("VerifyType", .int(1)),
            .init("UID", .string(credentials.userID)), .init("PWD", .string(credentials.password)),
        ])
        let value = try await perform(.getToken, rule: .read, authenticated: false, body: body, answerHoldsSecret: { data in
            if case .success(let message) = GatewayEnvelope.classify(data) {
                return [message, message.trimmingCharacters(in: .whitespacesAndNewlines)]
            }
            return []
        }) { data in
            try Every8DResponseParser.token(data, operation: .getToken)
        }
        return (value, configuration.now())
    }
}
