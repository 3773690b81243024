import Foundation
@_spi(SMSInternals) import SMSTransport

/// The web methods: each returns the result string that goes into the envelope.
extension Every8DSOAPSandbox {
    /// The `-301` result of a method called with an unknown, closed or expired session key.
    static let sessionGone = Every8DFailure(code: -301, message: "Session 資料不存在，請重新登入。")

    /// The width the real server pads `MOBILE` to in delivery logs.
    static let paddedMobileWidth = 20

    func handle(_ call: Every8DSOAPCall, service: Every8DSOAPService, now: Date) async -> String {
        switch call.method {
        case "getConnection":
            return Self.connectionResult(await state.soapConnect(userID: call.value("userID"), password: call.value("password"), now: now))
        case "closeConnection":
            return await state.soapDisconnect(sessionKey: call.value("sessionKey"), now: now) ? "1" : "-1"
        default:
            guard let userID = await state.account(forToken: call.value("sessionKey"), now: now) else { return Self.sessionGone.line }
            return await handle(call, userID: userID, now: now)
        }
    }

    private func handle(_ call: Every8DSOAPCall, userID: String, now: Date) async -> String {
        switch call.method {
        case "sendSMS", "sendMessage":
            var fields = [FormField("SB", call.value("subject")), FormField("MSG", call.value("content")),
                          FormField("DEST", call.value("mobile")), FormField("ST", call.value("sendTime"))]
            if call.method == "sendMessage" { fields.append(FormField("RETRYTIME", call.value("retryTime"))) }
            return await send(Every8DSandbox.readFormSend(fields, endpoint: .sendSMS, kind: .sms, now: now),
                              endpoint: "SMS.asmx/\(call.method)", userID: userID, now: now)
        case "sendParamSMS":
            return await send(Self.readParamSend(call, now: now), endpoint: "SMS.asmx/sendParamSMS", userID: userID, now: now)
        case "sendMMS":
            let type = call.value("type")
            guard ["jpg", "jpeg", "png"].contains(type.lowercased()) else { return Every8DFailure.badParameter("type").line }
            // Documented as "base64 encoded + urlEncode": undo the URL encoding (`+` reads as a
            // space, so an unencoded `+` breaks the base64 and is refused, as on the real server).
            let attachment = FormEncoding.decode("a=" + call.value("attachment")).first?.value ?? ""
            let fields = [
                FormField("SB", call.value("subject")), FormField("MSG", call.value("content")), FormField("DEST", call.value("mobile")),
                FormField("ST", call.value("sendTime")), FormField("RETRYTIME", call.value("retryTime")),
                FormField("ATTACHMENT", attachment), FormField("TYPE", type),
            ]
            return await send(Every8DSandbox.readFormSend(fields, endpoint: .sendMMS, kind: .mms, now: now, asciiSubjectLimit: 95),
                              endpoint: "MMS.asmx/sendMMS", userID: userID, now: now)
        case "getDeliveryStatus":
            return await deliveryLog(call, kind: .sms, userID: userID, now: now)
        case "getMMSDeliveryStatus":
            return await deliveryLog(call, kind: .mms, userID: userID, now: now)
        case "getCredit":
            return SandboxFormatting.twoPlaces(await state.credit(of: userID) ?? 0)
        case "eraseBooking", "eraseMMSBooking":
            let kind: Every8DSandboxBatch.Kind = call.method == "eraseBooking" ? .sms : .mms
            switch await state.cancelBooking(batchID: call.value("batchID"), kind: kind, userID: userID, now: now) {
            case .success(let result): return "\(result.count),\(SandboxFormatting.twoPlaces(result.points))"
            case .failure(let failure): return failure == .noSuchBatch ? "" : failure.line
            }
        default:
            return Every8DFailure.exception.line
        }
    }

    private func send(_ read: Result<Every8DSubmission, Every8DFailure>, endpoint: String, userID: String, now: Date) async -> String {
        switch read {
        case .failure(let failure):
            return failure.line
        case .success(var submission):
            submission.endpoint = endpoint
            return Every8DRendering.sendResult(await state.send(submission, userID: userID, now: now))
        }
    }

    private func deliveryLog(_ call: Every8DSOAPCall, kind: Every8DSandboxBatch.Kind, userID: String, now: Date) async -> String {
        guard let page = Every8DSandbox.readPage(call.value("pageNo")) else { return Every8DFailure.badParameter("pageNo").line }
        let rows = await state.deliveryRows(batchID: call.value("batchID"), kind: kind, userID: userID, now: now) ?? []
        let slice = Every8DSandbox.page(page, of: rows, size: Every8DSandbox.deliveryPageSize).map { row in
            var padded = row
            padded.mobile += String(repeating: " ", count: max(0, Self.paddedMobileWidth - row.mobile.count))
            return padded
        }
        return Every8DRendering.deliveryXML(total: rows.count, rows: ArraySlice(slice))
    }

    /// `getConnection`'s XML, laid out as the SOAP document shows it.
    static func connectionResult(_ login: Every8DSOAPLogin) -> String {
        let (code, key, description): (Int, String, String)
        switch login {
        case .session(let session): (code, key, description) = (0, session, "取得連線成功")
        case .failure(let failure, let text): (code, key, description) = (failure, "", text)
        }
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<SMS>\r\n  <GET_CONNECTION>\r\n    <CODE>\(code)</CODE>\r\n"
            + (key.isEmpty ? "    <SESSION_KEY />\r\n" : "    <SESSION_KEY>\(key)</SESSION_KEY>\r\n")
            + "    <DESCRIPTION>\(XMLEscaping.escape(description))</DESCRIPTION>\r\n  </GET_CONNECTION>\r\n</SMS>"
    }

    /// Reads `sendParamSMS`: `contentXML` is `<REPS><USER NAME MOBILE EMAIL SENDTIME>text</USER>…</REPS>`
    /// (the text usually in CDATA); a user without `SENDTIME` takes the call's `sendTime`.
    static func readParamSend(_ call: Every8DSOAPCall, now: Date) -> Result<Every8DSubmission, Every8DFailure> {
        guard let document = try? XMLTree.parse(Data(call.value("contentXML").utf8)), document.name == "REPS" else {
            return .failure(.badParameter("contentXML"))
        }
        let users = document.children.filter { $0.name == "USER" }
        guard !users.isEmpty else { return .failure(.emptyDestination) }
        guard let defaultTime = Every8DSendTime.parse(call.value("sendTime")) else { return .failure(.badSendTime) }
        var recipients: [Every8DSubmission.Recipient] = []
        for user in users {
            let raw = user.attributes["MOBILE"] ?? ""
            guard !raw.isEmpty else { return .failure(.emptyDestination) }
            guard let mobile = Every8DMobile.parse(raw) else { return .failure(.badMobile(raw)) }
            let ownTime = user.attributes["SENDTIME"] ?? ""
            guard let scheduled = ownTime.isEmpty ? defaultTime : Every8DSendTime.parse(ownTime) else { return .failure(.badSendTime) }
            guard !user.text.isEmpty else { return .failure(.emptyMessage) }
            recipients.append(.init(name: user.attributes["NAME"] ?? "", mobile: mobile, email: user.attributes["EMAIL"] ?? "",
                                    text: user.text, scheduledAt: scheduled, messageReference: ""))
        }
        return .success(Every8DSubmission(
            endpoint: "SMS.asmx/sendParamSMS", kind: .sms, subject: call.value("subject"), retryMinutes: 1440, eventID: nil,
            attachment: nil, mmsPoints: nil, recipients: recipients, duplicateFilter: nil))
    }
}
