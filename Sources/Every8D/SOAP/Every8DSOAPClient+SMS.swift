import Foundation

extension Every8DSOAPClient {
    /// Sends one text to one or more numbers: `sendSMS`, or `sendMessage` when a validity is given.
    ///
    /// The same checks as ``Every8DClient/sendSMS(to:text:subject:at:validity:eventID:idempotencyKey:)-([String],_,_,_,_,_,_)`` run
    /// first, with the same field names (`DEST[i]`, `MSG`, `SB`, `ST`, `RETRYTIME`). Parameters, in
    /// order: `sessionKey`, `subject`, `content`, `mobile` (numbers joined with commas),
    /// `sendTime` (`yyyyMMddHHmmss` Taiwan time, empty for now), then `retryTime` (minutes) for
    /// `sendMessage`. Points as in ``CostEstimator``.
    ///
    /// - Parameters:
    ///   - recipients: Numbers as `09xxxxxxxx` (sent as `+8869xxxxxxxx` by default) or `+` and 8–15 digits.
    ///   - text: The message.
    ///   - subject: A label for your records, not sent to the phones (default empty).
    ///   - sendTime: When to send; `nil` sends now. Must be in the future.
    ///   - validity: How long the gateway keeps trying, in whole minutes; `nil` uses `sendSMS`
    ///     and the gateway's default of 1440 minutes, a value uses `sendMessage`.
    ///   - eventID: Not available over SOAP: must be `nil` (a value is refused with a
    ///     `ValidationError` for `EventID`; use ``Every8DClient`` for interactive replies).
    ///   - idempotencyKey: Your id for this send (at most 255 bytes): the same key with the same
    ///     request never sends twice; a repeat returns the first receipt. After an unknown outcome
    ///     the SOAP API cannot show what went out, so a repeat throws `SendOutcomeUnknownError`.
    /// - Returns: The receipt, with the batch id to query or cancel.
    /// - Throws: `ValidationError` before sending; ``Every8DError`` when the gateway refuses
    ///   (nothing was sent); `SendOutcomeUnknownError` when it may have been sent but no answer
    ///   was read (never repeated automatically); ``Every8DSOAPFault`` when the server refused the
    ///   envelope; `TransportError` or `HTTPStatusError` when it provably was not sent.
    @discardableResult
    public func sendSMS(
        to recipients: [String], text: String, subject: String = "", at sendTime: Date? = nil,
        validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil
    ) async throws -> SendReceipt {
        try Self.refuseEventID(eventID)
        let message = try SMSMessage(
            recipients: recipients, text: text, subject: subject, sendTime: sendTime, validity: validity,
            eventID: nil, configuration: configuration.validationConfiguration)
        try SOAPText.check(text, field: "MSG")
        try SOAPText.check(subject, field: "SB")
        let context = SendContext(message, advice: SendContext.soapAdvice)
        var values = [message.subject, message.text, message.recipients.joined(separator: ","), message.sendTime]
        let method: SOAPMethod
        if validity != nil {
            method = .sendMessage
            values.append(String(message.validityMinutes))
        } else {
            method = .sendSMS
        }
        return try await performSend(method, context: context, values: values, idempotencyKey: idempotencyKey) { result in
            try Every8DResponseParser.sendReceipt(Data(result.utf8), operation: method.operation)
        }
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

    static func refuseEventID(_ eventID: String?) throws {
        guard eventID == nil else {
            throw ValidationError(field: "EventID", reason: "the SOAP API has no EventID; use Every8DClient for interactive replies")
        }
    }
}

extension SendContext {
    /// For SOAP sends: the records (the SOAP API has no duplicate filter).
    static let soapAdvice = "Before sending again, look for this send in the EVERY8D records (the web console lists batches "
        + "by subject and time), or ask for its delivery status if you know the batch id."
}
