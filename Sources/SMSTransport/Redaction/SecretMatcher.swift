/// Finds one secret in text however it was encoded (see ``Redaction/scrub(_:secrets:)``).
///
/// Each character of the secret may appear raw, as percent-encoded UTF-8 bytes (either hex
/// case, and `+` for a space), as an XML character or entity reference, or as a JSON escape,
/// and encodings may be mixed within one occurrence. Matching tracks the set of text positions
/// reachable after each character, so an ambiguous prefix (a `%` in the secret next to `%25`
/// in the text) never makes it miss or blow up.
struct SecretMatcher {
    /// The secret's characters, each with its UTF-8 bytes.
    private let scalars: [(value: UInt32, bytes: [UInt8])]
    /// Bytes that can start an occurrence.
    private let starts: [Bool]
    /// The secret's UTF-8 length, used to try longer secrets first.
    let length: Int

    init(_ secret: String) {
        scalars = secret.unicodeScalars.map { ($0.value, Array(String($0).utf8)) }
        length = secret.utf8.count
        var starts = [Bool](repeating: false, count: 256)
        if let first = scalars.first {
            starts[Int(first.bytes[0])] = true
            for byte in [UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "\\")] { starts[Int(byte)] = true }
            if first.value == 0x20 { starts[Int(UInt8(ascii: "+"))] = true }
        }
        self.starts = starts
    }

    /// Replaces every occurrence of every secret in `text` with ``Redaction/placeholder``;
    /// overlapping occurrences become one placeholder.
    static func scrub(_ text: String, matchers: [SecretMatcher]) -> String {
        let bytes = Array(text.utf8)
        let ordered = matchers.sorted { $0.length > $1.length }
        var covered: [Range<Int>] = []
        let placeholder = Array(Redaction.placeholder.utf8)
        var index = 0
        while index < bytes.count {
            // A placeholder left by redaction by name stays intact (a short secret such as "a"
            // must not turn it into "<red<redacted>cted>").
            if bytes[index] == placeholder[0], bytes[index...].starts(with: placeholder),
               covered.last.map({ $0.upperBound <= index }) ?? true {
                index += placeholder.count
                continue
            }
            var end: Int?
            for matcher in ordered where matcher.starts[Int(bytes[index])] {
                if let found = matcher.match(bytes, at: index) {
                    end = max(end ?? found, found)
                }
            }
            if let end {
                if let last = covered.last, last.upperBound >= index {
                    covered[covered.count - 1] = last.lowerBound..<max(last.upperBound, end)
                } else {
                    covered.append(index..<end)
                }
            }
            index += 1
        }
        guard !covered.isEmpty else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var copied = 0
        for range in covered {
            output.append(contentsOf: bytes[copied..<range.lowerBound])
            output.append(contentsOf: Redaction.placeholder.utf8)
            copied = range.upperBound
        }
        output.append(contentsOf: bytes[copied...])
        return String(decoding: output, as: UTF8.self)
    }

    /// The end of the longest occurrence starting at `start`, or `nil`.
    func match(_ text: [UInt8], at start: Int) -> Int? {
        var positions = [start]
        var next: [Int] = []
        for scalar in scalars {
            next.removeAll(keepingCapacity: true)
            for position in positions {
                appendEnds(of: scalar, in: text, at: position, to: &next)
            }
            if next.isEmpty { return nil }
            swap(&positions, &next)
        }
        return positions.max()
    }

    /// Appends every text position where one encoding of `scalar` starting at `position` ends.
    private func appendEnds(of scalar: (value: UInt32, bytes: [UInt8]), in text: [UInt8], at position: Int, to ends: inout [Int]) {
        func add(_ end: Int) {
            if !ends.contains(end) { ends.append(end) }
        }
        // Raw or percent-encoded bytes, mixed freely.
        var byteEnds = [position]
        for byte in scalar.bytes {
            var after: [Int] = []
            for at in byteEnds {
                if at < text.count, text[at] == byte { after.append(at + 1) }
                if at + 2 < text.count, text[at] == UInt8(ascii: "%"), let high = Self.hex(text[at + 1]), let low = Self.hex(text[at + 2]),
                   high << 4 | low == byte {
                    after.append(at + 3)
                }
                if byte == 0x20, at < text.count, text[at] == UInt8(ascii: "+") { after.append(at + 1) }
            }
            byteEnds = after
            if byteEnds.isEmpty { break }
        }
        byteEnds.forEach(add)
        guard position < text.count else { return }
        switch text[position] {
        case UInt8(ascii: "&"):
            if let end = Self.xmlReference(in: text, at: position), end.value == scalar.value { add(end.end) }
        case UInt8(ascii: "\\"):
            if let end = Self.jsonEscape(in: text, at: position), end.value == scalar.value { add(end.end) }
        default:
            break
        }
    }

    /// Reads `&name;`, `&#NNN;` or `&#xHH;` at `start`: the character it stands for and the end.
    private static func xmlReference(in text: [UInt8], at start: Int) -> (value: UInt32, end: Int)? {
        var index = start + 1
        guard index < text.count else { return nil }
        if text[index] == UInt8(ascii: "#") {
            index += 1
            var radix: UInt32 = 10
            if index < text.count, text[index] == UInt8(ascii: "x") || text[index] == UInt8(ascii: "X") {
                radix = 16
                index += 1
            }
            var value: UInt32 = 0
            var digits = 0
            while index < text.count, let digit = hex(text[index]), UInt32(digit) < radix, digits < 10 {
                value = value &* radix &+ UInt32(digit)
                digits += 1
                index += 1
            }
            guard digits > 0, index < text.count, text[index] == UInt8(ascii: ";") else { return nil }
            return (value, index + 1)
        }
        for (name, value) in namedEntities {
            let end = index + name.count
            if end < text.count, text[end] == UInt8(ascii: ";"), text[index..<end].elementsEqual(name) {
                return (value, end + 1)
            }
        }
        return nil
    }

    /// Reads a JSON escape at `start` (`\"`, `\n`, `\u00e9`, a surrogate pair): the character and the end.
    private static func jsonEscape(in text: [UInt8], at start: Int) -> (value: UInt32, end: Int)? {
        guard start + 1 < text.count else { return nil }
        switch text[start + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
            return (UInt32(text[start + 1]), start + 2)
        case UInt8(ascii: "n"): return (0x0A, start + 2)
        case UInt8(ascii: "r"): return (0x0D, start + 2)
        case UInt8(ascii: "t"): return (0x09, start + 2)
        case UInt8(ascii: "b"): return (0x08, start + 2)
        case UInt8(ascii: "f"): return (0x0C, start + 2)
        case UInt8(ascii: "u"):
            guard let high = unicodeEscape(in: text, at: start) else { return nil }
            if (0xD800..<0xDC00).contains(high), start + 12 <= text.count,
               text[start + 6] == UInt8(ascii: "\\"), let low = unicodeEscape(in: text, at: start + 6), (0xDC00..<0xE000).contains(low) {
                return (0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00), start + 12)
            }
            return (high, start + 6)
        default:
            return nil
        }
    }

    private static func unicodeEscape(in text: [UInt8], at start: Int) -> UInt32? {
        guard start + 6 <= text.count, text[start] == UInt8(ascii: "\\"), text[start + 1] == UInt8(ascii: "u") else { return nil }
        var value: UInt32 = 0
        for index in (start + 2)..<(start + 6) {
            guard let digit = hex(text[index]) else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private static let namedEntities: [([UInt8], UInt32)] = [
        (Array("amp".utf8), 0x26), (Array("lt".utf8), 0x3C), (Array("gt".utf8), 0x3E),
        (Array("quot".utf8), 0x22), (Array("apos".utf8), 0x27),
    ]

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
