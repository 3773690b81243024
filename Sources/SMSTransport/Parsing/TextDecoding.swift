import Foundation

/// Turns a response body into text the way a browser would: the `charset` of `Content-Type`
/// when given, UTF-8 otherwise, a byte-order mark stripped.
public enum TextDecoding {
    /// Decodes `body` using the charset named in `contentType` (UTF-8 when absent).
    ///
    /// Supported charsets: UTF-8, UTF-16 (BE/LE, BOM-detected; BE when unmarked), ISO-8859-1,
    /// US-ASCII, Windows-1252, and Big5 (also `cp950`; it decodes on Linux and Apple platforms,
    /// checked by the tests). A byte-order mark overrides the declared charset, as in HTML, and
    /// is not part of the text.
    ///
    /// - Parameters:
    ///   - body: The body bytes.
    ///   - contentType: The `Content-Type` value, if any (`text/plain; charset=big5`).
    /// - Returns: The text.
    /// - Throws: ``ResponseParseError`` when the bytes are not valid in that charset (UTF-8 is
    ///   checked strictly), or the charset is unknown.
    public static func decode(_ body: Data, contentType: String?) throws -> String {
        if body.starts(with: [0xEF, 0xBB, 0xBF]) {
            return try utf8(body.dropFirst(3))
        }
        if body.starts(with: [0xFE, 0xFF]) {
            return try decode(body.dropFirst(2), encoding: .utf16BigEndian, name: "UTF-16BE")
        }
        if body.starts(with: [0xFF, 0xFE]) {
            return try decode(body.dropFirst(2), encoding: .utf16LittleEndian, name: "UTF-16LE")
        }
        let charset = contentType.flatMap(Self.charset(in:)) ?? "utf-8"
        switch charset {
        case "utf-8", "utf8":
            return try utf8(body)
        case "us-ascii", "ascii":
            return try decode(body, encoding: .ascii, name: charset)
        case "iso-8859-1", "latin1", "iso8859-1":
            return try decode(body, encoding: .isoLatin1, name: charset)
        case "windows-1252", "cp1252":
            return try decode(body, encoding: .windowsCP1252, name: charset)
        case "utf-16", "utf-16be":
            return try decode(body, encoding: .utf16BigEndian, name: charset)
        case "utf-16le":
            return try decode(body, encoding: .utf16LittleEndian, name: charset)
        case "big5", "big-5", "cp950", "x-big5":
            // kCFStringEncodingBig5 (0x0A03) as an NSStringEncoding.
            return try decode(body, encoding: String.Encoding(rawValue: 0x8000_0A03), name: charset)
        default:
            throw ResponseParseError(expected: "text", reason: "unsupported charset \(charset)")
        }
    }

    /// The lowercased `charset` parameter of a `Content-Type` value, without quotes, or `nil`.
    ///
    /// - Parameter contentType: A `Content-Type` value such as `text/xml; charset="UTF-8"`.
    /// - Returns: `utf-8` for that example.
    public static func charset(in contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else { continue }
            var value = parts[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.lowercased()
        }
        return nil
    }

    private static func utf8(_ bytes: Data) throws -> String {
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw ResponseParseError(expected: "UTF-8 text", reason: "the body is not valid UTF-8")
        }
        return text
    }

    private static func decode(_ bytes: Data, encoding: String.Encoding, name: String) throws -> String {
        guard let text = String(data: bytes, encoding: encoding) else {
            throw ResponseParseError(expected: "\(name) text", reason: "the body is not valid \(name)")
        }
        return text
    }
}
