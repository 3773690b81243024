import Foundation

extension Every8DClient {
    /// One page of replies (MO) to an SMS batch (`GetReplyMessage.ashx`).
    ///
    /// Body fields, in order: (`UID`, `PWD`), `BID`, `PNO`, `RESPFORMAT`. A read: repeated per
    /// ``Configuration/readRetryPolicy``.
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the send's receipt.
    ///   - page: The page, from 1; each holds up to 10 replies.
    ///   - format: The wire format; `nil` (default) for JSON.
    /// - Returns: The page; a batch without replies gives a page with no rows.
    /// - Throws: `ValidationError` for an empty id or a page below 1; ``Every8DError``;
    ///   `TransportError`, `HTTPStatusError`, `ResponseParseError`.
    public func replyPage(batch batchID: String, page: Int = 1, format: ReplyFormat? = nil) async throws -> ReplyPage {
        let id = try SendValidation.batchID(batchID)
        try SendValidation.page(page)
        let format = format ?? .json
        let fields = [FormField("BID", id), FormField("PNO", String(page)), FormField("RESPFORMAT", String(format.rawValue))]
        return try await perform(.replies, rule: .read, body: .form(fields)) { data in
            try Every8DResponseParser.replyPage(data, format: format, operation: .replies)
        }
    }

    /// Every reply (MO) to an SMS batch, fetching page after page as you iterate.
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the send's receipt.
    ///   - format: The wire format; `nil` (default) for JSON.
    /// - Returns: A sequence that ends with the batch's last reply.
    public func replies(batch batchID: String, format: ReplyFormat? = nil) -> ReplySequence {
        ReplySequence { page in try await replyPage(batch: batchID, page: page, format: format) }
    }
}
