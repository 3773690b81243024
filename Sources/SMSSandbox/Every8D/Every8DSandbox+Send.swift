import Foundation
import Every8D

/// `SendSMS.ashx`, `SendSMS4FilterMessage.ashx` and `MMS/SendMMS.ashx` (form bodies).
extension Every8DSandbox {
    func sendSMS(_ request: TransportRequest, now: Date, filtered: Bool) async -> TransportResponse {
        await formCall(request, now: now) { fields, userID in
            var filter: Every8DSubmission.DuplicateFilter?
            if filtered {
                guard let isSend = Self.readBool(fields.value(named: "IsSend"), default: true) else {
                    return Self.failure(.badParameter("IsSend"))
                }
                filter = isSend ? .filterAndSend : .dryRun
            }
            let endpoint = filtered ? Every8DEndpoint.sendSMSFiltered : .sendSMS
            switch Self.readFormSend(fields, endpoint: endpoint, kind: .sms, now: now) {
            case .failure(let failure):
                return Self.failure(failure)
            case .success(var submission):
                submission.duplicateFilter = filter
                let receipt = await state.send(submission, userID: userID, now: now)
                guard let filter else { return Self.text(Every8DRendering.sendResult(receipt)) }
                return Self.text(Every8DRendering.filteredSendResult(receipt, dryRun: filter == .dryRun))
            }
        }
    }

    func sendMMS(_ request: TransportRequest, now: Date) async -> TransportResponse {
        await formCall(request, now: now) { fields, userID in
            switch Self.readFormSend(fields, endpoint: .sendMMS, kind: .mms, now: now) {
            case .failure(let failure):
                return Self.failure(failure)
            case .success(let submission):
                return Self.text(Every8DRendering.sendResult(await state.send(submission, userID: userID, now: now)))
            }
        }
    }

    /// Reads and validates the fields of a form send, in the order the checks are made:
    /// `MSG` (SMS), `DEST`, each number, `ST`, `RETRYTIME`, then the MMS fields.
    static func readFormSend(_ fields: [FormField], endpoint: Every8DEndpoint, kind: Every8DSandboxBatch.Kind, now: Date,
                             asciiSubjectLimit: Int = 39) -> Result<Every8DSubmission, Every8DFailure> {
        let text = fields.value(named: "MSG") ?? ""
        if kind == .sms, text.isEmpty { return .failure(.emptyMessage) }
        let destinations = (fields.value(named: "DEST") ?? "").split(separator: ",", omittingEmptySubsequences: true).map(String.init)
        guard !destinations.isEmpty else { return .failure(.emptyDestination) }
        var numbers: [Every8DMobile.Parsed] = []
        for raw in destinations {
            guard let parsed = Every8DMobile.parse(raw), kind == .sms || !parsed.isInternational else { return .failure(.badMobile(raw)) }
            numbers.append(parsed)
        }
        guard let scheduled = Every8DSendTime.parse(fields.value(named: "ST")) else { return .failure(.badSendTime) }
        guard let retry = readRetryTime(fields.value(named: "RETRYTIME")) else { return .failure(.badParameter("RETRYTIME")) }
        let eventID = fields.value(named: "EventID").flatMap { $0.isEmpty ? nil : $0 }
        let subject = fields.value(named: "SB") ?? ""
        var submission = Every8DSubmission(
            endpoint: endpoint.rawValue, kind: kind, subject: subject, retryMinutes: retry, eventID: eventID,
            attachment: nil, mmsPoints: nil,
            recipients: numbers.map { .init(name: "", mobile: $0, email: "", text: text, scheduledAt: scheduled, messageReference: "") },
            duplicateFilter: nil)
        if kind == .mms {
            switch readMMSContent(subject: subject, text: text, attachment: fields.value(named: "ATTACHMENT"), type: fields.value(named: "TYPE"),
                                 asciiSubjectLimit: asciiSubjectLimit) {
            case .failure(let failure): return .failure(failure)
            case .success(let content):
                submission.attachment = content.attachment
                submission.mmsPoints = content.points
            }
        }
        return .success(submission)
    }

    /// Checks an MMS subject, text and picture, and prices it.
    ///
    /// The subject may be empty (the vendor's own `SendParam` MMS examples send `"SB": ""`): up to
    /// 15 characters when it has any non-ASCII character, `asciiSubjectLimit` when ASCII only (39
    /// over HTTP, 95 over SOAP); text up to 4000 characters; `TYPE` jpg, jpeg, png or gif (any case);
    /// `ATTACHMENT` strict base64 (a `+` sent unencoded arrives as a space and is refused);
    /// picture plus text at most 300 KB.
    static func readMMSContent(subject: String, text: String, attachment: String?, type: String?,
                               asciiSubjectLimit: Int = 39) -> Result<(attachment: Every8DSandboxAttachment, points: Decimal), Every8DFailure> {
        let subjectLimit = subject.unicodeScalars.allSatisfy(\.isASCII) ? asciiSubjectLimit : 15
        guard subject.count <= subjectLimit else { return .failure(.badParameter("SB")) }
        guard text.count <= 4000 else { return .failure(.badParameter("MSG")) }
        guard let type, ["jpg", "jpeg", "png", "gif"].contains(type.lowercased()) else { return .failure(.badParameter("TYPE")) }
        guard let attachment, !attachment.isEmpty, let picture = Data(base64Encoded: attachment) else {
            return .failure(.badParameter("ATTACHMENT"))
        }
        guard let points = CostEstimator.mmsPoints(contentBytes: picture.count + text.utf8.count).map({ Decimal($0) }) else {
            return .failure(.badParameter("ATTACHMENT"))
        }
        return .success((Every8DSandboxAttachment(type: type, byteCount: picture.count), points))
    }

    /// `RETRYTIME`: empty for the default 1440 minutes, otherwise a positive whole number.
    static func readRetryTime(_ text: String?) -> Int? {
        guard let text, !text.isEmpty else { return 1440 }
        guard let minutes = Int(text), minutes > 0 else { return nil }
        return minutes
    }

    /// A boolean field: empty for `default`, `true`/`false` in any case or `1`/`0`; `nil` otherwise.
    static func readBool(_ text: String?, default value: Bool) -> Bool? {
        guard let text, !text.isEmpty else { return value }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: return nil
        }
    }
}
