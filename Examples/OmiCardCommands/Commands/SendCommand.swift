import Foundation
import OmiCard

extension OmiCardCommand {
    /// `send`: launch one SMS job.
    static let send = OmiCardCommand(
        name: "send",
        synopsis: "send (--to LIST | --list-file FILE | --list-url URL) (--content TEXT | --content-url URL) [options]",
        summary: "launch an SMS job (SMS.aspx) and print its LaunchID",
        details: [
            "Launches one SMS job and prints the LaunchID the gateway returned.",
            "",
            "Recipients (one of):",
            "  --to LIST               numbers separated by commas",
            "  --list-file FILE        a .csv or .txt list; with a header row (SMSNumber,Name,…) its columns",
            "                          can be used in the content as %Name%",
            "  --list-url URL          a list the gateway fetches",
            "Content (one of):",
            "  --content TEXT          the message",
            "  --content-url URL       a URL the gateway fetches the message from",
            "Options:",
            "  --job-name N            a name shown in the OMICard console",
            "  --start \"yyyy-MM-dd HH:mm:ss\"   when the job starts (Taiwan time; default now)",
            "  --expire \"yyyy-MM-dd HH:mm:ss\"  after this time the job is no longer launched",
            "  --charset zh|en         the content's language (CharacterSetID 17 or 117)",
            "  --remove-duplicates     remove repeated numbers (SMSListOption 64)",
            "  --remove-unsubscribed   remove numbers that unsubscribed (32)",
            "  --remove-blacklist      remove blacklisted numbers (128)",
            "  --ref-id ID             your reference, shown as ExternRefNum; `status --ref ID` finds it",
            "  --method get|post       how the account's server takes requests (default post; files need post)",
            "",
            "A send is never repeated after a failure that may have reached the gateway: the command exits",
            "3 and says how to look for the job (set --ref-id so it can be found).",
            "",
            "Examples:",
            "  omicard send --to 0912345678,0987654321 --content \"您好\" --ref-id order-8812",
            "  omicard send --list-file members.csv --content \"%Name% 您好\" --start \"2025-03-01 09:00:00\"",
        ],
        valueOptions: ["to", "list-file", "list-url", "content", "content-url", "job-name", "start", "expire", "charset", "ref-id", "method"],
        flagOptions: ["remove-duplicates", "remove-unsubscribed", "remove-blacklist"]
    ) { invocation in
        let arguments = invocation.arguments
        try OmiCardOptions.noPositionals(arguments)
        var job = SMSJob()
        let source = try OmiCardOptions.one(of: ["to", "list-file", "list-url"], in: arguments)
        let recipients: String
        switch source {
        case "to":
            job.smsList = arguments.list("to") ?? []
            recipients = "\(job.smsList.count) from --to"
        case "list-file":
            let path = try arguments.required("list-file")
            job.smsListFile = try listFile(path)
            recipients = "from --list-file \(URL(fileURLWithPath: path).lastPathComponent)"
        default:
            job.smsURL = try OmiCardOptions.url(arguments, "list-url")
            recipients = "from --list-url (fetched by the gateway)"
        }
        if try OmiCardOptions.one(of: ["content", "content-url"], in: arguments) == "content" {
            job.content = try arguments.required("content")
        } else {
            job.contentURL = try OmiCardOptions.url(arguments, "content-url")
        }
        job.jobName = arguments.value("job-name")
        job.startTime = try OmiCardOptions.dashedTime(arguments, "start")
        job.launchExpireTime = try OmiCardOptions.dashedTime(arguments, "expire")
        switch arguments.value("charset")?.lowercased() {
        case nil: break
        case "zh": job.characterSet = .chinese
        case "en": job.characterSet = .english
        case .some(let other): throw UsageError("--charset must be zh or en, got \"\(other)\"")
        }
        var options: SMSListOption = []
        if arguments.flag("remove-duplicates") { options.insert(.removeDuplicates) }
        if arguments.flag("remove-unsubscribed") { options.insert(.removeUnsubscribed) }
        if arguments.flag("remove-blacklist") { options.insert(.removeBlacklisted) }
        if !options.isEmpty { job.smsListOption = options }
        job.refID = arguments.value("ref-id")
        let gateway = try invocation.gateway(method: try OmiCardOptions.method(arguments))
        do {
            let launch = try await gateway.client.sendSMS(job)
            return OmiCardRender.launch(launch, recipients: recipients, job: job)
        } catch {
            throw SendFailure(underlying: error, checkHint: hint(for: job))
        }
    }

    /// A local list: with a header when its first line names an `SMSNumber` column.
    static func listFile(_ path: String) throws -> SMSListFile {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw UsageError("cannot read the --list-file file \(path)")
        }
        let firstLine = String(decoding: data.prefix(4096), as: UTF8.self).split(whereSeparator: \.isNewline).first ?? ""
        let hasHeader = firstLine.split(separator: ",").contains {
            TextFormat.trimmed(String($0)).trimmingCharacters(in: CharacterSet(charactersIn: "\"\u{FEFF}")).lowercased() == "smsnumber"
        }
        return SMSListFile(data: data, fileName: url.lastPathComponent, hasHeader: hasHeader)
    }

    static func hint(for job: SMSJob) -> String {
        if let refID = job.refID {
            return "look for the job with RefID \"\(refID)\" in the OMICard console before sending again"
        }
        if let name = job.jobName {
            return "look for the job named \"\(name)\" in the OMICard console before sending again (set --ref-id to find jobs by reference)"
        }
        return "look for the job in the OMICard console before sending again (set --ref-id to find jobs by reference)"
    }
}
