/// The shape check for a phone number in a list, shared by `SMSList`, `SMSListFile` and `Status.aspx`.
///
/// The gateway corrects and normalises lists itself (see ``SMSListOption``), so the check is only
/// for numbers that cannot be right: empty, or anything but an optional leading `+` followed by
/// 6 to 20 digits (a comma inside a number would split it into two recipients).
enum PhoneNumber {
    /// The number with surrounding spaces removed.
    ///
    /// - Throws: ``ValidationError`` naming `field` for an empty or malformed number.
    static func checked(_ raw: String, field: String) throws -> String {
        let number = raw.trimmingASCIIWhitespace()
        guard !number.isEmpty else {
            throw ValidationError(field: field, reason: "the number is empty")
        }
        let bytes = Array(number.utf8)
        let digits = bytes.first == UInt8(ascii: "+") ? bytes.dropFirst() : bytes[...]
        guard (6...20).contains(digits.count), digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw ValidationError(field: field, value: number, reason: "is not a phone number (digits with an optional leading +)")
        }
        return number
    }
}
