import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SMSTransport

/// An ``HTTPTransport`` over AsyncHTTPClient's `HTTPClient`: non-blocking SwiftNIO event loops and
/// a pool of kept-alive connections, for services that send a lot or already run on SwiftNIO.
///
/// It keeps the promises of ``URLSessionTransport``: nothing is sent when the calling task is
/// already cancelled, ``TransportRequest/timeout`` is an overall deadline, the response body is
/// capped while it streams in, redirects are returned and never followed, every status is a
/// response, and errors are ``TransportError``s that carry no URL and no request data.
///
/// ```swift
/// let transport = AsyncHTTPClientTransport()
/// let client = Every8DClient(credentials: credentials, transport: transport)
/// // … for the life of the process …
/// try await transport.shutdown()
/// ```
///
/// **The HTTP client.** ``init(configuration:idleTimeout:maxConnectionsPerHost:eventLoopGroup:)``
/// makes a client of its own (on the shared event loop group unless you give one) and needs
/// ``shutdown()`` before the transport is released, as every `HTTPClient` does.
/// ``init(client:configuration:)`` uses a client you own and shut down yourself; it must not follow
/// redirects (build its configuration with ``clientConfiguration(idleTimeout:maxConnectionsPerHost:)``).
/// The client the transport makes: HTTP/1.1 only, idle connections closed after
/// ``defaultIdleTimeout`` (60 s, under IIS's 120 s, so the client closes an idle connection before
/// the gateway does), redirects off, no retry of a failed connection attempt, no decompression.
///
/// **Nothing is retried.** AsyncHTTPClient never sends a request a second time: a request whose
/// connection fails is failed, not moved to another connection. Its only retry, of a connection
/// attempt that failed (`retryConnectionEstablishment`, on by default), is off in the client this
/// transport makes; it sends nothing, but holds a refused call until the connect timeout.
///
/// **What a failure says about the server** (``TransportError/requestMayHaveBeenProcessed``). A
/// request that is not idempotent (a send) shares the kept-alive connections too. The transport
/// follows each request through AsyncHTTPClient's `HTTPClientResponseDelegate`, which is told when
/// the request head has been handed to the connection. A failure before that (connection refused,
/// host not found, TLS handshake failed, deadline passed while connecting, or a kept-alive
/// connection found closed as the request was put on it) reports `false`: no byte of the request
/// reached the server. Any failure after it reports `true`, whatever the error, because the server
/// may have read the request. For the notice and a failure to arrive in the order they happened,
/// the delegate and the connection must share an event loop: every request of the transport
/// prefers one loop, and the pool opens their connections there. That always holds for the client
/// the transport makes. A client you pass in may hand a request a connection on another loop if
/// other code keeps connections to the same host in it; then a deadline that passes in the very
/// microseconds the head is written could be reported as "nothing sent".
///
/// What AsyncHTTPClient 1.37 does with a kept-alive connection that the server closes (read in its
/// source, `HTTP1ConnectionStateMachine` and `HTTPConnectionPool`, and seen on the loopback server,
/// `AsyncHTTPClientStaleConnectionTests`):
/// - closed while idle in the pool: the event loop reads the close and drops the connection; the
///   next request opens a new one and succeeds (one made in the moment after the close, before
///   the loop has read it, meets the next case);
/// - found closed at the moment a request is put on it (the pool had not yet heard): the request
///   fails before its head is written, with `ChannelError.ioOnClosedChannel` (as seen here) or
///   `remoteConnectionClosed` (when the connection's own state machine heard first); it is **not**
///   retried on another connection (a `TODO` in AsyncHTTPClient), and this transport reports
///   nothing sent;
/// - closed just after the head was written (the server's close crossed the request): the request
///   fails at once with `remoteConnectionClosed` (or a reset) and the server may have read it;
///   there is no hang until the deadline, unlike URLSession on Linux, where libcurl tries again
///   and waits for a body it cannot replay.
/// The error itself does not say which stage failed (`remoteConnectionClosed` can mean either);
/// the delegate's notice does. AsyncHTTPClient's `execute(_:deadline:)` API ignores that notice, so
/// this transport uses the delegate API. In six runs of a race on the loopback server (25 sends
/// each, written from 3 ms before to 3 ms after the server closed the idle connection), 13–19
/// went out on a new connection, 1–6 on the old one before it closed, 2–6 failed before their
/// head was written (`ioOnClosedChannel`, reported as nothing sent; the server never saw them)
/// and 1–2 failed after it (`remoteConnectionClosed`, reported as maybe processed; the server had
/// not read them). None hung, none was sent twice.
///
/// On the wire: header fields go out in the order given, after them `host` and `Content-Length`
/// (AsyncHTTPClient adds both); the body always with a `Content-Length`, never chunked;
/// `Content-Length`, `Transfer-Encoding` and `Expect` fields in the request are replaced by the
/// transport's framing. Response header fields keep their order and spelling.
public final class AsyncHTTPClientTransport: HTTPTransport {
    /// What the transport does with each request, whichever client sends it.
    public struct Configuration: Sendable {
        /// The largest response body accepted, in bytes (default 4 MiB).
        ///
        /// A larger answer fails with ``TransportError/Code/responseTooLarge`` as soon as its
        /// `Content-Length` announces it or the bytes received pass the limit; the connection is
        /// closed rather than read to the end.
        public var maxResponseBytes: Int
        /// The `User-Agent` sent with every request that does not set its own.
        public var userAgent: String

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - maxResponseBytes: The largest response body accepted, in bytes (default 4 MiB).
        ///   - userAgent: The `User-Agent` for requests that do not set one.
        public init(
            maxResponseBytes: Int = 4 << 20,
            userAgent: String = URLSessionTransport.defaultUserAgent
        ) {
            self.maxResponseBytes = maxResponseBytes
            self.userAgent = userAgent
        }
    }

    /// How long a kept-alive connection may sit idle before the client closes it (60 s): below the
    /// 120 s after which IIS, in front of the gateways, closes it itself.
    public static let defaultIdleTimeout: Duration = .seconds(60)

    /// Request header fields the transport sets itself from the body it sends (as URLSessionTransport).
    static let framingHeaderNames: Set<String> = ["content-length", "transfer-encoding", "expect"]

    /// The transport's settings.
    public let configuration: Configuration
    /// The client that sends the requests.
    public let client: HTTPClient
    private let ownsClient: Bool
    /// The loop every request of this transport prefers; the pool opens their connections on it
    /// (see the type's notes). Not required: AsyncHTTPClient uses a connection on a required loop
    /// only once ("overflow" connections), which would end keep-alive.
    private let eventLoop: any EventLoop

    /// Creates a transport with an `HTTPClient` of its own; call ``shutdown()`` when done with it.
    ///
    /// - Parameters:
    ///   - configuration: The size limit and `User-Agent`.
    ///   - idleTimeout: How long an unused connection stays open (default 60 s).
    ///   - maxConnectionsPerHost: The most connections kept to one host (default 6); more are
    ///     opened while more requests than that run at once.
    ///   - eventLoopGroup: Where the client runs (default: AsyncHTTPClient's shared group).
    public convenience init(
        configuration: Configuration = Configuration(),
        idleTimeout: Duration = AsyncHTTPClientTransport.defaultIdleTimeout,
        maxConnectionsPerHost: Int = 6,
        eventLoopGroup: any EventLoopGroup = HTTPClient.defaultEventLoopGroup
    ) {
        let client = HTTPClient(
            eventLoopGroup: eventLoopGroup,
            configuration: Self.clientConfiguration(idleTimeout: idleTimeout, maxConnectionsPerHost: maxConnectionsPerHost))
        self.init(client: client, owned: true, configuration: configuration)
    }

    /// Creates a transport over a client you own: you shut it down, after the transport's last call.
    ///
    /// - Parameters:
    ///   - client: A client that does not follow redirects, for example one made with
    ///     ``clientConfiguration(idleTimeout:maxConnectionsPerHost:)``. Its other settings (pool,
    ///     timeouts, TLS, proxy, HTTP version) are used as they are.
    ///   - configuration: The size limit and `User-Agent`.
    /// - Throws: ``ValidationError`` when the client follows redirects: it would re-send a `POST`
    ///   to the new location (307, 308) before the transport could stop it.
    public convenience init(client: HTTPClient, configuration: Configuration = Configuration()) throws {
        guard !Self.followsRedirects(client) else {
            throw ValidationError(
                field: "client",
                reason: "the HTTPClient follows redirects; create it with redirectConfiguration: .disallow "
                    + "(AsyncHTTPClientTransport.clientConfiguration() does)")
        }
        self.init(client: client, owned: false, configuration: configuration)
    }

    private init(client: HTTPClient, owned: Bool, configuration: Configuration) {
        self.client = client
        self.ownsClient = owned
        self.configuration = configuration
        self.eventLoop = client.eventLoopGroup.next()
    }

    /// The `HTTPClient` configuration this transport gives the client it makes, for a client of
    /// your own that you share (pass it to ``init(client:configuration:)``).
    ///
    /// HTTP/1.1 only, redirects not followed, no retry of failed connection attempts, 10 s to
    /// connect (TLS included), no decompression, and idle connections closed after `idleTimeout`.
    ///
    /// - Parameters:
    ///   - idleTimeout: How long an unused connection stays open (default 60 s).
    ///   - maxConnectionsPerHost: The most connections kept to one host (default 6).
    /// - Returns: The configuration.
    public static func clientConfiguration(
        idleTimeout: Duration = AsyncHTTPClientTransport.defaultIdleTimeout,
        maxConnectionsPerHost: Int = 6
    ) -> HTTPClient.Configuration {
        var pool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: TimeAmount(clamping: idleTimeout),
            concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, maxConnectionsPerHost))
        // A refused connection is reported at once instead of retried until the connect timeout.
        pool.retryConnectionEstablishment = false
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            // TCP and TLS set-up together (AsyncHTTPClient's default is 30 s); an attempt outlives
            // the request that started it, and `shutdown()` waits for it.
            timeout: .init(connect: .seconds(10)),
            connectionPool: pool,
            decompression: .disabled)
        // What a failure proves is worked out, and tested, for HTTP/1.1 connections.
        configuration.httpVersion = .http1Only
        return configuration
    }

    /// Shuts down the client if the transport made it; does nothing for a client you passed in.
    ///
    /// Call it once, after the last call has returned. Calls made afterwards fail with
    /// ``TransportError``, having sent nothing.
    ///
    /// - Throws: What `HTTPClient.shutdown()` throws.
    public func shutdown() async throws {
        if ownsClient {
            try await client.shutdown()
        }
    }

    /// Sends `request` and returns the response, whatever its status.
    ///
    /// - Parameter request: The request; its ``TransportRequest/timeout`` is the overall deadline.
    /// - Returns: The status, the header fields in the order received and the whole body.
    /// - Throws: `CancellationError` if the calling task is cancelled (before the call nothing is
    ///   sent); ``TransportError`` when no complete response arrived, with
    ///   ``TransportError/requestMayHaveBeenProcessed`` `false` only when no byte of the request
    ///   was written.
    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        try Task.checkCancellation()
        let outgoing = try makeRequest(request)
        guard request.timeout > .zero else {
            throw TransportError(.timedOut, requestMayHaveBeenProcessed: false, detail: "the deadline had already passed")
        }
        let exchange = ResponseCollector(limit: max(0, configuration.maxResponseBytes))
        let task = client.execute(
            request: outgoing,
            delegate: exchange,
            eventLoop: .delegate(on: eventLoop),
            deadline: .now() + TimeAmount(clamping: request.timeout))
        return try await withTaskCancellationHandler {
            do {
                return try await task.futureResult.get()
            } catch {
                throw exchange.failure(for: error, callCancelled: Task.isCancelled)
            }
        } onCancel: {
            task.cancel()
        }
    }

    private func makeRequest(_ request: TransportRequest) throws -> HTTPClient.Request {
        guard let scheme = request.url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = request.url.host, !host.isEmpty
        else {
            throw TransportError(.badURL, detail: "only absolute http and https URLs can be sent")
        }
        // AsyncHTTPClient ignores user info; URLSessionTransport refuses it: refuse it here too,
        // rather than let the same URL mean different things per transport.
        guard request.url.user == nil, request.url.password == nil else {
            throw TransportError(.badURL, detail: "URLs with user info are not sent")
        }
        var headers = NIOHTTP1.HTTPHeaders()
        for field in request.headers where !Self.framingHeaderNames.contains(field.name.lowercased()) {
            headers.add(name: field.name, value: field.value)
        }
        if request.headers["User-Agent"] == nil {
            headers.add(name: "User-Agent", value: configuration.userAgent)
        }
        do {
            return try HTTPClient.Request(
                url: request.url,
                method: NIOHTTP1.HTTPMethod(rawValue: request.method.rawValue),
                headers: headers,
                body: request.body.isEmpty ? nil : .bytes(request.body))
        } catch {
            throw TransportError(.badURL, detail: "the URL cannot be sent")
        }
    }

    /// Whether `client` may follow a redirect.
    ///
    /// `HTTPClient` keeps its configuration internal, and `RedirectConfiguration` its mode, so they
    /// are read by reflection. Anything but a recognisable `disallow` counts as following (the
    /// safe answer): should AsyncHTTPClient rename them, every client is refused, loudly, and the
    /// tests that pin both answers fail.
    static func followsRedirects(_ client: HTTPClient) -> Bool {
        guard let mode = Mirror(reflecting: client).descendant("configuration", "redirectConfiguration", "mode") else {
            return true
        }
        return String(describing: mode) != "disallow"
    }
}

extension TimeAmount {
    /// The duration in nanoseconds, capped at what a `TimeAmount` holds.
    init(clamping duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (wholeNanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow {
            self = .nanoseconds(seconds < 0 ? .min : .max)
        } else {
            let (total, overflow) = wholeNanoseconds.addingReportingOverflow(attoseconds / 1_000_000_000)
            self = .nanoseconds(overflow ? (seconds < 0 ? .min : .max) : total)
        }
    }
}
