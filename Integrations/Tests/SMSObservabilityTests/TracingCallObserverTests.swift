import Every8D
import Foundation
import InMemoryTracing
import SMSSandbox
import SMSTracing
import SMSTransport
import Testing
import Tracing

@Suite("TracingCallObserver")
struct TracingCallObserverTests {
    /// A transport that notes the span context current when each request is sent.
    struct ContextNoting: HTTPTransport {
        let wrapped: any HTTPTransport
        let seen: Locked<[String?]>
        func send(_ request: TransportRequest) async throws -> TransportResponse {
            seen.withLock { $0.append(ServiceContext.current?.inMemorySpanContext?.spanID) }
            return try await wrapped.send(request)
        }
    }

    static func string(_ attributes: SpanAttributes, _ name: String) -> String? {
        switch attributes.get(name) {
        case .string(let value)?: value
        case .int64(let value)?: String(value)
        case .int32(let value)?: String(value)
        case .double(let value)?: String(value)
        case .bool(let value)?: String(value)
        case .stringConvertible(let value)?: value.description
        case nil: nil
        default: "unexpected attribute"
        }
    }

    @Test("a span per call, a child of the caller's and current while the call runs, with its attributes and attempts")
    func spanPerCall() async throws {
        let tracer = InMemoryTracer()
        let observed = ObservedSandbox()
        let seen = Locked<[String?]>([])
        var configuration = Every8DClient.Configuration(siteURL: Every8DSandbox.demoSiteURL, readRetryPolicy: ObservedSandbox.fast,
                                                        unsentRetryPolicy: ObservedSandbox.fast)
        configuration.observer = TracingCallObserver(tracer: tracer)
        let client = Every8DClient(credentials: .init(userID: ObservedSandbox.account.userID, password: ObservedSandbox.account.password),
                                   configuration: configuration, transport: ContextNoting(wrapped: observed.sandbox, seen: seen))
        let parent = tracer.startSpan("handle request")
        let receipt = try await ServiceContext.withValue(parent.context) {
            try await client.sendSMS(to: ["0912345670", "0912345671"], text: "您好")
        }
        parent.end()

        let spans = tracer.finishedSpans
        #expect(spans.map(\.operationName) == ["EVERY8D GetToken", "EVERY8D SendSMS", "handle request"])
        let send = spans[1]
        #expect(send.kind == .client)
        #expect(send.parentSpanID == parent.context.inMemorySpanContext?.spanID)
        // The token the send needed was fetched by a call of its own, run inside the send's: its
        // span is a child of the send's, in the caller's trace.
        #expect(spans[0].parentSpanID == send.spanID)
        #expect(spans[0].traceID == parent.context.inMemorySpanContext?.traceID)
        #expect(send.status == SpanStatus(code: .ok))
        #expect(send.errors.isEmpty)
        #expect(Self.string(send.attributes, "sms.gateway") == "EVERY8D")
        #expect(Self.string(send.attributes, "sms.operation") == "SendSMS")
        #expect(Self.string(send.attributes, "sms.recipients") == "2")
        #expect(Self.string(send.attributes, "sms.outcome") == "success")
        #expect(Self.string(send.attributes, "sms.attempts") == "1")
        #expect(Self.string(send.attributes, "http.response.status_code") == "200")
        #expect(Self.string(send.attributes, "sms.batch_id") == receipt.batchID)
        #expect(Self.string(send.attributes, "sms.sent") == "2")
        #expect(Self.string(send.attributes, "sms.unsent") == "0")
        #expect(send.events.map(\.name) == ["sms.attempt"])
        #expect(Self.string(send.events[0].attributes, "sms.outcome") == "success")
        // The requests were sent while each call's span was current.
        #expect(seen.withLock { $0 } == [spans[0].spanID, spans[1].spanID])
    }

    @Test("a failed call: status error, the redacted error recorded, error.type; a retried read has an event per attempt")
    func failures() async throws {
        let tracer = InMemoryTracer()
        let observed = ObservedSandbox()
        let client = observed.client(observer: TracingCallObserver(tracer: tracer))
        _ = try await client.credit()
        await observed.dropNextSend()
        await #expect(throws: SendOutcomeUnknownError.self) { try await client.sendSMS(to: ["0912345670"], text: "hi") }
        await observed.sandbox.network.enqueueFault(.internalServerError, endpoint: "GetCredit.ashx")
        _ = try await client.credit()

        let spans = tracer.finishedSpans
        let send = try #require(spans.first { $0.operationName == "EVERY8D SendSMS" })
        #expect(send.status == SpanStatus(code: .error, message: "outcome_unknown"))
        #expect(Self.string(send.attributes, "error.type") == "outcome_unknown")
        let recorded = try #require(send.errors.first?.error as? CallFailure)
        #expect(recorded.outcome == .outcomeUnknown)
        #expect(!recorded.text.isEmpty)
        #expect(!recorded.text.contains(ObservedSandbox.account.password))

        let retried = try #require(spans.last)
        #expect(retried.operationName == "EVERY8D GetCredit")
        #expect(retried.events.map { Self.string($0.attributes, "sms.outcome") } == ["retrying", "success"])
        #expect(retried.events.map { Self.string($0.attributes, "http.response.status_code") } == ["500", "200"])
        #expect(Self.string(retried.attributes, "sms.attempts") == "2")
        #expect(retried.status == SpanStatus(code: .ok))
    }

    @Test("with no span around the call, its span is a root (and the token call it needed its child)")
    func rootSpan() async throws {
        let tracer = InMemoryTracer()
        let client = ObservedSandbox().client(observer: TracingCallObserver(tracer: tracer))
        _ = try await client.credit()
        _ = try await client.credit()
        let spans = tracer.finishedSpans
        #expect(spans.map(\.operationName) == ["EVERY8D GetToken", "EVERY8D GetCredit", "EVERY8D GetCredit"])
        #expect(spans.map(\.parentSpanID) == [spans[1].spanID, nil, nil])
        #expect(spans[1].traceID != spans[2].traceID)
    }
}
