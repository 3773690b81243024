import Foundation

/// One send the EVERY8D sandbox carried out: a batch with its messages, for inspection in tests.
public struct Every8DSandboxBatch: Sendable, Hashable {
    /// Whether the batch is SMS or MMS.
    public enum Kind: String, Sendable, Hashable {
        /// Text messages.
        case sms
        /// Multimedia messages.
        case mms
    }

    /// The batch id (`BATCHID`), a lowercase GUID.
    public let id: String
    /// SMS or MMS.
    public let kind: Kind
    /// The endpoint that created it: `"SendSMS.ashx"`, `"SendSMS4FilterMessage.ashx"`,
    /// `"SendParam.ashx"` or `"MMS/SendMMS.ashx"` (or a SOAP operation's name).
    public let endpoint: String
    /// The account that sent it.
    public let userID: String
    /// The subject (`SB`).
    public let subject: String
    /// The validity in minutes (`RETRYTIME`).
    public let retryMinutes: Int
    /// The interactive-reply campaign (`EventID`), if any.
    public let eventID: String?
    /// When the request was carried out, by the sandbox clock.
    public let createdAt: Date
    /// The picture of an MMS batch; `nil` for SMS.
    public let attachment: Every8DSandboxAttachment?
    /// The messages, in the order of the request.
    public internal(set) var messages: [Every8DSandboxMessage]

    /// How many messages were sent or booked (`SENDED`).
    public var sentCount: Int { messages.filter { $0.disposition == .accepted || $0.disposition == .cancelled }.count }
    /// How many were not sent for lack of credit (`UNSEND`).
    public var unsentCount: Int { messages.filter { $0.disposition == .noCredit }.count }
    /// The points charged at submission (`COST`), refunds not deducted.
    public var cost: Decimal { messages.reduce(Decimal(0)) { $0 + $1.cost } }
}

/// The picture of an MMS batch.
public struct Every8DSandboxAttachment: Sendable, Hashable {
    /// The picture type (`TYPE`) as sent: `jpg`, `jpeg`, `png` or `gif`.
    public let type: String
    /// The picture's size in bytes, after base64 decoding.
    public let byteCount: Int

    /// Creates a description of a picture.
    public init(type: String, byteCount: Int) {
        self.type = type
        self.byteCount = byteCount
    }
}

/// One message of a sandbox batch: recipient, final text, schedule, charge and what became of it.
public struct Every8DSandboxMessage: Sendable, Hashable {
    /// What the gateway did with a message when the request was carried out.
    public enum Disposition: String, Sendable, Hashable {
        /// Sent or booked, and charged.
        case accepted
        /// Not sent for lack of credit (status 301), not charged.
        case noCredit
        /// Not sent: an international number on an account without international sending
        /// (status 500), not charged.
        case internationalDisabled
        /// Booked, then cancelled before it was due (status 303), points refunded.
        case cancelled
    }

    /// The message code (`MR`): the one given in the request, or its 1-based position.
    public let messageReference: String
    /// The recipient's name (`Name`), empty if none.
    public let name: String
    /// The recipient's number as the gateway stores it: Taiwan numbers as `+8869…`.
    public let mobile: String
    /// The recipient's e-mail (`Email`), empty if none.
    public let email: String
    /// The text sent, after parameter substitution (the `EventID` link not included).
    public let text: String
    /// When it is booked for, or `nil` when it was sent at once.
    public let scheduledAt: Date?
    /// Whether the number is international (not `+886`).
    public let isInternational: Bool
    /// The points charged when the request was carried out (0 when not sent).
    public let cost: Decimal
    /// What became of it.
    public internal(set) var disposition: Disposition
    /// A status set by ``Every8DSandboxState/setStatus(_:batchID:mobile:)``, replacing the scenario's.
    public internal(set) var statusOverride: Int?
    /// Replies added by ``Every8DSandboxState/addReply(batchID:mobile:text:at:)``.
    public internal(set) var addedReplies: [Every8DSandboxReply]
}

/// A reply (MO) from a recipient.
public struct Every8DSandboxReply: Sendable, Hashable {
    /// The replying number, as stored (`+8869…`).
    public let mobile: String
    /// The recipient's name from the send.
    public let name: String
    /// The reply text.
    public let text: String
    /// When the reply arrived.
    public let receivedAt: Date

    /// Creates a reply.
    public init(mobile: String, name: String, text: String, receivedAt: Date) {
        self.mobile = mobile
        self.name = name
        self.text = text
        self.receivedAt = receivedAt
    }
}
