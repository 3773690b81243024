extension Every8DClient {
    /// An EVERY8D account: user id (`UID`) and password (`PWD`).
    ///
    /// The password is never printed: `description`, `debugDescription` and `dump` show only the
    /// user id, and the client blanks the password out of every error and log record.
    public struct Credentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
        /// The account's user id (`UID`).
        public let userID: String
        /// The password (`PWD`); kept inside the module so that it cannot be printed by accident.
        let password: String

        /// Creates credentials.
        ///
        /// - Parameters:
        ///   - userID: The account's user id.
        ///   - password: The account's password.
        public init(userID: String, password: String) {
            self.userID = userID
            self.password = password
        }

        /// Throws a `ValidationError` naming `UID` or `PWD` when either is empty: checked before
        /// every call, so that nothing is sent for an account that cannot log in.
        func validate() throws {
            guard !userID.trimmingASCIIWhitespace().isEmpty else {
                throw ValidationError(field: "UID", reason: "the user id is empty")
            }
            guard !password.isEmpty else {
                throw ValidationError(field: "PWD", reason: "the password is empty")
            }
        }

        /// `Credentials(userID: "…")`, without the password.
        public var description: String { "Credentials(userID: \"\(userID)\")" }
        /// The same as ``description``.
        public var debugDescription: String { description }
        /// A mirror with the user id only, so that `dump` cannot reveal the password.
        public var customMirror: Mirror { Mirror(self, children: ["userID": userID], displayStyle: .struct) }
    }
}
