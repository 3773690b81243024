import Foundation

extension SafesayClient {
    /// Sends a message into a customer's chat room (`/v2/sendMessage`).
    ///
    /// The customer must have joined the channel (opened the link in an SMS sent with its
    /// `eventid`); otherwise Safesay refuses.
    ///
    /// Body: `{"EventID":22,"Mobile"|"ChatroomID":"…","Text"|"Attachment"|"Coordinates":"…"}`,
    /// `EventID` a JSON number, with `Authorization: Bearer <the day's token>`.
    ///
    /// - Parameters:
    ///   - message: The channel, the recipient and a text, file or place.
    ///   - idempotencyKey: Your id for this message (at most 255 bytes): the same key with the same
    ///     message never sends twice, also across processes sharing ``Configuration/sendLedger``;
    ///     after an unknown outcome nothing proves what went out, so a repeat throws
    ///     `SendOutcomeUnknownError` instead of sending.
    /// - Returns: Safesay's id and time for the message.
    /// - Throws: `ValidationError` before sending (`EventID`, `Mobile`, `ChatroomID`, `Text`,
    ///   `Attachment`, `Coordinates`); ``Every8DError`` (`-99` and Safesay's message) when refused,
    ///   after one token renewal; `SendOutcomeUnknownError` when it may have been sent.
    @discardableResult
    public func send(_ message: SafesayMessage, idempotencyKey: String? = nil) async throws -> SafesayMessageReceipt {
        let request = try SafesayRequest.send(message)
        let parse: @Sendable (TransportResponse) throws -> SafesayMessageReceipt = { response in
            try Every8DV3ResponseParser.safesayReceipt(response.body)
        }
        guard let key = idempotencyKey else { return try await perform(request, parse: parse) }
        try IdempotentSend<SafesayMessageReceipt>.validate(key)
        let name = request.operation.name
        let keyed = IdempotentSend<SafesayMessageReceipt>(
            ledger: configuration.sendLedger, key: key, operation: name,
            fingerprint: IdempotentSend<SafesayMessageReceipt>.fingerprint(operation: name, body: request.members.objectData()),
            lease: configuration.sendLease, now: configuration.now)
        let context = request.rule.context
        return try await keyed.run(
            send: { try await perform(request, parse: parse) },
            reconcile: { earlier in
                .unproven(SendOutcomeUnknownError(
                    operation: name, cause: EarlierAttemptUnknown(key: earlier.key, startedAt: earlier.createdAt), startedAt: earlier.createdAt,
                    recipients: context?.recipients ?? [], references: context?.references ?? [:], advice: context?.advice ?? ""))
            })
    }
}
