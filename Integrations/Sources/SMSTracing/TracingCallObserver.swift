import Foundation
import SMSTransport
import Tracing

/// Traces the SDK's calls with swift-distributed-tracing: one span per call, its attempts as span
/// events, its outcome as attributes, and failures recorded as errors.
///
/// ```swift
/// var configuration = Every8DClient.Configuration()
/// configuration.observer = TracingCallObserver()                 // InstrumentationSystem's tracer
/// ```
///
/// The span (kind `client`, named for the gateway and operation, for example `EVERY8D SendSMS`) is
/// a child of the caller's current span, and is current while the call runs, so an HTTP client
/// that traces (AsyncHTTPClient with a tracer) makes its request spans children of it. A token or
/// session key fetched for a call is a call of its own run inside it, so its span (`EVERY8D
/// GetToken`) is a child of the call's span: the trace shows why that call took longer. (One
/// fetch serves every call waiting for it at that moment; its span sits under the call that
/// started it.)
///
/// | attribute | when |
/// | --- | --- |
/// | `sms.gateway`, `sms.operation` | always |
/// | `sms.recipients` | sends |
/// | `sms.outcome` (a `CallOutcome` value), `sms.attempts` | at the end |
/// | `http.response.status_code` | when the last attempt got an answer |
/// | `sms.batch_id`, `sms.sent`, `sms.unsent`, `sms.points` | sends that were answered |
/// | `sms.credit` | when the gateway reported the credit |
/// | `error.type` (the outcome) | failures |
///
/// Each attempt is a span event `sms.attempt` with `sms.attempt`, `sms.outcome`,
/// `http.response.status_code` and `sms.duration_ms`. A call that fails gets the status `error`
/// with its outcome as message, and its redacted error recorded; a partial send stays `ok` and
/// carries `sms.unsent`. Nothing secret or personal is recorded (no numbers, texts or passwords).
public struct TracingCallObserver: CallObserver {
    private let tracer: any Tracer

    /// The span of the call being observed on this task.
    @TaskLocal private static var currentSpan: (any Span)?

    /// Creates an observer.
    ///
    /// - Parameter tracer: The tracer (default `InstrumentationSystem.tracer`, the bootstrapped one).
    public init(tracer: any Tracer = InstrumentationSystem.tracer) {
        self.tracer = tracer
    }

    /// Runs the call inside its span, current for the call's duration, and ends the span.
    public func withCall<Output>(_ event: CallEvent, _ call: () async throws -> Output) async throws -> Output {
        let span = tracer.startSpan("\(event.gateway) \(event.operation)", context: ServiceContext.current ?? .topLevel, ofKind: .client)
        defer { span.end() }
        span.updateAttributes { attributes in
            attributes["sms.gateway"] = event.gateway
            attributes["sms.operation"] = event.operation
            if let recipients = event.recipients { attributes["sms.recipients"] = recipients }
        }
        return try await ServiceContext.withValue(span.context) {
            try await Self.$currentSpan.withValue(span) { try await call() }
        }
    }

    /// Adds an attempt to the call's span, or its outcome at the end.
    public func observe(_ event: CallEvent) {
        guard let span = Self.currentSpan else { return }
        switch event.phase {
        case .started:
            return
        case .attempted:
            var attributes: SpanAttributes = [:]
            attributes["sms.attempt"] = event.attempt
            if let outcome = event.outcome { attributes["sms.outcome"] = outcome.description }
            if let status = event.httpStatus { attributes["http.response.status_code"] = status }
            attributes["sms.duration_ms"] = Self.milliseconds(event.duration)
            span.addEvent(SpanEvent(name: "sms.attempt", attributes: attributes))
        case .finished:
            finish(span, event)
        }
    }

    private func finish(_ span: any Span, _ event: CallEvent) {
        let outcome = event.outcome ?? .failed
        let failed = outcome != .success && outcome != .partial
        span.updateAttributes { attributes in
            attributes["sms.outcome"] = outcome.description
            attributes["sms.attempts"] = event.attempt
            if let status = event.httpStatus { attributes["http.response.status_code"] = status }
            if let batchID = event.batchID { attributes["sms.batch_id"] = batchID }
            if let sent = event.sent { attributes["sms.sent"] = sent }
            if let unsent = event.unsent { attributes["sms.unsent"] = unsent }
            if let points = event.points { attributes["sms.points"] = NSDecimalNumber(decimal: points).doubleValue }
            if let credit = event.credit { attributes["sms.credit"] = NSDecimalNumber(decimal: credit).doubleValue }
            if failed { attributes["error.type"] = outcome.description }
        }
        if failed {
            span.recordError(CallFailure(outcome: outcome, text: event.error ?? outcome.description))
            span.setStatus(SpanStatus(code: .error, message: outcome.description))
        } else {
            span.setStatus(SpanStatus(code: .ok))
        }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

/// A call's failure as a span records it: the outcome and the SDK's redacted description.
public struct CallFailure: Error, Sendable, CustomStringConvertible {
    /// How the call ended.
    public let outcome: CallOutcome
    /// The error's redacted description.
    public let text: String

    /// The redacted description.
    public var description: String { text }
}
