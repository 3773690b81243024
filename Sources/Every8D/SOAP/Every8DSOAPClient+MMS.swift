import Foundation
@_spi(SMSInternals) import SMSTransport

extension Every8DSOAPClient {
    /// Sends one MMS (a picture with an optional text) to one or more Taiwan numbers (`sendMMS`
    /// on `MMS.asmx`).
    ///
    /// The same checks as ``Every8DClient/sendMMS(to:subject:text:attachment:at:validity:eventID:idempotencyKey:)``
    /// run first, with the same field names. The SOAP document lists JPEG and PNG only, so a GIF
    /// is refused. Parameters, in order: `sessionKey`, `subject`, `content`, `mobile`, `sendTime`,
    /// `retryTime` (minutes, default 1440), `attachment` (the picture base64-encoded, then
    /// percent-encoded, as the document asks: "base64 encoded + urlEncode"), `type` (`jpg` or `png`).
    ///
    /// - Parameters:
    ///   - recipients: Taiwan numbers (`09xxxxxxxx` or `+886…`); MMS does not go abroad.
    ///   - subject: Shown on the phone; may be empty (default): up to 15 characters, or 95 if ASCII only (the SOAP API's limit).
    ///   - text: The text under the picture, up to 4000 characters (may be empty).
    ///   - attachment: A JPEG or PNG picture; with the text at most 300 KB.
    ///   - sendTime: When to send; `nil` sends now. Must be in the future.
    ///   - validity: How long the gateway keeps trying, in whole minutes (default 1440).
    ///   - eventID: Must be `nil` (refused for `EventID`).
    ///   - idempotencyKey: Your id for this send (at most 255 bytes): the same key with the same
    ///     request never sends twice; a repeat returns the first receipt. After an unknown outcome
    ///     the SOAP API cannot show what went out, so a repeat throws `SendOutcomeUnknownError`.
    /// - Returns: The receipt, with the batch id to query or cancel.
    /// - Throws: `ValidationError` before sending; ``Every8DError`` when the gateway refuses;
    ///   `SendOutcomeUnknownError` when it may have been sent (never repeated automatically);
    ///   ``Every8DSOAPFault``; `TransportError` or `HTTPStatusError` when it provably was not sent.
    @discardableResult
    public func sendMMS(
        to recipients: [String], subject: String = "", text: String = "", attachment: MMSAttachment, at sendTime: Date? = nil,
        validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil
    ) async throws -> SendReceipt {
        try Self.refuseEventID(eventID)
        let numbers = try MobileNumber.recipients(recipients, normalizeTaiwan: configuration.normalizesTaiwanNumbers)
        try MMSValidation.taiwanOnly(numbers) { "DEST[\($0 + 1)]" }
        try MMSValidation.subject(subject, api: .soap)
        try MMSValidation.text(text, attachment: attachment)
        guard attachment.type != .gif else {
            throw ValidationError(field: "ATTACHMENT", reason: "the SOAP API takes JPEG and PNG pictures only; use Every8DClient for GIF")
        }
        let st = try SendValidation.sendTime(sendTime, now: configuration.now())
        let minutes = try SendValidation.validityMinutes(validity)
        try SOAPText.check(subject, field: "SB")
        try SOAPText.check(text, field: "MSG")
        var references = ["SB": subject]
        if !st.isEmpty { references["ST"] = st }
        let context = SendContext(recipients: numbers, references: references, advice: SendContext.mmsAdvice)
        let values = [
            subject, text, numbers.joined(separator: ","), st, String(minutes),
            FormEncoding.percentEncode(attachment.base64), attachment.type.rawValue,
        ]
        return try await performSend(.sendMMS, context: context, values: values, idempotencyKey: idempotencyKey) { result in
            try Every8DResponseParser.sendReceipt(Data(result.utf8), operation: .soapSendMMS)
        }
    }
}
