/// The data rows of a CSV file as an `AsyncSequence`, read a block at a time (``CSVReader``), each
/// turned into an `Element` by `transform`: memory stays flat whatever the number of rows.
///
/// Each iteration opens the file anew and reads it from the start.
public struct CSVRows<Element: Sendable>: AsyncSequence, Sendable {
    private let path: String
    private let option: String
    private let required: [String]
    private let optional: [String]
    private let transform: @Sendable (CSVTable.Row) throws -> Element

    /// Rows of the file at `path`, with the columns and messages of ``CSVReader``.
    ///
    /// - Parameter transform: Makes an element of a row; what it throws ends the iteration.
    public init(path: String, option: String, required: [String], optional: [String],
                transform: @escaping @Sendable (CSVTable.Row) throws -> Element) {
        self.path = path
        self.option = option
        self.required = required
        self.optional = optional
        self.transform = transform
    }

    /// Opens the file (on the first `next()`).
    public func makeAsyncIterator() -> Iterator {
        Iterator(rows: self)
    }

    /// Reads the rows of one pass over the file.
    public struct Iterator: AsyncIteratorProtocol {
        private let rows: CSVRows
        private var reader: CSVReader?

        fileprivate init(rows: CSVRows) {
            self.rows = rows
        }

        /// The next row's element, or `nil` after the last row.
        ///
        /// - Throws: ``UsageError`` for a file that cannot be read or is not CSV; what `transform` throws.
        public mutating func next() async throws -> Element? {
            if reader == nil {
                reader = try CSVReader(path: rows.path, option: rows.option, required: rows.required, optional: rows.optional)
            }
            guard let row = try reader?.next() else { return nil }
            return try rows.transform(row)
        }
    }
}
