import Foundation
import Every8D

extension Every8DCommand {
    static let recipientFileColumns = ["name", "email", "send_at", "mr"]

    /// `send-personal`: a text of its own per recipient, from a CSV file.
    static let sendPersonal = Every8DCommand(
        name: "send-personal", synopsis: "send-personal --csv FILE [--subject S] [--image FILE] [--validity MINUTES] [--event-id ID] [--idempotency-key K] [--campaign-key K [--chunk-size N] [--retry-file PATH]]",
        summary: "a text of its own for each recipient, from a CSV file",
        details: [
            "Sends each row of the CSV file its own text in one request (SendParam.ashx; over SOAP sendParamSMS);",
            "with --image, each gets an MMS with that picture (HTTP API only).",
            "",
            "The file needs a header row. Columns (names ignore case; row 1 is the header), with their field in RecipientDataList:",
            "  mobile   Mobile     the number (required)",
            "  text     Param      that recipient's whole message (required)",
            "  name     Name       a name for the gateway's records",
            "  email    Email      an address that also receives the text",
            "  send_at  SendTime   a Taiwan time yyyyMMddHHmmss in the future to book that message for",
            "  mr       Mr         a code unique in the file, echoed in delivery reports (HTTP API only; see `every8d status`)",
        ] + RecipientCampaign.helpDetails,
        options: [
            .value("csv", "FILE", wire: ["RecipientDataList"], "the recipients, one row each (required)"),
            .value("subject", "S", wire: ["SB"], allowsEmpty: true, "a label for your records (for MMS the subject shown on the phone, may be empty)"),
            Every8DOptions.image, Every8DOptions.validity, Every8DOptions.eventID, Every8DOptions.idempotencyKey,
        ] + RecipientCampaign.options,
        notes: [
            "Example (people.csv):",
            "  mobile,text,name,mr",
            "  0912345678,王先生您好，您的包裹已送達。,王小明,order-1",
            "  every8d send-personal --csv people.csv --subject 到貨通知",
            "  every8d send-personal --csv everyone.csv --campaign-key 2025-03-notice   (then again, to resume)",
        ],
        otherFields: RecipientFile.otherFields
    ) { invocation in
        let arguments = invocation.arguments
        try Every8DOptions.noPositionals(arguments)
        // Options first (the idempotency key among them): a bad one is refused before any file is read.
        let options = try Every8DOptions.sendOptions(arguments, withTime: false)
        let path = try arguments.required("csv")
        let plan = try RecipientCampaign.plan(arguments, path: path, required: ["mobile", "text"], optional: recipientFileColumns,
                                              hasImage: arguments.given("image"), idempotencyKey: options.idempotencyKey) {
            _ = try RecipientFile.personalized($0, fileName: $1)
        }
        if let campaign = plan.campaign {
            let gateway = try await invocation.gateway()
            return try await campaign.run(command: "send-personal", textColumn: "text", options: options, gateway: gateway, io: invocation.io,
                                          asJSON: arguments.flag("json")) { try $0.sendPersonalized(campaign.rows(RecipientFile.personalized)) }
        }
        let table = try CSVTable(path: path, option: "--csv", required: ["mobile", "text"], optional: recipientFileColumns)
        let attachment = try Every8DOptions.image(arguments)
        let messages = try table.rows.map { try RecipientFile.personalized($0, fileName: table.fileName) }
        let gateway = try await invocation.gateway()
        do {
            let receipt = try await RecipientFile.naming(table, textColumn: "text") {
                if let attachment {
                    return try await gateway.client.sendPersonalizedMMS(messages, attachment: attachment, options: options)
                }
                return try await gateway.client.sendPersonalizedSMS(messages, options: options)
            }
            return RecipientFile.render(receipt, command: "send-personal", attachment: attachment, rows: table.rows.count)
        } catch {
            throw SendFailure(underlying: error, checkHint: Every8DOptions.consoleHint(subject: options.subject))
        }
    }

    /// `send-template`: one template filled per recipient, from a CSV file.
    static let sendTemplate = Every8DCommand(
        name: "send-template",
        synopsis: "send-template --template TEXT --csv FILE [--subject S] [--image FILE] [--validity MINUTES] [--event-id ID] [--idempotency-key K] "
            + "[--campaign-key K [--chunk-size N] [--retry-file PATH]]",
        summary: "a template filled per recipient, from a CSV file",
        details: [
            "Sends TEXT with %field1% … %field5% replaced by each row's values, in one request",
            "(SendParam.ashx; over SOAP the client fills the template in and sends sendParamSMS); with --image,",
            "as MMS with that picture (HTTP API only).",
            "",
            "The file needs a header row. Columns (names ignore case; row 1 is the header), with their field in RecipientDataList:",
            "  mobile             Mobile     the number (required)",
            "  field1 … field5    Param      the values for %field1% … %field5%, sent joined by | (a value cannot contain |)",
            "  name, email, send_at, mr      as for send-personal",
        ] + RecipientCampaign.helpDetails,
        options: [
            .value("template", "TEXT", wire: ["MSG"], "the text with %field1% … %field5% (required); each filled-in text is billed as `send` --text"),
            .value("csv", "FILE", wire: ["RecipientDataList"], "the recipients, one row each (required)"),
            .value("subject", "S", wire: ["SB"], allowsEmpty: true, "a label for your records (for MMS the subject shown on the phone, may be empty)"),
            Every8DOptions.image, Every8DOptions.validity, Every8DOptions.eventID, Every8DOptions.idempotencyKey,
        ] + RecipientCampaign.options,
        notes: [
            "Example (due.csv):",
            "  mobile,field1,field2",
            "  0912345678,王小明,2025/03/31",
            "  every8d send-template --template \"%field1% 您好，您的帳單於 %field2% 到期。\" --csv due.csv",
            "  every8d send-template --template \"%field1% 您好\" --csv everyone.csv --campaign-key 2025-03-bills",
        ],
        otherFields: RecipientFile.otherFields
    ) { invocation in
        let arguments = invocation.arguments
        try Every8DOptions.noPositionals(arguments)
        // Options first (the idempotency key among them): a bad one is refused before any file is read.
        let options = try Every8DOptions.sendOptions(arguments, withTime: false)
        let template = try arguments.required("template")
        let path = try arguments.required("csv")
        let fields = (1...TemplateRecipient.maximumValues).map { "field\($0)" }
        let plan = try RecipientCampaign.plan(arguments, path: path, required: ["mobile"], optional: fields + recipientFileColumns,
                                              hasImage: arguments.given("image"), idempotencyKey: options.idempotencyKey) {
            _ = try RecipientFile.sendTime($0, fileName: $1)
        }
        let used = fields.lastIndex(where: plan.columns.contains).map { $0 + 1 } ?? 0
        let recipient: @Sendable (CSVTable.Row, String) throws -> TemplateRecipient = { row, fileName in
            TemplateRecipient(mobile: row["mobile"], values: fields.prefix(used).map { row[$0] }, name: row["name"],
                              email: row["email"], sendAt: try RecipientFile.sendTime(row, fileName: fileName),
                              messageReference: row.nonEmpty("mr"))
        }
        if let campaign = plan.campaign {
            let gateway = try await invocation.gateway()
            return try await campaign.run(command: "send-template", textColumn: "field1…field5", options: options, gateway: gateway,
                                          io: invocation.io, asJSON: arguments.flag("json")) {
                try $0.sendTemplate(template: template, recipients: campaign.rows(recipient))
            }
        }
        let table = try CSVTable(path: path, option: "--csv", required: ["mobile"], optional: fields + recipientFileColumns)
        let attachment = try Every8DOptions.image(arguments)
        let recipients = try table.rows.map { try recipient($0, table.fileName) }
        let gateway = try await invocation.gateway()
        do {
            let receipt = try await RecipientFile.naming(table, textColumn: "field1…field5") {
                if let attachment {
                    return try await gateway.client.sendTemplateMMS(template: template, recipients: recipients, attachment: attachment, options: options)
                }
                return try await gateway.client.sendTemplateSMS(template: template, recipients: recipients, options: options)
            }
            return RecipientFile.render(receipt, command: "send-template", attachment: attachment, rows: table.rows.count)
        } catch {
            throw SendFailure(underlying: error, checkHint: Every8DOptions.consoleHint(subject: options.subject))
        }
    }
}

/// What the two CSV commands share.
enum RecipientFile {
    /// The fields errors name that no wire field of an option stands for.
    static let otherFields = ["operation": "--image"]
        .merging(IdempotencyKeyOption.otherFields) { first, _ in first }
        .merging(RecipientCampaign.otherFields) { first, _ in first }

    /// A `send-personal` row's message.
    static func personalized(_ row: CSVTable.Row, fileName: String) throws -> PersonalizedMessage {
        PersonalizedMessage(mobile: row["mobile"], text: row["text"], name: row["name"], email: row["email"],
                            sendAt: try sendTime(row, fileName: fileName), messageReference: row.nonEmpty("mr"))
    }

    /// The row's `send_at`, or `nil` when blank.
    static func sendTime(_ row: CSVTable.Row, fileName: String) throws -> Date? {
        guard let text = row.nonEmpty("send_at") else { return nil }
        guard let date = TaiwanTime.parse(text) else {
            throw UsageError("--csv \(fileName) row \(row.number), column send_at: \"\(text)\" is not a Taiwan time yyyyMMddHHmmss",
                             option: "--csv", value: text)
        }
        return date
    }

    /// Runs a send, turning the client's `RecipientDataList[i].Field` in validation errors into the
    /// file's row and column, which is what the user can find.
    static func naming<T>(_ table: CSVTable, textColumn: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ValidationError {
            guard error.field.hasPrefix("RecipientDataList["), let close = error.field.firstIndex(of: "]"),
                  let index = Int(error.field[error.field.index(error.field.startIndex, offsetBy: 18)..<close]),
                  (1...table.rows.count).contains(index) else { throw error }
            let field = error.field[error.field.index(after: close)...].drop { $0 == "." }
            let column = column(forField: String(field), textColumn: textColumn)
            throw LocatedValidationError(error, option: "--csv", location: "--csv \(table.fileName) row \(table.rows[index - 1].number), column \(column)")
        }
    }

    /// The file's column for a row's wire field (`Mobile` → `mobile`).
    static func column(forField field: String, textColumn: String) -> String {
        switch field {
        case "Mobile": return "mobile"
        case "Param": return textColumn
        case "SendTime": return "send_at"
        case "Mr": return "mr"
        default: return field
        }
    }

    static func render(_ receipt: SendReceipt, command: String, attachment: MMSAttachment?, rows: Int) -> CommandResult {
        var result = Every8DRender.receipt(receipt, command: command, kind: attachment == nil ? .sms : .mms)
        result.lines.insert("  recipients in the file: \(rows)", at: 1)
        result.json = result.json.merging(["rows": .integer(rows)])
        return result
    }
}
