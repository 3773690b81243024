import Foundation

/// The SDK's one XML reader: a strict, non-validating XML 1.0 (fifth edition) tokenizer with
/// Namespaces 1.0 checks, over UTF-8 bytes, that hands out one event at a time.
///
/// Gateway answers are untrusted, so it refuses what a conforming parser must refuse, and more:
/// - a document type declaration (`<!DOCTYPE …>`, the only place entities can be declared) is
///   refused outright: no billion laughs, no external entities, no file or network reads;
/// - only the five predefined entities and character references exist;
/// - nesting is bounded (`maxDepth`), and ``withUTF8Document(_:maxBytes:expected:_:)`` bounds the size;
/// - every well-formedness error (names, characters, UTF-8, tags, attributes, references, what
///   comes before and after the root, undeclared namespace prefixes) fails the document, at the
///   event where it is found.
///
/// Names and text are byte ranges of the document, so a reader makes a `String` only for what it
/// keeps (``Name/string``, ``Text/append(to:)``). One pass, no recursion. ``XMLTree`` and the
/// EVERY8D delivery-page reader are built on it.
package struct XMLTokenizer {
    /// What ``next()`` found.
    package enum Event: Equatable {
        /// A start tag. Its attributes are ``attributes`` until the next event. An empty element
        /// (`<name/>`) has `isEmpty` set and its `.end` comes next.
        case start(name: Name, isEmpty: Bool)
        /// An end tag (or the end of an empty element).
        case end(name: Name)
        /// Character data of the current element (one run between markup).
        case text(Text)
        /// The content of a CDATA section.
        case cdata(Text)
    }

    /// An element or attribute name as written, prefix included. (Like ``Text`` it holds the
    /// document's bytes: reading it needs no copy of the tokenizer.)
    package struct Name: Equatable {
        let bytes: UnsafeRawBufferPointer
        /// The name's bytes in the document.
        package let range: Range<Int>

        /// The name as a `String`.
        package var string: String {
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }

        /// Whether the name is `name` after any namespace prefix, ignoring ASCII case.
        package func hasLocalName(_ name: StaticString) -> Bool {
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

        package static func == (a: Name, b: Name) -> Bool {
            a.bytes.baseAddress == b.bytes.baseAddress && a.range == b.range
        }
    }

    /// Character data, a CDATA section or an attribute value as written in the document, checked;
    /// ``append(to:)`` and ``string`` give its characters. (It holds the document's bytes, so that
    /// reading it needs no copy of the tokenizer.)
    package struct Text: Equatable {
        enum Kind { case text, cdata, attribute }
        /// The document.
        let bytes: UnsafeRawBufferPointer
        /// The bytes as written (between the quotes for an attribute).
        package let range: Range<Int>
        let kind: Kind
        /// Whether the bytes are the text as they are: no reference to expand, no line end (or, in
        /// an attribute, tab) to normalise.
        let isVerbatim: Bool

        package static func == (a: Text, b: Text) -> Bool {
            a.bytes.baseAddress == b.bytes.baseAddress && a.range == b.range && a.kind == b.kind
        }
    }

    /// An attribute of the last start tag.
    package struct Attribute {
        /// The name as written, prefix included.
        package let name: Name
        /// The value.
        package let value: Text
    }

    /// The document.
    package let bytes: UnsafeRawBufferPointer
    /// The attributes of the last start tag, namespace declarations included.
    package private(set) var attributes: [Attribute] = []

    private let end: Int
    private let maxDepth: Int
    private let expected: String
    private let allowsSpaceBeforeName: Bool
    // The tables, copied out of their lazily initialised statics once per document: reading a
    // static in the inner loops costs a `swift_once` check each time.
    private let plainText = XMLTokenizer.isPlainText
    private let asciiNameStart = XMLTokenizer.isASCIINameStart
    private let asciiName = XMLTokenizer.isASCIIName
    private var index = 0
    private var started = false
    private var finished = false
    private var pendingEnd: Range<Int>?
    private var stack: [(name: Range<Int>, namespaceMark: Int)] = []
    /// Namespace bindings in scope: prefix bytes (empty for the default namespace) and URI.
    private var namespaces: [(prefix: [UInt8], uri: [UInt8])] = []

    /// Creates a tokenizer over a UTF-8 document.
    ///
    /// - Parameters:
    ///   - bytes: The document, UTF-8 (see ``withUTF8Document(_:maxBytes:expected:_:)``).
    ///   - maxDepth: The deepest element nesting accepted, the root counting as 1.
    ///   - expected: What the caller expected, for its errors (``ResponseParseError/expected``).
    ///   - allowsSpaceBeforeName: Whether `< NAME>` reads as `<NAME>`. Not XML: only for a
    ///     document whose vendor writes it so (see `Every8DResponseParser.deliveryPage(xml:)`).
    package init(_ bytes: UnsafeRawBufferPointer, maxDepth: Int = 64, expected: String = "XML", allowsSpaceBeforeName: Bool = false) {
        self.bytes = bytes
        self.end = bytes.count
        self.maxDepth = maxDepth
        self.expected = expected
        self.allowsSpaceBeforeName = allowsSpaceBeforeName
        stack.reserveCapacity(8)
    }

    /// How many elements are open (the one just started included, the one just ended not).
    package private(set) var depth = 0

    /// A parse error for the caller's own findings, with the tokenizer's `expected`.
    package func failure(_ reason: String) -> ResponseParseError {
        ResponseParseError(expected: expected, reason: reason)
    }

    /// The next event, or `nil` after the root element and whatever may follow it.
    ///
    /// - Throws: `ResponseParseError`: `malformed XML (… at line n)`, or the policy's own reason
    ///   for a DTD or a nesting deeper than allowed.
    package mutating func next() throws -> Event? {
        do {
            return try read()
        } catch let error as Failure {
            var line = 1
            for offset in 0..<min(error.offset, end) where bytes[offset] == 0x0A { line += 1 }
            throw failure(error.isPolicy ? error.reason : "malformed XML (\(error.reason) at line \(line))")
        }
    }

    // MARK: - Reading text

    /// The value of the last start tag's attribute named `name` (see ``Name/hasLocalName(_:)``), if it has one.
    package func attribute(_ name: StaticString) -> String? {
        attributes.first { $0.name.hasLocalName(name) }.map(\.value.string)
    }

    // MARK: - The document

    /// Calls `body` with `data` as UTF-8 after the checks every XML answer gets first: the size
    /// bound, no UTF-16 or UTF-32, and an encoding declaration that ``TextDecoding`` can honour
    /// (Big5, ISO-8859-1, Windows-1252, US-ASCII documents are transcoded to UTF-8, their
    /// declaration rewritten to say so).
    ///
    /// - Throws: `ResponseParseError` for a document over `maxBytes`, a wide or unknown encoding,
    ///   or a byte-order mark contradicting the declaration; whatever `body` throws.
    package static func withUTF8Document<T>(_ data: Data, maxBytes: Int, expected: String = "XML",
                                            _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        guard data.count <= maxBytes else {
            throw ResponseParseError(expected: expected, reason: "document larger than \(maxBytes) bytes")
        }
        return try data.withUnsafeBytes { raw -> T in
            if isWideEncoding(raw) {
                throw ResponseParseError(expected: expected, reason: "UTF-16 and UTF-32 documents are not accepted")
            }
            switch XMLEncodingDeclaration(raw) {
            case .absent, .utf8, .malformed: // a malformed declaration: the tokenizer says what is wrong
                return try body(raw)
            case .conflictsWithBOM(let charset):
                throw ResponseParseError(expected: expected, reason: "a UTF-8 byte-order mark contradicts encoding \"\(charset)\"")
            case .other(let charset, let value):
                guard !charset.hasPrefix("utf-16"), !charset.hasPrefix("utf-32"), !charset.hasPrefix("ucs") else {
                    throw ResponseParseError(expected: expected, reason: "UTF-16 and UTF-32 documents are not accepted")
                }
                let text: String
                do {
                    text = try TextDecoding.decode(data, contentType: "text/xml; charset=\(charset)")
                } catch let error as ResponseParseError {
                    throw ResponseParseError(expected: expected, reason: error.reason)
                }
                // The declaration is ASCII, so its offsets are the same in both encodings.
                var utf8 = Array(raw[..<value.lowerBound])
                utf8.append(contentsOf: "UTF-8".utf8)
                utf8.append(contentsOf: Array(text.utf8).dropFirst(value.upperBound))
                return try utf8.withUnsafeBytes(body)
            }
        }
    }

    /// Whether the document starts like UTF-16 or UTF-32 (a BOM, or a NUL byte next to `<`).
    private static func isWideEncoding(_ raw: UnsafeRawBufferPointer) -> Bool {
        guard raw.count >= 2 else { return false }
        if (raw[0] == 0xFE && raw[1] == 0xFF) || (raw[0] == 0xFF && raw[1] == 0xFE) { return true }
        return raw[0] == 0 || raw[1] == 0
    }

    // MARK: - Events

    private struct Failure: Error {
        let reason: String
        let offset: Int
        var isPolicy = false
    }

    private mutating func read() throws -> Event? {
        if let name = pendingEnd {
            pendingEnd = nil
            close()
            return .end(name: Name(bytes: bytes, range: name))
        }
        if !started {
            started = true
            try prolog()
            return try startTag()
        }
        guard !stack.isEmpty else {
            guard !finished else { return nil }
            try misc()
            guard index == end else { throw fail("content after the root element") }
            finished = true
            return nil
        }
        while true {
            guard index < end else { throw fail("the document ends inside <\(text(stack[stack.count - 1].name))>") }
            guard bytes[index] == UInt8(ascii: "<") else { return .text(try characterData()) }
            guard index + 1 < end else { throw fail("the document ends inside markup") }
            switch bytes[index + 1] {
            case UInt8(ascii: "/"):
                return try endTag()
            case UInt8(ascii: "!"):
                if starts("<!--") {
                    try comment()
                } else if starts("<![CDATA[") {
                    return .cdata(try cdata())
                } else {
                    throw fail("unexpected markup")
                }
            case UInt8(ascii: "?"):
                try processingInstruction()
            default:
                return try startTag()
            }
        }
    }

    /// The byte-order mark, the XML declaration and what may come before the root.
    private mutating func prolog() throws {
        if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        if starts("<?xml"), index + 5 < end, bytes[index + 5].isASCIIWhitespace {
            try xmlDeclaration()
        }
        try misc()
        guard index + 1 < end, bytes[index] == UInt8(ascii: "<"), bytes[index + 1] != UInt8(ascii: "/") else {
            throw fail("no root element")
        }
    }

    /// Whitespace, comments and processing instructions around the root; a DTD is refused.
    private mutating func misc() throws {
        while true {
            skipWhitespace()
            if starts("<!--") {
                try comment()
            } else if starts("<?") {
                try processingInstruction()
            } else if starts("<!DOCTYPE") || starts("<!ENTITY") {
                throw Failure(reason: "DTD or entity declarations are not accepted", offset: index, isPolicy: true)
            } else {
                return
            }
        }
    }

    private mutating func xmlDeclaration() throws {
        index += 5
        guard skipWhitespace(), try pseudoAttribute("version") == Array("1.0".utf8) else {
            throw fail("the XML declaration needs version \"1.0\"")
        }
        var spaced = skipWhitespace()
        if spaced, starts("encoding") {
            let name = try pseudoAttribute("encoding")
            guard let first = name.first, Self.isASCIILetter(first),
                  name.allSatisfy({ Self.isASCIILetter($0) || Self.isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }) else {
                throw fail("bad encoding name")
            }
            spaced = skipWhitespace()
        }
        if spaced, starts("standalone") {
            let value = try pseudoAttribute("standalone")
            guard value == Array("yes".utf8) || value == Array("no".utf8) else { throw fail("standalone must be yes or no") }
            skipWhitespace()
        }
        guard starts("?>") else { throw fail("malformed XML declaration") }
        index += 2
    }

    private mutating func pseudoAttribute(_ name: StaticString) throws -> [UInt8] {
        guard starts(name) else { throw fail("malformed XML declaration") }
        index += name.utf8CodeUnitCount
        skipWhitespace()
        guard index < end, bytes[index] == UInt8(ascii: "=") else { throw fail("malformed XML declaration") }
        index += 1
        skipWhitespace()
        guard index < end, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
            throw fail("malformed XML declaration")
        }
        let quote = bytes[index]
        let start = index + 1
        var at = start
        while at < end, bytes[at] != quote {
            guard bytes[at] >= 0x20, bytes[at] < 0x80 else { throw fail("malformed XML declaration") }
            at += 1
        }
        guard at < end else { throw fail("malformed XML declaration") }
        index = at + 1
        return Array(bytes[start..<at])
    }

    /// Reads `<name attributes…>` or `<name …/>`.
    private mutating func startTag() throws -> Event {
        let tagStart = index
        index += 1
        if allowsSpaceBeforeName {
            while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        }
        let nameRange = try name()
        attributes.removeAll(keepingCapacity: true)
        let namespaceMark = namespaces.count
        var isEmpty = false
        while true {
            let spaced = skipWhitespace()
            guard index < end else { throw fail("the document ends inside a start tag") }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                break
            }
            if bytes[index] == UInt8(ascii: "/") {
                guard index + 1 < end, bytes[index + 1] == UInt8(ascii: ">") else { throw fail("malformed start tag") }
                index += 2
                isEmpty = true
                break
            }
            guard spaced else { throw fail("attributes must be separated by whitespace") }
            let attributeName = try name()
            skipWhitespace()
            guard index < end, bytes[index] == UInt8(ascii: "=") else { throw fail("an attribute needs '='") }
            index += 1
            skipWhitespace()
            let value = try attributeValue()
            let nameBytes = bytes[attributeName]
            if attributes.contains(where: { bytes[$0.name.range].elementsEqual(nameBytes) }) {
                throw fail("attribute \(text(attributeName)) given twice")
            }
            let attribute = Attribute(name: Name(bytes: bytes, range: attributeName), value: value)
            if let declared = try namespaceDeclaration(attribute), declared.prefix != Array("xml".utf8) {
                namespaces.append(declared)
            }
            attributes.append(attribute)
        }
        try checkNamespaces(element: nameRange, at: tagStart)
        guard stack.count < maxDepth else {
            throw Failure(reason: "elements nested deeper than \(maxDepth)", offset: tagStart, isPolicy: true)
        }
        stack.append((nameRange, namespaceMark))
        depth = stack.count
        if isEmpty { pendingEnd = nameRange }
        return .start(name: Name(bytes: bytes, range: nameRange), isEmpty: isEmpty)
    }

    /// Reads `</name>`, which must close the innermost element.
    private mutating func endTag() throws -> Event {
        index += 2
        let nameRange = try name()
        skipWhitespace()
        guard index < end, bytes[index] == UInt8(ascii: ">") else { throw fail("malformed end tag") }
        index += 1
        let open = stack[stack.count - 1].name
        guard nameRange.count == open.count, memcmp(bytes.baseAddress! + nameRange.lowerBound, bytes.baseAddress! + open.lowerBound, open.count) == 0 else {
            throw fail("</\(text(nameRange))> does not close <\(text(open))>")
        }
        close()
        return .end(name: Name(bytes: bytes, range: nameRange))
    }

    /// Pops the innermost element and the namespaces it declared.
    private mutating func close() {
        let frame = stack.removeLast()
        depth = stack.count
        if namespaces.count > frame.namespaceMark { namespaces.removeLast(namespaces.count - frame.namespaceMark) }
    }

    /// Reads character data up to the next markup, checking every character and reference.
    private mutating func characterData() throws -> Text {
        let start = index
        var isVerbatim = true
        while index < end {
            let byte = bytes[index]
            if plainText[Int(byte)] {
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "<"):
                return Text(bytes: bytes, range: start..<index, kind: .text, isVerbatim: isVerbatim)
            case UInt8(ascii: "&"):
                try skipReference()
                isVerbatim = false
            case 0x0D:
                isVerbatim = false
                index += 1
            case UInt8(ascii: "]"):
                if starts("]]>") { throw fail("']]>' in text") }
                index += 1
            default:
                _ = try character()
            }
        }
        return Text(bytes: bytes, range: start..<index, kind: .text, isVerbatim: isVerbatim)
    }

    private mutating func attributeValue() throws -> Text {
        guard index < end, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
            throw fail("an attribute value must be quoted")
        }
        let quote = bytes[index]
        index += 1
        let start = index
        var isVerbatim = true
        while true {
            guard index < end else { throw fail("the document ends inside an attribute value") }
            let byte = bytes[index]
            switch byte {
            case quote:
                index += 1
                return Text(bytes: bytes, range: start..<(index - 1), kind: .attribute, isVerbatim: isVerbatim)
            case UInt8(ascii: "<"):
                throw fail("'<' in an attribute value")
            case UInt8(ascii: "&"):
                try skipReference()
                isVerbatim = false
            case 0x09, 0x0A, 0x0D:
                isVerbatim = false
                index += 1
            default:
                _ = try character()
            }
        }
    }

    private mutating func skipReference() throws {
        switch Self.reference(in: bytes, at: index, end: end) {
        case .scalar(_, let next): index = next
        case .failure(let reason, let offset): throw Failure(reason: reason, offset: offset)
        }
    }

    fileprivate enum Reference {
        case scalar(Unicode.Scalar, next: Int)
        case failure(String, at: Int)
    }

    /// Reads `&lt;` `&gt;` `&amp;` `&quot;` `&apos;`, `&#N;` or `&#xH;` at `start`.
    fileprivate static func reference(in bytes: UnsafeRawBufferPointer, at start: Int, end: Int) -> Reference {
        var index = start + 1
        if index < end, bytes[index] == UInt8(ascii: "#") {
            index += 1
            var radix: UInt32 = 10
            if index < end, bytes[index] == UInt8(ascii: "x") {
                radix = 16
                index += 1
            }
            var value: UInt32 = 0
            var digits = 0
            while index < end, let digit = digitValue(bytes[index], radix: radix) {
                value = min(value &* radix &+ digit, 0x11_0000)
                digits += 1
                index += 1
            }
            guard digits > 0, index < end, bytes[index] == UInt8(ascii: ";") else { return .failure("malformed character reference", at: index) }
            guard let scalar = Unicode.Scalar(value), XMLEscaping.isAllowed(scalar) else {
                return .failure("character reference to a character XML cannot hold", at: start)
            }
            return .scalar(scalar, next: index + 1)
        }
        let nameStart = index
        while index < end, isASCIILetter(bytes[index]) { index += 1 }
        guard index < end, bytes[index] == UInt8(ascii: ";") else { return .failure("malformed entity reference", at: start) }
        let scalar: Unicode.Scalar
        switch String(decoding: UnsafeRawBufferPointer(rebasing: bytes[nameStart..<index]), as: UTF8.self) {
        case "lt": scalar = "<"
        case "gt": scalar = ">"
        case "amp": scalar = "&"
        case "quot": scalar = "\""
        case "apos": scalar = "'"
        default: return .failure("undefined entity", at: start)
        }
        return .scalar(scalar, next: index + 1)
    }

    private mutating func cdata() throws -> Text {
        index += 9
        let start = index
        var isVerbatim = true
        while true {
            guard index < end else { throw fail("the document ends inside CDATA") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "]"), starts("]]>") {
                index += 3
                return Text(bytes: bytes, range: start..<(index - 3), kind: .cdata, isVerbatim: isVerbatim)
            }
            if byte >= 0x20 && byte < 0x80 || byte == 0x09 || byte == 0x0A {
                index += 1
            } else {
                if byte == 0x0D { isVerbatim = false }
                _ = try character()
            }
        }
    }

    private mutating func comment() throws {
        let start = index
        index += 4
        while true {
            guard index < end else { throw Failure(reason: "unterminated comment", offset: start) }
            if bytes[index] == UInt8(ascii: "-"), index + 1 < end, bytes[index + 1] == UInt8(ascii: "-") {
                guard index + 2 < end, bytes[index + 2] == UInt8(ascii: ">") else { throw fail("'--' inside a comment") }
                index += 3
                return
            }
            _ = try character()
        }
    }

    private mutating func processingInstruction() throws {
        let start = index
        index += 2
        let target = try name()
        let targetBytes = bytes[target]
        // Targets starting with "xml" are reserved; libxml2 lets only the W3C's own through.
        if targetBytes.count >= 3, targetBytes.prefix(3).map({ $0 | 0x20 }).elementsEqual(Array("xml".utf8)),
           !targetBytes.elementsEqual(Array("xml-stylesheet".utf8)), !targetBytes.elementsEqual(Array("xml-model".utf8)) {
            throw Failure(reason: "processing instruction targets starting with 'xml' are reserved", offset: start)
        }
        if targetBytes.contains(UInt8(ascii: ":")) { throw Failure(reason: "a colon in a processing instruction target", offset: start) }
        if starts("?>") {
            index += 2
            return
        }
        guard skipWhitespace() else { throw fail("malformed processing instruction") }
        while true {
            guard index < end else { throw Failure(reason: "unterminated processing instruction", offset: start) }
            if starts("?>") {
                index += 2
                return
            }
            _ = try character()
        }
    }

    // MARK: - Namespaces

    private static let xmlNamespace = Array("http://www.w3.org/XML/1998/namespace".utf8)
    private static let xmlnsNamespace = Array("http://www.w3.org/2000/xmlns/".utf8)

    /// Checks a namespace declaration (`xmlns` or `xmlns:p`) and returns its binding.
    ///
    /// Namespaces 1.0's own constraints are enforced; whether the URI is a well-formed RFC 3986
    /// reference is not (the namespace name is only compared, never resolved).
    private func namespaceDeclaration(_ attribute: Attribute) throws -> (prefix: [UInt8], uri: [UInt8])? {
        let attributeName = bytes[attribute.name.range]
        let xmlns = Array("xmlns".utf8)
        let isDefault = attributeName.elementsEqual(xmlns)
        guard isDefault || (attributeName.count > 6 && attributeName.starts(with: xmlns)
                            && attributeName[attribute.name.range.lowerBound + 5] == UInt8(ascii: ":")) else { return nil }
        var value: [UInt8] = []
        attribute.value.append(to: &value)
        if isDefault {
            guard value != Self.xmlNamespace, value != Self.xmlnsNamespace else { throw fail("a reserved namespace cannot be the default") }
            return ([], value)
        }
        let prefix = Array(attributeName.dropFirst(6))
        guard Self.isNCName(prefix) else { throw fail("bad namespace prefix") }
        if prefix == Array("xml".utf8) {
            guard value == Self.xmlNamespace else { throw fail("the xml prefix cannot be rebound") }
            return (prefix, value)
        }
        guard prefix != xmlns else { throw fail("the xmlns prefix cannot be declared") }
        guard !value.isEmpty else { throw fail("a namespace prefix cannot be bound to an empty URI") }
        guard value != Self.xmlNamespace, value != Self.xmlnsNamespace else { throw fail("a reserved namespace URI cannot be bound") }
        return (prefix, value)
    }

    /// The element's and attributes' prefixes must be declared; prefixed attributes must differ
    /// in namespace or local name.
    private func checkNamespaces(element: Range<Int>, at offset: Int) throws {
        _ = try uri(ofQName: element, isAttribute: false, at: offset)
        guard !attributes.isEmpty else { return }
        var expanded: [(uri: [UInt8], local: ArraySlice<UInt8>)] = []
        for attribute in attributes {
            let nameBytes = bytes[attribute.name.range]
            if nameBytes.elementsEqual(Array("xmlns".utf8)) { continue }
            guard let namespace = try uri(ofQName: attribute.name.range, isAttribute: true, at: offset) else { continue }
            let local = ArraySlice(nameBytes[(nameBytes.firstIndex(of: UInt8(ascii: ":"))! + 1)...])
            if expanded.contains(where: { $0.uri == namespace && $0.local == local }) {
                throw Failure(reason: "two attributes with the same namespace and name", offset: offset)
            }
            expanded.append((namespace, local))
        }
    }

    /// The namespace URI of a prefixed name (`nil` for an unprefixed one).
    private func uri(ofQName range: Range<Int>, isAttribute: Bool, at offset: Int) throws -> [UInt8]? {
        guard memchr(bytes.baseAddress! + range.lowerBound, Int32(UInt8(ascii: ":")), range.count) != nil else { return nil } // the usual case
        let nameBytes = Array(bytes[range])
        guard let colon = nameBytes.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let prefix = Array(nameBytes[..<colon])
        let local = Array(nameBytes[(colon + 1)...])
        guard Self.isNCName(prefix), Self.isNCName(local) else {
            throw Failure(reason: "\(String(decoding: nameBytes, as: UTF8.self)) is not a valid qualified name", offset: offset)
        }
        if prefix == Array("xml".utf8) { return Self.xmlNamespace }
        if isAttribute, prefix == Array("xmlns".utf8) { return Self.xmlnsNamespace }
        guard let binding = namespaces.last(where: { $0.prefix == prefix }) else {
            throw Failure(reason: "namespace prefix \(String(decoding: prefix, as: UTF8.self)) is not declared", offset: offset)
        }
        return binding.uri
    }

    // MARK: - Characters

    /// Reads one name (XML 1.0 fifth edition `Name`) and returns its byte range.
    private mutating func name() throws -> Range<Int> {
        let start = index
        var first = true
        while index < end {
            let byte = bytes[index]
            if byte < 0x80 {
                guard first ? asciiNameStart[Int(byte)] : asciiName[Int(byte)] else { break }
                index += 1
            } else {
                guard let (scalar, length) = Self.decodeScalar(bytes, at: index, end: end) else { throw fail("invalid UTF-8") }
                guard first ? Self.isNameStart(scalar) : Self.isNameCharacter(scalar) else { break }
                index += length
            }
            first = false
        }
        guard index > start else { throw fail("a name was expected") }
        return start..<index
    }

    /// Reads one character (validated UTF-8 and an XML `Char`) and returns its byte range.
    private mutating func character() throws -> Range<Int> {
        let start = index
        let byte = bytes[index]
        if byte < 0x80 {
            guard byte >= 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { throw fail("a control character") }
            index += 1
            return start..<index
        }
        guard let (scalar, length) = Self.decodeScalar(bytes, at: index, end: end) else { throw fail("invalid UTF-8") }
        guard XMLEscaping.isAllowed(scalar) else { throw fail("a character XML cannot hold") }
        index += length
        return start..<index
    }

    @discardableResult
    private mutating func skipWhitespace() -> Bool {
        let start = index
        while index < end, bytes[index].isASCIIWhitespace { index += 1 }
        return index > start
    }

    private func starts(_ text: StaticString) -> Bool {
        let length = text.utf8CodeUnitCount
        guard index + length <= end else { return false }
        return text.withUTF8Buffer { pattern in
            for offset in 0..<length where bytes[index + offset] != pattern[offset] { return false }
            return true
        }
    }

    /// The bytes of `range` as text, for an error.
    private func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private func fail(_ reason: String) -> Failure {
        Failure(reason: reason, offset: index)
    }

    // MARK: - Tables

    /// Bytes that go into text as they are: printable ASCII except `<`, `&`, `]`, plus TAB and LF.
    private static let isPlainText: [Bool] = (0..<256).map { byte in
        (byte >= 0x20 && byte < 0x80 && byte != 0x3C && byte != 0x26 && byte != 0x5D) || byte == 0x09 || byte == 0x0A
    }

    private static let isASCIINameStart: [Bool] = (0..<128).map { byte in
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x3A
    } + [Bool](repeating: false, count: 128)

    private static let isASCIIName: [Bool] = (0..<128).map { byte in
        isASCIINameStart[byte] || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E
    } + [Bool](repeating: false, count: 128)

    private static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3A, 0x41...0x5A, 0x5F, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF,
             0x200C...0x200D, 0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD,
             0x10000...0xEFFFF:
            return true
        default:
            return false
        }
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2D, 0x2E, 0x30...0x39, 0xB7, 0x300...0x36F, 0x203F...0x2040: return true
        default: return isNameStart(scalar)
        }
    }

    /// A `Name` without colons (Namespaces 1.0 `NCName`).
    private static func isNCName(_ name: [UInt8]) -> Bool {
        guard !name.isEmpty, !name.contains(UInt8(ascii: ":")) else { return false }
        let text = String(decoding: name, as: UTF8.self)
        guard let first = text.unicodeScalars.first, isNameStart(first) else { return false }
        return text.unicodeScalars.dropFirst().allSatisfy(isNameCharacter)
    }

    /// Decodes one UTF-8 scalar strictly (no overlongs, surrogates or values past U+10FFFF).
    private static func decodeScalar(_ bytes: UnsafeRawBufferPointer, at index: Int, end: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[index]
        let length: Int
        var value: UInt32
        var lowest: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F); lowest = 0x80
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F); lowest = 0x800
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07); lowest = 0x10000
        default: return nil
        }
        guard index + length <= end else { return nil }
        for offset in 1..<length {
            let continuation = bytes[index + offset]
            guard continuation & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(continuation & 0x3F)
        }
        guard value >= lowest, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func digitValue(_ byte: UInt8, radix: UInt32) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}

extension XMLTokenizer.Text {
    /// Appends the text's characters as UTF-8: references expanded, line ends read as LF, and in
    /// an attribute value each tab, CR, LF or CR LF read as one space.
    package func append(to buffer: inout [UInt8]) {
        if isVerbatim {
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[range]))
            return
        }
        var at = range.lowerBound
        let stop = range.upperBound
        var run = at
        while at < stop {
            let byte = bytes[at]
            if byte == UInt8(ascii: "&"), kind != .cdata, case .scalar(let scalar, let next) = XMLTokenizer.reference(in: bytes, at: at, end: stop) {
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[run..<at]))
                UTF8.encode(scalar) { buffer.append($0) }
                at = next
                run = at
            } else if byte == 0x0D || (kind == .attribute && (byte == 0x09 || byte == 0x0A)) {
                buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[run..<at]))
                buffer.append(kind == .attribute ? 0x20 : 0x0A)
                at += byte == 0x0D && at + 1 < stop && bytes[at + 1] == 0x0A ? 2 : 1
                run = at
            } else {
                at += 1
            }
        }
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[run..<stop]))
    }

    /// The text's characters (see ``append(to:)``).
    package var string: String {
        if isVerbatim { return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        var buffer: [UInt8] = []
        append(to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
