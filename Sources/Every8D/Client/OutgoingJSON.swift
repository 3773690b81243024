import Foundation

/// The members of a JSON request object, written by hand as they are added, so that keys go
/// out in a fixed, documented order.
///
/// `JSONEncoder` orders keys by hash (or sorted with `.sortedKeys`), neither of which is the
/// order of the vendor's examples; byte-exact requests need a writer that keeps the order given.
/// Strings are written as UTF-8 with `"`, `\` and control characters escaped (no `\/`, no
/// `\u` for non-ASCII), which every JSON reader accepts.
///
/// The members are written straight into one byte buffer (no tree of values first); the braces
/// and the credentials that may go first are added by ``objectData(after:)`` when the request is
/// made.
struct OutgoingJSON: Sendable {
    /// A member's value in the small bodies built from a list (``init(_:)``).
    enum Value: Sendable, Hashable {
        case string(String)
        case int(Int)
    }

    /// One member, for bodies given as a list.
    struct Member: Sendable, Hashable {
        let key: String
        let value: Value

        init(_ key: String, _ value: Value) {
            self.key = key
            self.value = value
        }
    }

    /// The members written so far, comma-separated, without the object's braces.
    private(set) var bytes: [UInt8] = []
    /// Whether the next member or element needs a comma before it.
    private var needsComma = false

    /// An empty list of members with room for about `capacity` bytes.
    init(capacity: Int = 64) {
        bytes.reserveCapacity(capacity)
    }

    /// The members of `members`, in order.
    init(_ members: [Member]) {
        self.init(capacity: 32 + members.reduce(0) { $0 + $1.key.utf8.count + 8 + Self.estimatedCount($1.value) })
        for member in members {
            switch member.value {
            case .string(let text): add(member.key, text)
            case .int(let number): add(member.key, number)
            }
        }
    }

    private static func estimatedCount(_ value: Value) -> Int {
        switch value {
        case .string(let text): text.utf8.count
        case .int: 20
        }
    }

    /// Adds `member`.
    mutating func add(_ member: Member) {
        switch member.value {
        case .string(let text): add(member.key, text)
        case .int(let number): add(member.key, number)
        }
    }

    /// Whether no member was added.
    var isEmpty: Bool { bytes.isEmpty }

    /// Adds `"key":"text"`.
    mutating func add(_ key: String, _ text: String) {
        writeKey(key)
        Self.writeString(text, to: &bytes)
        needsComma = true
    }

    /// Adds `"key":number`.
    mutating func add(_ key: String, _ number: Int) {
        writeKey(key)
        bytes.append(contentsOf: String(number).utf8)
        needsComma = true
    }

    /// Adds `"key":[{…},{…}]`, one object per element, its members added by `members`.
    mutating func addArray<Elements: Sequence>(_ key: String, of elements: Elements, members: (inout OutgoingJSON, Elements.Element) -> Void) {
        writeKey(key)
        bytes.append(UInt8(ascii: "["))
        var first = true
        for element in elements {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            bytes.append(UInt8(ascii: "{"))
            needsComma = false
            members(&self, element)
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// The compact UTF-8 encoding of the object: `{`, the `head` members (such as `UID` and
    /// `PWD`) when given, these members, `}`.
    func objectData(after head: (Member, Member)? = nil) -> Data {
        guard let head else {
            var object: [UInt8] = []
            object.reserveCapacity(bytes.count + 2)
            object.append(UInt8(ascii: "{"))
            object.append(contentsOf: bytes)
            object.append(UInt8(ascii: "}"))
            return Data(object)
        }
        var object = OutgoingJSON(capacity: bytes.count + 64)
        object.bytes.append(UInt8(ascii: "{"))
        object.add(head.0)
        object.add(head.1)
        if !bytes.isEmpty {
            object.bytes.append(UInt8(ascii: ","))
            object.bytes.append(contentsOf: bytes)
        }
        object.bytes.append(UInt8(ascii: "}"))
        return Data(object.bytes)
    }

    private mutating func writeKey(_ key: String) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        Self.writeString(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
    }

    /// `n r t b f` for LF, CR, tab, backspace and form feed.
    private static func shortEscape(_ byte: UInt8) -> UInt8 {
        switch byte {
        case 0x0A: UInt8(ascii: "n")
        case 0x0D: UInt8(ascii: "r")
        case 0x09: UInt8(ascii: "t")
        case 0x08: UInt8(ascii: "b")
        default: UInt8(ascii: "f")
        }
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static func writeString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        guard text.utf8.contains(where: needsEscape) else {
            // The usual case: nothing to escape, one copy.
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0x0A, 0x0D, 0x09, 0x08, 0x0C:
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(shortEscape(byte))
            case 0x00..<0x20:
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(UInt8(ascii: "u"))
                bytes.append(UInt8(ascii: "0"))
                bytes.append(UInt8(ascii: "0"))
                bytes.append(hexDigit(byte >> 4))
                bytes.append(hexDigit(byte & 0x0F))
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
