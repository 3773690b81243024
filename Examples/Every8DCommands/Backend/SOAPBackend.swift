import Foundation
import Every8D

/// The commands' operations over the legacy SOAP API (`SMS.asmx`, `MMS.asmx`) with
/// ``Every8DSOAPClient``.
///
/// SOAP has no duplicate filter, no token check, no personalised MMS, and one delivery-log format
/// (XML); replies come inside the delivery log (`REPLY_SMS`), so `replies` reads them from there.
struct SOAPBackend: Every8DBackend {
    let client: Every8DSOAPClient

    var api: Every8DAPI { .soap }
    var capabilities: Set<Every8DCapability> {
        Set(Every8DCapability.allCases).subtracting([.filterDuplicates, .paramMMS, .tokenCheck])
    }

    func openSession() async throws -> Date {
        try await client.connect().issuedAt
    }

    func checkSession() async throws -> Bool {
        throw UsageError("token check is not available with --api soap (the SOAP API has no check)")
    }

    func closeSession() async throws {
        _ = try await client.disconnect()
    }

    func credit() async throws -> Decimal {
        try await client.credit()
    }

    func sendSMS(_ request: SMSSendRequest) async throws -> SendReceipt {
        try await client.sendSMS(to: request.recipients, text: request.text, subject: request.subject, at: request.sendAt,
                                 validity: request.validity, eventID: request.eventID)
    }

    func sendSMSFilteringDuplicates(_ request: SMSSendRequest, dryRun: Bool) async throws -> DuplicateFilterReceipt {
        throw UsageError("send --filter-duplicates is not available with --api soap")
    }

    func sendPersonalized(_ messages: [PersonalizedMessage], subject: String, attachment: MMSAttachment?) async throws -> SendReceipt {
        guard attachment == nil else { throw UsageError("send-personal --image is not available with --api soap") }
        return try await client.sendPersonalizedSMS(messages, subject: subject)
    }

    func sendTemplate(_ template: String, recipients: [TemplateRecipient], subject: String, attachment: MMSAttachment?) async throws -> SendReceipt {
        guard attachment == nil else { throw UsageError("send-template --image is not available with --api soap") }
        return try await client.sendTemplateSMS(template: template, recipients: recipients, subject: subject)
    }

    func sendMMS(_ request: MMSSendRequest) async throws -> SendReceipt {
        try await client.sendMMS(to: request.recipients, subject: request.subject, text: request.text, attachment: request.attachment,
                                 at: request.sendAt, validity: request.validity)
    }

    func deliveryReports(batch: String, kind: MessageKind, format: DeliveryReportFormat?) async throws -> [DeliveryReport] {
        if let format, format != .xml {
            throw UsageError("--format \(format) is not available with --api soap (the SOAP API answers XML only)")
        }
        let sequence = kind == .mms ? client.deliveryReports(batch: batch, kind: .mms) : client.deliveryReports(batch: batch)
        var reports: [DeliveryReport] = []
        for try await report in sequence { reports.append(report) }
        return reports
    }

    func replies(batch: String) async throws -> [Reply] {
        var replies: [Reply] = []
        for try await report in client.deliveryReports(batch: batch) {
            for reply in report.replies {
                replies.append(Reply(name: report.name, mobile: report.mobile, text: reply.text, receivedAt: reply.receivedAt,
                                     messageReference: report.messageReference))
            }
        }
        return replies
    }

    func cancelBooking(batch: String, kind: MessageKind) async throws -> CancelResult {
        kind == .mms ? try await client.cancelBooking(batch: batch, kind: .mms) : try await client.cancelBooking(batch: batch)
    }
}
