import Foundation

/// Exact decimal parsing for the gateways' amounts (`1000.00`, `-3`, `4.0`).
///
/// `Decimal(string:)` is lenient (`"12abc"` is 12, `" 12"` is 12) and slow on Linux; going through
/// `Double` is inexact (`3.133` becomes `3.132999…`). This parser accepts exactly
/// `-?[0-9]+(\.[0-9]+)?` and builds the value from an integer significand and an exponent.
public enum ExactDecimal {
    /// Parses `text` as `-?[0-9]+(\.[0-9]+)?`, or returns `nil`.
    public static func parse(_ text: some StringProtocol) -> Decimal? {
        var text = String(text)
        return text.withUTF8 { parse(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Parses ASCII digits in `bytes` as `-?[0-9]+(\.[0-9]+)?`, or returns `nil`.
    ///
    /// Up to 38 significant digits are kept exactly; longer inputs are rejected rather than rounded.
    public static func parse(bytes: UnsafeRawBufferPointer) -> Decimal? {
        var index = 0
        let count = bytes.count
        guard count > 0 else { return nil }
        var negative = false
        if bytes[0] == UInt8(ascii: "-") {
            negative = true
            index = 1
        }
        var significand: UInt64 = 0
        var overflowDigits: [UInt8] = []
        var digits = 0
        var fractionDigits = 0
        var sawPoint = false
        var integerDigits = 0
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                guard !sawPoint, integerDigits > 0 else { return nil }
                sawPoint = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                let digit = UInt64(byte - UInt8(ascii: "0"))
                if sawPoint { fractionDigits += 1 } else { integerDigits += 1 }
                if digits < 19 {
                    significand = significand * 10 + digit
                } else {
                    overflowDigits.append(byte)
                }
                digits += 1
            } else {
                return nil
            }
            index += 1
        }
        guard integerDigits > 0, !sawPoint || fractionDigits > 0 else { return nil }
        guard digits <= 38 else { return nil }
        if overflowDigits.isEmpty {
            let value = Decimal(sign: negative ? .minus : .plus, exponent: -fractionDigits, significand: Decimal(significand))
            return value
        }
        // Rare: more than 19 digits. Fall back to Foundation on text already validated above.
        return Decimal(string: String(decoding: bytes, as: UTF8.self), locale: Locale(identifier: "en_US_POSIX"))
    }
}
