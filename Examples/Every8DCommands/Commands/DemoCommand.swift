import Foundation
import Every8D

extension Every8DCommand {
    /// `demo`: every call once against the built-in sandbox, narrated.
    static let demo = Every8DCommand(
        name: "demo", synopsis: "demo",
        summary: "every call once against the built-in sandbox, narrated (offline)",
        details: [
            "Runs every EVERY8D call once against the built-in sandbox, always (EVERY8D_UID and",
            "EVERY8D_PWD are not used), and explains each step: token, credit, sends covering the",
            "sandbox's outcomes (the last digit of a number decides: 0-5 delivered, 6 phone off, 7 wrong",
            "number, 8 stays at the carrier, 9 delivered and replies), delivery status in TAB, JSON and",
            "XML, replies, the duplicate filter, personalised and template sends, MMS, bookings and",
            "their cancellation, errors, the cost estimate and push reports. Nothing leaves this machine.",
            "With --api soap it runs every operation of the legacy SOAP API instead, with --api v3 every call of API 3.0.",
        ],
        notes: [
            "Examples:",
            "  every8d demo",
            "  every8d --api soap demo",
            "  every8d --api v3 demo",
        ]
    ) { invocation in
        try Every8DOptions.noPositionals(invocation.arguments)
        let accountSet = invocation.environment.string("EVERY8D_UID") != nil || invocation.environment.raw("EVERY8D_PWD") != nil
        let notice = accountSet
            ? "every8d: demo always uses the built-in sandbox (offline, nothing is sent); EVERY8D_UID/EVERY8D_PWD are not used"
            : Every8DGateway.sandboxNotice
        let io = invocation.io
        let api = try invocation.api()
        let settings = Every8DSettings(account: nil, password: nil, api: api, soapVersion: .soap11, authentication: api == .v3 ? .password : .token,
                                       timeout: nil, siteURL: nil)
        let gateway = Every8DGateway(settings) { io.err(notice) }
        switch api {
        case .http:
            var demo = Every8DDemo(client: gateway.client)
            return try await demo.run()
        case .soap:
            var demo = Every8DSOAPDemo(client: gateway.client)
            return try await demo.run()
        case .v3:
            var demo = Every8DV3Demo(client: gateway.client)
            return try await demo.run()
        }
    }
}

/// The demo's script.
struct Every8DDemo {
    let client: any Every8DMessaging
    private var narration = Narration()

    init(client: any Every8DMessaging) {
        self.client = client
    }

    /// Numbers whose last digit picks the sandbox's outcome.
    static let delivered = "0912345670"
    static let phoneOff = "0912345676"
    static let atCarrier = "0912345678"
    static let replies = "0912345679"

    /// A 1×1 GIF, the smallest valid picture an MMS can carry.
    static let gif = Data([
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xFF, 0xFF, 0xFF,
        0x00, 0x00, 0x00, 0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00,
        0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ])

    mutating func run() async throws -> CommandResult {
        narration.intro([
            "EVERY8D demo against the built-in sandbox: demo account \"sandbox\", 1000.00 points, nothing leaves",
            "this machine. In the sandbox the last digit of a number decides what happens to a message:",
            "0-5 delivered, 6 phone off, 7 wrong number, 8 stays at the carrier, 9 delivered and replies.",
        ])

        let issuedAt = try await client.connect().issuedAt
        narration.step("Fetch a token (ConnectionHandler.ashx, VerifyType 1)", Every8DRender.token("get", issuedAt: issuedAt),
                       note: "The client sends it as Authorization: Bearer from now on; its value is never printed.")
        let alive = try await client.checkConnection()
        narration.step("Check the token (VerifyType 2)", Every8DRender.token("check", issuedAt: issuedAt, alive: alive, fetched: false))
        narration.step("Read the credit (GetCredit.ashx)", Every8DRender.credit(try await client.credit()))

        let text = "您好，這是 swift-tw-sms 的示範簡訊。"
        let receipt = try await client.sendSMS(to: [Self.delivered, Self.phoneOff, Self.atCarrier, Self.replies], text: text, subject: "demo")
        narration.step("Send one SMS to four numbers (SendSMS.ashx)", Every8DRender.receipt(receipt, command: "send", kind: .sms),
                       note: "\(Self.delivered) will be delivered, \(Self.phoneOff) has its phone off, \(Self.atCarrier) stays at the carrier, \(Self.replies) replies.")

        for format in [DeliveryReportFormat.json, .tab, .xml] {
            let reports = try await Self.all(client.deliveryReports(batch: receipt.batchID, kind: .sms, format: format))
            narration.step("Delivery status, \(Every8DRender.formatName(format).uppercased()) format (GetDeliveryStatus.ashx, all pages)",
                           Every8DRender.reports(reports, batch: receipt.batchID, kind: .sms, format: format))
        }
        narration.step("Replies (GetReplyMessage.ashx)", Every8DRender.replies(try await Self.all(client.replies(batch: receipt.batchID)), batch: receipt.batchID))

        let again = [Self.delivered, "0912345671"]
        let dryRun = try await client.sendSMSFilteringDuplicates(to: again, text: text, subject: "demo again", dryRun: true)
        narration.step("Duplicate filter, dry run (SendSMS4FilterMessage.ashx, IsSend=false)", Every8DRender.filtered(dryRun, dryRun: true),
                       note: "The same text to \(Self.delivered) (already sent) and 0912345671 (new): nothing is sent.")
        let filtered = try await client.sendSMSFilteringDuplicates(to: again, text: text, subject: "demo again", dryRun: false)
        narration.step("Duplicate filter, for real (IsSend=true)", Every8DRender.filtered(filtered, dryRun: false))

        let personal = try await client.sendPersonalizedSMS([
            PersonalizedMessage(mobile: "0912345672", text: "王先生您好，您的包裹已送達。", name: "王小明", messageReference: "order-1"),
            PersonalizedMessage(mobile: "0912345673", text: "李小姐您好，您的包裹明天送達。", name: "李小華", messageReference: "order-2"),
        ], subject: "到貨通知")
        narration.step("Personalised SMS, a text per recipient with a message reference (SendParam.ashx)",
                       Every8DRender.receipt(personal, command: "send-personal", kind: .sms))
        let personalReports = try await Self.all(client.deliveryReports(batch: personal.batchID, kind: .sms, format: .json))
        narration.step("Their delivery status: each row carries its MR", Every8DRender.reports(personalReports, batch: personal.batchID, kind: .sms, format: .json))

        let template = try await client.sendTemplateSMS(template: "%field1% 您好，您的帳單 %field2% 元於 %field3% 到期。", recipients: [
            TemplateRecipient(mobile: "0912345674", values: ["王小明", "1,200", "3/31"]),
            TemplateRecipient(mobile: "0912345675", values: ["李小華", "860", "4/15"]),
        ], subject: "帳單")
        narration.step("Template SMS, %field1%…%field5% filled per recipient (SendParam.ashx)",
                       Every8DRender.receipt(template, command: "send-template", kind: .sms))

        let picture = try MMSAttachment(data: Self.gif)
        let mms = try await client.sendMMS(to: [Self.delivered], subject: "示範", text: "一張小圖", attachment: picture)
        narration.step("MMS with a 43-byte GIF (MMS/SendMMS.ashx)", Every8DRender.receipt(mms, command: "mms", kind: .mms),
                       note: "3 points: picture and text are under 50 KB.")
        let mmsReports = try await Self.all(client.deliveryReports(batch: mms.batchID, kind: .mms, format: .json))
        narration.step("MMS delivery status (MMS/GetDeliveryStatus.ashx)", Every8DRender.reports(mmsReports, batch: mms.batchID, kind: .mms, format: .json))

        let later = Date().addingTimeInterval(3600)
        let booking = try await client.sendSMS(to: ["0912345670", "0912345671"], text: "一小時後的提醒", subject: "booking", at: later)
        narration.step("Book an SMS for an hour from now (ST)", Every8DRender.receipt(booking, command: "send", kind: .sms, scheduledAt: later))
        let booked = try await Self.all(client.deliveryReports(batch: booking.batchID, kind: .sms, format: .json))
        narration.step("The booking's status", Every8DRender.reports(booked, batch: booking.batchID, kind: .sms, format: .json))
        let cancelled = try await client.cancelBooking(batch: booking.batchID, kind: .sms)
        narration.step("Cancel the booking (EraseBooking.ashx): the points come back", Every8DRender.cancelled(cancelled, batch: booking.batchID, kind: .sms))

        let mmsBooking = try await client.sendMMS(to: ["0912345671"], subject: "預約", attachment: picture, at: later)
        narration.step("Book an MMS for an hour from now", Every8DRender.receipt(mmsBooking, command: "mms", kind: .mms, scheduledAt: later))
        let mmsCancelled = try await client.cancelBooking(batch: mmsBooking.batchID, kind: .mms)
        narration.step("Cancel the MMS booking (MMS/EraseBooking.ashx)", Every8DRender.cancelled(mmsCancelled, batch: mmsBooking.batchID, kind: .mms))

        narration.step("What errors look like", errors: try await errorExamples())

        let estimateText = String(repeating: "長", count: 75)
        let estimate = try CostEstimator.sms(text: estimateText, recipients: ["0912345678", "+14155550100"])
        narration.step("Estimate a 75-character text to a Taiwan and a US number (offline)",
                       Every8DRender.estimate(text: estimateText, eventID: nil, recipients: ["0912345678", "+14155550100"], estimate: estimate))

        let reportQuery = "BatchID=\(receipt.batchID)&RM=%2B886912345670&RT=20250301093000&STATUS=100&ST=20250301092955&CHARGE=1.00&TYPE=SMS&CustID=demo"
        narration.step("Read a pushed delivery report (the query EVERY8D calls your URL with)",
                       Every8DRender.pushReport(try PushReport(query: reportQuery)))
        let replyQuery = "BatchID=\(receipt.batchID)&RM=%2B886912345679&RT=20250301093500&STATUS=999&SM=%E6%94%B6%E5%88%B0%EF%BC%8C%E8%AC%9D%E8%AC%9D%EF%BC%81"
        narration.step("Read a pushed reply (STATUS=999, the text is SM)", Every8DRender.pushReport(try PushReport(query: replyQuery)))

        narration.step("Credit after all this", Every8DRender.credit(try await client.credit()))
        try await client.disconnect()
        narration.step("Close the token (VerifyType 3)", Every8DRender.token("close", issuedAt: issuedAt, closed: true, fetched: false))

        narration.outro("Done: every call once. Try `every8d --help`, or set EVERY8D_UID and EVERY8D_PWD to use your account.")
        return narration.result
    }

    /// A refused number and an unknown batch: what the commands print on stderr, and their exit codes.
    private func errorExamples() async throws -> CommandResult {
        var lines: [String] = []
        var examples: [JSONOutput] = []
        do {
            _ = try await client.sendSMS(to: ["0912-345-678"], text: "x")
            throw DemoFailure.expectedError("a number with dashes was accepted")
        } catch let error as ValidationError {
            let report = Every8DFailure.describe(error, context: FailureContext(operation: "send", options: Every8DCommand.send.spec.options))
            lines.append("A number with dashes is refused before anything is sent (exit \(report.exitCode.rawValue)):")
            lines.append("  every8d: \(report.message)")
            examples.append(report.json)
        }
        do {
            _ = try await client.cancelBooking(batch: "no-such-batch", kind: .sms)
            throw DemoFailure.expectedError("an unknown batch was cancelled")
        } catch let error as Every8DError {
            let report = Every8DFailure.describe(error, context: FailureContext(operation: "cancel", options: []))
            lines.append("The gateway refuses to cancel an unknown batch (exit \(report.exitCode.rawValue)):")
            lines.append("  every8d: \(report.message)")
            examples.append(report.json)
        }
        return CommandResult(lines: lines, json: ["errors": .array(examples)])
    }
}

extension Every8DDemo {
    /// Every element of a paged sequence (every page fetched).
    static func all<S: AsyncSequence>(_ sequence: S) async throws -> [S.Element] {
        var elements: [S.Element] = []
        for try await element in sequence { elements.append(element) }
        return elements
    }
}

/// The demo met something the sandbox should not do.
enum DemoFailure: Error, CustomStringConvertible {
    case expectedError(String)

    var description: String {
        switch self {
        case .expectedError(let what): return "demo: expected an error, but \(what)"
        }
    }
}

/// The demo's text and JSON, built step by step.
struct Narration {
    private var lines: [String] = []
    private var steps: [JSONOutput] = []
    private var intro: [String] = []

    mutating func intro(_ lines: [String]) {
        intro = lines
        self.lines += lines
    }

    mutating func step(_ title: String, _ result: CommandResult, note: String? = nil) {
        steps.append(["step": .integer(steps.count + 1), "title": .string(title), "note": .optional(note), "result": result.json])
        lines.append("")
        lines.append("\(steps.count). \(title)")
        if let note { lines.append("   \(note)") }
        lines += result.lines.map { "   " + $0 }
    }

    mutating func step(_ title: String, errors: CommandResult) {
        step(title, errors)
    }

    mutating func outro(_ line: String) {
        lines.append("")
        lines.append(line)
    }

    var result: CommandResult {
        CommandResult(lines: lines, json: [
            "command": "demo", "sandbox": true, "intro": .string(intro.joined(separator: " ")), "steps": .array(steps),
        ])
    }
}
