import Foundation

/// The picture of an MMS, checked when it is created.
///
/// The gateway takes JPEG, PNG and GIF; the type is read from the bytes themselves (their magic
/// numbers), never from a file name, and sent as `TYPE`. The bytes travel base64-encoded as
/// `ATTACHMENT`.
public struct MMSAttachment: Sendable, Hashable {
    /// A picture format the gateway accepts.
    public enum ImageType: String, Sendable, Hashable, CaseIterable {
        /// JPEG, sent as `TYPE=jpg`.
        case jpeg = "jpg"
        /// PNG, sent as `TYPE=png`.
        case png
        /// GIF, sent as `TYPE=gif`.
        case gif

        /// The type of `data` from its first bytes, or `nil` when it is none of the three.
        public static func detect(_ data: Data) -> ImageType? {
            let head = Array(data.prefix(8))
            if head.count >= 3, head[0] == 0xFF, head[1] == 0xD8, head[2] == 0xFF { return .jpeg }
            if head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
            if head.count >= 6, head.starts(with: Array("GIF87a".utf8)) || head.starts(with: Array("GIF89a".utf8)) { return .gif }
            return nil
        }
    }

    /// The largest picture plus text the gateway accepts: 300 KB (300 × 1024 bytes).
    public static let maximumContentBytes = 300 * 1024

    /// The picture's bytes.
    public let data: Data
    /// The picture's format, read from its bytes.
    public let type: ImageType

    /// Creates an attachment from a picture's bytes.
    ///
    /// - Parameter data: A JPEG, PNG or GIF picture.
    /// - Throws: `ValidationError` for `ATTACHMENT` when the bytes are empty, not one of the three
    ///   formats, or larger than 300 KB.
    public init(data: Data) throws {
        guard !data.isEmpty else { throw ValidationError(field: "ATTACHMENT", reason: "the picture is empty") }
        guard let type = ImageType.detect(data) else {
            throw ValidationError(field: "ATTACHMENT", reason: "the bytes are not a JPEG, PNG or GIF picture")
        }
        guard data.count <= Self.maximumContentBytes else {
            throw ValidationError(field: "ATTACHMENT", reason: "the picture is \(data.count) bytes; the limit is 300 KB")
        }
        self.data = data
        self.type = type
    }

    /// The bytes as the gateway wants them: standard base64 (before form encoding).
    public var base64: String { data.base64EncodedString() }
}

/// Which API an MMS goes through: their subject rules differ.
enum MMSAPI {
    /// API 2.1 over HTTP: a subject up to 39 ASCII characters, or 15 with any other character.
    case http
    /// The SOAP API (seed 003, `sendMMS`): up to 95 ASCII characters ("純英數限制 95 字"), or 15
    /// with any other character.
    case soap
}

/// The MMS checks: subject length, text length, total size, Taiwan numbers only.
enum MMSValidation {
    /// The longest subject with any non-ASCII character.
    static let maximumSubject = 15
    /// The longest text.
    static let maximumText = 4000

    /// The longest subject in ASCII only.
    static func maximumASCIISubject(_ api: MMSAPI) -> Int { api == .soap ? 95 : 39 }

    /// A subject may be empty (the SOAP seed: "可傳入空字串"; the HTTP API's own `SendParam`
    /// examples send `"SB": ""`); otherwise one line, within the API's length.
    static func subject(_ subject: String, api: MMSAPI, field: String = "SB") throws {
        try SendValidation.subject(subject, field: field)
        let isASCII = subject.unicodeScalars.allSatisfy(\.isASCII)
        let limit = isASCII ? maximumASCIISubject(api) : maximumSubject
        guard subject.count <= limit else {
            throw ValidationError(field: field, value: subject, reason: "\(subject.count) characters; an MMS subject takes at most \(limit)\(isASCII ? " ASCII characters" : " when it has non-ASCII characters")")
        }
    }

    static func text(_ text: String, attachment: MMSAttachment, field: String = "MSG") throws {
        guard text.count <= maximumText else {
            throw ValidationError(field: field, reason: "\(text.count) characters; an MMS text takes at most \(maximumText)")
        }
        let total = attachment.data.count + text.utf8.count
        guard total <= MMSAttachment.maximumContentBytes else {
            throw ValidationError(field: field, reason: "picture and text are \(total) bytes together; the limit is 300 KB")
        }
    }

    static func taiwanOnly(_ numbers: [String], field: (Int) -> String) throws {
        for (index, number) in numbers.enumerated() where !MobileNumber.isTaiwan(number) {
            throw ValidationError(field: field(index), value: number, reason: "MMS can only be sent to Taiwan numbers")
        }
    }
}
