import Foundation
import Every8D

/// How each EVERY8D result reads, as text and as JSON; shared by the commands and the demo.
enum Every8DRender {
    static func points(_ value: Decimal) -> String { TextFormat.points(value) }

    // MARK: Sessions and credit

    /// A token call; `fetched` says whether this run fetched the token just now (the demo reuses one).
    static func token(_ action: String, issuedAt: Date, alive: Bool? = nil, closed: Bool = false, fetched: Bool = true) -> CommandResult {
        var lines = fetched
            ? ["Token fetched; issued at \(TextFormat.taiwanTime(issuedAt)) (Taiwan time). The token itself is never shown."]
            : []
        var json: [String: JSONOutput] = ["command": .string("token \(action)"), "issuedAt": .time(issuedAt)]
        if let alive {
            lines.append(alive ? "The gateway says the token is alive." : "The gateway says the token is not alive.")
            json["alive"] = .bool(alive)
        }
        if closed {
            lines.append("Token closed; the next call fetches a new one.")
            json["closed"] = .bool(true)
        }
        return CommandResult(lines: lines, json: .object(json))
    }

    static func credit(_ credit: Decimal) -> CommandResult {
        CommandResult(lines: ["Credit: \(points(credit)) points"], json: ["command": "credit", "credit": .decimal(credit)])
    }

    // MARK: Sends

    static func receipt(_ receipt: SendReceipt, command: String, kind: MessageKind, scheduledAt: Date? = nil) -> CommandResult {
        var headline = scheduledAt.map { "\(kind.rawValue) booked for \(TextFormat.taiwanTime($0)) (Taiwan time)." } ?? "\(kind.rawValue) sent."
        switch receipt.origin {
        case .gateway: break
        case .ledger: headline = "Replay: an earlier run with this idempotency key sent it; nothing was sent now. Its receipt:"
        case .reconciled: headline += " (reconciled: an earlier run with this idempotency key had an unknown outcome; only what it had not sent was sent now)"
        }
        let lines = [
            headline,
            "  batch ID:  \(receipt.batchID)",
            "  sent:      \(TextFormat.count(receipt.sent, "message"))",
            "  unsent:    \(TextFormat.count(receipt.unsent, "message"))\(receipt.unsent > 0 ? " (not enough credit)" : "")",
            "  cost:      \(points(receipt.cost)) points",
            "  credit:    \(points(receipt.credit)) points left",
        ]
        var result = CommandResult(lines: lines, json: [
            "command": .string(command), "kind": .string(kind.rawValue), "batchID": .string(receipt.batchID),
            "sent": .integer(receipt.sent), "unsent": .integer(receipt.unsent), "complete": .bool(receipt.isComplete),
            "cost": .decimal(receipt.cost), "credit": .decimal(receipt.credit), "scheduledAt": .time(scheduledAt),
            "origin": .string(receipt.origin.rawValue),
        ])
        result.exception = partial(sent: receipt.sent, unsent: receipt.unsent, batchID: receipt.batchID)
        return result
    }

    /// The failure for a send the gateway carried out only in part (exit 4), or `nil`.
    static func partial(sent: Int, unsent: Int, batchID: String?) -> FailureReport? {
        guard unsent > 0 else { return nil }
        var text = "partly sent: \(TextFormat.count(unsent, "message")) of \(sent + unsent) not sent (not enough credit); "
        text += "the other \(sent) were sent"
        if let batchID { text += " in batch \(batchID)" }
        text += ". Do not send the whole batch again: top up, then send only to the numbers not sent"
        if let batchID { text += " (every8d status \(batchID) shows them with status 301)" }
        return FailureReport(.partialSend, kind: "partialSend", message: text, sent: sent > 0 ? .yes : .no,
                             extra: ["sentCount": .integer(sent), "unsentCount": .integer(unsent), "batchID": .optional(batchID)])
    }

    static func filtered(_ receipt: DuplicateFilterReceipt, dryRun: Bool, scheduledAt: Date? = nil) -> CommandResult {
        var lines: [String]
        if dryRun {
            lines = ["Dry run: nothing was sent."]
            lines.append(receipt.filtered.isEmpty
                ? "  No number got this text in the last 24 hours."
                : "  Would be left out (got this text in the last 24 hours): \(TextFormat.count(receipt.filtered.count, "number"))")
        } else {
            let what = scheduledAt.map { "SMS booked for \(TextFormat.taiwanTime($0)) (Taiwan time)" } ?? "SMS sent"
            lines = ["\(what), leaving out numbers that got this text in the last 24 hours."]
            lines.append("  batch ID:  \(receipt.batchID ?? "none (nothing was sent)")")
            lines.append("  sent:      \(TextFormat.count(receipt.sent, "message"))")
            lines.append("  unsent:    \(TextFormat.count(receipt.unsent, "message"))\(receipt.unsent > 0 ? " (not enough credit)" : "")")
            lines.append("  cost:      \(points(receipt.cost)) points")
            lines.append("  credit:    \(points(receipt.credit)) points left")
            lines.append("  left out:  \(TextFormat.count(receipt.filtered.count, "number"))")
        }
        for entry in receipt.filtered {
            lines.append("    \(entry.mobile)  already got it in batch \(entry.earlierBatchID)")
        }
        var result = CommandResult(lines: lines, json: [
            "command": "send", "kind": "SMS", "filterDuplicates": true, "dryRun": .bool(dryRun),
            "batchID": .optional(receipt.batchID), "sent": .integer(receipt.sent), "unsent": .integer(receipt.unsent),
            "complete": .bool(receipt.isComplete),
            "cost": .decimal(receipt.cost), "credit": .decimal(receipt.credit), "scheduledAt": .time(scheduledAt),
            "filtered": .array(receipt.filtered.map { ["mobile": .string($0.mobile), "earlierBatchID": .string($0.earlierBatchID)] }),
        ])
        result.exception = partial(sent: receipt.sent, unsent: receipt.unsent, batchID: receipt.batchID)
        return result
    }

    // MARK: Reports

    static func statusJSON(_ status: DeliveryStatus) -> [String: JSONOutput] {
        ["status": .integer(status.rawValue), "meaning": .string(status.meaning), "category": .string(status.category.rawValue)]
    }

    static func reportLine(_ report: DeliveryReport) -> [String] {
        var details: [String] = []
        if let reference = report.messageReference, !reference.isEmpty { details.append("MR \(reference)") }
        if !report.name.isEmpty { details.append("name \(report.name)") }
        if let sent = report.sentAt { details.append("sent \(TextFormat.taiwanTime(sent))") }
        if let cost = report.cost { details.append("cost \(points(cost))") }
        if let real = report.realCost { details.append("real cost \(points(real))") }
        if let received = report.receivedAt { details.append("reported \(TextFormat.taiwanTime(received))") }
        let suffix = details.isEmpty ? "" : "  (\(details.joined(separator: ", ")))"
        var lines = ["  \(report.mobile)  \(report.status.rawValue) \(report.status.meaning)\(suffix)"]
        for reply in report.replies {
            let time = reply.receivedAt.map { " at \(TextFormat.taiwanTime($0))" } ?? ""
            lines.append("    reply\(time): \(TextFormat.oneLine(reply.text))")
        }
        return lines
    }

    static func reportJSON(_ report: DeliveryReport) -> JSONOutput {
        var members: [String: JSONOutput] = [
            "mobile": .string(report.mobile), "name": .string(report.name), "messageReference": .optional(report.messageReference),
            "sentAt": .time(report.sentAt), "cost": .optional(report.cost), "realCost": .optional(report.realCost),
            "receivedAt": .time(report.receivedAt),
            "replies": .array(report.replies.map { ["receivedAt": .time($0.receivedAt), "text": .string($0.text)] }),
        ]
        members.merge(statusJSON(report.status)) { _, new in new }
        return .object(members)
    }

    /// One page of a paged answer: its number, the batch's total count, and the page size.
    typealias Page = (number: Int, total: Int, size: Int)

    static func pageLine(_ page: Page) -> String {
        let pages = max(1, (page.total + page.size - 1) / page.size)
        return "page \(page.number) of \(pages) (\(page.total) in all, \(page.size) a page)"
    }

    static func reports(_ reports: [DeliveryReport], batch: String, kind: MessageKind, format: DeliveryReportFormat,
                        page: Page? = nil) -> CommandResult {
        var lines = ["Batch \(batch): \(TextFormat.count(reports.count, "\(kind.rawValue) delivery report")) (\(formatName(format).uppercased()) format"
            + (page.map { ", " + pageLine($0) } ?? "") + ")"]
        if reports.isEmpty {
            lines.append("  none: the batch is unknown to this account, or has no reports yet")
        }
        for report in reports { lines += reportLine(report) }
        var counts: [String: JSONOutput] = [:]
        for category in DeliveryStatus.Category.allCases {
            let count = reports.filter { $0.status.category == category }.count
            if count > 0 { counts[category.rawValue] = .integer(count) }
        }
        var json: JSONOutput = [
            "command": "status", "kind": .string(kind.rawValue), "batchID": .string(batch), "format": .string(formatName(format)),
            "count": .integer(reports.count), "categories": .object(counts), "reports": .array(reports.map(reportJSON)),
        ]
        if let page { json = json.merging(["page": .integer(page.number), "totalCount": .integer(page.total)]) }
        return CommandResult(lines: lines, json: json)
    }

    static func formatName(_ format: DeliveryReportFormat) -> String {
        switch format {
        case .tab: return "tab"
        case .json: return "json"
        case .xml: return "xml"
        }
    }

    static func replies(_ replies: [Reply], batch: String, page: Page? = nil) -> CommandResult {
        var lines = ["Batch \(batch): \(TextFormat.count(replies.count, "reply", "replies"))" + (page.map { " (" + pageLine($0) + ")" } ?? "")]
        if replies.isEmpty { lines.append("  none: nobody replied yet, or the batch is unknown to this account") }
        for reply in replies {
            let time = reply.receivedAt.map { "  \(TextFormat.taiwanTime($0))" } ?? ""
            lines.append("  \(reply.mobile)\(time)  \(TextFormat.oneLine(reply.text))")
        }
        var json: JSONOutput = [
            "command": "replies", "batchID": .string(batch), "count": .integer(replies.count),
            "replies": .array(replies.map {
                ["mobile": .string($0.mobile), "name": .string($0.name), "text": .string($0.text),
                 "receivedAt": .time($0.receivedAt), "messageReference": .optional($0.messageReference)]
            }),
        ]
        if let page { json = json.merging(["page": .integer(page.number), "totalCount": .integer(page.total)]) }
        return CommandResult(lines: lines, json: json)
    }

    static func cancelled(_ result: CancelResult, batch: String, kind: MessageKind) -> CommandResult {
        let line = result.cancelled == 0
            ? "Batch \(batch): nothing to cancel (the gateway found no booked \(kind.rawValue))."
            : "Batch \(batch): cancelled \(TextFormat.count(result.cancelled, "booked \(kind.rawValue) message")); "
                + "\(points(result.refundedPoints)) points refunded."
        return CommandResult(lines: [line], json: [
            "command": "cancel", "kind": .string(kind.rawValue), "batchID": .string(batch),
            "cancelled": .integer(result.cancelled), "refundedPoints": .decimal(result.refundedPoints),
        ])
    }

    // MARK: Offline

    static func estimate(text: String, eventID: String?, recipients: [String]?, estimate: CostEstimator.Estimate?) -> CommandResult {
        let characters = CostEstimator.billedCharacters(text, withEventID: eventID != nil)
        let perMessage = CostEstimator.smsPoints(characters: characters)
        var lines = ["SMS cost estimate (offline, from EVERY8D's billing table; the receipt of a send is the real bill):"]
        lines.append("  text:        \(TextFormat.count(characters, "character")) billed (UTF-16 units\(eventID == nil ? "" : ", the EventID link's 17 included")), "
            + "\(perMessage) point\(perMessage == 1 ? "" : "s") per Taiwan recipient, \(perMessage * CostEstimator.internationalMultiplier) abroad")
        var json: [String: JSONOutput] = [
            "command": "cost", "kind": "SMS", "billedCharacters": .integer(characters), "eventID": .bool(eventID != nil),
            "pointsPerTaiwanRecipient": .integer(perMessage),
            "pointsPerInternationalRecipient": .integer(perMessage * CostEstimator.internationalMultiplier),
        ]
        if let estimate, let recipients {
            lines.append("  recipients:  \(recipients.count) (\(estimate.domesticRecipients) in Taiwan, \(estimate.internationalRecipients) abroad)")
            lines.append("  total:       \(points(estimate.points)) points")
            json["recipients"] = .integer(recipients.count)
            json["domesticRecipients"] = .integer(estimate.domesticRecipients)
            json["internationalRecipients"] = .integer(estimate.internationalRecipients)
            json["points"] = .decimal(estimate.points)
        }
        return CommandResult(lines: lines, json: .object(json))
    }

    static func mmsEstimate(attachment: MMSAttachment, text: String, recipients: [String]?, estimate: CostEstimator.Estimate?) throws -> CommandResult {
        let bytes = attachment.data.count + text.utf8.count
        guard let perMessage = CostEstimator.mmsPoints(contentBytes: bytes) else {
            throw ValidationError(field: "ATTACHMENT", value: "\(bytes) bytes", reason: "picture and text are over 300 KB")
        }
        var lines = ["MMS cost estimate (offline, from EVERY8D's billing table; the receipt of a send is the real bill):"]
        lines.append("  content:     \(bytes) bytes of picture and text, \(perMessage) points per message (Taiwan numbers only)")
        var json: [String: JSONOutput] = [
            "command": "cost", "kind": "MMS", "contentBytes": .integer(bytes), "pointsPerMessage": .integer(perMessage),
        ]
        if let estimate, let recipients {
            lines.append("  recipients:  \(recipients.count)")
            lines.append("  total:       \(points(estimate.points)) points")
            json["recipients"] = .integer(recipients.count)
            json["points"] = .decimal(estimate.points)
        }
        return CommandResult(lines: lines, json: .object(json))
    }

    static func pushReport(_ report: PushReport) -> CommandResult {
        let kind = report.isReply ? "a reply (MO) from the recipient" : "a delivery report"
        var lines = ["Push report: \(kind), STATUS \(report.status.rawValue) (\(report.status.meaning), \(report.status.category.rawValue))"]
        func add(_ label: String, _ value: String?) {
            if let value { lines.append("  \(label.padding(toLength: 12, withPad: " ", startingAt: 0)) \(value)") }
        }
        add("batch ID:", report.batchID)
        add(report.isReply ? "from:" : "mobile:", report.mobile)
        if report.isReply { add("reply text:", report.text.map(TextFormat.oneLine)) }
        add(report.isReply ? "received:" : "reported:", report.reportedAt.map { TextFormat.taiwanTime($0) + " (Taiwan time)" })
        add("sent:", report.sentAt.map { TextFormat.taiwanTime($0) + " (Taiwan time)" })
        add("MR:", report.messageReference)
        add("subject:", report.subject)
        add("name:", report.name)
        add("source:", report.source)
        add("charge:", report.charge.map { points($0) + " points" })
        add("type:", report.messageType)
        add("message ID:", report.messageID)
        add("user ID:", report.userID)
        lines.append("  fields as received (\(report.fields.count)):")
        for field in report.fields {
            let documented = PushReport.documentedFields.contains(field.name.uppercased())
            lines.append("    \(field.name)=\(TextFormat.oneLine(field.value))\(documented ? "" : "  (not in the documented list)")")
        }
        var json: [String: JSONOutput] = [
            "command": "report", "isReply": .bool(report.isReply), "batchID": .optional(report.batchID),
            "mobile": .optional(report.mobile), "text": .optional(report.text), "reportedAt": .time(report.reportedAt),
            "sentAt": .time(report.sentAt), "messageReference": .optional(report.messageReference),
            "subject": .optional(report.subject), "name": .optional(report.name), "source": .optional(report.source),
            "charge": .optional(report.charge), "type": .optional(report.messageType), "messageID": .optional(report.messageID),
            "userID": .optional(report.userID),
            "fields": .array(report.fields.map {
                ["name": .string($0.name), "value": .string($0.value), "documented": .bool(PushReport.documentedFields.contains($0.name.uppercased()))]
            }),
        ]
        json.merge(statusJSON(report.status)) { _, new in new }
        return CommandResult(lines: lines, json: .object(json))
    }
}
