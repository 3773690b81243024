import Foundation
import Every8D

/// The demo's script for API 3.0 (`every8d --api v3 demo`): every 3.0 call once, through the same
/// `Every8DMessaging` calls as the 2.1 demo.
struct Every8DV3Demo {
    let client: any Every8DMessaging
    private var narration = Narration()

    init(client: any Every8DMessaging) {
        self.client = client
    }

    mutating func run() async throws -> CommandResult {
        narration.intro([
            "EVERY8D API 3.0 demo (https://e8dapi.e8d.tw/e8d/…, JSON) against the built-in sandbox: demo account",
            "\"sandbox\", custcode e8d, 1000.00 points, nothing leaves this machine. Every call carries the user id",
            "and password (one round trip; EVERY8D_AUTH=token fetches a single-use token per call: two). The last",
            "digit of a number decides what happens: 0-5 delivered, 6 phone off, 7 wrong number, 8 stays at the",
            "carrier, 9 delivered and replies.",
        ])
        let issuedAt = try await client.connect().issuedAt
        narration.step("Fetch a token (getoken)", Every8DRender.token("get", issuedAt: issuedAt),
                       note: "A 3.0 token is good for one call within ten minutes; its value is never printed.")
        let alive = try await client.checkConnection()
        narration.step("Fetch another and ask whether it is alive (getoken, tokenislive)",
                       Every8DRender.token("check", issuedAt: issuedAt, alive: alive, fetched: false))
        narration.step("Read the credit (getcredit)", Every8DRender.credit(try await client.credit()))

        let text = "您好，這是 API 3.0 的示範簡訊。"
        let numbers = [Every8DDemo.delivered, Every8DDemo.phoneOff, Every8DDemo.atCarrier, Every8DDemo.replies]
        let receipt = try await client.sendSMS(to: numbers, text: text, subject: "v3 demo")
        narration.step("Send one SMS to four numbers (sendsms)", Every8DRender.receipt(receipt, command: "send", kind: .sms))
        let reports = try await Every8DDemo.all(client.deliveryReports(batch: receipt.batchID, kind: .sms, format: nil))
        narration.step("Delivery status (getdrstatus, all pages)", Every8DRender.reports(reports, batch: receipt.batchID, kind: .sms, format: .json))
        narration.step("Replies (getreplymsg)",
                       Every8DRender.replies(try await Every8DDemo.all(client.replies(batch: receipt.batchID)), batch: receipt.batchID))

        let again = [Every8DDemo.delivered, "0912345671"]
        let dryRun = try await client.sendSMSFilteringDuplicates(to: again, text: text, subject: "v3 demo again", dryRun: true)
        narration.step("Duplicate filter, dry run (sendparam_sms with issend false)", Every8DRender.filtered(dryRun, dryRun: true),
                       note: "The same text to \(Every8DDemo.delivered) (already sent) and 0912345671 (new): nothing is sent.")
        let filtered = try await client.sendSMSFilteringDuplicates(to: again, text: text, subject: "v3 demo again", dryRun: false)
        narration.step("Duplicate filter, for real (issend true)", Every8DRender.filtered(filtered, dryRun: false))

        let personal = try await client.sendPersonalizedSMS([
            PersonalizedMessage(mobile: "0912345672", text: "王先生您好，您的包裹已送達。", messageReference: "order-1"),
            PersonalizedMessage(mobile: "0912345673", text: "李小姐您好，您的包裹明天送達。", messageReference: "order-2"),
        ], subject: "到貨通知")
        narration.step("Personalised SMS, a text per recipient with a message reference (sendexclusive_sms)",
                       Every8DRender.receipt(personal, command: "send-personal", kind: .sms),
                       note: "3.0 carries no name or e-mail per recipient.")
        let template = try await client.sendTemplateSMS(template: "%field1% 您好，您的帳單 %field2% 元於 %field3% 到期。", recipients: [
            TemplateRecipient(mobile: "0912345674", values: ["王小明", "1200", "3/31"]),
            TemplateRecipient(mobile: "0912345675", values: ["李小華", "860", "4/15"]),
        ], subject: "帳單")
        narration.step("Template SMS, %field1%…%field5% filled per recipient (sendparam_sms)",
                       Every8DRender.receipt(template, command: "send-template", kind: .sms),
                       note: "3.0 joins the values with commas, so a value may not contain one.")

        let picture = try MMSAttachment(data: Every8DSOAPDemo.png)
        let mms = try await client.sendMMS(to: [Every8DDemo.delivered], subject: "示範", text: "一張小圖", attachment: picture)
        narration.step("MMS with a 1×1 PNG (sendmms)", Every8DRender.receipt(mms, command: "mms", kind: .mms),
                       note: "3.0 takes JPEG and PNG pictures, and an MMS needs a subject.")
        let mmsReports = try await Every8DDemo.all(client.deliveryReports(batch: mms.batchID, kind: .mms, format: nil))
        narration.step("MMS delivery status (getdrstatus, type MMS)", Every8DRender.reports(mmsReports, batch: mms.batchID, kind: .mms, format: .json))

        let later = Date().addingTimeInterval(3600)
        let booking = try await client.sendSMS(to: ["0912345670", "0912345671"], text: "一小時後的提醒", subject: "booking", at: later)
        narration.step("Book an SMS for an hour from now (sendtime)", Every8DRender.receipt(booking, command: "send", kind: .sms, scheduledAt: later))
        let cancelled = try await client.cancelBooking(batch: booking.batchID, kind: .sms)
        narration.step("Cancel the booking (cancelbooking): the points come back", Every8DRender.cancelled(cancelled, batch: booking.batchID, kind: .sms))
        let mmsBooking = try await client.sendMMS(to: ["0912345671"], subject: "預約", attachment: picture, at: later)
        narration.step("Book an MMS for an hour from now", Every8DRender.receipt(mmsBooking, command: "mms", kind: .mms, scheduledAt: later))
        let mmsCancelled = try await client.cancelBooking(batch: mmsBooking.batchID, kind: .mms)
        narration.step("Cancel it (cancelbooking, type MMS)", Every8DRender.cancelled(mmsCancelled, batch: mmsBooking.batchID, kind: .mms))

        narration.step("Credit after all this", Every8DRender.credit(try await client.credit()))
        narration.outro("Done: every 3.0 call once (3.0 has no logout: a token ends when used). `every8d --help` lists the commands.")
        return narration.result
    }
}
