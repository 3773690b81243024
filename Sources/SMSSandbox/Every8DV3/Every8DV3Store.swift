import Foundation

/// What the EVERY8D sandbox keeps for API 3.0 and Safesay beside 2.1's state: single-use
/// tokens, login failures and account settings of 3.0, and Safesay's daily tokens, chat rooms,
/// files and messages. Held by ``Every8DSandboxState`` (accounts, credit and batches are 2.1's,
/// shared).
struct Every8DV3Store: Sendable {
    struct Token: Sendable {
        var userID: String
        var expiresAt: Date
    }

    struct SafesayToken: Sendable {
        var value: String
        var expiresAt: Date
    }

    struct ChatroomKey: Hashable, Sendable {
        var userID: String
        var eventID: Int
        var mobile: String
    }

    struct FileKey: Hashable, Sendable {
        var userID: String
        var eventID: Int
        var fileID: Int64
    }

    struct File: Sendable {
        var data: Data
        var fileName: String
    }

    /// Unused 3.0 tokens (a token is removed when a call uses it).
    var tokens: [String: Token] = [:]
    var tokensIssued = 0
    var tokensSpent = 0
    /// Tokens a call used up, to count the ones presented again.
    var spentTokens: Set<String> = []
    var tokensPresentedAgain = 0
    /// Wrong passwords in a row, per account (ten suspend the account's 3.0 access: `509`).
    var failedLogins: [String: Int] = [:]
    var suspended: Set<String> = []
    /// Accounts that may not authenticate with the password (`531`).
    var tokenOnly: Set<String> = []
    /// Accounts whose custcode is not `e8d`.
    var custcodes: [String: String] = [:]

    var safesayPack = "sandbox"
    /// Each account's Safesay token: only the last one fetched is valid.
    var safesayTokens: [String: SafesayToken] = [:]
    var safesayTokensIssued = 0
    var chatrooms: [ChatroomKey: String] = [:]
    var files: [FileKey: File] = [:]
    var nextFileID: Int64 = 1_723_024_586_142_825
    var messages: [Every8DSandboxSafesayMessage] = []
}

/// A message a client sent into a Safesay chat room through the sandbox (`/v2/sendMessage`).
public struct Every8DSandboxSafesayMessage: Sendable, Hashable {
    /// What the message carried.
    public enum Content: Sendable, Hashable {
        /// `Text`.
        case text(String)
        /// `Attachment`, base64-decoded.
        case attachment(Data)
        /// `Coordinates`, as sent (`longitude,latitude`).
        case coordinates(String)
    }

    /// The id the sandbox answered (`MessageID`).
    public let messageID: String
    /// The account whose token sent it.
    public let userID: String
    /// The channel (`EventID`).
    public let eventID: Int
    /// The chat room it went to.
    public let chatroomID: String
    /// The customer's number of that chat room.
    public let mobile: String
    /// What it carried.
    public let content: Content
    /// When it was sent, by the sandbox clock.
    public let sentAt: Date
}
