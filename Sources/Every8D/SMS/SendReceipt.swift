import Foundation

/// What the gateway answers to a send: `CREDIT,SENDED,COST,UNSEND,BATCHID`.
public struct SendReceipt: Sendable, Hashable, Codable {
    /// Where a receipt comes from.
    public enum Origin: String, Sendable, Hashable, Codable {
        /// The gateway's answer to this call's send.
        case gateway
        /// The stored receipt of an earlier call with the same idempotency key: nothing was sent now.
        case ledger
        /// An earlier call with the same key had an unknown outcome; the gateway showed that its
        /// recipients already had the message (``SendReceipt/batchID`` is the earlier batch, cost
        /// and credit are not known: 0), or this call sent only to those who had not (this send's
        /// figures).
        case reconciled
    }

    /// The account's credit left after this send, in points.
    public var credit: Decimal
    /// How many messages were sent (or booked).
    public var sent: Int
    /// The points this send cost.
    public var cost: Decimal
    /// How many messages were not sent for lack of credit (`0` when the gateway omits the field).
    public var unsent: Int
    /// The batch id: keep it to query delivery reports or cancel a booking.
    public var batchID: String

    /// Whether every message was sent (``unsent`` is 0).
    ///
    /// **Check it.** When the account runs out of credit the gateway sends only part of a batch
    /// and says so in ``unsent``: the call succeeds, ``sent`` messages went out, and the rest did
    /// not. The SDK never sends the rest by itself; top up and send only to the recipients that
    /// were not sent (delivery reports show them with status 301).
    public var isComplete: Bool { unsent == 0 }

    /// Where this receipt comes from: the gateway's answer to this call (the default), or, for a
    /// send with an idempotency key, the ledger or a reconciliation.
    public var origin: Origin = .gateway

    /// Creates a receipt.
    public init(credit: Decimal, sent: Int, cost: Decimal, unsent: Int, batchID: String, origin: Origin = .gateway) {
        self.credit = credit
        self.sent = sent
        self.cost = cost
        self.unsent = unsent
        self.batchID = batchID
        self.origin = origin
    }
}

/// What the duplicate-filtering send (`SendSMS4FilterMessage.ashx`) answers.
///
/// Numbers that already received the same text in the last 24 hours are left out and listed in
/// ``filtered``, each with the earlier batch that reached it. On a dry run (`IsSend=false`) nothing
/// is sent: ``batchID`` is `nil` and ``filtered`` says who would have been left out.
public struct DuplicateFilterReceipt: Sendable, Hashable, Codable {
    /// A number left out, and the earlier batch that already sent it the same text.
    public struct FilteredRecipient: Sendable, Hashable, Codable {
        /// The number as the gateway reported it.
        public var mobile: String
        /// The batch that sent the same text to this number within 24 hours.
        public var earlierBatchID: String

        /// Creates a filtered recipient.
        public init(mobile: String, earlierBatchID: String) {
            self.mobile = mobile
            self.earlierBatchID = earlierBatchID
        }
    }

    /// The credit left after this send (`0` on a dry run).
    public var credit: Decimal
    /// How many messages were sent.
    public var sent: Int
    /// The points this send cost.
    public var cost: Decimal
    /// How many messages were not sent for lack of credit.
    public var unsent: Int
    /// The batch id, or `nil` when nothing was sent (a dry run, or every number filtered).
    public var batchID: String?
    /// The numbers left out as duplicates, in the gateway's order.
    public var filtered: [FilteredRecipient]

    /// Creates a receipt.
    public init(credit: Decimal, sent: Int, cost: Decimal, unsent: Int, batchID: String?, filtered: [FilteredRecipient]) {
        self.credit = credit
        self.sent = sent
        self.cost = cost
        self.unsent = unsent
        self.batchID = batchID
        self.filtered = filtered
    }

    /// Whether every message that was not filtered out was sent (``unsent`` is 0); see
    /// ``SendReceipt/isComplete``.
    public var isComplete: Bool { unsent == 0 }

    /// The send as a plain ``SendReceipt``, or `nil` when nothing was sent.
    public var sendReceipt: SendReceipt? {
        batchID.map { SendReceipt(credit: credit, sent: sent, cost: cost, unsent: unsent, batchID: $0) }
    }
}

/// What cancelling a booking answers: `<count>,<points refunded>`.
public struct CancelResult: Sendable, Hashable {
    /// How many scheduled messages were cancelled (`0` when nothing was found).
    public var cancelled: Int
    /// The points given back to the account.
    public var refundedPoints: Decimal

    /// Creates a result.
    public init(cancelled: Int, refundedPoints: Decimal) {
        self.cancelled = cancelled
        self.refundedPoints = refundedPoints
    }
}

extension DuplicateFilterReceipt {
    /// What the receipt says, for observers and the partial-send warning.
    var facts: CallFacts {
        CallFacts(batchID: batchID, sent: sent, unsent: unsent, points: cost, credit: credit)
    }
}
