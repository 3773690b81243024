/// What a gateway's own error means for the call engine. Each client classifies its error types
/// (the answer was read and says so); the engine decides what to do with the class.
package enum GatewayFailure: Sendable, Hashable {
    /// The token or session key was not accepted (EVERY8D `-301`, `-300` in token mode): nothing
    /// was carried out; a managed session is renewed once and the call repeated once.
    case rejectedSession
    /// The user id or password was refused, or the account is locked: nothing was carried out;
    /// the login latch engages.
    case refusedLogin(code: Int, message: String, accountLocked: Bool)
    /// The gateway is busy (`-97`): nothing was carried out; reads and logins are repeated later.
    case busy
    /// The gateway refused the request: nothing was carried out; not repeated.
    case refused
    /// The gateway failed and may have carried the request out (a SOAP fault from the server):
    /// reads are repeated, a send's outcome is unknown.
    case failed
}

/// An error whose text may hold a secret the gateway echoed back: the engine blanks the client's
/// secrets out of it before anyone sees it.
package protocol SecretScrubbing: Error {
    /// The same error with every value in `secrets` blanked out of its text.
    func scrubbed(_ secrets: [String]) -> Self
}
