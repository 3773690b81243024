/// An ordered list of HTTP header fields with case-insensitive lookup.
///
/// Order is kept because the wire format is ordered and tests compare bytes; names keep the
/// spelling they were added with.
public struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// One header field.
    public struct Field: Sendable, Hashable {
        /// The field name as given (lookups ignore case).
        public var name: String
        /// The field value.
        public var value: String

        /// Creates a header field.
        ///
        /// - Parameters:
        ///   - name: The field name, spelled as it should go on the wire.
        ///   - value: The field value.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The fields in order.
    public private(set) var fields: [Field]

    /// Creates headers from fields in order.
    ///
    /// - Parameter fields: The fields, in the order they are sent.
    public init(_ fields: [Field] = []) {
        self.fields = fields
    }

    /// Creates headers from `(name, value)` pairs in order: `["Accept": "text/xml"]`.
    ///
    /// - Parameter elements: The pairs, in order; repeated names are kept.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    /// The value of the first field named `name` (case-insensitive), or `nil`.
    ///
    /// - Parameter name: A field name in any case, such as `content-type`.
    public subscript(name: String) -> String? {
        fields.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// Every value of the fields named `name` (case-insensitive), in order.
    ///
    /// - Parameter name: A field name in any case.
    /// - Returns: The values, empty when there is no such field.
    public func values(for name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
    }

    /// Appends a field, keeping any existing one with the same name.
    ///
    /// - Parameters:
    ///   - name: The field name.
    ///   - value: The field value.
    public mutating func add(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every field named `name` (case-insensitive) with one field, or appends it.
    ///
    /// The first such field keeps its position (and spelling) with the new value; later ones
    /// are removed.
    ///
    /// - Parameters:
    ///   - name: The field name.
    ///   - value: The new value.
    public mutating func replaceOrAdd(name: String, value: String) {
        guard let first = fields.firstIndex(where: { $0.name.caseInsensitiveEquals(name) }) else {
            fields.append(Field(name: name, value: value))
            return
        }
        fields[first].value = value
        var index = fields.count - 1
        while index > first {
            if fields[index].name.caseInsensitiveEquals(name) { fields.remove(at: index) }
            index -= 1
        }
    }

    /// Removes every field named `name` (case-insensitive).
    ///
    /// - Parameter name: The field name in any case.
    public mutating func remove(name: String) {
        fields.removeAll { $0.name.caseInsensitiveEquals(name) }
    }

    /// Iterates over the fields in order.
    public func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }

    /// The `Content-Type` value without parameters, lowercased (`"text/plain"`), or `nil`.
    public var mediaType: String? {
        guard let value = self["Content-Type"] else { return nil }
        let type = value.split(separator: ";", maxSplits: 1).first.map(String.init) ?? value
        return type.trimmingASCIIWhitespace().lowercased()
    }
}

extension String {
    /// ASCII case-insensitive comparison, cheap enough for header names and field names.
    package func caseInsensitiveEquals(_ other: String) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            let lx = (x >= 65 && x <= 90) ? x | 0x20 : x
            let ly = (y >= 65 && y <= 90) ? y | 0x20 : y
            if lx != ly { return false }
        }
        return true
    }

    /// The string without leading and trailing ASCII spaces, tabs, CR and LF.
    package func trimmingASCIIWhitespace() -> String {
        // Native strings lend their bytes: usually one look at each end answers.
        let untouched = utf8.withContiguousStorageIfAvailable { bytes in
            bytes.isEmpty || (!bytes[0].isASCIIWhitespace && !bytes[bytes.count - 1].isASCIIWhitespace)
        }
        if untouched == true { return self }
        let view = utf8
        guard let first = view.firstIndex(where: { !$0.isASCIIWhitespace }),
              let last = view.lastIndex(where: { !$0.isASCIIWhitespace }) else { return "" }
        // Both ends sit next to ASCII bytes (or the ends of the string), so they are character
        // boundaries.
        let end = view.index(after: last)
        if first == view.startIndex && end == view.endIndex { return self }
        return String(self[first..<end])
    }
}

extension UInt8 {
    package var isASCIIWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}
