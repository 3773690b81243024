import Foundation

/// A small, strict pull reader over XML bytes, for the gateway's fixed delivery-log schema.
///
/// It reports start tags, end tags, text and CDATA as byte ranges, checks that tags nest and that
/// there is exactly one root, decodes the five predefined entities and character references, and
/// refuses DTDs and entity declarations outright (no entity expansion, no external fetches).
/// Foundation's `XMLParser` builds a `String` per callback and on Linux accepts some malformed
/// input; for a 1000-row page this reader is several times faster and stricter.
///
/// One leniency: whitespace between `<` and a start tag's name is skipped, because the vendor's
/// own sample shows `< NAME>`.
struct XMLPullReader {
    enum Event {
        /// A start tag; `attributes` is the raw text between the name and `>` (or `/>`).
        case start(name: Range<Int>, attributes: Range<Int>, selfClosing: Bool)
        /// An end tag.
        case end(name: Range<Int>)
        /// Character data, entities not yet decoded.
        case text(Range<Int>)
        /// The content of a CDATA section, verbatim.
        case cdata(Range<Int>)
    }

    let bytes: UnsafeRawBufferPointer
    let expected: String
    private(set) var index: Int
    private var stack: [Range<Int>] = []
    private var sawRoot = false
    private let maxDepth = 64

    init(_ bytes: UnsafeRawBufferPointer, expected: String) {
        self.bytes = bytes
        self.expected = expected
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        self.index = start
        stack.reserveCapacity(8)
    }

    /// How many elements are open.
    var depth: Int { stack.count }

    func failure(_ reason: String) -> ResponseParseError {
        ResponseParseError(expected: expected, reason: reason)
    }

    /// The next event, or `nil` at the end of a complete document.
    mutating func next() throws -> Event? {
        let count = bytes.count
        while index < count {
            guard bytes[index] == UInt8(ascii: "<") else {
                let start = index
                while index < count, bytes[index] != UInt8(ascii: "<") { index += 1 }
                if stack.isEmpty {
                    for position in start..<index where !bytes[position].isASCIIWhitespace {
                        throw failure("text outside the root element at byte \(position)")
                    }
                    continue
                }
                return .text(start..<index)
            }
            guard index + 1 < count else { throw failure("the XML ends inside a tag") }
            switch bytes[index + 1] {
            case UInt8(ascii: "?"):
                index = try position(after: "?>", from: index + 2)
            case UInt8(ascii: "!"):
                if matches("<!--", at: index) {
                    index = try position(after: "-->", from: index + 4)
                } else if matches("<![CDATA[", at: index) {
                    guard !stack.isEmpty else { throw failure("CDATA outside the root element") }
                    let start = index + 9
                    let end = try position(after: "]]>", from: start)
                    index = end
                    return .cdata(start..<(end - 3))
                } else {
                    throw failure("DTD and entity declarations are not accepted")
                }
            case UInt8(ascii: "/"):
                var cursor = index + 2
                let name = readName(from: &cursor)
                guard !name.isEmpty else { throw failure("an end tag without a name at byte \(index)") }
                while cursor < count, bytes[cursor].isASCIIWhitespace { cursor += 1 }
                guard cursor < count, bytes[cursor] == UInt8(ascii: ">") else { throw failure("an unclosed end tag at byte \(index)") }
                guard let open = stack.popLast(), sameName(open, name) else {
                    throw failure("an end tag that does not match its start tag at byte \(index)")
                }
                index = cursor + 1
                return .end(name: name)
            default:
                var cursor = index + 1
                while cursor < count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
                let name = readName(from: &cursor)
                guard !name.isEmpty else { throw failure("a tag without a name at byte \(index)") }
                guard !(stack.isEmpty && sawRoot) else { throw failure("more than one root element") }
                let attributesStart = cursor
                var quote: UInt8 = 0
                while cursor < count {
                    let byte = bytes[cursor]
                    if quote != 0 {
                        if byte == quote { quote = 0 }
                    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                        quote = byte
                    } else if byte == UInt8(ascii: ">") {
                        break
                    } else if byte == UInt8(ascii: "<") {
                        throw failure("'<' inside a tag at byte \(cursor)")
                    }
                    cursor += 1
                }
                guard cursor < count else { throw failure("the XML ends inside a tag") }
                let selfClosing = cursor > attributesStart && bytes[cursor - 1] == UInt8(ascii: "/")
                let attributes = attributesStart..<(selfClosing ? cursor - 1 : cursor)
                index = cursor + 1
                sawRoot = true
                if !selfClosing {
                    guard stack.count < maxDepth else { throw failure("elements nested deeper than \(maxDepth)") }
                    stack.append(name)
                }
                return .start(name: name, attributes: attributes, selfClosing: selfClosing)
            }
        }
        guard sawRoot else { throw failure("no root element") }
        guard stack.isEmpty else { throw failure("the XML ends before its elements are closed") }
        return nil
    }

    // MARK: Names, text and attributes

    /// Whether the element name in `range` is `name` (after any namespace prefix), ignoring ASCII case.
    @inline(__always)
    func name(_ range: Range<Int>, is name: StaticString) -> Bool {
        var start = range.lowerBound
        for position in range where bytes[position] == UInt8(ascii: ":") { start = position + 1 }
        let count = name.utf8CodeUnitCount
        guard range.upperBound - start == count else { return false }
        let pointer = name.utf8Start
        for offset in 0..<count {
            let a = bytes[start + offset], b = pointer[offset]
            if a != b, (a >= 65 && a <= 90 ? a | 0x20 : a) != (b >= 65 && b <= 90 ? b | 0x20 : b) { return false }
        }
        return true
    }

    /// Appends the text of `range` with entities and character references decoded.
    func appendText(_ range: Range<Int>, to buffer: inout [UInt8]) throws {
        var start = range.lowerBound
        var position = range.lowerBound
        while position < range.upperBound {
            guard bytes[position] == UInt8(ascii: "&") else {
                position += 1
                continue
            }
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<position]))
            var end = position + 1
            while end < range.upperBound, end - position <= 12, bytes[end] != UInt8(ascii: ";") { end += 1 }
            guard end < range.upperBound, bytes[end] == UInt8(ascii: ";") else { throw failure("an unterminated entity at byte \(position)") }
            let entity = UnsafeRawBufferPointer(rebasing: bytes[(position + 1)..<end])
            try appendEntity(entity, to: &buffer, at: position)
            position = end + 1
            start = position
        }
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<range.upperBound]))
    }

    private func appendEntity(_ entity: UnsafeRawBufferPointer, to buffer: inout [UInt8], at position: Int) throws {
        let name = String(decoding: entity, as: UTF8.self)
        switch name {
        case "lt": buffer.append(UInt8(ascii: "<"))
        case "gt": buffer.append(UInt8(ascii: ">"))
        case "amp": buffer.append(UInt8(ascii: "&"))
        case "quot": buffer.append(UInt8(ascii: "\""))
        case "apos": buffer.append(UInt8(ascii: "'"))
        default:
            var value: UInt32?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                value = UInt32(name.dropFirst(2), radix: 16)
            } else if name.hasPrefix("#") {
                value = UInt32(name.dropFirst(), radix: 10)
            }
            guard let value, let scalar = Unicode.Scalar(value), value != 0 else {
                throw failure("an unknown entity &\(name); at byte \(position)")
            }
            buffer.append(contentsOf: String(scalar).utf8)
        }
    }

    /// The decoded value of attribute `name` in an attribute range from a start tag.
    func attribute(_ name: StaticString, in range: Range<Int>) throws -> String? {
        var position = range.lowerBound
        while position < range.upperBound {
            while position < range.upperBound, bytes[position].isASCIIWhitespace { position += 1 }
            var cursor = position
            let attributeName = readName(from: &cursor, limit: range.upperBound)
            guard !attributeName.isEmpty else { return nil }
            while cursor < range.upperBound, bytes[cursor].isASCIIWhitespace { cursor += 1 }
            guard cursor < range.upperBound, bytes[cursor] == UInt8(ascii: "=") else { throw failure("an attribute without a value") }
            cursor += 1
            while cursor < range.upperBound, bytes[cursor].isASCIIWhitespace { cursor += 1 }
            guard cursor < range.upperBound, bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") else {
                throw failure("an unquoted attribute value")
            }
            let quote = bytes[cursor]
            let valueStart = cursor + 1
            var valueEnd = valueStart
            while valueEnd < range.upperBound, bytes[valueEnd] != quote { valueEnd += 1 }
            guard valueEnd < range.upperBound else { throw failure("an unterminated attribute value") }
            if self.name(attributeName, is: name) {
                var buffer: [UInt8] = []
                try appendText(valueStart..<valueEnd, to: &buffer)
                return String(decoding: buffer, as: UTF8.self)
            }
            position = valueEnd + 1
        }
        return nil
    }

    // MARK: Scanning

    private func readName(from cursor: inout Int, limit: Int? = nil) -> Range<Int> {
        let end = limit ?? bytes.count
        let start = cursor
        while cursor < end {
            let byte = bytes[cursor]
            let isNameByte = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: ":") || byte >= 0x80
            guard isNameByte else { break }
            cursor += 1
        }
        return start..<cursor
    }

    private func sameName(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        var i = a.lowerBound, j = b.lowerBound
        while i < a.upperBound {
            if bytes[i] != bytes[j] { return false }
            i += 1
            j += 1
        }
        return true
    }

    private func matches(_ literal: StaticString, at position: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<count where bytes[position + offset] != pointer[offset] { return false }
        return true
    }

    /// The position just after the first `terminator` at or after `start`.
    private func position(after terminator: StaticString, from start: Int) throws -> Int {
        let count = terminator.utf8CodeUnitCount
        let first = terminator.utf8Start[0]
        var position = start
        while position + count <= bytes.count {
            if bytes[position] == first, matches(terminator, at: position) { return position + count }
            position += 1
        }
        throw failure("the XML ends before \(terminator)")
    }
}
