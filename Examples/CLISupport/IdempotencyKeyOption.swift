import SMSTransport

/// `--idempotency-key K`, the same in both programs: the SDK's idempotency key, checked by the
/// SDK's own rule before anything else is read or sent.
public enum IdempotencyKeyOption {
    /// The option's name.
    public static let name = "idempotency-key"

    /// The option. An empty value reaches the SDK's rule, which says what a key must be.
    public static let option = OptionSpec.value(name, "K", allowsEmpty: true, summary)

    /// The help text.
    static let summary = "your id for this send (an order number, a job id; 1-255 bytes, one line): run again with the same K and "
        + "the first run's receipt is printed and nothing is sent; a different message with the same K is refused. Kept 7 days in the "
        + "state folder (with an account; the built-in sandbox forgets it when the run ends)"

    /// The SDK's field for the key, which errors name: maps to the option.
    public static let otherFields = ["idempotencyKey": "--" + name]

    /// The key of `--idempotency-key`, checked, or `nil` when not given.
    ///
    /// - Throws: `ValidationError` (field `idempotencyKey`) for an empty, too long or multi-line key.
    public static func key(_ arguments: Arguments) throws -> String? {
        guard arguments.given(name) else { return nil }
        let key = arguments.value(name) ?? ""
        try IdempotencyKey.validate(key)
        return key
    }
}
