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

    /// One page of delivery reports for a batch, with the replies (MO) each message received
    /// (`getDeliveryStatus`, for MMS `getMMSDeliveryStatus` on `MMS.asmx`).
    ///
    /// The answer is the XML log the HTTP API's XML format uses: each row's replies are in
    /// ``DeliveryReport/replies``; values the server pads with spaces are trimmed; dates such as
    /// `2010/3/20 03:27:50` are read as Taiwan time. An empty answer (nothing found) is a page
    /// with no rows. A read: repeated per ``Configuration/readRetryPolicy``.
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the send's receipt (`batchID`).
    ///   - page: The page, from 1 (`pageNo`); each holds up to 1000 rows.
    ///   - kind: SMS (default) or MMS: the batch's kind.
    ///   - format: `nil` (default) or `.xml`: the SOAP API answers in XML only, so any other
    ///     format is refused with a `ValidationError` rather than ignored.
    /// - Returns: The page.
    /// - Throws: `ValidationError` for an empty id (`BID`), a page below 1 (`PNO`) or a format the
    ///   SOAP API does not have; ``Every8DError``; ``Every8DSOAPFault``; `TransportError`,
    ///   `HTTPStatusError`, `ResponseParseError`.
    public func deliveryReportPage(batch batchID: String, page: Int = 1, kind: MessageKind = .sms,
                                   format: DeliveryReportFormat? = nil) async throws -> DeliveryPage {
        try Self.xmlOnly(format)
        return try await deliveryPage(kind == .sms ? .getDeliveryStatus : .getMMSDeliveryStatus, batchID: batchID, page: page)
    }

    /// Every delivery report of a batch, replies included, fetching page after page as you
    /// iterate (the same sequence as ``Every8DClient/deliveryReports(batch:kind:format:)``).
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the send's receipt.
    ///   - kind: SMS (default) or MMS.
    ///   - format: `nil` (default) or `.xml`, as ``deliveryReportPage(batch:page:kind:format:)``.
    /// - Returns: A sequence that ends with the batch's last report.
    public func deliveryReports(batch batchID: String, kind: MessageKind = .sms, format: DeliveryReportFormat? = nil) -> DeliveryReportSequence {
        DeliveryReportSequence { page in try await deliveryReportPage(batch: batchID, page: page, kind: kind, format: format) }
    }

    /// Cancels a scheduled batch (`eraseBooking`, for MMS `eraseMMSBooking`) and returns its points.
    ///
    /// Not repeated after an ambiguous failure; repeated only when the request provably did not
    /// leave.
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the send's receipt.
    ///   - kind: SMS (default) or MMS: the batch's kind.
    /// - Returns: How many messages were cancelled and the points refunded (`a,b`); `0` and `0`
    ///   when the gateway answers with an empty string (nothing found).
    /// - Throws: `ValidationError` for an empty id; ``Every8DError`` (such as `-4`, already
    ///   cancelled or sent); ``Every8DSOAPFault``; `TransportError`, `HTTPStatusError`.
    @discardableResult
    public func cancelBooking(batch batchID: String, kind: MessageKind = .sms) async throws -> CancelResult {
        try await cancel(kind == .sms ? .eraseBooking : .eraseMMSBooking, batchID: batchID)
    }

    /// Refuses a delivery-report format other than XML, the only one the SOAP API has.
    static func xmlOnly(_ format: DeliveryReportFormat?) throws {
        guard let format, format != .xml else { return }
        throw ValidationError(field: "format", value: "\(format)", reason: "the SOAP API answers delivery reports in XML only; use Every8DClient for \(format)")
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
