import Foundation

/// Safe XML parsing into an ``Element`` tree.
///
/// Gateway responses are untrusted input, so:
/// - a document type declaration (`<!DOCTYPE …>`, the only place entities can be declared) is
///   refused: no billion laughs, no external entities, no file or network reads;
/// - only the five predefined entities (`&lt;` `&gt;` `&amp;` `&quot;` `&apos;`) and character
///   references are expanded;
/// - size and nesting depth are bounded (``Options``);
/// - any well-formedness or namespace error fails the whole document (Foundation's `XMLParser`
///   on Linux can return `true` for malformed XML; this never does).
///
/// CDATA sections are kept as text; comments and processing instructions are skipped.
///
/// The reader is the SDK's own (no libxml2): checked against Foundation's `XMLParser` by
/// differential tests on thousands of valid and malformed documents, and several times faster.
///
/// Documents are read as UTF-8 unless their XML declaration names another encoding that
/// ``TextDecoding`` knows (Big5, ISO-8859-1, Windows-1252, US-ASCII); those are transcoded to
/// UTF-8 first. Other encodings, and UTF-16 and UTF-32 documents, are refused.
@_spi(SMSInternals) public enum XMLTree {
    /// A read-only XML element: name, attributes, text and children.
    ///
    /// Built by ``XMLTree/parse(_:options:)``; small, `Sendable`, and enough for the gateways' fixed
    /// schemas (delivery logs, SOAP envelopes, OMICard answers).
    public struct Element: Sendable, Hashable {
        /// The element name as written, prefix included (`soap:Envelope`).
        public var name: String
        /// The attributes by name as written (`xmlns:soap`, `COUNT`), values normalised as XML
        /// requires (references expanded, each literal tab, CR or LF a space).
        public var attributes: [String: String]
        /// The element's own text: character data and CDATA concatenated in order, not including
        /// its children's text. Line ends read as `\n`.
        public var text: String
        /// The child elements in document order.
        public var children: [Element]

        /// Creates an element.
        ///
        /// - Parameters:
        ///   - name: The element name, prefix included.
        ///   - attributes: The attributes by name.
        ///   - text: The element's own text.
        ///   - children: The child elements in order.
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
        ///
        /// - Parameter name: A local name such as `MOBILE`.
        /// - Returns: The child, or `nil`.
        public func child(_ name: String) -> Element? {
            children.first { $0.hasLocalName(name) }
        }

        /// Every child whose local name equals `name`, ignoring ASCII case.
        ///
        /// - Parameter name: A local name such as `SMS`.
        /// - Returns: The children in document order.
        public func children(_ name: String) -> [Element] {
            children.filter { $0.hasLocalName(name) }
        }

        /// Whether the local name equals `other`, ignoring ASCII case, without making strings.
        func hasLocalName(_ other: String) -> Bool {
            let full = name.utf8
            let wanted = other.utf8
            guard full.count >= wanted.count else { return false }
            let start = full.index(full.endIndex, offsetBy: -wanted.count)
            if start != full.startIndex, full[full.index(before: start)] != UInt8(ascii: ":") { return false }
            for (a, b) in zip(full[start...], wanted) where a != b {
                let la = a >= 65 && a <= 90 ? a | 0x20 : a
                let lb = b >= 65 && b <= 90 ? b | 0x20 : b
                if la != lb { return false }
            }
            // The local name is everything after the last colon; `wanted` must not hold one.
            return !wanted.contains(UInt8(ascii: ":"))
        }

        /// The text of the first child named `name` (case-insensitive), trimmed of XML whitespace
        /// (space, tab, CR, LF; a full-width space U+3000 is kept), or `nil` when there is no
        /// such child.
        ///
        /// - Parameter name: A local name such as `MOBILE`.
        /// - Returns: The trimmed text (`+8869218xxxxx` for `<MOBILE>+8869218xxxxx   </MOBILE>`).
        public func childText(_ name: String) -> String? {
            child(name).map { $0.text.trimmingASCIIWhitespace() }
        }

        /// The first element named `name` (case-insensitive local name) in this subtree, depth
        /// first, self included.
        ///
        /// - Parameter name: A local name such as `GET_DELIVERY_STATUS`.
        /// - Returns: The element, or `nil`.
        public func firstDescendant(_ name: String) -> Element? {
            if hasLocalName(name) { return self }
            for child in children {
                if let found = child.firstDescendant(name) { return found }
            }
            return nil
        }

        /// The attribute named `name`, compared case-insensitively.
        ///
        /// - Parameter name: An attribute name such as `COUNT`.
        /// - Returns: Its value, or `nil`.
        public func attribute(_ name: String) -> String? {
            if let exact = attributes[name] { return exact }
            return attributes.first { $0.key.caseInsensitiveEquals(name) }?.value
        }
    }

    /// Limits and choices applied while parsing.
    public struct Options: Sendable, Hashable {
        /// The largest document accepted, in bytes (default 8 MiB).
        public var maxBytes: Int
        /// The deepest element nesting accepted, the root counting as 1 (default 64).
        public var maxDepth: Int
        /// Whether each element's text is trimmed of XML whitespace (space, tab, CR, LF) on both
        /// ends (default `false`; ``Element/childText(_:)`` trims regardless).
        public var trimText: Bool

        /// Creates options.
        ///
        /// - Parameters:
        ///   - maxBytes: The largest document accepted, in bytes.
        ///   - maxDepth: The deepest nesting accepted.
        ///   - trimText: Whether element text is trimmed of XML whitespace.
        public init(maxBytes: Int = 8 << 20, maxDepth: Int = 64, trimText: Bool = false) {
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
            self.trimText = trimText
        }
    }

    /// Parses `data` into its root element.
    ///
    /// - Parameters:
    ///   - data: The document.
    ///   - options: Limits and choices.
    /// - Returns: The root element.
    /// - Throws: ``ResponseParseError`` for malformed XML, a DTD, a document over the size limit
    ///   or nested deeper than allowed, or a UTF-16/UTF-32 document.
    public static func parse(_ data: Data, options: Options = Options()) throws -> Element {
        try XMLTokenizer.withUTF8Document(data, maxBytes: options.maxBytes) { raw in
            try build(XMLTokenizer(raw, maxDepth: options.maxDepth), trimText: options.trimText)
        }
    }

    /// The tree of the tokenizer's events, with each element's text gathered in one shared buffer.
    private static func build(_ tokenizer: XMLTokenizer, trimText: Bool) throws -> Element {
        var tokenizer = tokenizer
        var stack: [(element: Element, textMark: Int)] = []
        var text: [UInt8] = []
        var root: Element?
        while let event = try tokenizer.next() {
            switch event {
            case .start(let name, _):
                var attributes: [String: String] = [:]
                for attribute in tokenizer.attributes {
                    let name = attribute.name.string
                    // The (redundant) declaration of the xml prefix is not reported, as in XMLParser.
                    if name == "xmlns:xml" { continue }
                    attributes[name] = attribute.value.string
                }
                stack.append((Element(name: name.string, attributes: attributes), text.count))
            case .text(let piece), .cdata(let piece):
                piece.append(to: &text)
            case .end:
                var (element, mark) = stack.removeLast()
                if mark < text.count {
                    element.text = String(decoding: text[mark...], as: UTF8.self)
                    if trimText { element.text = element.text.trimmingASCIIWhitespace() }
                    text.removeLast(text.count - mark)
                }
                if stack.isEmpty {
                    root = element
                } else {
                    // Gateway records hold a handful of fields: start with room for them, not 1, 2, 4.
                    if stack[stack.count - 1].element.children.isEmpty { stack[stack.count - 1].element.children.reserveCapacity(8) }
                    stack[stack.count - 1].element.children.append(element)
                }
            }
        }
        guard let root else { throw tokenizer.failure("malformed XML (no root element)") } // next() throws first
        return root
    }
}
