import Foundation

extension Every8DSandboxState {
    // MARK: Settings and inspection (public)

    /// The pack in Safesay's token path (`/v2/<pack>/gettoken`); `sandbox` by default.
    public func setSafesayPack(_ pack: String) {
        v3.safesayPack = pack
    }

    /// How many Safesay tokens were issued.
    public var safesayTokensIssued: Int { v3.safesayTokensIssued }

    /// Lets a customer join a Safesay channel, as opening the link of an SMS sent with that
    /// channel's event id does: from then on messages to that number (or to the returned chat
    /// room) are delivered.
    ///
    /// - Parameters:
    ///   - eventID: The channel.
    ///   - mobile: The customer's number (`09…` and `+8869…` are the same).
    ///   - userID: The account that owns the channel (default: the demo account).
    /// - Returns: The chat room's id (the same one when the number joins again).
    @discardableResult
    public func joinSafesayChannel(eventID: Int, mobile: String, userID: String = Every8DSandboxAccount.demo.userID) -> String {
        let key = Every8DV3Store.ChatroomKey(userID: userID, eventID: eventID, mobile: Self.storedForm(mobile))
        if let room = v3.chatrooms[key] { return room }
        let room = UUID().uuidString.lowercased()
        v3.chatrooms[key] = room
        return room
    }

    /// Puts a file into a channel, as a customer sending a picture, video or file does; download
    /// it with `/v2/downLoadFile`.
    ///
    /// - Returns: Its `FileID`.
    @discardableResult
    public func addSafesayFile(_ data: Data, fileName: String = "file.bin", eventID: Int,
                               userID: String = Every8DSandboxAccount.demo.userID) -> Int64 {
        let id = v3.nextFileID
        v3.nextFileID += 1
        v3.files[.init(userID: userID, eventID: eventID, fileID: id)] = .init(data: data, fileName: fileName)
        return id
    }

    /// The messages clients sent through `/v2/sendMessage`, oldest first.
    ///
    /// - Parameter userID: Only this account's, or `nil` for all.
    public func safesayMessages(userID: String? = nil) -> [Every8DSandboxSafesayMessage] {
        guard let userID else { return v3.messages }
        return v3.messages.filter { $0.userID == userID }
    }

    // MARK: The front end's operations

    var safesayPack: String { v3.safesayPack }

    /// `gettoken`: a new token for the day; the account's earlier one stops working.
    func issueSafesayToken(account: String, password: String, now: Date) -> String? {
        guard let record = accounts[account], record.password == password else { return nil }
        let token = "sfs." + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let day = TaiwanTime.components(of: now)
        let midnight = TaiwanTime.makeDate(year: day.year, month: day.month, day: day.day, hour: 0, minute: 0, second: 0) ?? now
        v3.safesayTokens[account] = .init(value: token, expiresAt: midnight.addingTimeInterval(86_400))
        v3.safesayTokensIssued += 1
        return token
    }

    /// The account whose current, unexpired Safesay token this is.
    func safesayAccount(forToken token: String, now: Date) -> String? {
        v3.safesayTokens.first { $0.value.value == token && now < $0.value.expiresAt }?.key
    }

    /// The chat room and number a message goes to: a number that joined the channel, or a chat
    /// room of the account's channel.
    func safesayChatroom(userID: String, eventID: Int, mobile: String?, chatroomID: String?) -> (room: String, mobile: String)? {
        if let mobile {
            let stored = Self.storedForm(mobile)
            return v3.chatrooms[.init(userID: userID, eventID: eventID, mobile: stored)].map { ($0, stored) }
        }
        guard let chatroomID else { return nil }
        return v3.chatrooms.first { $0.key.userID == userID && $0.key.eventID == eventID && $0.value == chatroomID }
            .map { ($0.value, $0.key.mobile) }
    }

    func recordSafesayMessage(_ message: Every8DSandboxSafesayMessage) {
        v3.messages.append(message)
    }

    func safesayFile(userID: String, eventID: Int, fileID: Int64) -> Every8DV3Store.File? {
        v3.files[.init(userID: userID, eventID: eventID, fileID: fileID)]
    }
}
