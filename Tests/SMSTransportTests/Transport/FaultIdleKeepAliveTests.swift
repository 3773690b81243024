import Foundation
import Testing
import LoopbackHTTPServer
@_spi(SMSInternals) import SMSTransport

/// Kept-alive connections that die, and the requests that meet them.
///
/// Measured on Linux (Swift 6.3.1, libcurl 7.88) with the loopback server:
/// - A connection the server closed while it sat idle in the pool (IIS closes idle connections
///   after 120 s) is noticed by libcurl, which opens a new one: the next request, `POST` or not,
///   is answered at once. No case of 55 tried with the close landing 20 ms before to 20 ms after
///   the next request hung.
/// - A kept-alive connection that dies just as a `POST` is written on it (the server closes it at
///   that moment, or reads the request and drops it) is the hazard: libcurl opens a new connection
///   to try again but URLSession cannot give it the body again, so in 5 of 12 tries (closed before
///   reading) and 12 of 12 (closed after reading) the request waited for its deadline; otherwise
///   it failed at once or libcurl's second try went through. A send the server never saw would
///   end, after 30 s, as "outcome unknown".
/// - So `URLSessionTransport` sends a request that is not idempotent on a connection of its own,
///   with `Connection: close`; there the same close fails at once. Idempotent requests keep their
///   kept-alive connections (the deadline and the read retries cover the rare stall).
@Suite("URLSessionTransport: kept-alive connections that die")
struct FaultIdleKeepAliveTests {
    private static func post(_ server: LoopbackHTTPServer, _ path: String, idempotent: Bool) -> TransportRequest {
        TransportRequest(method: .post, url: server.url(path), headers: ["Content-Type": FormEncoding.contentType],
                         body: FormEncoding.encode([FormField("MSG", "hi")]), timeout: .seconds(10), isIdempotent: idempotent)
    }

    @Test("a connection the server closed while idle is not reused: the next POST goes on a new one and is answered",
          arguments: [true, false])
    func idleConnectionClosedByServer(idempotent: Bool) async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respondThenCloseWhenIdle(
            ScriptedResponse(status: 200, body: Data("ok".utf8)), idle: .milliseconds(200)))
        defer { server.stop() }
        let transport = URLSessionTransport()
        // An idempotent call leaves a kept-alive connection in the pool.
        _ = try await transport.send(Self.post(server, "/first", idempotent: true))
        #expect(await server.waitUntil { $0.connectionsOpen == 0 }, "the server closed the idle connection")

        // Within its 10 s deadline: a hang would end as timedOut and fail here.
        let response = try await transport.send(Self.post(server, "/second", idempotent: idempotent))

        #expect(response.status == 200)
        #expect(server.requests.map(\.target) == ["/first", "/second"])
        #expect(server.connectionCount == 2)
        #expect(server.activity.connectionsClosedByClient == 0, "the first connection was kept alive until the server closed it")
    }

    @Test("a send never rides a kept-alive connection: one closed the moment a request arrives fails at once, not at the deadline")
    func sendOnItsOwnConnection() async throws {
        // The worst case of the race: the pooled connection dies exactly when the request is
        // written. Repeated, since libcurl's handling of it varies from try to try.
        for attempt in 1...5 {
            let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200, text: "ok"))
            defer { server.stop() }
            server.enqueue(.respond(status: 200, text: "read"), .closeBeforeReading)
            let transport = URLSessionTransport()
            _ = try await transport.send(Self.post(server, "/read", idempotent: true))

            let error = await #expect(throws: TransportError.self, "try \(attempt)") {
                try await transport.send(Self.post(server, "/send", idempotent: false))
            }

            // With a 10 s deadline, waiting for it would show as timedOut.
            #expect(error?.code != .timedOut, "try \(attempt): \(String(describing: error))")
            #expect(error?.requestMayHaveBeenProcessed == true, "the client cannot know the server did not read it")
            #expect(server.connectionCount == 2, "try \(attempt): the send opened a connection of its own")
            #expect(server.requests.map(\.target) == ["/read"], "try \(attempt): libcurl did not send it again")
        }
    }

    @Test("sends go one connection each with Connection: close; reads share one kept-alive connection")
    func connectionsPerKind() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200, text: "ok"))
        defer { server.stop() }
        let transport = URLSessionTransport()
        for index in 1...3 { _ = try await transport.send(Self.post(server, "/read\(index)", idempotent: true)) }
        for index in 1...3 { _ = try await transport.send(Self.post(server, "/send\(index)", idempotent: false)) }
        _ = try await transport.send(Self.post(server, "/read4", idempotent: true))

        let requests = server.requests
        #expect(requests.map(\.target) == ["/read1", "/read2", "/read3", "/send1", "/send2", "/send3", "/read4"])
        let reads = requests.filter { $0.target.hasPrefix("/read") }
        let sends = requests.filter { $0.target.hasPrefix("/send") }
        #expect(Set(reads.map(\.connection)).count == 1, "reads reuse one connection, also after the sends")
        #expect(Set(sends.map(\.connection)).count == 3, "each send has a connection of its own")
        #expect(Set(sends.map(\.connection)).isDisjoint(with: reads.map(\.connection)))
        #expect(sends.allSatisfy { $0.header("Connection")?.lowercased() == "close" })
        #expect(reads.allSatisfy { $0.header("Connection")?.lowercased() != "close" })
        #expect(server.connectionCount == 4)
    }
}
