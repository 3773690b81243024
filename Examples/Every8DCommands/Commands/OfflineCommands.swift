import Foundation
import Every8D

extension Every8DCommand {
    /// `cost`: the billing table, offline.
    static let cost = Every8DCommand(
        name: "cost", synopsis: "cost --text TEXT [--to LIST]",
        summary: "estimate the points of a text (offline)",
        details: [
            "Estimates what sending TEXT costs, from EVERY8D's billing table, without the network or an",
            "account: 1-70 characters 1 point, 71-134 2, 135-201 3, 202-268 4, 269-333 5 (UTF-16 units;",
            "longer texts are split into 333-character parts); numbers abroad cost 3 times as much.",
            "",
            "Options:",
            "  --text TEXT   the message",
            "  --to LIST     numbers separated by commas, for a total",
            "",
            "Example:",
            "  every8d cost --text \"您的驗證碼 123456\" --to 0912345678,+14155550100",
        ],
        valueOptions: ["text", "to"], flagOptions: []
    ) { invocation in
        let arguments = invocation.arguments
        try Every8DOptions.noPositionals(arguments)
        let text = try arguments.required("text")
        let recipients = arguments.list("to")
        let estimate = try recipients.map { try CostEstimator.sms(text: text, recipients: $0) }
        return Every8DRender.estimate(text: text, recipients: recipients, estimate: estimate)
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
            "",
            "Examples:",
            "  every8d report 'BatchID=5ca1ab1e&RM=%2B886912345678&RT=20250301093000&STATUS=100'",
            "  every8d report 'https://example.com/e8d?RM=0912345678&STATUS=999&SM=%E5%A5%BD&RT=20250301093500'",
        ],
        valueOptions: [], flagOptions: []
    ) { invocation in
        let query = try invocation.arguments.positionals(named: ["QUERY"])[0]
        do {
            return Every8DRender.pushReport(try PushReport(query: query))
        } catch let error as ResponseParseError {
            throw UsageError("QUERY is not a push report: \(error.reason)")
        }
    }
}
