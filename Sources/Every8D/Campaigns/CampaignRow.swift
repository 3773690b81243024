/// One recipient of a campaign, as events and the summary name it.
public struct CampaignRow: Sendable, Hashable {
    /// The row's position in the input sequence, from 0 (count bad rows too: the tenth element
    /// read is row 9).
    public var index: Int
    /// The number as the input gave it.
    public var mobile: String
    /// The row's message reference (`Mr`), if it had one.
    public var messageReference: String?

    /// Creates a row.
    public init(index: Int, mobile: String, messageReference: String? = nil) {
        self.index = index
        self.mobile = mobile
        self.messageReference = messageReference
    }
}
