/// Something that happened in a campaign, with the running ``CampaignTotals``.
///
/// Each row appears in at most one event that decides it (a bad row, or the end of its chunk),
/// so a consumer that writes them out has the whole story without the summary's lists being
/// complete.
public struct CampaignEvent: Sendable {
    /// What happened.
    public enum Kind: Sendable {
        /// A row was refused before sending; it is not in any chunk.
        case badRow(CampaignBadRow)
        /// A request is being sent.
        case chunkStarted(CampaignChunk)
        /// Every recipient of the request was sent. A receipt whose `origin` is `.ledger` was
        /// sent by an earlier run with the same campaign key: nothing was sent again.
        case chunkSent(CampaignChunk, receipts: [SendReceipt])
        /// The account ran out of credit: the request sent some recipients (possibly none);
        /// `unsent` are those it did not. The campaign makes no further requests.
        case chunkPartiallySent(CampaignChunk, receipts: [SendReceipt], unsent: [CampaignRow])
        /// The request was refused or failed before anything was sent: `rows` were not sent
        /// (after any recipients `receipts` show sent by an earlier run). `reason` is the error's
        /// description.
        case chunkNotSent(CampaignChunk, receipts: [SendReceipt], rows: [CampaignRow], reason: String)
        /// The request's answer was lost: `rows` may or may not have the message. The campaign
        /// never sends them again; a re-run with the same key reports them again unless the
        /// client can prove what was sent.
        case chunkOutcomeUnknown(CampaignChunk, receipts: [SendReceipt], rows: [CampaignRow], reason: String)
        /// The campaign ended: the last event.
        case finished(CampaignSummary)
    }

    /// What happened.
    public var kind: Kind
    /// The counts after this event.
    public var totals: CampaignTotals

    /// Creates an event.
    public init(kind: Kind, totals: CampaignTotals) {
        self.kind = kind
        self.totals = totals
    }
}
