import Foundation

/// Taiwan time (UTC+8, no daylight saving since 1979) for the gateways' timestamps.
///
/// Parsing is by hand on ASCII digits (no `DateFormatter`, no tzdata needed) and accepts every
/// layout the gateways use: `yyyyMMddHHmmss`, `yyyy-MM-dd HH:mm:ss`, `yyyy/MM/dd HH:mm:ss` and the
/// unpadded `yyyy/M/d H:mm:ss`, with an optional `T` between date and time.
public enum TaiwanTime {
    /// UTC+8 as a fixed offset.
    public static let timeZone = TimeZone(secondsFromGMT: 8 * 3600)!

    /// Seconds east of UTC.
    public static let offsetSeconds = 8 * 3600

    /// Parses a gateway timestamp in Taiwan time, or returns `nil` for anything else
    /// (including impossible dates such as February 30).
    public static func parse(_ text: some StringProtocol) -> Date? {
        var text = String(text)
        return text.withUTF8 { parse(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Parses ASCII bytes as a gateway timestamp (see ``parse(_:)``). Leading and trailing spaces are ignored.
    public static func parse(bytes: UnsafeRawBufferPointer) -> Date? {
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D || bytes[end - 1] == 0x0A { end -= 1 }
        let length = end - start
        guard length >= 14 else { return nil }
        var fields = [0, 0, 0, 0, 0, 0]
        if length == 14 {
            // yyyyMMddHHmmss
            let widths = [4, 2, 2, 2, 2, 2]
            var index = start
            for (field, width) in widths.enumerated() {
                var value = 0
                for _ in 0..<width {
                    let byte = bytes[index]
                    guard byte >= 0x30 && byte <= 0x39 else { return nil }
                    value = value * 10 + Int(byte - 0x30)
                    index += 1
                }
                fields[field] = value
            }
        } else {
            // y{4} sep M{1,2} sep d{1,2} (space|T) H{1,2} : m{2} : s{2}
            var index = start
            var field = 0
            var dateSeparator: UInt8 = 0
            while field < 6 {
                var value = 0
                var width = 0
                while index < end, bytes[index] >= 0x30 && bytes[index] <= 0x39 {
                    value = value * 10 + Int(bytes[index] - 0x30)
                    width += 1
                    index += 1
                    if width > 4 { return nil }
                }
                let expected = field == 0 ? 4...4 : (field >= 4 ? 2...2 : 1...2)
                guard expected.contains(width) else { return nil }
                fields[field] = value
                field += 1
                if field == 6 { break }
                guard index < end else { return nil }
                let separator = bytes[index]
                switch field {
                case 1, 2:
                    guard separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/") else { return nil }
                    if field == 1 { dateSeparator = separator } else if separator != dateSeparator { return nil }
                case 3:
                    guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "T") else { return nil }
                default:
                    guard separator == UInt8(ascii: ":") else { return nil }
                }
                index += 1
            }
            guard index == end else { return nil }
        }
        return makeDate(year: fields[0], month: fields[1], day: fields[2], hour: fields[3], minute: fields[4], second: fields[5])
    }

    /// The instant of a Taiwan wall-clock time, or `nil` if no such time exists.
    public static func makeDate(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Date? {
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Formats an instant as Taiwan time: `yyyyMMddHHmmss`.
    public static func compact(_ date: Date) -> String {
        let c = components(of: date)
        return pad(c.year, 4) + pad(c.month, 2) + pad(c.day, 2) + pad(c.hour, 2) + pad(c.minute, 2) + pad(c.second, 2)
    }

    /// Formats an instant as Taiwan time: `yyyy-MM-dd HH:mm:ss`.
    public static func dashed(_ date: Date) -> String {
        let c = components(of: date)
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2)) \(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))"
    }

    /// Formats an instant as Taiwan time: `yyyy/MM/dd HH:mm:ss`.
    public static func slashed(_ date: Date) -> String {
        let c = components(of: date)
        return "\(pad(c.year, 4))/\(pad(c.month, 2))/\(pad(c.day, 2)) \(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))"
    }

    /// Formats an instant as Taiwan time without zero padding: `yyyy/M/d H:mm:ss`.
    public static func unpadded(_ date: Date) -> String {
        let c = components(of: date)
        return "\(c.year)/\(c.month)/\(c.day) \(c.hour):\(pad(c.minute, 2)):\(pad(c.second, 2))"
    }

    /// The Taiwan wall-clock fields of an instant (sub-second part dropped).
    public static func components(of date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let total = Int(date.timeIntervalSince1970.rounded(.down)) + offsetSeconds
        var days = total / 86_400
        var secondsOfDay = total % 86_400
        if secondsOfDay < 0 {
            secondsOfDay += 86_400
            days -= 1
        }
        let civil = civilFromDays(days)
        return (civil.year, civil.month, civil.day, secondsOfDay / 3600, secondsOfDay % 3600 / 60, secondsOfDay % 60)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
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
