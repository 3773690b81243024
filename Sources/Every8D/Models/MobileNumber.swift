/// Checking and normalising mobile numbers before they are sent.
///
/// Accepted: a Taiwan mobile `09xxxxxxxx` (sent as `+8869xxxxxxxx` unless normalisation is off), or
/// `+` followed by 8 to 15 digits. Surrounding whitespace is ignored; anything else inside the
/// number (spaces, dashes, parentheses) is refused, as the gateway refuses it (`-306`).
enum MobileNumber {
    /// The number as it will be sent.
    ///
    /// - Throws: `ValidationError` for `field` when the number is neither form.
    static func normalized(_ raw: String, field: String, normalizeTaiwan: Bool) throws -> String {
        let number = raw.trimmingASCIIWhitespace()
        let utf8 = Array(number.utf8)
        let isDigit: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
        if utf8.count == 10, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "9"), utf8.allSatisfy(isDigit) {
            return normalizeTaiwan ? "+886" + number.dropFirst() : number
        }
        if let first = utf8.first, first == UInt8(ascii: "+"), (9...16).contains(utf8.count), utf8.dropFirst().allSatisfy(isDigit) {
            return number
        }
        if number.isEmpty {
            throw ValidationError(field: field, reason: "the number is empty")
        }
        throw ValidationError(field: field, reason: "must be a Taiwan mobile 09xxxxxxxx or + and 8 to 15 digits, without spaces or dashes")
    }

    /// Whether a checked number is a Taiwan number (`+886…` or `09…`).
    static func isTaiwan(_ number: String) -> Bool {
        number.hasPrefix("+886") || number.hasPrefix("09")
    }

    /// Checks and normalises a list of recipients (`DEST`), at least one.
    static func recipients(_ numbers: [String], field: String = "DEST", normalizeTaiwan: Bool) throws -> [String] {
        guard !numbers.isEmpty else { throw ValidationError(field: field, reason: "no recipients") }
        return try numbers.enumerated().map { index, number in
            try normalized(number, field: "\(field)[\(index)]", normalizeTaiwan: normalizeTaiwan)
        }
    }
}
