import Foundation
import OmiCard

extension OmiCardCommand {
    /// `status`: where one recipient of a job stands.
    static let status = OmiCardCommand(
        name: "status",
        synopsis: "status --launch-id ID (--sms-number N | --email ADDRESS | --ref REF --job-type sms|email)",
        summary: "where one recipient of a job stands (Status.aspx)",
        details: [
            "Asks Status.aspx about one recipient of the job ID and prints its CurrentState with what it",
            "means (1 queued, 2 at the carrier, 3 delivered, 4 returned by the carrier, 5 rejected by the",
            "carrier, 6 invalid number), or an e-mail job's pools. ErrorCode 110 (exit 1): not found.",
            "",
            "Options:",
            "  --launch-id ID          the job's LaunchID (printed by send)",
            "  --sms-number N          the recipient's number, or",
            "  --email ADDRESS         the recipient's address, or",
            "  --ref REF --job-type sms|email   the RefID / ExternRefNum given when sending",
            "  --method get|post       how the account's server takes requests (default post)",
            "",
            "Without OMICARD_LOGIN/OMICARD_PASSWORD the built-in sandbox starts afresh in every run and",
            "knows no job of an earlier run; `omicard demo` shows this call on jobs of the same run.",
            "",
            "Examples:",
            "  omicard status --launch-id 1001 --sms-number 0912345678",
            "  omicard status --launch-id 1001 --ref order-8812 --job-type sms",
        ],
        valueOptions: ["launch-id", "sms-number", "email", "ref", "job-type", "method"], flagOptions: []
    ) { invocation in
        let arguments = invocation.arguments
        try OmiCardOptions.noPositionals(arguments)
        let launchID = try arguments.required("launch-id")
        let query: StatusQuery
        switch try OmiCardOptions.one(of: ["sms-number", "email", "ref"], in: arguments) {
        case "sms-number":
            query = .smsNumber(try arguments.required("sms-number"))
        case "email":
            query = .email(try arguments.required("email"))
        default:
            guard let type = arguments.value("job-type") else { throw UsageError("--ref needs --job-type sms or email") }
            switch type.lowercased() {
            case "sms": query = .externalReference(try arguments.required("ref"), jobType: .sms)
            case "email": query = .externalReference(try arguments.required("ref"), jobType: .email)
            default: throw UsageError("--job-type must be sms or email, got \"\(type)\"")
            }
        }
        if arguments.value("job-type") != nil, arguments.value("ref") == nil {
            throw UsageError("--job-type goes with --ref")
        }
        let gateway = try invocation.gateway(method: try OmiCardOptions.method(arguments))
        do {
            return OmiCardRender.status(try await gateway.client.status(launchID: launchID, for: query))
        } catch let error as OmiCardError where gateway.isSandbox && error.code == .notFound {
            throw NotedError.freshSandbox(error, program: "omicard")
        }
    }
}
