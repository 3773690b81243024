import Foundation
@_spi(SMSInternals) import SMSTransport

/// A report EVERY8D pushes to your URL: a delivery state (SMS DR, MMS DR) or a reply (MO).
///
/// EVERY8D calls the URL you registered with HTTP GET and query parameters `BatchID RM RT STATUS
/// SM ST MR SUBJECT NAME SOURCE CHARGE TYPE MSGID USERID`, and retries (up to 10 times) until it
/// gets HTTP 200. Parse the query with ``init(query:)`` (or a URL or form body) and answer 200
/// once you have stored it.
///
/// Parsing follows the HTML form rules (`+` is a space, `%2B` a plus, hex in either case); names
/// are matched ignoring case; unknown fields (`CustID`, `UserNo`, …) are kept in ``fields``. A value
/// that does not read (a malformed time or charge) is `nil` in its typed property and still in
/// ``fields``.
public struct PushReport: Sendable, Hashable {
    /// The batch id (`BatchID`).
    public var batchID: String?
    /// The recipient's number, or for a reply the sender's (`RM`).
    public var mobile: String?
    /// When the state was reported or the reply arrived (`RT`, `yyyyMMddHHmmss` Taiwan time).
    public var reportedAt: Date?
    /// The state; ``DeliveryStatus/reply`` (999) for a reply (`STATUS`).
    public var status: DeliveryStatus
    /// The reply's text (`SM`), for a reply.
    public var text: String?
    /// When the message was sent (`ST`).
    public var sentAt: Date?
    /// The per-message code given when sending, or the gateway's record number (`MR`).
    public var messageReference: String?
    /// The send's subject (`SUBJECT`).
    public var subject: String?
    /// The recipient's name (`NAME`).
    public var name: String?
    /// Where the send came from (`SOURCE`).
    public var source: String?
    /// The points charged (`CHARGE`).
    public var charge: Decimal?
    /// `SMS` or `MMS` (`TYPE`).
    public var messageType: String?
    /// The message id given when sending (`MSGID`).
    public var messageID: String?
    /// The account that sent it (`USERID`).
    public var userID: String?
    /// Every field as received, in order, unknown ones included.
    public var fields: [FormField]

    /// The documented field names (upper-cased).
    public static let documentedFields: Set<String> = [
        "BATCHID", "RM", "RT", "STATUS", "SM", "ST", "MR", "SUBJECT", "NAME", "SOURCE", "CHARGE", "TYPE", "MSGID", "USERID",
    ]

    /// Whether this is a reply (MO) rather than a delivery state: `STATUS` 999.
    public var isReply: Bool { status == .reply }

    /// The fields not in the documented list, in order (for example `CustID`, `UserNo`).
    public var unknownFields: [FormField] {
        fields.filter { !Self.documentedFields.contains($0.name.uppercased()) }
    }

    /// The value of a field by name, ignoring case (the first if repeated).
    public subscript(field name: String) -> String? {
        fields.value(named: name)
    }

    /// Parses the fields of a report.
    ///
    /// - Parameter fields: Decoded form fields.
    /// - Throws: `ResponseParseError` when `STATUS` is missing or not an integer (not a report).
    public init(fields: [FormField]) throws {
        self.fields = fields
        func value(_ name: String) -> String? {
            guard let raw = fields.value(named: name) else { return nil }
            return raw.trimmingASCIIWhitespace().isEmpty ? nil : raw
        }
        func trimmed(_ name: String) -> String? { value(name)?.trimmingASCIIWhitespace() }
        guard let statusText = trimmed("STATUS"), let status = ByteText.integer(statusText) else {
            throw ResponseParseError(expected: "EVERY8D push report with STATUS", reason: fields.value(named: "STATUS") == nil ? "STATUS is missing" : "STATUS is not an integer")
        }
        self.status = DeliveryStatus(rawValue: status)
        batchID = trimmed("BatchID")
        mobile = trimmed("RM")
        reportedAt = trimmed("RT").flatMap { TaiwanTime.parse($0) }
        text = fields.value(named: "SM").flatMap { $0.isEmpty ? nil : $0 }
        sentAt = trimmed("ST").flatMap { TaiwanTime.parse($0) }
        messageReference = trimmed("MR")
        subject = value("SUBJECT")
        name = value("NAME")
        source = trimmed("SOURCE")
        charge = trimmed("CHARGE").flatMap { ExactDecimal.parse($0) }
        messageType = trimmed("TYPE")
        messageID = trimmed("MSGID")
        userID = trimmed("USERID")
    }

    /// Parses a query string as EVERY8D sends it, with or without the leading `?` (anything up to
    /// and including the first `?` is ignored, so a whole URL or request target works too).
    ///
    /// - Parameter query: For example `BatchID=…&RM=%2B886912345678&RT=20240101120000&STATUS=100`.
    /// - Throws: `ResponseParseError` when `STATUS` is missing or not an integer.
    public init(query: String) throws {
        var text = Substring(query)
        if let mark = text.firstIndex(of: "?") { text = text[text.index(after: mark)...] }
        if let hash = text.firstIndex(of: "#") { text = text[..<hash] }
        try self.init(fields: FormEncoding.decode(String(text)))
    }

    /// Parses the query of a URL.
    ///
    /// - Parameter url: The URL EVERY8D called.
    /// - Throws: `ResponseParseError` when `STATUS` is missing or not an integer.
    public init(url: URL) throws {
        let query = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedQuery ?? ""
        try self.init(query: query)
    }

    /// Parses a form-encoded body (for a gateway configured to POST).
    ///
    /// - Parameter formBody: An `application/x-www-form-urlencoded` body.
    /// - Throws: `ResponseParseError` when `STATUS` is missing or not an integer.
    public init(formBody: Data) throws {
        try self.init(fields: FormEncoding.decode(formBody))
    }
}
