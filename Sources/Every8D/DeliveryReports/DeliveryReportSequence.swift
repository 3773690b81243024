/// Every delivery report of a batch, page after page (1000 rows a page), as an `AsyncSequence`.
///
/// Made by ``Every8DClient/deliveryReports(batch:kind:format:)`` and the SOAP client's. Each page
/// is fetched when the previous one
/// is used up; the sequence ends when the batch's count is reached, on an empty page, or if the
/// gateway returns the same page twice. Errors (including `ValidationError` for a bad batch id)
/// are thrown from the loop.
public struct DeliveryReportSequence: AsyncSequence, Sendable {
    /// One delivery report.
    public typealias Element = DeliveryReport

    private let fetch: PageWalker<DeliveryReport>.Fetch

    init(fetch: @escaping @Sendable (Int) async throws -> DeliveryPage) {
        self.fetch = { page in
            let result = try await fetch(page)
            return (result.totalCount, result.reports)
        }
    }

    /// Creates the iterator; nothing is fetched until its first `next()`.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(walker: PageWalker(fetch: fetch))
    }

    /// Fetches pages as needed.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var walker: PageWalker<DeliveryReport>

        /// The next report, or `nil` after the last.
        public mutating func next() async throws -> DeliveryReport? {
            try await walker.next()
        }
    }
}
