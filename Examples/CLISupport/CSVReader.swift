import Foundation
import SMSTransport

/// Reads a CSV file with a header row a block at a time, so that a file of a million rows takes
/// the memory of one block: the one reader behind ``CSVTable`` and ``CSVRows``.
///
/// Columns are matched by name ignoring case, and every problem is a ``UsageError`` naming the
/// file, the row and the column. Rows are numbered as a spreadsheet shows them when the file has
/// no blank lines: the header is row 1, the first data row 2.
public final class CSVReader {
    /// The file name, for messages.
    public let fileName: String
    /// The header's column names, lower-cased, in order.
    public private(set) var columns: [String]
    /// The header's cells as the file spells them.
    public private(set) var header: [String]

    private let option: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// Where scanning for the end of a record resumes, and the state it was in there.
    private var scanned = 0
    private var state = ScanState.fieldStart
    private var atEnd = false
    /// Lines in the bytes parsed so far, so that a syntax error names the file's line.
    private var linesBefore = 0
    private var records: [[String]] = []
    private var nextRecord = 0
    private var lastNumber = 1

    /// How many bytes are read at a time.
    static let blockSize = 64 * 1024

    /// Opens a CSV file and reads its header.
    ///
    /// - Parameters:
    ///   - path: The file's path.
    ///   - option: The option that named the file, for messages (`--csv`).
    ///   - required: Column names that must be present.
    ///   - optional: Column names that may be present; any other column is refused, so that a
    ///     misspelt name is not silently ignored.
    /// - Throws: ``UsageError`` when the file cannot be read, is empty, is not UTF-8 CSV, misses a
    ///   required column, or has an unknown or repeated column.
    public init(path: String, option: String, required: [String], optional: [String]) throws {
        let url = URL(fileURLWithPath: path)
        fileName = url.lastPathComponent
        self.option = option
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw UsageError("cannot read the \(option) file \"\(path)\"", option: option, value: path)
        }
        columns = []
        header = []
        guard let first = try nextRecordCells() else {
            throw UsageError("\(option) \(fileName) is empty; it needs a header row (\(required.joined(separator: ",")))", option: option)
        }
        let names = first.map { TextFormat.trimmed($0).lowercased() }
        let allowed = Set(required + optional)
        for (index, name) in names.enumerated() {
            guard allowed.contains(name) else {
                throw UsageError("\(option) \(fileName) row 1, column \(index + 1): unknown column \"\(first[index])\" "
                    + "(expected \((required + optional).joined(separator: ",")))", option: option, value: first[index])
            }
            if names[..<index].contains(name) {
                throw UsageError("\(option) \(fileName) row 1: the column \(name) appears twice", option: option)
            }
        }
        for name in required where !names.contains(name) {
            throw UsageError("\(option) \(fileName) row 1: the header has no \(name) column (it needs \(required.joined(separator: ",")))", option: option)
        }
        columns = names
        header = first
    }

    deinit { try? handle.close() }

    /// The next data row, or `nil` at the end of the file.
    ///
    /// - Throws: ``UsageError`` for text that is not UTF-8 CSV or a row with more cells than the header.
    public func next() throws -> CSVTable.Row? {
        guard let cells = try nextRecordCells() else { return nil }
        lastNumber += 1
        guard cells.count <= columns.count else {
            throw UsageError("\(option) \(fileName) row \(lastNumber): \(cells.count) cells, but the header names \(columns.count) columns", option: option)
        }
        return CSVTable.Row(number: lastNumber, columns: columns, values: cells)
    }

    /// What a file with a header and no data rows is.
    public var noRowsError: UsageError {
        UsageError("\(option) \(fileName) has a header but no rows", option: option)
    }

    private func nextRecordCells() throws -> [String]? {
        while nextRecord == records.count {
            guard try readRecords() else { return nil }
        }
        defer { nextRecord += 1 }
        return records[nextRecord]
    }

    /// Reads blocks until the buffer holds at least one whole record, and parses the whole records
    /// in it; `false` at the end of the file.
    private func readRecords() throws -> Bool {
        records.removeAll(keepingCapacity: true)
        nextRecord = 0
        while true {
            let end = scanForRecordEnd()
            if end > 0 {
                try parse(end)
                if !records.isEmpty { return true }
                continue
            }
            if atEnd { return false }
            let block: Data?
            do {
                block = try handle.read(upToCount: Self.blockSize)
            } catch {
                throw UsageError("cannot read the \(option) file \(fileName)", option: option)
            }
            if let block, !block.isEmpty { buffer.append(contentsOf: block) } else { atEnd = true }
        }
    }

    /// Parses the first `end` bytes of the buffer (whole records) with the SDK's CSV reader.
    private func parse(_ end: Int) throws {
        let bytes = buffer[..<end]
        let text: String
        do {
            text = try TextDecoding.decode(Data(bytes), contentType: "text/csv; charset=utf-8")
        } catch {
            throw UsageError("\(option) \(fileName) is not UTF-8 text", option: option)
        }
        do {
            records = try DelimitedText.csv(Data(text.utf8))
        } catch let error as DelimitedText.CSVError {
            throw UsageError("\(option) \(fileName): line \(linesBefore + error.line): \(error.reason)", option: option)
        }
        var index = bytes.startIndex
        while index < bytes.endIndex {
            // As the CSV reader counts lines: `\n`, `\r\n` and a lone `\r` each end one.
            if bytes[index] == 0x0A || (bytes[index] == 0x0D && (index + 1 == bytes.endIndex || bytes[index + 1] != 0x0A)) { linesBefore += 1 }
            index += 1
        }
        buffer.removeFirst(end)
        scanned -= end
    }

    private enum ScanState { case fieldStart, unquoted, quoted, quoteInQuoted }

    /// The end of the last whole record in the buffer (0 when there is none yet), tracking quotes
    /// the way the CSV reader does, so that a line end inside a quoted field never cuts a record.
    private func scanForRecordEnd() -> Int {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D
        var lastEnd = 0
        var index = scanned
        while index < buffer.count {
            let byte = buffer[index]
            // `\r\n` is one line end: wait for the byte after a `\r` that ends the buffer.
            if byte == carriageReturn && state != .quoted && index + 1 == buffer.count && !atEnd { break }
            switch (state, byte) {
            case (.quoted, quote): state = .quoteInQuoted
            case (.quoted, _): break
            case (.fieldStart, quote), (.quoteInQuoted, quote): state = .quoted
            case (_, comma): state = .fieldStart
            case (_, newline), (_, carriageReturn):
                if byte == carriageReturn && index + 1 < buffer.count && buffer[index + 1] == newline { index += 1 }
                state = .fieldStart
                lastEnd = index + 1
            default: state = .unquoted
            }
            index += 1
        }
        scanned = index
        return atEnd ? buffer.count : lastEnd
    }
}
