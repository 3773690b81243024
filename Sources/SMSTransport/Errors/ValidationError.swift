/// A request the SDK refused to send because an argument is invalid.
///
/// Thrown before anything is built or sent. ``field`` names the argument (using the gateway's
/// field name where there is one, such as `DEST` or `SMSList`, and a 1-based position for lists:
/// `DEST[2]` is the second number), ``value`` shows the offending value (never a secret), and
/// ``reason`` says what is wrong:
///
/// ```
/// invalid DEST[2] "0912-345": must be a Taiwan mobile 09xxxxxxxx or + and 8 to 15 digits, without spaces or dashes
/// ```
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field or argument that is invalid, for example `"DEST[2]"` or `"subject"`.
    public let field: String
    /// The offending value as given (cut to ``valueLimit`` characters), or `nil` when showing it
    /// would not help (an empty value, a picture) or it is a secret.
    public let value: String?
    /// Why it is invalid, in one sentence.
    public let reason: String

    /// The longest value shown, in characters; longer values are cut and end with `…`.
    public static let valueLimit = 64

    /// Creates a validation error.
    ///
    /// - Parameters:
    ///   - field: The field or argument, for example `"DEST[2]"`.
    ///   - value: The offending value; never pass a password or token.
    ///   - reason: Why it is invalid.
    public init(field: String, value: String? = nil, reason: String) {
        self.field = field
        self.value = value.map(Self.shown)
        self.reason = reason
    }

    /// `invalid <field> "<value>": <reason>` (without the value when there is none).
    public var description: String {
        guard let value else { return "invalid \(field): \(reason)" }
        return "invalid \(field) \"\(value)\": \(reason)"
    }

    /// The value as shown: control characters, quotes and backslashes escaped, cut to the limit.
    private static func shown(_ value: String) -> String {
        var text = ""
        var count = 0
        for scalar in value.unicodeScalars {
            if count == valueLimit {
                text += "…"
                break
            }
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                    text += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
            count += 1
        }
        return text
    }
}
