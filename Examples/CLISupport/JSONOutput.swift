import Foundation

/// Builds the one JSON object a command prints with `--json`.
///
/// Values are kept as a small tree so the output is stable (keys sorted) and decimals are written
/// from their exact digits, never through `Double` (`1000.00` is written `1000`, `0.1` stays `0.1`).
/// The text is written by Foundation's `JSONEncoder`.
public indirect enum JSONOutput: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral {
    /// A string.
    case string(String)
    /// A whole number.
    case integer(Int)
    /// A decimal, written exactly as its digits (never through `Double`).
    case decimal(Decimal)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// An array.
    case array([JSONOutput])
    /// An object; keys are written sorted.
    case object([String: JSONOutput])

    /// A string from a literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An object from a literal (a repeated key keeps its last value).
    public init(dictionaryLiteral elements: (String, JSONOutput)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    /// An array from a literal.
    public init(arrayLiteral elements: JSONOutput...) { self = .array(elements) }
    /// `true` or `false` from a literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A whole number from a literal.
    public init(integerLiteral value: Int) { self = .integer(value) }

    /// An optional string, or `null`.
    public static func optional(_ value: String?) -> JSONOutput { value.map(JSONOutput.string) ?? .null }

    /// An optional integer, or `null`.
    public static func optional(_ value: Int?) -> JSONOutput { value.map(JSONOutput.integer) ?? .null }

    /// An optional decimal (written exactly), or `null`.
    public static func optional(_ value: Decimal?) -> JSONOutput { value.map(JSONOutput.decimal) ?? .null }

    /// An optional instant as ISO 8601 with Taiwan's offset (`2025-03-01T09:00:00+08:00`), or `null`.
    public static func time(_ value: Date?) -> JSONOutput { value.map { .string(TextFormat.isoTime($0)) } ?? .null }

    /// The members of an object (empty for anything else).
    public var members: [String: JSONOutput] {
        if case .object(let members) = self { return members }
        return [:]
    }

    /// The same object with `members` added (replacing members of the same name).
    public func merging(_ members: [String: JSONOutput]) -> JSONOutput {
        .object(self.members.merging(members) { _, new in new })
    }

    /// The compact JSON text with keys sorted, written by Foundation's `JSONEncoder` (which writes a
    /// `Decimal` from its exact digits).
    public var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a tree of strings, numbers and booleans cannot fail; `null` is the fallback anyway.
        guard let data = try? encoder.encode(self) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension JSONOutput: Encodable {
    /// Writes the value as the JSON value it stands for.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .decimal(let value): value.isNaN ? try container.encodeNil() : try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .array(let values): try container.encode(values)
        case .object(let members): try container.encode(members)
        }
    }
}
