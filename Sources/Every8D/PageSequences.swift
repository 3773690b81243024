/// Walks the pages of a batch (`PNO` 1, 2, …) and hands out their rows one by one.
///
/// It stops when as many rows as the reported count have arrived, on an empty page, or when a
/// page repeats the previous one exactly (a server ignoring `PNO`), so it cannot loop forever.
/// Cancellation is checked before each page; after an error the walk is over.
struct PageWalker<Row: Sendable & Hashable>: Sendable {
    typealias Fetch = @Sendable (Int) async throws -> (total: Int, rows: [Row])

    private let fetch: Fetch
    private var buffer: [Row] = []
    private var position = 0
    private var nextPage = 1
    private var received = 0
    private var previous: [Row] = []
    private var finished = false

    init(fetch: @escaping Fetch) {
        self.fetch = fetch
    }

    mutating func next() async throws -> Row? {
        while true {
            if position < buffer.count {
                position += 1
                return buffer[position - 1]
            }
            if finished { return nil }
            do {
                try Task.checkCancellation()
                let page = try await fetch(nextPage)
                nextPage += 1
                if page.rows.isEmpty || page.rows == previous {
                    finished = true
                    return nil
                }
                previous = page.rows
                buffer = page.rows
                position = 0
                received += page.rows.count
                if received >= page.total { finished = true }
            } catch {
                finished = true
                buffer = []
                throw error
            }
        }
    }
}

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
