import Foundation

/// `SendParam.ashx` (JSON): exclusive and parameter messages, SMS or MMS.
///
/// - No top-level `MSG` (or an empty one): **exclusive**, each recipient's `Param` is its whole text.
/// - A `MSG`: **parameter** message; each `Param` must hold exactly five values separated by
///   four `|` (values may be empty), substituted for `%field1%` … `%field5%`.
/// - `ATTACHMENT` and `TYPE` present (non-empty): the **MMS** variant, with `SB` required.
/// - `Mr` values that are not empty must be unique within the request.
/// - Each recipient may carry its own `SendTime`.
extension Every8DSandbox {
    func sendParam(_ request: TransportRequest, now: Date) async -> TransportResponse {
        let json: SandboxJSON
        switch jsonBody(request) {
        case .failure(let failure): return Self.json(failure.json)
        case .success(let body): json = body
        }
        let auth = credentials(request, userID: json["UID"]?.text, password: json["PWD"]?.text)
        return await authenticated(auth, now: now, json: true) { userID in
            switch Self.readParamSend(json, now: now) {
            case .failure(let failure):
                return Self.json(failure.json)
            case .success(let submission):
                let receipt = await state.send(submission, userID: userID, now: now)
                return Self.json(JSONText.object([("Result", "true"), ("Msg", JSONText.string(Every8DRendering.sendResult(receipt)))]))
            }
        }
    }

    static func readParamSend(_ json: SandboxJSON, now: Date) -> Result<Every8DSubmission, Every8DFailure> {
        let template = json["MSG"]?.text ?? ""
        guard let list = json["RecipientDataList"]?.items, !list.isEmpty else { return .failure(.emptyDestination) }
        guard let retry = readRetryTime(json["RETRYTIME"]?.text) else { return .failure(.badParameter("RETRYTIME")) }
        let subject = json["SB"]?.text ?? ""
        let eventID = json["EventID"]?.text.flatMap { $0.isEmpty ? nil : $0 }
        let attachment = json["ATTACHMENT"]?.text ?? ""
        let type = json["TYPE"]?.text ?? ""
        let kind: Every8DSandboxBatch.Kind = attachment.isEmpty && type.isEmpty ? .sms : .mms

        var recipients: [Every8DSubmission.Recipient] = []
        var references: Set<String> = []
        for entry in list {
            let raw = entry["Mobile"]?.text ?? ""
            guard !raw.isEmpty else { return .failure(.emptyDestination) }
            guard let mobile = Every8DMobile.parse(raw), kind == .sms || !mobile.isInternational else { return .failure(.badMobile(raw)) }
            guard let scheduled = Every8DSendTime.parse(entry["SendTime"]?.text) else { return .failure(.badSendTime) }
            let param = entry["Param"]?.text ?? ""
            let text: String
            if template.isEmpty {
                text = param
            } else {
                guard let values = paramValues(param) else { return .failure(.badParameter("Param")) }
                text = substitute(values, into: template)
            }
            if kind == .sms, text.isEmpty { return .failure(.emptyMessage) }
            let reference = entry["Mr"]?.text ?? ""
            if !reference.isEmpty {
                guard references.insert(reference).inserted else { return .failure(.badParameter("Mr")) }
            }
            recipients.append(.init(name: entry["Name"]?.text ?? "", mobile: mobile, email: entry["Email"]?.text ?? "",
                                    text: text, scheduledAt: scheduled, messageReference: reference))
        }
        var submission = Every8DSubmission(
            endpoint: Every8DEndpoint.sendParam.rawValue, kind: kind, subject: subject, retryMinutes: retry, eventID: eventID,
            attachment: nil, mmsPoints: nil, recipients: recipients, duplicateFilter: nil)
        if kind == .mms {
            // The largest text decides the price of all; the gateway prices per message, but the
            // picture dominates and one price per batch keeps the result line simple.
            let longest = recipients.max { $0.text.utf8.count < $1.text.utf8.count }?.text ?? ""
            switch readMMSContent(subject: subject, text: longest, attachment: attachment, type: type) {
            case .failure(let failure): return .failure(failure)
            case .success(let content):
                submission.attachment = content.attachment
                submission.mmsPoints = content.points
            }
        }
        return .success(submission)
    }

    /// The five values of a `Param`, or `nil` unless it has exactly four `|`.
    static func paramValues(_ param: String) -> [String]? {
        let values = param.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        return values.count == 5 ? values : nil
    }

    /// `template` with `%field1%` … `%field5%` replaced by `values`, in one pass (a value that
    /// itself contains `%field2%` stays as it is).
    static func substitute(_ values: [String], into template: String) -> String {
        var result = ""
        var rest = Substring(template)
        while let start = rest.range(of: "%field") {
            result += rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            if let digit = after.first, let number = digit.wholeNumberValue, (1...values.count).contains(number),
               after.dropFirst().first == "%" {
                result += values[number - 1]
                rest = after.dropFirst(2)
            } else {
                result += rest[start]
                rest = after
            }
        }
        return result + rest
    }
}
