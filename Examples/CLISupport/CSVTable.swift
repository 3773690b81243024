import Foundation

/// A CSV file with a header row, read whole for a command (``CSVReader`` reads it a block at a
/// time): columns are matched by name ignoring case, and every problem is a ``UsageError`` naming
/// the file, the row and the column.
///
/// Rows are numbered as a spreadsheet shows them when the file has no blank lines: the header is
/// row 1, the first recipient row 2.
public struct CSVTable: Sendable {
    /// One data row.
    public struct Row: Sendable {
        /// The row's number (the header is row 1).
        public let number: Int
        /// The cells as the file has them, in the header's order (a short row has fewer).
        public let values: [String]
        private let columns: [String]

        init(number: Int, columns: [String], values: [String]) {
            self.number = number
            self.columns = columns
            self.values = values
        }

        /// The cell of `column` (lower-case name), `""` when the column is absent or the row short.
        public subscript(column: String) -> String {
            guard let index = columns.firstIndex(of: column), index < values.count else { return "" }
            return values[index]
        }

        /// The cell of `column`, or `nil` when it is absent or blank.
        public func nonEmpty(_ column: String) -> String? {
            let value = self[column]
            return TextFormat.trimmed(value).isEmpty ? nil : value
        }
    }

    /// The file name, for messages.
    public let fileName: String
    /// The header's column names, lower-cased, in order.
    public let columns: [String]
    /// The data rows, in order.
    public let rows: [Row]

    /// Reads a CSV file.
    ///
    /// - Parameters:
    ///   - path: The file's path.
    ///   - option: The option that named the file, for messages (`--csv`).
    ///   - required: Column names that must be present.
    ///   - optional: Column names that may be present; any other column is refused, so that a
    ///     misspelt name is not silently ignored.
    /// - Throws: ``UsageError`` when the file cannot be read, is not UTF-8 CSV, has no data rows,
    ///   misses a required column, has an unknown or repeated column, or a row has more cells
    ///   than the header.
    public init(path: String, option: String, required: [String], optional: [String]) throws {
        let reader = try CSVReader(path: path, option: option, required: required, optional: optional)
        var rows: [Row] = []
        while let row = try reader.next() { rows.append(row) }
        guard !rows.isEmpty else { throw reader.noRowsError }
        fileName = reader.fileName
        columns = reader.columns
        self.rows = rows
    }

    /// Whether the header has `column` (lower-case name).
    public func has(_ column: String) -> Bool {
        columns.contains(column)
    }
}
