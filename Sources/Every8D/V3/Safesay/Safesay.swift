import Foundation

/// Rules shared by the Safesay parts: its timestamps and its daily token.
enum Safesay {
    /// The instant of a Safesay timestamp (`MessageTime`, `SendTime`).
    ///
    /// The specification calls them timestamps without a unit; its examples
    /// (`1729133590209232`, October 2024) are microseconds since 1970. Read by magnitude, so
    /// milliseconds and seconds also come out right: from 10^14 microseconds, from 10^11
    /// milliseconds, otherwise seconds.
    static func date(fromTimestamp timestamp: Int64) -> Date {
        let magnitude = timestamp.magnitude
        if magnitude >= 100_000_000_000_000 {
            return Date(timeIntervalSince1970: Double(timestamp / 1_000_000) + Double(timestamp % 1_000_000) / 1e6)
        }
        if magnitude >= 100_000_000_000 {
            return Date(timeIntervalSince1970: Double(timestamp / 1000) + Double(timestamp % 1000) / 1e3)
        }
        return Date(timeIntervalSince1970: Double(timestamp))
    }

    /// When a Safesay token fetched at `issuedAt` stops being valid: the next midnight in Taiwan
    /// (a token is valid for the day it was fetched; fetching another that day ends it sooner).
    static func tokenExpiry(issuedAt: Date) -> Date {
        let day = TaiwanTime.components(of: issuedAt)
        let midnight = TaiwanTime.makeDate(year: day.year, month: day.month, day: day.day, hour: 0, minute: 0, second: 0)
        return (midnight ?? issuedAt).addingTimeInterval(86_400)
    }

    /// `-?[0-9]{1,18}` as an `Int64` (every platform, also where `Int` has 32 bits), or `nil`.
    static func int64(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var index = 0
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            index = 1
        }
        guard index < bytes.count, bytes.count - index <= 18 else { return nil }
        var value: Int64 = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int64(byte - 0x30)
            index += 1
        }
        return negative ? -value : value
    }
}
