import Foundation

/// An integer that may arrive as a JSON number or a string (`"SMS_COUNT":3`, `"Status":"-28"`).
///
/// Use it as a property type of a `Decodable` model. Strings are trimmed of ASCII whitespace and
/// must hold an integer; error messages never repeat the value (it could be anything).
public struct LenientInt: Sendable, Hashable, Decodable, CustomStringConvertible {
    /// The value.
    public let value: Int

    /// Creates a value.
    ///
    /// - Parameter value: The integer.
    public init(_ value: Int) { self.value = value }

    /// Decodes a JSON number or a string holding an integer.
    ///
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for other types or text that is not an integer.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // Strings first: row fields (`"STATUS":"100"`) far outnumber numeric counts, and a failed
        // attempt costs a thrown DecodingError.
        guard let raw = try? container.decode(String.self) else {
            value = try container.decode(Int.self)
            return
        }
        let text = raw.trimmingASCIIWhitespace()
        guard let number = Int(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an integer, found text of \(text.count) characters")
        }
        value = number
    }

    /// The integer in decimal.
    public var description: String { String(value) }
}

/// A decimal that may arrive as a JSON number or a string (`"COST":"1.00"`), parsed exactly
/// (never via `Double`).
///
/// Strings are trimmed of ASCII whitespace and parsed with ``ExactDecimal`` (`-?[0-9]+(\.[0-9]+)?`);
/// an empty string is an error, so declare the property optional and decode with
/// `decodeIfPresent` where a gateway may leave it out.
public struct LenientDecimal: Sendable, Hashable, Decodable, CustomStringConvertible {
    /// The value.
    public let value: Decimal

    /// Creates a value.
    ///
    /// - Parameter value: The decimal.
    public init(_ value: Decimal) { self.value = value }

    /// Decodes a JSON number (its digits kept exactly) or a string holding a decimal.
    ///
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for other types or text that is not a plain decimal.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            guard let number = ExactDecimal.parse(text.trimmingASCIIWhitespace()) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a decimal, found text of \(text.count) characters")
            }
            value = number
            return
        }
        // Foundation's JSONDecoder reads a Decimal from the number's digits, not through Double.
        value = try container.decode(Decimal.self)
    }

    /// The decimal as Foundation prints it (`1.5`, trailing zeros dropped).
    public var description: String { "\(value)" }
}

/// A string that may arrive as a JSON string, number or boolean (`"MR":1` or `"MR":"1"`).
///
/// A number becomes its decimal text (`1.50` reads as `"1.5"`), a boolean `"true"`/`"false"`,
/// and `null` an empty string.
public struct LenientString: Sendable, Hashable, Decodable, CustomStringConvertible {
    /// The value.
    public let value: String

    /// Creates a value.
    ///
    /// - Parameter value: The text.
    public init(_ value: String) { self.value = value }

    /// Decodes a JSON string, number, boolean or `null`.
    ///
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for an object or an array.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            value = text
        } else if let number = try? container.decode(Int.self) {
            value = String(number)
        } else if let number = try? container.decode(Decimal.self) {
            value = "\(number)"
        } else if let flag = try? container.decode(Bool.self) {
            value = flag ? "true" : "false"
        } else if container.decodeNil() {
            value = ""
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a string or a number")
        }
    }

    /// The text itself.
    public var description: String { value }
}

/// A boolean that may arrive as `true`/`false`, `"true"`/`"false"` (any case) or `1`/`0`
/// (number or string), as EVERY8D's `Result` and OMICard's flags do.
public struct LenientBool: Sendable, Hashable, Decodable, CustomStringConvertible {
    /// The value.
    public let value: Bool

    /// Creates a value.
    ///
    /// - Parameter value: The boolean.
    public init(_ value: Bool) { self.value = value }

    /// Decodes a JSON boolean, a number 1/0 or a string `true`/`false`/`1`/`0`.
    ///
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` for anything else.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            value = flag
        } else if let number = try? container.decode(Int.self) {
            guard number == 0 || number == 1 else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a boolean, found a number other than 0 or 1")
            }
            value = number == 1
        } else {
            let text = try container.decode(String.self).trimmingASCIIWhitespace().lowercased()
            switch text {
            case "true", "1": value = true
            case "false", "0": value = false
            default:
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a boolean")
            }
        }
    }

    /// `true` or `false`.
    public var description: String { String(value) }
}

/// Decodes JSON into a model, turning any failure into a ``ResponseParseError`` with the path of
/// the offending key and a redacted preview of the body.
public enum JSONBody {
    /// Decodes `body` as `T`.
    ///
    /// A UTF-8 byte-order mark is skipped. On failure the error's reason names the path
    /// (`DATA[3].COST`) and what was wrong; its body preview is redacted by name (`PWD`, tokens,
    /// …) and scrubbed of `secrets`.
    ///
    /// - Parameters:
    ///   - type: The model type.
    ///   - body: The response body.
    ///   - expected: A short description of the expected shape for the error message.
    ///   - secrets: Values to blank out of the error.
    /// - Returns: The decoded model.
    /// - Throws: ``ResponseParseError``.
    public static func decode<T: Decodable>(_ type: T.Type, from body: Data, expected: String, secrets: [String] = []) throws -> T {
        let data = body.starts(with: [0xEF, 0xBB, 0xBF]) ? body.dropFirst(3) : body
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw ResponseParseError(expected: expected, reason: Redaction.scrub(describe(error), secrets: secrets))
                .withBody(body, contentType: "application/json", secrets: secrets)
        } catch {
            throw ResponseParseError(expected: expected, reason: "not JSON")
                .withBody(body, contentType: "application/json", secrets: secrets)
        }
    }

    /// `DATA[3].COST` for a coding path, `top level` for none.
    static func path(_ keys: [any CodingKey]) -> String {
        guard !keys.isEmpty else { return "top level" }
        var text = ""
        for key in keys {
            if let index = key.intValue, key.stringValue.hasPrefix("Index ") || key.stringValue == String(index) {
                text += "[\(index)]"
            } else {
                if !text.isEmpty { text += "." }
                text += key.stringValue
            }
        }
        return text
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key \(key.stringValue) at \(path(context.codingPath))"
        case .typeMismatch(let type, let context):
            return "expected \(type) at \(path(context.codingPath))"
        case .valueNotFound(let type, let context):
            return "null where \(type) was expected at \(path(context.codingPath))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "not valid JSON" }
            return "bad value at \(path(context.codingPath)): \(Redaction.redactedText(context.debugDescription))"
        @unknown default:
            return "not readable"
        }
    }
}
