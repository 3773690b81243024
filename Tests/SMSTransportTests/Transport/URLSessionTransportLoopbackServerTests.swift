import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LoopbackHTTPServer
import Testing
@testable import SMSTransport

/// The loopback server the transport tests (and later the gateway fault-injection tests) rely on.
@Suite("LoopbackHTTPServer, as used by the URLSessionTransport tests")
struct URLSessionTransportLoopbackServerTests {
    @Test("each server gets its own OS-chosen port and refuses connections once stopped")
    func portsAndStop() async throws {
        let first = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200))
        let second = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200))
        defer { second.stop() }
        #expect(first.port != 0)
        #expect(first.port != second.port)
        let transport = URLSessionTransport()
        _ = try await transport.send(TransportRequest(method: .get, url: first.url("/a")))

        first.stop()

        let error = await #expect(throws: TransportError.self) {
            try await transport.send(TransportRequest(method: .get, url: first.url("/b"), timeout: .seconds(10)))
        }
        #expect(error?.code == .connectionRefused)
    }

    @Test("queued behaviours meet requests in order, then the default takes over")
    func queueThenDefault() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 204))
        defer { server.stop() }
        server.enqueue(.respond(status: 201, text: "one"), .respond(status: 202, text: "two"))
        let transport = URLSessionTransport()

        var statuses: [Int] = []
        for _ in 0..<3 {
            statuses.append(try await transport.send(TransportRequest(method: .get, url: server.url("/q"))).status)
        }

        #expect(statuses == [201, 202, 204])
        #expect(server.requests.map(\.sequenceNumber) == [1, 2, 3])
    }

    @Test("a handler answers from the request it received")
    func handlerEchoes() async throws {
        let server = try LoopbackHTTPServer(handler: { request in
            .respond(status: 200, headers: [("X-Method", request.method)], body: request.body)
        })
        defer { server.stop() }
        let transport = URLSessionTransport()

        let response = try await transport.send(Loopback.formPost(server.url("/echo"), fields: [FormField("A", "1+1")]))

        #expect(response.headers["x-method"] == "POST")
        #expect(response.body == Data("A=1%2B1".utf8))
    }

    @Test("a chunked request body is recorded decoded, with its chunk sizes")
    func chunkedRequestBody() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200))
        defer { server.stop() }
        // URLSession sends a body stream chunked; the transport itself never does.
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        var request = URLRequest(url: server.url("/chunked"))
        request.httpMethod = "POST"
        request.httpBodyStream = InputStream(data: Data("streamed body".utf8))

        _ = try await session.data(for: request)

        let received = try #require(server.requests.first)
        #expect(received.body == Data("streamed body".utf8))
        #expect(received.header("Transfer-Encoding") == "chunked")
        guard case .chunked(let sizes) = received.bodyFraming else {
            Issue.record("expected a chunked body, got \(received.bodyFraming)")
            return
        }
        #expect(sizes.reduce(0, +) == 13)
    }

    @Test("the raw head keeps every header line as sent")
    func rawHead() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200))
        defer { server.stop() }
        let transport = URLSessionTransport()

        _ = try await transport.send(TransportRequest(method: .get, url: server.url("/raw?a=1"), headers: ["X-Spaced": "a  b"]))

        let received = try #require(server.requests.first)
        let head = String(decoding: received.rawHead, as: UTF8.self)
        #expect(head.hasPrefix("GET /raw?a=1 HTTP/1.1\r\n"))
        #expect(head.hasSuffix("\r\n\r\n"))
        #expect(head.contains("\r\nX-Spaced: a  b\r\n"))
        #expect(received.headerLines.count == received.headers.count)
    }

    @Test("waiting for an event that never comes returns false after the timeout")
    func waitTimesOut() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }

        let happened = await server.waitUntil(timeout: .milliseconds(200)) { $0.requests.count > 0 }

        #expect(!happened)
        await #expect(throws: LoopbackHTTPServer.WaitTimedOut.self) {
            try await server.waitForRequests(1, timeout: .milliseconds(100))
        }
    }

    @Test("stopping the server releases a request it was holding")
    func stopReleasesHeldRequests() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .neverAnswer)
        let transport = URLSessionTransport()
        let call = Task { try await transport.send(Loopback.formPost(server.url("/held"), timeout: .seconds(30))) }
        _ = try await server.waitForRequests(1)

        server.stop()

        let result = await Result { try await call.value }
        let error = try #require(result.failureValue as? TransportError, "got \(result)")
        #expect(error.code != .timedOut)
    }
}
