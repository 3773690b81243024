import Foundation

/// `SMS.aspx`: create a job.
///
/// Checks, each failing with 102: `LaunchType` 0 or 1; `Content`, or a registered `ContentUrl`
/// (`Content` wins); `JobOption`, `SMSListOption`, `CharacterSetID`, `TrackingExpireTime` whole
/// numbers; `StartTime` and `LaunchExpireTime` times (`yyyy-MM-dd HH:mm:ss`); a list file named
/// `.csv` or `.txt` that is valid CSV; `SMSUrl` registered (an unregistered `SMSUrl` or `ContentUrl`
/// is 102 with a message saying the sandbox cannot fetch it); and for `LaunchType` 0 at least one
/// number from `SMSList`, `SMSListFile` or `SMSUrl` (all sources are combined).
///
/// List handling: numbers `09…` are stored as `+8869…` unless `SMSListOption` has 4; 64 drops
/// repeated numbers; 16 reads the file without `"` quoting; other flags are accepted and
/// ignored. Content is personalised per row with `%Header%` (ignoring case) from list-file
/// columns; `JobOption` 1 trims the content. Invalid numbers are kept with state 6.
extension OmiCardSandbox {
    func sms(_ call: OmiCardRequest, login: String, now: Date) async -> Result<[FormField], OmiCardFailure> {
        guard let launchType = Self.integer(call.value("LaunchType"), default: 0), launchType == 0 || launchType == 1,
              let jobOption = Self.integer(call.value("JobOption"), default: 0),
              let listOption = Self.integer(call.value("SMSListOption"), default: 0),
              Self.integer(call.value("TrackingExpireTime"), default: 86_400) != nil,
              let characterSet = Self.integer(call.value("CharacterSetID"), default: -1),
              let startTime = Self.time(call.value("StartTime")),
              Self.time(call.value("LaunchExpireTime")) != nil else {
            return .failure(.incorrectRequest)
        }
        var content: String
        if let text = call.nonEmpty("Content") {
            content = text
        } else if let url = call.nonEmpty("ContentUrl") {
            guard let data = await state.contents(of: url) else { return .failure(.unreadableURL(field: "ContentUrl", url: url)) }
            content = String(decoding: data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...], as: UTF8.self)
        } else {
            return .failure(.incorrectRequest)
        }
        if jobOption & 1 != 0 { content = content.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard !content.isEmpty else { return .failure(.incorrectRequest) }

        var entries: [OmiCardList.Entry] = []
        if let list = call.nonEmpty("SMSList") { entries += OmiCardList.inline(list) }
        let quoting = listOption & 16 == 0
        if let file = call.file("SMSListFile") {
            let name = file.fileName?.lowercased() ?? ""
            guard name.hasSuffix(".csv") || name.hasSuffix(".txt"), let rows = OmiCardList.file(file.data, quoting: quoting) else {
                return .failure(.incorrectRequest)
            }
            entries += rows
        }
        if let url = call.nonEmpty("SMSUrl") {
            guard let data = await state.contents(of: url) else { return .failure(.unreadableURL(field: "SMSUrl", url: url)) }
            guard let rows = OmiCardList.file(data, quoting: quoting) else { return .failure(.incorrectRequest) }
            entries += rows
        }
        if launchType == 0, entries.isEmpty { return .failure(.incorrectRequest) }

        let refID = call.value("RefID") ?? ""
        var seen: Set<String> = []
        var recipients: [OmiCardSandboxRecipient] = []
        for entry in entries {
            let parsed = OmiCardList.number(entry.number, normalise: listOption & 4 == 0)
            if listOption & 64 != 0 {
                guard seen.insert(OmiCardSandboxState.comparable(parsed.number)).inserted else { continue }
            }
            let ownReference = entry.columns.first {
                ($0.key.caseInsensitiveEquals("ExternRefNum") || $0.key.caseInsensitiveEquals("RefID")) && !$0.value.isEmpty
            }?.value
            recipients.append(OmiCardSandboxRecipient(
                number: parsed.number, listedNumber: entry.number,
                name: entry.columns.first { $0.key.caseInsensitiveEquals("Name") }?.value ?? "",
                columns: entry.columns, text: OmiCardList.personalise(content, with: entry),
                externRefNum: ownReference ?? refID, isValidNumber: parsed.valid, stateOverride: nil))
        }
        // OMICard's own credential fields are secrets too (XmlRequest holds the password).
        let kept = call.fields.filter { !Redaction.isSensitive($0.name, rules: RedactionRules(sensitiveNames: ["XmlRequest", "XmlReqUrl"])) }
        let template = content
        let launchID = await state.createJob { launchID in
            OmiCardSandboxJob(
                launchID: launchID, loginName: login, jobName: call.value("JobName") ?? "", refNumber: call.value("RefNumber") ?? "",
                refID: refID, launchType: launchType, content: template, characterSetID: characterSet < 0 ? nil : characterSet,
                jobOption: jobOption, listOption: listOption, startTime: startTime.flatMap { $0 > now ? $0 : nil },
                createdAt: now, fields: kept, recipients: recipients)
        }
        return .success([FormField("ErrorCode", "0"), FormField("ErrorMsg", ""), FormField("LaunchID", String(launchID))])
    }

    /// An optional whole-number field: `default` when absent or empty, `nil` when malformed.
    static func integer(_ text: String?, default value: Int) -> Int? {
        guard let text, !text.trimmingASCIIWhitespace().isEmpty else { return value }
        return Int(text.trimmingASCIIWhitespace())
    }

    /// An optional time field: `.some(nil)` when absent or empty, `nil` when malformed.
    static func time(_ text: String?) -> Date?? {
        guard let text, !text.trimmingASCIIWhitespace().isEmpty else { return .some(nil) }
        guard let date = TaiwanTime.parse(text) else { return nil }
        return .some(date)
    }
}
