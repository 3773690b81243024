import Foundation

/// What both EVERY8D clients can do, so that code (a command-line tool, a service layer, tests)
/// can take either and switch between the HTTP API and the legacy SOAP API with one line.
///
/// ```swift
/// let gateway: any Every8DMessaging = useSOAP
///     ? Every8DSOAPClient(credentials: credentials)
///     : Every8DClient(credentials: credentials)
/// let receipt = try await gateway.sendSMS(to: ["0912345678"], text: "…", subject: "", at: nil, validity: nil, eventID: nil)
/// ```
///
/// Both clients take the same arguments, return the same models and throw the same errors
/// (`ValidationError`, ``Every8DError``, `SendOutcomeUnknownError`, transport errors; the SOAP
/// client adds ``Every8DSOAPFault``). What only one API offers stays on its client: tokens,
/// the duplicate filter, replies and MMS personalisation on ``Every8DClient``; `connect()` and
/// `disconnect()` on ``Every8DSOAPClient``. Arguments the SOAP API cannot carry (an `EventID`,
/// `MR`, a validity for personalized sends) are refused by the SOAP client with a `ValidationError`.
public protocol Every8DMessaging: Sendable {
    /// Sends one text to one or more numbers.
    ///
    /// - Parameters:
    ///   - recipients: Numbers as `09xxxxxxxx` or `+` and 8–15 digits.
    ///   - text: The message.
    ///   - subject: A label for your records.
    ///   - sendTime: When to send; `nil` sends now.
    ///   - validity: How long the gateway keeps trying, in whole minutes; `nil` for the default.
    ///   - eventID: An interactive-reply channel (HTTP API only).
    /// - Returns: The receipt.
    @discardableResult
    func sendSMS(to recipients: [String], text: String, subject: String, at sendTime: Date?, validity: Duration?, eventID: String?) async throws -> SendReceipt

    /// Sends each recipient a text of its own.
    ///
    /// - Parameters:
    ///   - messages: One message per recipient.
    ///   - subject: A label for your records.
    ///   - validity: How long the gateway keeps trying (HTTP API only).
    ///   - eventID: An interactive-reply channel (HTTP API only).
    /// - Returns: The receipt for the whole request.
    @discardableResult
    func sendPersonalizedSMS(_ messages: [PersonalizedMessage], subject: String, validity: Duration?, eventID: String?) async throws -> SendReceipt

    /// Sends a template filled per recipient (`%field1%` … `%field5%`).
    ///
    /// - Parameters:
    ///   - template: The text with placeholders.
    ///   - recipients: Each recipient with up to five values.
    ///   - subject: A label for your records.
    ///   - validity: How long the gateway keeps trying (HTTP API only).
    ///   - eventID: An interactive-reply channel (HTTP API only).
    /// - Returns: The receipt for the whole request.
    @discardableResult
    func sendTemplateSMS(template: String, recipients: [TemplateRecipient], subject: String, validity: Duration?, eventID: String?) async throws -> SendReceipt

    /// Sends one MMS to one or more Taiwan numbers.
    ///
    /// - Parameters:
    ///   - recipients: Taiwan numbers.
    ///   - subject: The MMS subject, shown on the phone; may be empty (HTTP: up to 39 ASCII characters or 15 others; SOAP: 95 or 15).
    ///   - text: The text under the picture.
    ///   - attachment: The picture.
    ///   - sendTime: When to send; `nil` sends now.
    ///   - validity: How long the gateway keeps trying; `nil` for the default.
    ///   - eventID: An interactive-reply channel (HTTP API only).
    /// - Returns: The receipt.
    @discardableResult
    func sendMMS(to recipients: [String], subject: String, text: String, attachment: MMSAttachment, at sendTime: Date?,
                 validity: Duration?, eventID: String?) async throws -> SendReceipt

    /// The account's credit in points.
    func credit() async throws -> Decimal

    /// One page of SMS delivery reports for a batch.
    ///
    /// - Parameters:
    ///   - batchID: The batch id.
    ///   - page: The page, from 1.
    /// - Returns: The page.
    func deliveryStatus(batch batchID: String, page: Int) async throws -> DeliveryPage

    /// Every SMS delivery report of a batch, page after page.
    ///
    /// - Parameter batchID: The batch id.
    /// - Returns: The reports as an `AsyncSequence`.
    func deliveryReports(batch batchID: String) -> DeliveryReportSequence

    /// One page of MMS delivery reports for a batch.
    ///
    /// - Parameters:
    ///   - batchID: The batch id.
    ///   - page: The page, from 1.
    /// - Returns: The page.
    func mmsDeliveryStatus(batch batchID: String, page: Int) async throws -> DeliveryPage

    /// Every MMS delivery report of a batch, page after page.
    ///
    /// - Parameter batchID: The batch id.
    /// - Returns: The reports as an `AsyncSequence`.
    func mmsDeliveryReports(batch batchID: String) -> DeliveryReportSequence

    /// Cancels a scheduled SMS batch.
    ///
    /// - Parameter batchID: The batch id.
    /// - Returns: The messages cancelled and the points refunded.
    @discardableResult
    func cancelBooking(batch batchID: String) async throws -> CancelResult

    /// Cancels a scheduled MMS batch.
    ///
    /// - Parameter batchID: The batch id.
    /// - Returns: The messages cancelled and the points refunded.
    @discardableResult
    func cancelMMSBooking(batch batchID: String) async throws -> CancelResult
}

extension Every8DSOAPClient: Every8DMessaging {}

extension Every8DClient: Every8DMessaging {
    /// One page of SMS delivery reports in JSON, the default format; see
    /// ``deliveryStatus(batch:page:format:)``.
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the send's receipt.
    ///   - page: The page, from 1.
    /// - Returns: The page.
    public func deliveryStatus(batch batchID: String, page: Int) async throws -> DeliveryPage {
        try await deliveryStatus(batch: batchID, page: page, format: .json)
    }

    /// Every SMS delivery report of a batch, in JSON; see ``deliveryReports(batch:format:)``.
    ///
    /// - Parameter batchID: The batch id from the send's receipt.
    /// - Returns: The reports.
    public func deliveryReports(batch batchID: String) -> DeliveryReportSequence {
        deliveryReports(batch: batchID, format: .json)
    }

    /// One page of MMS delivery reports in JSON; see ``mmsDeliveryStatus(batch:page:format:)``.
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the MMS send's receipt.
    ///   - page: The page, from 1.
    /// - Returns: The page.
    public func mmsDeliveryStatus(batch batchID: String, page: Int) async throws -> DeliveryPage {
        try await mmsDeliveryStatus(batch: batchID, page: page, format: .json)
    }

    /// Every MMS delivery report of a batch, in JSON; see ``mmsDeliveryReports(batch:format:)``.
    ///
    /// - Parameter batchID: The batch id from the MMS send's receipt.
    /// - Returns: The reports.
    public func mmsDeliveryReports(batch batchID: String) -> DeliveryReportSequence {
        mmsDeliveryReports(batch: batchID, format: .json)
    }
}
