import Foundation
import OmiCard

extension OmiCardCommand {
    static let listOptionNames: KeyValuePairs<String, Int> = [
        "keep-number-format": 4, "no-list-correction": 8, "quote-is-plain-text": 16, "remove-unsubscribed": 32,
        "remove-duplicates": 64, "remove-blacklist": 128, "remove-whitelist": 256,
    ]
    static let jobOptionNames: KeyValuePairs<String, Int> = ["trim-spaces": 1, "content-is-code": 2, "merge-placeholders": 16, "merge-header": 32]

    /// Every option of `send`, one per `SMS.aspx` field (the credentials come from the environment).
    static let sendOptions: [OptionSpec] = [
        // Recipients.
        .value("sms-list", "LIST", wire: ["SMSList"], aliases: ["to"], repeats: .accumulates,
               "numbers separated by commas (09xxxxxxxx or + and 8-15 digits); repeat it to add more"),
        .value("sms-list-file", "FILE", wire: ["SMSListFile"], aliases: ["list-file"],
               "a .csv or .txt list, uploaded: numbers only, or a header row naming an SMSNumber column and others usable as %Column% in the content"),
        .value("sms-url", "URL", wire: ["SMSUrl"], aliases: ["list-url"],
               "an http(s) URL of such a list, fetched by the gateway (with the built-in sandbox: a file:// URL, read from this machine)"),
        .value("sms-list-option", "FLAGS", wire: ["SMSListOption"], repeats: .accumulates,
               "list cleaning, names or numbers added up: keep-number-format 4, no-list-correction 8, quote-is-plain-text 16, remove-unsubscribed 32, remove-duplicates 64, remove-blacklist 128, remove-whitelist 256 (default: the account's)"),
        .flag("remove-duplicates", wire: ["SMSListOption 64"], "the same as --sms-list-option remove-duplicates"),
        .flag("remove-unsubscribed", wire: ["SMSListOption 32"], "the same as --sms-list-option remove-unsubscribed"),
        .flag("remove-blacklist", wire: ["SMSListOption 128"], "the same as --sms-list-option remove-blacklist"),
        // Content.
        .value("content", "TEXT", wire: ["Content"], "the message; with a list file, %Column% is replaced by that row's value"),
        .value("content-url", "URL", wire: ["ContentUrl"],
               "an http(s) URL the gateway fetches the message from, instead of --content (with the built-in sandbox: a file:// URL)"),
        .value("character-set-id", "zh|en", wire: ["CharacterSetID"], aliases: ["charset"], "the content's language: zh or 17 (Chinese), en or 117 (English)"),
        .value("body-format", "FORMAT", wire: ["BodyFormat"], "normal or 0, flash or 1 (shown at once, not stored), long or 2 (support depends on the carrier)"),
        .value("country-code", "CODE", wire: ["CountryCode"], "the country code numbers are normalised with, 1-6 digits (for example 886)"),
        .value("area-code", "CODE", wire: ["AreaCode"], "the area code numbers are normalised with, 1-6 digits"),
        // Job.
        .value("job-name", "NAME", wire: ["JobName"], "a name shown in the OMICard console"),
        .value("ref-number", "REF", wire: ["RefNumber"], "your reference number for the job"),
        .value("ref-id", "ID", wire: ["RefID"], "your reference, shown as ExternRefNum in reports; `status --extern-ref-num ID --job-type sms` finds a recipient by it"),
        .value("launch-type", "TYPE", wire: ["LaunchType"], "send or 0, a real send (default); triggered or 1, a job that waits for a trigger and needs no recipients"),
        .value("job-option", "FLAGS", wire: ["JobOption"], repeats: .accumulates,
               "content handling, names or numbers added up: trim-spaces 1, content-is-code 2, merge-placeholders 16, merge-header 32 (default: the account's)"),
        .value("start-time", "\"yyyy-MM-dd HH:mm:ss\"", wire: ["StartTime"], aliases: ["start"], "when the job starts, Taiwan time, in the future (default now)"),
        .value("launch-expire-time", "\"yyyy-MM-dd HH:mm:ss\"", wire: ["LaunchExpireTime"], aliases: ["expire"],
               "after this Taiwan time the job is no longer launched; in the future and after --start-time"),
        .value("tracking-expire-time", "SECONDS", wire: ["TrackingExpireTime"],
               "how long after sending delivery states are recorded: whole seconds from 1, or a duration such as 1d12h30m (sent as 131400; default 86400)"),
        // Reports.
        .value("auto-generate-report", "true|false", wire: ["AutoGenerateReport"], "whether OMICard builds a report for the job"),
        .value("dispatch-list", "LIST", wire: ["DispatchList"], repeats: .accumulates, "who receives the report, separated by commas; repeat it to add more"),
        .value("dispatch-start-time", "\"yyyy-MM-dd HH:mm:ss\"", wire: ["DispatchStartTime"], "when the report's dispatch starts, Taiwan time, in the future"),
        .value("dispatch-max-count", "N", wire: ["DispatchMaxCount"], "how many times the report is dispatched, a whole number from 0"),
        .value("dispatch-interval", "N", wire: ["DispatchInterval"], "the dispatch period, a whole number from 0 in the unit the account's console uses"),
    ] + OmiCardOptions.redirectOptions + [OmiCardOptions.method, IdempotencyKeyOption.option]

    /// `send`: launch one SMS job.
    static let send = OmiCardCommand(
        name: "send",
        synopsis: "send (--sms-list LIST | --sms-list-file FILE | --sms-url URL)... (--content TEXT | --content-url URL) [options]",
        summary: "launch an SMS job (SMS.aspx) and print its LaunchID",
        details: [
            "Launches one SMS job and prints the LaunchID the gateway returned. Recipients may come from several",
            "sources at once (--sms-list, --sms-list-file, --sms-url); a send-now job needs at least one. Give the",
            "content with --content or --content-url, not both. Every SMS.aspx field has its option below; the",
            "account (ManagerLoginName/ManagerPassword, or XmlRequest, XmlReqUrl, XmlReqFilePath) comes from the",
            "environment (see omicard --help). Times are Taiwan time and must be in the future.",
            "",
            "A send is never repeated after a failure that may have reached the gateway: the command exits 3 and",
            "says how to look for the job (set --ref-id so it can be found).",
        ],
        options: sendOptions,
        notes: [
            "Examples:",
            "  omicard send --to 0912345678,0987654321 --content \"您好\" --ref-id order-8812",
            "  omicard send --sms-list-file members.csv --content \"%Name% 您好\" --start-time \"2025-03-01 09:00:00\"",
            "  omicard send --to 0912345678 --sms-url https://example.com/more.csv --content-url https://example.com/text.txt \\",
            "      --sms-list-option remove-duplicates,remove-blacklist --tracking-expire-time 1d12h30m",
            "  omicard send --to 0912345678 --content \"訂單 8812 已出貨\" --idempotency-key shipped-8812",
        ],
        otherFields: ["ManagerLoginName": "OMICARD_LOGIN", "ManagerPassword": "OMICARD_PASSWORD", "XmlRequest": "OMICARD_CREDENTIALS",
                      "XmlReqUrl": "OMICARD_XML_REQ_URL", "XmlReqFilePath": "OMICARD_CREDENTIALS", "baseURL": "OMICARD_BASE_URL",
                      "idempotencyKey": "--" + IdempotencyKeyOption.name]
    ) { invocation in
        let arguments = invocation.arguments
        try OmiCardOptions.noPositionals(arguments)
        let idempotencyKey = try IdempotencyKeyOption.key(arguments)
        let now = Date()
        var job = SMSJob()
        var sources: [String] = []

        // Content.
        if arguments.given("content"), arguments.given("content-url") {
            throw UsageError("give --content or --content-url, not both (the gateway would ignore --content-url)", option: "--content-url",
                             value: arguments.value("content-url"))
        }
        job.content = arguments.value("content")
        let contentURL = try arguments.webURL("content-url", alsoFile: true)
        guard job.content != nil || contentURL != nil else {
            throw UsageError("--content or --content-url is required", option: "--content")
        }
        job.characterSet = try arguments.choice("character-set-id", [
            "zh": CharacterSetID.chinese, "17": .chinese, "chinese": .chinese, "en": .english, "117": .english, "english": .english,
        ])
        job.bodyFormat = try arguments.choice("body-format", ["normal": BodyFormat.normal, "0": .normal, "flash": .flash, "1": .flash,
                                                              "long": .long, "2": .long])
        job.countryCode = arguments.value("country-code")
        job.areaCode = arguments.value("area-code")

        // Recipients.
        job.smsList = arguments.list("sms-list") ?? []
        if !job.smsList.isEmpty { sources.append("\(TextFormat.count(job.smsList.count, "number")) from --sms-list") }
        if let file = try arguments.file("sms-list-file") {
            job.smsListFile = try listFile(file.data, url: file.url)
            sources.append("the file \(file.url.lastPathComponent)")
        }
        let listURL = try arguments.webURL("sms-url", alsoFile: true)
        var listOption = try arguments.bitFlags("sms-list-option", names: listOptionNames)
        for (flag, bit) in [("remove-duplicates", 64), ("remove-unsubscribed", 32), ("remove-blacklist", 128)] where arguments.flag(flag) {
            listOption = (listOption ?? 0) | bit
        }
        job.smsListOption = listOption.map(SMSListOption.init(rawValue:))

        // Job.
        job.jobName = arguments.value("job-name")
        job.refNumber = arguments.value("ref-number")
        job.refID = arguments.value("ref-id")
        job.launchType = try arguments.choice("launch-type", ["send": LaunchType.sendNow, "0": .sendNow, "send-now": .sendNow,
                                                              "triggered": .triggered, "1": .triggered]) ?? .sendNow
        job.jobOption = try arguments.bitFlags("job-option", names: jobOptionNames).map(JobOption.init(rawValue:))
        job.startTime = try OmiCardOptions.time(arguments, "start-time", now: now)
        job.launchExpireTime = try OmiCardOptions.time(arguments, "launch-expire-time", now: now)
        if let start = job.startTime, let expire = job.launchExpireTime, expire <= start {
            throw UsageError("--launch-expire-time \"\(arguments.value("launch-expire-time") ?? "")\" must be later than --start-time "
                + "\"\(arguments.value("start-time") ?? "")\"", option: "--launch-expire-time", value: arguments.value("launch-expire-time"))
        }
        job.trackingExpireTime = try OmiCardOptions.seconds(arguments, "tracking-expire-time")

        // Reports and redirects.
        job.autoGenerateReport = try arguments.boolean("auto-generate-report")
        job.dispatchList = arguments.list("dispatch-list") ?? []
        job.dispatchStartTime = try OmiCardOptions.time(arguments, "dispatch-start-time", now: now)
        job.dispatchMaxCount = try arguments.wholeNumber("dispatch-max-count", from: 0...Int(Int32.max))
        job.dispatchInterval = try arguments.wholeNumber("dispatch-interval", from: 0...Int(Int32.max))
        job.redirects = try OmiCardOptions.redirects(arguments)

        if job.launchType == .sendNow, job.smsList.isEmpty, job.smsListFile == nil, listURL == nil {
            throw UsageError("give the recipients with --sms-list (--to), --sms-list-file or --sms-url (several may be combined); "
                + "only a --launch-type triggered job may have none", option: "--sms-list")
        }
        let gateway = try await invocation.gateway()
        if let listURL {
            job.smsURL = try await gateway.remoteURL(listURL, option: "--sms-url")
            sources.append("the list at \(listURL.absoluteString)")
        }
        if let contentURL { job.contentURL = try await gateway.remoteURL(contentURL, option: "--content-url") }
        do {
            let launch = try await gateway.client.sendSMS(job, idempotencyKey: idempotencyKey)
            return OmiCardRender.launch(launch, recipients: sources, job: job, contentURL: contentURL)
        } catch {
            throw SendFailure(underlying: error, checkHint: hint(for: job))
        }
    }

    /// A local list: with a header when its first cell is not a number, and then the header must
    /// name an `SMSNumber` column.
    static func listFile(_ data: Data, url: URL) throws -> SMSListFile {
        let text = String(decoding: data.prefix(4096), as: UTF8.self)
        let firstLine = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let cells = firstLine.split(separator: ",", omittingEmptySubsequences: false).map {
            TextFormat.trimmed(String($0)).trimmingCharacters(in: CharacterSet(charactersIn: "\"\u{FEFF}"))
        }
        let first = cells.first ?? ""
        let digits = first.hasPrefix("+") ? first.dropFirst() : Substring(first)
        let startsWithNumber = !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
        if !startsWithNumber, !firstLine.isEmpty, !cells.contains(where: { $0.lowercased() == "smsnumber" }) {
            throw UsageError("--sms-list-file \(url.lastPathComponent): the header row (\(cells.joined(separator: ", "))) has no SMSNumber column; "
                + "name the column of numbers SMSNumber, or give a file of numbers only, without a header",
                             option: "--sms-list-file", value: url.path)
        }
        return SMSListFile(data: data, fileName: url.lastPathComponent, hasHeader: !startsWithNumber)
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
