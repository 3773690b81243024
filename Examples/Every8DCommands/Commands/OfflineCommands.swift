import Foundation
import Every8D

extension Every8DCommand {
    /// `cost`: the billing table, offline.
    static let cost = Every8DCommand(
        name: "cost", synopsis: "cost --text TEXT [--to LIST] [--event-id ID] | cost --mms --image FILE [--text TEXT] [--to LIST]",
        summary: "estimate the points of an SMS or MMS (offline)",
        details: [
            "Estimates what a send costs, from EVERY8D's billing table, without the network or an account.",
            "SMS: 1-70 characters 1 point, 71-134 2, 135-201 3, 202-268 4, 269-333 5 (UTF-16 units; longer texts",
            "are split into 333-character parts); an EventID adds a 17-character link; numbers abroad cost 3 times",
            "as much. MMS: 3 points a message up to 50 KB of picture and text, 5 up to 300 KB; Taiwan numbers only.",
            "The receipt of a send is the real bill.",
        ],
        options: [
            .value("text", "TEXT", wire: ["MSG"], allowsEmpty: true, "the message (required for an SMS; under the picture for an MMS)"),
            .value("to", "LIST", wire: ["DEST"], repeats: .accumulates, "numbers separated by commas, for a total; repeat --to to add more"),
            .value("event-id", "ID", wire: ["EventID"], "price the 17-character link an EventID adds (SMS)"),
            .flag("mms", "price an MMS (needs --image)"),
            .value("image", "FILE", wire: ["ATTACHMENT"], "the MMS picture, whose size with the text sets the price (implies --mms)"),
        ],
        notes: [
            "Examples:",
            "  every8d cost --text \"您的驗證碼 123456\" --to 0912345678,+14155550100",
            "  every8d cost --text \"Reply 1 to confirm\" --event-id -1",
            "  every8d cost --mms --image photo.jpg --to 0912345678",
        ]
    ) { invocation in
        let arguments = invocation.arguments
        try Every8DOptions.noPositionals(arguments)
        let recipients = arguments.list("to")
        if arguments.flag("mms") || arguments.given("image") {
            guard let attachment = try Every8DOptions.image(arguments) else {
                throw UsageError("cost --mms needs --image FILE (the picture's size sets the price)", option: "--mms")
            }
            if arguments.given("event-id") { throw UsageError("--event-id prices an SMS, not an MMS", option: "--event-id") }
            let text = arguments.value("text") ?? ""
            let estimate = try recipients.map { try CostEstimator.mms(attachment: attachment, text: text, recipients: $0) }
            return try Every8DRender.mmsEstimate(attachment: attachment, text: text, recipients: recipients, estimate: estimate)
        }
        guard let text = arguments.value("text"), !text.isEmpty else {
            throw UsageError(arguments.given("text") ? "--text is empty; an SMS needs a text to price" : "--text is required", option: "--text")
        }
        let eventID = arguments.value("event-id")
        let estimate = try recipients.map { try CostEstimator.sms(text: text, recipients: $0, eventID: eventID) }
        return Every8DRender.estimate(text: text, eventID: eventID, recipients: recipients, estimate: estimate)
    }

    /// `report QUERY`: a push report, offline.
    static let report = Every8DCommand(
        name: "report", synopsis: "report QUERY",
        summary: "read a push report's query string (offline)",
        details: [
            "Reads what EVERY8D sends to your push-report URL: the query string (or the whole URL) with",
            "BatchID RM RT STATUS SM ST MR SUBJECT NAME SOURCE CHARGE TYPE MSGID USERID. Prints the typed",
            "fields and every field as received, undocumented ones (CustID, UserNo, …) included.",
            "STATUS 999 is a reply from the recipient, whose text is SM.",
        ],
        notes: [
            "Examples:",
            "  every8d report 'BatchID=5ca1ab1e&RM=%2B886912345678&RT=20250301093000&STATUS=100'",
            "  every8d report 'https://example.com/e8d?RM=0912345678&STATUS=999&SM=%E5%A5%BD&RT=20250301093500'",
        ],
    ) { invocation in
        let query = try invocation.arguments.positionals(named: ["QUERY"])[0]
        do {
            return Every8DRender.pushReport(try PushReport(query: query))
        } catch let error as ResponseParseError {
            throw UsageError("QUERY is not a push report: \(error.reason)", option: "QUERY")
        }
    }
}
