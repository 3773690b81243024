import Foundation

/// One Safesay call, checked and ready: its operation, its JSON members and how it may be
/// repeated. The day's token goes in `Authorization: Bearer …`, added per attempt by
/// ``transportRequest(url:token:timeout:)``; the token fetch carries the account instead.
///
/// Members are written in the specification's order and types: `EventID` and `FileID` are JSON
/// numbers, everything else strings.
struct SafesayRequest: Sendable {
    let operation: Every8DOperation
    let members: OutgoingJSON
    let rule: RepeatRule

    /// `/v2/<pack>/gettoken`: `{"Account":…,"Password":…}`. The answer is 2.1's envelope
    /// (`{"Result":true,"Msg":"<token>"}`); the token is valid until midnight, Taiwan time, and
    /// only the one fetched last is: every fetch ends the token before it, in every process.
    ///
    /// - Throws: `ValidationError` for `Account` or `Password` when empty.
    static func token(account: String, password: String) throws -> SafesayRequest {
        guard !account.trimmingASCIIWhitespace().isEmpty else { throw ValidationError(field: "Account", reason: "the account is empty") }
        guard !password.isEmpty else { throw ValidationError(field: "Password", reason: "the password is empty") }
        return SafesayRequest(operation: .safesayGetToken,
                              members: OutgoingJSON([.init("Account", .string(account)), .init("Password", .string(password))]),
                              rule: .read)
    }

    /// `/v2/sendMessage`: `{"EventID":22,"Mobile"|"ChatroomID":…,"Text"|"Attachment"|"Coordinates":…}`.
    ///
    /// - Throws: `ValidationError` for `EventID` (not positive), `Mobile` (not `09xxxxxxxx` or
    ///   `+` and 8 to 15 digits), `ChatroomID`, `Text` (empty), `Attachment` (empty) or `Coordinates` (out of range).
    static func send(_ message: SafesayMessage) throws -> SafesayRequest {
        try checkEventID(message.eventID)
        let recipient: OutgoingJSON.Member
        switch message.recipient {
        case .mobile(let raw):
            recipient = .init("Mobile", .string(try MobileNumber.normalized(raw, field: "Mobile", normalizeTaiwan: false)))
        case .chatroom(let raw):
            let room = raw.trimmingASCIIWhitespace()
            guard !room.isEmpty, !SendValidation.hasLineBreak(room) else {
                throw ValidationError(field: "ChatroomID", value: room, reason: "a chat room id is one line, not empty")
            }
            recipient = .init("ChatroomID", .string(room))
        }
        let content: OutgoingJSON.Member
        switch message.content {
        case .text(let text):
            try SendValidation.text(text, field: "Text")
            content = .init("Text", .string(text))
        case .attachment(let data):
            guard !data.isEmpty else { throw ValidationError(field: "Attachment", reason: "the file is empty") }
            content = .init("Attachment", .string(data.base64EncodedString()))
        case .location(let place):
            guard place.isInRange else {
                throw ValidationError(field: "Coordinates", value: place.description, reason: "must be longitude -180…180, latitude -90…90")
            }
            content = .init("Coordinates", .string(place.description))
        }
        let shown: String = switch message.recipient {
        case .mobile(let number): number
        case .chatroom(let room): "chat room \(room)"
        }
        let advice = "Before sending again, look in the channel's chat room on the Safesay console: the message may be there."
        return SafesayRequest(
            operation: .safesaySendMessage, members: OutgoingJSON([.init("EventID", .int(message.eventID)), recipient, content]),
            rule: .send(SendContext(recipients: [shown], references: ["EventID": String(message.eventID)], advice: advice)))
    }

    /// `/v2/downLoadFile`: `{"EventID":22,"FileID":1723024586142825}`.
    ///
    /// - Throws: `ValidationError` for `EventID` or `FileID` when not positive.
    static func download(eventID: Int, fileID: Int64) throws -> SafesayRequest {
        try checkEventID(eventID)
        guard fileID > 0, let id = Int(exactly: fileID) else {
            throw ValidationError(field: "FileID", value: String(fileID), reason: "must be a file id from a webhook (positive)")
        }
        return SafesayRequest(operation: .safesayDownloadFile,
                              members: OutgoingJSON([.init("EventID", .int(eventID)), .init("FileID", .int(id))]), rule: .read)
    }

    /// The HTTP request for one attempt: POST, `application/json`, with `Authorization: Bearer <token>`
    /// (none for the token fetch). It carries 2.1's redaction rules: Safesay answers `gettoken` in
    /// 2.1's envelope, the token in `Msg`.
    func transportRequest(url: URL, token: String?, timeout: Duration) -> TransportRequest {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        var request = TransportRequest(method: .post, url: url, headers: headers, body: members.objectData(), timeout: timeout,
                                       isIdempotent: rule.isIdempotent)
        request.redactionRules = Every8DClient.redactionRules
        return request
    }

    private static func checkEventID(_ eventID: Int) throws {
        guard eventID > 0 else { throw ValidationError(field: "EventID", value: String(eventID), reason: "channel ids are positive") }
    }
}
