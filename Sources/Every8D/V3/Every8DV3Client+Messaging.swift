import Foundation

extension Every8DV3Client: Every8DMessaging {
    @discardableResult
    public func sendSMS(to recipients: [String], text: String, options: SendOptions) async throws -> SendReceipt {
        try await sendSMS(to: recipients, text: text, subject: options.subject, at: options.sendTime, validity: options.validity,
                          eventID: options.eventID, idempotencyKey: options.idempotencyKey)
    }

    @discardableResult
    public func sendSMSFilteringDuplicates(to recipients: [String], text: String, options: SendOptions, dryRun: Bool) async throws -> DuplicateFilterReceipt {
        try await sendSMSFilteringDuplicates(to: recipients, text: text, subject: options.subject, at: options.sendTime, validity: options.validity,
                                             eventID: options.eventID, dryRun: dryRun, idempotencyKey: options.idempotencyKey)
    }

    @discardableResult
    public func sendPersonalizedSMS(_ messages: [PersonalizedMessage], options: SendOptions) async throws -> SendReceipt {
        try options.noCommonSendTime(field: "sendtime")
        return try await sendPersonalizedSMS(messages, subject: options.subject, validity: options.validity, eventID: options.eventID,
                                             idempotencyKey: options.idempotencyKey)
    }

    @discardableResult
    public func sendTemplateSMS(template: String, recipients: [TemplateRecipient], options: SendOptions) async throws -> SendReceipt {
        try options.noCommonSendTime(field: "sendtime")
        return try await sendTemplateSMS(template: template, recipients: recipients, subject: options.subject, validity: options.validity,
                                         eventID: options.eventID, idempotencyKey: options.idempotencyKey)
    }

    @discardableResult
    public func sendMMS(to recipients: [String], text: String, attachment: MMSAttachment, options: SendOptions) async throws -> SendReceipt {
        try await sendMMS(to: recipients, subject: options.subject, text: text, attachment: attachment, at: options.sendTime,
                          validity: options.validity, eventID: options.eventID, idempotencyKey: options.idempotencyKey)
    }

    @discardableResult
    public func sendPersonalizedMMS(_ messages: [PersonalizedMessage], attachment: MMSAttachment, options: SendOptions) async throws -> SendReceipt {
        try options.noCommonSendTime(field: "sendtime")
        return try await sendPersonalizedMMS(messages, subject: options.subject, attachment: attachment, validity: options.validity,
                                             eventID: options.eventID, idempotencyKey: options.idempotencyKey)
    }

    @discardableResult
    public func sendTemplateMMS(template: String, recipients: [TemplateRecipient], attachment: MMSAttachment,
                                options: SendOptions) async throws -> SendReceipt {
        try options.noCommonSendTime(field: "sendtime")
        return try await sendTemplateMMS(template: template, recipients: recipients, subject: options.subject, attachment: attachment,
                                         validity: options.validity, eventID: options.eventID, idempotencyKey: options.idempotencyKey)
    }
}
