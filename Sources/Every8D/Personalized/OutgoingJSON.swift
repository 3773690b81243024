import Foundation

/// The members of a JSON request object, written by hand, so that keys go out in a fixed,
/// documented order.
///
/// `JSONEncoder` orders keys by hash (or sorted with `.sortedKeys`), neither of which is the
/// order of the vendor's examples; byte-exact requests need a writer that keeps the order given.
/// Strings are written as UTF-8 with `"`, `\` and control characters escaped (no `\/`, no
/// `\u` for non-ASCII), which every JSON reader accepts.
///
/// It holds how to write the members, not the bytes: ``objectData(after:)`` writes `{`, the
/// credentials that may go first, the members and `}` in one pass into one buffer (room for an
/// estimate first), which `Data` then takes over as is. No tree of values, no second copy.
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

        /// About how many bytes the member takes.
        var estimatedSize: Int {
            switch value {
            case .string(let text): key.utf8CodeUnitCount + text.utf8.count + 6
            case .int: key.utf8CodeUnitCount + 24
            }
        }
    }

    /// Writes the members, in order.
    private let write: @Sendable (inout Writer) -> Void
    /// About how many bytes the members take (more is fine: the buffer grows).
    private let estimatedSize: Int

    /// The members `write` adds, in order.
    ///
    /// - Parameters:
    ///   - estimatedSize: About how many bytes they take; room for this much is taken first.
    ///   - write: Adds the members; called each time the body is made (once per attempt).
    init(estimatedSize: Int, _ write: @escaping @Sendable (inout Writer) -> Void) {
        self.estimatedSize = estimatedSize
        self.write = write
    }

    /// The members of `members`, in order.
    init(_ members: [Member]) {
        self.init(estimatedSize: members.reduce(0) { $0 + $1.estimatedSize }) { writer in
            for member in members { writer.add(member) }
        }
    }

    /// The members alone: comma-separated, without the object's braces.
    var bytes: [UInt8] {
        var writer = Writer(capacity: estimatedSize)
        write(&writer)
        return writer.takeArray()
    }

    /// The compact UTF-8 encoding of the object: `{`, the `head` members (such as `UID` and
    /// `PWD`) when given, these members, `}`.
    func objectData(after head: (Member, Member)? = nil) -> Data {
        var writer = Writer(capacity: 2 + estimatedSize + (head.map { $0.0.estimatedSize + $0.1.estimatedSize + 1 } ?? 0))
        writer.open()
        if let head {
            writer.add(head.0)
            writer.add(head.1)
        }
        write(&writer)
        writer.close()
        return writer.takeData()
    }

    /// Writes members into a buffer of its own (`malloc`ed, grown as needed), which `Data`
    /// or an array then takes.
    struct Writer {
        private var start: UnsafeMutablePointer<UInt8>
        private var capacity: Int
        /// The bytes written so far.
        private(set) var count = 0
        /// Whether the next member needs a comma before it.
        private var needsComma = false

        fileprivate init(capacity: Int) {
            self.capacity = max(capacity, 16)
            start = Self.allocate(self.capacity)
        }

        private static func allocate(_ size: Int) -> UnsafeMutablePointer<UInt8> {
            guard let memory = malloc(size) else { fatalError("OutgoingJSON: out of memory for \(size) bytes") }
            return memory.assumingMemoryBound(to: UInt8.self)
        }

        /// Makes room for `extra` more bytes.
        @inline(__always)
        private mutating func reserve(_ extra: Int) {
            guard count + extra > capacity else { return }
            grow(to: count + extra)
        }

        private mutating func grow(to needed: Int) {
            let newCapacity = max(capacity * 2, needed)
            guard let memory = realloc(start, newCapacity) else { fatalError("OutgoingJSON: out of memory for \(newCapacity) bytes") }
            start = memory.assumingMemoryBound(to: UInt8.self)
            capacity = newCapacity
        }

        /// `{`, with no comma before the first member.
        fileprivate mutating func open() {
            put(UInt8(ascii: "{"))
            needsComma = false
        }

        /// `}`.
        fileprivate mutating func close() {
            put(UInt8(ascii: "}"))
        }

        /// The bytes, handed to `Data` without a copy.
        fileprivate func takeData() -> Data {
            Data(bytesNoCopy: start, count: count, deallocator: .free)
        }

        /// The bytes as an array (the buffer is freed).
        fileprivate func takeArray() -> [UInt8] {
            defer { free(start) }
            return Array(UnsafeBufferPointer(start: start, count: count))
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

        /// Adds `"key":true` or `"key":false`.
        mutating func add(_ key: StaticString, _ flag: Bool) {
            writeKey(key)
            let literal: StaticString = flag ? "true" : "false"
            literal.withUTF8Buffer { put($0) }
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

        /// Adds `"key":[{…},{…}]` with `count` objects, the members of object `i` added by
        /// `members(&writer, i)` (lets the caller read its values in place, without copying
        /// each element).
        mutating func addArray(_ key: StaticString, count: Int, members: (inout Writer, Int) -> Void) {
            addArray(key, of: 0..<count, members: members)
        }

        private mutating func put(_ byte: UInt8) {
            reserve(1)
            start[count] = byte
            count += 1
        }

        private mutating func put(_ buffer: UnsafeBufferPointer<UInt8>) {
            guard let base = buffer.baseAddress else { return }
            reserve(buffer.count)
            (start + count).update(from: base, count: buffer.count)
            count += buffer.count
        }

        private mutating func writeKey(_ key: StaticString) {
            // Keys are the vendor's names: plain ASCII, nothing to escape. Room for `,"key":` is
            // made once and the bytes are stored directly.
            key.withUTF8Buffer { key in
                reserve(key.count + 4)
                var out = start + count
                if needsComma {
                    out.pointee = UInt8(ascii: ",")
                    out += 1
                }
                out.pointee = UInt8(ascii: "\"")
                out += 1
                if let base = key.baseAddress { out.update(from: base, count: key.count) }
                out += key.count
                out[0] = UInt8(ascii: "\"")
                out[1] = UInt8(ascii: ":")
                count = out + 2 - start
            }
        }

        private mutating func writeString(_ text: String) {
            // Empty values are common (name, e-mail, send time and MR of most recipients).
            if text.isEmpty {
                reserve(2)
                start[count] = UInt8(ascii: "\"")
                start[count + 1] = UInt8(ascii: "\"")
                count += 2
                return
            }
            // Native strings lend their UTF-8 buffer: scanned and copied as a buffer, several
            // times faster than byte by byte through `String.UTF8View`.
            let copied = text.utf8.withContiguousStorageIfAvailable { buffer in
                // The usual case: nothing to escape, the quotes and one copy.
                guard !Self.needsEscaping(buffer) else { return false }
                reserve(buffer.count + 2)
                let out = start + count
                out.pointee = UInt8(ascii: "\"")
                if let base = buffer.baseAddress { (out + 1).update(from: base, count: buffer.count) }
                out[buffer.count + 1] = UInt8(ascii: "\"")
                count += buffer.count + 2
                return true
            }
            guard copied != true else { return }
            put(UInt8(ascii: "\""))
            writeEscaped(text)
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
