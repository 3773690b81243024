import Foundation

/// What every EVERY8D client can do, so that code (a command-line tool, a service layer, tests)
/// can take any of them and switch between the HTTP API and the legacy SOAP API with one line.
///
/// ```swift
/// let gateway: any Every8DMessaging = useSOAP
///     ? Every8DSOAPClient(credentials: credentials)
///     : Every8DClient(credentials: credentials)
/// let receipt = try await gateway.sendSMS(to: ["0912345678"], text: "您的驗證碼 123456")
/// for try await report in gateway.deliveryReports(batch: receipt.batchID) { … }
/// ```
///
/// The clients take the same arguments, return the same models and throw the same errors
/// (`ValidationError`, ``Every8DError``, `SendOutcomeUnknownError`, `CredentialsRefusedError`,
/// transport errors; the SOAP client adds ``Every8DSOAPFault``). Through this protocol every call
/// has the concrete clients' defaults (a protocol extension turns them into the requirements'
/// ``SendOptions``).
///
/// What an API does not have is refused with a `ValidationError` naming the operation, before
/// anything is sent, never silently dropped: the SOAP API has no duplicate filter, no connection
/// check and no personalised MMS, and cannot carry an `EventID`, an `MR` or a validity for
/// personalised sends. (Replies it reads from its delivery reports, where the SOAP API puts them.)
///
/// To conform your own type (a test double, say), implement every requirement; the conveniences
/// in the extension call them.
public protocol Every8DMessaging: Sendable {
    // MARK: Sessions and the login latch

    /// Logs in now (a token or a session key), instead of on the first call.
    ///
    /// - Returns: The token or session key; its description hides the value.
    @discardableResult
    func connect() async throws -> AccessToken

    /// Asks the gateway whether the current token is alive (HTTP API only).
    ///
    /// - Returns: Whether it is; `false` without one.
    func checkConnection() async throws -> Bool

    /// Logs out: closes the current token or session key.
    ///
    /// - Returns: Whether something was closed.
    @discardableResult
    func disconnect() async throws -> Bool

    /// The gateway's refusal of these credentials that the client remembers, if any.
    func loginRefusal() async throws -> LoginRefusal?

    /// Forgets the remembered refusal, so that the next call tries the credentials again.
    func resetLoginRefusal() async throws

    // MARK: Sends

    /// Sends one text to one or more numbers.
    ///
    /// - Parameters:
    ///   - recipients: Numbers as `09xxxxxxxx` or `+` and 8–15 digits.
    ///   - text: The message.
    ///   - options: Subject, send time, validity and event id.
    /// - Returns: The receipt.
    @discardableResult
    func sendSMS(to recipients: [String], text: String, options: SendOptions) async throws -> SendReceipt

    /// Sends one text, leaving out numbers that got the same text in the last 24 hours (HTTP API only).
    ///
    /// - Parameters:
    ///   - recipients: Numbers as `09xxxxxxxx` or `+` and 8–15 digits.
    ///   - text: The message.
    ///   - options: Subject, send time, validity and event id.
    ///   - dryRun: Whether to only list the duplicates and send nothing.
    /// - Returns: The receipt with the numbers left out.
    @discardableResult
    func sendSMSFilteringDuplicates(to recipients: [String], text: String, options: SendOptions, dryRun: Bool) async throws -> DuplicateFilterReceipt

    /// Sends each recipient a text of its own.
    ///
    /// - Parameters:
    ///   - messages: One message per recipient, each with its own send time.
    ///   - options: Subject, validity and event id (a send time goes on each message instead).
    /// - Returns: The receipt for the whole request.
    @discardableResult
    func sendPersonalizedSMS(_ messages: [PersonalizedMessage], options: SendOptions) async throws -> SendReceipt

    /// Sends a template filled per recipient (`%field1%` … `%field5%`).
    ///
    /// - Parameters:
    ///   - template: The text with placeholders.
    ///   - recipients: Each recipient with up to five values.
    ///   - options: Subject, validity and event id (a send time goes on each recipient instead).
    /// - Returns: The receipt for the whole request.
    @discardableResult
    func sendTemplateSMS(template: String, recipients: [TemplateRecipient], options: SendOptions) async throws -> SendReceipt

    /// Sends one MMS to one or more Taiwan numbers.
    ///
    /// - Parameters:
    ///   - recipients: Taiwan numbers.
    ///   - text: The text under the picture (may be empty).
    ///   - attachment: The picture.
    ///   - options: The subject shown on the phone (may be empty), send time, validity, event id.
    /// - Returns: The receipt.
    @discardableResult
    func sendMMS(to recipients: [String], text: String, attachment: MMSAttachment, options: SendOptions) async throws -> SendReceipt

    /// Sends each recipient an MMS with a text of its own and the same picture (HTTP API only).
    ///
    /// - Parameters:
    ///   - messages: One message per recipient.
    ///   - attachment: The picture.
    ///   - options: Subject, validity and event id.
    /// - Returns: The receipt for the whole request.
    @discardableResult
    func sendPersonalizedMMS(_ messages: [PersonalizedMessage], attachment: MMSAttachment, options: SendOptions) async throws -> SendReceipt

    /// Sends an MMS template filled per recipient, with the same picture (HTTP API only).
    ///
    /// - Parameters:
    ///   - template: The text with placeholders.
    ///   - recipients: Each recipient with up to five values.
    ///   - attachment: The picture.
    ///   - options: Subject, validity and event id.
    /// - Returns: The receipt for the whole request.
    @discardableResult
    func sendTemplateMMS(template: String, recipients: [TemplateRecipient], attachment: MMSAttachment, options: SendOptions) async throws -> SendReceipt

    // MARK: Queries and cancellations

    /// The account's credit in points.
    func credit() async throws -> Decimal

    /// One page of delivery reports for a batch.
    ///
    /// - Parameters:
    ///   - batchID: The batch id.
    ///   - page: The page, from 1.
    ///   - kind: SMS or MMS.
    ///   - format: The wire format, or `nil` for the API's default.
    /// - Returns: The page.
    func deliveryReportPage(batch batchID: String, page: Int, kind: MessageKind, format: DeliveryReportFormat?) async throws -> DeliveryPage

    /// Every delivery report of a batch, page after page.
    ///
    /// - Parameters:
    ///   - batchID: The batch id.
    ///   - kind: SMS or MMS.
    ///   - format: The wire format, or `nil` for the API's default.
    /// - Returns: The reports as an `AsyncSequence`.
    func deliveryReports(batch batchID: String, kind: MessageKind, format: DeliveryReportFormat?) -> DeliveryReportSequence

    /// One page of replies (MO) to an SMS batch (over SOAP: those that came with one page of
    /// delivery reports).
    ///
    /// - Parameters:
    ///   - batchID: The batch id.
    ///   - page: The page, from 1.
    ///   - format: The wire format, or `nil` for JSON.
    /// - Returns: The page.
    func replyPage(batch batchID: String, page: Int, format: ReplyFormat?) async throws -> ReplyPage

    /// Every reply (MO) to an SMS batch, page after page.
    ///
    /// - Parameters:
    ///   - batchID: The batch id.
    ///   - format: The wire format, or `nil` for JSON.
    /// - Returns: The replies as an `AsyncSequence`.
    func replies(batch batchID: String, format: ReplyFormat?) -> ReplySequence

    /// Cancels a scheduled batch.
    ///
    /// - Parameters:
    ///   - batchID: The batch id.
    ///   - kind: SMS or MMS.
    /// - Returns: The messages cancelled and the points refunded.
    @discardableResult
    func cancelBooking(batch batchID: String, kind: MessageKind) async throws -> CancelResult
}

/// The optional parts of a send: what the clients' send methods take as defaulted arguments.
public struct SendOptions: Sendable, Hashable {
    /// A label for your records (`SB`); for an MMS, the subject shown on the phone.
    public var subject: String
    /// When to send (`ST`, Taiwan time on the wire); `nil` sends now.
    public var sendTime: Date?
    /// How long the gateway keeps trying, in whole minutes (`RETRYTIME`); `nil` for its default (1440).
    public var validity: Duration?
    /// An interactive-reply channel (`EventID`, HTTP API only).
    public var eventID: String?
    /// Your id for this send: the same key with the same request never sends twice (see the
    /// clients' `sendSMS(…idempotencyKey:)`).
    public var idempotencyKey: String?

    /// Creates options; every argument has the send methods' default.
    public init(subject: String = "", sendTime: Date? = nil, validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil) {
        self.subject = subject
        self.sendTime = sendTime
        self.validity = validity
        self.eventID = eventID
        self.idempotencyKey = idempotencyKey
    }

    /// Refuses a send time for personalised sends, which take one per recipient.
    func noCommonSendTime(field: String = "ST") throws {
        guard let sendTime else { return }
        throw ValidationError(field: field, value: TaiwanTime.compact(sendTime),
                              reason: "personalised and template sends take a send time per recipient (sendAt), not one for all")
    }
}

extension Every8DMessaging {
    /// Sends one text to one or more numbers; see ``Every8DClient/sendSMS(to:text:subject:at:validity:eventID:idempotencyKey:)-([String],_,_,_,_,_,_)``.
    @discardableResult
    public func sendSMS(to recipients: [String], text: String, subject: String = "", at sendTime: Date? = nil,
                        validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil) async throws -> SendReceipt {
        try await sendSMS(to: recipients, text: text, options: SendOptions(subject: subject, sendTime: sendTime, validity: validity, eventID: eventID, idempotencyKey: idempotencyKey))
    }

    /// Sends one text through the duplicate filter; see ``Every8DClient/sendSMSFilteringDuplicates(to:text:subject:at:validity:eventID:dryRun:idempotencyKey:)``.
    @discardableResult
    public func sendSMSFilteringDuplicates(to recipients: [String], text: String, subject: String = "", at sendTime: Date? = nil,
                                           validity: Duration? = nil, eventID: String? = nil, dryRun: Bool = false,
                                           idempotencyKey: String? = nil) async throws -> DuplicateFilterReceipt {
        try await sendSMSFilteringDuplicates(to: recipients, text: text, options: SendOptions(subject: subject, sendTime: sendTime, validity: validity, eventID: eventID, idempotencyKey: idempotencyKey),
                                             dryRun: dryRun)
    }

    /// Sends each recipient a text of its own; see ``Every8DClient/sendPersonalizedSMS(_:subject:validity:eventID:idempotencyKey:)``.
    @discardableResult
    public func sendPersonalizedSMS(_ messages: [PersonalizedMessage], subject: String = "", validity: Duration? = nil,
                                    eventID: String? = nil, idempotencyKey: String? = nil) async throws -> SendReceipt {
        try await sendPersonalizedSMS(messages, options: SendOptions(subject: subject, validity: validity, eventID: eventID, idempotencyKey: idempotencyKey))
    }

    /// Sends a template filled per recipient; see ``Every8DClient/sendTemplateSMS(template:recipients:subject:validity:eventID:idempotencyKey:)``.
    @discardableResult
    public func sendTemplateSMS(template: String, recipients: [TemplateRecipient], subject: String = "", validity: Duration? = nil,
                                eventID: String? = nil, idempotencyKey: String? = nil) async throws -> SendReceipt {
        try await sendTemplateSMS(template: template, recipients: recipients, options: SendOptions(subject: subject, validity: validity, eventID: eventID, idempotencyKey: idempotencyKey))
    }

    /// Sends one MMS; see ``Every8DClient/sendMMS(to:subject:text:attachment:at:validity:eventID:idempotencyKey:)``.
    @discardableResult
    public func sendMMS(to recipients: [String], subject: String = "", text: String = "", attachment: MMSAttachment, at sendTime: Date? = nil,
                        validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil) async throws -> SendReceipt {
        try await sendMMS(to: recipients, text: text, attachment: attachment,
                          options: SendOptions(subject: subject, sendTime: sendTime, validity: validity, eventID: eventID, idempotencyKey: idempotencyKey))
    }

    /// Sends each recipient an MMS with its own text; see ``Every8DClient/sendPersonalizedMMS(_:subject:attachment:validity:eventID:idempotencyKey:)``.
    @discardableResult
    public func sendPersonalizedMMS(_ messages: [PersonalizedMessage], subject: String = "", attachment: MMSAttachment,
                                    validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil) async throws -> SendReceipt {
        try await sendPersonalizedMMS(messages, attachment: attachment, options: SendOptions(subject: subject, validity: validity, eventID: eventID, idempotencyKey: idempotencyKey))
    }

    /// Sends an MMS template filled per recipient; see ``Every8DClient/sendTemplateMMS(template:recipients:subject:attachment:validity:eventID:idempotencyKey:)``.
    @discardableResult
    public func sendTemplateMMS(template: String, recipients: [TemplateRecipient], subject: String = "", attachment: MMSAttachment,
                                validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil) async throws -> SendReceipt {
        try await sendTemplateMMS(template: template, recipients: recipients, attachment: attachment,
                                  options: SendOptions(subject: subject, validity: validity, eventID: eventID, idempotencyKey: idempotencyKey))
    }

    /// One page of delivery reports in the API's default format.
    public func deliveryReportPage(batch batchID: String, page: Int = 1, kind: MessageKind = .sms) async throws -> DeliveryPage {
        try await deliveryReportPage(batch: batchID, page: page, kind: kind, format: nil)
    }

    /// Every delivery report of a batch, in the API's default format.
    public func deliveryReports(batch batchID: String, kind: MessageKind = .sms) -> DeliveryReportSequence {
        deliveryReports(batch: batchID, kind: kind, format: nil)
    }

    /// One page of replies in JSON.
    public func replyPage(batch batchID: String, page: Int = 1) async throws -> ReplyPage {
        try await replyPage(batch: batchID, page: page, format: nil)
    }

    /// Every reply to an SMS batch, in JSON.
    public func replies(batch batchID: String) -> ReplySequence {
        replies(batch: batchID, format: nil)
    }

    /// Cancels a scheduled SMS batch.
    @discardableResult
    public func cancelBooking(batch batchID: String) async throws -> CancelResult {
        try await cancelBooking(batch: batchID, kind: .sms)
    }
}

extension Every8DClient: Every8DMessaging {
    @discardableResult
    public func sendSMS(to recipients: [String], text: String, options: SendOptions) async throws -> SendReceipt {
        try await sendSMS(to: recipients, text: text, subject: options.subject, at: options.sendTime, validity: options.validity, eventID: options.eventID, idempotencyKey: options.idempotencyKey)
    }

    @discardableResult
    public func sendSMSFilteringDuplicates(to recipients: [String], text: String, options: SendOptions, dryRun: Bool) async throws -> DuplicateFilterReceipt {
        try await sendSMSFilteringDuplicates(to: recipients, text: text, subject: options.subject, at: options.sendTime,
                                             validity: options.validity, eventID: options.eventID, dryRun: dryRun,
                                             idempotencyKey: options.idempotencyKey)
    }

    @discardableResult
    public func sendPersonalizedSMS(_ messages: [PersonalizedMessage], options: SendOptions) async throws -> SendReceipt {
        try options.noCommonSendTime()
        return try await sendPersonalizedSMS(messages, subject: options.subject, validity: options.validity, eventID: options.eventID, idempotencyKey: options.idempotencyKey)
    }

    @discardableResult
    public func sendTemplateSMS(template: String, recipients: [TemplateRecipient], options: SendOptions) async throws -> SendReceipt {
        try options.noCommonSendTime()
        return try await sendTemplateSMS(template: template, recipients: recipients, subject: options.subject, validity: options.validity,
                                         eventID: options.eventID, idempotencyKey: options.idempotencyKey)
    }

    @discardableResult
    public func sendMMS(to recipients: [String], text: String, attachment: MMSAttachment, options: SendOptions) async throws -> SendReceipt {
        try await sendMMS(to: recipients, subject: options.subject, text: text, attachment: attachment, at: options.sendTime,
                          validity: options.validity, eventID: options.eventID, idempotencyKey: options.idempotencyKey)
    }

    @discardableResult
    public func sendPersonalizedMMS(_ messages: [PersonalizedMessage], attachment: MMSAttachment, options: SendOptions) async throws -> SendReceipt {
        try options.noCommonSendTime()
        return try await sendPersonalizedMMS(messages, subject: options.subject, attachment: attachment, validity: options.validity,
                                             eventID: options.eventID, idempotencyKey: options.idempotencyKey)
    }

    @discardableResult
    public func sendTemplateMMS(template: String, recipients: [TemplateRecipient], attachment: MMSAttachment,
                                options: SendOptions) async throws -> SendReceipt {
        try options.noCommonSendTime()
        return try await sendTemplateMMS(template: template, recipients: recipients, subject: options.subject, attachment: attachment,
                                         validity: options.validity, eventID: options.eventID, idempotencyKey: options.idempotencyKey)
    }
}

extension Every8DSOAPClient: Every8DMessaging {
    @discardableResult
    public func sendSMS(to recipients: [String], text: String, options: SendOptions) async throws -> SendReceipt {
        try await sendSMS(to: recipients, text: text, subject: options.subject, at: options.sendTime, validity: options.validity, eventID: options.eventID, idempotencyKey: options.idempotencyKey)
    }

    @discardableResult
    public func sendPersonalizedSMS(_ messages: [PersonalizedMessage], options: SendOptions) async throws -> SendReceipt {
        try options.noCommonSendTime()
        return try await sendPersonalizedSMS(messages, subject: options.subject, validity: options.validity, eventID: options.eventID, idempotencyKey: options.idempotencyKey)
    }

    @discardableResult
    public func sendTemplateSMS(template: String, recipients: [TemplateRecipient], options: SendOptions) async throws -> SendReceipt {
        try options.noCommonSendTime()
        return try await sendTemplateSMS(template: template, recipients: recipients, subject: options.subject, validity: options.validity,
                                         eventID: options.eventID, idempotencyKey: options.idempotencyKey)
    }

    @discardableResult
    public func sendMMS(to recipients: [String], text: String, attachment: MMSAttachment, options: SendOptions) async throws -> SendReceipt {
        try await sendMMS(to: recipients, subject: options.subject, text: text, attachment: attachment, at: options.sendTime,
                          validity: options.validity, eventID: options.eventID, idempotencyKey: options.idempotencyKey)
    }

    /// The SOAP API has no duplicate filter: refused before anything is sent.
    public func sendSMSFilteringDuplicates(to recipients: [String], text: String, options: SendOptions, dryRun: Bool) async throws -> DuplicateFilterReceipt {
        throw Self.unsupported("sendSMSFilteringDuplicates", "has no duplicate filter")
    }

    /// The SOAP API has no personalised MMS: refused before anything is sent.
    public func sendPersonalizedMMS(_ messages: [PersonalizedMessage], attachment: MMSAttachment, options: SendOptions) async throws -> SendReceipt {
        throw Self.unsupported("sendPersonalizedMMS", "has no personalised MMS")
    }

    /// The SOAP API has no template MMS: refused before anything is sent.
    public func sendTemplateMMS(template: String, recipients: [TemplateRecipient], attachment: MMSAttachment,
                                options: SendOptions) async throws -> SendReceipt {
        throw Self.unsupported("sendTemplateMMS", "has no template MMS")
    }

    /// The SOAP API has no connection check: refused before anything is sent.
    public func checkConnection() async throws -> Bool {
        throw Self.unsupported("checkConnection", "has no connection check")
    }

    /// The replies (MO) that came with one page of SMS delivery reports (`getDeliveryStatus`
    /// carries them in `REPLY_SMS`; the SOAP API has no reply query of its own): page `page` of the
    /// delivery log, up to 1000 messages, and every reply to them.
    ///
    /// - Throws: `ValidationError` for a `format` (the SOAP API has none to choose); otherwise as
    ///   ``deliveryReportPage(batch:page:kind:format:)``.
    public func replyPage(batch batchID: String, page: Int, format: ReplyFormat?) async throws -> ReplyPage {
        if let format { throw ValidationError(field: "format", value: "\(format)", reason: "the SOAP API has no reply formats; replies come with the delivery reports") }
        let reports = try await deliveryReportPage(batch: batchID, page: page, kind: .sms, format: nil)
        let replies = Self.replies(in: reports.reports)
        return ReplyPage(totalCount: replies.count, batchID: reports.batchID, replies: replies)
    }

    /// Every reply (MO) to an SMS batch, read from its delivery reports (`REPLY_SMS`): the SOAP API
    /// has no reply query of its own. The whole delivery log is read on the first `next()`.
    public func replies(batch batchID: String, format: ReplyFormat?) -> ReplySequence {
        ReplySequence { page in
            guard page == 1 else { return ReplyPage(totalCount: 0, replies: []) }
            if let format { throw ValidationError(field: "format", value: "\(format)", reason: "the SOAP API has no reply formats; replies come with the delivery reports") }
            var replies: [Reply] = []
            for try await report in deliveryReports(batch: batchID, kind: .sms, format: nil) { replies += Self.replies(in: [report]) }
            return ReplyPage(totalCount: replies.count, batchID: batchID, replies: replies)
        }
    }

    private static func replies(in reports: [DeliveryReport]) -> [Reply] {
        reports.flatMap { report in
            report.replies.map { Reply(name: report.name, mobile: report.mobile, text: $0.text, receivedAt: $0.receivedAt,
                                       messageReference: report.messageReference) }
        }
    }

    static func unsupported(_ operation: String, _ what: String) -> ValidationError {
        ValidationError(field: "operation", value: operation, reason: "the SOAP API \(what); use Every8DClient (API 2.1 over HTTP)")
    }
}
