import Foundation
import SMSTransport

/// A CSV file with a header row, read for a command: columns are matched by name ignoring case,
/// and every problem is a ``UsageError`` naming the file, the row and the column.
///
/// Rows are numbered as a spreadsheet shows them when the file has no blank lines: the header is
/// row 1, the first recipient row 2.
public struct CSVTable: Sendable {
    /// One data row.
    public struct Row: Sendable {
        /// The row's number (the header is row 1).
        public let number: Int
        private let cells: [String: String]

        init(number: Int, cells: [String: String]) {
            self.number = number
            self.cells = cells
        }

        /// The cell of `column` (lower-case name), `""` when the column is absent or the row short.
        public subscript(column: String) -> String {
            cells[column] ?? ""
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
        let url = URL(fileURLWithPath: path)
        fileName = url.lastPathComponent
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw UsageError("cannot read the \(option) file \"\(path)\"", option: option, value: path)
        }
        let text: String
        do {
            text = try TextDecoding.decode(data, contentType: "text/csv; charset=utf-8")
        } catch {
            throw UsageError("\(option) \(fileName) is not UTF-8 text", option: option)
        }
        let records: [[String]]
        do {
            records = try DelimitedText.csv(Data(text.utf8))
        } catch let error as DelimitedText.CSVError {
            throw UsageError("\(option) \(fileName): line \(error.line): \(error.reason)", option: option)
        }
        guard let header = records.first else {
            throw UsageError("\(option) \(fileName) is empty; it needs a header row (\(required.joined(separator: ",")))", option: option)
        }
        let names = header.map { TextFormat.trimmed($0).lowercased() }
        let allowed = Set(required + optional)
        for (index, name) in names.enumerated() {
            guard allowed.contains(name) else {
                throw UsageError("\(option) \(fileName) row 1, column \(index + 1): unknown column \"\(header[index])\" "
                    + "(expected \((required + optional).joined(separator: ",")))", option: option, value: header[index])
            }
            if names[..<index].contains(name) {
                throw UsageError("\(option) \(fileName) row 1: the column \(name) appears twice", option: option)
            }
        }
        for name in required where !names.contains(name) {
            throw UsageError("\(option) \(fileName) row 1: the header has no \(name) column (it needs \(required.joined(separator: ",")))", option: option)
        }
        var rows: [Row] = []
        for (offset, record) in records.dropFirst().enumerated() {
            let number = offset + 2
            guard record.count <= names.count else {
                throw UsageError("\(option) \(fileName) row \(number): \(record.count) cells, but the header names \(names.count) columns", option: option)
            }
            var cells: [String: String] = [:]
            for (index, value) in record.enumerated() { cells[names[index]] = value }
            rows.append(Row(number: number, cells: cells))
        }
        guard !rows.isEmpty else {
            throw UsageError("\(option) \(fileName) has a header but no rows", option: option)
        }
        self.columns = names
        self.rows = rows
    }

    /// Whether the header has `column` (lower-case name).
    public func has(_ column: String) -> Bool {
        columns.contains(column)
    }
}
