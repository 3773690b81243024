import Foundation

/// A redacted one-line rendering of a `multipart/form-data` body for descriptions and logs:
/// text parts as `name=value` (redacted by name and as text), file parts as name, file name,
/// type and size only (their bytes are never shown).
package enum MultipartSummary {
    static func render(_ body: Data, contentType: String, rules: RedactionRules) -> String {
        guard let boundary = boundary(in: contentType), let parts = parts(of: Array(body), boundary: Array(boundary.utf8)) else {
            return "<multipart body, \(body.count) bytes>"
        }
        let rendered = parts.map { part -> String in
            if let fileName = part.fileName {
                let type = part.contentType.map { "\($0), " } ?? ""
                return "\(part.name): file \"\(fileName)\" (\(type)\(part.content.count) bytes)"
            }
            if Redaction.isSensitive(part.name, rules: rules) {
                return "\(part.name)=\(Redaction.placeholder)"
            }
            guard let text = String(bytes: part.content, encoding: .utf8) else {
                return "\(part.name): \(part.content.count) bytes"
            }
            return "\(part.name)=\(Redaction.redactedText(text, rules: rules))"
        }
        return "multipart (\(parts.count) parts): " + rendered.joined(separator: "; ")
    }

    struct Part {
        var name: String
        var fileName: String?
        var contentType: String?
        var content: ArraySlice<UInt8>
    }

    /// The `boundary` parameter of a `Content-Type` value, without quotes (also what the sandbox
    /// reads multipart requests with).
    package static func boundary(in contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pieces = parameter.split(separator: "=", maxSplits: 1)
            guard pieces.count == 2, pieces[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = pieces[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// The parts between `--boundary` lines, or `nil` when the body is not shaped that way.
    static func parts(of body: [UInt8], boundary: [UInt8]) -> [Part]? {
        let delimiter = Array("--".utf8) + boundary
        guard var position = body.firstRange(of: delimiter)?.upperBound else { return nil }
        var parts: [Part] = []
        let separator = Array("\r\n\r\n".utf8)
        let nextDelimiter = Array("\r\n".utf8) + delimiter
        while position < body.count {
            if body[position...].starts(with: Array("--".utf8)) { return parts }
            guard body[position...].starts(with: Array("\r\n".utf8)) else { return nil }
            let headerStart = position + 2
            guard let headerEnd = body[headerStart...].firstRange(of: separator) else { return nil }
            let contentStart = headerEnd.upperBound
            let next = body[contentStart...].firstRange(of: nextDelimiter)
            let contentEnd = next?.lowerBound ?? body.count
            var part = Part(name: "?", content: body[contentStart..<contentEnd])
            let headers = String(decoding: body[headerStart..<headerEnd.lowerBound], as: UTF8.self)
            for line in headers.split(separator: "\r\n") {
                let fields = line.split(separator: ":", maxSplits: 1)
                guard fields.count == 2 else { continue }
                let headerName = fields[0].trimmingCharacters(in: .whitespaces).lowercased()
                let value = String(fields[1]).trimmingASCIIWhitespace()
                if headerName == "content-disposition" {
                    part.name = parameter("name", in: value) ?? "?"
                    part.fileName = parameter("filename", in: value)
                } else if headerName == "content-type" {
                    part.contentType = value
                }
            }
            parts.append(part)
            guard let next else { return parts }
            position = next.upperBound
        }
        return parts
    }

    /// The value of `name="…"` (or unquoted) in a `Content-Disposition` value.
    private static func parameter(_ name: String, in value: String) -> String? {
        for piece in value.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            var text = pair[1].trimmingCharacters(in: .whitespaces)
            if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
            return text
        }
        return nil
    }
}
