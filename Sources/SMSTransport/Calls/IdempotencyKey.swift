/// The rules an idempotency key follows (every send's `idempotencyKey:`), public so that a caller
/// can check a key before doing anything else with it, as the clients do before sending.
public enum IdempotencyKey {
    /// The longest key, in bytes of UTF-8.
    public static let maximumLength = 255

    /// Checks `key`: not empty, at most ``maximumLength`` bytes, printable, one line.
    ///
    /// - Throws: `ValidationError` (field `idempotencyKey`) saying which rule the key breaks.
    public static func validate(_ key: String) throws {
        guard !key.isEmpty else { throw ValidationError(field: "idempotencyKey", reason: "the key is empty") }
        guard key.utf8.count <= maximumLength else {
            throw ValidationError(field: "idempotencyKey", value: key, reason: "\(key.utf8.count) bytes; a key takes at most \(maximumLength)")
        }
        guard !key.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) || $0.properties.isWhitespace && $0 != " " }) else {
            throw ValidationError(field: "idempotencyKey", value: key, reason: "the key contains control characters or line breaks")
        }
    }
}
