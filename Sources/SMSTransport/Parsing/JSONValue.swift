import Foundation

/// Decoding helpers for the gateways' JSON, where numbers often arrive as strings (`"COST":"1.00"`,
/// `"Status":"-28"`, `"SMS_COUNT":3`).
///
/// `LenientInt`, `LenientDecimal` and `LenientString` accept either form; use them as property
/// types of `Decodable` models, or read a value with the `decodeLenient…` helpers.
public struct LenientInt: Sendable, Hashable, Decodable, CustomStringConvertible {
    /// The value.
    public let value: Int
    /// Creates a value.
    public init(_ value: Int) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            value = number
            return
        }
        let text = try container.decode(String.self).trimmingASCIIWhitespace()
        guard let number = Int(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an integer, found \"\(Redaction.preview(text, limit: 40))\"")
        }
        value = number
    }

    public var description: String { String(value) }
}

/// A decimal that may arrive as a JSON number or a string, parsed exactly (never via `Double`).
public struct LenientDecimal: Sendable, Hashable, Decodable, CustomStringConvertible {
    /// The value.
    public let value: Decimal
    /// Creates a value.
    public init(_ value: Decimal) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            guard let number = ExactDecimal.parse(text.trimmingASCIIWhitespace()) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a decimal, found \"\(Redaction.preview(text, limit: 40))\"")
            }
            value = number
            return
        }
        // A JSON number: decoding it as Decimal keeps its digits exactly (no Double round trip).
        value = try container.decode(Decimal.self)
    }

    public var description: String { "\(value)" }
}

/// A string that may arrive as a JSON string, number or boolean (kept as its JSON text).
public struct LenientString: Sendable, Hashable, Decodable, CustomStringConvertible {
    /// The value.
    public let value: String
    /// Creates a value.
    public init(_ value: String) { self.value = value }

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

    public var description: String { value }
}

/// A boolean that may arrive as `true`/`false`, `"true"`/`"false"` (any case) or `1`/`0`.
public struct LenientBool: Sendable, Hashable, Decodable, CustomStringConvertible {
    /// The value.
    public let value: Bool
    /// Creates a value.
    public init(_ value: Bool) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            value = flag
        } else if let number = try? container.decode(Int.self) {
            value = number != 0
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

    public var description: String { String(value) }
}

/// Decodes JSON into a model, turning any failure into a ``ResponseParseError`` with a redacted
/// preview of the body and the path of the offending key.
public enum JSONBody {
    /// Decodes `body` as `T`.
    ///
    /// - Parameters:
    ///   - type: The model type.
    ///   - body: The response body.
    ///   - expected: A short description of the expected shape for the error message.
    ///   - secrets: Values to blank out of the error's body preview.
    public static func decode<T: Decodable>(_ type: T.Type, from body: Data, expected: String, secrets: [String] = []) throws -> T {
        let data = body.starts(with: [0xEF, 0xBB, 0xBF]) ? body.dropFirst(3) : body
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw ResponseParseError(expected: expected, reason: describe(error))
                .withBody(body, contentType: "application/json", secrets: secrets)
        } catch {
            throw ResponseParseError(expected: expected, reason: "not JSON")
                .withBody(body, contentType: "application/json", secrets: secrets)
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key \(key.stringValue) at \(path(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context.codingPath))"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "bad value at \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "not readable"
        }
    }
}
