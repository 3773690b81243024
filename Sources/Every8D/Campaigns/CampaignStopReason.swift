/// Why a campaign ended.
public enum CampaignStopReason: Sendable, Hashable {
    /// Every row was read and every request finished.
    case completed
    /// The account ran out of credit: a request came back partly or wholly unsent, so no further
    /// requests were made. Top up and run the campaign again with the same key and input: what was
    /// sent is answered from the ledger, and the rows never attempted are sent. The rows of the
    /// partly sent request stay unsent (its receipt is stored); send them in a new campaign.
    case outOfCredit
    /// The consuming task was cancelled (or stopped iterating): no further requests were made,
    /// and the ones in flight were waited for and reported.
    case cancelled
    /// The input sequence threw; the description of its error.
    case inputFailed(String)
    /// A request failed in a way that would fail the next ones too (credentials refused, the
    /// send ledger unreachable, the network down, a different input under the same key): the
    /// description of the error.
    case failed(String)
}
