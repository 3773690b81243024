import Foundation

/// Number formatting for the gateways' answers, from `Decimal` without going through `Double`.
enum SandboxFormatting {
    /// `value` rounded half-up to two places and written with exactly two: `1000.00`, `2.50`.
    static func twoPlaces(_ value: Decimal) -> String {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, 2, .plain)
        let text = "\(rounded)"
        let negative = text.hasPrefix("-")
        let digits = negative ? String(text.dropFirst()) : text
        let pieces = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = pieces.first.map(String.init) ?? "0"
        var fraction = pieces.count > 1 ? String(pieces[1]) : ""
        while fraction.count < 2 { fraction += "0" }
        return (negative ? "-" : "") + (whole.isEmpty ? "0" : whole) + "." + fraction
    }

    /// `value` as a whole number when it is one (`3`), otherwise with two places.
    static func points(_ value: Decimal) -> String {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, 0, .plain)
        return rounded == value ? "\(rounded)" : twoPlaces(value)
    }
}
