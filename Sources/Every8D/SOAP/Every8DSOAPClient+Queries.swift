import Foundation

extension Every8DSOAPClient {
    /// The account's credit in points (`getCredit`).
    ///
    /// A read: repeated per ``Configuration/readRetryPolicy`` after temporary failures.
    ///
    /// - Returns: The credit, exact (for example `2310.00`).
    /// - Throws: ``Every8DError`` when the gateway refuses; ``Every8DSOAPFault``; `TransportError`,
    ///   `HTTPStatusError` or `ResponseParseError` otherwise.
    public func credit() async throws -> Decimal {
        try await perform(.getCredit, rule: .read, values: [], facts: { CallFacts(credit: $0) }) { result in
            try Every8DResponseParser.credit(Data(result.utf8), operation: .soapCredit)
        }
    }

    /// One page of SMS delivery reports for a batch, with the replies (MO) each message received
    /// (`getDeliveryStatus`).
    ///
    /// The answer is the XML log the HTTP API's XML format uses: each row's replies are in
    /// ``DeliveryReport/replies``; values the server pads with spaces are trimmed; dates such as
    /// `2010/3/20 03:27:50` are read as Taiwan time. An empty answer (nothing found) is a page
    /// with no rows. A read: repeated per ``Configuration/readRetryPolicy``.
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the send's receipt (`batchID`).
    ///   - page: The page, from 1 (`pageNo`); each holds up to 1000 rows.
    /// - Returns: The page.
    /// - Throws: `ValidationError` for an empty id (`BID`) or a page below 1 (`PNO`);
    ///   ``Every8DError``; ``Every8DSOAPFault``; `TransportError`, `HTTPStatusError`, `ResponseParseError`.
    public func deliveryStatus(batch batchID: String, page: Int = 1) async throws -> DeliveryPage {
        try await deliveryPage(.getDeliveryStatus, batchID: batchID, page: page)
    }

    /// Every SMS delivery report of a batch, replies included, fetching page after page as you
    /// iterate (the same sequence as ``Every8DClient/deliveryReports(batch:format:)``).
    ///
    /// - Parameter batchID: The batch id from the send's receipt.
    /// - Returns: A sequence that ends with the batch's last report.
    public func deliveryReports(batch batchID: String) -> DeliveryReportSequence {
        DeliveryReportSequence { page in try await deliveryPage(.getDeliveryStatus, batchID: batchID, page: page) }
    }

    /// One page of MMS delivery reports for a batch (`getMMSDeliveryStatus` on `MMS.asmx`).
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the MMS send's receipt.
    ///   - page: The page, from 1; each holds up to 1000 rows.
    /// - Returns: The page.
    /// - Throws: As ``deliveryStatus(batch:page:)``.
    public func mmsDeliveryStatus(batch batchID: String, page: Int = 1) async throws -> DeliveryPage {
        try await deliveryPage(.getMMSDeliveryStatus, batchID: batchID, page: page)
    }

    /// Every MMS delivery report of a batch, fetching page after page as you iterate.
    ///
    /// - Parameter batchID: The batch id from the MMS send's receipt.
    /// - Returns: A sequence that ends with the batch's last report.
    public func mmsDeliveryReports(batch batchID: String) -> DeliveryReportSequence {
        DeliveryReportSequence { page in try await deliveryPage(.getMMSDeliveryStatus, batchID: batchID, page: page) }
    }

    /// Cancels a scheduled SMS batch (`eraseBooking`) and returns its points.
    ///
    /// Not repeated after an ambiguous failure; repeated only when the request provably did not
    /// leave.
    ///
    /// - Parameter batchID: The batch id from the send's receipt.
    /// - Returns: How many messages were cancelled and the points refunded (`a,b`); `0` and `0`
    ///   when the gateway answers with an empty string (nothing found).
    /// - Throws: `ValidationError` for an empty id; ``Every8DError`` (such as `-4`, already
    ///   cancelled or sent); ``Every8DSOAPFault``; `TransportError`, `HTTPStatusError`.
    @discardableResult
    public func cancelBooking(batch batchID: String) async throws -> CancelResult {
        try await cancel(.eraseBooking, batchID: batchID)
    }

    /// Cancels a scheduled MMS batch (`eraseMMSBooking`) and returns its points.
    ///
    /// - Parameter batchID: The batch id from the MMS send's receipt.
    /// - Returns: How many messages were cancelled and the points refunded.
    /// - Throws: As ``cancelBooking(batch:)``.
    @discardableResult
    public func cancelMMSBooking(batch batchID: String) async throws -> CancelResult {
        try await cancel(.eraseMMSBooking, batchID: batchID)
    }

    private func deliveryPage(_ method: SOAPMethod, batchID: String, page: Int) async throws -> DeliveryPage {
        let id = try SendValidation.batchID(batchID)
        try SendValidation.page(page)
        try SOAPText.check(id, field: "BID")
        return try await perform(method, rule: .read, values: [id, String(page)]) { result in
            try Every8DSOAPResponseParser.deliveryPage(result, operation: method.operation)
        }
    }

    private func cancel(_ method: SOAPMethod, batchID: String) async throws -> CancelResult {
        let id = try SendValidation.batchID(batchID)
        try SOAPText.check(id, field: "BID")
        return try await perform(method, rule: .once, values: [id]) { result in
            try Every8DResponseParser.cancelResult(Data(result.utf8), operation: method.operation)
        }
    }
}
