import Foundation

/// A `multipart/form-data` body (RFC 7578): text fields and file parts, in order.
///
/// Used for OMICard calls that upload a file (a recipient list, an XML request). The boundary is
/// random and checked against every part, so it cannot occur inside the content.
public struct MultipartFormData: Sendable, Hashable {
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
    public init(parts: [Part] = []) {
        self.parts = parts
    }

    /// Appends a text field.
    public mutating func append(name: String, value: String) {
        parts.append(.text(name: name, value: value))
    }

    /// Appends a file part.
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

    /// Encodes the body, drawing the boundary from `generator` (for reproducible tests).
    public func encoded<G: RandomNumberGenerator>(using generator: inout G) -> (contentType: String, body: Data) {
        var boundary = Self.makeBoundary(using: &generator)
        while !isUsable(boundary: boundary) {
            boundary = Self.makeBoundary(using: &generator)
        }
        return ("multipart/form-data; boundary=\(boundary)", encoded(boundary: boundary))
    }

    /// Encodes the body with a given boundary.
    ///
    /// - Precondition: `boundary` occurs in no part; ``isUsable(boundary:)`` checks it.
    public func encoded(boundary: String) -> Data {
        var body = Data()
        let dashBoundary = Data("--\(boundary)\r\n".utf8)
        for part in parts {
            body.append(dashBoundary)
            switch part {
            case .text(let name, let value):
                body.append(Data("Content-Disposition: form-data; name=\"\(Self.quoted(name))\"\r\n\r\n".utf8))
                body.append(Data(value.utf8))
            case .file(let name, let fileName, let contentType, let data):
                body.append(Data(("Content-Disposition: form-data; name=\"\(Self.quoted(name))\"; filename=\"\(Self.quoted(fileName))\"\r\n"
                    + "Content-Type: \(Self.headerSafe(contentType))\r\n\r\n").utf8))
                body.append(data)
            }
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return body
    }

    /// Whether `boundary` appears in no part's name, file name, type or content.
    public func isUsable(boundary: String) -> Bool {
        let needle = Data(boundary.utf8)
        for part in parts {
            switch part {
            case .text(let name, let value):
                if Data(name.utf8).range(of: needle) != nil || Data(value.utf8).range(of: needle) != nil { return false }
            case .file(let name, let fileName, let contentType, let data):
                if data.range(of: needle) != nil || Data((name + fileName + contentType).utf8).range(of: needle) != nil { return false }
            }
        }
        return true
    }

    private static func makeBoundary<G: RandomNumberGenerator>(using generator: inout G) -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        var text = "----swift-tw-sms-"
        for _ in 0..<24 { text.append(alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))]) }
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

    private static func headerSafe(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" })
    }
}
