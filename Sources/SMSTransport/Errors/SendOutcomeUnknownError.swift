import Foundation

/// A send whose outcome is unknown: the request may have reached the gateway, but no readable
/// answer came back (a timeout, a dropped connection, an unreadable or non-2xx body after the
/// request went out).
///
/// The SDK never repeats such a send by itself, because the message may already be on its way.
/// Check first (delivery status, the gateway's web console, or the duplicate-filter dry run for
/// EVERY8D), then decide. The error carries what you need to check.
public struct SendOutcomeUnknownError: Error, Sendable, CustomStringConvertible {
    /// The operation, for example `"SendSMS"` or `"SMS.aspx"`.
    public let operation: String
    /// What went wrong after the request may have been sent.
    public let cause: any Error
    /// When the request was handed to the transport.
    public let startedAt: Date
    /// The recipients of the send, as normalised and sent.
    public let recipients: [String]
    /// Identifiers that help find the send on the gateway, by name (for example the subject `SB`,
    /// message references `MR`, `RefID`, `JobName`).
    public let references: [String: String]
    /// What to do to find out whether it was sent.
    public let advice: String

    /// Creates the error.
    public init(operation: String, cause: any Error, startedAt: Date, recipients: [String],
                references: [String: String] = [:], advice: String) {
        self.operation = operation
        self.cause = cause
        self.startedAt = startedAt
        self.recipients = recipients
        self.references = references
        self.advice = advice
    }

    /// The operation, the cause and the advice; recipients and references are left to the
    /// properties (they may be personal data).
    public var description: String {
        "\(operation): outcome unknown, the message may have been sent (\(cause)); not repeated. \(advice)"
    }
}
