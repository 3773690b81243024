import Foundation

/// The formats the delivery-status endpoints answer in (`RESPFORMAT`).
///
/// JSON (the default) carries every field, `MR` and `REAL_COST` included; TAB is the smallest but
/// has neither; XML has neither but may carry replies.
public enum DeliveryReportFormat: Int, Sendable, Hashable, CaseIterable {
    /// Tab-separated lines (`RESPFORMAT=0`).
    case tab = 0
    /// JSON (`RESPFORMAT=1`).
    case json = 1
    /// XML (`RESPFORMAT=2`).
    case xml = 2
}

/// The state of one message in a batch: one row of a delivery-status page.
///
/// Which fields are present depends on the format: TAB rows carry name, mobile, send time, cost,
/// status and (six-column rows) received time; JSON adds ``messageReference`` and ``realCost``; XML
/// may add ``replies``.
public struct DeliveryReport: Sendable, Hashable {
    /// A reply (MO) attached to a delivery row in the XML format.
    public struct AttachedReply: Sendable, Hashable {
        /// When the reply arrived, if given.
        public var receivedAt: Date?
        /// The reply's text.
        public var text: String

        /// Creates an attached reply.
        public init(receivedAt: Date?, text: String) {
            self.receivedAt = receivedAt
            self.text = text
        }
    }

    /// The per-message code given when sending (`MR`), if any.
    public var messageReference: String?
    /// The recipient's name as given when sending (often empty).
    public var name: String
    /// The recipient's number.
    public var mobile: String
    /// When the message was sent.
    public var sentAt: Date?
    /// The points charged.
    public var cost: Decimal?
    /// The delivery state.
    public var status: DeliveryStatus
    /// The points finally charged (`REAL_COST`, JSON only).
    public var realCost: Decimal?
    /// When the carrier reported the state.
    public var receivedAt: Date?
    /// Replies carried with the row (XML only).
    public var replies: [AttachedReply]

    /// Creates a report.
    public init(
        messageReference: String? = nil, name: String, mobile: String, sentAt: Date?, cost: Decimal?,
        status: DeliveryStatus, realCost: Decimal? = nil, receivedAt: Date? = nil, replies: [AttachedReply] = []
    ) {
        self.messageReference = messageReference
        self.name = name
        self.mobile = mobile
        self.sentAt = sentAt
        self.cost = cost
        self.status = status
        self.realCost = realCost
        self.receivedAt = receivedAt
        self.replies = replies
    }
}

/// One page of delivery reports (up to 1000 rows).
public struct DeliveryPage: Sendable, Hashable {
    /// How many reports the whole batch has (`SMS_COUNT`, `COUNT`).
    public var totalCount: Int
    /// The batch id, when the format carries it (JSON).
    public var batchID: String?
    /// The rows of this page, in the gateway's order.
    public var reports: [DeliveryReport]

    /// Creates a page.
    public init(totalCount: Int, batchID: String? = nil, reports: [DeliveryReport]) {
        self.totalCount = totalCount
        self.batchID = batchID
        self.reports = reports
    }

    /// The most rows the gateway puts on one page.
    public static let pageSize = 1000
}
