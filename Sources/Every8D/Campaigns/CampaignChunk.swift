/// One `SendParam` request of a campaign.
public struct CampaignChunk: Sendable, Hashable {
    /// The chunk's position in the campaign, from 0.
    public var index: Int
    /// The index of its first row in the input.
    public var firstRow: Int
    /// The index of its last row in the input (bad rows in between are not in the chunk).
    public var lastRow: Int
    /// How many recipients it carries.
    public var rowCount: Int
    /// The idempotency key it is sent with, derived from the campaign key
    /// (``Every8DCampaign/idempotencyKey(forChunk:)``).
    public var idempotencyKey: String

    /// Creates a chunk description.
    public init(index: Int, firstRow: Int, lastRow: Int, rowCount: Int, idempotencyKey: String) {
        self.index = index
        self.firstRow = firstRow
        self.lastRow = lastRow
        self.rowCount = rowCount
        self.idempotencyKey = idempotencyKey
    }
}
