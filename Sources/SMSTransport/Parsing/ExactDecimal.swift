import Foundation

/// Exact decimal parsing for the gateways' amounts (`1000.00`, `-3`, `4.0`).
///
/// `Decimal(string:)` is lenient (`"12abc"` is 12, `" 12"` is 12, `"1,000.5"` is 1) and slow on
/// Linux; going through `Double` is inexact (`3.133` becomes `3.132999…`). This parser accepts
/// exactly `-?[0-9]+(\.[0-9]+)?` and builds the value from an integer significand and a
/// power-of-ten exponent, without allocating.
@_spi(SMSInternals) public enum ExactDecimal {
    /// The most significant digits kept exactly; longer numbers are refused, never rounded.
    public static let maxSignificantDigits = 38

    /// Parses `text` as `-?[0-9]+(\.[0-9]+)?`, or returns `nil`.
    ///
    /// No spaces, signs other than a leading `-`, exponents, thousands separators or bare points
    /// (`.5`, `5.`) are accepted. `-0.00` is zero.
    ///
    /// - Parameter text: The number as text.
    /// - Returns: The exact value, or `nil` when the text is not such a number or has more than
    ///   ``maxSignificantDigits`` significant digits.
    public static func parse(_ text: some StringProtocol) -> Decimal? {
        if let result = text.utf8.withContiguousStorageIfAvailable({ parse(bytes: UnsafeRawBufferPointer($0)) }) {
            return result
        }
        var copy = String(text)
        return copy.withUTF8 { parse(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Parses ASCII digits in `bytes` as `-?[0-9]+(\.[0-9]+)?`, or returns `nil` (see ``parse(_:)``).
    ///
    /// - Parameter bytes: The number's bytes, for example one field of a delivery row.
    /// - Returns: The exact value, or `nil`.
    public static func parse(bytes: UnsafeRawBufferPointer) -> Decimal? {
        let count = bytes.count
        var index = 0
        var negative = false
        if count > 0, bytes[0] == UInt8(ascii: "-") {
            negative = true
            index = 1
        }
        // Up to 19 significant digits fit a UInt64; a second word holds up to 19 more.
        var high: UInt64 = 0
        var low: UInt64 = 0
        var lowDigits = 0
        var significant = 0
        var integerDigits = 0
        var fractionDigits = 0
        var sawPoint = false
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                guard !sawPoint, integerDigits > 0 else { return nil }
                sawPoint = true
            } else if byte &- UInt8(ascii: "0") < 10 {
                let digit = UInt64(byte &- UInt8(ascii: "0"))
                if sawPoint { fractionDigits += 1 } else { integerDigits += 1 }
                if significant > 0 || digit != 0 {
                    significant += 1
                    if significant <= 19 {
                        high = high &* 10 &+ digit
                    } else {
                        low = low &* 10 &+ digit
                        lowDigits += 1
                    }
                }
            } else {
                return nil
            }
            index += 1
        }
        guard integerDigits > 0, !sawPoint || fractionDigits > 0,
              significant <= maxSignificantDigits, fractionDigits <= 127 else { return nil }
        let sign: FloatingPointSign = negative && significant > 0 ? .minus : .plus
        if lowDigits == 0 {
            return Decimal(sign: sign, exponent: -fractionDigits, significand: Decimal(high))
        }
        // high × 10^lowDigits + low is at most 38 digits, which Decimal's 128-bit mantissa holds
        // exactly, so the sum is exact.
        let magnitude = Decimal(sign: .plus, exponent: lowDigits, significand: Decimal(high)) + Decimal(low)
        return Decimal(sign: sign, exponent: -fractionDigits, significand: magnitude)
    }
}

/// Strict integer parsing for the gateways' codes and counts (`100`, `-99`, `0`).
///
/// `Int(_:)` on a `String` is strict too, but needs a `String`; this reads bytes straight from a
/// buffer, for typed-row parsers.
package enum ASCIIInteger {
    /// Parses `text` as `-?[0-9]+`, or returns `nil` (also on overflow).
    ///
    /// - Parameter text: The number as text, without spaces or a `+`.
    /// - Returns: The value, or `nil`.
    public static func parse(_ text: some StringProtocol) -> Int? {
        if let result = text.utf8.withContiguousStorageIfAvailable({ parse(bytes: UnsafeRawBufferPointer($0)) }) {
            return result
        }
        var copy = String(text)
        return copy.withUTF8 { parse(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Parses ASCII bytes as `-?[0-9]+`, or returns `nil` (also on overflow).
    ///
    /// - Parameter bytes: The number's bytes.
    /// - Returns: The value, or `nil`.
    public static func parse(bytes: UnsafeRawBufferPointer) -> Int? {
        let count = bytes.count
        var index = 0
        let negative = count > 0 && bytes[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        guard index < count else { return nil }
        var value = 0
        while index < count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            // Accumulate negatively so that Int.min parses too.
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times.subtractingReportingOverflow(Int(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = next
            index += 1
        }
        if negative { return value }
        let (positive, overflow) = (0).subtractingReportingOverflow(value)
        return overflow ? nil : positive
    }
}
