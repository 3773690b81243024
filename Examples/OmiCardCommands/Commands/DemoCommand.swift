import Foundation
import OmiCard

extension OmiCardCommand {
    /// `demo`: a job and its recipients' states against the built-in sandbox, narrated.
    static let demo = OmiCardCommand(
        name: "demo", synopsis: "demo",
        summary: "both calls against the built-in sandbox, narrated (offline)",
        details: [
            "Launches SMS jobs against the built-in sandbox, always (OMICARD_LOGIN and OMICARD_PASSWORD",
            "are not used), and queries their recipients: the last digit of a number decides the state",
            "(0-5 and 9 delivered, 6 returned by the carrier, 7 rejected, 8 stays at the carrier).",
            "Nothing leaves this machine.",
        ],
        notes: [
            "Example:",
            "  omicard demo",
        ]
    ) { invocation in
        try OmiCardOptions.noPositionals(invocation.arguments)
        let accountSet = invocation.environment.string("OMICARD_LOGIN") != nil || invocation.environment.raw("OMICARD_PASSWORD") != nil
        let notice = accountSet
            ? "omicard: demo always uses the built-in sandbox (offline, nothing is sent); OMICARD_LOGIN/OMICARD_PASSWORD are not used"
            : OmiCardGateway.sandboxNotice
        let io = invocation.io
        let settings = OmiCardSettings(credentials: nil, mode: .fields, baseURL: nil, method: nil, timeout: nil)
        return try await OmiCardDemo(client: OmiCardGateway(settings) { io.err(notice) }.client).run()
    }
}

/// The demo's script.
struct OmiCardDemo {
    let client: OmiCardClient

    func run() async throws -> CommandResult {
        var lines = [
            "OMICard demo against the built-in sandbox: demo account \"sandbox\", nothing leaves this machine.",
            "The last digit of a number decides its state: 0-5 and 9 delivered (3), 6 returned by the carrier (4),",
            "7 rejected by the carrier (5), 8 stays at the carrier (2).",
        ]
        var steps: [JSONOutput] = []
        func step(_ title: String, _ result: CommandResult) {
            steps.append(["step": .integer(steps.count + 1), "title": .string(title), "result": result.json])
            lines.append("")
            lines.append("\(steps.count). \(title)")
            lines += result.lines.map { "   " + $0 }
        }

        var job = SMSJob(content: "您好，這是 swift-tw-sms 的示範簡訊。", smsList: ["0912345670", "0912345676", "0912345677", "0912345678"])
        job.jobName = "demo"
        job.refID = "demo-ref-1"
        let launch = try await client.sendSMS(job)
        step("Launch a job to four numbers (SMS.aspx)", OmiCardRender.launch(launch, recipients: ["4 numbers from --sms-list"], job: job))
        for number in job.smsList {
            let status = try await client.status(launchID: launch.launchID, for: .smsNumber(number))
            step("Status of \(number) (Status.aspx)", OmiCardRender.status(status))
        }
        let byReference = try await client.status(launchID: launch.launchID, for: .externalReference("demo-ref-1", jobType: .sms))
        step("Status by your reference (ExternRefNum + JobType)", OmiCardRender.status(byReference))

        var personal = SMSJob(content: "%Name% 您好，您的包裹已送達。", smsListFile: SMSListFile.csv(
            columns: ["Name"], rows: [(number: "0912345671", values: ["王小明"]), (number: "0912345672", values: ["李小華"])]))
        personal.jobName = "demo personalised"
        let personalLaunch = try await client.sendSMS(personal)
        step("Launch a personalised job from a list file (SMSNumber,Name; content %Name%)",
             OmiCardRender.launch(personalLaunch, recipients: ["the file SMSList.csv"], job: personal))

        do {
            _ = try await client.status(launchID: launch.launchID, for: .smsNumber("0999999999"))
            lines.append("unexpected: the sandbox found a number that was not sent to")
        } catch let error as OmiCardError {
            let report = OmiCardFailure.describe(error, context: FailureContext(operation: "status", options: []))
            step("What an error looks like: a number the job did not send to",
                 CommandResult(lines: ["omicard: \(report.message)  (exit \(report.exitCode.rawValue))"], json: report.json))
        }
        lines.append("")
        lines.append("Done. Try `omicard --help`, or set OMICARD_LOGIN and OMICARD_PASSWORD to use your account.")
        return CommandResult(lines: lines, json: ["command": "demo", "sandbox": true, "steps": .array(steps)])
    }
}
