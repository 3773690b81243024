import Foundation

extension Every8DClient {
    /// Sends one text to one or more numbers (`SendSMS.ashx`).
    ///
    /// The gateway sends up to 333 characters as one long message and splits longer texts; see
    /// ``CostEstimator`` for the points. International numbers need international SMS enabled on
    /// the account.
    ///
    /// Body fields, in order: (`UID`, `PWD` in password mode), `SB`, `MSG`, `DEST` (numbers joined
    /// with commas), `ST` (empty for now), `RETRYTIME`, then `EventID` when given.
    ///
    /// - Parameters:
    ///   - recipients: Numbers as `09xxxxxxxx` (sent as `+8869xxxxxxxx` by default) or `+` and 8–15 digits.
    ///   - text: The message.
    ///   - subject: A label for your records, not sent to the phones (`SB`, default empty).
    ///   - sendTime: When to send (`ST`, Taiwan time on the wire); `nil` sends now. Must be in the future.
    ///   - validity: How long the gateway keeps trying, in whole minutes (`RETRYTIME`, default 1440).
    ///   - eventID: An interactive-reply channel (`EventID`; `"-1"` for the default channel); the
    ///     gateway adds a 17-character link to the text.
    ///   - idempotencyKey: Your id for this send (an order number, a job id; at most 255 bytes): the
    ///     same key with the same request never sends twice, also across processes sharing
    ///     ``Configuration/sendLedger``. A repeat returns the first receipt (``SendReceipt/origin``
    ///     `.ledger`); after an unknown outcome the duplicate filter's dry run shows who already got
    ///     the text and only the others are sent (`.reconciled`); without proof (a booking, an earlier
    ///     attempt over a day old) `SendOutcomeUnknownError` again. See "Sending exactly once".
    /// - Returns: The receipt, with the batch id to query or cancel.
    /// - Throws: `ValidationError` before sending; ``Every8DError`` when the gateway refuses (nothing
    ///   was sent); `SendOutcomeUnknownError` when it may have been sent but no answer was read
    ///   (never repeated automatically); `TransportError` or `HTTPStatusError` when it provably was
    ///   not sent.
    @discardableResult
    public func sendSMS(
        to recipients: [String], text: String, subject: String = "", at sendTime: Date? = nil,
        validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil
    ) async throws -> SendReceipt {
        let message = try SMSMessage(
            recipients: recipients, text: text, subject: subject, sendTime: sendTime, validity: validity,
            eventID: eventID, configuration: configuration)
        let context = SendContext(message, advice: SendContext.defaultAdvice)
        return try await performSend(
            .sendSMS, context: context, body: .form(message.fields), idempotencyKey: idempotencyKey, facts: \.facts,
            reconcile: { earlier in try await reconcile(message, context: context, earlier: earlier) },
            replayed: { receipt in var replay = receipt; replay.origin = .ledger; return replay }
        ) { data in
            try Every8DResponseParser.sendReceipt(data, operation: .sendSMS)
        }
    }

    /// After an earlier keyed attempt with an unknown outcome: the duplicate filter's dry run
    /// lists who already received this exact text in the last 24 hours; only the others are sent,
    /// through the filtered send (which filters again on the gateway). Without that proof (a
    /// booking, an attempt over a day old) the outcome stays unknown.
    private func reconcile(_ message: SMSMessage, context: SendContext, earlier: LedgerEntry) async throws -> IdempotentSend<SendReceipt>.Reconciliation {
        let age = configuration.now().timeIntervalSince(earlier.createdAt)
        guard message.sendTime.isEmpty, age < 23 * 3600 else {
            return .unproven(Self.stillUnknown(.sendSMS, context: context, earlier: earlier))
        }
        let check = try await sendSMSFilteringDuplicates(
            to: message.recipients, text: message.text, subject: message.subject, validity: .seconds(Int64(message.validityMinutes) * 60),
            eventID: message.eventID, dryRun: true)
        let already = Set(check.filtered.compactMap { try? MobileNumber($0.mobile) })
        let missing = message.recipients.filter { number in !already.contains { (try? MobileNumber(number)) == $0 } }
        if missing.isEmpty, let earlierBatch = check.filtered.first?.earlierBatchID {
            return .settled(SendReceipt(credit: 0, sent: message.recipients.count, cost: 0, unsent: 0, batchID: earlierBatch, origin: .reconciled))
        }
        let rest = try await sendSMSFilteringDuplicates(
            to: missing, text: message.text, subject: message.subject, validity: .seconds(Int64(message.validityMinutes) * 60),
            eventID: message.eventID)
        guard var receipt = rest.sendReceipt else {
            // Everything was filtered after all: the others received it meanwhile.
            return .settled(SendReceipt(credit: rest.credit, sent: message.recipients.count, cost: 0, unsent: 0,
                                        batchID: rest.filtered.first?.earlierBatchID ?? check.filtered.first?.earlierBatchID ?? "", origin: .reconciled))
        }
        receipt.origin = .reconciled
        return .settled(receipt)
    }

    /// Sends one text to one number; see ``sendSMS(to:text:subject:at:validity:eventID:idempotencyKey:)-([String],_,_,_,_,_,_)``.
    @discardableResult
    public func sendSMS(
        to recipient: String, text: String, subject: String = "", at sendTime: Date? = nil,
        validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil
    ) async throws -> SendReceipt {
        try await sendSMS(to: [recipient], text: text, subject: subject, at: sendTime, validity: validity, eventID: eventID,
                          idempotencyKey: idempotencyKey)
    }
}

/// A checked SMS send, as the form endpoints take it.
struct SMSMessage: Sendable {
    let recipients: [String]
    let text: String
    let subject: String
    let sendTime: String
    let validityMinutes: Int
    let eventID: String?

    init(recipients: [String], text: String, subject: String, sendTime: Date?, validity: Duration?,
         eventID: String?, configuration: Every8DClient.Configuration) throws {
        self.recipients = try MobileNumber.recipients(recipients, normalizeTaiwan: configuration.normalizesTaiwanNumbers)
        try SendValidation.text(text)
        try SendValidation.subject(subject)
        self.text = text
        self.subject = subject
        self.sendTime = try SendValidation.sendTime(sendTime, now: configuration.now())
        self.validityMinutes = try SendValidation.validityMinutes(validity)
        self.eventID = try SendValidation.eventID(eventID)
    }

    /// `SB MSG DEST ST RETRYTIME`; `extra` goes before `EventID`, which comes last when given.
    func fieldsWith(_ extra: [FormField]) -> [FormField] {
        var fields = [
            FormField("SB", subject), FormField("MSG", text),
            FormField("DEST", recipients.count == 1 ? recipients[0] : recipients.joined(separator: ",")),
            FormField("ST", sendTime), FormField("RETRYTIME", SendValidation.minutesText(validityMinutes)),
        ]
        fields += extra
        if let eventID { fields.append(FormField("EventID", eventID)) }
        return fields
    }

    var fields: [FormField] { fieldsWith([]) }

    /// What identifies this send in the gateway's records.
    var references: [String: String] {
        var references = ["SB": subject]
        if !sendTime.isEmpty { references["ST"] = sendTime }
        if let eventID { references["EventID"] = eventID }
        return references
    }
}
