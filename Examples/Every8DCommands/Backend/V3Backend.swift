import Foundation
import Every8D

/// The commands' operations over API 3.0 with ``Every8DV3Client``.
///
/// 3.0 answers JSON only and has no logout (a token ends when used or after ten minutes), so
/// `token close` and `status --format tab|xml` are refused.
struct V3Backend: Every8DBackend {
    let client: Every8DV3Client

    var api: Every8DAPI { .v3 }
    var capabilities: Set<Every8DCapability> { Set(Every8DCapability.allCases) }

    func openSession() async throws -> Date {
        try await client.connect().issuedAt
    }

    func checkSession() async throws -> Bool {
        try await client.checkConnection()
    }

    func closeSession() async throws {
        throw UsageError("token close is not available with --api v3 (a 3.0 token ends when used or after ten minutes)")
    }

    func credit() async throws -> Decimal {
        try await client.credit()
    }

    func sendSMS(_ request: SMSSendRequest) async throws -> SendReceipt {
        try await client.sendSMS(to: request.recipients, text: request.text, subject: request.subject, at: request.sendAt,
                                 validity: request.validity, eventID: request.eventID)
    }

    func sendSMSFilteringDuplicates(_ request: SMSSendRequest, dryRun: Bool) async throws -> DuplicateFilterReceipt {
        try await client.sendSMSFilteringDuplicates(to: request.recipients, text: request.text, subject: request.subject,
                                                    at: request.sendAt, validity: request.validity, eventID: request.eventID,
                                                    dryRun: dryRun)
    }

    func sendPersonalized(_ messages: [PersonalizedMessage], subject: String, attachment: MMSAttachment?) async throws -> SendReceipt {
        if let attachment {
            return try await client.sendPersonalizedMMS(messages, subject: subject, attachment: attachment)
        }
        return try await client.sendPersonalizedSMS(messages, subject: subject)
    }

    func sendTemplate(_ template: String, recipients: [TemplateRecipient], subject: String, attachment: MMSAttachment?) async throws -> SendReceipt {
        if let attachment {
            return try await client.sendTemplateMMS(template: template, recipients: recipients, subject: subject, attachment: attachment)
        }
        return try await client.sendTemplateSMS(template: template, recipients: recipients, subject: subject)
    }

    func sendMMS(_ request: MMSSendRequest) async throws -> SendReceipt {
        try await client.sendMMS(to: request.recipients, subject: request.subject, text: request.text, attachment: request.attachment,
                                 at: request.sendAt, validity: request.validity)
    }

    func deliveryReports(batch: String, kind: MessageKind, format: DeliveryReportFormat?) async throws -> [DeliveryReport] {
        if let format, format != .json {
            throw UsageError("--format \(format) is not available with --api v3 (API 3.0 answers JSON only)")
        }
        let sequence = kind == .mms ? client.deliveryReports(batch: batch, kind: .mms) : client.deliveryReports(batch: batch)
        var reports: [DeliveryReport] = []
        for try await report in sequence { reports.append(report) }
        return reports
    }

    func replies(batch: String) async throws -> [Reply] {
        var replies: [Reply] = []
        for try await reply in client.replies(batch: batch) { replies.append(reply) }
        return replies
    }

    func cancelBooking(batch: String, kind: MessageKind) async throws -> CancelResult {
        kind == .mms ? try await client.cancelBooking(batch: batch, kind: .mms) : try await client.cancelBooking(batch: batch)
    }
}
