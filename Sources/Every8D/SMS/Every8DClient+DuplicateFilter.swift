import Foundation

extension Every8DClient {
    /// Sends one text to one or more numbers, leaving out every number that already received the
    /// same text in the last 24 hours (`SendSMS4FilterMessage.ashx`).
    ///
    /// With `dryRun: true` (`IsSend=false`) nothing is sent: the answer lists which numbers would be
    /// left out, each with the batch that already reached it. A dry run is safe to repeat and is
    /// retried like a read.
    ///
    /// This call is also the way to settle a `SendOutcomeUnknownError`: repeat the same text as a
    /// dry run, and the numbers it lists already have the message. If this call itself ends in
    /// `SendOutcomeUnknownError`, do exactly that before sending again.
    ///
    /// Body fields, in order: (`UID`, `PWD`), `SB`, `MSG`, `DEST`, `ST`, `RETRYTIME`, `IsSend`
    /// (`true`/`false`), then `EventID` when given.
    ///
    /// - Parameters:
    ///   - recipients: Numbers as `09xxxxxxxx` or `+` and 8–15 digits.
    ///   - text: The message; duplicates are judged on this exact text.
    ///   - subject: A label for your records (`SB`).
    ///   - sendTime: When to send; `nil` sends now. Must be in the future.
    ///   - validity: How long the gateway keeps trying, in whole minutes (default 1440).
    ///   - eventID: An interactive-reply channel (`EventID`).
    ///   - dryRun: `true` to only find the duplicates (`IsSend=false`).
    ///   - idempotencyKey: Your id for this send (not for a dry run): the same key with the same
    ///     request never sends twice. After an unknown outcome the send is simply made again: the
    ///     gateway leaves out whoever already got the text in the last 24 hours.
    /// - Returns: The receipt with the numbers left out; ``DuplicateFilterReceipt/batchID`` is `nil`
    ///   when nothing was sent.
    /// - Throws: `ValidationError` before sending; ``Every8DError`` when the gateway refuses
    ///   (`-98` lists numbers it refused); `SendOutcomeUnknownError` when it may have been sent.
    @discardableResult
    public func sendSMSFilteringDuplicates(
        to recipients: [String], text: String, subject: String = "", at sendTime: Date? = nil,
        validity: Duration? = nil, eventID: String? = nil, dryRun: Bool = false, idempotencyKey: String? = nil
    ) async throws -> DuplicateFilterReceipt {
        if dryRun, let idempotencyKey {
            throw ValidationError(field: "idempotencyKey", value: idempotencyKey, reason: "a dry run sends nothing; a key belongs to a send")
        }
        let message = try SMSMessage(
            recipients: recipients, text: text, subject: subject, sendTime: sendTime, validity: validity,
            eventID: eventID, configuration: configuration)
        let advice = "Repeat this call with dryRun: true (IsSend=false) and the same text: the numbers it lists as filtered "
            + "already received this text in the last 24 hours. Send again only to the others."
        let fields = message.fieldsWith([FormField("IsSend", dryRun ? "false" : "true")])
        let parse: @Sendable (Data) throws -> DuplicateFilterReceipt = { data in
            try Every8DResponseParser.duplicateFilterReceipt(data, operation: .sendSMSFilteringDuplicates)
        }
        if dryRun {
            return try await perform(.sendSMSFilteringDuplicates, rule: .read, body: .form(fields), parse: parse)
        }
        let context = SendContext(message, advice: advice)
        return try await performSend(
            .sendSMSFilteringDuplicates, context: context, body: .form(fields), idempotencyKey: idempotencyKey, facts: \.facts,
            reconcile: { earlier in
                // The filter is the proof: sent again, it leaves out whoever already has the text.
                guard message.sendTime.isEmpty, configuration.now().timeIntervalSince(earlier.createdAt) < 23 * 3600 else {
                    return .unproven(Self.stillUnknown(.sendSMSFilteringDuplicates, context: context, earlier: earlier))
                }
                return .settled(try await perform(.sendSMSFilteringDuplicates, rule: .send(context), body: .form(fields), facts: \.facts, parse: parse))
            },
            parse: parse)
    }
}
