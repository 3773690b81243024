/// What ``SafesayWebhookReceiver`` made of one POST, and the HTTP answer to give it.
///
/// Answer with ``status`` (and ``body`` as `text/plain`): 200 closes the message; a 5xx asks for it
/// again.
public struct SafesayWebhookAnswer: Sendable, Hashable, CustomStringConvertible {
    /// What happened: a small, fixed set of values, safe as a metrics label.
    public struct Outcome: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A new message: the handler ran and returned (200).
        public static let handled = Outcome("handled")
        /// A message handled before (a repeated POST, or one another process sharing the inbox
        /// handled); the handler did not run (200).
        public static let duplicate = Outcome("duplicate")
        /// The same message is being handled in this process right now; the handler did not run
        /// again (503).
        public static let inProgress = Outcome("in_progress")
        /// The secret was missing or wrong; nothing was read (403).
        public static let forbidden = Outcome("forbidden")
        /// The body is not a Safesay message (no `MessageID`, `EventID`, `Type` or `SendTime`); the
        /// handler did not run (400).
        public static let notAnEvent = Outcome("not_an_event")
        /// The handler threw; the claim was given back so that a repeat is handled (500).
        public static let handlerFailed = Outcome("handler_failed")
        /// The inbox could not be reached; the handler did not run (503).
        public static let inboxUnavailable = Outcome("inbox_unavailable")

        /// The outcome's name, for example `not_an_event`.
        public var description: String { name }
    }

    /// What happened.
    public let outcome: Outcome
    /// The HTTP status to answer: 200, 400, 403, 500 or 503.
    public let status: Int
    /// A short text to answer with (`text/plain`); it names the outcome, never the message.
    public let body: String
    /// The message, when the POST carried one and had the secret.
    public let event: SafesayEvent?
    /// For ``Outcome/handlerFailed``, ``Outcome/notAnEvent`` and ``Outcome/inboxUnavailable``: what
    /// was thrown, redacted, for your log (it is not in ``body``).
    public let error: String?

    /// Creates an answer.
    ///
    /// - Parameters:
    ///   - outcome: What happened.
    ///   - event: The message, if one was read.
    ///   - error: What was thrown, redacted.
    public init(_ outcome: Outcome, event: SafesayEvent? = nil, error: String? = nil) {
        self.outcome = outcome
        self.event = event
        self.error = error
        switch outcome {
        case .handled, .duplicate: (status, body) = (200, "OK")
        case .forbidden: (status, body) = (403, "forbidden")
        case .notAnEvent: (status, body) = (400, "not a Safesay message")
        case .handlerFailed: (status, body) = (500, "not handled; send again")
        default: (status, body) = (503, "busy; send again")
        }
    }

    /// `HTTP 200 handled`, with the error when there is one.
    public var description: String {
        "HTTP \(status) \(outcome)" + (error.map { ": \($0)" } ?? "")
    }
}
