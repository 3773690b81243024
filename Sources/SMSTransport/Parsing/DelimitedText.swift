import Foundation

/// Delimited text as the gateways send it: RFC 4180 CSV, and tab-separated lines.
///
/// Both work on UTF-8 bytes (a `Character` walk is several times slower on Linux, and `"\r\n"` is
/// one `Character`), accept `\n` and `\r\n` line ends, and keep empty fields, leading ones included
/// (a delivery row with an empty NAME begins with a tab).
public enum DelimitedText {
    /// A failure to read CSV.
    public struct CSVError: Error, Sendable, Hashable, CustomStringConvertible {
        /// The 1-based line where the problem starts.
        public let line: Int
        /// What is wrong.
        public let reason: String
        public var description: String { "CSV line \(line): \(reason)" }
    }

    /// Splits tab-separated text into records of fields.
    ///
    /// Lines end with `\n` or `\r\n`; a final line end is optional; blank lines are skipped.
    /// Fields are not unquoted or trimmed: a tab always separates.
    ///
    /// - Parameters:
    ///   - data: UTF-8 text (a BOM is skipped).
    ///   - separator: The field separator byte (default TAB).
    /// - Returns: One array of fields per non-blank line.
    public static func lines(_ data: Data, separator: UInt8 = 0x09) -> [[String]] {
        data.withUnsafeBytes { raw -> [[String]] in
            var records: [[String]] = []
            forEachLine(in: raw) { line in
                var fields: [String] = []
                var fieldStart = line.lowerBound
                for index in line where raw[index] == separator {
                    fields.append(String(decoding: UnsafeRawBufferPointer(rebasing: raw[fieldStart..<index]), as: UTF8.self))
                    fieldStart = index + 1
                }
                fields.append(String(decoding: UnsafeRawBufferPointer(rebasing: raw[fieldStart..<line.upperBound]), as: UTF8.self))
                records.append(fields)
            }
            return records
        }
    }

    /// Calls `body` with the byte range of each non-blank line of `bytes` (line end excluded,
    /// a leading UTF-8 BOM skipped).
    public static func forEachLine(in bytes: UnsafeRawBufferPointer, _ body: (Range<Int>) throws -> Void) rethrows {
        var start = 0
        let count = bytes.count
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
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
    /// Quoted fields may hold commas, line ends and doubled quotes (`""`); unquoted fields are kept
    /// as they are (spaces included). Lines end with `\r\n` or `\n`; blank lines are skipped; a
    /// final line end is optional.
    ///
    /// - Parameters:
    ///   - data: UTF-8 text (a BOM is skipped).
    ///   - separator: The field separator byte (default `,`).
    /// - Throws: ``CSVError`` for a quote left open or text after a closing quote.
    public static func csv(_ data: Data, separator: UInt8 = UInt8(ascii: ",")) throws -> [[String]] {
        try data.withUnsafeBytes { raw -> [[String]] in
            var records: [[String]] = []
            var record: [String] = []
            var field: [UInt8] = []
            var index = 0
            var line = 1
            let count = raw.count
            if count >= 3, raw[0] == 0xEF, raw[1] == 0xBB, raw[2] == 0xBF { index = 3 }
            var atRecordStart = true
            var fieldWasQuoted = false

            func endField() {
                record.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                fieldWasQuoted = false
            }
            func endRecord() {
                endField()
                if !(record.count == 1 && record[0].isEmpty) { records.append(record) }
                record = []
                atRecordStart = true
            }

            while index < count {
                let byte = raw[index]
                if byte == UInt8(ascii: "\""), field.isEmpty, !fieldWasQuoted {
                    // A quoted field: read to the closing quote.
                    fieldWasQuoted = true
                    atRecordStart = false
                    let openLine = line
                    index += 1
                    var closed = false
                    while index < count {
                        let inner = raw[index]
                        if inner == UInt8(ascii: "\"") {
                            if index + 1 < count, raw[index + 1] == UInt8(ascii: "\"") {
                                field.append(inner)
                                index += 2
                                continue
                            }
                            closed = true
                            index += 1
                            break
                        }
                        if inner == 0x0A { line += 1 }
                        field.append(inner)
                        index += 1
                    }
                    guard closed else { throw CSVError(line: openLine, reason: "a quoted field is never closed") }
                    if index < count {
                        let next = raw[index]
                        guard next == separator || next == 0x0A || next == 0x0D else {
                            throw CSVError(line: line, reason: "text after a closing quote")
                        }
                    }
                    if field.isEmpty { field = [] }
                    continue
                }
                if byte == separator {
                    endField()
                    atRecordStart = false
                } else if byte == 0x0A {
                    endRecord()
                    line += 1
                } else if byte == 0x0D {
                    if index + 1 < count, raw[index + 1] == 0x0A {
                        // handled by the LF
                    } else {
                        endRecord()
                        line += 1
                    }
                } else {
                    guard !fieldWasQuoted else { throw CSVError(line: line, reason: "text after a closing quote") }
                    field.append(byte)
                    atRecordStart = false
                }
                index += 1
            }
            if !atRecordStart || !field.isEmpty || fieldWasQuoted { endRecord() }
            return records
        }
    }
}
