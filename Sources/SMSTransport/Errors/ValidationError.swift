/// A request the SDK refused to send because an argument is invalid.
///
/// Thrown before anything is built or sent. ``field`` names the argument (using the gateway's
/// field name where there is one, such as `DEST` or `SMSList`), ``reason`` says what is wrong.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field or argument that is invalid, for example `"DEST[2]"` or `"subject"`.
    public let field: String
    /// Why it is invalid, in one sentence.
    public let reason: String

    /// Creates a validation error.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// `invalid <field>: <reason>`.
    public var description: String { "invalid \(field): \(reason)" }
}
