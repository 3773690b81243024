extension SafesayClient {
    /// A Safesay account (`Account`) and its password (`Password`), as EVERY8D gave them.
    ///
    /// The password is never printed: `description`, `debugDescription` and `dump` show only the account.
    public struct Credentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        /// The account (`Account`).
        public let account: String
        /// The password (`Password`); kept inside the module so that it cannot be printed by accident.
        let password: String

        /// Creates credentials.
        ///
        /// - Parameters:
        ///   - account: The Safesay account.
        ///   - password: Its password.
        public init(account: String, password: String) {
            self.account = account
            self.password = password
        }

        /// `Credentials(account: "…")`, without the password.
        public var description: String { "Credentials(account: \"\(account)\")" }
        /// The same as ``description``.
        public var debugDescription: String { description }
        /// A mirror with the account only, so that `dump` cannot reveal the password.
        public var customMirror: Mirror { Mirror(self, children: ["account": account], displayStyle: .struct) }
    }
}
