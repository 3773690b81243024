import Foundation

/// An independent `multipart/form-data` reader for checking request bodies byte by byte.
///
/// Written from RFC 7578 / RFC 2046, not from the SDK's encoder: it finds the boundary in the
/// `Content-Type`, splits the body on `\r\n--boundary`, and reads each part's headers.
struct ParsedMultipart {
    struct Part: Equatable {
        var name: String
        var fileName: String?
        var contentType: String?
        var data: Data
        var text: String { String(decoding: data, as: UTF8.self) }
    }

    enum Failure: Error, CustomStringConvertible {
        case noBoundary, missingDelimiter, badPart(String)
        var description: String {
            switch self {
            case .noBoundary: return "no boundary in Content-Type"
            case .missingDelimiter: return "no opening or closing delimiter"
            case .badPart(let reason): return "bad part: \(reason)"
            }
        }
    }

    var parts: [Part]

    init(body: Data, contentType: String) throws {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
              let range = contentType.range(of: "boundary=") else { throw Failure.noBoundary }
        var boundary = String(contentType[range.upperBound...])
        if boundary.hasPrefix("\"") { boundary = String(boundary.dropFirst().dropLast()) }
        let bytes = [UInt8](body)
        let opening = Array("--\(boundary)\r\n".utf8)
        let delimiter = Array("\r\n--\(boundary)".utf8)
        guard bytes.starts(with: opening) else { throw Failure.missingDelimiter }
        guard bytes.suffix(delimiter.count + 4) == ArraySlice(delimiter + Array("--\r\n".utf8)) else { throw Failure.missingDelimiter }

        var parts: [Part] = []
        var position = opening.count
        while true {
            guard let end = Self.find(delimiter, in: bytes, from: position) else { throw Failure.missingDelimiter }
            parts.append(try Self.part(Array(bytes[position..<end])))
            position = end + delimiter.count
            if bytes[position...].starts(with: Array("--".utf8)) { break }
            guard bytes[position...].starts(with: Array("\r\n".utf8)) else { throw Failure.badPart("junk after a delimiter") }
            position += 2
        }
        self.parts = parts
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0], Array(haystack[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }

    private static func part(_ bytes: [UInt8]) throws -> Part {
        guard let split = find(Array("\r\n\r\n".utf8), in: bytes, from: 0) else { throw Failure.badPart("no blank line") }
        let headerText = String(decoding: bytes[0..<split], as: UTF8.self)
        let data = Data(bytes[(split + 4)...])
        var name: String?
        var fileName: String?
        var contentType: String?
        for line in headerText.components(separatedBy: "\r\n") {
            let pieces = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2 else { throw Failure.badPart("header line \(line)") }
            switch pieces[0].lowercased() {
            case "content-disposition":
                guard pieces[1].hasPrefix("form-data") else { throw Failure.badPart("not form-data") }
                name = quotedParameter("name", in: pieces[1])
                fileName = quotedParameter("filename", in: pieces[1])
            case "content-type":
                contentType = pieces[1]
            default:
                throw Failure.badPart("unexpected header \(pieces[0])")
            }
        }
        guard let name else { throw Failure.badPart("no name") }
        return Part(name: name, fileName: fileName, contentType: contentType, data: data)
    }

    private static func quotedParameter(_ parameter: String, in value: String) -> String? {
        guard let range = value.range(of: "; \(parameter)=\"") else { return nil }
        let rest = value[range.upperBound...]
        guard let close = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<close])
    }
}
