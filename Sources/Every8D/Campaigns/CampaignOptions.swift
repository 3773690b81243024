/// How a ``Every8DCampaign`` cuts its recipients into requests and how many it sends at once.
public struct CampaignOptions: Sendable, Hashable {
    /// The default number of recipients in one `SendParam` request: 500.
    ///
    /// Measured against the in-process sandbox (20,000 personalised rows, 4 requests at once,
    /// a debug build on a loaded 2-core machine; one run, so read the trend, not the digits):
    /// 0.52 ms a row in chunks of 10, 0.49 ms at 100, 0.45 ms at 250, **0.41 ms at 500**, 0.48 ms
    /// at 1,000. In process the chunk size hardly matters; on the internet each request is a round
    /// trip, so larger chunks mean fewer of them (2,000 round trips for a million recipients at
    /// 500, against 10,000 at 100). Smaller chunks keep a partial send (the account ran out of
    /// credit mid-request) cheap to sort out, since its delivery reports fit on one page (the
    /// gateway pages them by 1,000), and leave fewer recipients in doubt when an answer is lost.
    /// 500 was the fastest measured and sits in the middle of that range.
    public static let defaultChunkSize = 500

    /// The largest chunk size accepted: one page of delivery reports (1,000 rows), so that a
    /// partial send can always be sorted out with one query.
    public static let maximumChunkSize = 1000

    /// Recipients per request, from 1 to ``maximumChunkSize`` (default ``defaultChunkSize``).
    public var chunkSize: Int
    /// How many requests may be in flight at once (default 4; at least 1).
    public var maximumConcurrentChunks: Int
    /// A label for your records, sent as each request's `SB`.
    public var subject: String
    /// How long the gateway keeps trying each message, in whole minutes (default 1440).
    public var validity: Duration?
    /// An interactive-reply channel (`EventID`).
    public var eventID: String?
    /// How many rows the final ``CampaignSummary`` lists in each of its lists (unsent, unknown,
    /// bad); the counts are always complete, and every row is named in an event (default 1000).
    public var summaryRowLimit: Int

    /// Creates options; every argument has its documented default.
    public init(chunkSize: Int = CampaignOptions.defaultChunkSize, maximumConcurrentChunks: Int = 4, subject: String = "",
                validity: Duration? = nil, eventID: String? = nil, summaryRowLimit: Int = 1000) {
        self.chunkSize = chunkSize
        self.maximumConcurrentChunks = maximumConcurrentChunks
        self.subject = subject
        self.validity = validity
        self.eventID = eventID
        self.summaryRowLimit = summaryRowLimit
    }

    /// Refuses sizes that cannot work, before anything is read or sent.
    func validate() throws {
        guard (1...Self.maximumChunkSize).contains(chunkSize) else {
            throw ValidationError(field: "chunkSize", value: String(chunkSize), reason: "must be from 1 to \(Self.maximumChunkSize)")
        }
        guard maximumConcurrentChunks >= 1 else {
            throw ValidationError(field: "maximumConcurrentChunks", value: String(maximumConcurrentChunks), reason: "must be at least 1")
        }
        guard summaryRowLimit >= 0 else {
            throw ValidationError(field: "summaryRowLimit", value: String(summaryRowLimit), reason: "must not be negative")
        }
        try SendValidation.subject(subject)
        _ = try SendValidation.validityMinutes(validity)
        _ = try SendValidation.eventID(eventID)
    }
}
