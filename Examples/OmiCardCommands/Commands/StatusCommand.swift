import Foundation
import OmiCard

extension OmiCardCommand {
    /// `status`: where one recipient of a job stands.
    static let status = OmiCardCommand(
        name: "status",
        synopsis: "status --launch-id ID (--sms-number N | --email-address ADDRESS | --extern-ref-num REF --job-type sms|email) [options]",
        summary: "where one recipient of a job stands (Status.aspx)",
        details: [
            "Asks Status.aspx about one recipient of the job ID and prints its CurrentState with what it",
            "means (1 queued, 2 at the carrier, 3 delivered, 4 returned by the carrier, 5 rejected by the",
            "carrier, 6 invalid number), or an e-mail job's pools. ErrorCode 110 (exit 1): not found, or not yours.",
            "Give exactly one of --sms-number, --email-address or --extern-ref-num (with --job-type).",
        ],
        options: [
            .value("launch-id", "ID", wire: ["LaunchID"], "the job's LaunchID, a whole number from 1 (printed by send; required)"),
            .value("sms-number", "N", wire: ["SMSNumber"], "the recipient's number (09xxxxxxxx or + and 8-15 digits)"),
            .value("email-address", "ADDRESS", wire: ["EmailAddress"], aliases: ["email"], "the recipient's e-mail address"),
            .value("extern-ref-num", "REF", wire: ["ExternRefNum"], aliases: ["ref"], "the RefID given when sending (needs --job-type)"),
            .value("job-type", "sms|email", wire: ["JobType"], "with --extern-ref-num: sms or 1, email or 2"),
        ] + OmiCardOptions.redirectOptions + [OmiCardOptions.method],
        notes: [
            "Without OMICARD_LOGIN/OMICARD_PASSWORD the built-in sandbox starts afresh in every run and",
            "knows no job of an earlier run; `omicard demo` shows this call on jobs of the same run.",
            "",
            "Examples:",
            "  omicard status --launch-id 1001 --sms-number 0912345678",
            "  omicard status --launch-id 1001 --extern-ref-num order-8812 --job-type sms",
        ],
        otherFields: ["ManagerLoginName": "OMICARD_LOGIN", "ManagerPassword": "OMICARD_PASSWORD", "XmlRequest": "OMICARD_CREDENTIALS",
                      "XmlReqUrl": "OMICARD_XML_REQ_URL", "XmlReqFilePath": "OMICARD_CREDENTIALS", "baseURL": "OMICARD_BASE_URL"]
    ) { invocation in
        let arguments = invocation.arguments
        try OmiCardOptions.noPositionals(arguments)
        let launchID = try arguments.required("launch-id")
        let given = ["sms-number", "email-address", "extern-ref-num"].filter(arguments.given)
        guard given.count == 1 else {
            throw UsageError(given.isEmpty ? "one of --sms-number, --email-address, --extern-ref-num is required"
                                           : "give only one of \(given.map { "--" + $0 }.joined(separator: ", "))", option: given.last.map { "--" + $0 })
        }
        let jobType = try arguments.choice("job-type", ["sms": JobType.sms, "1": .sms, "email": .email, "2": .email])
        let query: StatusQuery
        switch given[0] {
        case "sms-number":
            query = .smsNumber(try arguments.required("sms-number"))
        case "email-address":
            query = .email(try arguments.required("email-address"))
        default:
            guard let jobType else { throw UsageError("--extern-ref-num needs --job-type sms or email", option: "--job-type") }
            query = .externalReference(try arguments.required("extern-ref-num"), jobType: jobType)
        }
        if jobType != nil, !arguments.given("extern-ref-num") {
            throw UsageError("--job-type goes with --extern-ref-num (with a number or an address the gateway knows the type)", option: "--job-type",
                             value: arguments.value("job-type"))
        }
        let redirects = try OmiCardOptions.redirects(arguments)
        let gateway = try await invocation.gateway()
        do {
            return OmiCardRender.status(try await gateway.client.status(launchID: launchID, for: query, redirects: redirects))
        } catch let error as OmiCardError where gateway.isSandbox && error.code == .notFound {
            throw NotedError.freshSandbox(error, program: "omicard")
        }
    }
}
