import Foundation

/// The sends: `sendsms`, the filtered send, `sendmms`, and the recipient-list sends
/// (`sendexclusive_sms`, `sendparam_sms`, `sendexclusive_mms`, `sendparam_mms`).
///
/// Checks, in order: the numbers (`501` none, `544` not annex 3's, `554` abroad for MMS), the
/// text (`501`), `sendtime` (`545`), `retrytime` (`506`), then the template (`543`, `546`), the
/// references (`506` repeated `mr`) and the MMS content (`501` no subject or picture, `547` type,
/// `506` size or subject length); last `553` when a number is abroad and the account may not send
/// there. Billing and outcomes are 2.1's (`CostEstimator`, ``Every8DScenario``).
extension Every8DV3Sandbox {
    func sendSMS(_ json: SandboxJSON, userID: String, now: Date) async -> Result<String, Every8DV3Failure> {
        await send(Self.readTextSend(json, endpoint: "sendsms", kind: .sms), userID: userID, now: now)
    }

    func sendMMS(_ json: SandboxJSON, userID: String, now: Date) async -> Result<String, Every8DV3Failure> {
        await send(Self.readTextSend(json, endpoint: "sendmms", kind: .mms), userID: userID, now: now)
    }

    func sendList(_ json: SandboxJSON, template: Bool, mms: Bool, userID: String, now: Date) async -> Result<String, Every8DV3Failure> {
        let endpoint = (template ? "sendparam_" : "sendexclusive_") + (mms ? "mms" : "sms")
        return await send(Self.readListSend(json, endpoint: endpoint, template: template, kind: mms ? .mms : .sms), userID: userID, now: now)
    }

    /// The duplicate-filtered send: `sendparam_sms` with `msg` and `mobiles` (section 2.5).
    func sendFiltered(_ json: SandboxJSON, userID: String, now: Date) async -> Result<String, Every8DV3Failure> {
        guard let isSend = Every8DSandbox.readBool(json["issend"]?.text, default: true) else { return .failure(.invalid("issend")) }
        switch Self.readTextSend(json, endpoint: "sendparam_sms (filtered)", kind: .sms) {
        case .failure(let failure):
            return .failure(failure)
        case .success(var submission):
            if let failure = await internationalRefusal(submission, userID: userID) { return .failure(failure) }
            submission.duplicateFilter = isSend ? .filterAndSend : .dryRun
            let receipt = await state.send(submission, userID: userID, now: now)
            return .success(Every8DV3Rendering.filteredSend(receipt, dryRun: !isSend))
        }
    }

    private func send(_ read: Result<Every8DSubmission, Every8DV3Failure>, userID: String, now: Date) async -> Result<String, Every8DV3Failure> {
        switch read {
        case .failure(let failure):
            return .failure(failure)
        case .success(let submission):
            if let failure = await internationalRefusal(submission, userID: userID) { return .failure(failure) }
            let receipt = await state.send(submission, userID: userID, now: now)
            return .success(Every8DV3Rendering.success(JSONText.object(Every8DV3Rendering.sendData(receipt))))
        }
    }

    /// `553` when a number is abroad and the account may not send there (3.0 refuses the request;
    /// 2.1 sends the rest and reports those numbers as 500).
    private func internationalRefusal(_ submission: Every8DSubmission, userID: String) async -> Every8DV3Failure? {
        guard submission.recipients.contains(where: \.mobile.isInternational) else { return nil }
        return await state.v3Account(userID)?.internationalEnabled == true ? nil : .internationalNotEnabled
    }

    /// `subject msg mobiles sendtime retrytime [eventid]`, and for MMS `attachment` and `type`.
    static func readTextSend(_ json: SandboxJSON, endpoint: String, kind: Every8DSandboxBatch.Kind) -> Result<Every8DSubmission, Every8DV3Failure> {
        guard let destinations = text(json, "mobiles") else { return .failure(.missing("mobiles")) }
        var numbers: [Every8DMobile.Parsed] = []
        for raw in destinations.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !raw.isEmpty {
            switch readMobile(raw, kind: kind) {
            case .failure(let failure): return .failure(failure)
            case .success(let number): numbers.append(number)
            }
        }
        guard !numbers.isEmpty else { return .failure(.missing("mobiles")) }
        let message = json["msg"]?.text ?? ""
        if kind == .sms, message.isEmpty { return .failure(.missing("msg")) }
        guard let scheduled = Every8DSendTime.parse(json["sendtime"]?.text) else { return .failure(.badSendTime) }
        guard let retry = Every8DSandbox.readRetryTime(json["retrytime"]?.text) else { return .failure(.invalid("retrytime")) }
        let subject = json["subject"]?.text ?? ""
        var submission = Every8DSubmission(
            endpoint: endpoint, kind: kind, subject: subject, retryMinutes: retry, eventID: text(json, "eventid"),
            attachment: nil, mmsPoints: nil,
            recipients: numbers.map { .init(name: "", mobile: $0, email: "", text: message, scheduledAt: scheduled, messageReference: "") },
            duplicateFilter: nil)
        if kind == .mms {
            switch readPicture(json, typeKey: "type", subject: subject, text: message) {
            case .failure(let failure): return .failure(failure)
            case .success(let content):
                submission.attachment = content.attachment
                submission.mmsPoints = content.points
            }
        }
        return .success(submission)
    }

    /// `subject [paramsContent] [attachment attachmentType] retrytime [eventid] recipientdatalist`.
    static func readListSend(_ json: SandboxJSON, endpoint: String, template isTemplate: Bool, kind: Every8DSandboxBatch.Kind)
        -> Result<Every8DSubmission, Every8DV3Failure> {
        guard let list = json["recipientdatalist"]?.items, !list.isEmpty else { return .failure(.missing("recipientdatalist")) }
        var template = ""
        var fieldCount = 0
        if isTemplate {
            guard let content = text(json, "paramsContent") else { return .failure(.missing("paramsContent")) }
            guard let count = placeholderCount(content) else { return .failure(.badTemplate) }
            template = content
            fieldCount = count
        }
        guard let retry = Every8DSandbox.readRetryTime(json["retrytime"]?.text) else { return .failure(.invalid("retrytime")) }
        var recipients: [Every8DSubmission.Recipient] = []
        var references: Set<String> = []
        for entry in list {
            guard let raw = text(entry, "mobile") else { return .failure(.missing("mobile")) }
            let mobile: Every8DMobile.Parsed
            switch readMobile(raw, kind: kind) {
            case .failure(let failure): return .failure(failure)
            case .success(let number): mobile = number
            }
            guard let scheduled = Every8DSendTime.parse(entry["sendtime"]?.text) else { return .failure(.badSendTime) }
            let params = entry["params"]?.text ?? ""
            let message: String
            if isTemplate {
                let values = fieldCount == 0 && params.isEmpty ? [] : params.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard values.count == fieldCount else { return .failure(.parameterCount) }
                message = Every8DSandbox.substitute(values, into: template)
            } else {
                message = params
            }
            if message.isEmpty { return .failure(.missing("params")) }
            let reference = entry["mr"]?.text ?? ""
            if !reference.isEmpty, !references.insert(reference).inserted { return .failure(.invalid("mr")) }
            recipients.append(.init(name: "", mobile: mobile, email: "", text: message, scheduledAt: scheduled, messageReference: reference))
        }
        let subject = json["subject"]?.text ?? ""
        var submission = Every8DSubmission(
            endpoint: endpoint, kind: kind, subject: subject, retryMinutes: retry, eventID: text(json, "eventid"),
            attachment: nil, mmsPoints: nil, recipients: recipients, duplicateFilter: nil)
        if kind == .mms {
            let longest = recipients.max { $0.text.utf8.count < $1.text.utf8.count }?.text ?? ""
            switch readPicture(json, typeKey: "attachmentType", subject: subject, text: longest) {
            case .failure(let failure): return .failure(failure)
            case .success(let content):
                submission.attachment = content.attachment
                submission.mmsPoints = content.points
            }
        }
        return .success(submission)
    }

    /// A number in one of annex 3's forms (`544` otherwise), Taiwan only for MMS (`554`).
    private static func readMobile(_ raw: String, kind: Every8DSandboxBatch.Kind) -> Result<Every8DMobile.Parsed, Every8DV3Failure> {
        guard let number = Every8DV3Mobile.parse(raw) else { return .failure(.badMobile(raw)) }
        if kind == .mms, number.isInternational { return .failure(.mmsInternational) }
        return .success(number)
    }

    /// The picture: required (`501`), png/jpg/jpeg (`547`), then 2.1's content checks (`506`).
    private static func readPicture(_ json: SandboxJSON, typeKey: String, subject: String, text message: String)
        -> Result<(attachment: Every8DSandboxAttachment, points: Decimal), Every8DV3Failure> {
        guard !subject.isEmpty else { return .failure(.missing("subject")) }
        guard let picture = text(json, "attachment") else { return .failure(.missing("attachment")) }
        guard let type = text(json, typeKey) else { return .failure(.missing(typeKey)) }
        guard ["jpg", "jpeg", "png"].contains(type.lowercased()) else { return .failure(.fileType) }
        switch Every8DSandbox.readMMSContent(subject: subject, text: message, attachment: picture, type: type) {
        case .failure(let failure):
            // 2.1's check names 2.1's field (`參數錯誤:SB`); say it in 3.0's words.
            let field = failure.message.split(separator: ":").last.map(String.init) ?? ""
            return .failure(.invalid(["SB": "subject", "MSG": "msg", "TYPE": typeKey][field] ?? "attachment"))
        case .success(let content): return .success(content)
        }
    }

    /// The highest `%fieldN%` of a template (0 for none), or `nil` for a placeholder other than 1…5.
    static func placeholderCount(_ template: String) -> Int? {
        var highest = 0
        var rest = Substring(template)
        while let range = rest.range(of: "%field") {
            let after = rest[range.upperBound...]
            let digits = after.prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, after.dropFirst(digits.count).first == "%" {
                guard let number = Int(digits), (1...5).contains(number) else { return nil }
                highest = max(highest, number)
            }
            rest = after
        }
        return highest
    }
}
