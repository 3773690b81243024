import Foundation

extension Every8DClient {
    /// The account's credit in points (`GetCredit.ashx`).
    ///
    /// A read: repeated per ``Configuration/readRetryPolicy`` after temporary failures.
    ///
    /// - Returns: The credit, exact (for example `1000.00`).
    /// - Throws: ``Every8DError`` when the gateway refuses; `TransportError`, `HTTPStatusError` or
    ///   `ResponseParseError` otherwise.
    public func credit() async throws -> Decimal {
        try await perform(.credit, rule: .read, body: .form([]), facts: { CallFacts(credit: $0) }) { data in
            try Every8DResponseParser.credit(data, operation: .credit)
        }
    }
}
