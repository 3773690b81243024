import Foundation
import Every8D

/// The options the commands share, with the wire fields they set, and how their values are read.
enum Every8DOptions {
    // MARK: Global

    static let api = OptionSpec.value("api", "http|soap|v3", wire: ["/API21/HTTP/", "/API21/SOAP/", "/<custcode>/"],
                                      "the API (also EVERY8D_API): http, API 2.1 over HTTP (default); soap, the legacy SOAP API for old accounts; v3, API 3.0 (JSON)")
    static let soapVersion = OptionSpec.value("soap-version", "1.1|1.2", wire: ["Content-Type", "SOAPAction"],
                                              "with --api soap: the SOAP version of the envelopes (also EVERY8D_SOAP_VERSION; default 1.1)")
    static let global = [api, soapVersion]

    // MARK: Sends

    static let to = OptionSpec.value("to", "LIST", wire: ["DEST"], repeats: .accumulates,
                                     "numbers separated by commas: 09xxxxxxxx (sent as +8869xxxxxxxx) or + and 8-15 digits (abroad costs 3×); repeat --to to add more")
    static let text = OptionSpec.value("text", "TEXT", wire: ["MSG"],
                                       "the message: up to 333 characters (UTF-16 units) go as one long SMS, billed 1 point up to 70, 2 up to 134, 3 up to 201, 4 up to 268, 5 up to 333; longer texts are split in parts of 333")
    static let subject = OptionSpec.value("subject", "S", wire: ["SB"], allowsEmpty: true,
                                          "a label for your records, one line, not shown on the phone (default empty)")
    static let at = OptionSpec.value("at", "yyyyMMddHHmmss", wire: ["ST"],
                                     "book the send for this Taiwan time, which must be in the future (default: send now)")
    static let validity = OptionSpec.value("validity", "MINUTES", wire: ["RETRYTIME"],
                                           "how long the gateway keeps trying, whole minutes from 1 (default 1440, one day)")
    static let eventID = OptionSpec.value("event-id", "ID", wire: ["EventID"],
                                          "an interactive-reply channel (HTTP API only; -1 for the account's default): the gateway adds a 17-character link, billed with the text")
    static let image = OptionSpec.value("image", "FILE", wire: ["ATTACHMENT", "TYPE"],
                                        "a JPEG, PNG or GIF picture (the type is read from its bytes; SOAP takes JPEG and PNG): picture and text up to 300 KB, 3 points a message up to 50 KB, 5 above")

    static let idempotencyKey = IdempotencyKeyOption.option

    /// How long the gateway keeps trying, from `--validity`.
    static func validity(_ arguments: Arguments) throws -> Duration? {
        try arguments.wholeNumber("validity", from: 1...Int(Int32.max)).map { .seconds(Int64($0) * 60) }
    }

    /// The send time from `--at` (the gateways' other layouts are accepted too); the SDK checks it is in the future.
    static func sendTime(_ arguments: Arguments) throws -> Date? {
        guard let text = arguments.value("at") else { return nil }
        guard let date = TaiwanTime.parse(text) else {
            throw UsageError("--at must be a Taiwan time yyyyMMddHHmmss (for example 20250301093000), got \"\(text)\"", option: "--at", value: text)
        }
        return date
    }

    /// The numbers of `--to`.
    static func recipients(_ arguments: Arguments) throws -> [String] {
        guard let list = arguments.list("to") else { throw UsageError("--to is required", option: "--to") }
        return list
    }

    /// The picture of `--image`.
    static func image(_ arguments: Arguments) throws -> MMSAttachment? {
        guard let file = try arguments.file("image") else { return nil }
        return try MMSAttachment(data: file.data)
    }

    /// What `--subject`, `--at`, `--validity`, `--event-id` and `--idempotency-key` set.
    static func sendOptions(_ arguments: Arguments, withTime: Bool = true) throws -> SendOptions {
        SendOptions(subject: arguments.value("subject") ?? "", sendTime: withTime ? try sendTime(arguments) : nil,
                    validity: try validity(arguments), eventID: arguments.value("event-id"),
                    idempotencyKey: try IdempotencyKeyOption.key(arguments))
    }

    // MARK: Batches

    static let page = OptionSpec.value("page", "N", wire: ["PNO"], "only page N (from 1) instead of every page")

    /// The `BATCH` argument.
    static func batch(_ arguments: Arguments) throws -> String {
        try arguments.positionals(named: ["BATCH"])[0]
    }

    /// No positional argument is expected.
    static func noPositionals(_ arguments: Arguments) throws {
        _ = try arguments.positionals(named: [])
    }

    // MARK: Hints

    /// How to find out whether an SMS reached these numbers: the duplicate filter's dry run.
    static func dryRunHint(_ recipients: [String]) -> String {
        "check before sending again: every8d send --filter-duplicates --dry-run --to \(recipients.joined(separator: ",")) "
            + "--text <the same text> lists the numbers that already got it"
    }

    /// How to find out whether a send without the duplicate filter went out.
    static func consoleHint(subject: String) -> String {
        let named = subject.isEmpty ? "" : " with subject \"\(subject)\""
        return "look for the batch\(named) in the EVERY8D console before sending again"
    }
}
