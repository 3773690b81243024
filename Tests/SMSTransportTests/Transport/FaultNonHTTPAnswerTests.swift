import Foundation
import Testing
import LoopbackHTTPServer
import SMSTransport

/// A server that reads the request and answers with bytes that are not HTTP (a broken proxy, a
/// port serving something else). libcurl refuses such an answer as HTTP/0.9 and URLSession on Linux
/// reports it as `URLError.unsupportedURL`, which once read as "bad URL, nothing was sent" and let
/// a client repeat a send the server had already received.
@Suite("URLSessionTransport: an answer that is not HTTP")
struct FaultNonHTTPAnswerTests {
    static let answers: [(String, Data)] = [
        ("binary", Data([0x00, 0xFF, 0xFE, 0x1B, 0x5B, 0x32, 0x4A, 0xC3, 0x28, 0x0D, 0x0A, 0x0D, 0x0A, 0x7F])),
        ("text without a status line", Data("-99,發生不明錯誤\r\n\r\n".utf8)),
        ("a status line of another protocol", Data("SSH-2.0-OpenSSH_9.2\r\n".utf8)),
    ]

    @Test("after the request was read: a transport error that says the server may have acted",
          arguments: answers.map(\.0))
    func garbageAnswer(name: String) async throws {
        let bytes = try #require(Self.answers.first { $0.0 == name }?.1)
        let server = try LoopbackHTTPServer(defaultBehaviour: .sendRaw(bytes))
        defer { server.stop() }
        let transport = URLSessionTransport()

        let error = await #expect(throws: TransportError.self) {
            try await transport.send(Loopback.formPost(server.url("/API21/HTTP/SendSMS.ashx"), timeout: .seconds(10)))
        }

        #expect(error?.requestMayHaveBeenProcessed == true, "\(String(describing: error))")
        #expect(error?.code != .badURL && error?.code != .timedOut, "\(String(describing: error))")
        #expect(server.requests.count == 1, "the server did receive the request")
    }

    @Test("a URL the transport refuses itself is still 'bad URL, nothing sent'")
    func badURLStillNothingSent() async throws {
        let transport = URLSessionTransport()
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(TransportRequest(method: .post, url: URL(string: "ftp://127.0.0.1/x")!))
        }
        #expect(error?.code == .badURL)
        #expect(error?.requestMayHaveBeenProcessed == false)
    }
}
