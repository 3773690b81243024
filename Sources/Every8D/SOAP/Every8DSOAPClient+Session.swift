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
        let key = try await requestSession()
        await sessions.store(key)
        return key
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
        guard let key = await sessions.heldToken else { return false }
        let closed = try await perform(.closeConnection, rule: .once, session: .fixed(key), values: []) { result in
            try Every8DSOAPResponseParser.closeResult(result, operation: .soapCloseConnection)
        }
        await sessions.invalidate(key)
        return closed
    }

    /// The session key to use now: the one held if it is from today (Taiwan time), or one
    /// fetched for all concurrent callers.
    func validSession() async throws -> AccessToken {
        if let held = await sessions.heldToken, !Self.sameTaiwanDay(held.issuedAt, configuration.now()) {
            await sessions.invalidate(held)
        }
        return try await sessions.token { try await self.requestSession() }
    }

    /// Calls `getConnection` without storing the key.
    func requestSession() async throws -> AccessToken {
        let key = try await perform(
            .getConnection, rule: .read, session: .none, values: [credentials.userID, credentials.password],
            resultHoldsSecret: { result in
                (try? Every8DSOAPResponseParser.sessionKey(result)).map { [$0] } ?? []
            }
        ) { result in
            try Every8DSOAPResponseParser.sessionKey(result, operation: .soapGetConnection)
        }
        return AccessToken(value: key, issuedAt: configuration.now())
    }

    static func sameTaiwanDay(_ a: Date, _ b: Date) -> Bool {
        let x = TaiwanTime.components(of: a), y = TaiwanTime.components(of: b)
        return x.year == y.year && x.month == y.month && x.day == y.day
    }
}
