import Foundation

extension Every8DClient {
    /// Sends each recipient a text of its own (an "exclusive" send, `SendParam.ashx`).
    ///
    /// JSON body, keys in this order: (`UID`, `PWD` in password mode), `SB`, `RETRYTIME`,
    /// `EventID` (when given), `RecipientDataList` with `Name`, `Mobile`, `Email`, `SendTime`,
    /// `Param` (the text), `Mr` per recipient.
    ///
    /// - Parameters:
    ///   - messages: One message per recipient; each may have its own send time and `Mr`.
    ///   - subject: A label for your records (`SB`).
    ///   - validity: How long the gateway keeps trying, in whole minutes (default 1440).
    ///   - eventID: An interactive-reply channel (`EventID`).
    ///   - idempotencyKey: Your id for this send (at most 255 bytes): the same key with the same
    ///     request never sends twice (see ``sendSMS(to:text:subject:at:validity:eventID:idempotencyKey:)-([String],_,_,_,_,_,_)``);
    ///     after an unknown outcome this send has no proof of what went out, so a repeat throws
    ///     `SendOutcomeUnknownError` instead of sending.
    /// - Returns: The receipt for the whole request.
    /// - Throws: `ValidationError` before sending (fields named `RecipientDataList[i].Mobile`,
    ///   `…Param`, `…SendTime`, `…Mr`); ``Every8DError`` when the gateway refuses;
    ///   `SendOutcomeUnknownError` when it may have been sent.
    @discardableResult
    public func sendPersonalizedSMS(
        _ messages: [PersonalizedMessage], subject: String = "", validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil
    ) async throws -> SendReceipt {
        let request = try ParamRequest(personalized: messages, subject: subject, validity: validity, eventID: eventID,
                                       attachment: nil, configuration: configuration)
        return try await sendParam(.sendPersonalizedSMS, request, idempotencyKey: idempotencyKey)
    }

    /// Sends a template filled per recipient (a "param" send, `SendParam.ashx`): `%field1%` …
    /// `%field5%` in `template` are replaced by each recipient's values.
    ///
    /// JSON body, keys in this order: (`UID`, `PWD`), `SB`, `MSG` (the template), `RETRYTIME`,
    /// `EventID` (when given), `RecipientDataList` with `Name`, `Mobile`, `Email`, `SendTime`,
    /// `Param` (values joined with `|`, padded to five), `Mr`.
    ///
    /// - Parameters:
    ///   - template: The text with `%field1%` … `%field5%` placeholders.
    ///   - recipients: Each recipient with up to five values (none may contain `|`).
    ///   - subject: A label for your records (`SB`).
    ///   - validity: How long the gateway keeps trying, in whole minutes (default 1440).
    ///   - eventID: An interactive-reply channel (`EventID`).
    ///   - idempotencyKey: Your id for this send (at most 255 bytes): the same key with the same
    ///     request never sends twice (see ``sendSMS(to:text:subject:at:validity:eventID:idempotencyKey:)-([String],_,_,_,_,_,_)``);
    ///     after an unknown outcome this send has no proof of what went out, so a repeat throws
    ///     `SendOutcomeUnknownError` instead of sending.
    /// - Returns: The receipt for the whole request.
    /// - Throws: `ValidationError` before sending; ``Every8DError``; `SendOutcomeUnknownError`.
    @discardableResult
    public func sendTemplateSMS(
        template: String, recipients: [TemplateRecipient], subject: String = "", validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil
    ) async throws -> SendReceipt {
        let request = try ParamRequest(template: template, recipients: recipients, subject: subject, validity: validity,
                                       eventID: eventID, attachment: nil, configuration: configuration)
        return try await sendParam(.sendTemplateSMS, request, idempotencyKey: idempotencyKey)
    }

    /// Sends each recipient an MMS with a text of its own and the same picture (`SendParam.ashx`).
    ///
    /// JSON body, keys in this order: (`UID`, `PWD`), `SB`, `RETRYTIME`, `ATTACHMENT` (base64),
    /// `TYPE`, `EventID` (when given), `RecipientDataList`.
    ///
    /// - Parameters:
    ///   - messages: One message per recipient (Taiwan numbers only; text up to 4000 characters).
    ///   - subject: The MMS subject, shown on the phone; may be empty: up to 15 characters, or 39 in ASCII only.
    ///   - attachment: The picture.
    ///   - validity: How long the gateway keeps trying, in whole minutes (default 1440).
    ///   - eventID: An interactive-reply channel (`EventID`).
    ///   - idempotencyKey: Your id for this send (at most 255 bytes): the same key with the same
    ///     request never sends twice (see ``sendSMS(to:text:subject:at:validity:eventID:idempotencyKey:)-([String],_,_,_,_,_,_)``);
    ///     after an unknown outcome this send has no proof of what went out, so a repeat throws
    ///     `SendOutcomeUnknownError` instead of sending.
    /// - Returns: The receipt for the whole request.
    /// - Throws: `ValidationError` before sending; ``Every8DError``; `SendOutcomeUnknownError`.
    @discardableResult
    public func sendPersonalizedMMS(
        _ messages: [PersonalizedMessage], subject: String, attachment: MMSAttachment, validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil
    ) async throws -> SendReceipt {
        let request = try ParamRequest(personalized: messages, subject: subject, validity: validity, eventID: eventID,
                                       attachment: attachment, configuration: configuration)
        return try await sendParam(.sendPersonalizedMMS, request, idempotencyKey: idempotencyKey)
    }

    /// Sends an MMS template filled per recipient, with the same picture (`SendParam.ashx`).
    ///
    /// JSON body, keys in this order: (`UID`, `PWD`), `SB`, `MSG` (the template), `RETRYTIME`,
    /// `ATTACHMENT`, `TYPE`, `EventID` (when given), `RecipientDataList`.
    ///
    /// - Parameters:
    ///   - template: The text with `%field1%` … `%field5%` placeholders.
    ///   - recipients: Each recipient with up to five values (Taiwan numbers only).
    ///   - subject: The MMS subject; may be empty: up to 15 characters, or 39 in ASCII only.
    ///   - attachment: The picture.
    ///   - validity: How long the gateway keeps trying, in whole minutes (default 1440).
    ///   - eventID: An interactive-reply channel (`EventID`).
    ///   - idempotencyKey: Your id for this send (at most 255 bytes): the same key with the same
    ///     request never sends twice (see ``sendSMS(to:text:subject:at:validity:eventID:idempotencyKey:)-([String],_,_,_,_,_,_)``);
    ///     after an unknown outcome this send has no proof of what went out, so a repeat throws
    ///     `SendOutcomeUnknownError` instead of sending.
    /// - Returns: The receipt for the whole request.
    /// - Throws: `ValidationError` before sending; ``Every8DError``; `SendOutcomeUnknownError`.
    @discardableResult
    public func sendTemplateMMS(
        template: String, recipients: [TemplateRecipient], subject: String, attachment: MMSAttachment,
        validity: Duration? = nil, eventID: String? = nil, idempotencyKey: String? = nil
    ) async throws -> SendReceipt {
        let request = try ParamRequest(template: template, recipients: recipients, subject: subject, validity: validity,
                                       eventID: eventID, attachment: attachment, configuration: configuration)
        return try await sendParam(.sendTemplateMMS, request, idempotencyKey: idempotencyKey)
    }

    private func sendParam(_ operation: Every8DOperation, _ request: ParamRequest, idempotencyKey: String?) async throws -> SendReceipt {
        let advice = request.attachment == nil ? SendContext.defaultAdvice : SendContext.mmsAdvice
        let body = RequestBody.jsonObject(request.members)
        let context = SendContext(request, advice: advice)
        return try await performSend(operation, context: context, body: body, idempotencyKey: idempotencyKey, facts: \.facts,
                                     replayed: { receipt in var replay = receipt; replay.origin = .ledger; return replay }) { data in
            try Every8DResponseParser.sendReceipt(data, operation: operation)
        }
    }
}

/// A checked `SendParam.ashx` request.
struct ParamRequest: Sendable {
    struct Entry: Sendable {
        let name: String
        let mobile: String
        let email: String
        let sendTime: String
        let param: String
        let reference: String
    }

    let subject: String
    let template: String?
    let validityMinutes: Int
    let eventID: String?
    let attachment: MMSAttachment?
    let entries: [Entry]

    /// A recipient's field name, such as `RecipientDataList[3].Mobile`: passed as an autoclosure,
    /// so it is built only when a check fails.
    private static func field(_ index: Int, _ name: String) -> String { "RecipientDataList[\(index + 1)].\(name)" }

    init(personalized messages: [PersonalizedMessage], subject: String, validity: Duration?, eventID: String?,
         attachment: MMSAttachment?, configuration: Every8DClient.Configuration) throws {
        guard !messages.isEmpty else { throw ValidationError(field: "RecipientDataList", reason: "no recipients") }
        try Self.checkSubject(subject, isMMS: attachment != nil)
        let now = configuration.now()
        var entries: [Entry] = []
        entries.reserveCapacity(messages.count)
        var hasReferences = false
        for (index, message) in messages.enumerated() {
            if let reference = message.messageReference, !reference.isEmpty { hasReferences = true }
            entries.append(try Self.entry(message, attachment: attachment, now: now, normalizeTaiwan: configuration.normalizesTaiwanNumbers,
                                          field: { Self.field(index, $0) }))
        }
        if hasReferences { try SendValidation.uniqueReferences(messages.lazy.map(\.messageReference)) { Self.field($0, "Mr") } }
        if attachment != nil { try MMSValidation.taiwanOnly(entries.map(\.mobile)) { Self.field($0, "Mobile") } }
        self.subject = subject
        self.template = nil
        self.validityMinutes = try SendValidation.validityMinutes(validity)
        self.eventID = try SendValidation.eventID(eventID)
        self.attachment = attachment
        self.entries = entries
    }

    init(template: String, recipients: [TemplateRecipient], subject: String, validity: Duration?, eventID: String?,
         attachment: MMSAttachment?, configuration: Every8DClient.Configuration) throws {
        try TemplateValidation.template(template)
        guard !recipients.isEmpty else { throw ValidationError(field: "RecipientDataList", reason: "no recipients") }
        try Self.checkSubject(subject, isMMS: attachment != nil)
        let now = configuration.now()
        var entries: [Entry] = []
        entries.reserveCapacity(recipients.count)
        var hasReferences = false
        for (index, recipient) in recipients.enumerated() {
            if let reference = recipient.messageReference, !reference.isEmpty { hasReferences = true }
            entries.append(try Self.entry(recipient, template: template, attachment: attachment, now: now,
                                          normalizeTaiwan: configuration.normalizesTaiwanNumbers, field: { Self.field(index, $0) }))
        }
        if hasReferences { try SendValidation.uniqueReferences(recipients.lazy.map(\.messageReference)) { Self.field($0, "Mr") } }
        if attachment != nil { try MMSValidation.taiwanOnly(entries.map(\.mobile)) { Self.field($0, "Mobile") } }
        self.subject = subject
        self.template = template
        self.validityMinutes = try SendValidation.validityMinutes(validity)
        self.eventID = try SendValidation.eventID(eventID)
        self.attachment = attachment
        self.entries = entries
    }

    /// Checks one personalised recipient (`field` names its `Mobile`, `Param`, `SendTime`): the
    /// rules every send and every campaign row goes through.
    static func entry(_ message: PersonalizedMessage, attachment: MMSAttachment?, now: @autoclosure () -> Date, normalizeTaiwan: Bool,
                      field: (String) -> String) throws -> Entry {
        let mobile = try MobileNumber.normalized(message.mobile, field: field("Mobile"), normalizeTaiwan: normalizeTaiwan)
        try SendValidation.text(message.text, field: field("Param"))
        if let attachment { try MMSValidation.text(message.text, attachment: attachment, field: field("Param")) }
        let sendTime = try SendValidation.sendTime(message.sendAt, now: now(), field: field("SendTime"))
        return Entry(name: message.name, mobile: mobile, email: message.email, sendTime: sendTime,
                     param: message.text, reference: message.messageReference ?? "")
    }

    /// Checks one template recipient (`field` names its `Mobile`, `Param`, `SendTime`); the
    /// template itself is checked once, by ``TemplateValidation``.
    static func entry(_ recipient: TemplateRecipient, template: String, attachment: MMSAttachment?, now: @autoclosure () -> Date,
                      normalizeTaiwan: Bool, field: (String) -> String) throws -> Entry {
        let mobile = try MobileNumber.normalized(recipient.mobile, field: field("Mobile"), normalizeTaiwan: normalizeTaiwan)
        try recipient.validateValues(field: field("Param"))
        if let attachment { try MMSValidation.text(recipient.render(template), attachment: attachment, field: field("Param")) }
        let sendTime = try SendValidation.sendTime(recipient.sendAt, now: now(), field: field("SendTime"))
        return Entry(name: recipient.name, mobile: mobile, email: recipient.email, sendTime: sendTime,
                     param: recipient.param, reference: recipient.messageReference ?? "")
    }

    private static func checkSubject(_ subject: String, isMMS: Bool) throws {
        if isMMS { try MMSValidation.subject(subject, api: .http) } else { try SendValidation.subject(subject) }
    }

    /// The JSON members in the vendor's order, written straight into the body's bytes when the
    /// request is made.
    var members: OutgoingJSON {
        // Encoded once, not on every attempt.
        let picture = attachment.map { (base64: $0.base64, type: $0.type.rawValue) }
        // Room for every value plus keys and punctuation (68 bytes a recipient); more if escapes need it.
        var estimate = 96 + subject.utf8.count + (template?.utf8.count ?? 0) + (eventID?.utf8.count ?? 0) + (picture?.base64.utf8.count ?? 0)
        for entry in entries {
            estimate += 68 + entry.name.utf8.count + entry.mobile.utf8.count + entry.email.utf8.count
                + entry.sendTime.utf8.count + entry.param.utf8.count + entry.reference.utf8.count
        }
        return OutgoingJSON(estimatedSize: estimate) { [self] members in
            members.add("SB", subject)
            if let template { members.add("MSG", template) }
            members.add("RETRYTIME", validityMinutes)
            if let picture {
                members.add("ATTACHMENT", picture.base64)
                members.add("TYPE", picture.type)
            }
            if let eventID { members.add("EventID", eventID) }
            members.addArray("RecipientDataList", count: entries.count) { object, index in
                object.add("Name", entries[index].name)
                object.add("Mobile", entries[index].mobile)
                object.add("Email", entries[index].email)
                object.add("SendTime", entries[index].sendTime)
                object.add("Param", entries[index].param)
                object.add("Mr", entries[index].reference)
            }
        }
    }

    var mobiles: [String] { entries.map(\.mobile) }

    var references: [String: String] {
        var references = ["SB": subject]
        let mrs = entries.map(\.reference).filter { !$0.isEmpty }
        if !mrs.isEmpty { references["MR"] = mrs.joined(separator: ",") }
        if let eventID { references["EventID"] = eventID }
        return references
    }
}
