import AsyncHTTPClient
import Foundation
import LoopbackHTTPServer
import SMSAsyncHTTPClient
import SMSTransport
import Testing

/// What only AsyncHTTPClientTransport has: the HTTP client's lifecycle, its pool settings and
/// header order. The shared promises are in `TransportContractTests`.
@Suite("AsyncHTTPClientTransport")
struct AsyncHTTPClientTransportTests {
    @Test("a client that follows redirects is refused: AsyncHTTPClient's default and its shared client")
    func redirectFollowingClientsAreRefused() async throws {
        let following = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: HTTPClient.Configuration())
        #expect(throws: ValidationError.self) { try AsyncHTTPClientTransport(client: following) }
        #expect(throws: ValidationError.self) { try AsyncHTTPClientTransport(client: .shared) }
        try await following.shutdown()
    }

    @Test("a client of your own is used and left running: shutdown() of the transport does not stop it")
    func borrowedClient() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200, text: "ok"))
        defer { server.stop() }
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                                configuration: AsyncHTTPClientTransport.clientConfiguration(idleTimeout: .seconds(5)))
        let outcome = await Wire.timed {
            let transport = try AsyncHTTPClientTransport(client: client, configuration: .init(userAgent: "borrowed/1"))
            #expect(transport.client === client)
            _ = try await transport.send(Wire.formPost(server.url("/one")))
            try await transport.shutdown()
            // Still open: the caller owns it.
            _ = try await transport.send(Wire.formPost(server.url("/two")))
        }
        try await client.shutdown()

        try outcome.1.get()
        #expect(server.requests.map(\.target) == ["/one", "/two"])
        #expect(server.requests.allSatisfy { $0.header("User-Agent") == "borrowed/1" })
        #expect(server.connectionCount == 1)
    }

    @Test("after shutdown() a call fails at once, having sent nothing")
    func callAfterShutdown() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200, text: "ok"))
        defer { server.stop() }
        let transport = AsyncHTTPClientTransport()
        try await transport.shutdown()

        let error = await #expect(throws: TransportError.self) {
            try await transport.send(Wire.formPost(server.url("/late"), idempotent: false))
        }

        #expect(error?.requestMayHaveBeenProcessed == false)
        #expect(server.connectionCount == 0)
    }

    @Test("an idle connection is closed by the client after the idle timeout, and the next call opens a new one")
    func idleTimeout() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200, text: "ok"))
        defer { server.stop() }

        try await AsyncHTTPClientTransport(idleTimeout: .milliseconds(300)).whileOpen { transport in
            _ = try await transport.send(Wire.formPost(server.url("/first")))
            try await server.waitForClientCloses(1, timeout: FaultTiming.scaled(.seconds(5)))
            _ = try await transport.send(Wire.formPost(server.url("/second")))
        }

        #expect(server.requests.map(\.connection) == [1, 2])
    }

    @Test("concurrent calls share at most maxConnectionsPerHost connections, and keep them for the next round")
    func connectionLimit() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .delayed(.milliseconds(50), then: .respond(status: 200, text: "ok")))
        defer { server.stop() }

        try await AsyncHTTPClientTransport(maxConnectionsPerHost: 3).whileOpen { transport in
            for round in 0..<2 {
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<12 {
                        group.addTask { try await transport.send(Wire.formPost(server.url("/\(round)/\(index)"))).status }
                    }
                    for try await status in group { #expect(status == 200) }
                }
            }
        }

        #expect(server.requests.count == 24)
        #expect(server.connectionCount <= 3)
    }

    @Test("response header fields keep their order, spelling and repeats")
    func responseHeaderOrder() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(
            status: 200,
            headers: [("X-Zeta", "1"), ("content-type", "text/plain"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")],
            text: "ok"))
        defer { server.stop() }

        let response = try await AsyncHTTPClientTransport().whileOpen { try await $0.send(Wire.formPost(server.url("/h"))) }

        #expect(response.headers.fields.map(\.name) == ["X-Zeta", "content-type", "Set-Cookie", "Set-Cookie", "Content-Length"])
        #expect(response.headers.values(for: "set-cookie") == ["a=1", "b=2"])
        #expect(response.headers.mediaType == "text/plain")
    }

    @Test("a deadline too large for SwiftNIO is capped, not a crash; one already passed sends nothing")
    func extremeDeadlines() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200, text: "ok"))
        defer { server.stop() }

        try await AsyncHTTPClientTransport().whileOpen { transport in
            let response = try await transport.send(Wire.formPost(server.url("/far"), timeout: .seconds(Int64.max)))
            #expect(response.status == 200)
            let error = await #expect(throws: TransportError.self) {
                try await transport.send(Wire.formPost(server.url("/past"), timeout: .zero))
            }
            #expect(error?.code == .timedOut)
            #expect(error?.requestMayHaveBeenProcessed == false)
        }

        #expect(server.requests.map(\.target) == ["/far"])
    }

    @Test("a header value with a line break is refused before anything is sent, without echoing it")
    func invalidHeaderValue() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200, text: "ok"))
        defer { server.stop() }

        let error = try await AsyncHTTPClientTransport().whileOpen { transport in
            await #expect(throws: TransportError.self) {
                try await transport.send(Wire.formPost(server.url("/x"), headers: [("X-Token", "s3cr3t\r\nInjected: yes")]))
            }
        }

        #expect(error?.requestMayHaveBeenProcessed == false)
        #expect(error.map { String(describing: $0).contains("s3cr3t") } == false)
        #expect(server.requests.isEmpty)
    }
}
