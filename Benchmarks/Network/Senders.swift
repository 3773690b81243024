import AsyncHTTPClient
import BenchSupport
import Every8D
import Foundation
import NIOCore
import NIOSSL
import SMSAsyncHTTPClient
import SMSTransport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One way of making an SMS send against a site: the SDK over one of its transports, or the floor.
struct Sender: Sendable {
    let name: String
    let send: @Sendable () async throws -> Void
    let shutdown: @Sendable () async throws -> Void

    /// The three senders compared, each allowing `connections` connections to the host.
    ///
    /// - `trust`: the certificate an `https` site is signed with (AsyncHTTPClient is told to trust
    ///   it; URLSession trusts the system bundle only, see `latency()` in `main.swift`).
    static func all(site: URL, connections: Int, trust: NIOSSLCertificate?) throws -> [Sender] {
        [urlSession(site: site, connections: connections), try asyncHTTPClient(site: site, connections: connections, trust: trust),
         floor(site: site, connections: connections, trust: trust)]
    }

    static func client(_ transport: any HTTPTransport, site: URL) -> Every8DClient {
        Every8DClient(
            credentials: .init(userID: CallFixtures.userID, password: CallFixtures.password),
            configuration: .init(siteURL: site, authentication: .password, allowsInsecureHTTP: site.scheme == "http"),
            transport: transport)
    }

    static func urlSession(site: URL, connections: Int) -> Sender {
        let client = client(URLSessionTransport(configuration: .init(maxConnectionsPerHost: connections)), site: site)
        return Sender(name: "URLSessionTransport",
                      send: { _ = try await client.sendSMS(to: ["+886912345678"], text: CallFixtures.otpText, subject: "OTP") },
                      shutdown: {})
    }

    static func httpClientConfiguration(connections: Int, trust: NIOSSLCertificate?) -> HTTPClient.Configuration {
        var configuration = AsyncHTTPClientTransport.clientConfiguration(maxConnectionsPerHost: connections)
        if let trust {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates([trust])
            configuration.tlsConfiguration = tls
        }
        return configuration
    }

    static func asyncHTTPClient(site: URL, connections: Int, trust: NIOSSLCertificate?) throws -> Sender {
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                              configuration: httpClientConfiguration(connections: connections, trust: trust))
        let client = client(try AsyncHTTPClientTransport(client: http), site: site)
        return Sender(name: "AsyncHTTPClientTransport",
                      send: { _ = try await client.sendSMS(to: ["+886912345678"], text: CallFixtures.otpText, subject: "OTP") },
                      shutdown: { try await http.shutdown() })
    }

    /// The floor: AsyncHTTPClient's `HTTPClient` with no SDK, the form written once by hand,
    /// the answer's status checked and its body collected. Its pool keeps connections alive.
    static func floor(site: URL, connections: Int, trust: NIOSSLCertificate?) -> Sender {
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                              configuration: httpClientConfiguration(connections: connections, trust: trust))
        let url = site.appendingPathComponent("API21/HTTP/SendSMS.ashx").absoluteString
        let body = ByteBuffer(string: CallFixtures.otpForm)
        return Sender(name: "Floor (bare HTTPClient)",
                      send: {
                          var request = HTTPClientRequest(url: url)
                          request.method = .POST
                          request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")
                          request.body = .bytes(body)
                          let response = try await http.execute(request, timeout: .seconds(30))
                          guard response.status == .ok else { throw Failure("floor: status \(response.status)") }
                          _ = try await response.body.collect(upTo: 1 << 20)
                      },
                      shutdown: { try await http.shutdown() })
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
