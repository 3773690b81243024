import Foundation

/// The built-in ``XMLTree`` engine: a strict, non-validating XML 1.0 (fifth edition) reader with
/// Namespaces 1.0 checks, over UTF-8 bytes.
///
/// It refuses everything a conforming parser must refuse (and what libxml2 additionally reports
/// as a namespace error), so a document either reads exactly as `XMLParser` reads it or fails in
/// both; the differential tests hold it to that. A document type declaration is refused
/// outright, so no entity other than the five predefined ones can exist.
///
/// One pass, no recursion (depth is bounded by ``XMLTree/Options/maxDepth``), text collected in
/// one shared buffer.
struct XMLByteReader {
    static func parse(_ raw: UnsafeRawBufferPointer, options: XMLTree.Options) throws -> XMLTree.Element {
        var reader = XMLByteReader(raw, options: options)
        do {
            return try reader.document()
        } catch let failure as Failure {
            var line = 1
            for offset in 0..<min(failure.offset, raw.count) where raw[offset] == 0x0A { line += 1 }
            throw ResponseParseError(expected: "XML", reason: failure.isPolicy ? failure.reason : "malformed XML (\(failure.reason) at line \(line))")
        }
    }

    private struct Failure: Error {
        let reason: String
        let offset: Int
        var isPolicy = false
    }

    private struct Frame {
        var name: Range<Int>
        var element: XMLTree.Element
        var textMark: Int
        var namespaceMark: Int
    }

    private let bytes: UnsafeRawBufferPointer
    private let end: Int
    private let options: XMLTree.Options
    // The tables, copied out of their lazily initialised statics once per document: reading a
    // static in the inner loops costs a `swift_once` check each time.
    private let plainText = XMLByteReader.isPlainText
    private let asciiNameStart = XMLByteReader.isASCIINameStart
    private let asciiName = XMLByteReader.isASCIIName
    private var index = 0
    private var stack: [Frame] = []
    private var text: [UInt8] = []
    /// Namespace bindings in scope: prefix bytes (empty for the default namespace) and URI.
    private var namespaces: [(prefix: [UInt8], uri: [UInt8])] = []

    private init(_ bytes: UnsafeRawBufferPointer, options: XMLTree.Options) {
        self.bytes = bytes
        self.end = bytes.count
        self.options = options
    }

    // MARK: - Document

    private mutating func document() throws -> XMLTree.Element {
        if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        if starts("<?xml"), index + 5 < end, bytes[index + 5].isASCIIWhitespace {
            try xmlDeclaration()
        }
        try misc()
        guard index < end else { throw fail("no root element") }
        guard bytes[index] == UInt8(ascii: "<"), index + 1 < end, bytes[index + 1] != UInt8(ascii: "/") else {
            throw fail("no root element")
        }
        let root = try content()
        try misc()
        guard index == end else { throw fail("content after the root element") }
        return root
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

    // MARK: - Content

    /// Reads the root element and everything in it, iteratively.
    private mutating func content() throws -> XMLTree.Element {
        if let root = try startTag() { return root }
        while !stack.isEmpty {
            guard index < end else { throw fail("the document ends inside <\(name(stack[stack.count - 1].name))>") }
            let byte = bytes[index]
            if plainText[Int(byte)] {
                let start = index
                index += 1
                while index < end, plainText[Int(bytes[index])] { index += 1 }
                text.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
                continue
            }
            switch byte {
            case UInt8(ascii: "<"):
                guard index + 1 < end else { throw fail("the document ends inside markup") }
                switch bytes[index + 1] {
                case UInt8(ascii: "/"):
                    if let finished = try endTag() { return finished }
                case UInt8(ascii: "!"):
                    if starts("<!--") {
                        try comment()
                    } else if starts("<![CDATA[") {
                        try cdata()
                    } else {
                        throw fail("unexpected markup")
                    }
                case UInt8(ascii: "?"):
                    try processingInstruction()
                default:
                    if let finished = try startTag() { return finished }
                }
            case UInt8(ascii: "&"):
                UTF8.encode(try reference()) { text.append($0) }
            case 0x0D:
                text.append(0x0A)
                index += index + 1 < end && bytes[index + 1] == 0x0A ? 2 : 1
            case UInt8(ascii: "]"):
                if starts("]]>") { throw fail("']]>' in text") }
                text.append(byte)
                index += 1
            default:
                text.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[try character()]))
            }
        }
        throw fail("no root element")
    }

    /// Reads `<name attributes…>` or `<name …/>`; returns the root when it was self-closing.
    private mutating func startTag() throws -> XMLTree.Element? {
        let tagStart = index
        index += 1
        let nameRange = try name()
        var attributes: [String: String] = [:]
        var attributeNames: [Range<Int>] = []
        let namespaceMark = namespaces.count
        var selfClosing = false
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
                selfClosing = true
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
            if attributeNames.contains(where: { bytes[$0].elementsEqual(nameBytes) }) {
                throw fail("attribute \(name(attributeName)) given twice")
            }
            attributeNames.append(attributeName)
            if let declared = try namespaceDeclaration(attributeName, value: value) {
                // The (redundant) declaration of the xml prefix is not reported, as in XMLParser.
                if declared.prefix == Array("xml".utf8) { continue }
                namespaces.append(declared)
            }
            attributes[name(attributeName)] = String(decoding: value, as: UTF8.self)
        }
        try checkNamespaces(element: nameRange, attributes: attributeNames, at: tagStart)
        guard stack.count < options.maxDepth else {
            throw Failure(reason: "elements nested deeper than \(options.maxDepth)", offset: tagStart, isPolicy: true)
        }
        let element = XMLTree.Element(name: name(nameRange), attributes: attributes)
        stack.append(Frame(name: nameRange, element: element, textMark: text.count, namespaceMark: namespaceMark))
        return selfClosing ? close() : nil
    }

    /// Reads `</name>`; returns the root when it closes.
    private mutating func endTag() throws -> XMLTree.Element? {
        index += 2
        let nameRange = try name()
        skipWhitespace()
        guard index < end, bytes[index] == UInt8(ascii: ">") else { throw fail("malformed end tag") }
        index += 1
        let open = stack[stack.count - 1].name
        guard nameRange.count == open.count, memcmp(bytes.baseAddress! + nameRange.lowerBound, bytes.baseAddress! + open.lowerBound, open.count) == 0 else {
            throw fail("</\(name(nameRange))> does not close <\(name(open))>")
        }
        return close()
    }

    /// Pops the innermost element, attaching it to its parent; returns it when it was the root.
    private mutating func close() -> XMLTree.Element? {
        var frame = stack.removeLast()
        if frame.textMark < text.count {
            var elementText = String(decoding: text[frame.textMark...], as: UTF8.self)
            if options.trimText { elementText = elementText.trimmingASCIIWhitespace() }
            frame.element.text = elementText
            text.removeLast(text.count - frame.textMark)
        }
        if namespaces.count > frame.namespaceMark { namespaces.removeLast(namespaces.count - frame.namespaceMark) }
        if stack.isEmpty { return frame.element }
        // Gateway records hold a handful of fields: start with room for them, not 1, 2, 4.
        if stack[stack.count - 1].element.children.isEmpty { stack[stack.count - 1].element.children.reserveCapacity(8) }
        stack[stack.count - 1].element.children.append(frame.element)
        return nil
    }

    private mutating func attributeValue() throws -> [UInt8] {
        guard index < end, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
            throw fail("an attribute value must be quoted")
        }
        let quote = bytes[index]
        index += 1
        var value: [UInt8] = []
        while true {
            guard index < end else { throw fail("the document ends inside an attribute value") }
            let byte = bytes[index]
            switch byte {
            case quote:
                index += 1
                return value
            case UInt8(ascii: "<"):
                throw fail("'<' in an attribute value")
            case UInt8(ascii: "&"):
                UTF8.encode(try reference()) { value.append($0) }
            case 0x0D:
                // CR LF is one line end, and a line end in a value is a space.
                value.append(0x20)
                index += index + 1 < end && bytes[index + 1] == 0x0A ? 2 : 1
            case 0x09, 0x0A:
                value.append(0x20)
                index += 1
            default:
                value.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[try character()]))
            }
        }
    }

    /// Reads `&lt;` `&gt;` `&amp;` `&quot;` `&apos;`, `&#N;` or `&#xH;` and returns the character.
    private mutating func reference() throws -> Unicode.Scalar {
        let start = index
        index += 1
        if index < end, bytes[index] == UInt8(ascii: "#") {
            index += 1
            var radix: UInt32 = 10
            if index < end, bytes[index] == UInt8(ascii: "x") {
                radix = 16
                index += 1
            }
            var value: UInt32 = 0
            var digits = 0
            while index < end, let digit = Self.digitValue(bytes[index], radix: radix) {
                value = min(value &* radix &+ digit, 0x11_0000)
                digits += 1
                index += 1
            }
            guard digits > 0, index < end, bytes[index] == UInt8(ascii: ";") else { throw fail("malformed character reference") }
            index += 1
            guard let scalar = Unicode.Scalar(value), XMLEscaping.isAllowed(scalar) else {
                throw Failure(reason: "character reference to a character XML cannot hold", offset: start)
            }
            return scalar
        }
        let nameStart = index
        while index < end, Self.isASCIILetter(bytes[index]) { index += 1 }
        let entity = bytes[nameStart..<index]
        guard index < end, bytes[index] == UInt8(ascii: ";") else { throw Failure(reason: "malformed entity reference", offset: start) }
        index += 1
        switch String(decoding: UnsafeRawBufferPointer(rebasing: entity), as: UTF8.self) {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default: throw Failure(reason: "undefined entity", offset: start)
        }
    }

    private mutating func cdata() throws {
        index += 9
        while true {
            guard index < end else { throw fail("the document ends inside CDATA") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "]"), starts("]]>") {
                index += 3
                return
            }
            if byte == 0x0D {
                text.append(0x0A)
                index += index + 1 < end && bytes[index + 1] == 0x0A ? 2 : 1
            } else if byte >= 0x20 && byte < 0x80 || byte == 0x09 || byte == 0x0A {
                text.append(byte)
                index += 1
            } else {
                text.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[try character()]))
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
    private func namespaceDeclaration(_ attribute: Range<Int>, value: [UInt8]) throws -> (prefix: [UInt8], uri: [UInt8])? {
        let attributeName = bytes[attribute]
        let xmlns = Array("xmlns".utf8)
        if attributeName.elementsEqual(xmlns) {
            if !value.isEmpty {
                guard URIReference.isValid(value) else { throw fail("the default namespace is not a valid URI") }
                guard URIReference.hasScheme(value) else { throw fail("the default namespace is not an absolute URI") }
                guard value != Self.xmlNamespace, value != Self.xmlnsNamespace else { throw fail("a reserved namespace cannot be the default") }
            }
            return ([], value)
        }
        guard attributeName.count > 6, attributeName.starts(with: xmlns), attributeName[attribute.lowerBound + 5] == UInt8(ascii: ":") else {
            return nil
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
        guard URIReference.isValid(value) else { throw fail("a namespace is not a valid URI") }
        return (prefix, value)
    }

    /// The element's and attributes' prefixes must be declared; prefixed attributes must differ
    /// in namespace or local name.
    private func checkNamespaces(element: Range<Int>, attributes: [Range<Int>], at offset: Int) throws {
        _ = try uri(ofQName: element, isAttribute: false, at: offset)
        guard !attributes.isEmpty else { return }
        var expanded: [(uri: [UInt8], local: ArraySlice<UInt8>)] = []
        for attribute in attributes {
            let nameBytes = bytes[attribute]
            if nameBytes.elementsEqual(Array("xmlns".utf8)) { continue }
            guard let namespace = try uri(ofQName: attribute, isAttribute: true, at: offset) else { continue }
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

    private func name(_ range: Range<Int>) -> String {
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
