import Foundation

@_spi(SMSInternals) extension Every8DResponseParser {
    /// Parses a JSON delivery-status page:
    /// `{"SMS_COUNT":3,"BID":"…","DATA":[{"MR":"1","NAME":…,"MOBILE":…,"SEND_TIME":…,"COST":"1.00",
    /// "STATUS":"100","REAL_COST":"1.00","RECEIVED_TIME":…}]}`.
    ///
    /// Numbers may come as strings or JSON numbers; `DATA` may be absent or `null` (no rows); keys
    /// are matched ignoring case and unknown keys are skipped; empty or `null` times and costs are
    /// `nil`. A row without a readable `STATUS` fails the page: rows are never dropped silently.
    ///
    /// - Throws: ``Every8DError`` for a gateway error (text or `"Result":false`);
    ///   `ResponseParseError` otherwise.
    public static func deliveryPage(json body: Data, operation: Every8DOperation = .deliveryStatus) throws -> DeliveryPage {
        try body.withUnsafeBytes { bytes in
            try precheck(bytes, expectsJSON: true, expected: jsonExpected, operation: operation)
            var reader = JSONReader(bytes, expected: jsonExpected)
            var page = DeliveryPage(totalCount: 0, reports: [])
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
                        page.reports.append(try readDeliveryRow(&reader, row: page.reports.count + 1))
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

    static let jsonExpected = "JSON delivery page {\"SMS_COUNT\":…,\"BID\":…,\"DATA\":[…]}"

    private static func readDeliveryRow(_ reader: inout JSONReader, row: Int) throws -> DeliveryReport {
        var report = DeliveryReport(name: "", mobile: "", sentAt: nil, cost: nil, status: .sentToCarrier)
        var sawStatus = false
        try reader.beginObject()
        var first = true
        while let key = try reader.nextKey(first: &first) {
            if reader.key(key, is: "STATUS") {
                guard let status = try reader.integer(reader.readScalar(), field: "DATA[\(row)].STATUS") else {
                    throw reader.failure("DATA[\(row)].STATUS is empty")
                }
                report.status = DeliveryStatus(rawValue: status)
                sawStatus = true
            } else if reader.key(key, is: "MOBILE") {
                report.mobile = reader.plainText(try reader.readScalar()).trimmingASCIIWhitespace()
            } else if reader.key(key, is: "SEND_TIME") || reader.key(key, is: "SENT_TIME") {
                report.sentAt = try reader.date(reader.readScalar(), field: "DATA[\(row)].SEND_TIME")
            } else if reader.key(key, is: "COST") {
                report.cost = try reader.decimal(reader.readScalar(), field: "DATA[\(row)].COST")
            } else if reader.key(key, is: "REAL_COST") {
                report.realCost = try reader.decimal(reader.readScalar(), field: "DATA[\(row)].REAL_COST")
            } else if reader.key(key, is: "RECEIVED_TIME") {
                report.receivedAt = try reader.date(reader.readScalar(), field: "DATA[\(row)].RECEIVED_TIME")
            } else if reader.key(key, is: "NAME") {
                report.name = reader.plainText(try reader.readScalar())
            } else if reader.key(key, is: "MR") {
                let reference = reader.plainText(try reader.readScalar())
                report.messageReference = reference.isEmpty ? nil : reference
            } else {
                try reader.skipValue()
            }
        }
        guard sawStatus else { throw reader.failure("DATA[\(row)] has no STATUS") }
        return report
    }

    /// `Result`, `Status` and `Msg` seen at the top level of a JSON page: a page answered with the
    /// JSON failure envelope.
    struct EnvelopeFields {
        var result: Bool?
        var status: String?
        var message: String?

        /// Reads the value if `key` is one of the envelope's; returns whether it was.
        mutating func read(_ key: JSONReader.StringToken, from reader: inout JSONReader) throws -> Bool {
            if reader.key(key, is: "Result") {
                let value = try reader.readScalar()
                if case .bool(let flag) = value { result = flag } else { result = reader.text(value)?.lowercased() == "true" }
                return true
            }
            if reader.key(key, is: "Status") {
                status = reader.text(try reader.readScalar())
                return true
            }
            if reader.key(key, is: "Msg") {
                message = reader.text(try reader.readScalar())
                return true
            }
            return false
        }

        func error(operation: Every8DOperation) -> Every8DError? {
            guard result == false else { return nil }
            let code = status.flatMap { ByteText.integer($0) } ?? Every8DError.Code.unknownError.rawValue
            return Every8DError(code: .init(rawValue: code), message: (message ?? "").trimmingCharacters(in: .whitespacesAndNewlines), operation: operation)
        }
    }
}
