import Foundation

/// What a campaign needs of its rows: personalised messages and template recipients.
protocol CampaignRecipient: Sendable {
    var mobile: String { get }
    var messageReference: String? { get }
}

extension PersonalizedMessage: CampaignRecipient {}
extension TemplateRecipient: CampaignRecipient {}

/// How one kind of campaign checks a row and sends a chunk.
struct CampaignSender<Row: CampaignRecipient>: Sendable {
    /// Throws the `ValidationError` a send would throw for this row alone.
    let check: @Sendable (Row, Date) throws -> Void
    /// Sends a chunk with an idempotency key.
    let send: @Sendable ([Row], String) async throws -> SendReceipt
}
