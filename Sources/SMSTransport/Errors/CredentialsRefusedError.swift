/// A call refused locally, without sending anything, because the gateway already refused these
/// credentials (the login latch).
///
/// EVERY8D locks an account after ten failed logins (`-999`), so once the gateway says the user
/// id or password is wrong, the SDK stops trying them: every later call with the same site, user
/// id and password throws this error at once, in this process and in every process that shares
/// the client's ``CredentialStore``. It clears when the credentials change, when the client's
/// `resetLoginRefusal()` is called (or `every8d state reset`), or after the configured cool-down.
public struct CredentialsRefusedError: Error, Sendable, Hashable, CustomStringConvertible {
    /// When and how the gateway refused.
    public let refusal: LoginRefusal
    /// The call that was refused locally, for example `"SendSMS"`.
    public let operation: String

    /// Creates the error.
    ///
    /// - Parameters:
    ///   - refusal: The gateway's refusal.
    ///   - operation: The call refused locally.
    public init(refusal: LoginRefusal, operation: String) {
        self.refusal = refusal
        self.operation = operation
    }

    /// What the gateway said and when, that nothing was sent, and how to clear it.
    public var description: String {
        var text = "\(operation) not attempted: \(refusal); nothing was sent. These credentials are not tried again "
        text += refusal.accountLocked
            ? "(the account is locked: ask the vendor to unlock it, then reset the login latch)"
            : "until they change or the login latch is reset (this protects the account from being locked after ten failed logins)"
        return text
    }
}

/// The shared-state store (credentials, login latch, send ledger) could not be read or written,
/// so the call was not made: **nothing was sent**.
public struct StateStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the store was doing, for example `"read the session"`.
    public let action: String
    /// A short detail free of secrets and connection strings.
    public let detail: String

    /// Creates the error.
    ///
    /// - Parameters:
    ///   - action: What the store was doing.
    ///   - detail: A short detail without secrets.
    public init(action: String, detail: String) {
        self.action = action
        self.detail = detail
    }

    /// `state store unavailable: could not <action> (<detail>); nothing was sent`.
    public var description: String {
        "state store unavailable: could not \(action)\(detail.isEmpty ? "" : " (\(detail))"); nothing was sent"
    }
}
