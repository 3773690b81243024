import Foundation

/// A `multipart/form-data` body (RFC 7578): text fields and file parts, in order.
///
/// Used for OMICard calls that upload a file (a recipient list, an XML request). The boundary is
/// random and checked against every part, so it cannot occur inside the content.
package struct MultipartFormData: Sendable, Hashable {
    /// One part of the body.
    public enum Part: Sendable, Hashable {
        /// A text field, sent as UTF-8.
        case text(name: String, value: String)
        /// A file: field name, file name, media type and bytes.
        case file(name: String, fileName: String, contentType: String, data: Data)

        /// The part's field name.
        public var name: String {
            switch self {
            case .text(let name, _), .file(let name, _, _, _): return name
            }
        }
    }

    /// The parts in order.
    public var parts: [Part]

    /// Creates a body from parts.
    ///
    /// - Parameter parts: The parts in the order they are sent.
    public init(parts: [Part] = []) {
        self.parts = parts
    }

    /// Appends a text field.
    ///
    /// - Parameters:
    ///   - name: The field name.
    ///   - value: The text, sent as UTF-8.
    public mutating func append(name: String, value: String) {
        parts.append(.text(name: name, value: value))
    }

    /// Appends a file part.
    ///
    /// - Parameters:
    ///   - name: The field name (for OMICard, for example `SMSListFile` or `XmlReqFilePath`).
    ///   - fileName: The file name the server sees.
    ///   - contentType: The file's media type, for example `text/csv`.
    ///   - data: The file's bytes, sent unchanged.
    public mutating func append(name: String, fileName: String, contentType: String, data: Data) {
        parts.append(.file(name: name, fileName: fileName, contentType: contentType, data: data))
    }

    /// Encodes the body with a fresh random boundary.
    ///
    /// - Returns: The `Content-Type` header value (with the boundary) and the body bytes.
    public func encoded() -> (contentType: String, body: Data) {
        var generator = SystemRandomNumberGenerator()
        return encoded(using: &generator)
    }

    /// Encodes the body, drawing the boundary from `generator` (seed it for reproducible tests).
    ///
    /// A boundary that occurs anywhere in a part (headers or content) is drawn again, so the
    /// result always parses back into the same parts.
    ///
    /// - Parameter generator: The source of the boundary's random characters.
    /// - Returns: The `Content-Type` header value (with the boundary) and the body bytes.
    public func encoded<G: RandomNumberGenerator>(using generator: inout G) -> (contentType: String, body: Data) {
        let encodedParts = parts.map(Self.encode)
        var boundary = Self.makeBoundary(using: &generator)
        while !Self.isUsable(Array(boundary.utf8), in: encodedParts) {
            boundary = Self.makeBoundary(using: &generator)
        }
        return ("multipart/form-data; boundary=\(boundary)", Self.assemble(encodedParts, boundary: boundary))
    }

    /// Encodes the body with a given boundary.
    ///
    /// - Parameter boundary: The boundary; it must pass ``isUsable(boundary:)``, or the body will
    ///   not parse back into these parts.
    /// - Returns: The body bytes.
    public func encoded(boundary: String) -> Data {
        Self.assemble(parts.map(Self.encode), boundary: boundary)
    }

    /// Whether `boundary` is a valid RFC 2046 boundary (1 to 70 characters from
    /// `A-Z a-z 0-9 '()+_,-./:=?` and space, not ending in a space) that occurs in no part's
    /// headers or content.
    ///
    /// - Parameter boundary: The candidate boundary.
    /// - Returns: `true` when the body can be encoded with it.
    public func isUsable(boundary: String) -> Bool {
        Self.isUsable(Array(boundary.utf8), in: parts.map(Self.encode))
    }

    /// One part's header block and content, as they go on the wire.
    private typealias EncodedPart = (headers: [UInt8], content: Data)

    private static func encode(_ part: Part) -> EncodedPart {
        switch part {
        case .text(let name, let value):
            return (Array("Content-Disposition: form-data; name=\"\(quoted(name))\"\r\n\r\n".utf8), Data(value.utf8))
        case .file(let name, let fileName, let contentType, let data):
            let headers = "Content-Disposition: form-data; name=\"\(quoted(name))\"; filename=\"\(quoted(fileName))\"\r\n"
                + "Content-Type: \(headerSafe(contentType))\r\n\r\n"
            return (Array(headers.utf8), data)
        }
    }

    private static func assemble(_ parts: [EncodedPart], boundary: String) -> Data {
        let dashBoundary = Array("--\(boundary)\r\n".utf8)
        var body = Data()
        body.reserveCapacity(parts.reduce(dashBoundary.count + 4) { $0 + dashBoundary.count + $1.headers.count + $1.content.count + 2 })
        for part in parts {
            body.append(contentsOf: dashBoundary)
            body.append(contentsOf: part.headers)
            body.append(part.content)
            body.append(contentsOf: [0x0D, 0x0A])
        }
        body.append(contentsOf: Array("--\(boundary)--\r\n".utf8))
        return body
    }

    private static func isUsable(_ boundary: [UInt8], in parts: [EncodedPart]) -> Bool {
        guard (1...70).contains(boundary.count), boundary.last != 0x20, boundary.allSatisfy(isBoundaryCharacter) else { return false }
        for part in parts where part.headers.firstRange(of: boundary) != nil || part.content.firstRange(of: boundary) != nil {
            return false
        }
        return true
    }

    private static func isBoundaryCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
            return true
        default:
            return Array("'()+_,-./:=? ".utf8).contains(byte)
        }
    }

    private static let boundaryAlphabet: [Character] = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

    private static func makeBoundary<G: RandomNumberGenerator>(using generator: inout G) -> String {
        var text = "----swift-tw-sms-"
        for _ in 0..<24 { text.append(boundaryAlphabet[Int(generator.next(upperBound: UInt(boundaryAlphabet.count)))]) }
        return text
    }

    /// Escapes a name for a quoted `Content-Disposition` parameter, as browsers do (RFC 7578 §4.2):
    /// `"` as `%22`, CR and LF as `%0D` / `%0A`. Non-ASCII names go out as UTF-8.
    private static func quoted(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "%22"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Drops CR and LF so a media type cannot start a new header line.
    private static func headerSafe(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" })
    }
}
