import Foundation

/// A token from `ConnectionHandler.ashx`, sent as `Authorization: Bearer …` in token mode.
///
/// Its description does not show the value; read ``value`` only to hand it to something that
/// needs it.
public struct AccessToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The token itself. A secret: do not log it.
    public let value: String
    /// When the client received it (by the configuration's clock).
    public let issuedAt: Date

    /// Creates a token.
    ///
    /// - Parameters:
    ///   - value: The token text.
    ///   - issuedAt: When it was received.
    public init(value: String, issuedAt: Date) {
        self.value = value
        self.issuedAt = issuedAt
    }

    /// `AccessToken(<redacted>, issued …)`.
    public var description: String { "AccessToken(\(Redaction.placeholder), issued \(issuedAt))" }
    /// The same as ``description``.
    public var debugDescription: String { description }
    /// A mirror without the value, so that `dump` cannot reveal it.
    public var customMirror: Mirror { Mirror(self, children: ["issuedAt": issuedAt], displayStyle: .struct) }
}
