import Foundation

/// A small pull reader over JSON bytes, for the gateways' fixed, flat schemas (EVERY8D's
/// envelopes and pages; the one JSON reader of the SDK).
///
/// It reads exactly what RFC 8259 allows (strings with every escape, numbers, literals, nested
/// objects and arrays, bounded depth) and hands back byte ranges, so that the caller makes a
/// `String`, `Decimal` or `Date` only for the fields it keeps. `JSONDecoder` would first build
/// every value, which on Linux makes a 1000-row page no faster than Python's C parser.
/// Not `Sendable`: it lives inside one parse call over a buffer that call owns.
package struct JSONReader {
    /// A string as it appears in the input: its bytes between the quotes.
    package struct StringToken {
        /// The bytes between the quotes, escapes not yet decoded.
        package let range: Range<Int>
        /// Whether the bytes contain a backslash escape.
        package let hasEscapes: Bool
    }

    /// A value that is not an object or an array.
    package enum Scalar {
        case string(StringToken)
        case number(Range<Int>)
        case bool(Bool)
        case null
    }

    package let bytes: UnsafeRawBufferPointer
    package var index: Int
    package let expected: String
    private let maxDepth = 64

    package init(_ bytes: UnsafeRawBufferPointer, expected: String) {
        self.bytes = bytes
        self.expected = expected
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        self.index = start
    }

    package func failure(_ reason: String) -> ResponseParseError {
        ResponseParseError(expected: expected, reason: reason)
    }

    @inline(__always)
    package mutating func skipWhitespace() {
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    /// The next byte that is not whitespace, not consumed.
    package mutating func peek() -> UInt8? {
        skipWhitespace()
        return index < bytes.count ? bytes[index] : nil
    }

    package mutating func consume(_ byte: UInt8) throws {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else {
            throw failure(index < bytes.count
                ? "expected '\(Character(Unicode.Scalar(byte)))' at byte \(index)"
                : "the JSON ends early")
        }
        index += 1
    }

    /// Checks that nothing but whitespace follows.
    package mutating func expectEnd() throws {
        skipWhitespace()
        guard index == bytes.count else { throw failure("unexpected bytes after the JSON value at byte \(index)") }
    }

    // MARK: Objects and arrays

    /// Reads the `{` that opens an object.
    package mutating func beginObject() throws {
        try consume(UInt8(ascii: "{"))
    }

    /// The next member's key (the value is next to read or skip), or `nil` after the closing `}`.
    package mutating func nextKey(first: inout Bool) throws -> StringToken? {
        skipWhitespace()
        guard index < bytes.count else { throw failure("an object is not closed") }
        if bytes[index] == UInt8(ascii: "}") {
            index += 1
            return nil
        }
        if !first {
            try consume(UInt8(ascii: ","))
            skipWhitespace()
        }
        first = false
        let key = try readStringToken()
        try consume(UInt8(ascii: ":"))
        return key
    }

    /// Reads the `[` that opens an array.
    package mutating func beginArray() throws {
        try consume(UInt8(ascii: "["))
    }

    /// Whether another element follows (then read it), or `false` after the closing `]`.
    package mutating func nextElement(first: inout Bool) throws -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw failure("an array is not closed") }
        if bytes[index] == UInt8(ascii: "]") {
            index += 1
            return false
        }
        if !first { try consume(UInt8(ascii: ",")) }
        first = false
        return true
    }

    // MARK: Values

    /// Reads a string, number, boolean or null.
    package mutating func readScalar() throws -> Scalar {
        skipWhitespace()
        guard index < bytes.count else { throw failure("the JSON ends early") }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return .string(try readStringToken())
        case UInt8(ascii: "t"):
            try readLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try readLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try readLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try readNumber())
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            throw failure("expected a string or a number at byte \(index), found an object or array")
        default:
            throw failure("unexpected byte at \(index)")
        }
    }

    /// Skips one value of any kind.
    package mutating func skipValue(depth: Int = 0) throws {
        guard depth < maxDepth else { throw failure("nested deeper than \(maxDepth)") }
        switch peek() {
        case UInt8(ascii: "{"):
            try beginObject()
            var first = true
            while try nextKey(first: &first) != nil { try skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            try beginArray()
            var first = true
            while try nextElement(first: &first) { try skipValue(depth: depth + 1) }
        default:
            _ = try readScalar()
        }
    }

    package mutating func readStringToken() throws -> StringToken {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
            throw failure("expected a string at byte \(index)")
        }
        index += 1
        let start = index
        var escapes = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let token = StringToken(range: start..<index, hasEscapes: escapes)
                index += 1
                return token
            }
            if byte == UInt8(ascii: "\\") {
                escapes = true
                index += 2
                continue
            }
            guard byte >= 0x20 else { throw failure("a control character inside a string at byte \(index)") }
            index += 1
        }
        throw failure("a string is not closed")
    }

    private mutating func readLiteral(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure("the JSON ends early") }
        let pointer = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != pointer[offset] {
            throw failure("unexpected literal at byte \(index)")
        }
        index += count
    }

    private mutating func readNumber() throws -> Range<Int> {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        guard index > integerStart else { throw failure("a number without digits at byte \(start)") }
        if index - integerStart > 1, bytes[integerStart] == 0x30 { throw failure("a number with a leading zero at byte \(start)") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            guard index > fractionStart else { throw failure("a number without fraction digits at byte \(start)") }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            let exponentStart = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            guard index > exponentStart else { throw failure("a number without exponent digits at byte \(start)") }
        }
        return start..<index
    }

    // MARK: Conversions

    /// Whether a key equals an ASCII name, ignoring ASCII case.
    @inline(__always)
    package func key(_ token: StringToken, is name: StaticString) -> Bool {
        guard !token.hasEscapes else { return string(token).caseInsensitiveEquals(name.description) }
        let count = name.utf8CodeUnitCount
        guard token.range.count == count else { return false }
        let pointer = name.utf8Start
        var offset = 0
        var position = token.range.lowerBound
        while offset < count {
            let a = bytes[position], b = pointer[offset]
            if a != b, (a >= 65 && a <= 90 ? a | 0x20 : a) != (b >= 65 && b <= 90 ? b | 0x20 : b) { return false }
            offset += 1
            position += 1
        }
        return true
    }

    /// The decoded text of a string token.
    package func string(_ token: StringToken) -> String {
        guard token.hasEscapes else {
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[token.range]), as: UTF8.self)
        }
        var output: [UInt8] = []
        output.reserveCapacity(token.range.count)
        var position = token.range.lowerBound
        let end = token.range.upperBound
        while position < end {
            let byte = bytes[position]
            guard byte == UInt8(ascii: "\\"), position + 1 < end else {
                output.append(byte)
                position += 1
                continue
            }
            let escaped = bytes[position + 1]
            position += 2
            switch escaped {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(at: position, end: end)
                if scalar != nil { position += 4 }
                if let high = scalar, (0xD800...0xDBFF).contains(high) {
                    // A surrogate pair is two escapes; a lone half becomes U+FFFD.
                    if position + 6 <= end, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u"),
                       let low = hex4(at: position + 2, end: end), (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                        position += 6
                    } else {
                        scalar = 0xFFFD
                    }
                } else if let low = scalar, (0xDC00...0xDFFF).contains(low) {
                    scalar = 0xFFFD
                }
                let value = Unicode.Scalar(scalar ?? 0xFFFD) ?? "\u{FFFD}"
                output.append(contentsOf: String(value).utf8)
            default:
                // `\"`, `\\`, `\/` and anything else: the character itself, as lenient readers do.
                output.append(escaped)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private func hex4(at position: Int, end: Int) -> UInt32? {
        guard position + 4 <= end else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[position + offset]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - 0x41 + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    /// A scalar as text: strings decoded, numbers and booleans as written, `null` as `nil`.
    package func text(_ scalar: Scalar) -> String? {
        switch scalar {
        case .string(let token): return string(token)
        case .number(let range): return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return nil
        }
    }

    /// Calls `body` with the trimmed bytes of a string or number value; `nil` for null or an
    /// empty string. Throws when `body` rejects the bytes, or for a boolean.
    ///
    /// `field` is only evaluated for the error: callers name a row (`DATA[12].STATUS`), and
    /// building that text for every value would cost more than reading the value.
    @inline(__always)
    package func convert<T>(_ scalar: Scalar, field: @autoclosure () -> String, as kind: String, _ body: (UnsafeRawBufferPointer) -> T?) throws -> T? {
        let range: Range<Int>
        switch scalar {
        case .string(let token):
            if token.hasEscapes {
                var text = string(token).trimmingASCIIWhitespace()
                if text.isEmpty { return nil }
                guard let value = text.withUTF8({ body(UnsafeRawBufferPointer($0)) }) else {
                    throw failure("\(field()) is not \(kind)")
                }
                return value
            }
            range = token.range
        case .number(let numberRange):
            range = numberRange
        case .null:
            return nil
        case .bool:
            throw failure("\(field()) is not \(kind)")
        }
        var start = range.lowerBound, end = range.upperBound
        while start < end, bytes[start].isASCIIWhitespace { start += 1 }
        while end > start, bytes[end - 1].isASCIIWhitespace { end -= 1 }
        if start == end { return nil }
        guard let value = body(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) else {
            throw failure("\(field()) is not \(kind)")
        }
        return value
    }

    /// A decimal from a string or number value (`nil` for null or empty).
    package func decimal(_ scalar: Scalar, field: @autoclosure () -> String) throws -> Decimal? {
        try convert(scalar, field: field(), as: "a decimal") { ExactDecimal.parse(bytes: $0) }
    }

    /// An integer from a string or number value (`nil` for null or empty).
    package func integer(_ scalar: Scalar, field: @autoclosure () -> String) throws -> Int? {
        try convert(scalar, field: field(), as: "an integer") { ByteText.integer($0) }
    }

    /// A Taiwan time from a string value (`nil` for null or empty).
    package func date(_ scalar: Scalar, field: @autoclosure () -> String) throws -> Date? {
        try convert(scalar, field: field(), as: "a date and time") { TaiwanTime.parse(bytes: $0) }
    }

    /// A string value, numbers and booleans as written, `""` for null.
    package func plainText(_ scalar: Scalar) -> String {
        text(scalar) ?? ""
    }
}
