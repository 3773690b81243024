import Foundation

/// Running counts of a campaign, carried by every ``CampaignEvent``.
public struct CampaignTotals: Sendable, Hashable {
    /// Rows read from the input so far.
    public var rowsRead = 0
    /// Rows refused before sending (``CampaignBadRow``).
    public var badRows = 0
    /// Recipients the gateway sent (or booked) the message to.
    public var sent = 0
    /// Recipients in requests that were made but provably not sent: out of credit, or refused.
    /// Rows the campaign never got to are not counted here; see ``CampaignSummary/firstRowNotAttempted``.
    public var unsent = 0
    /// Recipients in requests whose outcome is unknown (the answer was lost): they may have the
    /// message. Never sent again by the campaign.
    public var unknown = 0
    /// Requests started.
    public var chunksStarted = 0
    /// Requests finished, whatever their outcome.
    public var chunksFinished = 0
    /// The points the gateway charged for this run's requests (receipts answered from the ledger
    /// on a resumed run count their original cost again).
    public var cost: Decimal = 0

    /// Creates zero totals.
    public init() {}
}
