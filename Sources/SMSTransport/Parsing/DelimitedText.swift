import Foundation

/// Delimited text as the gateways send it: RFC 4180 CSV, and tab-separated lines.
///
/// Everything works on UTF-8 bytes (a `Character` walk costs microseconds per line on Linux, and
/// `"\r\n"` is one `Character`), accepts `\n` and `\r\n` line ends and a leading UTF-8 BOM, and
/// keeps empty fields, leading ones included (a delivery row with an empty NAME begins with a
/// tab).
///
/// For large pages, ``forEachRecord(in:separator:_:)`` hands out each line's fields as byte
/// ranges, so a typed-row parser makes a `String` only for the fields it keeps and reads
/// numbers and times straight from the bytes:
///
/// ```swift
/// try body.withUnsafeBytes { raw in
///     try DelimitedText.forEachRecord(in: raw) { row in
///         guard row.count == 5 || row.count == 6 else { throw … }
///         let mobile = row.string(1)
///         let sentAt = TaiwanTime.parse(bytes: row[2])
///         let cost = ExactDecimal.parse(bytes: row[3])
///         let status = ASCIIInteger.parse(bytes: row[4])
///     }
/// }
/// ```
public enum DelimitedText {
    /// A failure to read CSV.
    public struct CSVError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The 1-based line where the problem starts.
        public let line: Int
        /// What is wrong.
        public let reason: String
        /// `CSV line <n>: <reason>`.
        public var description: String { "CSV line \(line): \(reason)" }
    }

    /// The fields of one line, as byte ranges into the buffer being read.
    ///
    /// Only valid inside the closure it is passed to: it points into the caller's buffer.
    public struct Fields: RandomAccessCollection {
        /// The whole buffer being read.
        public let buffer: UnsafeRawBufferPointer
        /// Each field's byte range in ``buffer``, in order.
        public let ranges: [Range<Int>]

        /// The first field's index (0).
        public var startIndex: Int { 0 }
        /// The number of fields.
        public var endIndex: Int { ranges.count }

        /// The bytes of field `index` (0-based), without the separator.
        public subscript(index: Int) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: buffer[ranges[index]])
        }

        /// Field `index` decoded as UTF-8 (invalid bytes become U+FFFD).
        ///
        /// - Parameter index: The 0-based field index.
        /// - Returns: The field's text, untrimmed.
        public func string(_ index: Int) -> String {
            String(decoding: self[index], as: UTF8.self)
        }
    }

    /// Splits tab-separated text into records of fields.
    ///
    /// Lines end with `\n` or `\r\n`; a final line end is optional; blank lines are skipped.
    /// Fields are not unquoted or trimmed: a tab always separates, so `"\tA\t"` is `["", "A", ""]`.
    ///
    /// - Parameters:
    ///   - data: UTF-8 text (a BOM is skipped).
    ///   - separator: The field separator byte (default TAB).
    /// - Returns: One array of fields per non-blank line.
    public static func lines(_ data: Data, separator: UInt8 = 0x09) -> [[String]] {
        data.withUnsafeBytes { raw -> [[String]] in
            var records: [[String]] = []
            forEachRecord(in: raw, separator: separator) { fields in
                records.append(fields.indices.map(fields.string))
            }
            return records
        }
    }

    /// Calls `body` with the fields of each non-blank line of `bytes`, split on `separator`
    /// (no quoting), without copying them.
    ///
    /// - Parameters:
    ///   - bytes: UTF-8 text (a leading BOM is skipped).
    ///   - separator: The field separator byte (default TAB).
    ///   - body: Called once per non-blank line, in order; must not keep the ``Fields``.
    /// - Throws: What `body` throws.
    public static func forEachRecord(
        in bytes: UnsafeRawBufferPointer, separator: UInt8 = 0x09, _ body: (Fields) throws -> Void
    ) rethrows {
        var ranges: [Range<Int>] = []
        try forEachLine(in: bytes) { line in
            ranges.removeAll(keepingCapacity: true)
            var fieldStart = line.lowerBound
            var index = line.lowerBound
            while index < line.upperBound {
                if bytes[index] == separator {
                    ranges.append(fieldStart..<index)
                    fieldStart = index + 1
                }
                index += 1
            }
            ranges.append(fieldStart..<line.upperBound)
            try body(Fields(buffer: bytes, ranges: ranges))
        }
    }

    /// Calls `body` with the byte range of each non-blank line of `bytes` (line end excluded,
    /// a leading UTF-8 BOM skipped).
    ///
    /// - Parameters:
    ///   - bytes: UTF-8 text.
    ///   - body: Called once per non-blank line, in order.
    /// - Throws: What `body` throws.
    public static func forEachLine(in bytes: UnsafeRawBufferPointer, _ body: (Range<Int>) throws -> Void) rethrows {
        let count = bytes.count
        var start = hasBOM(bytes) ? 3 : 0
        var index = start
        while index < count {
            if bytes[index] == 0x0A {
                var end = index
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                if end > start { try body(start..<end) }
                start = index + 1
            }
            index += 1
        }
        var end = count
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        if end > start { try body(start..<end) }
    }

    /// Parses RFC 4180 CSV into records of fields.
    ///
    /// Quoted fields may hold separators, line ends and doubled quotes (`""`); unquoted fields
    /// are kept as they are (spaces and stray quotes included). Lines end with `\r\n`, `\n` or
    /// `\r`; blank lines are skipped (a line holding only `""` is a record with one empty field);
    /// a final line end is optional; records may have different lengths.
    ///
    /// - Parameters:
    ///   - data: UTF-8 text (a BOM is skipped).
    ///   - separator: The field separator byte (default `,`).
    /// - Returns: The records in order.
    /// - Throws: ``CSVError`` for a quote left open or text after a closing quote.
    public static func csv(_ data: Data, separator: UInt8 = UInt8(ascii: ",")) throws -> [[String]] {
        try data.withUnsafeBytes { raw -> [[String]] in
            let count = raw.count
            var records: [[String]] = []
            var index = hasBOM(raw) ? 3 : 0
            var line = 1
            var scratch: [UInt8] = []
            while index < count {
                var record: [String] = []
                var sawQuote = false
                while true {
                    // One field.
                    if index < count, raw[index] == quote {
                        sawQuote = true
                        let openLine = line
                        index += 1
                        var segmentStart = index
                        scratch.removeAll(keepingCapacity: true)
                        var closed = false
                        while index < count {
                            let byte = raw[index]
                            if byte == quote {
                                scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[segmentStart..<index]))
                                if index + 1 < count, raw[index + 1] == quote {
                                    scratch.append(quote)
                                    index += 2
                                    segmentStart = index
                                    continue
                                }
                                index += 1
                                closed = true
                                break
                            }
                            if byte == 0x0A || (byte == 0x0D && !(index + 1 < count && raw[index + 1] == 0x0A)) { line += 1 }
                            index += 1
                        }
                        guard closed else { throw CSVError(line: openLine, reason: "a quoted field is never closed") }
                        if index < count, raw[index] != separator, raw[index] != 0x0A, raw[index] != 0x0D {
                            throw CSVError(line: line, reason: "text after a closing quote")
                        }
                        record.append(String(decoding: scratch, as: UTF8.self))
                    } else {
                        let start = index
                        while index < count, raw[index] != separator, raw[index] != 0x0A, raw[index] != 0x0D { index += 1 }
                        record.append(String(decoding: UnsafeRawBufferPointer(rebasing: raw[start..<index]), as: UTF8.self))
                    }
                    // What ends it.
                    if index < count, raw[index] == separator {
                        index += 1
                        continue
                    }
                    if index < count {
                        if raw[index] == 0x0D, index + 1 < count, raw[index + 1] == 0x0A { index += 1 }
                        index += 1
                        line += 1
                    }
                    break
                }
                if record.count == 1, record[0].isEmpty, !sawQuote { continue }
                records.append(record)
            }
            return records
        }
    }

    private static let quote = UInt8(ascii: "\"")

    private static func hasBOM(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }
}
