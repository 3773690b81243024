import Foundation

/// An EVERY8D account in the sandbox: user id, password, credit and whether international
/// numbers may be sent to.
///
/// Its `description`, `debugDescription` and mirror (`dump`) show the user id only, never the password.
public struct Every8DSandboxAccount: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The user id (`UID`).
    public var userID: String
    /// The password (`PWD`).
    public var password: String
    /// The points the account starts with.
    public var credit: Decimal
    /// Whether international (non-`+886`) numbers may be sent to; when not, such messages get
    /// status 500 and are not charged.
    public var internationalEnabled: Bool

    /// Creates an account.
    ///
    /// - Parameters:
    ///   - userID: The user id.
    ///   - password: The password.
    ///   - credit: The starting credit in points (default 1000).
    ///   - internationalEnabled: Whether international numbers may be sent to (default `false`,
    ///     as on a new real account).
    public init(userID: String, password: String, credit: Decimal = 1000, internationalEnabled: Bool = false) {
        self.userID = userID
        self.password = password
        self.credit = credit
        self.internationalEnabled = internationalEnabled
    }

    /// The ready-made demo account: user id `sandbox`, password `sandbox-password`, 1000.00
    /// points, international sending enabled. The `every8d` example uses it when no
    /// credentials are set.
    public static let demo = Every8DSandboxAccount(
        userID: "sandbox", password: "sandbox-password", credit: 1000, internationalEnabled: true)

    public var description: String { "Every8DSandboxAccount(userID: \(userID))" }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["userID": userID, "credit": credit, "internationalEnabled": internationalEnabled])
    }
}
