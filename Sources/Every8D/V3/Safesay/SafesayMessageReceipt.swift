import Foundation

/// What `/v2/sendMessage` answers when the message was sent.
public struct SafesayMessageReceipt: Sendable, Hashable, Codable {
    /// The message's id (`MessageID`).
    public var messageID: String
    /// When Safesay sent it (`MessageTime`).
    public var sentAt: Date
    /// `MessageTime` as the gateway wrote it (microseconds since 1970 in the documented example).
    public var timestamp: Int64

    /// Creates a receipt.
    public init(messageID: String, sentAt: Date, timestamp: Int64) {
        self.messageID = messageID
        self.sentAt = sentAt
        self.timestamp = timestamp
    }
}
