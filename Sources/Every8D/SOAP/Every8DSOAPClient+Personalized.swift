import Foundation

extension Every8DSOAPClient {
    /// Sends each recipient a text of its own (`sendParamSMS`).
    ///
    /// The same checks as ``Every8DClient/sendPersonalizedSMS(_:subject:validity:eventID:idempotencyKey:)`` run
    /// first, with the same field names (`RecipientDataList[i].Mobile`, `…Param`, `…SendTime`), and
    /// a name may have at most 50 characters (`…Name`). The recipients travel as the `contentXML`
    /// parameter, an XML document of its own:
    ///
    /// ```xml
    /// <REPS><USER NAME="小明" MOBILE="+886912345678" EMAIL="" SENDTIME=""><![CDATA[text]]></USER>…</REPS>
    /// ```
    ///
    /// Attribute values are escaped, each text is a CDATA section (a `]]>` inside it is split
    /// across two sections, so any text survives), and the whole document is escaped once more as
    /// the parameter's value. Each message's ``PersonalizedMessage/sendAt`` becomes its
    /// `SENDTIME`; the call's own `sendTime` is sent empty.
    ///
    /// - Parameters:
    ///   - messages: One message per recipient. ``PersonalizedMessage/messageReference`` must be
    ///     `nil`: the SOAP API has no `MR` (a value is refused with a `ValidationError`).
    ///   - subject: A label for your records (`subject`).
    ///   - validity: Must be `nil`: `sendParamSMS` takes no validity (refused for `RETRYTIME`).
    ///   - eventID: Must be `nil` (refused for `EventID`).
    ///   - idempotencyKey: Your id for this send (at most 255 bytes): the same key with the same
    ///     request never sends twice; a repeat returns the first receipt. After an unknown outcome
    ///     the SOAP API cannot show what went out, so a repeat throws `SendOutcomeUnknownError`.
    /// - Returns: The receipt for the whole request.
    /// - Throws: `ValidationError` before sending; ``Every8DError`` when the gateway refuses;
    ///   `SendOutcomeUnknownError` when it may have been sent; ``Every8DSOAPFault``.
    @discardableResult
    public func sendPersonalizedSMS(
        _ messages: [PersonalizedMessage], subject: String = "", validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil
    ) async throws -> SendReceipt {
        try Self.refuseParamExtras(validity: validity, eventID: eventID)
        let request = try ParamRequest(personalized: messages, subject: subject, validity: nil, eventID: nil,
                                       attachment: nil, configuration: configuration.validationConfiguration)
        return try await sendParam(request, texts: messages.map(\.text), idempotencyKey: idempotencyKey)
    }

    /// Sends a template filled per recipient (`%field1%` … `%field5%` replaced by each
    /// recipient's values), as `sendParamSMS` with each recipient's finished text.
    ///
    /// The SOAP API has no templates, so the client fills them in (as
    /// ``TemplateRecipient/render(_:)`` does) and sends what
    /// ``sendPersonalizedSMS(_:subject:validity:eventID:idempotencyKey:)`` would; the texts, points and receipts
    /// are those of ``Every8DClient/sendTemplateSMS(template:recipients:subject:validity:eventID:idempotencyKey:)``.
    ///
    /// - Parameters:
    ///   - template: The text with `%field1%` … `%field5%` placeholders.
    ///   - recipients: Each recipient with up to five values (none may contain `|`), no `MR`.
    ///   - subject: A label for your records.
    ///   - validity: Must be `nil` (refused for `RETRYTIME`).
    ///   - eventID: Must be `nil` (refused for `EventID`).
    ///   - idempotencyKey: Your id for this send (at most 255 bytes): the same key with the same
    ///     request never sends twice; a repeat returns the first receipt. After an unknown outcome
    ///     the SOAP API cannot show what went out, so a repeat throws `SendOutcomeUnknownError`.
    /// - Returns: The receipt for the whole request.
    /// - Throws: As ``sendPersonalizedSMS(_:subject:validity:eventID:idempotencyKey:)``.
    @discardableResult
    public func sendTemplateSMS(
        template: String, recipients: [TemplateRecipient], subject: String = "", validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil
    ) async throws -> SendReceipt {
        try Self.refuseParamExtras(validity: validity, eventID: eventID)
        let request = try ParamRequest(template: template, recipients: recipients, subject: subject, validity: nil, eventID: nil,
                                       attachment: nil, configuration: configuration.validationConfiguration)
        let texts = recipients.map { $0.render(template) }
        for (index, text) in texts.enumerated() {
            try SendValidation.text(text, field: "RecipientDataList[\(index + 1)].Param")
        }
        return try await sendParam(request, texts: texts, idempotencyKey: idempotencyKey)
    }

    private func sendParam(_ request: ParamRequest, texts: [String], idempotencyKey: String?) async throws -> SendReceipt {
        try SOAPText.check(request.subject, field: "SB")
        for (index, entry) in request.entries.enumerated() {
            let field = { (name: String) in "RecipientDataList[\(index + 1)].\(name)" }
            guard entry.reference.isEmpty else {
                throw ValidationError(field: field("Mr"), reason: "the SOAP API has no per-message reference; use Every8DClient")
            }
            guard entry.name.count <= Self.maximumNameLength else {
                throw ValidationError(field: field("Name"), reason: "\(entry.name.count) characters; sendParamSMS takes at most \(Self.maximumNameLength)")
            }
            try SOAPText.check(entry.name, field: field("Name"))
            try SOAPText.check(entry.email, field: field("Email"))
            try SOAPText.check(texts[index], field: field("Param"))
        }
        let users = zip(request.entries, texts).map { entry, text in
            ParamContent.User(name: entry.name, mobile: entry.mobile, email: entry.email, sendTime: entry.sendTime, text: text)
        }
        let context = SendContext(request, advice: SendContext.soapAdvice)
        let values = [request.subject, ParamContent.xml(users), ""]
        return try await performSend(.sendParamSMS, context: context, values: values, idempotencyKey: idempotencyKey) { result in
            try Every8DResponseParser.sendReceipt(Data(result.utf8), operation: .soapSendParamSMS)
        }
    }

    /// The longest recipient name `sendParamSMS` takes (the vendor's table: 50).
    static let maximumNameLength = 50

    private static func refuseParamExtras(validity: Duration?, eventID: String?) throws {
        try refuseEventID(eventID)
        guard validity == nil else {
            throw ValidationError(field: "RETRYTIME", reason: "sendParamSMS of the SOAP API takes no validity; use Every8DClient")
        }
    }
}

/// The `contentXML` document of `sendParamSMS`.
enum ParamContent {
    struct User: Sendable, Hashable {
        var name: String
        var mobile: String
        var email: String
        /// `yyyyMMddHHmmss` or empty.
        var sendTime: String
        var text: String
    }

    /// `<REPS><USER NAME=".." MOBILE=".." EMAIL=".." SENDTIME=".."><![CDATA[..]]></USER>…</REPS>`.
    static func xml(_ users: [User]) -> String {
        var xml = "<REPS>"
        for user in users {
            xml += "<USER NAME=\"\(XMLEscaping.escape(user.name))\" MOBILE=\"\(XMLEscaping.escape(user.mobile))\""
            xml += " EMAIL=\"\(XMLEscaping.escape(user.email))\" SENDTIME=\"\(XMLEscaping.escape(user.sendTime))\">"
            xml += XMLEscaping.cdata(user.text)
            xml += "</USER>"
        }
        return xml + "</REPS>"
    }
}
