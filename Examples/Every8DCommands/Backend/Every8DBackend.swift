import Foundation
import Every8D

/// Which EVERY8D API the commands speak (`--api`, `EVERY8D_API`).
///
/// Each API is a type conforming to ``Every8DBackend`` that declares the ``Every8DCapability``
/// values it offers; the commands are the same for both.
enum Every8DAPI: String, Sendable, CaseIterable {
    /// API 2.1 over HTTP (`/API21/HTTP/…`), with ``Every8DClient``.
    case http
    /// API 2.1 over SOAP (`/API21/SOAP/SMS.asmx`, `MMS.asmx`), with ``Every8DSOAPClient``, for
    /// legacy accounts.
    case soap
    /// API 3.0, JSON (`https://e8dapi.e8d.tw/<custcode>/…`), with ``Every8DV3Client``.
    case v3

    /// Reads `--api` / `EVERY8D_API`.
    ///
    /// - Throws: `UsageError` for any other value.
    init(parsing text: String, source: String) throws {
        guard let api = Every8DAPI(rawValue: text.lowercased()) else {
            throw UsageError("\(source) must be http, soap or v3, got \"\(text)\"")
        }
        self = api
    }
}

/// One thing a backend can do (`paramMMS`: personalised or template MMS through one request); commands check for it before running, so a backend that lacks an
/// operation fails with a usage error instead of half-way through.
enum Every8DCapability: String, Sendable, CaseIterable {
    case token, tokenCheck, credit, sendSMS, filterDuplicates, sendPersonalized, sendTemplate, sendMMS, paramMMS
    case deliveryStatus, mmsDeliveryStatus, replies, cancelBooking, cancelMMSBooking
}

/// One SMS send as the commands describe it.
struct SMSSendRequest: Sendable {
    var recipients: [String]
    var text: String
    var subject: String = ""
    var sendAt: Date?
    var validity: Duration?
    var eventID: String?
}

/// One MMS send (one picture, one text, many numbers).
struct MMSSendRequest: Sendable {
    var recipients: [String]
    var subject: String
    var text: String = ""
    var attachment: MMSAttachment
    var sendAt: Date?
    var validity: Duration?
}

/// SMS or MMS, for the calls that exist for both.
enum MessageKind: String, Sendable {
    case sms = "SMS"
    case mms = "MMS"
}

/// The EVERY8D operations the commands use, whatever the wire protocol.
///
/// Results are the `Every8D` module's public models, so rendering is shared by every backend.
/// Errors are the module's too (`Every8DError`, `ValidationError`, `SendOutcomeUnknownError`,
/// transport errors), so the exit codes are the same whichever API answers.
protocol Every8DBackend: Sendable {
    /// Which API this is.
    var api: Every8DAPI { get }
    /// What it can do.
    var capabilities: Set<Every8DCapability> { get }

    /// Opens a session (fetches a token) and returns when it was issued; the value stays inside.
    func openSession() async throws -> Date
    /// Whether the session opened by ``openSession()`` is alive.
    func checkSession() async throws -> Bool
    /// Closes the session opened by ``openSession()``.
    func closeSession() async throws
    /// The account's credit in points.
    func credit() async throws -> Decimal
    /// Sends one text to many numbers.
    func sendSMS(_ request: SMSSendRequest) async throws -> SendReceipt
    /// Sends one text, leaving out numbers that got it in the last 24 hours (or only lists them).
    func sendSMSFilteringDuplicates(_ request: SMSSendRequest, dryRun: Bool) async throws -> DuplicateFilterReceipt
    /// Sends each recipient its own text; an MMS when `attachment` is given.
    func sendPersonalized(_ messages: [PersonalizedMessage], subject: String, attachment: MMSAttachment?) async throws -> SendReceipt
    /// Sends a template filled per recipient; an MMS when `attachment` is given.
    func sendTemplate(_ template: String, recipients: [TemplateRecipient], subject: String, attachment: MMSAttachment?) async throws -> SendReceipt
    /// Sends one MMS to many numbers.
    func sendMMS(_ request: MMSSendRequest) async throws -> SendReceipt
    /// Every delivery report of a batch (all pages), in `format` on the wire (`nil`: the backend's default).
    func deliveryReports(batch: String, kind: MessageKind, format: DeliveryReportFormat?) async throws -> [DeliveryReport]
    /// Every reply to a batch (all pages).
    func replies(batch: String) async throws -> [Reply]
    /// Cancels a scheduled batch.
    func cancelBooking(batch: String, kind: MessageKind) async throws -> CancelResult
}
