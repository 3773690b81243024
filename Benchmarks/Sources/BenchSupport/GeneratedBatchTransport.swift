import Foundation
import SMSTransport

/// An in-process `GetDeliveryStatus.ashx` for one batch of `rowCount` messages that renders each
/// JSON page (1000 rows) from the `PNO` of the request when it is asked for.
///
/// Nothing of the batch is kept: memory used while paging is the SDK's, not the transport's, so a
/// batch of 100,000 rows costs the transport no more than one of 1000.
public struct GeneratedBatchTransport: HTTPTransport {
    /// Rows in the whole batch.
    public let rowCount: Int
    /// Rows on a full page, as the gateway pages them.
    public static let pageSize = 1000

    /// Creates the transport for a batch of `rowCount` rows.
    public init(rowCount: Int) {
        self.rowCount = rowCount
    }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        let page = Self.pageNumber(in: request.body) ?? 1
        return TransportResponse(status: 200, headers: ["Content-Type": "application/json; charset=utf-8"], body: render(page: page))
    }

    /// The `PNO` field of a form body.
    static func pageNumber(in body: Data) -> Int? {
        let bytes = [UInt8](body)
        let key = Array("PNO=".utf8)
        var index = 0
        while index + key.count <= bytes.count {
            if (index == 0 || bytes[index - 1] == UInt8(ascii: "&")), Array(bytes[index..<index + key.count]) == key {
                var value = 0
                var cursor = index + key.count
                while cursor < bytes.count, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39 {
                    value = value * 10 + Int(bytes[cursor] - 0x30)
                    cursor += 1
                }
                return value
            }
            index += 1
        }
        return nil
    }

    /// The JSON page `page` (from 1): `SMS_COUNT` is the whole batch, `DATA` this page's rows.
    public func render(page: Int) -> Data {
        let first = (page - 1) * Self.pageSize
        let end = min(rowCount, first + Self.pageSize)
        var out: [UInt8] = []
        out.reserveCapacity(170 * max(0, end - first) + 100)
        out.append(contentsOf: #"{"SMS_COUNT":"#.utf8)
        Self.appendInt(rowCount, to: &out)
        out.append(contentsOf: #","BID":"c496f706-9b0f-4ff8-9644-9503edbb7064","DATA":["#.utf8)
        if first < end {
            for row in first..<end {
                if row > first { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: #"{"MR":""#.utf8)
                Self.appendInt(row + 1, to: &out)
                out.append(contentsOf: #"","NAME":"","MOBILE":"+8869"#.utf8)
                Self.appendPadded(row % 100_000_000, width: 8, to: &out)
                out.append(contentsOf: #"","SEND_TIME":"2026-11-22 04:57:47","COST":"1.00","STATUS":"100","REAL_COST":"1.00","RECEIVED_TIME":"2026-11-22 04:57:49"}"#.utf8)
            }
        }
        out.append(contentsOf: "]}".utf8)
        return Data(out)
    }

    private static func appendInt(_ value: Int, to out: inout [UInt8]) {
        out.append(contentsOf: String(value).utf8)
    }

    private static func appendPadded(_ value: Int, width: Int, to out: inout [UInt8]) {
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
        var rest = value
        var index = width - 1
        while rest > 0, index >= 0 {
            digits[index] = UInt8(0x30 + rest % 10)
            rest /= 10
            index -= 1
        }
        out.append(contentsOf: digits)
    }
}
