import Foundation

extension Every8DV3Client {
    /// Sends each recipient a text of its own (`sendexclusive_sms`).
    ///
    /// Body, in order: `uid`, `pwd` or `token`, `subject`, `retrytime`, `eventid` (when given),
    /// `recipientdatalist` with `mobile`, `sendtime`, `params` (the text) and `mr` per recipient.
    /// The specification recommends 500 to 2000 recipients a request.
    ///
    /// - Parameters:
    ///   - messages: One message per recipient, each with its own send time and `mr` (unique within
    ///     the request when given). API 3.0 has no name or e-mail per recipient: a message with
    ///     either is refused (`recipientdatalist[i].name`, `.email`) rather than sent without it.
    ///   - subject: A label for your records (`subject`).
    ///   - validity: How long the gateway keeps trying, in whole minutes (default 1440).
    ///   - eventID: An interactive-reply channel (`eventid`).
    ///   - idempotencyKey: Your id for this send: the same key with the same request never sends
    ///     twice; after an unknown outcome nothing proves what went out, so a repeat throws
    ///     `SendOutcomeUnknownError` instead of sending.
    /// - Returns: The receipt for the whole request.
    /// - Throws: `ValidationError` before sending; ``Every8DError``; `SendOutcomeUnknownError`.
    @discardableResult
    public func sendPersonalizedSMS(
        _ messages: [PersonalizedMessage], subject: String = "", validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil
    ) async throws -> SendReceipt {
        let request = try V3Request.sendPersonalizedSMS(messages, subject: subject, validity: validity, eventID: eventID,
                                                        options: configuration.requestOptions)
        return try await sendList(request, idempotencyKey: idempotencyKey)
    }

    /// Sends a template filled per recipient (`sendparam_sms`): `%field1%` … `%field5%` in
    /// `template` are replaced by each recipient's values.
    ///
    /// Body, in order: `uid`, `pwd` or `token`, `subject`, `paramsContent` (the template),
    /// `retrytime`, `eventid` (when given), `recipientdatalist` with `params` the recipient's values
    /// joined with commas (as many as the template's highest `%fieldN%`; missing ones are sent empty).
    ///
    /// - Parameters:
    ///   - template: The text with `%field1%` … `%field5%` placeholders.
    ///   - recipients: Each recipient with up to five values; a value may not contain a comma.
    ///   - subject: A label for your records (`subject`).
    ///   - validity: How long the gateway keeps trying, in whole minutes (default 1440).
    ///   - eventID: An interactive-reply channel (`eventid`).
    ///   - idempotencyKey: Your id for this send (see ``sendPersonalizedSMS(_:subject:validity:eventID:idempotencyKey:)``).
    /// - Returns: The receipt for the whole request.
    /// - Throws: `ValidationError` before sending; ``Every8DError``; `SendOutcomeUnknownError`.
    @discardableResult
    public func sendTemplateSMS(
        template: String, recipients: [TemplateRecipient], subject: String = "", validity: Duration? = nil, eventID: String? = nil,
        idempotencyKey: String? = nil
    ) async throws -> SendReceipt {
        let request = try V3Request.sendTemplateSMS(template: template, recipients: recipients, subject: subject, validity: validity,
                                                    eventID: eventID, options: configuration.requestOptions)
        return try await sendList(request, idempotencyKey: idempotencyKey)
    }

    /// Sends each recipient an MMS with a text of its own and the same picture (`sendexclusive_mms`).
    ///
    /// Body, in order: `uid`, `pwd` or `token`, `subject`, `attachment` (base64), `attachmentType`,
    /// `retrytime`, `eventid` (when given), `recipientdatalist`.
    ///
    /// - Parameters:
    ///   - messages: One message per recipient (Taiwan numbers only).
    ///   - subject: The MMS subject, shown on the phone; required in 3.0: up to 15 characters, or 39 in ASCII only.
    ///   - attachment: The picture: JPEG or PNG (3.0 takes no GIF).
    ///   - validity: How long the gateway keeps trying, in whole minutes (default 1440).
    ///   - eventID: An interactive-reply channel (`eventid`).
    ///   - idempotencyKey: Your id for this send (see ``sendPersonalizedSMS(_:subject:validity:eventID:idempotencyKey:)``).
    /// - Returns: The receipt for the whole request.
    /// - Throws: `ValidationError` before sending; ``Every8DError``; `SendOutcomeUnknownError`.
    @discardableResult
    public func sendPersonalizedMMS(
        _ messages: [PersonalizedMessage], subject: String, attachment: MMSAttachment, validity: Duration? = nil, eventID: String? = nil,
        idempotencyKey: String? = nil
    ) async throws -> SendReceipt {
        let request = try V3Request.sendPersonalizedMMS(messages, subject: subject, attachment: attachment, validity: validity,
                                                        eventID: eventID, options: configuration.requestOptions)
        return try await sendList(request, idempotencyKey: idempotencyKey)
    }

    /// Sends an MMS template filled per recipient, with the same picture (`sendparam_mms`).
    ///
    /// Body, in order: `uid`, `pwd` or `token`, `subject`, `paramsContent`, `attachment`,
    /// `attachmentType`, `retrytime`, `eventid` (when given), `recipientdatalist`.
    ///
    /// - Parameters:
    ///   - template: The text with `%field1%` … `%field5%` placeholders.
    ///   - recipients: Each recipient with up to five values (Taiwan numbers only).
    ///   - subject: The MMS subject; required: up to 15 characters, or 39 in ASCII only.
    ///   - attachment: The picture: JPEG or PNG.
    ///   - validity: How long the gateway keeps trying, in whole minutes (default 1440).
    ///   - eventID: An interactive-reply channel (`eventid`).
    ///   - idempotencyKey: Your id for this send (see ``sendPersonalizedSMS(_:subject:validity:eventID:idempotencyKey:)``).
    /// - Returns: The receipt for the whole request.
    /// - Throws: `ValidationError` before sending; ``Every8DError``; `SendOutcomeUnknownError`.
    @discardableResult
    public func sendTemplateMMS(
        template: String, recipients: [TemplateRecipient], subject: String, attachment: MMSAttachment,
        validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil
    ) async throws -> SendReceipt {
        let request = try V3Request.sendTemplateMMS(template: template, recipients: recipients, subject: subject, attachment: attachment,
                                                    validity: validity, eventID: eventID, options: configuration.requestOptions)
        return try await sendList(request, idempotencyKey: idempotencyKey)
    }

    /// A send whose answer is a plain receipt, keyed or not.
    func sendList(_ request: V3Request, idempotencyKey: String?) async throws -> SendReceipt {
        let operation = request.operation
        return try await performSend(request, idempotencyKey: idempotencyKey, facts: \.facts,
                                     replayed: { receipt in var replay = receipt; replay.origin = .ledger; return replay }) { response in
            try Every8DV3ResponseParser.sendReceipt(response.body, operation: operation)
        }
    }
}
