import Foundation
@_spi(SMSInternals) import SMSTransport

extension Every8DResponseParser {
    /// What a JSON page of delivery reports and a JSON page of replies share:
    /// `{"SMS_COUNT":…,"BID":…,"DATA":[…]}` with the gateway's error members beside them.
    struct JSONPage<Row> {
        var totalCount = 0
        var batchID: String?
        var rows: [Row] = []
    }

    /// Reads a JSON page, one `DATA` row at a time through `readRow` (given the row's 1-based
    /// number). `DATA` may be absent or `null` (no rows); keys are matched ignoring case and
    /// unknown keys are skipped; `SMS_COUNT` must be there.
    ///
    /// - Throws: ``Every8DError`` for a gateway error (text or `"Result":false`);
    ///   `ResponseParseError` otherwise.
    static func jsonPage<Row>(_ body: Data, expected: String, operation: Every8DOperation,
                              readRow: (inout JSONReader, Int) throws -> Row) throws -> JSONPage<Row> {
        try body.withUnsafeBytes { bytes in
            try precheck(bytes, expectsJSON: true, expected: expected, operation: operation)
            var reader = JSONReader(bytes, expected: expected)
            var page = JSONPage<Row>()
            var sawCount = false
            var envelope = EnvelopeFields()
            try reader.beginObject()
            var first = true
            while let key = try reader.nextKey(first: &first) {
                if reader.key(key, is: "SMS_COUNT") {
                    guard let count = try reader.integer(reader.readScalar(), field: "SMS_COUNT") else {
                        throw reader.failure("SMS_COUNT is empty")
                    }
                    page.totalCount = count
                    sawCount = true
                } else if reader.key(key, is: "BID") {
                    page.batchID = reader.text(try reader.readScalar())
                } else if reader.key(key, is: "DATA") {
                    if reader.peek() == UInt8(ascii: "n") {
                        _ = try reader.readScalar()
                        continue
                    }
                    try reader.beginArray()
                    var firstRow = true
                    while try reader.nextElement(first: &firstRow) {
                        page.rows.append(try readRow(&reader, page.rows.count + 1))
                    }
                } else if try envelope.read(key, from: &reader) {
                    continue
                } else {
                    try reader.skipValue()
                }
            }
            try reader.expectEnd()
            if let error = envelope.error(operation: operation) { throw error }
            guard sawCount else { throw reader.failure("SMS_COUNT is missing") }
            return page
        }
    }
}
