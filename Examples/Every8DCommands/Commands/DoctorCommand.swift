import Foundation
import Every8D

extension Every8DCommand {
    /// `doctor`: is everything in place to send? Sends no message.
    static let doctor = Every8DCommand(
        name: "doctor", synopsis: "doctor",
        summary: "check the settings, the path to the site, the clock and the credentials (sends nothing)",
        details: [
            "Prints a checklist, each line ok, warn, FAIL or skip, with what to do about each failure:",
            "  settings     every EVERY8D_* variable and global option is valid (the password is never shown)",
            "  dns          the site's host name resolves",
            "  tcp          a TCP connection to the site's port opens",
            "  tls          the TLS handshake succeeds (skipped for an http:// site)",
            "  http         a GET of the site (no credentials) gets an HTTP answer",
            "  cdn          no block page from something in front of the gateway (CloudFront's 403)",
            "  clock        this machine's clock against the server's Date header (warn past 60 s, fail past 300 s)",
            "  credentials  the gateway accepts the account: reads the credit (GetCredit.ashx, over SOAP getConnection",
            "               and getCredit); one login attempt, never repeated, and no message is sent",
            "Without an account it checks the built-in sandbox (the network checks are skipped). Exit 0 when no",
            "check failed; otherwise the first failure's exit code (2 settings, 1 credentials refused, 3 network).",
        ],
        notes: [
            "Examples:",
            "  EVERY8D_UID=me EVERY8D_PWD=secret every8d doctor",
            "  every8d --json --api soap doctor",
        ]
    ) { invocation in
        try Every8DOptions.noPositionals(invocation.arguments)
        let settings: Every8DSettings
        do {
            settings = try invocation.settings()
        } catch let error as UsageError {
            return DoctorReport.unusableSettings(program: "every8d", error).result
        }
        let gateway: Every8DGateway
        do {
            gateway = try await invocation.gateway()
        } catch let error as UsageError {
            // The state folder (with an account) is a setting too.
            return DoctorReport.unusableSettings(program: "every8d", error).result
        }
        let site = settings.effectiveSiteURL
        let who = settings.account.map { "account \($0.userID)" } ?? "the built-in sandbox's demo account"
        var report = DoctorReport(program: "every8d", subject: "\(settings.api.title) at \(site.absoluteString), \(who)")
        report.extra = ["api": .string(settings.api.rawValue), "site": .string(site.absoluteString), "sandbox": .bool(gateway.isSandbox)]
        var described = [settings.account.map { "EVERY8D_UID \($0.userID), EVERY8D_PWD set (never shown)" } ?? "no account set: the built-in sandbox"]
        described.append("API \(settings.api.rawValue)")
        if settings.api == .soap { described.append("SOAP \(settings.soapVersion.rawValue)") } else {
            described.append("authentication \(settings.authentication == .token ? "token" : "password")")
        }
        described.append("site \(site.absoluteString)")
        described.append("timeout \(TextFormat.duration(settings.timeout ?? .seconds(30)))")
        report.add(DoctorCheck("settings", .ok, described.joined(separator: ", ")))
        await report.checkReachAndCredentials(
            probe: gateway.isSandbox ? nil : site, timeout: settings.timeout ?? .seconds(10),
            refusedFix: "check EVERY8D_UID and EVERY8D_PWD (both case-sensitive) and the site; ten failed logins lock the account (-999), so fix them before trying again",
            describe: { Every8DFailure.describe($0, context: FailureContext(operation: "credit", options: [])) }
        ) {
            "accepted: the credit is \(TextFormat.points(try await gateway.client.credit())) points (nothing was sent)"
        }
        return report.result
    }
}
