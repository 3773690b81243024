/// A command line that cannot be run: an unknown command or option, a missing or bad value, or a
/// setting that cannot work. Nothing is sent.
public struct UsageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, in one line, naming the option (or variable) and the value.
    public let message: String
    /// The option (`--validity`) or environment variable (`EVERY8D_SITE_URL`) at fault, if one is.
    public let option: String?
    /// The offending value, if there is one and it is not a secret.
    public let value: String?

    /// Creates a usage error.
    ///
    /// - Parameters:
    ///   - message: What is wrong, in one line.
    ///   - option: The option or variable at fault.
    ///   - value: The offending value (never a secret).
    public init(_ message: String, option: String? = nil, value: String? = nil) {
        self.message = message
        self.option = option
        self.value = value
    }

    /// The message.
    public var description: String { message }
}
