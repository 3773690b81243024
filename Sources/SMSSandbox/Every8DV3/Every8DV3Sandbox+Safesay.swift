import Foundation

/// Safesay: `/v2/<pack>/gettoken`, `/v2/sendMessage`, `/v2/downLoadFile`.
///
/// Answers in 2.1's envelope: `{"Result":true,"Msg":"<token>"}`,
/// `{"Result":true,"MessageID":"…","MessageTime":<microseconds>}`, failures
/// `{"Result":false,"Status":"-99","Msg":"…"}`; a download is the file's bytes as
/// `application/x-download`, or `{"Msg":"檔案不存在"}`.
extension Every8DV3Sandbox {
    func safesayToken(_ request: TransportRequest, pack: String, now: Date) async -> TransportResponse {
        guard pack == (await state.safesayPack) else { return SandboxPages.errorResponse(status: 404) }
        guard case .success(let json) = Self.body(request) else { return Self.safesayFailure("參數格式錯誤") }
        guard let account = Self.text(json, "Account"), let password = Self.text(json, "Password") else {
            return Self.safesayFailure("參數缺少")
        }
        guard let token = await state.issueSafesayToken(account: account, password: password, now: now) else {
            return Self.safesayFailure("帳號或密碼錯誤")
        }
        return Self.json(JSONText.object([("Result", "true"), ("Msg", JSONText.string(token))]))
    }

    func safesaySend(_ request: TransportRequest, now: Date) async -> TransportResponse {
        guard let userID = await safesayAccount(request, now: now) else { return Self.safesayFailure("token 無效") }
        guard case .success(let json) = Self.body(request) else { return Self.safesayFailure("參數格式錯誤") }
        guard let eventID = json["EventID"]?.text.flatMap({ Int($0) }) else { return Self.safesayFailure("參數缺少:EventID") }
        let mobile = Self.text(json, "Mobile")
        let chatroomID = Self.text(json, "ChatroomID")
        guard mobile != nil || chatroomID != nil else { return Self.safesayFailure("參數缺少:Mobile/ChatroomID") }
        let content: Every8DSandboxSafesayMessage.Content
        if let text = Self.text(json, "Text") {
            content = .text(text)
        } else if let attachment = Self.text(json, "Attachment") {
            guard let data = Data(base64Encoded: attachment) else { return Self.safesayFailure("參數格式錯誤:Attachment") }
            content = .attachment(data)
        } else if let coordinates = Self.text(json, "Coordinates") {
            content = .coordinates(coordinates)
        } else {
            return Self.safesayFailure("參數缺少:Text/Attachment/Coordinates")
        }
        guard let room = await state.safesayChatroom(userID: userID, eventID: eventID, mobile: mobile, chatroomID: chatroomID) else {
            return Self.safesayFailure("用戶尚未加入活動頻道")
        }
        let message = Every8DSandboxSafesayMessage(
            messageID: UUID().uuidString.lowercased(), userID: userID, eventID: eventID, chatroomID: room.room, mobile: room.mobile,
            content: content, sentAt: now)
        await state.recordSafesayMessage(message)
        let microseconds = Int64((now.timeIntervalSince1970 * 1_000_000).rounded())
        return Self.json(JSONText.object([("Result", "true"), ("MessageID", JSONText.string(message.messageID)), ("MessageTime", String(microseconds))]))
    }

    func safesayDownload(_ request: TransportRequest, now: Date) async -> TransportResponse {
        guard let userID = await safesayAccount(request, now: now) else { return Self.safesayFailure("token 無效") }
        guard case .success(let json) = Self.body(request),
              let eventID = json["EventID"]?.text.flatMap({ Int($0) }), let fileID = json["FileID"]?.text.flatMap({ Int64($0) }),
              let file = await state.safesayFile(userID: userID, eventID: eventID, fileID: fileID) else {
            return Self.json(JSONText.object([("Msg", JSONText.string("檔案不存在"))]))
        }
        return TransportResponse(
            status: 200,
            headers: ["Content-Type": "application/x-download", "Content-Disposition": "attachment; filename=\"\(file.fileName)\""],
            body: file.data)
    }

    /// The account of the request's `Authorization: Bearer` token, if it is a valid Safesay token.
    private func safesayAccount(_ request: TransportRequest, now: Date) async -> String? {
        guard let header = request.headers["Authorization"]?.trimmingASCIIWhitespace(), header.count > 7,
              header.prefix(7).lowercased() == "bearer " else { return nil }
        return await state.safesayAccount(forToken: String(header.dropFirst(7)).trimmingASCIIWhitespace(), now: now)
    }

    private static func safesayFailure(_ message: String) -> TransportResponse {
        json(JSONText.object([("Result", "false"), ("Status", JSONText.string("-99")), ("Msg", JSONText.string(message))]))
    }
}
