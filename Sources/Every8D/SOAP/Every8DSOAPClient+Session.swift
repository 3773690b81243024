import Foundation

extension Every8DSOAPClient {
    /// Logs in (`getConnection`) and makes the session key the one the client uses.
    ///
    /// You rarely need this: the client calls `getConnection` on first need, once for all
    /// concurrent callers, and again when the gateway answers `-301` (session gone) or a new
    /// Taiwan day begins (the vendor: a key is valid for the day). Call it to fail fast at
    /// start-up on wrong credentials.
    ///
    /// `getConnection` is repeated per ``Configuration/readRetryPolicy`` after temporary failures
    /// and on `-97` (busy), but **never** after `-100`, `-101` or `-999`: the gateway locks the
    /// account after ten failed logins, so a wrong password must not be tried again.
    ///
    /// - Returns: The session key; its description hides the value.
    /// - Throws: ``Every8DError`` with code ``Every8DError/Code/systemBusy`` (`-97`, after the
    ///   retries), ``Every8DError/Code/accountNotFound`` (`-100`), ``Every8DError/Code/wrongPassword``
    ///   (`-101`) or ``Every8DError/Code/accountLocked`` (`-999`); ``Every8DSOAPFault``;
    ///   `TransportError`, `HTTPStatusError` or `ResponseParseError` otherwise.
    @discardableResult
    public func connect() async throws -> AccessToken {
        let fetched = try await requestSession()
        let stored = try await keeper.adopt(value: fetched.value, issuedAt: fetched.issuedAt)
        return AccessToken(value: stored.value, issuedAt: stored.issuedAt)
    }

    /// Logs out (`closeConnection`) and forgets the session key.
    ///
    /// **This logs out every other system that uses the same account.** The gateway keeps one
    /// session key per account, shared by everything logged in with it: after this call, every
    /// other process, server or integration using the account gets `-301` on its next call and
    /// has to log in again (this client does so by itself). The client never calls it on its
    /// own; call it only when nothing else uses the account, or when you mean to end every
    /// session (after changing the password, say). Without a session key nothing is sent.
    ///
    /// - Returns: `true` when the gateway closed the session (`"1"`), `false` when it had none to
    ///   close (`"-1"`, or `-301`); the key is forgotten either way.
    /// - Throws: ``Every8DSOAPFault``, `TransportError`, `HTTPStatusError`, `ResponseParseError`,
    ///   or ``Every8DError`` for another error code; the key is then kept.
    @discardableResult
    public func disconnect() async throws -> Bool {
        guard let key = keeper.heldSession else { return false }
        let closed = try await perform(.closeConnection, rule: .once, session: .fixed(key), values: []) { result in
            try Every8DSOAPResponseParser.closeResult(result, operation: .soapCloseConnection)
        }
        try await keeper.invalidate(key)
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

    /// Forgets the gateway's refusal of these credentials, so that the next call tries them again
    /// (after the vendor unlocked the account, say). A changed password needs no reset.
    ///
    /// - Throws: `StateStoreError` when the configured store cannot be written.
    public func resetLoginRefusal() async throws {
        try await keeper.resetLatch()
    }

    /// When a session key issued at `issuedAt` stops being used: at the end of its Taiwan day (the
    /// vendor: a key is valid for the day), 24 hours at most.
    @Sendable
    static func sessionExpiry(_ issuedAt: Date) -> Date {
        let parts = TaiwanTime.components(of: issuedAt)
        let secondsIntoDay = Double(parts.hour * 3600 + parts.minute * 60 + parts.second)
        let midnight = issuedAt.addingTimeInterval(86_400 - secondsIntoDay).timeIntervalSinceReferenceDate.rounded(.down)
        return min(Date(timeIntervalSinceReferenceDate: midnight), issuedAt.addingTimeInterval(86_400))
    }

    /// Calls `getConnection` without storing the key.
    @Sendable
    func requestSession() async throws -> (value: String, issuedAt: Date) {
        let key = try await perform(
            .getConnection, rule: .read, session: .none, values: [credentials.userID, credentials.password],
            resultHoldsSecret: { result in
                (try? Every8DSOAPResponseParser.sessionKey(result)).map { [$0] } ?? []
            }
        ) { result in
            try Every8DSOAPResponseParser.sessionKey(result, operation: .soapGetConnection)
        }
        return (key, configuration.now())
    }
}
