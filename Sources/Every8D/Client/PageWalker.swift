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
