import Foundation
import LoopbackHTTPServer
import SMSAsyncHTTPClient
import SMSTransport
import Testing

/// Kept-alive connections that the server closes around the moment the next request is written:
/// what AsyncHTTPClient does with them, and what the transport then reports.
@Suite("AsyncHTTPClientTransport: kept-alive connections that die")
struct AsyncHTTPClientStaleConnectionTests {
    @Test("a kept-alive connection closed the moment a send arrives: fails at once, may have been processed, never repeated")
    func closedAsTheSendArrives() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200, text: "ok"))
        defer { server.stop() }
        server.enqueue(.respond(status: 200, text: "read"), .closeBeforeReading)

        let (elapsed, result) = try await AsyncHTTPClientTransport().whileOpen { transport in
            _ = try await transport.send(Wire.formPost(server.url("/read")))
            let outcome = await Wire.timed {
                try await transport.send(Wire.formPost(server.url("/send"), timeout: .seconds(10), idempotent: false))
            }
            // Not moved to a new connection: AsyncHTTPClient repeats nothing.
            #expect(server.connectionCount == 1)
            _ = try await transport.send(Wire.formPost(server.url("/after")))
            return outcome
        }

        let error = try #require(result.failureValue as? TransportError, "got \(result)")
        #expect(error.code == .connectionLost)
        // The head was written before the server closed: the client cannot know it went unread.
        #expect(error.requestMayHaveBeenProcessed)
        #expect(elapsed < FaultTiming.scaled(.seconds(3)), "took \(elapsed)")
        #expect(server.requests.map(\.target) == ["/read", "/after"])
        #expect(server.activity.behavioursUsed == 3)
    }

    @Test("a kept-alive connection dropped after the server read a send: fails at once, the send went once")
    func droppedAfterReading() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200, text: "ok"))
        defer { server.stop() }
        server.enqueue(.respond(status: 200, text: "read"), .closeAfterReading)

        let (elapsed, result) = try await AsyncHTTPClientTransport().whileOpen { transport in
            _ = try await transport.send(Wire.formPost(server.url("/read")))
            let outcome = await Wire.timed {
                try await transport.send(Wire.formPost(server.url("/send"), timeout: .seconds(10), idempotent: false))
            }
            _ = try await transport.send(Wire.formPost(server.url("/after")))
            return outcome
        }

        let error = try #require(result.failureValue as? TransportError, "got \(result)")
        #expect(error.code == .connectionLost)
        #expect(error.requestMayHaveBeenProcessed)
        #expect(elapsed < FaultTiming.scaled(.seconds(3)), "took \(elapsed)")
        #expect(server.requests.map(\.target) == ["/read", "/send", "/after"])
        #expect(server.requests.map(\.connection) == [1, 1, 2])
    }

    /// The race itself: the server closes an idle kept-alive connection after 40 ms, and the next
    /// request is written from 3 ms before to 3 ms after that. Depending on who wins, the request
    /// is answered on the old connection (it came first), goes on a new one (the client heard of
    /// the close first), or fails. What must hold every time: a failure is immediate, nothing is
    /// sent twice, and "nothing was sent" is never said of a request the server read.
    @Test("a send racing the server's idle close: no hang, no repeat, and 'nothing was sent' is always true")
    func racingTheIdleClose() async throws {
        let idle = Duration.milliseconds(40)
        var tally: [String: Int] = [:]
        for offset in stride(from: -3.0, through: 3.0, by: 0.25) {
            let server = try LoopbackHTTPServer(defaultBehaviour: .respondThenCloseWhenIdle(
                ScriptedResponse(status: 200, body: Data("ok".utf8)), idle: idle))
            defer { server.stop() }
            let (elapsed, result) = try await AsyncHTTPClientTransport().whileOpen { transport in
                _ = try await transport.send(Wire.formPost(server.url("/first")))
                try await Task.sleep(for: idle + .microseconds(Int(offset * 1000)))
                return await Wire.timed {
                    try await transport.send(Wire.formPost(server.url("/send"), timeout: .seconds(5), idempotent: false))
                }
            }

            let sends = server.requests.filter { $0.target == "/send" }
            #expect(sends.count <= 1, "sent twice at offset \(offset) ms")
            switch result {
            case .success:
                #expect(sends.count == 1)
                tally[server.connectionCount == 1 ? "answered on the old connection" : "answered on a new connection", default: 0] += 1
            case .failure(let error as TransportError):
                #expect(error.code != .timedOut, "offset \(offset) ms: \(error)")
                #expect(elapsed < FaultTiming.scaled(.seconds(2)), "offset \(offset) ms took \(elapsed)")
                if !error.requestMayHaveBeenProcessed {
                    #expect(sends.isEmpty, "offset \(offset) ms: 'nothing was sent' of a request the server read")
                }
                tally["failed (\(error.detail)), \(error.requestMayHaveBeenProcessed ? "may have been processed" : "nothing sent")"
                    + (sends.isEmpty ? ", unread" : ", read"), default: 0] += 1
            case .failure(let error):
                Issue.record("offset \(offset) ms: \(error)")
            }
        }
        // The spread of outcomes, for the record (the transport's notes quote a run of it).
        print("stale-connection race:", tally.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; "))
    }
}
