import Foundation

/// The members of a JSON request object, written by hand, so that keys go out in a fixed,
/// documented order.
///
/// `JSONEncoder` orders keys by hash (or sorted with `.sortedKeys`), neither of which is the
/// order of the vendor's examples; byte-exact requests need a writer that keeps the order given.
/// Strings are written as UTF-8 with `"`, `\` and control characters escaped (no `\/`, no
/// `\u` for non-ASCII), which every JSON reader accepts.
///
/// The members are written straight into one byte buffer of the exact size (the writing is run
/// twice: once to measure, once to write), with no tree of values first; the braces and the
/// credentials that may go first are added by ``objectData(after:)`` when the request is made.
struct OutgoingJSON: Sendable {
    /// A member's value in the small bodies built from a list (``init(_:)``).
    enum Value: Sendable, Hashable {
        case string(String)
        case int(Int)
    }

    /// One member, for bodies given as a list.
    struct Member: Sendable {
        let key: StaticString
        let value: Value

        init(_ key: StaticString, _ value: Value) {
            self.key = key
            self.value = value
        }
    }

    /// The members, comma-separated, without the object's braces.
    let bytes: [UInt8]

    /// The members `write` adds, in order.
    ///
    /// - Parameter write: Adds the members; it is called twice (to measure, then to write) and
    ///   must add the same members both times.
    init(_ write: (inout Writer) -> Void) {
        var measure = Writer(into: nil)
        write(&measure)
        let size = measure.count
        bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var writer = Writer(into: buffer.baseAddress)
            write(&writer)
            precondition(writer.count == size, "OutgoingJSON: the members changed between measuring and writing")
            initialized = size
        }
    }

    /// The members of `members`, in order.
    init(_ members: [Member]) {
        self.init { writer in
            for member in members { writer.add(member) }
        }
    }

    /// Whether there are no members.
    var isEmpty: Bool { bytes.isEmpty }

    /// The compact UTF-8 encoding of the object: `{`, the `head` members (such as `UID` and
    /// `PWD`) when given, these members, `}`.
    func objectData(after head: (Member, Member)? = nil) -> Data {
        var measure = Writer(into: nil)
        if let head {
            measure.add(head.0)
            measure.add(head.1)
        }
        let headSize = measure.count
        let comma = headSize > 0 && !bytes.isEmpty ? 1 : 0
        let size = 1 + headSize + comma + bytes.count + 1
        guard let memory = malloc(size) else {
            // Out of memory: let Data try (and fail) its own way.
            var data = Data([UInt8(ascii: "{")])
            data.append(contentsOf: bytes)
            data.append(UInt8(ascii: "}"))
            return data
        }
        let start = memory.assumingMemoryBound(to: UInt8.self)
        start[0] = UInt8(ascii: "{")
        if let head {
            var writer = Writer(into: start + 1)
            writer.add(head.0)
            writer.add(head.1)
        }
        if comma == 1 { start[1 + headSize] = UInt8(ascii: ",") }
        bytes.withUnsafeBufferPointer { members in
            if let base = members.baseAddress { (start + 1 + headSize + comma).update(from: base, count: members.count) }
        }
        start[size - 1] = UInt8(ascii: "}")
        // Written in place and handed to Data as is: no zero-fill, no copy.
        return Data(bytesNoCopy: memory, count: size, deallocator: .free)
    }

    /// Writes members at a pointer, or only counts their bytes when it has none.
    struct Writer {
        /// Where the next byte goes; `nil` while measuring.
        private let start: UnsafeMutablePointer<UInt8>?
        /// The bytes written (or measured) so far.
        private(set) var count = 0
        /// Whether the next member needs a comma before it.
        private var needsComma = false

        fileprivate init(into start: UnsafeMutablePointer<UInt8>?) {
            self.start = start
        }

        /// Adds `"key":"text"`.
        mutating func add(_ key: StaticString, _ text: String) {
            writeKey(key)
            writeString(text)
            needsComma = true
        }

        /// Adds `"key":number`.
        mutating func add(_ key: StaticString, _ number: Int) {
            writeKey(key)
            var digits = String(number)
            digits.withUTF8 { put($0) }
            needsComma = true
        }

        /// Adds `member`.
        mutating func add(_ member: Member) {
            switch member.value {
            case .string(let text): add(member.key, text)
            case .int(let number): add(member.key, number)
            }
        }

        /// Adds `"key":[{…},{…}]`, one object per element, its members added by `members`.
        mutating func addArray<Elements: Sequence>(_ key: StaticString, of elements: Elements, members: (inout Writer, Elements.Element) -> Void) {
            writeKey(key)
            put(UInt8(ascii: "["))
            var first = true
            for element in elements {
                if !first { put(UInt8(ascii: ",")) }
                first = false
                put(UInt8(ascii: "{"))
                needsComma = false
                members(&self, element)
                put(UInt8(ascii: "}"))
            }
            put(UInt8(ascii: "]"))
            needsComma = true
        }

        private mutating func put(_ byte: UInt8) {
            start?[count] = byte
            count += 1
        }

        private mutating func put(_ buffer: UnsafeBufferPointer<UInt8>) {
            if let start, let base = buffer.baseAddress { (start + count).update(from: base, count: buffer.count) }
            count += buffer.count
        }

        private mutating func writeKey(_ key: StaticString) {
            if needsComma { put(UInt8(ascii: ",")) }
            // Keys are the vendor's names: plain ASCII, nothing to escape.
            put(UInt8(ascii: "\""))
            key.withUTF8Buffer { put($0) }
            put(UInt8(ascii: "\""))
            put(UInt8(ascii: ":"))
        }

        private mutating func writeString(_ text: String) {
            put(UInt8(ascii: "\""))
            // Native strings lend their UTF-8 buffer: scanned and copied as a buffer, several
            // times faster than byte by byte through `String.UTF8View`.
            let copied = text.utf8.withContiguousStorageIfAvailable { buffer in
                // The usual case: nothing to escape, one copy.
                guard !Self.needsEscaping(buffer) else { return false }
                put(buffer)
                return true
            }
            if copied != true { writeEscaped(text) }
            put(UInt8(ascii: "\""))
        }

        private mutating func writeEscaped(_ text: String) {
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                    put(UInt8(ascii: "\\"))
                    put(byte)
                case 0x0A, 0x0D, 0x09, 0x08, 0x0C:
                    put(UInt8(ascii: "\\"))
                    put(Self.shortEscape(byte))
                case 0x00..<0x20:
                    put(UInt8(ascii: "\\"))
                    put(UInt8(ascii: "u"))
                    put(UInt8(ascii: "0"))
                    put(UInt8(ascii: "0"))
                    put(Self.hexDigit(byte >> 4))
                    put(Self.hexDigit(byte & 0x0F))
                default:
                    put(byte)
                }
            }
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

        /// Whether any byte needs escaping, eight bytes at a time: a byte below 0x20, a `"` or a `\`
        /// in a word is found with the usual bit tricks (exact for "is there one", which is all
        /// that is asked).
        static func needsEscaping(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let base = buffer.baseAddress else { return false }
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let raw = UnsafeRawPointer(base)
            var offset = 0
            while offset + 8 <= buffer.count {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                let control = (word &- ones &* 0x20) & ~word & highs
                let quote = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
                let backslash = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
                let found = control | ((quote &- ones) & ~quote & highs) | ((backslash &- ones) & ~backslash & highs)
                if found != 0 { return true }
                offset += 8
            }
            while offset < buffer.count {
                if needsEscape(base[offset]) { return true }
                offset += 1
            }
            return false
        }
    }
}
