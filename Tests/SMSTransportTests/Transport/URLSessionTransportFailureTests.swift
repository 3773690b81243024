import Foundation
import LoopbackHTTPServer
import Testing
@testable import SMSTransport

@Suite("URLSessionTransport failures")
struct URLSessionTransportFailureTests {
    @Test("a server that never answers fails with timedOut about when the deadline passes")
    func neverAnswers() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .neverAnswer)
        defer { server.stop() }
        let transport = URLSessionTransport()

        let (elapsed, result) = await Loopback.timed {
            try await transport.send(Loopback.formPost(server.url("/hang"), timeout: .milliseconds(1500)))
        }

        let error = try #require(result.failureValue as? TransportError, "got \(result)")
        #expect(error.code == .timedOut)
        #expect(error.requestMayHaveBeenProcessed)
        // Ends at the SDK's deadline, not URLSession's (60 s and more): generous above, since a
        // busy machine or TSan resumes timers late (see FaultTiming).
        #expect(elapsed >= .milliseconds(1400) && elapsed <= .milliseconds(1500) + FaultTiming.scaled(.seconds(8)), "took \(elapsed)")
        #expect(server.requests.count == 1)
        // The request was cancelled: the client hangs up.
        try await server.waitForClientCloses(1)
    }

    @Test("a delayed answer past the deadline fails with timedOut")
    func delayedPastDeadline() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .delayed(.seconds(5), then: .respond(status: 200, text: "late")))
        defer { server.stop() }
        let transport = URLSessionTransport()

        let error = await #expect(throws: TransportError.self) {
            try await transport.send(Loopback.formPost(server.url("/slow"), timeout: .seconds(1)))
        }

        #expect(error?.code == .timedOut)
    }

    @Test("a delayed answer within the deadline is returned")
    func delayedWithinDeadline() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .delayed(.milliseconds(300), then: .respond(status: 200, text: "on time")))
        defer { server.stop() }
        let transport = URLSessionTransport()

        let response = try await transport.send(Loopback.formPost(server.url("/slow"), timeout: .seconds(10)))

        #expect(response.body == Data("on time".utf8))
    }

    @Test("a 401 with WWW-Authenticate comes back as a response instead of hanging")
    func unauthorizedIsAResponse() async throws {
        // URLSession on Linux waits forever on this answer (scf#5456); the transport must not.
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200, text: "after"))
        defer { server.stop() }
        server.enqueue(.unauthorized(realm: "x"))
        let transport = URLSessionTransport()

        let (elapsed, result) = await Loopback.timed {
            try await transport.send(Loopback.formPost(server.url("/API21/HTTP/GetCredit.ashx"), timeout: FaultTiming.scaled(.seconds(20))))
        }

        let response = try result.get()
        #expect(response.status == 401)
        #expect(response.headers["www-authenticate"] == "Basic realm=\"x\"")
        #expect(response.body == Data("Unauthorized".utf8))
        // Answered, not released by the deadline (a wide margin: a loaded machine is slow, not stuck).
        #expect(elapsed < FaultTiming.scaled(.seconds(15)), "took \(elapsed)")
        // The transport stays usable afterwards, and the 401 was not re-sent with credentials.
        let next = try await transport.send(Loopback.formPost(server.url("/next")))
        #expect(next.status == 200)
        #expect(server.requests.map(\.target) == ["/API21/HTTP/GetCredit.ashx", "/next"])
        #expect(server.requests.allSatisfy { $0.header("Authorization") == nil })
    }

    @Test("connection refused: nothing was sent")
    func connectionRefused() async throws {
        let port = try ReservedPort()
        defer { port.release() }
        let transport = URLSessionTransport()

        let error = await #expect(throws: TransportError.self) {
            try await transport.send(Loopback.formPost(port.baseURL.appendingPathComponent("x")))
        }

        #expect(error?.code == .connectionRefused)
        #expect(error?.requestMayHaveBeenProcessed == false)
    }

    @Test("a URL that is not absolute http or https fails before anything is sent")
    func badURL() async throws {
        let transport = URLSessionTransport()
        for text in ["ftp://127.0.0.1/x", "file:///etc/passwd", "/relative/path"] {
            let url = try #require(URL(string: text))
            let error = await #expect(throws: TransportError.self) {
                try await transport.send(TransportRequest(method: .get, url: url))
            }
            #expect(error?.code == .badURL)
            #expect(error?.requestMayHaveBeenProcessed == false)
        }
    }

    @Test("a URL with user info is refused before anything is sent")
    func userInfoIsRefused() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200))
        defer { server.stop() }
        let transport = URLSessionTransport()
        let url = try #require(URL(string: "http://alice:hunter2@127.0.0.1:\(server.port)/x"))

        let error = await #expect(throws: TransportError.self) {
            try await transport.send(TransportRequest(method: .get, url: url))
        }

        #expect(error?.code == .badURL)
        #expect(error?.requestMayHaveBeenProcessed == false)
        _ = try await transport.send(TransportRequest(method: .get, url: server.url("/later")))
        #expect(server.requests.map(\.target) == ["/later"])
    }

    @Test("a body larger than the limit fails with responseTooLarge", arguments: [
        ScriptedResponse.Framing.contentLength, .chunked(chunkSize: 16_384), .untilClose,
    ])
    func responseTooLarge(framing: ScriptedResponse.Framing) async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .largeBody(count: 1 << 20, framing: framing))
        defer { server.stop() }
        let transport = URLSessionTransport(configuration: .init(maxResponseBytes: 64 << 10))

        let error = await #expect(throws: TransportError.self) {
            try await transport.send(TransportRequest(method: .get, url: server.url("/big")))
        }

        #expect(error?.code == .responseTooLarge)
        #expect(error?.requestMayHaveBeenProcessed == true)
    }

    @Test("an announced Content-Length over the limit fails before the body arrives")
    func announcedLengthTooLarge() async throws {
        // The server sends only the head and then stalls: only the announcement can trigger the error.
        let huge = ScriptedResponse(status: 200, body: Data(count: 10 << 20))
        let server = try LoopbackHTTPServer(defaultBehaviour: .stallBody(huge, bytesSent: 0))
        defer { server.stop() }
        let transport = URLSessionTransport(configuration: .init(maxResponseBytes: 1 << 20))

        let error = await #expect(throws: TransportError.self) {
            try await transport.send(TransportRequest(method: .get, url: server.url("/big"), timeout: .seconds(20)))
        }

        #expect(error?.code == .responseTooLarge)
    }

    @Test("a streamed body is stopped once it passes the limit, without waiting for the rest")
    func streamedBodyStopsAtTheLimit() async throws {
        // 256 KiB arrive, then the server stalls holding the rest of a 10 MiB chunked body: the
        // error can only come from counting the bytes as they stream in.
        let huge = ScriptedResponse(status: 200, body: Data(count: 10 << 20), framing: .chunked(chunkSize: 8_192))
        let server = try LoopbackHTTPServer(defaultBehaviour: .stallBody(huge, bytesSent: 256 << 10))
        defer { server.stop() }
        let transport = URLSessionTransport(configuration: .init(maxResponseBytes: 64 << 10))

        let error = await #expect(throws: TransportError.self) {
            try await transport.send(TransportRequest(method: .get, url: server.url("/stream"), timeout: .seconds(20)))
        }

        #expect(error?.code == .responseTooLarge)
        try await server.waitForClientCloses(1)
    }

    @Test("the server closing the connection before reading the request is a transport error")
    func closedBeforeReading() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .closeBeforeReading)
        defer { server.stop() }
        let transport = URLSessionTransport()

        let error = await #expect(throws: TransportError.self) {
            try await transport.send(Loopback.formPost(server.url("/x"), timeout: .seconds(10)))
        }

        #expect(error?.code != .timedOut)
        // The client cannot tell whether the server read its bytes.
        #expect(error?.requestMayHaveBeenProcessed == true)
        #expect(server.requests.isEmpty)
    }

    @Test("the server closing the connection after reading the request: it may have been processed")
    func closedAfterReading() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .closeAfterReading)
        defer { server.stop() }
        let transport = URLSessionTransport()

        let error = await #expect(throws: TransportError.self) {
            try await transport.send(Loopback.formPost(server.url("/x"), timeout: .seconds(10)))
        }

        #expect(error?.code != .timedOut)
        #expect(error?.requestMayHaveBeenProcessed == true)
        #expect(server.requests.count == 1)
    }

    @Test("a body cut short fails with connectionLost")
    func truncatedBody() async throws {
        let response = ScriptedResponse(status: 200, body: Data(repeating: UInt8(ascii: "b"), count: 100))
        let server = try LoopbackHTTPServer(defaultBehaviour: .truncatedBody(response, bytesSent: 10))
        defer { server.stop() }
        let transport = URLSessionTransport()

        let error = await #expect(throws: TransportError.self) {
            try await transport.send(Loopback.formPost(server.url("/x"), timeout: .seconds(10)))
        }

        #expect(error?.code == .connectionLost)
        #expect(error?.requestMayHaveBeenProcessed == true)
        #expect(error?.detail.contains("10 of 100") == true)
    }

    @Test("a kept-alive connection dropped under a POST fails within the deadline, the POST sent once")
    func reusedConnectionDropped() async throws {
        // libcurl retries a request whose reused connection died; URLSession on Linux cannot
        // replay the body and waits forever instead. The deadline must end it.
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200, text: "ok"))
        defer { server.stop() }
        server.enqueue(.respond(status: 200, text: "first"), .closeAfterReading)
        let transport = URLSessionTransport()
        _ = try await transport.send(Loopback.formPost(server.url("/first")))

        let (elapsed, result) = await Loopback.timed {
            try await transport.send(Loopback.formPost(server.url("/second"), timeout: .seconds(3)))
        }

        let error = try #require(result.failureValue as? TransportError, "got \(result)")
        #expect(error.requestMayHaveBeenProcessed)
        #expect(elapsed < FaultTiming.scaled(.seconds(6)), "took \(elapsed)")
        _ = try await transport.send(Loopback.formPost(server.url("/third")))
        #expect(server.requests.map(\.target) == ["/first", "/second", "/third"])
    }

    @Test("errors never show the URL's user info or query secrets")
    func errorsCarryNoSecrets() async throws {
        let port = try ReservedPort()
        defer { port.release() }
        let hanging = try LoopbackHTTPServer(defaultBehaviour: .neverAnswer)
        defer { hanging.stop() }
        let transport = URLSessionTransport()
        let secrets = ["hunter2", "s3cr3t-pwd", "s3cr3t-manager"]
        // Refused, timed out, host not found, and refused up front for its user info.
        let urls = [
            "http://127.0.0.1:\(port.port)/API21/HTTP/SendSMS.ashx?UID=alice&PWD=s3cr3t-pwd&ManagerPassword=s3cr3t-manager",
            "http://127.0.0.1:\(hanging.port)/SMS.aspx?PWD=s3cr3t-pwd&ManagerPassword=s3cr3t-manager",
            "http://host.invalid/x?PWD=s3cr3t-pwd&ManagerPassword=s3cr3t-manager",
            "http://alice:hunter2@127.0.0.1:\(hanging.port)/x?PWD=s3cr3t-pwd&ManagerPassword=s3cr3t-manager",
        ]
        for text in urls {
            let url = try #require(URL(string: text))
            let (_, result) = await Loopback.timed {
                try await transport.send(TransportRequest(method: .post, url: url, timeout: .seconds(1)))
            }
            let error = try #require(result.failureValue as? TransportError, "got \(result)")
            let shown = [
                String(describing: error), String(reflecting: error), error.detail,
                (error as any Error).localizedDescription, "\(error as NSError)",
            ].joined(separator: "\n")
            // Counted, not compared, so that a failure does not print the secret itself.
            let leaks = secrets.filter { shown.contains($0) }.count
            #expect(leaks == 0, "a \(error.code) error shows a secret")
        }
    }
}

extension Result {
    /// The error, if this is a failure.
    var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
