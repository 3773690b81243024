/// A mobile number, checked and normalised, as EVERY8D takes and reports them.
///
/// Accepted: a Taiwan mobile `09xxxxxxxx` or `+8869xxxxxxxx`, or `+` followed by 8 to 15 digits.
/// Surrounding whitespace is ignored; anything else inside the number (spaces, dashes,
/// parentheses) is refused, as the gateway refuses it (`-306`). Two numbers are equal when they
/// are the same number, however written:
///
/// ```swift
/// let sent = try MobileNumber("0912345678")
/// sent == (try MobileNumber(report.mobile))   // "+886912345678" from a delivery report: true
/// sent.international                          // "+886912345678"
/// sent.national                               // "0912345678"
/// ```
public struct MobileNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The number in international form: `+886912345678`, `+14155550100`.
    public let international: String

    /// Checks and normalises a number.
    ///
    /// - Parameter text: `09xxxxxxxx`, `+8869xxxxxxxx` or `+` and 8 to 15 digits.
    /// - Throws: `ValidationError` (field `mobile`) for anything else.
    public init(_ text: String) throws {
        international = try Self.normalized(text, field: "mobile", normalizeTaiwan: true)
    }

    /// Whether it is a Taiwan number (`+886…`).
    public var isTaiwan: Bool { international.hasPrefix("+886") }

    /// The Taiwan national form `09xxxxxxxx`, or `nil` for a number abroad.
    public var national: String? {
        guard isTaiwan else { return nil }
        return "0" + international.dropFirst(4)
    }

    /// The international form.
    public var description: String { international }

    /// Reads a number from its international form (or any accepted form).
    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    /// Writes the international form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(international)
    }

    // MARK: The checks the clients make before sending

    /// The number as it will be sent.
    ///
    /// - Throws: `ValidationError` for `field` when the number is neither form.
    static func normalized(_ raw: String, field: @autoclosure () -> String, normalizeTaiwan: Bool) throws -> String {
        let number = raw.trimmingASCIIWhitespace()
        switch shape(of: number.utf8) {
        case .taiwan:
            return normalizeTaiwan ? "+886" + number.dropFirst() : number
        case .international:
            return number
        case .invalid:
            if number.isEmpty {
                throw ValidationError(field: field(), reason: "the number is empty")
            }
            throw ValidationError(field: field(), value: number, reason: "must be a Taiwan mobile 09xxxxxxxx or + and 8 to 15 digits, without spaces or dashes")
        }
    }

    private enum Shape { case taiwan, international, invalid }

    /// `09` and 8 more digits, `+` and 8 to 15 digits, or neither; read off the bytes in place.
    private static func shape(of utf8: String.UTF8View) -> Shape {
        utf8.withContiguousStorageIfAvailable(shape(of:)) ?? shape(of: Array(utf8))
    }

    private static func shape(of utf8: some Collection<UInt8>) -> Shape {
        let count = utf8.count
        guard (9...16).contains(count), let first = utf8.first,
              utf8.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return .invalid }
        if first == UInt8(ascii: "+") { return .international }
        if count == 10, first == UInt8(ascii: "0"), utf8.dropFirst().first == UInt8(ascii: "9") { return .taiwan }
        return .invalid
    }

    /// Whether a checked number is a Taiwan number (`+886…` or `09…`).
    static func isTaiwan(_ number: String) -> Bool {
        number.hasPrefix("+886") || number.hasPrefix("09")
    }

    /// Checks and normalises a list of recipients (`DEST`), at least one.
    static func recipients(_ numbers: [String], field: String = "DEST", normalizeTaiwan: Bool) throws -> [String] {
        guard !numbers.isEmpty else { throw ValidationError(field: field, reason: "no recipients") }
        var checked: [String] = []
        checked.reserveCapacity(numbers.count)
        for (index, number) in numbers.enumerated() {
            // The field name is built only for an error.
            checked.append(try normalized(number, field: "\(field)[\(index + 1)]", normalizeTaiwan: normalizeTaiwan))
        }
        return checked
    }
}
