import Foundation

/// Blanks out credentials from URLs, headers and bodies before anything is shown or logged.
///
/// Redaction works two ways.
///
/// **By name.** Values whose name is sensitive (see ``isSensitive(_:rules:)``: `PWD`,
/// `password`, `ManagerPassword`, `Authorization`, `token`, `sessionKey`, `SESSION_KEY`, …, and the
/// names a gateway declares, such as OMICard's `XmlRequest`) are replaced by ``placeholder``
/// wherever the name appears: form fields and URL query items, headers, JSON keys (also inside
/// escaped JSON), XML and SOAP elements and attributes (with or without a namespace prefix, also
/// XML escaped as `&lt;password&gt;` inside another document), `name=value` and `name: value`
/// pairs in plain text, `Bearer` tokens, and multipart text parts.
///
/// This module knows how to redact and the names every service uses; what only one gateway
/// uses for a secret is that gateway's knowledge, handed over as ``RedactionRules`` (its names,
/// and answers that hold a secret by their shape, such as EVERY8D's token answer). A
/// `TransportRequest` carries its gateway's rules, and its response gets them from the transport.
///
/// **By value.** Callers pass the secrets they hold (a password, the current token) to
/// ``scrub(_:secrets:)``, which replaces every occurrence however it is encoded: raw,
/// percent-encoded (either hex case, `+` for a space), XML-escaped or JSON-escaped.
///
/// By-name redaction errs on the side of hiding too much: a sensitive element that is never
/// closed hides the rest of the text.
public enum Redaction {
    /// What replaces a secret.
    public static let placeholder = "<redacted>"

    /// Names that are sensitive as a whole, normalised (ASCII lowercase, without `-`, `_`, `.`,
    /// spaces and brackets, namespace prefix dropped).
    public static let sensitiveNames: Set<String> = [
        "pwd", "pass", "passwd", "password", "authorization", "proxyauthorization",
        "token", "accesstoken", "sessionkey", "cookie", "setcookie",
    ]

    /// Fragments that make any name containing them sensitive, normalised like ``sensitiveNames``
    /// (so `X-Auth-Token`, `NewPassword`, `client_secret` and `SESSION_KEY` are all sensitive).
    public static let sensitiveNameFragments: [String] = [
        "password", "passwd", "pwd", "secret", "token", "sessionkey", "apikey", "authorization", "cookie",
    ]

    /// Whether a field, header, key, attribute or element named `name` holds a secret.
    ///
    /// Case, `-`, `_`, `.`, spaces, brackets and an XML namespace prefix are ignored, and a name
    /// is sensitive when it is one of ``sensitiveNames`` or of the rules' names, or contains one of
    /// ``sensitiveNameFragments``.
    ///
    /// - Parameters:
    ///   - name: The name as written (`PWD`, `soap:sessionKey`, `X-Api-Key`).
    ///   - rules: What the gateway adds to the shared rules (nothing by default).
    /// - Returns: `true` when values under this name must never be shown.
    public static func isSensitive(_ name: String, rules: RedactionRules = .none) -> Bool {
        isSensitive(nameBytes: Array(name.utf8), rules: rules)
    }

    /// The URL as text with user info removed and sensitive query and fragment values redacted.
    ///
    /// - Parameters:
    ///   - url: The URL to show.
    ///   - rules: What the gateway adds to the shared rules.
    /// - Returns: The redacted URL, or `<unprintable URL>` when it cannot be taken apart.
    public static func redactedURL(_ url: URL, rules: RedactionRules = .none) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return "<unprintable URL>"
        }
        let query = components.percentEncodedQuery
        let fragment = components.percentEncodedFragment
        components.user = nil
        components.password = nil
        // The placeholder's `<` and `>` are not allowed in a URLComponents query (setting one
        // traps), so the redacted query and fragment are appended as text.
        components.percentEncodedQuery = nil
        components.percentEncodedFragment = nil
        guard var text = components.string else { return "<unprintable URL>" }
        if let query { text += "?" + redactFormText(query, rules: rules) }
        if let fragment { text += "#" + redactFormText(fragment, rules: rules) }
        return text
    }

    /// The headers with sensitive values replaced.
    ///
    /// Fields with a sensitive name are blanked whole; every other value is redacted as text
    /// (a `Bearer` token or a `password=` pair inside, say, a `Location` URL is hidden too).
    ///
    /// - Parameters:
    ///   - headers: The headers to show.
    ///   - rules: What the gateway adds to the shared rules.
    /// - Returns: The same fields, in order, with secrets replaced by ``placeholder``.
    public static func redactedHeaders(_ headers: HTTPHeaders, rules: RedactionRules = .none) -> HTTPHeaders {
        HTTPHeaders(headers.fields.map { field in
            .init(name: field.name,
                  value: isSensitive(field.name, rules: rules) ? placeholder : redactedText(field.value, rules: rules))
        })
    }

    /// The body as text with sensitive values replaced, whatever its format.
    ///
    /// Form bodies are redacted field by field; multipart bodies part by part (text parts by
    /// name, file parts shown as name, file name, type and size only); anything else as text
    /// (see ``redactedText(_:rules:)``), decoded with the charset of `contentType`. Bytes
    /// that cannot be decoded are summarised rather than shown.
    ///
    /// - Parameters:
    ///   - body: The body bytes.
    ///   - contentType: The body's `Content-Type`, if known.
    ///   - rules: What the gateway adds to the shared rules.
    /// - Returns: A redacted rendering of the body.
    public static func redactedBody(_ body: Data, contentType: String?, rules: RedactionRules = .none) -> String {
        let type = contentType.map { $0.trimmingASCIIWhitespace().lowercased() } ?? ""
        if type.hasPrefix("multipart/") {
            return MultipartSummary.render(body, contentType: contentType ?? "", rules: rules)
        }
        guard let text = try? TextDecoding.decode(body, contentType: contentType) else {
            return "<\(body.count) bytes, not text>"
        }
        if type.hasPrefix("application/x-www-form-urlencoded"), !looksStructured(text) {
            return redactFormText(text, rules: rules)
        }
        return redactedText(text, rules: rules)
    }

    /// Text of any format with values under sensitive names replaced.
    ///
    /// Recognises JSON `"key": value` pairs (any value type, also inside escaped JSON), XML
    /// elements and attributes (raw or XML-escaped, any namespace prefix, CDATA skipped),
    /// `name=value` and `name: value` pairs, and `Bearer` tokens, all in one pass over the bytes.
    ///
    /// - Parameters:
    ///   - text: Any text: a JSON or XML body, an error message, a log line.
    ///   - rules: What the gateway adds to the shared rules.
    /// - Returns: The text with secrets replaced by ``placeholder``.
    public static func redactedText(_ text: String, rules: RedactionRules = .none) -> String {
        var scanner = RedactionScanner(Array(text.utf8), rules: rules)
        guard let output = scanner.run() else { return text }
        return String(decoding: output, as: UTF8.self)
    }

    /// A short, redacted, single-line preview of a body for error messages.
    ///
    /// - Parameters:
    ///   - body: The body bytes.
    ///   - contentType: The body's `Content-Type`, if known.
    ///   - secrets: Values to blank out wherever they appear (see ``scrub(_:secrets:)``).
    ///   - limit: The maximum number of characters kept.
    ///   - rules: What the gateway adds to the shared rules.
    /// - Returns: The redacted, scrubbed and shortened preview.
    public static func bodyPreview(_ body: Data, contentType: String?, secrets: [String] = [], limit: Int = 160,
                                   rules: RedactionRules = .none) -> String {
        // A large body is redacted only as far as the preview can reach. Cutting first is safe:
        // a sensitive value left open at the cut is hidden to the end, and the last few
        // characters are dropped so that a secret cut in half cannot show in part.
        let window = limit * 8 + 4096
        let charset = contentType.flatMap(TextDecoding.charset(in:))
        let isMultipart = contentType?.trimmingASCIIWhitespace().lowercased().hasPrefix("multipart/") ?? false
        guard body.count > window, !isMultipart, charset == nil || charset == "utf-8" || charset == "utf8" else {
            return preview(scrub(redactedBody(body, contentType: contentType, rules: rules), secrets: secrets), limit: limit)
        }
        var cut = body.startIndex + window
        while cut > body.startIndex, body[cut] & 0xC0 == 0x80 { cut -= 1 } // not inside a character
        var text = scrub(redactedBody(body[body.startIndex..<cut], contentType: contentType, rules: rules), secrets: secrets)
        let margin = secrets.map { $0.unicodeScalars.count * 12 }.max() ?? 0
        if margin > 0 { text = String(text.unicodeScalars.dropLast(margin)) }
        let shown = preview(text, limit: limit)
        return shown.hasSuffix("…") ? shown : shown + "…"
    }

    /// Collapses whitespace to single spaces, replaces control characters with `�`, and cuts
    /// `text` to `limit` characters (Unicode scalars), adding `…` when cut.
    ///
    /// The result is a single line, so a body cannot forge extra lines in a log.
    ///
    /// - Parameters:
    ///   - text: The text to shorten.
    ///   - limit: The maximum number of characters kept.
    /// - Returns: The single-line preview.
    public static func preview(_ text: String, limit: Int = 160) -> String {
        var result = String.UnicodeScalarView()
        var kept = 0
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let isWhitespace = scalar.isASCII
                ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
            if isWhitespace {
                pendingSpace = kept > 0
                continue
            }
            if pendingSpace {
                guard kept < limit else { return String(result) + "…" }
                result.append(" ")
                kept += 1
                pendingSpace = false
            }
            guard kept < limit else { return String(result) + "…" }
            result.append(isUnsafeInLogs(scalar) ? "\u{FFFD}" : scalar)
            kept += 1
        }
        return String(result)
    }

    /// Replaces every occurrence of each secret in `text`, however it is encoded.
    ///
    /// A secret is found raw, percent-encoded (upper- or lowercase hex, `+` or `%20` for a space,
    /// any mix of encoded and plain bytes), XML-escaped (`&amp;`, `&#38;`, `&#x26;`, …) and
    /// JSON-escaped (`\"`, `\/`, `\u0026`, …). Secrets are matched longest first, so one secret
    /// that contains another is hidden whole. Empty secrets are ignored.
    ///
    /// - Parameters:
    ///   - text: Anything built from gateway traffic or errors.
    ///   - secrets: The values to hide (a password, a token, a session key).
    /// - Returns: `text` with every occurrence replaced by ``placeholder``.
    public static func scrub(_ text: String, secrets: [String]) -> String {
        let matchers = secrets.filter { !$0.isEmpty }.map(SecretMatcher.init)
        guard !matchers.isEmpty else { return text }
        return SecretMatcher.scrub(text, matchers: matchers)
    }

    // MARK: - Internals

    /// Control characters, and bidirectional overrides that could make a log line read backwards.
    private static func isUnsafeInLogs(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value < 0x20 || scalar.value == 0x7F }
        return scalar.properties.generalCategory == .control
            || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// Redacts `name=value` pairs separated by `&` (a form body, a query), keeping everything else
    /// byte for byte. Names are decoded as a server decodes them before the check.
    static func redactFormText(_ text: String, rules: RedactionRules) -> String {
        var output: [UInt8] = []
        var changed = false
        let bytes = Array(text.utf8)
        output.reserveCapacity(bytes.count)
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "&") { end += 1 }
            if start > 0 { output.append(UInt8(ascii: "&")) }
            let pair = bytes[start..<end]
            if let equals = pair.firstIndex(of: UInt8(ascii: "=")),
               isSensitive(nameBytes: Array(FormEncoding.decodeComponent(bytes: bytes[start..<equals]).utf8), rules: rules) {
                output.append(contentsOf: bytes[start...equals])
                output.append(contentsOf: placeholder.utf8)
                changed = true
            } else {
                output.append(contentsOf: pair)
            }
            start = end + 1
        }
        return changed ? String(decoding: output, as: UTF8.self) : text
    }

    /// Whether `text` starts (after whitespace) like JSON or XML rather than like a form.
    private static func looksStructured(_ text: String) -> Bool {
        guard let first = text.utf8.first(where: { !$0.isASCIIWhitespace }) else { return false }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[") || first == UInt8(ascii: "<")
    }

    /// The byte-level test behind ``isSensitive(_:rules:)``; allocation-free for names up
    /// to 256 bytes (it runs for every tag and `name=` in a body being redacted).
    static func isSensitive<C: Collection>(nameBytes: C, rules: RedactionRules) -> Bool where C.Element == UInt8 {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: min(nameBytes.count, 256)) { buffer -> Bool in
            let name = UnsafeBufferPointer(rebasing: buffer[..<normalise(nameBytes, into: buffer)])
            guard name.count >= 3 else { return false }
            for candidate in sensitiveNameBytes where candidate.count == name.count && name.elementsEqual(candidate) {
                return true
            }
            for candidate in rules.normalisedNames where candidate.count == name.count && name.elementsEqual(candidate) {
                return true
            }
            for fragment in sensitiveFragmentBytes where fragment.count <= name.count {
                var start = 0
                while start + fragment.count <= name.count {
                    if name[start] == fragment[0] {
                        var offset = 1
                        while offset < fragment.count, name[start + offset] == fragment[offset] { offset += 1 }
                        if offset == fragment.count { return true }
                    }
                    start += 1
                }
            }
            return false
        }
    }

    /// A name as the checks compare it: ASCII lowercase, without `-`, `_`, `.`, spaces and
    /// brackets, namespace prefix dropped.
    static func normalised(_ name: [UInt8]) -> [UInt8] {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: min(name.count, 256)) { buffer in
            Array(buffer[..<normalise(name, into: buffer)])
        }
    }

    /// Writes the normalised name into `buffer` (cut at its size) and returns its length.
    private static func normalise<C: Collection>(_ name: C, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int where C.Element == UInt8 {
        var length = 0
        for byte in name {
            switch byte {
            case UInt8(ascii: ":"):
                length = 0 // drop a namespace prefix
            case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: " "),
                 UInt8(ascii: "["), UInt8(ascii: "]"):
                continue
            default:
                guard length < buffer.count else { continue }
                buffer[length] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                length += 1
            }
        }
        return length
    }

    private static let sensitiveNameBytes: [[UInt8]] = sensitiveNames.map { Array($0.utf8) }
    private static let sensitiveFragmentBytes: [[UInt8]] = sensitiveNameFragments.map { Array($0.utf8) }
}
