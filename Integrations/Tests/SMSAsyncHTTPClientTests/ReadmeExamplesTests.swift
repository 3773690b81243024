import AsyncHTTPClient
import Every8D
import Foundation
import LoopbackHTTPServer
import SMSAsyncHTTPClient
import Testing

/// The README's "Using AsyncHTTPClient" code, run against a loopback server that answers as the
/// gateway does: if the API changes under the README, this fails. Only the site URL (plain
/// `http` on 127.0.0.1) and the answers differ.
@Suite("README examples (Integrations)")
struct ReadmeExamplesTests {
    /// Answers the token request and the send as EVERY8D does.
    static func gateway() throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request in
            switch request.path {
            case "/API21/HTTP/ConnectionHandler.ashx":
                .respond(status: 200, headers: [("Content-Type", "application/json")], text: #"{"Result":true,"Msg":"t0k3n-abc"}"#)
            case "/API21/HTTP/SendSMS.ashx":
                .respond(status: 200, headers: [("Content-Type", "text/plain")], text: "98.00,1,1,0,220478cc-8506-49b2-93b7-2505f651c12e")
            default:
                .respond(status: 404)
            }
        }
    }

    static func configuration(_ server: LoopbackHTTPServer) -> Every8DClient.Configuration {
        var configuration = Every8DClient.Configuration(siteURL: server.baseURL)
        configuration.allowsInsecureHTTP = true
        return configuration
    }

    @Test("a transport of its own: send, then shut it down")
    func ownTransport() async throws {
        let server = try Self.gateway()
        defer { server.stop() }

        let transport = AsyncHTTPClientTransport()    // its own HTTPClient: kept-alive connections, 60 s idle
        let client = Every8DClient(credentials: .init(userID: "your-uid", password: "your-password"),
                                   configuration: Self.configuration(server), transport: transport)
        let result = await Result { try await client.sendSMS(to: ["0912345678"], text: "您的驗證碼 123456") }
        // When the service shuts down, after the last call:
        try await transport.shutdown()

        let receipt = try result.get()
        #expect(receipt.batchID == "220478cc-8506-49b2-93b7-2505f651c12e")
        #expect(receipt.cost == 1)
        #expect(server.requests.map(\.path) == ["/API21/HTTP/ConnectionHandler.ashx", "/API21/HTTP/SendSMS.ashx"])
        #expect(server.requests.last?.header("Authorization") == "Bearer t0k3n-abc")
        // The token request and the send shared one kept-alive connection.
        #expect(server.connectionCount == 1)
    }

    @Test("an HTTPClient you already run, made with the transport's configuration")
    func sharedClient() async throws {
        let server = try Self.gateway()
        defer { server.stop() }

        let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                                    configuration: AsyncHTTPClientTransport.clientConfiguration(idleTimeout: .seconds(30)))
        let result = await Result {
            let transport = try AsyncHTTPClientTransport(client: httpClient)    // you shut httpClient down
            let client = Every8DClient(credentials: .init(userID: "your-uid", password: "your-password"),
                                       configuration: Self.configuration(server), transport: transport)
            return try await client.sendSMS(to: ["0912345678"], text: "您的驗證碼 123456")
        }
        try await httpClient.shutdown()

        #expect(try result.get().sent == 1)
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
