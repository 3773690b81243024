import Foundation
import LoopbackHTTPServer
import Testing
@testable import SMSTransport

@Suite("URLSessionTransport cancellation")
struct URLSessionTransportCancellationTests {
    @Test("a task cancelled before the call sends nothing and throws CancellationError")
    func cancelledBeforeTheCall() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200, text: "ok"))
        defer { server.stop() }
        let transport = URLSessionTransport()
        let request = Loopback.formPost(server.url("/must-not-arrive"))

        let outcome = await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await Result { try await transport.send(request) }
        }.value

        #expect(outcome.failureValue is CancellationError, "got \(outcome)")
        // A later call on the same transport is the only thing the server ever sees.
        _ = try await transport.send(Loopback.formPost(server.url("/later")))
        #expect(server.requests.map(\.target) == ["/later"])
        #expect(server.connectionCount == 1)
        #expect(server.activity.behavioursUsed == 1)
    }

    @Test("cancelling during the call throws CancellationError promptly and hangs up")
    func cancelledDuringTheCall() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .neverAnswer)
        defer { server.stop() }
        let transport = URLSessionTransport()
        let request = Loopback.formPost(server.url("/hang"), timeout: .seconds(60))
        let call = Task { try await transport.send(request) }
        _ = try await server.waitForRequests(1)

        let (elapsed, result) = await Loopback.timed {
            call.cancel()
            return try await call.value
        }

        #expect(result.failureValue is CancellationError, "got \(result)")
        #expect(elapsed < FaultTiming.scaled(.seconds(3)), "took \(elapsed)")
        try await server.waitForClientCloses(1)
    }

    @Test("cancelling one call leaves concurrent calls on the same transport untouched")
    func cancellationIsPerCall() async throws {
        let server = try LoopbackHTTPServer(handler: { request in
            request.path == "/hang" ? .neverAnswer : .delayed(.milliseconds(200), then: .respond(status: 200, text: request.path))
        })
        defer { server.stop() }
        let transport = URLSessionTransport()
        let hanging = Task { try await transport.send(Loopback.formPost(server.url("/hang"), timeout: .seconds(60))) }
        _ = try await server.waitForRequests(1)

        async let first = transport.send(Loopback.formPost(server.url("/one")))
        async let second = transport.send(Loopback.formPost(server.url("/two")))
        hanging.cancel()

        let bodies = try await [first.body, second.body]
        #expect(bodies == [Data("/one".utf8), Data("/two".utf8)])
        let hangingResult = await Result { try await hanging.value }
        #expect(hangingResult.failureValue is CancellationError)
    }
}

extension Result where Failure == any Error {
    /// Captures the outcome of an async throwing call.
    init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
