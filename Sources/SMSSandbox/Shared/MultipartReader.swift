import Foundation

/// Reads a `multipart/form-data` body the way ASP.NET does, for the OMICard sandbox's uploads.
///
/// (``MultipartFormData`` only writes such bodies; a server needs the reverse.)
enum MultipartReader {
    /// One part of a body.
    struct Part: Sendable, Hashable {
        var name: String
        var fileName: String?
        var contentType: String?
        var data: Data

        /// The part's content as UTF-8 text (a BOM dropped).
        var text: String {
            let bytes = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Splits `body` into its parts, or returns `nil` when it is not a well-formed multipart body.
    static func parts(of body: Data, boundary: String) -> [Part]? {
        let delimiter = Data("--\(boundary)".utf8)
        let separator = Data("\r\n--\(boundary)".utf8)
        guard let first = body.range(of: delimiter) else { return nil }
        var parts: [Part] = []
        var cursor = first.upperBound
        while true {
            // After a delimiter: "--" ends the body, CRLF starts a part.
            let rest = body[cursor...]
            if rest.starts(with: Data("--".utf8)) { return parts }
            guard rest.starts(with: Data("\r\n".utf8)) else { return nil }
            let partStart = cursor + 2
            guard let headerEnd = body.range(of: Data("\r\n\r\n".utf8), in: partStart..<body.endIndex),
                  let next = body.range(of: separator, in: headerEnd.upperBound..<body.endIndex) else { return nil }
            let headerText = String(decoding: body[partStart..<headerEnd.lowerBound], as: UTF8.self)
            guard let part = makePart(headers: headerText, data: Data(body[headerEnd.upperBound..<next.lowerBound])) else { return nil }
            parts.append(part)
            cursor = next.upperBound
        }
    }

    private static func makePart(headers: String, data: Data) -> Part? {
        var name: String?
        var fileName: String?
        var contentType: String?
        for line in headers.components(separatedBy: "\r\n") {
            let pieces = line.split(separator: ":", maxSplits: 1)
            guard pieces.count == 2 else { continue }
            let header = pieces[0].trimmingCharacters(in: .whitespaces)
            let value = pieces[1].trimmingCharacters(in: .whitespaces)
            if header.caseInsensitiveEquals("Content-Disposition") {
                name = parameter("name", in: value)
                fileName = parameter("filename", in: value)
            } else if header.caseInsensitiveEquals("Content-Type") {
                contentType = value
            }
        }
        guard let name else { return nil }
        return Part(name: name, fileName: fileName, contentType: contentType, data: data)
    }

    /// A `key="value"` parameter of a `Content-Disposition` value, with `%22`, `%0D` and `%0A`
    /// turned back into the characters browsers escape that way.
    private static func parameter(_ key: String, in value: String) -> String? {
        var remainder = Substring(value)
        while let range = remainder.range(of: key + "=", options: .caseInsensitive) {
            let before = remainder[..<range.lowerBound].last
            remainder = remainder[range.upperBound...]
            guard before == nil || before == ";" || before == " " else { continue }
            var text: Substring
            if remainder.first == "\"" {
                let afterQuote = remainder.dropFirst()
                text = afterQuote.prefix { $0 != "\"" }
            } else {
                text = remainder.prefix { $0 != ";" }
            }
            return String(text)
                .replacingOccurrences(of: "%22", with: "\"")
                .replacingOccurrences(of: "%0D", with: "\r")
                .replacingOccurrences(of: "%0A", with: "\n")
        }
        return nil
    }
}
