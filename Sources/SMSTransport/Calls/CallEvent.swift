import Foundation

/// What happened to a call, for metrics, tracing and structured logs.
///
/// A client reports every call to its configuration's ``CallObserver``: ``Phase/started`` when it
/// begins, ``Phase/attempted`` after each request it sent (or could not send), and
/// ``Phase/finished`` once with the outcome. Events carry no secret and no personal data: counts,
/// not numbers or texts. ``callID`` ties the events of one call together.
public struct CallEvent: Sendable, CustomStringConvertible {
    /// Where the call is.
    public enum Phase: String, Sendable, Hashable {
        /// The call begins (validation passed; nothing sent yet).
        case started
        /// One attempt ended: a response, or a failure to get one.
        case attempted
        /// The call ended: ``CallEvent/outcome`` says how.
        case finished
    }

    /// Where the call is.
    public var phase: Phase
    /// A number unique in this process, the same for every event of one call.
    public var callID: UInt64
    /// The gateway, for example `"EVERY8D"`, `"EVERY8D SOAP"`, `"OMICard"`.
    public var gateway: String
    /// The operation, for example `"SendSMS"`.
    public var operation: String
    /// The attempt (``Phase/attempted``) or the number of attempts made (``Phase/finished``).
    public var attempt: Int
    /// How the attempt or call ended (`nil` when started).
    public var outcome: CallOutcome?
    /// The HTTP status of the attempt's or last attempt's response, if one came.
    public var httpStatus: Int?
    /// How long the attempt or the whole call took (zero when started).
    public var duration: Duration
    /// For a send: how many recipients it addressed.
    public var recipients: Int?
    /// For a send: the batch id (EVERY8D) or launch id (OMICard) the gateway gave it.
    public var batchID: String?
    /// For a send: messages sent.
    public var sent: Int?
    /// For a send: messages not sent for lack of credit.
    public var unsent: Int?
    /// For a send: points charged.
    public var points: Decimal?
    /// The account's credit the gateway reported (after a send, or from a credit query).
    public var credit: Decimal?
    /// For a failure: a short, redacted description of the error.
    public var error: String?

    /// Creates an event.
    public init(phase: Phase, callID: UInt64, gateway: String, operation: String, attempt: Int, outcome: CallOutcome? = nil,
                httpStatus: Int? = nil, duration: Duration = .zero, recipients: Int? = nil, batchID: String? = nil,
                sent: Int? = nil, unsent: Int? = nil, points: Decimal? = nil, credit: Decimal? = nil, error: String? = nil) {
        self.phase = phase
        self.callID = callID
        self.gateway = gateway
        self.operation = operation
        self.attempt = attempt
        self.outcome = outcome
        self.httpStatus = httpStatus
        self.duration = duration
        self.recipients = recipients
        self.batchID = batchID
        self.sent = sent
        self.unsent = unsent
        self.points = points
        self.credit = credit
        self.error = error
    }

    /// One line: phase, gateway, operation, attempt, outcome and the facts that are present.
    public var description: String {
        var text = "\(phase.rawValue) \(gateway) \(operation)#\(attempt)"
        if let outcome { text += " \(outcome)" }
        if let httpStatus { text += " HTTP \(httpStatus)" }
        if phase != .started { text += " in \(duration)" }
        if let recipients { text += " recipients=\(recipients)" }
        if let batchID { text += " batch=\(batchID)" }
        if let sent { text += " sent=\(sent)" }
        if let unsent { text += " unsent=\(unsent)" }
        if let points { text += " points=\(points)" }
        if let credit { text += " credit=\(credit)" }
        if let error { text += " error=\(error)" }
        return text
    }
}

/// How an attempt or a call ended: a small, fixed set of values, safe as a metrics label.
public struct CallOutcome: Sendable, Hashable, CustomStringConvertible {
    private let name: String
    private init(_ name: String) { self.name = name }

    /// Answered and read.
    public static let success = CallOutcome("success")
    /// A send the gateway carried out only in part (`UNSEND` > 0: not enough credit).
    public static let partial = CallOutcome("partial")
    /// The gateway refused the request; nothing was carried out.
    public static let refused = CallOutcome("refused")
    /// The gateway refused the credentials; the login latch engaged.
    public static let loginRefused = CallOutcome("login_refused")
    /// Refused locally by the login latch; nothing was sent.
    public static let latched = CallOutcome("latched")
    /// Blocked in front of the gateway (a CDN's 403 page); nothing was sent.
    public static let blocked = CallOutcome("blocked")
    /// Provably not sent (connection refused, host not found, TLS, 401/403/429 before processing).
    public static let notSent = CallOutcome("not_sent")
    /// A send that may have gone out, with no readable answer; never repeated.
    public static let outcomeUnknown = CallOutcome("outcome_unknown")
    /// A read or cancellation that failed (network, HTTP status, unreadable answer).
    public static let failed = CallOutcome("failed")
    /// The calling task was cancelled.
    public static let cancelled = CallOutcome("cancelled")
    /// An attempt that failed and will be repeated.
    public static let retrying = CallOutcome("retrying")
    /// An attempt whose token or session key was rejected; a new one is fetched and the call repeated once.
    public static let sessionRejected = CallOutcome("session_rejected")

    /// The outcome's name, for example `outcome_unknown`.
    public var description: String { name }
}

/// Receives every ``CallEvent`` of the clients it is configured on.
///
/// It is called synchronously on the calling task, so task-local context (a tracing span's
/// parent) is the caller's; keep it cheap. The `Integrations` package has observers for
/// swift-log, swift-metrics and swift-distributed-tracing; ``MultiplexCallObserver`` hands events
/// to several.
public protocol CallObserver: Sendable {
    /// Handles one event.
    func observe(_ event: CallEvent)

    /// Runs one whole call: its ``CallEvent/Phase/started`` event, its attempts and its
    /// ``CallEvent/Phase/finished`` event all happen inside `call`.
    ///
    /// The default runs `call` as it is. A tracing observer runs it inside the call's span, so that
    /// what the transport does (an HTTP client's own span, a log line with the trace id) belongs
    /// to the call. An implementation must run `call` exactly once and return or throw what it does.
    ///
    /// - Parameters:
    ///   - event: The call's ``CallEvent/Phase/started`` event.
    ///   - call: The call.
    /// - Returns: What `call` returns.
    /// - Throws: What `call` throws.
    func withCall<Output>(_ event: CallEvent, _ call: () async throws -> Output) async throws -> Output
}

extension CallObserver {
    /// Runs `call` as it is.
    public func withCall<Output>(_ event: CallEvent, _ call: () async throws -> Output) async throws -> Output {
        try await call()
    }
}
