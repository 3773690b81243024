import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The production ``HTTPTransport``, over Foundation's `URLSession` (FoundationNetworking and
/// libcurl on Linux).
///
/// Create one transport and share it between clients for the life of the process: it holds one
/// long-lived session whose connections are kept alive and reused. The session is ephemeral, with
/// no cookies, no cache and no credential store, and sends its own `User-Agent`.
///
/// What it guarantees, on Linux and on Apple platforms alike:
/// - **Nothing is sent when the calling task is already cancelled**; `send(_:)` throws
///   `CancellationError`. Cancelling the task during a call cancels the request and also throws
///   `CancellationError`, never a ``TransportError``.
/// - **An overall deadline** (``TransportRequest/timeout``), enforced by the SDK from the call to
///   the last byte of the response. URLSession's own timeouts are whole-second idle timers on
///   Linux, and some answers (a `401` with `WWW-Authenticate`, a kept-alive connection dropped
///   under a `POST`) make it wait forever; the deadline ends those with
///   ``TransportError/Code/timedOut``.
/// - **A response size limit** (``Configuration/maxResponseBytes``). The body is streamed and the
///   request is cancelled as soon as the announced `Content-Length` or the bytes received pass the
///   limit, so a runaway answer is never buffered whole.
/// - **Redirects are not followed.** A `3xx` comes back as a response. URLSession would otherwise
///   re-send a `POST` to the new location as a `GET` (301, 302, 303), or as a `POST` without its
///   body (307, 308, on Linux): for an SMS gateway either is a silent, wrong request.
/// - **Every status is a response**, `401` included (it is not handed to an authentication
///   handler); only a missing or incomplete response is an error.
/// - **Errors carry no URL and no `userInfo`**: `URLError` is mapped to ``TransportError`` by code,
///   because its `userInfo` holds the full URL, query and user info included.
///
/// On the wire: the body always goes out with a `Content-Length` (never chunked, never
/// `Expect: 100-continue`); `Content-Length`, `Transfer-Encoding` and `Expect` fields in the
/// request are ignored because the transport frames the body itself. Other fields go out with the
/// names and values given, but URLSession does not keep their order (it stores them in a
/// dictionary), joins repeated names into one comma-separated field, and adds `Host`, `Accept`,
/// `Accept-Encoding`, `Accept-Language` and `Connection` when they are absent (and, on Linux, a
/// form `Content-Type` when a body has none, so always set one). A `Connection: close` field is
/// honoured: that connection is not reused.
///
/// **A request that is not idempotent** (``TransportRequest/isIdempotent`` `false`: a send, a
/// cancellation) goes out on a connection of its own, opened for it and closed after it
/// (`Connection: close`), through a second session that keeps no connection alive. On Linux,
/// when a kept-alive connection turns out dead just as a request is written on it (the server
/// closed it at that moment, or a NAT forgot it), libcurl retries on a new connection but
/// URLSession cannot hand it the body again, and the request waits for its deadline: a send the
/// server never received would end as "outcome unknown". On a connection of its own the same
/// failure is reported at once. Measured (`Benchmarks/Network`, `Network stale`, BENCHMARKS.md):
/// when a kept-alive connection dies under a `POST`, libcurl sends the `POST` again on a new
/// connection by itself. Closed after the server read the request, the retry repeated the request
/// head without its body and waited for the deadline (every one of 18 runs); closed as the request
/// arrived, the retry carried the whole body and was answered in 5 of 18 runs (hung in 5, the
/// loss reported at once in 8). A server that had
/// read the first copy would then have received the send twice, so sends do not reuse
/// connections here: each pays a TCP (and TLS) handshake, 2–3.5× the latency of a kept-alive
/// send over a slow path. Servers that send a lot should use `AsyncHTTPClientTransport`
/// (`Integrations/`), which keeps sends on kept-alive connections and never sends twice.
/// Idempotent requests keep using kept-alive connections: libcurl
/// notices a connection the server closed while it was idle and opens a new one. Plain `http` is sent as asked:
/// whether to allow it is the gateway clients' decision. A URL with user info
/// (`https://user:password@host/`) is refused with ``TransportError/Code/badURL``: libcurl would
/// turn it into an `Authorization` field, Apple's URLSession would not.
///
/// Response header fields arrive from URLSession as a dictionary; ``TransportResponse/headers``
/// lists them sorted by name, with lookups ignoring case.
public final class URLSessionTransport: HTTPTransport {
    /// Settings for the transport, with defaults that suit the SMS gateways.
    public struct Configuration: Sendable {
        /// The largest response body accepted, in bytes (default 4 MiB).
        ///
        /// A larger answer fails with ``TransportError/Code/responseTooLarge`` as soon as it is
        /// announced or received. The gateways' largest answers, pages of delivery reports, are a
        /// few hundred kilobytes.
        public var maxResponseBytes: Int
        /// The `User-Agent` sent with every request that does not set its own.
        public var userAgent: String
        /// The most connections open at once to one host (default 6). Further requests wait for
        /// a free connection, on the clock of their deadline.
        public var maxConnectionsPerHost: Int

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - maxResponseBytes: The largest response body accepted, in bytes (default 4 MiB).
        ///   - userAgent: The `User-Agent` for requests that do not set one.
        ///   - maxConnectionsPerHost: The most connections at once to one host (default 6).
        public init(
            maxResponseBytes: Int = 4 << 20,
            userAgent: String = URLSessionTransport.defaultUserAgent,
            maxConnectionsPerHost: Int = 6
        ) {
            self.maxResponseBytes = maxResponseBytes
            self.userAgent = userAgent
            self.maxConnectionsPerHost = maxConnectionsPerHost
        }
    }

    /// The `User-Agent` sent by default.
    public static let defaultUserAgent = "swift-tw-sms/1.0"

    /// Request header fields the transport sets itself from the body it sends.
    static let framingHeaderNames = ["content-length", "transfer-encoding", "expect"]

    /// The transport's settings.
    public let configuration: Configuration
    /// Kept-alive connections, for idempotent requests.
    private let session: URLSession
    private let exchanges: ExchangeDelegate
    /// One connection per request, for requests that are not idempotent. A session of its own
    /// (with its own delegate: task identifiers are only unique within a session), so that such a
    /// request never picks up a connection an idempotent one left alive.
    private let oneShotSession: URLSession
    private let oneShotExchanges: ExchangeDelegate

    /// Creates a transport with its own long-lived session.
    ///
    /// - Parameter configuration: The size limit, `User-Agent` and connection limit.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.urlCache = nil
        sessionConfiguration.httpCookieStorage = nil
        sessionConfiguration.httpShouldSetCookies = false
        sessionConfiguration.httpCookieAcceptPolicy = .never
        sessionConfiguration.urlCredentialStorage = nil
        sessionConfiguration.requestCachePolicy = .reloadIgnoringLocalCacheData
        sessionConfiguration.httpMaximumConnectionsPerHost = max(1, configuration.maxConnectionsPerHost)
        // The SDK's own deadline governs; URLSession's timers only need to outlast it.
        sessionConfiguration.timeoutIntervalForRequest = 3600
        sessionConfiguration.timeoutIntervalForResource = 3600
        func makeSession(_ name: String, delegate: ExchangeDelegate) -> URLSession {
            let delegateQueue = OperationQueue()
            delegateQueue.maxConcurrentOperationCount = 1
            delegateQueue.name = name
            return URLSession(configuration: sessionConfiguration, delegate: delegate, delegateQueue: delegateQueue)
        }
        exchanges = ExchangeDelegate()
        session = makeSession("swift-tw-sms.URLSessionTransport", delegate: exchanges)
        oneShotExchanges = ExchangeDelegate()
        oneShotSession = makeSession("swift-tw-sms.URLSessionTransport.oneShot", delegate: oneShotExchanges)
    }

    deinit {
        // No call can be in flight: each one holds the transport until it returns.
        session.finishTasksAndInvalidate()
        oneShotSession.finishTasksAndInvalidate()
    }

    /// Sends `request` and returns the response, whatever its status.
    ///
    /// - Parameter request: The request; its ``TransportRequest/timeout`` is the overall deadline.
    /// - Returns: The status, the header fields and the whole body.
    /// - Throws: `CancellationError` if the calling task is cancelled (before the call nothing is
    ///   sent); ``TransportError`` when no complete response arrived: `.timedOut` at the deadline,
    ///   `.responseTooLarge` past the size limit, `.connectionRefused`, `.cannotFindHost`,
    ///   `.tlsFailure`, `.connectionLost` (including a body cut short) and others, with
    ///   ``TransportError/requestMayHaveBeenProcessed`` `false` only when nothing can have reached
    ///   the server.
    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        // URLSession on Linux sends a request even when the task is already cancelled.
        try Task.checkCancellation()
        let urlRequest = try makeURLRequest(request)
        let limit = max(0, configuration.maxResponseBytes)
        let session = request.isIdempotent ? self.session : oneShotSession
        let exchanges = request.isIdempotent ? self.exchanges : oneShotExchanges
        var response = try await Deadline.run(within: request.timeout) {
            try await exchanges.perform(urlRequest, on: session, limit: limit)
        }
        response.redactionRules = request.redactionRules
        return response
    }

    private func makeURLRequest(_ request: TransportRequest) throws -> URLRequest {
        guard let scheme = request.url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = request.url.host, !host.isEmpty
        else {
            throw TransportError(.badURL, detail: "only absolute http and https URLs can be sent")
        }
        // libcurl turns user info into an `Authorization: Basic` field and Apple's URLSession does
        // not: refuse it rather than send credentials that no gateway expects, differently per platform.
        guard request.url.user == nil, request.url.password == nil else {
            throw TransportError(.badURL, detail: "URLs with user info are not sent")
        }
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method.rawValue
        urlRequest.httpShouldHandleCookies = false
        urlRequest.cachePolicy = .reloadIgnoringLocalCacheData
        // URLSession's idle timer must not fire before the SDK's deadline does.
        urlRequest.timeoutInterval = max(60, Double(request.timeout.components.seconds) + 60)
        for field in request.headers where !Self.framingHeaderNames.contains(field.name.lowercased()) {
            urlRequest.addValue(field.value, forHTTPHeaderField: field.name)
        }
        if request.headers["User-Agent"] == nil {
            urlRequest.setValue(configuration.userAgent, forHTTPHeaderField: "User-Agent")
        }
        if !request.isIdempotent {
            // The server closes the connection after answering, so the one-shot session never
            // holds a connection that a later request could find dead.
            urlRequest.setValue("close", forHTTPHeaderField: "Connection")
        }
        // A body set as Data goes out with a Content-Length; a POST without one says `Content-Length: 0`.
        if !request.body.isEmpty || request.method == .post || request.method.rawValue == "PUT" || request.method.rawValue == "PATCH" {
            urlRequest.httpBody = request.body
        }
        return urlRequest
    }

    /// Maps a URLSession failure to the SDK's errors, keeping only the code: no `userInfo`, no URL.
    ///
    /// `URLError.cancelled` becomes `CancellationError`, and `CancellationError` stays as it is.
    static func map(_ error: any Error) -> any Error {
        if error is CancellationError || error is TransportError { return error }
        guard let urlError = error as? URLError else {
            return TransportError(.other, detail: String(describing: type(of: error)))
        }
        let detail = "URLError \(urlError.errorCode)"
        switch urlError.code {
        case .cancelled:
            return CancellationError()
        case .cannotConnectToHost:
            return TransportError(.connectionRefused, detail: detail)
        case .cannotFindHost, .dnsLookupFailed:
            return TransportError(.cannotFindHost, detail: detail)
        case .notConnectedToInternet, .internationalRoamingOff, .dataNotAllowed, .callIsActive:
            return TransportError(.cannotConnect, detail: detail)
        case .secureConnectionFailed, .serverCertificateHasBadDate, .serverCertificateUntrusted,
             .serverCertificateHasUnknownRoot, .serverCertificateNotYetValid, .clientCertificateRejected,
             .clientCertificateRequired:
            return TransportError(.tlsFailure, detail: detail)
        case .badURL:
            return TransportError(.badURL, detail: detail)
        case .unsupportedURL:
            // The URL was checked before the task started; on Linux this is libcurl's "unsupported
            // protocol" for an answer that is not HTTP (it refuses HTTP/0.9), which arrives after
            // the request went out: nothing proves the server did not act on it.
            return TransportError(.badServerResponse, detail: detail)
        case .timedOut:
            return TransportError(.timedOut, detail: detail)
        case .networkConnectionLost:
            return TransportError(.connectionLost, detail: detail)
        case .badServerResponse, .cannotParseResponse, .cannotDecodeRawData, .cannotDecodeContentData,
             .zeroByteResource:
            return TransportError(.badServerResponse, detail: detail)
        case .dataLengthExceedsMaximum:
            return TransportError(.responseTooLarge, detail: detail)
        default:
            return TransportError(.other, detail: detail)
        }
    }
}

extension URLSessionTransport: CustomReflectable {
    /// A mirror with the configuration only. Reflecting the URLSession inside (as `dump` of a
    /// client does) walks Foundation's internals and crashed the process on Linux.
    public var customMirror: Mirror {
        Mirror(self, children: ["configuration": configuration], displayStyle: .class)
    }
}

// MARK: - Exchanges

/// The session's delegate: streams each task's response into its exchange and finishes the call.
///
/// Session-level delegate methods are used because they are called on Linux too (task-level
/// delegates are not, scf#5187). The delegate queue is serial; the table of exchanges is shared
/// with the calling tasks, so it sits behind a lock.
private final class ExchangeDelegate: NSObject, URLSessionDataDelegate, Sendable {
    /// One request in flight.
    struct Exchange {
        let limit: Int
        var continuation: CheckedContinuation<TransportResponse, any Error>?
        /// The caller was cancelled (or the deadline passed) and has been answered already.
        var abandoned = false
        var response: HTTPURLResponse?
        var body = Data()
        /// A failure decided here (the size limit) that the task's completion must report.
        var failure: TransportError?
        /// The server answered with an authentication challenge after the whole response arrived.
        var challenged = false
    }

    private let table = ExchangeTable()

    /// Runs one request to completion, reacting to cancellation of the calling task.
    func perform(_ request: URLRequest, on session: URLSession, limit: Int) async throws -> TransportResponse {
        try Task.checkCancellation()
        let task = session.dataTask(with: request)
        let id = task.taskIdentifier
        table.insert(Exchange(limit: limit), for: id)
        defer { table.remove(id) }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<TransportResponse, any Error>) in
                let start = table.update(id) { exchange -> Bool in
                    guard !exchange.abandoned else { return false }
                    exchange.continuation = continuation
                    return true
                } ?? false
                if start {
                    task.resume()
                } else {
                    // Cancelled before the request started: nothing goes on the wire.
                    continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            // Answer the caller now rather than when URLSession gets round to it: a stuck task
            // (the Linux 401 hang) may never report its cancellation.
            let continuation = table.update(id) { exchange -> CheckedContinuation<TransportResponse, any Error>? in
                exchange.abandoned = true
                defer { exchange.continuation = nil }
                return exchange.continuation
            } ?? nil
            continuation?.resume(throwing: CancellationError())
            task.cancel()
        }
    }

    func urlSession(
        _ session: URLSession,
        dataTask: URLSessionDataTask,
        didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        let proceed = table.update(dataTask.taskIdentifier) { exchange -> Bool in
            exchange.response = response as? HTTPURLResponse
            let announced = response.expectedContentLength
            if announced > Int64(exchange.limit) {
                exchange.failure = TransportError(
                    .responseTooLarge,
                    detail: "Content-Length \(announced) exceeds the limit of \(exchange.limit) bytes")
                return false
            }
            if announced > 0 { exchange.body.reserveCapacity(Int(announced)) }
            return true
        } ?? false
        completionHandler(proceed ? .allow : .cancel)
        if !proceed { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let proceed = table.update(dataTask.taskIdentifier) { exchange -> Bool in
            guard exchange.failure == nil else { return false }
            guard exchange.body.count + data.count <= exchange.limit else {
                exchange.failure = TransportError(
                    .responseTooLarge,
                    detail: "body exceeds the limit of \(exchange.limit) bytes")
                exchange.body = Data()
                return false
            }
            exchange.body.append(data)
            return true
        } ?? false
        if !proceed { dataTask.cancel() }
    }

    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        // Never follow: the 3xx itself becomes the response.
        completionHandler(nil)
    }

    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        #if canImport(FoundationNetworking)
        // On Linux a 401 with WWW-Authenticate is handed over only after its whole body has been
        // delivered, and default handling then never completes the task (scf#5456). Stop it here
        // and answer with the 401 already received.
        table.update(task.taskIdentifier) { $0.challenged = true }
        completionHandler(.cancelAuthenticationChallenge, nil)
        #else
        // With no credential store, default handling delivers a 401 as a response and checks
        // server trust as usual.
        completionHandler(.performDefaultHandling, nil)
        #endif
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let finished = table.update(task.taskIdentifier) { exchange -> (CheckedContinuation<TransportResponse, any Error>, Result<TransportResponse, any Error>)? in
            guard let continuation = exchange.continuation else { return nil }
            exchange.continuation = nil
            return (continuation, Self.outcome(of: exchange, error: error))
        } ?? nil
        if let (continuation, result) = finished {
            continuation.resume(with: result)
        }
    }

    /// What the call returns once URLSession reports the task complete.
    private static func outcome(of exchange: Exchange, error: (any Error)?) -> Result<TransportResponse, any Error> {
        if let failure = exchange.failure {
            return .failure(failure)
        }
        if let error {
            if exchange.challenged, let response = exchange.response, (error as? URLError)?.code == .cancelled {
                return .success(makeResponse(response, body: exchange.body))
            }
            if let response = exchange.response, response.expectedContentLength > Int64(exchange.body.count) {
                return .failure(TransportError(
                    .connectionLost,
                    detail: "response ended after \(exchange.body.count) of \(response.expectedContentLength) body bytes"))
            }
            return .failure(URLSessionTransport.map(error))
        }
        guard let response = exchange.response else {
            return .failure(TransportError(.badServerResponse, detail: "not an HTTP response"))
        }
        return .success(makeResponse(response, body: exchange.body))
    }

    private static func makeResponse(_ response: HTTPURLResponse, body: Data) -> TransportResponse {
        var headers = HTTPHeaders()
        let fields = response.allHeaderFields.map { (String(describing: $0.key), String(describing: $0.value)) }
        for (name, value) in fields.sorted(by: { $0.0.lowercased() < $1.0.lowercased() }) {
            headers.add(name: name, value: value)
        }
        return TransportResponse(status: response.statusCode, headers: headers, body: body)
    }
}

/// The exchanges in flight, by task identifier, behind a lock.
///
/// `@unchecked Sendable` is sound because every access holds the lock; `Mutex` would say so
/// itself but needs macOS 15.
private final class ExchangeTable: @unchecked Sendable {
    private let lock = NSLock()
    private var exchanges: [Int: ExchangeDelegate.Exchange] = [:]

    func insert(_ exchange: ExchangeDelegate.Exchange, for id: Int) {
        lock.lock()
        defer { lock.unlock() }
        exchanges[id] = exchange
    }

    func remove(_ id: Int) {
        lock.lock()
        defer { lock.unlock() }
        exchanges[id] = nil
    }

    /// Applies `change` to the exchange of task `id`; `nil` if there is none (already finished).
    @discardableResult
    func update<Result>(_ id: Int, _ change: (inout ExchangeDelegate.Exchange) -> Result) -> Result? {
        lock.lock()
        defer { lock.unlock() }
        // Mutate in place: a copy would make every appended chunk copy the whole body.
        guard let index = exchanges.index(forKey: id) else { return nil }
        return change(&exchanges.values[index])
    }
}
