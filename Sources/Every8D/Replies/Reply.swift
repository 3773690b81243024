import Foundation

/// The formats the reply endpoint answers in (`RESPFORMAT`).
public enum ReplyFormat: Int, Sendable, Hashable, CaseIterable {
    /// Tab-separated lines (`RESPFORMAT=0`).
    case tab = 0
    /// JSON (`RESPFORMAT=1`).
    case json = 1
}

/// A reply (MO): a text a recipient sent back to a batch.
public struct Reply: Sendable, Hashable {
    /// The recipient's name as given when sending (often empty).
    public var name: String
    /// The number the reply came from.
    public var mobile: String
    /// The reply's text.
    public var text: String
    /// When the reply arrived.
    public var receivedAt: Date?
    /// The per-message code (`MR`) of the message replied to, when the gateway gives it.
    public var messageReference: String?

    /// Creates a reply.
    public init(name: String, mobile: String, text: String, receivedAt: Date?, messageReference: String? = nil) {
        self.name = name
        self.mobile = mobile
        self.text = text
        self.receivedAt = receivedAt
        self.messageReference = messageReference
    }
}

/// One page of replies (documented as 10 a page).
public struct ReplyPage: Sendable, Hashable {
    /// How many replies the whole batch has (`SMS_COUNT`).
    public var totalCount: Int
    /// The batch id, when the format carries it (JSON).
    public var batchID: String?
    /// The replies on this page, in the gateway's order.
    public var replies: [Reply]

    /// Creates a page.
    public init(totalCount: Int, batchID: String? = nil, replies: [Reply]) {
        self.totalCount = totalCount
        self.batchID = batchID
        self.replies = replies
    }

    /// The most replies the gateway puts on one page.
    public static let pageSize = 10
}
