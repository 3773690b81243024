/// One pass over UTF-8 bytes that replaces values under sensitive names (see
/// ``Redaction/redactedText(_:)``).
///
/// It does not parse JSON or XML; it recognises the few shapes a secret can sit in and errs
/// towards hiding more. Every delimiter it looks for is ASCII, so it never splits a multi-byte
/// character. Lookups are bounded (names up to 256 bytes), so the pass stays linear in practice.
struct RedactionScanner {
    private let input: [UInt8]
    private var output: [UInt8] = []
    private var copied = 0
    private var changed = false
    private let rules: RedactionRules
    /// A range to blank whatever its name: the secret of one of the rules' answers.
    private var forced: Range<Int>?

    private static let placeholder = Array(Redaction.placeholder.utf8)
    private static let maxName = 256

    init(_ input: [UInt8], rules: RedactionRules) {
        self.input = input
        self.rules = rules
    }

    /// Runs the pass; `nil` when nothing was redacted.
    mutating func run() -> [UInt8]? {
        for answer in rules.secretAnswers where forced == nil { forced = Self.secret(of: answer, in: input) }
        let count = input.count
        var index = 0
        while index < count {
            if let range = forced, index >= range.lowerBound {
                replace(range, with: Self.quotedPlaceholder)
                index = max(index, range.upperBound)
                forced = nil
                continue
            }
            switch input[index] {
            case UInt8(ascii: "\""):
                index = jsonKey(at: index)
            case UInt8(ascii: "\\"):
                index = escapedJSONKey(at: index)
            case UInt8(ascii: "<"):
                index = element(at: index, open: Self.lt, close: Self.gt)
            case UInt8(ascii: "&"):
                if startsWith(Self.escapedLT, at: index) {
                    index = element(at: index, open: Self.escapedLT, close: Self.escapedGT)
                } else if startsWith(Self.doubleEscapedLT, at: index) {
                    index = element(at: index, open: Self.doubleEscapedLT, close: Self.doubleEscapedGT)
                } else {
                    index += 1
                }
            case UInt8(ascii: "="), UInt8(ascii: ":"):
                index = pair(at: index)
            case UInt8(ascii: "b"), UInt8(ascii: "B"):
                index = bearer(at: index)
            default:
                index += 1
            }
        }
        guard changed else { return nil }
        output.append(contentsOf: input[copied...])
        return output
    }

    // MARK: - Shapes

    /// `"key": value` where the key is sensitive: the whole value (string, number, object or
    /// array) becomes `"<redacted>"`.
    private mutating func jsonKey(at quote: Int) -> Int {
        guard let close = closingQuote(from: quote + 1) else { return quote + 1 }
        var colon = close + 1
        skipWhitespace(&colon)
        guard colon < input.count, input[colon] == UInt8(ascii: ":") else { return quote + 1 }
        let key = input[(quote + 1)..<close]
        let name = key.contains(UInt8(ascii: "\\")) ? Self.jsonUnescaped(key) : Array(key)
        guard Redaction.isSensitive(nameBytes: name, rules: rules) else { return colon + 1 }
        var value = colon + 1
        skipWhitespace(&value)
        guard value < input.count else { return input.count }
        let end = jsonValueEnd(from: value)
        replace(value..<end, with: Self.quotedPlaceholder)
        return end
    }

    /// `\"key\":\"value\"`: a sensitive key of JSON escaped inside a JSON string.
    private mutating func escapedJSONKey(at backslash: Int) -> Int {
        guard backslash + 1 < input.count, input[backslash + 1] == UInt8(ascii: "\"") else { return backslash + 1 }
        let keyStart = backslash + 2
        guard let keyEnd = find(Self.escapedQuote, from: keyStart, limit: Self.maxName) else { return backslash + 2 }
        var colon = keyEnd + 2
        skipWhitespace(&colon)
        guard colon < input.count, input[colon] == UInt8(ascii: ":") else { return backslash + 2 }
        guard Redaction.isSensitive(nameBytes: input[keyStart..<keyEnd], rules: rules) else { return colon + 1 }
        var value = colon + 1
        skipWhitespace(&value)
        guard value < input.count else { return input.count }
        if startsWith(Self.escapedQuote, at: value) {
            // The inner string ends at a quote escaped once (`\"`); `\\\"` is a quote inside it.
            var end = value + 2
            while end < input.count {
                if input[end] == UInt8(ascii: "\""), end >= 1, input[end - 1] == UInt8(ascii: "\\"),
                   end < 2 || input[end - 2] != UInt8(ascii: "\\") {
                    break
                }
                end += 1
            }
            let stop = min(end + 1, input.count)
            replace(value..<stop, with: Self.escapedQuotedPlaceholder)
            return stop
        }
        var end = value
        var depth = 0
        while end < input.count {
            let byte = input[end]
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                if depth == 0 { break }
                depth -= 1
                if depth == 0 { end += 1; break }
            } else if depth == 0, byte == UInt8(ascii: ",") || byte.isASCIIWhitespace
                        || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\"") {
                break
            }
            end += 1
        }
        replace(value..<end, with: Self.escapedQuotedPlaceholder)
        return end
    }

    /// `<name …>content</name>` (or the same XML-escaped) with a sensitive local name: the content
    /// is blanked up to the matching end tag, or to the end of the text if there is none.
    /// Attributes are redacted by name in every tag.
    private mutating func element(at start: Int, open: [UInt8], close: [UInt8]) -> Int {
        let nameStart = start + open.count
        guard nameStart < input.count, Self.isNameStart(input[nameStart]) else { return start + 1 }
        var nameEnd = nameStart
        while nameEnd < input.count, nameEnd - nameStart < Self.maxName, Self.isTagNameByte(input[nameEnd]) { nameEnd += 1 }
        let name = input[nameStart..<nameEnd]
        guard Redaction.isSensitive(nameBytes: name, rules: rules) else { return nameEnd }
        guard let tagEnd = tagEnd(from: nameEnd, close: close) else { return nameEnd }
        // Attributes of a sensitive element still get the by-name treatment.
        var inner = RedactionScanner(Array(input[nameEnd..<tagEnd]), rules: rules)
        if let redacted = inner.run() { replace(nameEnd..<tagEnd, with: redacted) }
        let contentStart = tagEnd + close.count
        if tagEnd > nameEnd, input[tagEnd - 1] == UInt8(ascii: "/") { return contentStart }
        let contentEnd = endTag(named: name, from: contentStart, open: open, close: close) ?? input.count
        replace(contentStart..<contentEnd, with: Self.placeholder)
        return contentEnd
    }

    /// `name=value` or `name: value` with a sensitive name (form fields, queries inside text,
    /// XML attributes, header lines, log messages).
    private mutating func pair(at separator: Int) -> Int {
        var nameStart = separator
        while nameStart > 0, separator - nameStart < Self.maxName, Self.isPairNameByte(input[nameStart - 1]) { nameStart -= 1 }
        guard nameStart < separator else { return separator + 1 }
        let isEquals = input[separator] == UInt8(ascii: "=")
        let rawName = input[nameStart..<separator]
        let name = isEquals && rawName.contains(UInt8(ascii: "%"))
            ? Array(FormEncoding.decodeComponent(bytes: rawName).utf8) : Array(rawName)
        guard Redaction.isSensitive(nameBytes: name, rules: rules) else { return separator + 1 }
        var value = separator + 1
        if !isEquals {
            // Not a URL scheme or a time; a colon pair is a header-like line.
            while value < input.count, input[value] == 0x20 || input[value] == 0x09 { value += 1 }
        }
        guard value < input.count else { return input.count }
        let first = input[value]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            let end = input[(value + 1)...].firstIndex(of: first) ?? input.count
            replace((value + 1)..<end, with: Self.placeholder)
            return end
        }
        if startsWith(Self.escapedQuote, at: value) {
            let end = find(Self.escapedQuote, from: value + 2, limit: .max) ?? input.count
            replace((value + 2)..<end, with: Self.placeholder)
            return end
        }
        var end = value
        while end < input.count, !(isEquals ? Self.endsFormValue(input[end]) : Self.endsLineValue(input[end])) { end += 1 }
        guard end > value else { return end }
        replace(value..<end, with: Self.placeholder)
        return end
    }

    /// `Bearer <token>` (any case), as in an `Authorization` value quoted in text.
    private mutating func bearer(at start: Int) -> Int {
        guard start == 0 || !Self.isAlphanumeric(input[start - 1]), startsWithIgnoringCase(Self.bearerWord, at: start) else {
            return start + 1
        }
        var token = start + Self.bearerWord.count
        let gapStart = token
        while token < input.count {
            if input[token] == 0x20 || input[token] == 0x09 || input[token] == UInt8(ascii: "+") {
                token += 1
            } else if startsWith(Self.percentSpace, at: token) {
                token += 3
            } else {
                break
            }
        }
        guard token > gapStart else { return token }
        var end = token
        while end < input.count, !Self.endsToken(input[end]) { end += 1 }
        guard end > token else { return end }
        replace(token..<end, with: Self.placeholder)
        return end
    }

    // MARK: - Helpers

    private mutating func replace(_ range: Range<Int>, with replacement: [UInt8]) {
        guard range.lowerBound >= copied else { return }
        if output.isEmpty { output.reserveCapacity(input.count) }
        output.append(contentsOf: input[copied..<range.lowerBound])
        output.append(contentsOf: replacement)
        copied = range.upperBound
        changed = true
        if let pending = forced, pending.lowerBound < range.upperBound { forced = nil }
    }

    private func skipWhitespace(_ index: inout Int) {
        while index < input.count, input[index].isASCIIWhitespace { index += 1 }
    }

    private func startsWith(_ prefix: [UInt8], at index: Int) -> Bool {
        guard index + prefix.count <= input.count else { return false }
        for offset in 0..<prefix.count where input[index + offset] != prefix[offset] { return false }
        return true
    }

    private func startsWithIgnoringCase(_ lowercased: [UInt8], at index: Int) -> Bool {
        guard index + lowercased.count <= input.count else { return false }
        for offset in 0..<lowercased.count where Self.lower(input[index + offset]) != lowercased[offset] { return false }
        return true
    }

    private func find(_ needle: [UInt8], from start: Int, limit: Int) -> Int? {
        var index = start
        while index + needle.count <= input.count, index - start <= limit {
            if startsWith(needle, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// The closing quote of a JSON string whose content starts at `start` (escapes honoured), if
    /// it comes within a name's length and before a line end.
    private func closingQuote(from start: Int) -> Int? {
        var index = start
        while index < input.count, index - start <= Self.maxName {
            switch input[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index
            case 0x0A, 0x0D: return nil
            default: index += 1
            }
        }
        return nil
    }

    /// The end of the JSON value starting at `start`: a string, a balanced object or array, or a
    /// bare literal. Truncated input ends at the end of the text.
    private func jsonValueEnd(from start: Int) -> Int {
        var index = start
        var depth = 0
        var inString = false
        while index < input.count {
            let byte = input[index]
            if inString {
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return index + 1 }
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""):
                    inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 0 { return index }
                    depth -= 1
                    if depth == 0 { return index + 1 }
                case UInt8(ascii: ","):
                    if depth == 0 { return index }
                default:
                    if depth == 0, byte.isASCIIWhitespace { return index }
                }
            }
            index += 1
        }
        return input.count
    }

    /// The position of the `>` (or its escaped form) that ends a start tag, quotes honoured.
    private func tagEnd(from start: Int, close: [UInt8]) -> Int? {
        var index = start
        var quote: UInt8 = 0
        while index < input.count {
            let byte = input[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if close.count == 1, byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if startsWith(close, at: index) {
                return index
            } else if byte == UInt8(ascii: "<") && close.count == 1 {
                return nil
            }
            index += 1
        }
        return nil
    }

    /// Where the end tag matching an element named `name` begins, nested same-name elements and
    /// CDATA sections skipped; `nil` when it never comes.
    private func endTag(named name: ArraySlice<UInt8>, from start: Int, open: [UInt8], close: [UInt8]) -> Int? {
        let cdataOpen = open + Array("![CDATA[".utf8)
        let cdataClose = Array("]]".utf8) + close
        var depth = 0
        var index = start
        while index < input.count {
            guard startsWith(open, at: index) else {
                index += 1
                continue
            }
            let after = index + open.count
            if startsWith(cdataOpen, at: index) {
                guard let end = find(cdataClose, from: after, limit: .max) else { return nil }
                index = end + cdataClose.count
                continue
            }
            let isEnd = after < input.count && input[after] == UInt8(ascii: "/")
            let nameStart = isEnd ? after + 1 : after
            var nameEnd = nameStart
            while nameEnd < input.count, nameEnd - nameStart <= Self.maxName, Self.isTagNameByte(input[nameEnd]) { nameEnd += 1 }
            if nameEnd - nameStart == name.count, Self.equalIgnoringCase(input[nameStart..<nameEnd], name) {
                if isEnd {
                    if depth == 0 { return index }
                    depth -= 1
                } else if let end = tagEnd(from: nameEnd, close: close), input[end - 1] != UInt8(ascii: "/") {
                    depth += 1
                }
            }
            index = max(nameEnd, index + 1)
        }
        return nil
    }

    /// The range of the quoted secret when the text is `answer`'s JSON: it starts with `{` (and is
    /// short, as such answers are), the marking member has its value, and the member holding the
    /// secret is a non-empty string without any of the excluded characters.
    static func secret(of answer: RedactionRules.SecretAnswer, in input: [UInt8]) -> Range<Int>? {
        guard let first = input.firstIndex(where: { !$0.isASCIIWhitespace }), input[first] == UInt8(ascii: "{"),
              input.count < 4096,
              let marker = valueAfterKey(Array("\"\(answer.whenMember)\"".utf8), in: input),
              startsWith(Array(answer.hasValue.utf8), in: input, at: marker),
              let message = valueAfterKey(Array("\"\(answer.member)\"".utf8), in: input),
              input[message] == UInt8(ascii: "\"") else { return nil }
        let excluded = Set(answer.unlessContaining.utf8)
        var end = message + 1
        while end < input.count, input[end] != UInt8(ascii: "\"") {
            if excluded.contains(input[end]) { return nil }
            end += input[end] == UInt8(ascii: "\\") ? 2 : 1
        }
        guard end > message + 1 else { return nil }
        return message..<min(end + 1, input.count)
    }

    private static func valueAfterKey(_ key: [UInt8], in input: [UInt8]) -> Int? {
        var index = 0
        while index + key.count <= input.count {
            if equalIgnoringCase(input[index..<(index + key.count)], key[...]) {
                var colon = index + key.count
                while colon < input.count, input[colon].isASCIIWhitespace { colon += 1 }
                if colon < input.count, input[colon] == UInt8(ascii: ":") {
                    var value = colon + 1
                    while value < input.count, input[value].isASCIIWhitespace { value += 1 }
                    return value < input.count ? value : nil
                }
            }
            index += 1
        }
        return nil
    }

    private static func startsWith(_ prefix: [UInt8], in input: [UInt8], at index: Int) -> Bool {
        index + prefix.count <= input.count && input[index..<(index + prefix.count)].elementsEqual(prefix)
    }

    /// Unescapes a JSON string's content enough to compare it as a name (`\uXXXX` in the BMP,
    /// single-character escapes).
    private static func jsonUnescaped(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var scalars = String.UnicodeScalarView()
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.endIndex {
                let next = bytes[index + 1]
                if next == UInt8(ascii: "u"), index + 5 < bytes.endIndex,
                   let value = UInt32(String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16),
                   let scalar = Unicode.Scalar(value) {
                    scalars.append(scalar)
                    index += 6
                    continue
                }
                scalars.append(Unicode.Scalar(next))
                index += 2
                continue
            }
            scalars.append(Unicode.Scalar(byte))
            index += 1
        }
        return Array(String(scalars).utf8)
    }

    // MARK: - Byte classes

    private static let lt = Array("<".utf8)
    private static let gt = Array(">".utf8)
    private static let escapedLT = Array("&lt;".utf8)
    private static let escapedGT = Array("&gt;".utf8)
    private static let doubleEscapedLT = Array("&amp;lt;".utf8)
    private static let doubleEscapedGT = Array("&amp;gt;".utf8)
    private static let escapedQuote = Array("\\\"".utf8)
    private static let bearerWord = Array("bearer".utf8)
    private static let percentSpace = Array("%20".utf8)
    private static let quotedPlaceholder = Array("\"\(Redaction.placeholder)\"".utf8)
    private static let escapedQuotedPlaceholder = Array("\\\"\(Redaction.placeholder)\\\"".utf8)

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    private static func equalIgnoringCase(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { lower($0) == lower($1) }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (lower(byte) >= UInt8(ascii: "a") && lower(byte) <= UInt8(ascii: "z"))
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) && !(byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    private static func isTagNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0..<0x21, UInt8(ascii: "/"), UInt8(ascii: ">"), UInt8(ascii: "<"), UInt8(ascii: "="),
             UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "&"), 0x7F:
            return false
        default:
            return true
        }
    }

    private static func isPairNameByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
    }

    /// Ends a value after `name=` in text: a form separator, whitespace, quotes or markup.
    private static func endsFormValue(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte.isASCIIWhitespace || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
            || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "#")
    }

    /// Ends a value after `name:` in text: the end of the line, or the end of the enclosing
    /// JSON string or XML text.
    private static func endsLineValue(_ byte: UInt8) -> Bool {
        byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "<")
    }

    /// Ends a bearer token.
    private static func endsToken(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x00...0x20, UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "<"), UInt8(ascii: ">"),
             UInt8(ascii: "&"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\\"), UInt8(ascii: ")"),
             UInt8(ascii: "]"), UInt8(ascii: "}"), 0x7F:
            return true
        default:
            return false
        }
    }
}
