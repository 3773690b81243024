/// An OMICard API account in the sandbox.
///
/// Its `description`, `debugDescription` and mirror (`dump`) show the login name only, never the password.
public struct OmiCardSandboxAccount: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The API login (`ManagerLoginName`), compared exactly.
    public var loginName: String
    /// The API password (`ManagerPassword`), compared exactly.
    public var password: String
    /// Whether the account may use the pages; when not, every call answers ErrorCode 1000.
    public var licensed: Bool

    /// Creates an account.
    ///
    /// - Parameters:
    ///   - loginName: The API login.
    ///   - password: The API password.
    ///   - licensed: Whether the account may use the pages (default `true`).
    public init(loginName: String, password: String, licensed: Bool = true) {
        self.loginName = loginName
        self.password = password
        self.licensed = licensed
    }

    /// The ready-made demo account: login `sandbox`, password `sandbox-password`. The `omicard`
    /// example uses it when no credentials are set.
    public static let demo = OmiCardSandboxAccount(loginName: "sandbox", password: "sandbox-password")

    public var description: String { "OmiCardSandboxAccount(loginName: \(loginName))" }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["loginName": loginName, "licensed": licensed])
    }
}
