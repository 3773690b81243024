import Foundation
import Every8D

/// The demo's script for the legacy SOAP API (`every8d --api soap demo`): every SOAP operation once.
struct Every8DSOAPDemo {
    let client: any Every8DMessaging
    private var narration = Narration()

    init(client: any Every8DMessaging) {
        self.client = client
    }

    /// A 1×1 PNG: the SOAP API takes JPEG and PNG pictures only.
    static let png = Data([
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
        0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
        0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
        0x42, 0x60, 0x82,
    ])

    mutating func run() async throws -> CommandResult {
        narration.intro([
            "EVERY8D SOAP demo (SMS.asmx and MMS.asmx, API 2.1 for legacy accounts) against the built-in",
            "sandbox: demo account \"sandbox\", 1000.00 points, nothing leaves this machine. The last digit",
            "of a number decides what happens: 0-5 delivered, 6 phone off, 7 wrong number, 8 stays at the",
            "carrier, 9 delivered and replies.",
        ])
        let issuedAt = try await client.connect().issuedAt
        narration.step("Log in (getConnection)", Every8DRender.token("get", issuedAt: issuedAt),
                       note: "The session key goes into every later call; its value is never printed.")
        narration.step("Read the credit (getCredit)", Every8DRender.credit(try await client.credit()))

        let numbers = [Every8DDemo.delivered, Every8DDemo.phoneOff, Every8DDemo.atCarrier, Every8DDemo.replies]
        let receipt = try await client.sendSMS(to: numbers, text: "您好，這是 SOAP 的示範簡訊。", subject: "soap demo")
        narration.step("Send one SMS to four numbers (sendSMS)", Every8DRender.receipt(receipt, command: "send", kind: .sms))
        let withValidity = try await client.sendSMS(to: [Every8DDemo.delivered], text: "兩小時內有效", subject: "validity", validity: .seconds(7200))
        narration.step("Send with a validity of 120 minutes (sendMessage)", Every8DRender.receipt(withValidity, command: "send", kind: .sms))

        let reports = try await Every8DDemo.all(client.deliveryReports(batch: receipt.batchID, kind: .sms, format: .xml))
        narration.step("Delivery status, the XML log (getDeliveryStatus, all pages)",
                       Every8DRender.reports(reports, batch: receipt.batchID, kind: .sms, format: .xml))
        narration.step("Replies, read from the log's REPLY_SMS elements",
                       Every8DRender.replies(try await Every8DDemo.all(client.replies(batch: receipt.batchID)), batch: receipt.batchID))

        let personal = try await client.sendPersonalizedSMS([
            PersonalizedMessage(mobile: "0912345672", text: "王先生您好，您的包裹已送達。", name: "王小明"),
            PersonalizedMessage(mobile: "0912345673", text: "李小姐您好 <b>&</b> ]]> 也照樣送達。", name: "李小華"),
        ], subject: "到貨通知")
        narration.step("A text per recipient (sendParamSMS, a <REPS> document with CDATA texts)",
                       Every8DRender.receipt(personal, command: "send-personal", kind: .sms),
                       note: "The second text holds <, & and ]]>: the client escapes them so they arrive as written.")
        let template = try await client.sendTemplateSMS(template: "%field1% 您好，您的帳單 %field2% 元於 %field3% 到期。", recipients: [
            TemplateRecipient(mobile: "0912345674", values: ["王小明", "1,200", "3/31"]),
        ], subject: "帳單")
        narration.step("A template, filled in by the client (SOAP has no templates), sent as sendParamSMS",
                       Every8DRender.receipt(template, command: "send-template", kind: .sms))

        let picture = try MMSAttachment(data: Self.png)
        let mms = try await client.sendMMS(to: [Every8DDemo.delivered], subject: "示範", text: "一張小圖", attachment: picture)
        narration.step("MMS with a 1×1 PNG (MMS.asmx sendMMS)", Every8DRender.receipt(mms, command: "mms", kind: .mms))
        let mmsReports = try await Every8DDemo.all(client.deliveryReports(batch: mms.batchID, kind: .mms, format: .xml))
        narration.step("MMS delivery status (getMMSDeliveryStatus)", Every8DRender.reports(mmsReports, batch: mms.batchID, kind: .mms, format: .xml))

        let later = Date().addingTimeInterval(3600)
        let booking = try await client.sendSMS(to: ["0912345670", "0912345671"], text: "一小時後的提醒", subject: "booking", at: later)
        narration.step("Book an SMS for an hour from now", Every8DRender.receipt(booking, command: "send", kind: .sms, scheduledAt: later))
        let cancelled = try await client.cancelBooking(batch: booking.batchID, kind: .sms)
        narration.step("Cancel it (eraseBooking): the points come back", Every8DRender.cancelled(cancelled, batch: booking.batchID, kind: .sms))
        let mmsBooking = try await client.sendMMS(to: ["0912345671"], subject: "預約", attachment: picture, at: later)
        narration.step("Book an MMS for an hour from now", Every8DRender.receipt(mmsBooking, command: "mms", kind: .mms, scheduledAt: later))
        let mmsCancelled = try await client.cancelBooking(batch: mmsBooking.batchID, kind: .mms)
        narration.step("Cancel it (eraseMMSBooking)", Every8DRender.cancelled(mmsCancelled, batch: mmsBooking.batchID, kind: .mms))

        narration.step("Credit after all this", Every8DRender.credit(try await client.credit()))
        try await client.disconnect()
        narration.step("Log out (closeConnection)", Every8DRender.token("close", issuedAt: issuedAt, closed: true, fetched: false),
                       note: "The account has one session key: closing it logs out every system that shares the account.")
        narration.outro("Done: every SOAP operation once. `every8d --api soap --help` lists the commands SOAP offers.")
        return narration.result
    }
}
