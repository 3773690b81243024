import Foundation

extension Every8DV3Client {
    /// Sends one MMS (a picture with an optional text) to one or more Taiwan numbers (`sendmms`).
    ///
    /// Points: 3 per message below 50 KB of picture and text, 5 up to 300 KB; keep the picture at
    /// most 45 KB to stay at 3 (see ``CostEstimator``).
    ///
    /// Body, in order: `uid`, `pwd` or `token`, `subject`, `msg`, `mobiles`, `sendtime`,
    /// `retrytime`, `attachment` (base64), `type` (`jpg` or `png`, from the picture's bytes), then
    /// `eventid` when given.
    ///
    /// - Parameters:
    ///   - recipients: Taiwan numbers; MMS does not go abroad.
    ///   - subject: Shown on the phone; required in 3.0: up to 15 characters, or 39 in ASCII only.
    ///   - text: The text under the picture, up to 4000 characters (may be empty).
    ///   - attachment: The picture, JPEG or PNG (3.0 takes no GIF); with the text at most 300 KB.
    ///   - sendTime: When to send; `nil` sends now. Must be in the future.
    ///   - validity: How long the gateway keeps trying, in whole minutes (default 1440).
    ///   - eventID: An interactive-reply channel (`eventid`).
    ///   - idempotencyKey: Your id for this send: the same key with the same request never sends
    ///     twice; after an unknown outcome a repeat throws `SendOutcomeUnknownError` instead of sending.
    /// - Returns: The receipt, with the batch id to query or cancel.
    /// - Throws: `ValidationError` before sending; ``Every8DError``; `SendOutcomeUnknownError`.
    @discardableResult
    public func sendMMS(
        to recipients: [String], subject: String, text: String = "", attachment: MMSAttachment, at sendTime: Date? = nil,
        validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil
    ) async throws -> SendReceipt {
        let request = try V3Request.sendMMS(to: recipients, subject: subject, text: text, attachment: attachment, at: sendTime,
                                            validity: validity, eventID: eventID, options: configuration.requestOptions)
        return try await sendList(request, idempotencyKey: idempotencyKey)
    }
}
