/// Mobile numbers in the forms API 3.0 accepts (annex 3 of its specification).
///
/// Taiwan mobiles: `0900111111`, `886900111111`, `8860900111111`, `+886900111111` and
/// `+8860900111111`; sent as `+8869…` unless normalisation is off (then as given, which the
/// gateway also accepts). Other countries: `+`, the country code and the number
/// (`+8613823456789`, 8 to 15 digits); without the `+` they are refused, as annex 3 says the
/// gateway refuses them. Surrounding whitespace is ignored; spaces, dashes or brackets inside
/// are refused.
enum V3MobileNumber {
    /// A number as it will be sent.
    struct Checked: Sendable, Hashable {
        let number: String
        /// Whether it is a Taiwan number (`+886…`, or one of the Taiwan forms above).
        let isTaiwan: Bool
    }

    /// Checks and normalises one number.
    ///
    /// - Throws: `ValidationError` for `field` naming the number when it is none of the forms.
    static func checked(_ raw: String, field: @autoclosure () -> String, normalizeTaiwan: Bool) throws -> Checked {
        let number = raw.trimmingASCIIWhitespace()
        let utf8 = Array(number.utf8)
        let hasPlus = utf8.first == UInt8(ascii: "+")
        let digits = hasPlus ? utf8.dropFirst() : utf8[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            if number.isEmpty { throw ValidationError(field: field(), reason: "the number is empty") }
            throw ValidationError(field: field(), value: number, reason: formsText)
        }
        if let subscriber = taiwanMobile(digits, hasPlus: hasPlus) {
            return Checked(number: normalizeTaiwan ? "+886" + subscriber : number, isTaiwan: true)
        }
        guard hasPlus, (8...15).contains(digits.count) else {
            throw ValidationError(field: field(), value: number, reason: formsText)
        }
        return Checked(number: number, isTaiwan: number.hasPrefix("+886"))
    }

    /// Checks and normalises a send's numbers (`mobiles`), at least one.
    static func recipients(_ numbers: [String], field: String = "mobiles", normalizeTaiwan: Bool) throws -> [Checked] {
        guard !numbers.isEmpty else { throw ValidationError(field: field, reason: "no recipients") }
        var checked: [Checked] = []
        checked.reserveCapacity(numbers.count)
        for (index, number) in numbers.enumerated() {
            // 1-based, as every list field the SDK names: `mobiles[2]` is the second number.
            checked.append(try Self.checked(number, field: "\(field)[\(index + 1)]", normalizeTaiwan: normalizeTaiwan))
        }
        return checked
    }

    private static let formsText = "must be a Taiwan mobile (0912345678, 886912345678, +886912345678) "
        + "or + and the country code (+8613823456789), without spaces or dashes"

    /// The nine digits `9xxxxxxxx` of a Taiwan mobile in one of annex 3's five forms, or `nil`.
    private static func taiwanMobile(_ digits: ArraySlice<UInt8>, hasPlus: Bool) -> String? {
        let text = String(decoding: digits, as: UTF8.self)
        let subscriber: Substring
        if !hasPlus, text.count == 10, text.hasPrefix("09") {
            subscriber = text.dropFirst()
        } else if text.count == 12, text.hasPrefix("8869") {
            subscriber = text.dropFirst(3)
        } else if text.count == 13, text.hasPrefix("88609") {
            subscriber = text.dropFirst(4)
        } else {
            return nil
        }
        return String(subscriber)
    }
}
