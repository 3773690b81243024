import Foundation

/// Mobile numbers as the EVERY8D gateway reads them.
///
/// Accepted: `09` + 8 digits and `+8869` + 8 digits (Taiwan, stored as `+8869…`), and `+` with
/// a country code other than 886 and 7 to 15 digits in all (international). Nothing is trimmed:
/// a `+` sent unencoded in a form arrives as a space, so `" 886912345678"` is refused, as the
/// real server refuses it.
enum Every8DMobile {
    /// A number as stored, and whether it is international.
    struct Parsed: Hashable {
        var number: String
        var isInternational: Bool
    }

    /// Reads a number, or returns `nil` when it is not a mobile number.
    static func parse(_ raw: String) -> Parsed? {
        let bytes = Array(raw.utf8)
        let digit: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
        if bytes.count == 10, bytes[0] == 0x30, bytes[1] == 0x39, bytes.allSatisfy(digit) {
            return Parsed(number: "+886" + raw.dropFirst(), isInternational: false)
        }
        guard bytes.first == UInt8(ascii: "+"), bytes.count >= 8, bytes.count <= 16, bytes.dropFirst().allSatisfy(digit) else {
            return nil
        }
        if raw.hasPrefix("+886") {
            guard bytes.count == 13, bytes[4] == 0x39 else { return nil }
            return Parsed(number: raw, isInternational: false)
        }
        return Parsed(number: raw, isInternational: true)
    }
}

/// Booking times (`ST`, `SendTime`) as the gateway reads them: empty for now, otherwise
/// `yyyyMMddHHmmss` in Taiwan time.
enum Every8DSendTime {
    /// The booking instant, `.some(nil)` for "now" (empty), or `nil` when the text is malformed.
    static func parse(_ text: String?) -> Date?? {
        guard let text, !text.isEmpty else { return .some(nil) }
        guard text.utf8.count == 14, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let date = TaiwanTime.parse(text) else {
            return nil
        }
        return .some(date)
    }
}
