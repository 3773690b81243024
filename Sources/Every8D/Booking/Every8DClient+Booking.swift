import Foundation

extension Every8DClient {
    /// Cancels a scheduled batch (`EraseBooking.ashx`, for MMS `MMS/EraseBooking.ashx`) and
    /// returns its points.
    ///
    /// Not repeated after an ambiguous failure (a second attempt after a cancellation that did
    /// happen would answer `-4`); repeated only when the request provably did not leave.
    ///
    /// - Parameters:
    ///   - batchID: The batch id from the send's receipt (`BID`).
    ///   - kind: SMS (default) or MMS: the batch's kind.
    /// - Returns: How many messages were cancelled and the points refunded; `0` and `0` when the
    ///   gateway answers with an empty body (nothing found).
    /// - Throws: `ValidationError` for an empty id; ``Every8DError`` such as `-3` (no such batch),
    ///   `-4` (already cancelled or sent), `-8` (try later); `TransportError`, `HTTPStatusError`.
    @discardableResult
    public func cancelBooking(batch batchID: String, kind: MessageKind = .sms) async throws -> CancelResult {
        let id = try SendValidation.batchID(batchID)
        let operation: Every8DOperation = kind == .sms ? .cancelBooking : .cancelMMSBooking
        return try await perform(operation, rule: .once, body: .form([FormField("BID", id)])) { data in
            try Every8DResponseParser.cancelResult(data, operation: operation)
        }
    }
}
