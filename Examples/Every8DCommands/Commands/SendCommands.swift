import Foundation
import Every8D

extension Every8DCommand {
    /// `send`: one text to many numbers, optionally through the duplicate filter.
    static let send = Every8DCommand(
        name: "send",
        synopsis: "send --to LIST --text TEXT [--subject S] [--at yyyyMMddHHmmss] [--validity MINUTES] [--event-id ID] [--filter-duplicates [--dry-run]] [--idempotency-key K]",
        summary: "one text to one or more numbers (optionally leaving out duplicates)",
        details: [
            "Sends one SMS text to every number in LIST (SendSMS.ashx; over SOAP sendSMS, or sendMessage with --validity).",
            "A send is never repeated after a failure that may have reached the gateway: the command exits 3",
            "and says how to check (the --dry-run below lists who already got the text).",
        ],
        options: [
            Every8DOptions.to, Every8DOptions.text, Every8DOptions.subject, Every8DOptions.at, Every8DOptions.validity, Every8DOptions.eventID,
            .flag("filter-duplicates", wire: ["SendSMS4FilterMessage.ashx"],
                  "leave out numbers that got this exact text in the last 24 hours (HTTP API only); prints each with the batch that reached it"),
            .flag("dry-run", wire: ["IsSend=false"], "with --filter-duplicates: send nothing, only list who would be left out"),
            Every8DOptions.idempotencyKey,
        ],
        notes: [
            "Examples:",
            "  every8d send --to 0912345678 --text \"您的驗證碼 123456\"",
            "  every8d send --to 0912345678 --to +14155550100 --text \"Sale tomorrow\" --at 20250301090000",
            "  every8d send --to 0912345678,0987654321 --text \"Reminder\" --filter-duplicates --dry-run",
            "  every8d send --to 0912345678 --text \"訂單 8812 已出貨\" --idempotency-key shipped-8812",
        ],
        otherFields: ["operation": "--filter-duplicates"].merging(IdempotencyKeyOption.otherFields) { first, _ in first }
    ) { invocation in
        let arguments = invocation.arguments
        try Every8DOptions.noPositionals(arguments)
        let recipients = try Every8DOptions.recipients(arguments)
        let text = try arguments.required("text")
        let options = try Every8DOptions.sendOptions(arguments)
        let filter = arguments.flag("filter-duplicates")
        let dryRun = arguments.flag("dry-run")
        if dryRun && !filter { throw UsageError("--dry-run needs --filter-duplicates", option: "--dry-run") }
        let gateway = try await invocation.gateway()
        do {
            if filter {
                let receipt = try await gateway.client.sendSMSFilteringDuplicates(to: recipients, text: text, options: options, dryRun: dryRun)
                return Every8DRender.filtered(receipt, dryRun: dryRun, scheduledAt: options.sendTime)
            }
            let receipt = try await gateway.client.sendSMS(to: recipients, text: text, options: options)
            return Every8DRender.receipt(receipt, command: "send", kind: .sms, scheduledAt: options.sendTime)
        } catch {
            throw SendFailure(underlying: error, checkHint: Every8DOptions.dryRunHint(recipients))
        }
    }

    /// `mms`: one picture (and text) to many numbers.
    static let mms = Every8DCommand(
        name: "mms",
        synopsis: "mms --to LIST --image FILE [--subject S] [--text TEXT] [--at yyyyMMddHHmmss] [--validity MINUTES] [--event-id ID] [--idempotency-key K]",
        summary: "a picture (and text) to one or more Taiwan numbers",
        details: [
            "Sends one MMS to every number in LIST (MMS/SendMMS.ashx; over SOAP MMS.asmx sendMMS). Taiwan numbers only.",
        ],
        options: [
            .value("to", "LIST", wire: ["DEST"], repeats: .accumulates,
                   "Taiwan numbers separated by commas (09xxxxxxxx or +8869xxxxxxxx); repeat --to to add more"),
            Every8DOptions.image,
            .value("subject", "S", wire: ["SB"], allowsEmpty: true,
                   "shown on the phone, may be empty: up to 15 characters, or 39 when ASCII only (95 with --api soap)"),
            .value("text", "TEXT", wire: ["MSG"], allowsEmpty: true, "text under the picture, up to 4000 characters (default empty)"),
            Every8DOptions.at, Every8DOptions.validity, Every8DOptions.eventID, Every8DOptions.idempotencyKey,
        ],
        notes: [
            "Example:",
            "  every8d mms --to 0912345678 --subject 新品 --text \"看看這個\" --image photo.jpg",
        ],
        otherFields: IdempotencyKeyOption.otherFields
    ) { invocation in
        let arguments = invocation.arguments
        try Every8DOptions.noPositionals(arguments)
        let recipients = try Every8DOptions.recipients(arguments)
        let options = try Every8DOptions.sendOptions(arguments)
        guard let attachment = try Every8DOptions.image(arguments) else { throw UsageError("--image is required", option: "--image") }
        let gateway = try await invocation.gateway()
        do {
            let receipt = try await gateway.client.sendMMS(to: recipients, text: arguments.value("text") ?? "", attachment: attachment, options: options)
            return Every8DRender.receipt(receipt, command: "mms", kind: .mms, scheduledAt: options.sendTime)
        } catch {
            throw SendFailure(underlying: error, checkHint: Every8DOptions.consoleHint(subject: options.subject))
        }
    }
}
