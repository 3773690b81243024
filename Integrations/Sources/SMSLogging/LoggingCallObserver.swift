import Logging
import SMSTransport

/// Logs the SDK's calls to a swift-log `Logger`: one structured record per call, per attempt and
/// per call's end, with the gateway, operation, attempt, outcome, HTTP status, batch id and counts
/// as metadata.
///
/// ```swift
/// let logging = LoggingCallObserver(logger: Logger(label: "sms"))
/// var configuration = Every8DClient.Configuration()
/// configuration.observer = logging                    // calls: trace, debug, and warnings
/// configuration.logger = logging.transportLogger      // optional: redacted wire records at trace
/// ```
///
/// | what | level |
/// | --- | --- |
/// | a call starts; an attempt succeeds | trace |
/// | an attempt fails and is repeated; a call ends (success, or an error the caller gets) | debug |
/// | a partial send (`UNSEND` > 0); a send whose outcome is unknown; the gateway refusing the credentials (the login latch engages); a call refused by the latch | warning |
///
/// Records carry no password, token or session key, and no phone number or text: the events are
/// made that way by the SDK (errors redacted, counts rather than numbers). Metadata keys start
/// with `sms.`: `sms.gateway`, `sms.operation`, `sms.call_id`, `sms.attempt`, `sms.outcome`,
/// `sms.http_status`, `sms.duration_ms`, `sms.recipients`, `sms.batch_id`, `sms.sent`,
/// `sms.unsent`, `sms.points`, `sms.credit`, `sms.error`.
public struct LoggingCallObserver: CallObserver {
    /// Where records go.
    public let logger: Logger

    /// Creates an observer that logs to `logger` (its level and handler decide what is kept).
    ///
    /// - Parameter logger: The logger.
    public init(logger: Logger) {
        self.logger = logger
    }

    /// Logs one event at its level (see the type's documentation).
    public func observe(_ event: CallEvent) {
        let (level, message) = Self.levelAndMessage(event)
        logger.log(level: level, message, metadata: Self.metadata(event))
    }

    /// A hook for a client configuration's `logger`: each redacted request, response and failure
    /// at trace level, with `sms.operation`, `sms.attempt`, `sms.http_status` and `sms.duration_ms`.
    ///
    /// Warnings in that stream (a partial send) are left to ``observe(_:)``, which logs them with
    /// the batch id and counts: set ``LoggingCallObserver`` as the observer too, or you miss them.
    public var transportLogger: TransportLogger {
        let logger = self.logger
        return { record in
            guard record.event != .warning else { return }
            logger.trace("\(record)", metadata: Self.metadata(record))
        }
    }

    // MARK: Levels

    static func levelAndMessage(_ event: CallEvent) -> (Logger.Level, Logger.Message) {
        switch event.phase {
        case .started:
            return (.trace, "SMS call started")
        case .attempted:
            switch event.outcome {
            case .success?, .partial?: return (.trace, "SMS call attempt answered")
            default: return (.debug, "SMS call attempt failed")
            }
        case .finished:
            switch event.outcome {
            case .partial?:
                return (.warning, "SMS send partly carried out: some messages were not sent (not enough credit); do not resend the whole batch")
            case .outcomeUnknown?:
                return (.warning, "SMS send outcome unknown: the messages may have gone out; check before sending again")
            case .loginRefused?:
                return (.warning, "SMS gateway refused the credentials: the login latch holds further logins until the credentials change")
            case .latched?:
                return (.warning, "SMS call refused by the login latch: the gateway refused these credentials before; nothing was sent")
            case .success?:
                return (.debug, "SMS call succeeded")
            default:
                return (.debug, "SMS call failed")
            }
        }
    }

    // MARK: Metadata

    static func metadata(_ event: CallEvent) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "sms.gateway": .string(event.gateway),
            "sms.operation": .string(event.operation),
            "sms.call_id": .stringConvertible(event.callID),
        ]
        if event.phase != .started {
            metadata["sms.attempt"] = .stringConvertible(event.attempt)
            metadata["sms.duration_ms"] = .string(milliseconds(event.duration))
        }
        if let outcome = event.outcome { metadata["sms.outcome"] = .string(outcome.description) }
        if let status = event.httpStatus { metadata["sms.http_status"] = .stringConvertible(status) }
        if let recipients = event.recipients { metadata["sms.recipients"] = .stringConvertible(recipients) }
        if let batchID = event.batchID { metadata["sms.batch_id"] = .string(batchID) }
        if let sent = event.sent { metadata["sms.sent"] = .stringConvertible(sent) }
        if let unsent = event.unsent { metadata["sms.unsent"] = .stringConvertible(unsent) }
        if let points = event.points { metadata["sms.points"] = .string("\(points)") }
        if let credit = event.credit { metadata["sms.credit"] = .string("\(credit)") }
        if let error = event.error { metadata["sms.error"] = .string(error) }
        return metadata
    }

    static func metadata(_ record: TransportLogRecord) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "sms.operation": .string(record.operation),
            "sms.attempt": .stringConvertible(record.attempt),
        ]
        if let status = record.status { metadata["sms.http_status"] = .stringConvertible(status) }
        if let elapsed = record.elapsed { metadata["sms.duration_ms"] = .string(milliseconds(elapsed)) }
        return metadata
    }

    /// Milliseconds with three decimals, for example `12.345`.
    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let microseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        let sign = microseconds < 0 ? "-" : ""
        let magnitude = microseconds.magnitude
        let fraction = String(magnitude % 1000)
        return "\(sign)\(magnitude / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
