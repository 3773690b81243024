import Foundation

extension Every8DClient {
    /// One page of delivery reports for a batch (`GetDeliveryStatus.ashx`, for MMS
    /// `MMS/GetDeliveryStatus.ashx`).
    ///
    /// Body fields, in order: (`UID`, `PWD`), `BID`, `PNO`, `RESPFORMAT`. A read: repeated per
    /// ``Configuration/readRetryPolicy`` after temporary failures (HTTP 429 included).
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the send's receipt.
    ///   - page: The page, from 1; each holds up to 1000 rows.
    ///   - kind: SMS (default) or MMS: the batch's kind.
    ///   - format: The wire format; `nil` (default) for JSON, the only one with `MR` and `REAL_COST`.
    /// - Returns: The page; an unknown or empty batch gives a page with no rows.
    /// - Throws: `ValidationError` for an empty id or a page below 1; ``Every8DError``;
    ///   `TransportError`, `HTTPStatusError`, `ResponseParseError`.
    public func deliveryReportPage(batch batchID: String, page: Int = 1, kind: MessageKind = .sms,
                                   format: DeliveryReportFormat? = nil) async throws -> DeliveryPage {
        let id = try SendValidation.batchID(batchID)
        try SendValidation.page(page)
        let format = format ?? .json
        let operation: Every8DOperation = kind == .sms ? .deliveryStatus : .mmsDeliveryStatus
        let fields = [FormField("BID", id), FormField("PNO", String(page)), FormField("RESPFORMAT", String(format.rawValue))]
        return try await perform(operation, rule: .read, body: .form(fields)) { data in
            try Every8DResponseParser.deliveryPage(data, format: format, operation: operation)
        }
    }

    /// Every delivery report of a batch, fetching page after page as you iterate.
    ///
    /// ```swift
    /// for try await report in client.deliveryReports(batch: receipt.batchID) {
    ///     print(report.mobile, report.status.category)
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the send's receipt.
    ///   - kind: SMS (default) or MMS.
    ///   - format: The wire format; `nil` (default) for JSON.
    /// - Returns: A sequence that ends with the batch's last report.
    public func deliveryReports(batch batchID: String, kind: MessageKind = .sms, format: DeliveryReportFormat? = nil) -> DeliveryReportSequence {
        DeliveryReportSequence { page in try await deliveryReportPage(batch: batchID, page: page, kind: kind, format: format) }
    }
}
