/// Mobile numbers as API 3.0 reads them (annex 3): 2.1's forms plus `886…`, `8860…` and `+8860…`
/// for Taiwan, stored as `+8869…`.
enum Every8DV3Mobile {
    static func parse(_ raw: String) -> Every8DMobile.Parsed? {
        let digits = raw.hasPrefix("+") ? raw.dropFirst() : Substring(raw)
        guard digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        if digits.count == 12, digits.hasPrefix("8869") {
            return .init(number: "+886" + digits.dropFirst(3), isInternational: false)
        }
        if digits.count == 13, digits.hasPrefix("88609") {
            return .init(number: "+886" + digits.dropFirst(4), isInternational: false)
        }
        return Every8DMobile.parse(raw)
    }
}
