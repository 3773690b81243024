/// How a campaign ended: the counts, why it stopped, and who was not sent.
///
/// The lists hold at most ``CampaignOptions/summaryRowLimit`` rows each, to keep memory flat for
/// any number of recipients; the counts in ``totals`` are complete, and the events name every row.
public struct CampaignSummary: Sendable {
    /// The final counts.
    public var totals: CampaignTotals
    /// Why the campaign ended.
    public var stopReason: CampaignStopReason
    /// The first row that no request carried, when the campaign stopped early: that row and every
    /// later one in the input were not sent (bad rows among them were reported). `nil` when the
    /// whole input was read and every row was in a request (or bad).
    public var firstRowNotAttempted: Int?
    /// Rows in requests that were provably not sent (out of credit, refused), in the order their
    /// requests finished; the first ``CampaignOptions/summaryRowLimit``.
    public var unsentRows: [CampaignRow]
    /// Rows whose outcome is unknown; the first ``CampaignOptions/summaryRowLimit``.
    public var unknownRows: [CampaignRow]
    /// Rows refused before sending, in input order; the first ``CampaignOptions/summaryRowLimit``.
    public var badRows: [CampaignBadRow]

    /// Whether every row of the input was sent: the campaign completed with nothing unsent,
    /// unknown or bad.
    public var isComplete: Bool {
        stopReason == .completed && totals.unsent == 0 && totals.unknown == 0 && totals.badRows == 0
    }

    /// Creates a summary.
    public init(totals: CampaignTotals, stopReason: CampaignStopReason, firstRowNotAttempted: Int?, unsentRows: [CampaignRow],
                unknownRows: [CampaignRow], badRows: [CampaignBadRow]) {
        self.totals = totals
        self.stopReason = stopReason
        self.firstRowNotAttempted = firstRowNotAttempted
        self.unsentRows = unsentRows
        self.unknownRows = unknownRows
        self.badRows = badRows
    }
}
