import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Safe XML parsing into an ``Element`` tree over Foundation's `XMLParser`.
///
/// Gateway responses are untrusted input. Documents with a DTD or entity declarations are refused
/// before parsing (no billion laughs, no external entities, no file reads), external entity
/// resolution is off, size and depth are bounded, and any parser error fails the whole document
/// (on Linux `parse()` can return `true` for malformed XML).
public enum XMLTree {
    /// A read-only XML element: name, attributes, text and children.
    ///
    /// Built by ``XMLTree/parse(_:options:)``; small, `Sendable`, and enough for the gateways' fixed
    /// schemas (delivery logs, SOAP envelopes, OMICard answers).
    public struct Element: Sendable, Hashable {
        /// The element name as written, prefix included (`soap:Envelope`).
        public var name: String
        /// The attributes by name.
        public var attributes: [String: String]
        /// The element's own text: character data and CDATA concatenated, not including children's.
        public var text: String
        /// The child elements in document order.
        public var children: [Element]

        /// Creates an element.
        public init(name: String, attributes: [String: String] = [:], text: String = "", children: [Element] = []) {
            self.name = name
            self.attributes = attributes
            self.text = text
            self.children = children
        }

        /// The name without a namespace prefix (`Envelope` for `soap:Envelope`).
        public var localName: String {
            guard let colon = name.lastIndex(of: ":") else { return name }
            return String(name[name.index(after: colon)...])
        }

        /// The first child whose local name equals `name`, ignoring ASCII case.
        public func child(_ name: String) -> Element? {
            children.first { $0.localName.caseInsensitiveEquals(name) }
        }

        /// Every child whose local name equals `name`, ignoring ASCII case.
        public func children(_ name: String) -> [Element] {
            children.filter { $0.localName.caseInsensitiveEquals(name) }
        }

        /// The text of the first child named `name` (case-insensitive), trimmed of surrounding
        /// whitespace, or `nil` when there is no such child.
        public func childText(_ name: String) -> String? {
            child(name).map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
        }

        /// The first element named `name` (case-insensitive) in this subtree, depth first, self included.
        public func firstDescendant(_ name: String) -> Element? {
            if localName.caseInsensitiveEquals(name) { return self }
            for child in children {
                if let found = child.firstDescendant(name) { return found }
            }
            return nil
        }

        /// The attribute named `name`, compared case-insensitively.
        public func attribute(_ name: String) -> String? {
            if let exact = attributes[name] { return exact }
            return attributes.first { $0.key.caseInsensitiveEquals(name) }?.value
        }
    }

    /// Limits applied while parsing.
    public struct Options: Sendable, Hashable {
        /// The largest document accepted, in bytes (default 8 MiB).
        public var maxBytes: Int
        /// The deepest element nesting accepted (default 64).
        public var maxDepth: Int
        /// Whether each element's text is trimmed of surrounding whitespace (default `false`;
        /// ``Element/childText(_:)`` trims regardless).
        public var trimText: Bool

        /// Creates options.
        public init(maxBytes: Int = 8 << 20, maxDepth: Int = 64, trimText: Bool = false) {
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
            self.trimText = trimText
        }
    }

    /// Parses `data` into its root element.
    ///
    /// - Throws: ``ResponseParseError`` for malformed XML, a DTD or entity declaration, a document
    ///   over the size limit or nested deeper than allowed.
    public static func parse(_ data: Data, options: Options = Options()) throws -> Element {
        guard data.count <= options.maxBytes else {
            throw ResponseParseError(expected: "XML", reason: "document larger than \(options.maxBytes) bytes")
        }
        if containsDeclaration(data) {
            throw ResponseParseError(expected: "XML", reason: "DTD or entity declarations are not accepted")
        }
        let builder = TreeBuilder(maxDepth: options.maxDepth, trim: options.trimText)
        let parser = XMLParser(data: data)
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

    /// Whether the bytes contain `<!DOCTYPE` or `<!ENTITY` (any case) anywhere: the gateways never
    /// send either, so their mere presence is refused.
    static func containsDeclaration(_ data: Data) -> Bool {
        data.withUnsafeBytes { raw -> Bool in
            let count = raw.count
            var index = 0
            while index + 1 < count {
                if raw[index] == UInt8(ascii: "<"), raw[index + 1] == UInt8(ascii: "!") {
                    let upper = (index + 2..<min(index + 9, count)).map { raw[$0] & 0xDF }
                    if upper.starts(with: Array("DOCTYPE".utf8)) || upper.starts(with: Array("ENTITY".utf8)) {
                        return true
                    }
                }
                index += 1
            }
            return false
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

    init(maxDepth: Int, trim: Bool) {
        self.maxDepth = maxDepth
        self.trim = trim
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
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
        guard failure == nil, var element = stack.popLast(), let text = texts.popLast() else { return }
        element.text = String(decoding: text, as: UTF8.self)
        if trim { element.text = element.text.trimmingCharacters(in: .whitespacesAndNewlines) }
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard failure == nil, !texts.isEmpty else { return }
        texts[texts.count - 1].append(contentsOf: string.utf8)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard failure == nil, !texts.isEmpty else { return }
        texts[texts.count - 1].append(contentsOf: CDATABlock)
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
        if self.parseError == nil {
            let code = (parseError as NSError).code
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
