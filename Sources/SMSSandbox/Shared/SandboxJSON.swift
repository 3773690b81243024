import Foundation

/// A JSON value as a lenient server reads it: keys looked up ignoring case (as .NET's
/// deserializers do), scalars readable as text whatever their JSON type.
enum SandboxJSON: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    /// A number, kept as its decimal text.
    case number(String)
    case string(String)
    case array([SandboxJSON])
    /// An object, keys in document order.
    case object([String: SandboxJSON], keys: [String])

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: Key.self) {
            var values: [String: SandboxJSON] = [:]
            var keys: [String] = []
            for key in container.allKeys {
                values[key.stringValue] = try container.decode(SandboxJSON.self, forKey: key)
                keys.append(key.stringValue)
            }
            self = .object(values, keys: keys)
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var items: [SandboxJSON] = []
            while !container.isAtEnd { items.append(try container.decode(SandboxJSON.self)) }
            self = .array(items)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let integer = try? container.decode(Int64.self) {
            self = .number(String(integer))
        } else {
            self = .number("\(try container.decode(Decimal.self))")
        }
    }

    /// Parses a request body, or returns `nil` when it is not JSON (a UTF-8 BOM is skipped).
    static func parse(_ body: Data) -> SandboxJSON? {
        let data = body.starts(with: [0xEF, 0xBB, 0xBF]) ? body.dropFirst(3) : body[...]
        return try? JSONDecoder().decode(SandboxJSON.self, from: Data(data))
    }

    /// The member named `key`, ignoring ASCII case, of an object.
    subscript(key: String) -> SandboxJSON? {
        guard case .object(let values, let keys) = self else { return nil }
        if let exact = values[key] { return exact }
        return keys.first { $0.caseInsensitiveEquals(key) }.flatMap { values[$0] }
    }

    /// Whether the object has a member named `key` (ignoring case), even a `null` one.
    func has(_ key: String) -> Bool { self[key] != nil }

    /// A scalar as text (`nil` for `null`, arrays and objects).
    var text: String? {
        switch self {
        case .string(let value), .number(let value): return value
        case .bool(let value): return value ? "true" : "false"
        case .null, .array, .object: return nil
        }
    }

    /// The elements of an array.
    var items: [SandboxJSON]? {
        if case .array(let items) = self { return items }
        return nil
    }
}

/// Writes JSON text by hand, so members come out in the gateway's order.
enum JSONText {
    /// `text` as a JSON string literal, quotes included. Non-ASCII is written as is (UTF-8).
    static func string(_ text: String) -> String {
        JSONEscaping.literal(text)
    }

    /// An object from `(key, already-written value)` pairs, in order.
    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}
