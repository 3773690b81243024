/// A row the campaign refused before sending: an invalid number, an empty text, a bad template
/// value, a send time in the past, or a message reference used twice in one request. It is not
/// sent, and it does not stop the others.
public struct CampaignBadRow: Sendable, Hashable {
    /// The row, with its position in the input.
    public var row: CampaignRow
    /// Why it was refused; ``ValidationError/field`` is the gateway's name for the value
    /// (`Mobile`, `Param`, `SendTime`, `Mr`).
    public var error: ValidationError

    /// Creates a bad row.
    public init(row: CampaignRow, error: ValidationError) {
        self.row = row
        self.error = error
    }
}
