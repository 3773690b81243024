import Foundation

/// Blanks out credentials from URLs, headers and bodies before anything is shown or logged.
///
/// Redaction works two ways. By name: values of fields, query items, headers, JSON keys and XML
/// elements whose name is sensitive (`PWD`, `password`, `ManagerPassword`, `Authorization`,
/// `token`, `sessionKey`, …) are replaced by `<redacted>`. By value: callers pass the secrets they
/// hold (a password, the current token) and every occurrence of them is replaced too, raw or
/// percent-encoded, wherever it appears.
public enum Redaction {
    /// What replaces a secret.
    public static let placeholder = "<redacted>"

    /// Field, header, key and element names whose values are secrets (compared lowercased).
    public static let sensitiveNames: Set<String> = [
        "pwd", "password", "managerpassword", "authorization", "proxy-authorization",
        "token", "access_token", "sessionkey", "session_key", "cookie", "set-cookie", "xmlrequest",
    ]

    /// Whether a field or header named `name` holds a secret.
    public static func isSensitive(_ name: String) -> Bool {
        sensitiveNames.contains(name.lowercased())
    }

    /// The URL as text with user info removed and sensitive query values redacted.
    public static func redactedURL(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return "<unprintable URL>"
        }
        if components.user != nil || components.password != nil {
            components.user = nil
            components.password = nil
        }
        guard let query = components.percentEncodedQuery, !query.isEmpty else {
            return components.string ?? "<unprintable URL>"
        }
        components.percentEncodedQuery = redactFormText(query)
        return components.string ?? "<unprintable URL>"
    }

    /// The headers with sensitive values replaced.
    public static func redactedHeaders(_ headers: HTTPHeaders) -> HTTPHeaders {
        HTTPHeaders(headers.fields.map { field in
            isSensitive(field.name) ? .init(name: field.name, value: placeholder) : field
        })
    }

    /// The body as text with sensitive values replaced, whatever its format.
    ///
    /// Form bodies are redacted field by field; JSON by key; XML and SOAP by element name;
    /// multipart bodies part by part (file parts shown as their name and size only). Bytes that
    /// are not UTF-8 are summarised rather than shown.
    public static func redactedBody(_ body: Data, contentType: String?) -> String {
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("multipart/") {
            return "<multipart body, \(body.count) bytes>"
        }
        guard let text = String(data: body, encoding: .utf8) else {
            return "<\(body.count) bytes, not UTF-8>"
        }
        if type.hasPrefix("application/x-www-form-urlencoded") {
            return redactFormText(text)
        }
        return redactStructuredText(text)
    }

    /// A short, redacted, single-line preview of a body for error messages.
    ///
    /// - Parameters:
    ///   - body: The body bytes.
    ///   - contentType: The body's `Content-Type`, if known.
    ///   - secrets: Values to blank out wherever they appear.
    ///   - limit: The maximum number of characters kept.
    public static func bodyPreview(_ body: Data, contentType: String?, secrets: [String] = [], limit: Int = 160) -> String {
        preview(scrub(redactedBody(body, contentType: contentType), secrets: secrets), limit: limit)
    }

    /// Collapses whitespace to single spaces and cuts `text` to `limit` characters.
    public static func preview(_ text: String, limit: Int = 160) -> String {
        var result = ""
        var lastWasSpace = false
        for character in text {
            if character.isWhitespace || character.isNewline {
                if !lastWasSpace && !result.isEmpty { result.append(" ") }
                lastWasSpace = true
            } else {
                result.append(character)
                lastWasSpace = false
            }
            if result.count >= limit {
                return result + "…"
            }
        }
        return lastWasSpace && result.hasSuffix(" ") ? String(result.dropLast()) : result
    }

    /// Replaces every occurrence of each secret in `text`, raw, percent-encoded and XML-escaped.
    ///
    /// Empty secrets are ignored. Use it on anything built from gateway traffic before showing it.
    public static func scrub(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets where !secret.isEmpty {
            for form in Set([secret, FormEncoding.percentEncode(secret), XMLEscaping.escape(secret)]) {
                result = result.replacingOccurrences(of: form, with: placeholder)
            }
        }
        return result
    }

    // MARK: - Formats

    /// Redacts `name=value` pairs separated by `&`, keeping everything else byte for byte.
    static func redactFormText(_ text: String) -> String {
        text.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
            let rawName = pair[..<equals]
            let name = String(rawName).removingPercentEncoding ?? String(rawName)
            return isSensitive(name) ? "\(rawName)=\(placeholder)" : String(pair)
        }.joined(separator: "&")
    }

    /// Redacts JSON `"key": "value"` / `"key": 123` pairs and XML `<key>value</key>` elements by name.
    static func redactStructuredText(_ text: String) -> String {
        var result = text
        for name in sensitiveNames {
            result = redactJSONValues(named: name, in: result)
            result = redactXMLElements(named: name, in: result)
        }
        if result.range(of: "bearer ", options: .caseInsensitive) != nil {
            result = redactBearer(in: result)
        }
        return result
    }

    private static func redactJSONValues(named name: String, in text: String) -> String {
        guard text.range(of: "\"\(name)\"", options: .caseInsensitive) != nil else { return text }
        var result = ""
        var rest = Substring(text)
        while let keyRange = rest.range(of: "\"\(name)\"", options: .caseInsensitive) {
            result += rest[..<keyRange.upperBound]
            rest = rest[keyRange.upperBound...]
            // Skip whitespace and the colon; anything else means this was not a key.
            var index = rest.startIndex
            while index < rest.endIndex, rest[index] == " " || rest[index] == "\t" || rest[index] == "\n" || rest[index] == "\r" {
                index = rest.index(after: index)
            }
            guard index < rest.endIndex, rest[index] == ":" else { continue }
            index = rest.index(after: index)
            while index < rest.endIndex, rest[index] == " " || rest[index] == "\t" || rest[index] == "\n" || rest[index] == "\r" {
                index = rest.index(after: index)
            }
            result += rest[rest.startIndex..<index]
            guard index < rest.endIndex else { rest = rest[index...]; break }
            if rest[index] == "\"" {
                var end = rest.index(after: index)
                var escaped = false
                while end < rest.endIndex {
                    let c = rest[end]
                    if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { break }
                    end = rest.index(after: end)
                }
                result += "\"\(placeholder)\""
                rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[end...]
            } else {
                var end = index
                while end < rest.endIndex, rest[end] != ",", rest[end] != "}", rest[end] != "]", !rest[end].isWhitespace {
                    end = rest.index(after: end)
                }
                result += "\"\(placeholder)\""
                rest = rest[end...]
            }
        }
        return result + rest
    }

    private static func redactXMLElements(named name: String, in text: String) -> String {
        guard text.range(of: "<\(name)", options: .caseInsensitive) != nil else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "<\(name)", options: .caseInsensitive) {
            let afterName = open.upperBound
            // Only an element of exactly this name: the next character must end the name.
            guard afterName < rest.endIndex, ">/ \t\r\n".contains(rest[afterName]) else {
                result += rest[..<min(afterName, rest.endIndex)]
                rest = rest[min(afterName, rest.endIndex)...]
                continue
            }
            guard let tagEnd = rest[afterName...].firstIndex(of: ">") else { break }
            let selfClosing = rest[rest.index(before: tagEnd)] == "/"
            result += rest[...tagEnd]
            rest = rest[rest.index(after: tagEnd)...]
            if selfClosing { continue }
            var valueEnd = rest.startIndex
            if rest.hasPrefix("<![CDATA["), let cdataEnd = rest.range(of: "]]>") {
                valueEnd = cdataEnd.upperBound
            }
            result += placeholder
            if let close = rest[valueEnd...].range(of: "</") {
                rest = rest[close.lowerBound...]
            } else {
                rest = ""
            }
        }
        return result + rest
    }

    private static func redactBearer(in text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let range = rest.range(of: "bearer ", options: .caseInsensitive) {
            result += rest[..<range.upperBound]
            var end = range.upperBound
            while end < rest.endIndex, !rest[end].isWhitespace, rest[end] != "\"", rest[end] != "<", rest[end] != "&" {
                end = rest.index(after: end)
            }
            result += placeholder
            rest = rest[end...]
        }
        return result + rest
    }
}
