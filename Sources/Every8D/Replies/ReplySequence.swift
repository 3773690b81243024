/// Every reply (MO) of a batch, page after page (10 a page), as an `AsyncSequence`.
///
/// Made by ``Every8DClient/replies(batch:format:)``; ends like ``DeliveryReportSequence``.
public struct ReplySequence: AsyncSequence, Sendable {
    /// One reply.
    public typealias Element = Reply

    private let fetch: PageWalker<Reply>.Fetch

    init(fetch: @escaping @Sendable (Int) async throws -> ReplyPage) {
        self.fetch = { page in
            let result = try await fetch(page)
            return (result.totalCount, result.replies)
        }
    }

    /// Creates the iterator; nothing is fetched until its first `next()`.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(walker: PageWalker(fetch: fetch))
    }

    /// Fetches pages as needed.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var walker: PageWalker<Reply>

        /// The next reply, or `nil` after the last.
        public mutating func next() async throws -> Reply? {
            try await walker.next()
        }
    }
}
