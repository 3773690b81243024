import Foundation
@_spi(SMSInternals) import SMSTransport

@_spi(SMSInternals) extension Every8DResponseParser {
    /// Parses a delivery-status page in any of its formats.
    ///
    /// - Parameters:
    ///   - body: The response body.
    ///   - format: The format requested with `RESPFORMAT`.
    ///   - operation: The call it answers (SMS or MMS delivery status).
    /// - Throws: ``Every8DError`` for a gateway error in any shape; `ResponseParseError` otherwise.
    public static func deliveryPage(_ body: Data, format: DeliveryReportFormat, operation: Every8DOperation = .deliveryStatus) throws -> DeliveryPage {
        switch format {
        case .tab: return try deliveryPage(tab: body, operation: operation)
        case .json: return try deliveryPage(json: body, operation: operation)
        case .xml: return try deliveryPage(xml: body, operation: operation)
        }
    }

    /// Parses a TAB delivery-status page: the count on the first line, then one row per message,
    /// `NAME MOBILE SEND_TIME COST STATUS [RECEIVED_TIME]` separated by tabs.
    ///
    /// Rows with five columns (older servers) and six are both read; a row may begin with a tab
    /// (empty NAME); lines may end with `\n` or `\r\n`; empty times and costs are `nil`. A row with
    /// any other number of columns, or a value that does not read, fails the whole page with a
    /// `ResponseParseError` naming the line: rows are never dropped silently.
    ///
    /// - Throws: ``Every8DError`` for a gateway error; `ResponseParseError` otherwise.
    public static func deliveryPage(tab body: Data, operation: Every8DOperation = .deliveryStatus) throws -> DeliveryPage {
        try body.withUnsafeBytes { bytes in
            try precheck(bytes, expectsJSON: false, expected: tabExpected, operation: operation)
            var totalCount: Int?
            var reports: [DeliveryReport] = []
            var tabs: [Int] = []
            tabs.reserveCapacity(8)
            var lineNumber = 0
            try DelimitedText.forEachLine(in: bytes) { line in
                lineNumber += 1
                guard totalCount != nil else {
                    guard let count = ByteText.integer(UnsafeRawBufferPointer(rebasing: bytes[ByteText.trimmed(line, in: bytes)])) else {
                        throw ResponseParseError(expected: tabExpected, reason: "line 1 is not the count")
                    }
                    totalCount = count
                    if count > 0 { reports.reserveCapacity(min(count, DeliveryPage.pageSize)) }
                    return
                }
                tabs.removeAll(keepingCapacity: true)
                var index = line.lowerBound
                while index < line.upperBound {
                    if bytes[index] == 0x09 {
                        tabs.append(index)
                        if tabs.count > 5 { break }
                    }
                    index += 1
                }
                guard tabs.count == 4 || tabs.count == 5 else {
                    throw ResponseParseError(expected: tabExpected, reason: "line \(lineNumber) has \(tabs.count + 1) columns, expected 5 or 6")
                }
                func column(_ number: Int) -> Range<Int> {
                    let start = number == 0 ? line.lowerBound : tabs[number - 1] + 1
                    let end = number < tabs.count ? tabs[number] : line.upperBound
                    return start..<end
                }
                func fail(_ name: String) -> ResponseParseError {
                    ResponseParseError(expected: tabExpected, reason: "line \(lineNumber): \(name) does not read")
                }
                let name = ByteText.string(column(0), in: bytes)
                let mobile = ByteText.string(ByteText.trimmed(column(1), in: bytes), in: bytes)
                guard let sentAt = optionalDate(column(2), in: bytes) else { throw fail("SEND_TIME") }
                guard let cost = optionalDecimal(column(3), in: bytes) else { throw fail("COST") }
                let statusRange = ByteText.trimmed(column(4), in: bytes)
                guard let status = ByteText.integer(UnsafeRawBufferPointer(rebasing: bytes[statusRange])) else { throw fail("STATUS") }
                var receivedAt: Date?
                if tabs.count == 5 {
                    guard let value = optionalDate(column(5), in: bytes) else { throw fail("RECEIVED_TIME") }
                    receivedAt = value
                }
                reports.append(DeliveryReport(
                    name: name, mobile: mobile, sentAt: sentAt, cost: cost,
                    status: DeliveryStatus(rawValue: status), receivedAt: receivedAt))
            }
            guard let totalCount else { throw ResponseParseError(expected: tabExpected, reason: "the body is empty") }
            return DeliveryPage(totalCount: totalCount, reports: reports)
        }
    }

    static let tabExpected = "TAB delivery page (count, then NAME MOBILE SEND_TIME COST STATUS [RECEIVED_TIME] rows)"

    /// Fails early on the envelopes every format may carry instead of its own shape: a
    /// `-code,message` text, or (for the non-JSON formats) a JSON envelope.
    static func precheck(_ bytes: UnsafeRawBufferPointer, expectsJSON: Bool, expected: String, operation: Every8DOperation) throws {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        while start < bytes.count, bytes[start].isASCIIWhitespace { start += 1 }
        guard start < bytes.count else { throw ResponseParseError(expected: expected, reason: "the body is empty") }
        let first = bytes[start]
        guard first == UInt8(ascii: "-") || (first == UInt8(ascii: "{") && !expectsJSON) else { return }
        switch GatewayEnvelope.classify(bytes) {
        case .failure(let code, let message):
            throw Every8DError(code: .init(rawValue: code), message: message, operation: operation)
        case .success, .plain:
            if first == UInt8(ascii: "{") { throw ResponseParseError(expected: expected, reason: "the body is JSON") }
        }
    }

    /// A time from trimmed bytes: `.some(nil)` when empty, `nil` when it does not read.
    @inline(__always)
    static func optionalDate(_ range: Range<Int>, in bytes: UnsafeRawBufferPointer) -> Date?? {
        let trimmed = ByteText.trimmed(range, in: bytes)
        if trimmed.isEmpty { return .some(nil) }
        guard let date = TaiwanTime.parse(bytes: UnsafeRawBufferPointer(rebasing: bytes[trimmed])) else { return nil }
        return .some(date)
    }

    /// A decimal from trimmed bytes: `.some(nil)` when empty, `nil` when it does not read.
    @inline(__always)
    static func optionalDecimal(_ range: Range<Int>, in bytes: UnsafeRawBufferPointer) -> Decimal?? {
        let trimmed = ByteText.trimmed(range, in: bytes)
        if trimmed.isEmpty { return .some(nil) }
        guard let value = ExactDecimal.parse(bytes: UnsafeRawBufferPointer(rebasing: bytes[trimmed])) else { return nil }
        return .some(value)
    }
}
