import Foundation

/// One answer of the OMICard WebAPI, read into named fields whatever its format.
///
/// The gateway answers as XML, as CSV or as a file download, and names fields in any case
/// (`ErrorCode`, `ERRORCODE`, `ErrorMSG`). Every field is kept in order, and lookups ignore case.
/// The client builds one from every answer.
public struct OmiCardResponse: Sendable, Hashable, Codable {
    /// How the answer was written.
    public enum Format: String, Sendable, Hashable, Codable, CustomStringConvertible {
        /// An XML document: fields are the leaf elements and the attributes.
        case xml
        /// CSV: a header line and a value line, or one `name,value` line per field.
        case csv
        /// A query string `name=value&…`, as in a redirect's `Location` (`%omisquerystring%`).
        case queryString

        /// `XML`, `CSV` or `query string`.
        public var description: String {
            switch self {
            case .xml: return "XML"
            case .csv: return "CSV"
            case .queryString: return "query string"
            }
        }
    }

    /// One named value of the answer, as it came (names and values trimmed of surrounding spaces).
    public struct Field: Sendable, Hashable, Codable {
        /// The field name in the gateway's spelling.
        public var name: String
        /// The value.
        public var value: String

        /// Creates a field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A file the gateway sent as a download (`Content-Disposition: attachment`).
    public struct Attachment: Sendable, Hashable, Codable {
        /// The file name from `Content-Disposition`, if any.
        public var fileName: String?
        /// The file's bytes, as received.
        public var data: Data

        /// Creates an attachment.
        public init(fileName: String?, data: Data) {
            self.fileName = fileName
            self.data = data
        }
    }

    /// How the answer was written (inside the download, for an attachment).
    public let format: Format
    /// Every field of the (first) record, in order.
    public let fields: [Field]
    /// Further records, when a CSV answer has more than one value line; normally empty.
    public let additionalRecords: [[Field]]
    /// The downloaded file, when the answer came as one.
    public let attachment: Attachment?
    /// The `ErrorCode`: 0 is success.
    public let errorCode: OmiCardError.Code

    /// Creates a response from fields; `fields` must contain `ErrorCode`.
    ///
    /// - Throws: ``ResponseParseError`` when `ErrorCode` is missing or not an integer.
    public init(format: Format, fields: [Field], additionalRecords: [[Field]] = [], attachment: Attachment? = nil) throws {
        guard let raw = fields.first(where: { $0.name.caseInsensitiveEquals("ErrorCode") })?.value else {
            throw ResponseParseError(expected: "an OMICard answer with ErrorCode", reason: "no ErrorCode field in the \(format) answer")
        }
        guard let code = Int(raw.trimmingASCIIWhitespace()) else {
            throw ResponseParseError(expected: "an OMICard answer with ErrorCode", reason: "ErrorCode \"\(raw)\" is not an integer")
        }
        self.format = format
        self.fields = fields
        self.additionalRecords = additionalRecords
        self.attachment = attachment
        self.errorCode = OmiCardError.Code(rawValue: code)
    }

    private enum CodingKeys: String, CodingKey { case format, fields, additionalRecords, attachment }

    /// Reads a stored answer (the idempotency ledger keeps launches), checking it as a new one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(format: try container.decode(Format.self, forKey: .format), fields: try container.decode([Field].self, forKey: .fields),
                      additionalRecords: try container.decode([[Field]].self, forKey: .additionalRecords),
                      attachment: try container.decodeIfPresent(Attachment.self, forKey: .attachment))
    }

    /// Writes the answer's format, fields, further records and attachment.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(fields, forKey: .fields)
        try container.encode(additionalRecords, forKey: .additionalRecords)
        try container.encodeIfPresent(attachment, forKey: .attachment)
    }

    /// The value of the first field named `name`, ignoring ASCII case, or `nil`.
    public subscript(name: String) -> String? {
        fields.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// The `ErrorMsg` (any case), or an empty string when absent.
    public var errorMessage: String { self["ErrorMsg"] ?? "" }

    /// Whether `ErrorCode` is 0.
    public var isSuccess: Bool { errorCode.rawValue == 0 }

    /// Returns `self` when `ErrorCode` is 0.
    ///
    /// - Parameters:
    ///   - operation: The page, for the error (`SMS.aspx`, `Status.aspx`).
    ///   - secrets: Values to blank out of the error message.
    /// - Throws: ``OmiCardError`` for any other code.
    public func checked(operation: String, secrets: [String] = []) throws -> OmiCardResponse {
        guard isSuccess else {
            throw OmiCardError(code: errorCode, message: Redaction.scrub(errorMessage, secrets: secrets), operation: operation)
        }
        return self
    }
}
