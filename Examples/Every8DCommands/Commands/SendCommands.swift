import Foundation
import Every8D

extension Every8DCommand {
    /// `send`: one text to many numbers, optionally through the duplicate filter.
    static let send = Every8DCommand(
        name: "send",
        synopsis: "send --to LIST --text TEXT [--subject S] [--at yyyyMMddHHmmss] [--validity MINUTES] [--event-id ID] [--filter-duplicates [--dry-run]]",
        summary: "one text to one or more numbers (optionally leaving out duplicates)",
        details: [
            "Sends one SMS text to every number in LIST (SendSMS.ashx).",
            "",
            "Options:",
            "  --to LIST            numbers separated by commas: 09xxxxxxxx (sent as +8869xxxxxxxx) or + and 8-15 digits",
            "  --text TEXT          the message; up to 333 characters go as one long SMS (see `every8d cost`)",
            "  --subject S          a label for your records, not shown on the phone",
            "  --at yyyyMMddHHmmss  book the send for this Taiwan time instead of sending now",
            "  --validity MINUTES   how long the gateway keeps trying (default 1440)",
            "  --event-id ID        an interactive-reply channel; the gateway adds a 17-character link",
            "  --filter-duplicates  leave out numbers that got this exact text in the last 24 hours",
            "                       (SendSMS4FilterMessage.ashx); prints each with the batch that reached it",
            "  --dry-run            with --filter-duplicates: send nothing, only list who would be left out",
            "",
            "A send is never repeated after a failure that may have reached the gateway: the command",
            "exits 3 and says how to check (the --dry-run above lists who already got the text).",
            "",
            "Examples:",
            "  every8d send --to 0912345678 --text \"您的驗證碼 123456\"",
            "  every8d send --to 0912345678,+14155550100 --text \"Sale tomorrow\" --at 20250301090000",
            "  every8d send --to 0912345678,0987654321 --text \"Reminder\" --filter-duplicates --dry-run",
        ],
        valueOptions: ["to", "text", "subject", "at", "validity", "event-id"], flagOptions: ["filter-duplicates", "dry-run"]
    ) { invocation in
        let arguments = invocation.arguments
        try Every8DOptions.noPositionals(arguments)
        let request = SMSSendRequest(
            recipients: try Every8DOptions.recipients(arguments), text: try arguments.required("text"),
            subject: arguments.value("subject") ?? "", sendAt: try Every8DOptions.sendTime(arguments),
            validity: try Every8DOptions.validity(arguments), eventID: arguments.value("event-id"))
        let filter = arguments.flag("filter-duplicates")
        let dryRun = arguments.flag("dry-run")
        if dryRun && !filter { throw UsageError("--dry-run needs --filter-duplicates") }
        let gateway = try invocation.gateway()
        try gateway.require(filter ? .filterDuplicates : .sendSMS, for: filter ? "send --filter-duplicates" : "send")
        do {
            if filter {
                let receipt = try await gateway.backend.sendSMSFilteringDuplicates(request, dryRun: dryRun)
                return Every8DRender.filtered(receipt, dryRun: dryRun, scheduledAt: request.sendAt)
            }
            let receipt = try await gateway.backend.sendSMS(request)
            return Every8DRender.receipt(receipt, command: "send", kind: .sms, scheduledAt: request.sendAt)
        } catch {
            throw SendFailure(underlying: error, checkHint: Every8DOptions.dryRunHint(request))
        }
    }

    /// `mms`: one picture (and text) to many numbers.
    static let mms = Every8DCommand(
        name: "mms",
        synopsis: "mms --to LIST [--subject S] [--text TEXT] --image FILE [--at yyyyMMddHHmmss] [--validity MINUTES]",
        summary: "a picture (and text) to one or more Taiwan numbers",
        details: [
            "Sends one MMS to every number in LIST (MMS/SendMMS.ashx). 3 points a message up to 50 KB of",
            "picture and text, 5 up to 300 KB; Taiwan numbers only.",
            "",
            "Options:",
            "  --to LIST            Taiwan numbers separated by commas",
            "  --subject S          shown on the phone, may be empty: up to 15 characters, or 39 in ASCII only (95 with --api soap)",
            "  --text TEXT          text under the picture, up to 4000 characters",
            "  --image FILE         a JPEG, PNG or GIF file (the type is read from its bytes)",
            "  --at yyyyMMddHHmmss  book the send for this Taiwan time",
            "  --validity MINUTES   how long the gateway keeps trying (default 1440)",
            "",
            "Example:",
            "  every8d mms --to 0912345678 --subject 新品 --text \"看看這個\" --image photo.jpg",
        ],
        valueOptions: ["to", "subject", "text", "image", "at", "validity"], flagOptions: []
    ) { invocation in
        let arguments = invocation.arguments
        try Every8DOptions.noPositionals(arguments)
        let recipients = try Every8DOptions.recipients(arguments)
        let subject = arguments.value("subject") ?? ""
        guard let attachment = try Every8DOptions.image(arguments) else { throw UsageError("--image is required") }
        let request = MMSSendRequest(
            recipients: recipients, subject: subject, text: arguments.value("text") ?? "", attachment: attachment,
            sendAt: try Every8DOptions.sendTime(arguments), validity: try Every8DOptions.validity(arguments))
        let gateway = try invocation.gateway()
        try gateway.require(.sendMMS, for: "mms")
        do {
            let receipt = try await gateway.backend.sendMMS(request)
            return Every8DRender.receipt(receipt, command: "mms", kind: .mms, scheduledAt: request.sendAt)
        } catch {
            throw SendFailure(underlying: error, checkHint: Every8DOptions.consoleHint(subject: subject))
        }
    }
}
