/// What ``PushReportReceiver`` made of one call from EVERY8D, and the HTTP answer to give it.
///
/// Answer with ``status`` (and ``body`` as `text/plain`): EVERY8D calls again, up to ten times,
/// until it gets 200, so a 5xx asks for the report again and 200 closes it.
public struct PushReportAnswer: Sendable, Hashable, CustomStringConvertible {
    /// What happened to the call: a small, fixed set of values, safe as a metrics label.
    public struct Outcome: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// A new report: the handler ran and returned (200).
        public static let handled = Outcome("handled")
        /// A report handled before (a retry of EVERY8D's, or a report claimed by another process
        /// sharing the inbox); the handler did not run (200).
        public static let duplicate = Outcome("duplicate")
        /// The same report is being handled in this process right now; the handler did not run
        /// again (503: EVERY8D calls again later, by when the first has settled).
        public static let inProgress = Outcome("in_progress")
        /// The secret was missing or wrong; nothing was read (403).
        public static let forbidden = Outcome("forbidden")
        /// Not a push report (no readable `STATUS`); the handler did not run (400).
        public static let notAReport = Outcome("not_a_report")
        /// The handler threw; the claim was given back so that EVERY8D's next call is handled (500).
        public static let handlerFailed = Outcome("handler_failed")
        /// The inbox could not be reached; the handler did not run (503).
        public static let inboxUnavailable = Outcome("inbox_unavailable")

        /// The outcome's name, for example `not_a_report`.
        public var description: String { name }
    }

    /// What happened.
    public let outcome: Outcome
    /// The HTTP status to answer: 200, 400, 403, 500 or 503.
    public let status: Int
    /// A short text to answer with (`text/plain`); it names the outcome, never the report.
    public let body: String
    /// The report, when the call carried one and had the secret.
    public let report: PushReport?
    /// For ``Outcome/handlerFailed`` and ``Outcome/inboxUnavailable``: what was thrown, redacted,
    /// for your log (it is not in ``body``).
    public let error: String?

    /// Creates an answer.
    ///
    /// - Parameters:
    ///   - outcome: What happened.
    ///   - report: The report, if one was read.
    ///   - error: What was thrown, redacted.
    public init(_ outcome: Outcome, report: PushReport? = nil, error: String? = nil) {
        self.outcome = outcome
        self.report = report
        self.error = error
        switch outcome {
        case .handled, .duplicate: (status, body) = (200, "OK")
        case .forbidden: (status, body) = (403, "forbidden")
        case .notAReport: (status, body) = (400, "not an EVERY8D push report")
        case .handlerFailed: (status, body) = (500, "not handled; call again")
        default: (status, body) = (503, "busy; call again")
        }
    }

    /// Whether EVERY8D will leave this report alone now (HTTP 200).
    public var isSettled: Bool { status == 200 }

    /// `HTTP 200 handled`, with the error when there is one.
    public var description: String {
        "HTTP \(status) \(outcome)" + (error.map { ": \($0)" } ?? "")
    }
}
