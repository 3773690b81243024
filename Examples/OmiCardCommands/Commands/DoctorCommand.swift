import Foundation
import OmiCard

extension OmiCardCommand {
    /// `doctor`: is everything in place to send? Sends no message.
    static let doctor = OmiCardCommand(
        name: "doctor", synopsis: "doctor [--method get|post]",
        summary: "check the settings, the path to the WebAPI, the clock and the credentials (sends nothing)",
        details: [
            "Prints a checklist, each line ok, warn, FAIL or skip, with what to do about each failure:",
            "  settings     every OMICARD_* variable and --method are valid (the password is never shown)",
            "  dns          the WebAPI's host name resolves",
            "  tcp          a TCP connection to its port opens",
            "  tls          the TLS handshake succeeds (skipped for http://, which the vendor documents)",
            "  http         a GET of Status.aspx (no credentials) gets an HTTP answer",
            "  cdn          no block page from something in front of the gateway",
            "  clock        this machine's clock against the server's Date header (warn past 60 s, fail past 300 s)",
            "  credentials  the gateway accepts the account: asks Status.aspx about LaunchID 1 and SMSNumber",
            "               0900000000, which it answers 110 (not found) for a valid account, 1000 for a refused one;",
            "               no message is sent",
            "Without an account it checks the built-in sandbox (the network checks are skipped). Exit 0 when no",
            "check failed; otherwise the first failure's exit code (2 settings, 1 credentials refused, 3 network).",
        ],
        options: [OmiCardOptions.method],
        notes: [
            "Example:",
            "  OMICARD_LOGIN=me OMICARD_PASSWORD=secret omicard doctor",
        ],
        otherFields: ["ManagerLoginName": "OMICARD_LOGIN", "ManagerPassword": "OMICARD_PASSWORD", "XmlRequest": "OMICARD_CREDENTIALS",
                      "XmlReqUrl": "OMICARD_XML_REQ_URL", "XmlReqFilePath": "OMICARD_CREDENTIALS", "baseURL": "OMICARD_BASE_URL"]
    ) { invocation in
        try OmiCardOptions.noPositionals(invocation.arguments)
        let settings: OmiCardSettings
        do {
            settings = try invocation.settings()
        } catch let error as UsageError {
            return DoctorReport.unusableSettings(program: "omicard", error).result
        }
        let gateway: OmiCardGateway
        do {
            gateway = try await invocation.gateway()
        } catch let error as UsageError {
            // The state folder (with an account) is a setting too.
            return DoctorReport.unusableSettings(program: "omicard", error).result
        }
        let base = settings.effectiveBaseURL
        var report = DoctorReport(program: "omicard", subject: "OMICard WebAPI at \(base.absoluteString), "
            + (settings.credentials == nil ? "the built-in sandbox's demo account" : "credentials as \(settings.mode.field)"))
        report.extra = ["site": .string(base.absoluteString), "sandbox": .bool(gateway.isSandbox), "credentials": .string(settings.mode.rawValue)]
        report.add(DoctorCheck("settings", .ok, [
            settings.accountDescription, "credentials as \(settings.mode.field)", "method \((settings.method ?? .post).rawValue)",
            "WebAPI \(base.absoluteString)", "timeout \(TextFormat.duration(settings.timeout ?? .seconds(30)))",
        ].joined(separator: ", ")))
        await report.checkReachAndCredentials(
            probe: gateway.isSandbox ? nil : base.appendingPathComponent("Status.aspx"), timeout: settings.timeout ?? .seconds(10),
            refusedFix: "check OMICARD_LOGIN and OMICARD_PASSWORD (both case-sensitive), the credentials mode, and that the account is licensed for the WebAPI",
            describe: { OmiCardFailure.describe($0, context: FailureContext(operation: "status", options: [])) }
        ) {
            do {
                _ = try await gateway.client.status(launchID: "1", for: .smsNumber("0900000000"))
                return "accepted (Status.aspx found LaunchID 1; nothing was sent)"
            } catch let error as OmiCardError where error.code == .notFound {
                return "accepted: Status.aspx answered 110 (not found) for LaunchID 1, as for any valid account; nothing was sent"
            }
        }
        return report.result
    }
}
