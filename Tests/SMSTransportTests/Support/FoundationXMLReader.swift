import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@_spi(SMSInternals) @testable import SMSTransport

/// The tests' oracle: an ``XMLTree`` built by Foundation's `XMLParser` (libxml2), against which
/// the SDK's own reader is checked (`XMLDifferentialTests`). It lives here, not in the library,
/// so that no app links libxml2 for it.
///
/// It reads the document through the same first checks as ``XMLTree/parse(_:options:)`` (size,
/// encodings, transcoding) and needs these around `XMLParser`:
/// - a document that is (or says it is) UTF-8 must be valid UTF-8: invalid bytes in a name
///   make `XMLParser` trap on Linux;
/// - `<!DOCTYPE` and `<!ENTITY` outside comments and CDATA are refused before parsing;
/// - a processing instruction without data (`<?target?>`) crashes `XMLParser` on Linux (it
///   passes a NULL pointer to `String(cString:)`), so such instructions get a space added
///   (`<?target ?>`) before parsing; they are skipped either way. Because libxml2 recovers from
///   errors and may then read an instruction anywhere, the space is added everywhere, inside
///   CDATA too, where it then shows in the text (the built-in engine has no such difference);
/// - any error or warning callback fails the document, and so does a root that never closes,
///   except libxml2's warnings that a namespace name is not a well-formed (or not an absolute)
///   URI: Namespaces 1.0 only compares namespace names, and the SDK's reader does not check them.
enum FoundationXMLReader {
    static func parse(_ data: Data, options: XMLTree.Options = .init()) throws -> XMLTree.Element {
        try XMLTokenizer.withUTF8Document(data, maxBytes: options.maxBytes) { raw in
            if XMLEncodingDeclaration(raw) == .malformed {
                throw ResponseParseError(expected: "XML", reason: "malformed XML (bad XML declaration)")
            }
            return try parse(Data(raw), raw: raw, options: options)
        }
    }

    private static func parse(_ data: Data, raw: UnsafeRawBufferPointer, options: XMLTree.Options) throws -> XMLTree.Element {
        // Invalid UTF-8 in an element or attribute name traps inside XMLParser on Linux.
        // (Documents in other encodings have been transcoded to UTF-8.)
        guard String(data: data, encoding: .utf8) != nil else {
            throw ResponseParseError(expected: "XML", reason: "malformed XML (invalid UTF-8)")
        }
        let scan = Prescan(raw)
        if let refusal = scan.refusal {
            throw ResponseParseError(expected: "XML", reason: refusal)
        }
        var input = data
        if !scan.emptyInstructions.isEmpty {
            var patched = [UInt8]()
            patched.reserveCapacity(raw.count + scan.emptyInstructions.count)
            var copied = 0
            for position in scan.emptyInstructions {
                patched.append(contentsOf: raw[copied..<position])
                patched.append(0x20)
                copied = position
            }
            patched.append(contentsOf: raw[copied...])
            input = Data(patched)
        }
        let builder = TreeBuilder(maxDepth: options.maxDepth, trim: options.trimText)
        let parser = XMLParser(data: input)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.delegate = builder
        let finished = parser.parse()
        if let failure = builder.failure {
            throw ResponseParseError(expected: "XML", reason: failure)
        }
        guard finished, builder.parseError == nil, let root = builder.root, builder.stack.isEmpty else {
            let detail = builder.parseError.map { "malformed XML (\($0))" } ?? "malformed or truncated XML"
            throw ResponseParseError(expected: "XML", reason: detail)
        }
        return root
    }

    /// One pass over the bytes outside comments, CDATA and tags' quoted values.
    struct Prescan {
        /// Why the document is refused, if it is.
        private(set) var refusal: String?
        /// Offsets right after the target of each `<?target?>`, where a space goes.
        private(set) var emptyInstructions: [Int] = []

        init(_ raw: UnsafeRawBufferPointer) {
            let count = raw.count
            var index = 0
            func starts(_ text: StaticString, at position: Int, ignoringCase: Bool = false) -> Bool {
                let length = text.utf8CodeUnitCount
                guard position + length <= count else { return false }
                return text.withUTF8Buffer { pattern in
                    for offset in 0..<length {
                        let byte = raw[position + offset]
                        if byte != pattern[offset] && !(ignoringCase && byte & 0xDF == pattern[offset]) { return false }
                    }
                    return true
                }
            }
            func skip(past terminator: StaticString, from position: Int) -> Int {
                var at = position
                while at < count, !starts(terminator, at: at) { at += 1 }
                return min(at + terminator.utf8CodeUnitCount, count)
            }
            // Every `<?target?>`, wherever it is: libxml2 recovers from errors and may read an
            // instruction where a context-aware scan would not expect one (`<?<?x?>`), so this
            // part ignores context, even CDATA (where the added space then shows).
            var at = 0
            while at + 3 < count {
                if raw[at] == UInt8(ascii: "<"), raw[at + 1] == UInt8(ascii: "?") {
                    var end = at + 2
                    while end < count, !raw[end].isASCIIWhitespace, raw[end] != UInt8(ascii: "?") { end += 1 }
                    if end > at + 2, starts("?>", at: end) { emptyInstructions.append(end) }
                }
                at += 1
            }
            while index < count {
                guard raw[index] == UInt8(ascii: "<") else {
                    index += 1
                    continue
                }
                if starts("<!--", at: index) {
                    index = skip(past: "-->", from: index + 4)
                } else if starts("<![CDATA[", at: index) {
                    index = skip(past: "]]>", from: index + 9)
                } else if starts("<!DOCTYPE", at: index, ignoringCase: true) || starts("<!ENTITY", at: index, ignoringCase: true) {
                    refusal = "DTD or entity declarations are not accepted"
                    return
                } else if starts("<?", at: index) {
                    index = skip(past: "?>", from: index + 2)
                } else {
                    // A tag: skip to its end, quoted attribute values included.
                    var at = index + 1
                    var quote: UInt8 = 0
                    while at < count {
                        let byte = raw[at]
                        if quote != 0 {
                            if byte == quote { quote = 0 }
                            if byte == UInt8(ascii: "<") {
                                // Malformed anyway; refusing here keeps this scan in step with
                                // libxml2, which recovers from errors and would otherwise go on
                                // to report instructions this scan never saw.
                                refusal = "malformed XML ('<' in an attribute value)"
                                return
                            }
                        } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                            quote = byte
                        } else if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "<") {
                            break
                        }
                        at += 1
                    }
                    index = at < count && raw[at] == UInt8(ascii: ">") ? at + 1 : max(at, index + 1)
                }
            }
        }
    }
}

/// SAX-to-tree delegate; created and used inside one `parse` call, never shared.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    let maxDepth: Int
    let trim: Bool
    var stack: [XMLTree.Element] = []
    var texts: [[UInt8]] = []
    var root: XMLTree.Element?
    var failure: String?
    var parseError: String?
    /// Whether the last CDATA piece ended in CR, so a LF opening the next piece is its pair.
    var pendingCR = false

    init(maxDepth: Int, trim: Bool) {
        self.maxDepth = maxDepth
        self.trim = trim
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        pendingCR = false
        guard failure == nil else { return }
        if root != nil && stack.isEmpty {
            fail(parser, "more than one root element")
            return
        }
        guard stack.count < maxDepth else {
            fail(parser, "elements nested deeper than \(maxDepth)")
            return
        }
        stack.append(XMLTree.Element(name: elementName, attributes: attributeDict))
        texts.append([])
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        pendingCR = false
        guard failure == nil, var element = stack.popLast(), let text = texts.popLast() else { return }
        element.text = String(decoding: text, as: UTF8.self)
        if trim { element.text = element.text.trimmingASCIIWhitespace() }
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        pendingCR = false
        guard failure == nil, !texts.isEmpty else { return }
        texts[texts.count - 1].append(contentsOf: string.utf8)
    }

    func parser(_ parser: XMLParser, foundIgnorableWhitespace whitespaceString: String) {
        pendingCR = false
        guard failure == nil, !texts.isEmpty else { return }
        texts[texts.count - 1].append(contentsOf: whitespaceString.utf8)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard failure == nil, !texts.isEmpty else { return }
        // libxml2 leaves CR LF in CDATA as it is; XML 1.0 (2.11) reads every line end as LF, as
        // the built-in reader does. A CDATA section can arrive in pieces, split inside a CR LF.
        var skipLF = pendingCR
        pendingCR = false
        for byte in CDATABlock {
            if skipLF, byte == 0x0A {
                skipLF = false
                continue
            }
            skipLF = false
            if byte == 0x0D {
                texts[texts.count - 1].append(0x0A)
                skipLF = true
            } else {
                texts[texts.count - 1].append(byte)
            }
        }
        pendingCR = skipLF
    }

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        fail(parser, "entity declarations are not accepted")
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        fail(parser, "external entities are not accepted")
    }

    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        fail(parser, "external entities are not accepted")
        return nil
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        let code = (parseError as NSError).code
        // XML_WAR_NS_URI and XML_WAR_NS_URI_RELATIVE: see the type's comment.
        if code == 99 || code == 100 { return }
        if self.parseError == nil {
            self.parseError = "parser error \(code) at line \(parser.lineNumber)"
        }
    }

    func parser(_ parser: XMLParser, validationErrorOccurred validationError: any Error) {
        if parseError == nil { parseError = "validation error at line \(parser.lineNumber)" }
    }

    private func fail(_ parser: XMLParser, _ reason: String) {
        if failure == nil { failure = reason }
        parser.abortParsing()
    }
}

/// The two XML readers the tests hold side by side: the SDK's own (``XMLTree/parse(_:options:)``)
/// and the Foundation oracle.
enum XMLEngine: CaseIterable, CustomStringConvertible {
    case builtIn
    case foundation

    func parse(_ data: Data, options: XMLTree.Options = .init()) throws -> XMLTree.Element {
        switch self {
        case .builtIn: return try XMLTree.parse(data, options: options)
        case .foundation: return try FoundationXMLReader.parse(data, options: options)
        }
    }

    var description: String { self == .builtIn ? "built-in" : "XMLParser" }
}
