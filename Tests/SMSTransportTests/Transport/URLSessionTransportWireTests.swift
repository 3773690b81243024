import Foundation
import LoopbackHTTPServer
import Testing
@_spi(SMSInternals) @testable import SMSTransport

/// Helpers shared by the URLSessionTransport suites. Every test starts its own server and
/// transport, so the suites run in parallel without sharing connections.
enum Loopback {
    /// A POST with a form body, the shape of most gateway calls.
    static func formPost(
        _ url: URL,
        fields: [FormField] = [FormField("MSG", "hi")],
        headers: HTTPHeaders = [:],
        timeout: Duration = .seconds(10)
    ) -> TransportRequest {
        var allHeaders: HTTPHeaders = ["Content-Type": FormEncoding.contentType]
        for field in headers { allHeaders.add(name: field.name, value: field.value) }
        return TransportRequest(method: .post, url: url, headers: allHeaders, body: FormEncoding.encode(fields), timeout: timeout)
    }

    /// How long `body` took, and what it returned or threw.
    static func timed<T: Sendable>(_ body: () async throws -> T) async -> (Duration, Result<T, any Error>) {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let value = try await body()
            return (clock.now - start, .success(value))
        } catch {
            return (clock.now - start, .failure(error))
        }
    }
}

@Suite("URLSessionTransport on the wire")
struct URLSessionTransportWireTests {
    @Test("a form POST arrives with its exact method, target, headers and body bytes")
    func exactRequestBytes() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200, text: "1000.00"))
        defer { server.stop() }
        let transport = URLSessionTransport()
        let fields = [FormField("DEST", "+886912345678"), FormField("MSG", "您的驗證碼 123456 & more=yes"), FormField("ST", "")]
        let body = FormEncoding.encode(fields)
        let request = TransportRequest(
            method: .post,
            url: server.url("/API21/HTTP/SendSMS.ashx?x=%2B1&y=a%20b"),
            headers: ["Content-Type": FormEncoding.contentType, "Authorization": "Bearer t0k3n", "X-Trace": "abc"],
            body: body)

        let response = try await transport.send(request)

        #expect(response.status == 200)
        #expect(response.body == Data("1000.00".utf8))
        let received = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(received.method == "POST")
        #expect(received.target == "/API21/HTTP/SendSMS.ashx?x=%2B1&y=a%20b")
        #expect(received.version == "HTTP/1.1")
        #expect(received.body == body)
        #expect(received.bodyText.hasPrefix("DEST=%2B886912345678&MSG="))
        #expect(received.bodyFraming == .contentLength(body.count))
        #expect(received.headerLines.contains("Content-Type: application/x-www-form-urlencoded; charset=utf-8"))
        #expect(received.headerLines.contains("Authorization: Bearer t0k3n"))
        #expect(received.headerLines.contains("X-Trace: abc"))
        #expect(received.headerLines.contains("User-Agent: \(URLSessionTransport.defaultUserAgent)"))
        #expect(received.headerLines.contains("Content-Length: \(body.count)"))
        #expect(received.header("Host") == "127.0.0.1:\(server.port)")
        #expect(received.header("Expect") == nil)
        #expect(received.header("Transfer-Encoding") == nil)
        #expect(received.header("Cookie") == nil)
        #expect(received.headerValues("User-Agent").count == 1)
    }

    @Test("a large body goes out with Content-Length and without Expect: 100-continue")
    func largeBodyIsNotChunked() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200))
        defer { server.stop() }
        let transport = URLSessionTransport()
        let body = Data((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let request = TransportRequest(
            method: .post, url: server.url("/MMS/SendMMS.ashx"),
            headers: ["Content-Type": "application/octet-stream"], body: body)

        _ = try await transport.send(request)

        let received = try #require(server.requests.first)
        #expect(received.bodyFraming == .contentLength(body.count))
        #expect(received.body == body)
        #expect(received.header("Expect") == nil)
    }

    @Test("framing fields in the request are replaced by the transport's own")
    func framingHeadersAreIgnored() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200))
        defer { server.stop() }
        let transport = URLSessionTransport()
        // A wrong Content-Length would leave the server waiting for bytes that never come.
        let request = Loopback.formPost(
            server.url("/x"),
            headers: ["Content-Length": "999", "Transfer-Encoding": "chunked", "Expect": "100-continue"],
            timeout: .seconds(10))

        let response = try await transport.send(request)

        #expect(response.status == 200)
        let received = try #require(server.requests.first)
        #expect(received.header("Content-Length") == "6")
        #expect(received.bodyFraming == .contentLength(6))
        #expect(received.header("Transfer-Encoding") == nil)
        #expect(received.header("Expect") == nil)
    }

    @Test("the response gets the request's redaction rules, which nothing sends")
    func redactionRules() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200, text: "<R><LoginBlob>echoed-secret</LoginBlob></R>"))
        defer { server.stop() }
        var request = Loopback.formPost(server.url("/r"))
        request.redactionRules = RedactionRules(sensitiveNames: ["LoginBlob"])
        let response = try await URLSessionTransport().send(request)
        #expect(response.redactionRules == request.redactionRules)
        #expect(!response.description.contains("echoed-secret"))
        let received = try #require(server.requests.first)
        #expect(!String(decoding: received.rawHead, as: UTF8.self).contains("LoginBlob"))
    }

    @Test("a GET carries its query verbatim and no body")
    func getHasNoBody() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200, text: "ok"))
        defer { server.stop() }
        let transport = URLSessionTransport()
        let request = TransportRequest(method: .get, url: server.url("/Status.aspx?UID=u&Phone=%2B886912345678"))

        _ = try await transport.send(request)

        let received = try #require(server.requests.first)
        #expect(received.method == "GET")
        #expect(received.path == "/Status.aspx")
        #expect(received.query == "UID=u&Phone=%2B886912345678")
        #expect(received.body.isEmpty)
        #expect(received.bodyFraming == .none)
    }

    @Test("the User-Agent comes from the configuration unless the request sets one")
    func userAgent() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200))
        defer { server.stop() }
        let transport = URLSessionTransport(configuration: .init(userAgent: "my-backend/2.0"))

        _ = try await transport.send(Loopback.formPost(server.url("/a")))
        _ = try await transport.send(Loopback.formPost(server.url("/b"), headers: ["User-Agent": "explicit/1"]))

        let received = try await server.waitForRequests(2)
        #expect(received[0].headerValues("User-Agent") == ["my-backend/2.0"])
        #expect(received[1].headerValues("User-Agent") == ["explicit/1"])
    }

    @Test("every status comes back as a response, not an error", arguments: [200, 201, 204, 400, 401, 403, 404, 429, 500, 503])
    func statusesPassThrough(status: Int) async throws {
        let text = status == 204 ? "" : "body of \(status)"
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: status, headers: [("Content-Type", "text/plain")], text: text))
        defer { server.stop() }
        let transport = URLSessionTransport()

        let response = try await transport.send(Loopback.formPost(server.url("/s")))

        #expect(response.status == status)
        #expect(response.body == Data(text.utf8))
        #expect(response.isSuccess == (200..<300).contains(status))
    }

    @Test("response header fields are found whatever their case")
    func responseHeadersIgnoreCase() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(
            status: 200,
            headers: [("content-type", "text/plain; charset=utf-8"), ("X-Request-Id", "r-42"), ("Retry-After", "7")],
            text: "ok"))
        defer { server.stop() }
        let transport = URLSessionTransport()

        let response = try await transport.send(Loopback.formPost(server.url("/h")))

        #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(response.headers["CONTENT-TYPE"] == "text/plain; charset=utf-8")
        #expect(response.headers["x-request-id"] == "r-42")
        #expect(response.headers["retry-after"] == "7")
        #expect(response.headers.mediaType == "text/plain")
    }

    @Test("sequential calls reuse one kept-alive connection")
    func keepAlive() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200, text: "ok"))
        defer { server.stop() }
        let transport = URLSessionTransport()

        for index in 0..<5 {
            let response = try await transport.send(Loopback.formPost(server.url("/call/\(index)")))
            #expect(response.status == 200)
        }

        #expect(server.connectionCount == 1)
        #expect(server.requests.map(\.connection) == [1, 1, 1, 1, 1])
        #expect(server.requests.map(\.target) == (0..<5).map { "/call/\($0)" })
    }

    @Test("a Connection: close field from the request is honoured")
    func connectionClose() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200, text: "ok"))
        defer { server.stop() }
        let transport = URLSessionTransport()

        for index in 0..<2 {
            _ = try await transport.send(Loopback.formPost(server.url("/c/\(index)"), headers: ["Connection": "close"]))
        }

        #expect(server.requests.map { $0.headerValues("Connection") } == [["close"], ["close"]])
        #expect(server.connectionCount == 2)
    }

    @Test("a redirect comes back as the response and is not followed", arguments: [301, 302, 303, 307, 308])
    func redirectsAreNotFollowed(status: Int) async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200, text: "elsewhere"))
        defer { server.stop() }
        server.enqueue(.respond(status: status, headers: [("Location", "/elsewhere")], text: "moved"))
        let transport = URLSessionTransport()

        let response = try await transport.send(Loopback.formPost(server.url("/API21/HTTP/SendSMS.ashx")))
        // A later call proves no follow-up request was queued behind the first.
        _ = try await transport.send(TransportRequest(method: .get, url: server.url("/after")))

        #expect(response.status == status)
        #expect(response.headers["Location"] == "/elsewhere")
        #expect(response.body == Data("moved".utf8))
        #expect(server.requests.map(\.target) == ["/API21/HTTP/SendSMS.ashx", "/after"])
    }

    @Test("a chunked response body is read whole")
    func chunkedResponse() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .largeBody(count: 300_000, framing: .chunked(chunkSize: 7_000)))
        defer { server.stop() }
        let transport = URLSessionTransport()

        let response = try await transport.send(TransportRequest(method: .get, url: server.url("/page")))

        #expect(response.body == Data(repeating: UInt8(ascii: "a"), count: 300_000))
    }

    @Test("a response exactly at the size limit is accepted")
    func bodyAtTheLimit() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .largeBody(count: 65_536))
        defer { server.stop() }
        let transport = URLSessionTransport(configuration: .init(maxResponseBytes: 65_536))

        let response = try await transport.send(TransportRequest(method: .get, url: server.url("/exact")))

        #expect(response.body.count == 65_536)
    }

    @Test("plain http to a local server works (allowing it is the clients' policy)")
    func plainHTTP() async throws {
        let server = try LoopbackHTTPServer(defaultBehaviour: .respond(status: 200, text: "ok"))
        defer { server.stop() }
        let transport = URLSessionTransport()

        let response = try await transport.send(TransportRequest(method: .get, url: server.baseURL))

        #expect(response.status == 200)
        #expect(server.requests.first?.target == "/")
    }
}
