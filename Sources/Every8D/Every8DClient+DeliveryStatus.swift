import Foundation

extension Every8DClient {
    /// One page of SMS delivery reports for a batch (`GetDeliveryStatus.ashx`).
    ///
    /// Body fields, in order: (`UID`, `PWD`), `BID`, `PNO`, `RESPFORMAT`. A read: repeated per
    /// ``Configuration/readRetryPolicy`` after temporary failures (HTTP 429 included).
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the send's receipt.
    ///   - page: The page, from 1; each holds up to 1000 rows.
    ///   - format: The wire format (default JSON, the only one with `MR` and `REAL_COST`).
    /// - Returns: The page; an unknown or empty batch gives a page with no rows.
    /// - Throws: `ValidationError` for an empty id or a page below 1; ``Every8DError``;
    ///   `TransportError`, `HTTPStatusError`, `ResponseParseError`.
    public func deliveryStatus(batch batchID: String, page: Int = 1, format: DeliveryReportFormat = .json) async throws -> DeliveryPage {
        try await deliveryPage(.deliveryStatus, batchID: batchID, page: page, format: format)
    }

    /// Every SMS delivery report of a batch, fetching page after page as you iterate.
    ///
    /// ```swift
    /// for try await report in client.deliveryReports(batch: receipt.batchID) {
    ///     print(report.mobile, report.status.category)
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the send's receipt.
    ///   - format: The wire format (default JSON).
    /// - Returns: A sequence that ends with the batch's last report.
    public func deliveryReports(batch batchID: String, format: DeliveryReportFormat = .json) -> DeliveryReportSequence {
        DeliveryReportSequence { page in try await deliveryPage(.deliveryStatus, batchID: batchID, page: page, format: format) }
    }

    /// One page of MMS delivery reports for a batch (`MMS/GetDeliveryStatus.ashx`).
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the MMS send's receipt.
    ///   - page: The page, from 1; each holds up to 1000 rows.
    ///   - format: The wire format (default JSON).
    /// - Returns: The page.
    /// - Throws: As ``deliveryStatus(batch:page:format:)``.
    public func mmsDeliveryStatus(batch batchID: String, page: Int = 1, format: DeliveryReportFormat = .json) async throws -> DeliveryPage {
        try await deliveryPage(.mmsDeliveryStatus, batchID: batchID, page: page, format: format)
    }

    /// Every MMS delivery report of a batch, fetching page after page as you iterate.
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the MMS send's receipt.
    ///   - format: The wire format (default JSON).
    /// - Returns: A sequence that ends with the batch's last report.
    public func mmsDeliveryReports(batch batchID: String, format: DeliveryReportFormat = .json) -> DeliveryReportSequence {
        DeliveryReportSequence { page in try await deliveryPage(.mmsDeliveryStatus, batchID: batchID, page: page, format: format) }
    }

    private func deliveryPage(_ operation: Every8DOperation, batchID: String, page: Int, format: DeliveryReportFormat) async throws -> DeliveryPage {
        let id = try SendValidation.batchID(batchID)
        try SendValidation.page(page)
        let fields = [FormField("BID", id), FormField("PNO", String(page)), FormField("RESPFORMAT", String(format.rawValue))]
        return try await perform(operation, rule: .read, body: .form(fields)) { data in
            try Every8DResponseParser.deliveryPage(data, format: format, operation: operation)
        }
    }
}
