/// Why a campaign ended.
public enum CampaignStopReason: Sendable, Hashable {
    /// Every row was read and every request finished.
    case completed
    /// The account ran out of credit: a request came back partly or wholly unsent, so no further
    /// requests were made. Top up and run the campaign again with the same key and input: what was
    /// sent is answered from the ledger, and the rest is sent: the rows never attempted, and the
    /// rows a partly sent request left unsent (in a request of their own, under the next key of
    /// that chunk). Nobody gets a second copy.
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
