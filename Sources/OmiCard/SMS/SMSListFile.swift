import Foundation

/// A recipient list uploaded with a job (`SMSListFile`): a `.csv` or `.txt` file, given as bytes or
/// as a local file read when the job is sent.
///
/// The documented layout has a header line naming the columns, one of which is `SMSNumber`; the
/// other columns can be merged into the content as `%Column%`:
///
/// ```text
/// SMSNumber,Name,Gender
/// 0912345678,小明,先生
/// 0928765432,小美,小姐
/// ```
///
/// with content `親愛的%Name%%Gender%，您好！`. Before sending, the client checks the file name, that
/// the text is CSV (UTF-8, or UTF-16 with a byte-order mark), that every number is well formed,
/// that a header has an `SMSNumber` column (any case), and that every `%Column%` in the content
/// names a column. The bytes are uploaded unchanged.
public struct SMSListFile: Sendable, Hashable, CustomStringConvertible {
    /// Where the list comes from.
    public enum Source: Sendable, Hashable {
        /// Bytes in memory with the file name to upload them under.
        case data(Data, fileName: String)
        /// A local file, read when the job is sent.
        case localFile(URL)
    }

    /// Where the list comes from.
    public var source: Source
    /// Whether the first line names the columns (`SMSNumber,Name,…`), as personalisation needs.
    ///
    /// When `false`, every line holds numbers only (one, or several separated by commas).
    public var hasHeader: Bool

    /// Creates a list from bytes.
    ///
    /// - Parameters:
    ///   - data: The file's bytes (UTF-8, or UTF-16 with a byte-order mark).
    ///   - fileName: The name to upload it under; must end in `.csv` or `.txt`.
    ///   - hasHeader: Whether the first line names the columns (default `true`, the documented layout).
    public init(data: Data, fileName: String, hasHeader: Bool = true) {
        self.source = .data(data, fileName: fileName)
        self.hasHeader = hasHeader
    }

    /// Creates a list from a local file, read when the job is sent.
    ///
    /// - Parameters:
    ///   - fileURL: A `file:` URL whose name ends in `.csv` or `.txt`.
    ///   - hasHeader: Whether the first line names the columns (default `true`).
    public init(contentsOf fileURL: URL, hasHeader: Bool = true) {
        self.source = .localFile(fileURL)
        self.hasHeader = hasHeader
    }

    /// Builds a CSV list with a header line (`SMSNumber` first) and one row per recipient.
    ///
    /// Fields holding a comma, a quote or a line break are quoted as RFC 4180 says.
    ///
    /// - Parameters:
    ///   - columns: The names of the columns after `SMSNumber`, for example `["Name", "Gender"]`.
    ///   - rows: One entry per recipient: the number, then one value per column.
    ///   - fileName: The name to upload it under (default `SMSList.csv`).
    public static func csv(columns: [String], rows: [(number: String, values: [String])], fileName: String = "SMSList.csv") -> SMSListFile {
        var lines = [(["SMSNumber"] + columns).map(csvField).joined(separator: ",")]
        for row in rows {
            lines.append(([row.number] + row.values).map(csvField).joined(separator: ","))
        }
        return SMSListFile(data: Data((lines.joined(separator: "\r\n") + "\r\n").utf8), fileName: fileName, hasHeader: true)
    }

    private static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The file name that will be uploaded.
    public var fileName: String {
        switch source {
        case .data(_, let fileName): return fileName
        case .localFile(let url): return url.lastPathComponent
        }
    }

    /// The file name and size (or that it is a local file); never the content.
    public var description: String {
        switch source {
        case .data(let data, let fileName): return "SMSListFile(\(fileName), \(data.count) bytes)"
        case .localFile(let url): return "SMSListFile(\(url.lastPathComponent), local file)"
        }
    }
}

/// A list file read and checked, ready to upload.
struct LoadedListFile: Sendable {
    var fileName: String
    var contentType: String
    var data: Data
    /// The header's column names, trimmed (empty without a header).
    var columns: [String]
    /// The numbers listed, trimmed, in order.
    var numbers: [String]
}

extension SMSListFile {
    /// Reads and checks the list.
    ///
    /// - Parameter options: The job's list options (`"` is not a quote with ``SMSListOption/quoteIsPlainText``).
    /// - Throws: ``ValidationError`` naming `SMSListFile` (or `SMSListFile row N`, counting non-blank rows from 1).
    func load(options: SMSListOption?) throws -> LoadedListFile {
        let name = fileName
        let lower = name.lowercased()
        let contentType: String
        if lower.hasSuffix(".csv") {
            contentType = "text/csv"
        } else if lower.hasSuffix(".txt") {
            contentType = "text/plain"
        } else {
            throw ValidationError(field: "SMSListFile", value: name, reason: "must be a .csv or .txt file")
        }
        let data: Data
        switch source {
        case .data(let bytes, _):
            data = bytes
        case .localFile(let url):
            guard url.isFileURL else {
                throw ValidationError(field: "SMSListFile", reason: "\(name) is not a local file URL; use SMSUrl for a remote list")
            }
            do {
                data = try Data(contentsOf: url)
            } catch {
                throw ValidationError(field: "SMSListFile", reason: "cannot read the local file \(name)")
            }
        }
        let text: String
        do {
            text = try TextDecoding.decode(data, contentType: nil)
        } catch {
            throw ValidationError(field: "SMSListFile", reason: "\(name) is not UTF-8 text (or UTF-16 with a byte-order mark)")
        }
        let utf8 = Data(text.utf8)
        let records: [[String]]
        if options?.contains(.quoteIsPlainText) == true {
            records = DelimitedText.lines(utf8, separator: UInt8(ascii: ","))
        } else {
            do {
                records = try DelimitedText.csv(utf8)
            } catch let error as DelimitedText.CSVError {
                throw ValidationError(field: "SMSListFile", reason: "\(name) is not valid CSV: line \(error.line): \(error.reason)")
            }
        }
        var columns: [String] = []
        var numbers: [String] = []
        if hasHeader {
            guard let header = records.first else {
                throw ValidationError(field: "SMSListFile", reason: "\(name) is empty")
            }
            columns = header.map { $0.trimmingASCIIWhitespace() }
            guard let numberColumn = columns.firstIndex(where: { $0.caseInsensitiveEquals("SMSNumber") }) else {
                throw ValidationError(field: "SMSListFile", reason: "the header line of \(name) has no SMSNumber column")
            }
            for (offset, record) in records.dropFirst().enumerated() {
                let field = "SMSListFile row \(offset + 2)"
                guard numberColumn < record.count else {
                    throw ValidationError(field: field, reason: "has no SMSNumber value")
                }
                numbers.append(try PhoneNumber.checked(record[numberColumn], field: field))
            }
        } else {
            for (offset, record) in records.enumerated() {
                for cell in record {
                    numbers.append(try PhoneNumber.checked(cell, field: "SMSListFile row \(offset + 1)"))
                }
            }
        }
        guard !numbers.isEmpty else {
            throw ValidationError(field: "SMSListFile", reason: "\(name) lists no numbers")
        }
        return LoadedListFile(fileName: name, contentType: contentType, data: data, columns: columns, numbers: numbers)
    }
}
