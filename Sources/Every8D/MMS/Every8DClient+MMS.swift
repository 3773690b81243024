import Foundation

extension Every8DClient {
    /// Sends one MMS (a picture with an optional text) to one or more Taiwan numbers
    /// (`MMS/SendMMS.ashx`).
    ///
    /// Points: 3 per message up to 50 KB of picture and text, 5 up to 300 KB (see ``CostEstimator``).
    ///
    /// Body fields, in order: (`UID`, `PWD`), `SB`, `MSG`, `DEST`, `ST`, `RETRYTIME`, `ATTACHMENT`
    /// (base64), `TYPE` (`jpg`, `png` or `gif`, from the picture's bytes), then `EventID` when given.
    ///
    /// - Parameters:
    ///   - recipients: Taiwan numbers (`09xxxxxxxx` or `+886…`); MMS does not go abroad.
    ///   - subject: Shown on the phone; may be empty (default): up to 15 characters, or 39 if ASCII only (`SB`).
    ///   - text: The text under the picture, up to 4000 characters (`MSG`, may be empty).
    ///   - attachment: The picture; with the text at most 300 KB.
    ///   - sendTime: When to send; `nil` sends now. Must be in the future.
    ///   - validity: How long the gateway keeps trying, in whole minutes (default 1440).
    ///   - eventID: An interactive-reply channel (`EventID`).
    ///   - idempotencyKey: Your id for this send (at most 255 bytes): the same key with the same
    ///     request never sends twice (see ``sendSMS(to:text:subject:at:validity:eventID:idempotencyKey:)-([String],_,_,_,_,_,_)``);
    ///     after an unknown outcome this send has no proof of what went out, so a repeat throws
    ///     `SendOutcomeUnknownError` instead of sending.
    /// - Returns: The receipt, with the batch id to query or cancel.
    /// - Throws: `ValidationError` before sending; ``Every8DError`` when the gateway refuses;
    ///   `SendOutcomeUnknownError` when it may have been sent (never repeated automatically).
    @discardableResult
    public func sendMMS(
        to recipients: [String], subject: String = "", text: String = "", attachment: MMSAttachment, at sendTime: Date? = nil,
        validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil
    ) async throws -> SendReceipt {
        let numbers = try MobileNumber.recipients(recipients, normalizeTaiwan: configuration.normalizesTaiwanNumbers)
        try MMSValidation.taiwanOnly(numbers) { "DEST[\($0 + 1)]" }
        try MMSValidation.subject(subject, api: .http)
        try MMSValidation.text(text, attachment: attachment)
        let st = try SendValidation.sendTime(sendTime, now: configuration.now())
        let minutes = try SendValidation.validityMinutes(validity)
        let event = try SendValidation.eventID(eventID)
        var fields = [
            FormField("SB", subject), FormField("MSG", text), FormField("DEST", numbers.joined(separator: ",")),
            FormField("ST", st), FormField("RETRYTIME", String(minutes)),
            FormField("ATTACHMENT", attachment.base64), FormField("TYPE", attachment.type.rawValue),
        ]
        if let event { fields.append(FormField("EventID", event)) }
        var references = ["SB": subject]
        if !st.isEmpty { references["ST"] = st }
        let context = SendContext(recipients: numbers, references: references, advice: SendContext.mmsAdvice)
        return try await performSend(.sendMMS, context: context, body: .form(fields), idempotencyKey: idempotencyKey, facts: \.facts,
                                     replayed: { receipt in var replay = receipt; replay.origin = .ledger; return replay }) { data in
            try Every8DResponseParser.sendReceipt(data, operation: .sendMMS)
        }
    }
}
