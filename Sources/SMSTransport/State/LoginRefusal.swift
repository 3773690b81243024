import Foundation

/// The gateway's refusal of an account's credentials, as the login latch remembers it.
///
/// Recorded when the gateway answers that the user id or password is wrong or the account is
/// locked (EVERY8D `-100`, `-101`, `-2`, `-300` on a login, `-999`). It holds no secret: the
/// gateway's message is scrubbed of the password before it is kept.
public struct LoginRefusal: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The gateway, for example `"EVERY8D"`.
    public var gateway: String
    /// The call that was refused, for example `"GetToken"` or `"getConnection"`.
    public var operation: String
    /// The gateway's code, for example `-101`.
    public var code: Int
    /// The gateway's message as it sent it (scrubbed), for example `密碼錯誤`.
    public var message: String
    /// When the gateway refused.
    public var refusedAt: Date
    /// Whether the gateway said the account is locked (EVERY8D `-999`): such a refusal never
    /// clears by itself, whatever the cool-down.
    public var accountLocked: Bool

    /// Creates a refusal.
    ///
    /// - Parameters:
    ///   - gateway: The gateway.
    ///   - operation: The refused call.
    ///   - code: The gateway's code.
    ///   - message: The gateway's message (never containing the password).
    ///   - refusedAt: When it happened.
    ///   - accountLocked: Whether the account is locked.
    public init(gateway: String, operation: String, code: Int, message: String, refusedAt: Date, accountLocked: Bool = false) {
        self.gateway = gateway
        self.operation = operation
        self.code = code
        self.message = message
        self.refusedAt = refusedAt
        self.accountLocked = accountLocked
    }

    /// `EVERY8D refused the credentials at 2026-12-03 10:15:02 (Taiwan time) with -101 密碼錯誤 (GetToken)`.
    public var description: String {
        var text = "\(gateway) refused the credentials at \(TaiwanTime.dashed(refusedAt)) (Taiwan time) with \(code)"
        if !message.isEmpty { text += " \(message)" }
        return text + " (\(operation))"
    }
}

/// How long a login refusal keeps refusing calls locally.
///
/// EVERY8D locks an account after ten failed logins, so by default a refused user id and password
/// are **never** tried again until they change (a new password in the configuration clears the
/// latch by itself) or the latch is reset explicitly. A cool-down lets the SDK try once more after a
/// while; a locked account (`-999`) waits for an explicit reset whatever the cool-down.
public struct LoginLatchPolicy: Sendable, Hashable {
    /// How long after a refusal the credentials may be tried once more, or `nil` for never
    /// (the default). Not applied to a locked account.
    public var coolDown: Duration?

    /// Creates a policy.
    ///
    /// - Parameter coolDown: The wait before one more try, or `nil` (default) for never.
    public init(coolDown: Duration? = nil) {
        self.coolDown = coolDown
    }

    /// Never try refused credentials again until they change or the latch is reset.
    public static let `default` = LoginLatchPolicy()

    /// Whether `refusal` still refuses calls at `now`.
    package func holds(_ refusal: LoginRefusal, at now: Date) -> Bool {
        guard !refusal.accountLocked, let coolDown else { return true }
        return now.timeIntervalSince(refusal.refusedAt) < coolDown.timeInterval
    }
}
