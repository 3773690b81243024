/// How a call may be repeated after a failure.
package enum RepeatRule: Sendable {
    /// A read (credit, status, replies, a login): repeated per the read policy after any failure
    /// that may be temporary.
    case read
    /// Repeated only when the gateway provably did not carry it out (a cancellation, closing a
    /// token); other failures surface as they are.
    case once
    /// A send: repeated only when the gateway provably did not carry it out; an ambiguous failure
    /// becomes `SendOutcomeUnknownError` with what the context knows.
    case send(SendContext)

    /// Whether sending the request twice is harmless: reads only. Transports keep anything else
    /// off connections that may turn out dead (see `TransportRequest.isIdempotent`).
    package var isIdempotent: Bool {
        if case .read = self { return true }
        return false
    }
}

/// What a `SendOutcomeUnknownError` tells the caller about a send.
package struct SendContext: Sendable {
    /// The recipients as normalised and sent.
    package var recipients: [String]
    /// What identifies the send in the gateway's records (`SB`, `MR`s, `RefID`, …).
    package var references: [String: String]
    /// How to find out whether it went out.
    package var advice: String

    package init(recipients: [String], references: [String: String], advice: String) {
        self.recipients = recipients
        self.references = references
        self.advice = advice
    }
}
