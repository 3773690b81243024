import Foundation

extension Every8DV3Client {
    /// The account's credit in points (`getcredit`).
    ///
    /// - Throws: ``Every8DError``; `CredentialsRefusedError`; `TransportError`, `HTTPStatusError`,
    ///   `ResponseParseError`.
    public func credit() async throws -> Decimal {
        try await perform(.credit) { response in try Every8DV3ResponseParser.credit(response.body) }
    }

    /// One page of delivery reports for a batch (`getdrstatus`).
    ///
    /// Body, in order: `uid`, `pwd` or `token`, `batchid`, `type` (`SMS` or `MMS`), `pageno`. A
    /// read: repeated per ``Configuration/readRetryPolicy`` after temporary failures.
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the send's receipt.
    ///   - page: The page, from 1; each holds up to 1000 rows.
    ///   - kind: SMS (default) or MMS: the batch's kind.
    ///   - format: `nil` or `.json`: API 3.0 answers JSON only.
    /// - Returns: The page; an unknown or empty batch (`521` with its empty page) gives a page with no rows.
    /// - Throws: `ValidationError` for an empty id, a page below 1 or another format; ``Every8DError``;
    ///   `TransportError`, `HTTPStatusError`, `ResponseParseError`.
    public func deliveryReportPage(batch batchID: String, page: Int = 1, kind: MessageKind = .sms,
                                   format: DeliveryReportFormat? = nil) async throws -> DeliveryPage {
        if let format, format != .json { throw Self.jsonOnly("\(format)") }
        let request = try V3Request.deliveryStatus(batch: batchID, page: page, mms: kind == .mms)
        let operation = request.operation
        return try await perform(request) { response in try Every8DV3ResponseParser.deliveryPage(response.body, operation: operation) }
    }

    /// Every delivery report of a batch, fetching page after page as you iterate.
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the send's receipt.
    ///   - kind: SMS (default) or MMS.
    ///   - format: `nil` or `.json`.
    /// - Returns: A sequence that ends with the batch's last report.
    public func deliveryReports(batch batchID: String, kind: MessageKind = .sms, format: DeliveryReportFormat? = nil) -> DeliveryReportSequence {
        DeliveryReportSequence { page in try await deliveryReportPage(batch: batchID, page: page, kind: kind, format: format) }
    }

    /// One page of replies (MO) to an SMS batch (`getreplymsg`).
    ///
    /// When a recipient replies, EVERY8D sends them an interactive-reply SMS from the account and
    /// charges one point per person (chatting after that is free).
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the send's receipt.
    ///   - page: The page, from 1 (up to 1000 replies a page).
    ///   - format: `nil` or `.json`: API 3.0 answers JSON only.
    /// - Returns: The page; a batch without replies gives a page with no rows.
    /// - Throws: `ValidationError` for an empty id, a page below 1 or another format; ``Every8DError``;
    ///   `TransportError`, `HTTPStatusError`, `ResponseParseError`.
    public func replyPage(batch batchID: String, page: Int = 1, format: ReplyFormat? = nil) async throws -> ReplyPage {
        if let format, format != .json { throw Self.jsonOnly("\(format)") }
        return try await perform(try V3Request.replies(batch: batchID, page: page)) { response in
            try Every8DV3ResponseParser.replyPage(response.body)
        }
    }

    /// Every reply (MO) to an SMS batch, fetching page after page as you iterate.
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the send's receipt.
    ///   - format: `nil` or `.json`.
    /// - Returns: A sequence that ends with the batch's last reply.
    public func replies(batch batchID: String, format: ReplyFormat? = nil) -> ReplySequence {
        ReplySequence { page in try await replyPage(batch: batchID, page: page, format: format) }
    }

    /// Cancels what is still booked in a batch and returns its points (`cancelbooking`).
    ///
    /// Not repeated after an ambiguous failure (a repeat after a cancellation that did happen
    /// would answer `521`); repeated only when the request provably did not leave.
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the send's receipt (`batchid`).
    ///   - kind: SMS (default) or MMS (`type`).
    /// - Returns: How many messages were cancelled and the points refunded.
    /// - Throws: `ValidationError` for an empty id; ``Every8DError`` `521` when there is no such
    ///   batch or nothing left to cancel; `TransportError`, `HTTPStatusError`.
    @discardableResult
    public func cancelBooking(batch batchID: String, kind: MessageKind = .sms) async throws -> CancelResult {
        let request = try V3Request.cancelBooking(batch: batchID, mms: kind == .mms)
        let operation = request.operation
        return try await perform(request) { response in try Every8DV3ResponseParser.cancelResult(response.body, operation: operation) }
    }

    private static func jsonOnly(_ format: String) -> ValidationError {
        ValidationError(field: "format", value: format, reason: "API 3.0 answers JSON only")
    }
}
