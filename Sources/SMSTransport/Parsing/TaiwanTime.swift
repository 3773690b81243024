import Foundation

/// Taiwan time (UTC+8, no daylight saving since 1979) for the gateways' timestamps.
///
/// Parsing is by hand on ASCII digits (no `DateFormatter`, no tzdata, no allocation) and accepts
/// every layout the gateways use:
///
/// | layout | example |
/// | --- | --- |
/// | `yyyyMMddHHmmss` | `20211216160906` |
/// | `yyyy-MM-dd HH:mm:ss` | `2021-12-16 16:09:06` |
/// | `yyyy/MM/dd HH:mm:ss` | `2021/12/16 16:09:06` |
/// | `yyyy/M/d H:mm:ss` (unpadded) | `2010/3/20 3:27:50` |
///
/// Month, day and hour may have one or two digits with either date separator, and a `T` may
/// stand for the space. Years run from 1 to 9999 in the proleptic Gregorian calendar.
///
/// Taiwan did observe daylight saving time in some years up to 1979; this type uses a fixed
/// UTC+8 throughout, as the gateways do.
public enum TaiwanTime {
    /// UTC+8 as a fixed offset (no tzdata needed).
    public static let timeZone = TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt

    /// Seconds east of UTC.
    public static let offsetSeconds = 8 * 3600

    /// Parses a gateway timestamp in Taiwan time.
    ///
    /// - Parameter text: A timestamp in one of the layouts above; surrounding spaces, tabs and
    ///   line ends are ignored.
    /// - Returns: The instant, or `nil` for anything else, including impossible dates (February
    ///   30, 24:00:00, month 13).
    public static func parse(_ text: some StringProtocol) -> Date? {
        if let result = text.utf8.withContiguousStorageIfAvailable({ parse(bytes: UnsafeRawBufferPointer($0)) }) {
            return result
        }
        var copy = String(text)
        return copy.withUTF8 { parse(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Parses ASCII bytes as a gateway timestamp (see ``parse(_:)``).
    ///
    /// - Parameter bytes: The timestamp's bytes, for example one field of a delivery row.
    /// - Returns: The instant, or `nil`.
    public static func parse(bytes: UnsafeRawBufferPointer) -> Date? {
        var start = 0, end = bytes.count
        while start < end, bytes[start].isASCIIWhitespace { start += 1 }
        while end > start, bytes[end - 1].isASCIIWhitespace { end -= 1 }
        guard end - start >= 14 else { return nil }
        var index = start

        /// Reads `minimum...maximum` digits at `index`.
        func number(_ minimum: Int, _ maximum: Int) -> Int? {
            var value = 0
            var width = 0
            while index < end, width < maximum {
                let digit = bytes[index] &- 0x30
                guard digit < 10 else { break }
                value = value * 10 + Int(digit)
                width += 1
                index += 1
            }
            return width >= minimum ? value : nil
        }
        func skip(_ allowed: UInt8, or other: UInt8 = 0) -> UInt8? {
            guard index < end, bytes[index] == allowed || (other != 0 && bytes[index] == other) else { return nil }
            defer { index += 1 }
            return bytes[index]
        }

        if end - start == 14 {
            guard let year = number(4, 4), let month = number(2, 2), let day = number(2, 2),
                  let hour = number(2, 2), let minute = number(2, 2), let second = number(2, 2) else { return nil }
            return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        }
        guard let year = number(4, 4), let separator = skip(UInt8(ascii: "-"), or: UInt8(ascii: "/")),
              let month = number(1, 2), skip(separator) != nil, let day = number(1, 2),
              skip(UInt8(ascii: " "), or: UInt8(ascii: "T")) != nil,
              let hour = number(1, 2), skip(UInt8(ascii: ":")) != nil, let minute = number(2, 2),
              skip(UInt8(ascii: ":")) != nil, let second = number(2, 2), index == end else { return nil }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    /// The instant of a Taiwan wall-clock time.
    ///
    /// - Parameters:
    ///   - year: 1...9999.
    ///   - month: 1...12.
    ///   - day: 1...28, 29, 30 or 31 as the month and leap year allow.
    ///   - hour: 0...23.
    ///   - minute: 0...59.
    ///   - second: 0...59.
    /// - Returns: The instant, or `nil` if no such time exists.
    public static func makeDate(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Date? {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Formats an instant as Taiwan time: `yyyyMMddHHmmss` (the layout of `ST` and `SendTime`).
    ///
    /// - Parameter date: The instant (sub-seconds are dropped; see ``components(of:)`` for range).
    /// - Returns: For example `20211216160906`.
    public static func compact(_ date: Date) -> String {
        format(date) { c, out in
            out.digits(c.year, 4); out.digits(c.month, 2); out.digits(c.day, 2)
            out.digits(c.hour, 2); out.digits(c.minute, 2); out.digits(c.second, 2)
        }
    }

    /// Formats an instant as Taiwan time: `yyyy-MM-dd HH:mm:ss` (the layout OMICard expects).
    ///
    /// - Parameter date: The instant.
    /// - Returns: For example `2021-12-16 16:09:06`.
    public static func dashed(_ date: Date) -> String {
        format(date) { c, out in out.padded(c, dateSeparator: UInt8(ascii: "-")) }
    }

    /// Formats an instant as Taiwan time: `yyyy/MM/dd HH:mm:ss`.
    ///
    /// - Parameter date: The instant.
    /// - Returns: For example `2021/12/16 16:09:06`.
    public static func slashed(_ date: Date) -> String {
        format(date) { c, out in out.padded(c, dateSeparator: UInt8(ascii: "/")) }
    }

    /// Formats an instant as Taiwan time without zero padding of month, day and hour:
    /// `yyyy/M/d H:mm:ss`.
    ///
    /// - Parameter date: The instant.
    /// - Returns: For example `2010/3/20 3:27:50`.
    public static func unpadded(_ date: Date) -> String {
        format(date) { c, out in
            out.digits(c.year, 4); out.byte(UInt8(ascii: "/")); out.digits(c.month, 1); out.byte(UInt8(ascii: "/"))
            out.digits(c.day, 1); out.byte(UInt8(ascii: " ")); out.digits(c.hour, 1); out.byte(UInt8(ascii: ":"))
            out.digits(c.minute, 2); out.byte(UInt8(ascii: ":")); out.digits(c.second, 2)
        }
    }

    /// The Taiwan wall-clock fields of an instant, sub-seconds dropped (rounded towards the past).
    ///
    /// Instants before 0001-01-01 00:00:00 or after 9999-12-31 23:59:59 Taiwan time (and NaN)
    /// are clamped to those ends.
    ///
    /// - Parameter date: The instant.
    /// - Returns: Year, month, day, hour, minute and second in Taiwan.
    public static func components(of date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let interval = date.timeIntervalSince1970
        let total: Int
        if interval.isNaN || interval < minimumInterval {
            total = Int(minimumInterval) + offsetSeconds
        } else if interval > maximumInterval {
            total = Int(maximumInterval) + offsetSeconds
        } else {
            total = Int(interval.rounded(.down)) + offsetSeconds
        }
        var days = total / 86_400
        var secondsOfDay = total % 86_400
        if secondsOfDay < 0 {
            secondsOfDay += 86_400
            days -= 1
        }
        let civil = civilFromDays(days)
        return (civil.year, civil.month, civil.day, secondsOfDay / 3600, secondsOfDay % 3600 / 60, secondsOfDay % 60)
    }

    // MARK: - Internals

    private static let minimumInterval = TimeInterval(daysFromCivil(year: 1, month: 1, day: 1) * 86_400 - offsetSeconds)
    private static let maximumInterval = TimeInterval(daysFromCivil(year: 9999, month: 12, day: 31) * 86_400 + 86_399 - offsetSeconds)

    /// A fixed-size ASCII buffer for formatting without intermediate strings.
    private struct Output {
        var bytes: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0

        mutating func byte(_ value: UInt8) {
            withUnsafeMutableBytes(of: &bytes) { $0[count] = value }
            count += 1
        }

        /// `value` in decimal, zero-padded to at least `width` digits.
        mutating func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            var needed = 1
            while divisor <= value / 10 {
                divisor *= 10
                needed += 1
            }
            for _ in needed..<max(needed, width) { byte(UInt8(ascii: "0")) }
            var rest = value
            while divisor > 0 {
                byte(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }

        mutating func padded(_ c: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int), dateSeparator: UInt8) {
            digits(c.year, 4); byte(dateSeparator); digits(c.month, 2); byte(dateSeparator); digits(c.day, 2)
            byte(UInt8(ascii: " ")); digits(c.hour, 2); byte(UInt8(ascii: ":")); digits(c.minute, 2)
            byte(UInt8(ascii: ":")); digits(c.second, 2)
        }
    }

    private static func format(
        _ date: Date,
        _ write: ((year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int), inout Output) -> Void
    ) -> String {
        var output = Output()
        write(components(of: date), &output)
        return withUnsafeBytes(of: output.bytes) { String(decoding: $0.prefix(output.count), as: UTF8.self) }
    }

    private static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days-from-civil algorithm (proleptic Gregorian), exact and branch-light.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
