import Foundation

extension V3Request {
    /// `sendexclusive_sms`: each recipient a text of its own.
    ///
    /// Members: `subject`, `retrytime`, `eventid` (when given), `recipientdatalist` with
    /// `mobile`, `sendtime`, `params` (the text) and `mr` per recipient.
    ///
    /// - Throws: `ValidationError` for `subject`, `retrytime`, `eventid`, `recipientdatalist[i].…`.
    static func sendPersonalizedSMS(
        _ messages: [PersonalizedMessage], subject: String = "", validity: Duration? = nil, eventID: String? = nil,
        options: V3RequestOptions = .init()
    ) throws -> V3Request {
        try SendValidation.subject(subject, field: "subject")
        let list = try V3RecipientList(personalized: messages, attachment: nil, options: options)
        return try listSend(.v3SendPersonalizedSMS, list: list, subject: subject, template: nil, picture: nil,
                            validity: validity, eventID: eventID)
    }

    /// `sendparam_sms`: a template filled per recipient (`%field1%` … `%field5%`).
    ///
    /// Members: `subject`, `paramsContent` (the template), `retrytime`, `eventid` (when given),
    /// `recipientdatalist` with `params` the recipient's values joined with commas.
    ///
    /// - Throws: `ValidationError` for `paramsContent`, `subject`, `retrytime`, `eventid`, `recipientdatalist[i].…`.
    static func sendTemplateSMS(
        template: String, recipients: [TemplateRecipient], subject: String = "", validity: Duration? = nil,
        eventID: String? = nil, options: V3RequestOptions = .init()
    ) throws -> V3Request {
        let list = try V3RecipientList(template: template, recipients: recipients, attachment: nil, options: options)
        try SendValidation.subject(subject, field: "subject")
        return try listSend(.v3SendTemplateSMS, list: list, subject: subject, template: template, picture: nil,
                            validity: validity, eventID: eventID)
    }

    /// `sendexclusive_mms`: each recipient an MMS with a text of its own and the same picture.
    ///
    /// Members: `subject`, `attachment` (base64), `attachmentType`, `retrytime`, `eventid` (when
    /// given), `recipientdatalist`.
    ///
    /// - Throws: `ValidationError` for `subject` (required: up to 15 characters, or 39 in ASCII
    ///   only), `attachment` (not png or jpeg), `recipientdatalist[i].mobile` (Taiwan only), ….
    static func sendPersonalizedMMS(
        _ messages: [PersonalizedMessage], subject: String, attachment: MMSAttachment, validity: Duration? = nil,
        eventID: String? = nil, options: V3RequestOptions = .init()
    ) throws -> V3Request {
        try MMSValidation.v3Subject(subject)
        let picture = try V3Picture(attachment)
        let list = try V3RecipientList(personalized: messages, attachment: attachment, options: options)
        return try listSend(.v3SendPersonalizedMMS, list: list, subject: subject, template: nil, picture: picture,
                            validity: validity, eventID: eventID)
    }

    /// `sendparam_mms`: an MMS template filled per recipient, with the same picture.
    ///
    /// Members: `subject`, `paramsContent`, `attachment`, `attachmentType`, `retrytime`,
    /// `eventid` (when given), `recipientdatalist`.
    ///
    /// - Throws: `ValidationError` as for the other template and MMS sends.
    static func sendTemplateMMS(
        template: String, recipients: [TemplateRecipient], subject: String, attachment: MMSAttachment,
        validity: Duration? = nil, eventID: String? = nil, options: V3RequestOptions = .init()
    ) throws -> V3Request {
        let list = try V3RecipientList(template: template, recipients: recipients, attachment: attachment, options: options)
        try MMSValidation.v3Subject(subject)
        let picture = try V3Picture(attachment)
        return try listSend(.v3SendTemplateMMS, list: list, subject: subject, template: template, picture: picture,
                            validity: validity, eventID: eventID)
    }

    /// The members of a recipient-list send in the specification's order.
    private static func listSend(
        _ operation: Every8DOperation, list: V3RecipientList, subject: String, template: String?, picture: V3Picture?,
        validity: Duration?, eventID: String?
    ) throws -> V3Request {
        let minutes = SendValidation.minutesText(try SendValidation.validityMinutes(validity, field: "retrytime"))
        let event = try SendValidation.eventID(eventID, field: "eventid")
        let estimate = 96 + subject.utf8.count + (template?.utf8.count ?? 0) + (picture?.base64.utf8.count ?? 0)
            + (event?.utf8.count ?? 0) + list.estimatedSize
        let members = OutgoingJSON(estimatedSize: estimate) { members in
            members.add("subject", subject)
            if let template { members.add("paramsContent", template) }
            if let picture {
                members.add("attachment", picture.base64)
                members.add("attachmentType", picture.type)
            }
            members.add("retrytime", minutes)
            if let event { members.add("eventid", event) }
            list.write(into: &members)
        }
        var references = ["subject": subject]
        list.addReferences(to: &references)
        if let event { references["eventid"] = event }
        let advice = picture == nil ? SendContext.defaultAdvice : SendContext.mmsAdvice
        return V3Request(operation: operation, members: members,
                         rule: .send(SendContext(recipients: list.mobiles, references: references, advice: advice)))
    }
}
