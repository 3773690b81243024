import Foundation

extension SafesayClient {
    /// Makes sure the day's token is at hand: the one this client or another sharing its store
    /// holds, or a new one from `gettoken` when there is none for today.
    ///
    /// You rarely need this: the first call fetches it. Call it to fail fast at start-up on a wrong
    /// account or pack. It never fetches a second token the same day while the first still works
    /// (that would end the first for everyone using it).
    ///
    /// - Returns: The token; its description hides the value.
    /// - Throws: ``Every8DError`` when Safesay refuses the account (the latch engages);
    ///   `CredentialsRefusedError` while the latch holds; `TransportError`, `HTTPStatusError`,
    ///   `ResponseParseError`; `ValidationError` for the pack or site.
    @discardableResult
    public func connect() async throws -> AccessToken {
        let site = try site.get()
        try checkCredentials()
        let session = try await keeper.session(for: Every8DOperation.safesayGetToken.name) { try await self.fetchToken(site: site) }
        return AccessToken(value: session.value, issuedAt: session.issuedAt)
    }

    /// Safesay's refusal of the account that the client remembers, if any.
    ///
    /// - Throws: `StateStoreError` when the configured store cannot be read.
    public func loginRefusal() async throws -> LoginRefusal? {
        try await keeper.loginRefusal()
    }

    /// Forgets Safesay's refusal of the account, so that the next call tries it again.
    ///
    /// - Throws: `StateStoreError` when the configured store cannot be written.
    public func resetLoginRefusal() async throws {
        try await keeper.resetLatch()
    }
}
