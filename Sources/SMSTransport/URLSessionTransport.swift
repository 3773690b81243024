import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// ``HTTPTransport`` over Foundation's `URLSession` (FoundationNetworking on Linux).
///
/// One long-lived ephemeral session per transport: no cookies, no cache, no credential store,
/// our own `User-Agent`. The SDK enforces each request's overall deadline itself (URLSession's
/// timeouts are whole-second idle timers on Linux, and a 401 with `WWW-Authenticate` can hang it),
/// caps the response size, and maps `URLError` to ``TransportError`` without its `userInfo`
/// (which can hold a URL with credentials).
public final class URLSessionTransport: HTTPTransport {
    /// Settings for the transport.
    public struct Configuration: Sendable {
        /// The largest response body accepted, in bytes (default 4 MiB).
        public var maxResponseBytes: Int
        /// The `User-Agent` sent with every request that does not set its own.
        public var userAgent: String
        /// The most connections to one host (default 6).
        public var maxConnectionsPerHost: Int

        /// Creates a configuration.
        public init(maxResponseBytes: Int = 4 << 20, userAgent: String = URLSessionTransport.defaultUserAgent, maxConnectionsPerHost: Int = 6) {
            self.maxResponseBytes = maxResponseBytes
            self.userAgent = userAgent
            self.maxConnectionsPerHost = maxConnectionsPerHost
        }
    }

    /// The `User-Agent` sent by default.
    public static let defaultUserAgent = "swift-tw-sms/1.0"

    /// The transport's settings.
    public let configuration: Configuration
    private let session: URLSession

    /// Creates a transport with its own session.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.urlCache = nil
        sessionConfiguration.httpCookieStorage = nil
        sessionConfiguration.httpShouldSetCookies = false
        sessionConfiguration.httpCookieAcceptPolicy = .never
        sessionConfiguration.urlCredentialStorage = nil
        sessionConfiguration.requestCachePolicy = .reloadIgnoringLocalCacheData
        sessionConfiguration.httpMaximumConnectionsPerHost = configuration.maxConnectionsPerHost
        // The SDK's own deadline governs; these only need to be longer than any request.
        sessionConfiguration.timeoutIntervalForRequest = 3600
        sessionConfiguration.timeoutIntervalForResource = 3600
        self.session = URLSession(configuration: sessionConfiguration)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        // A task cancelled before the call must send nothing (URLSession on Linux would send it).
        try Task.checkCancellation()
        let urlRequest = try makeURLRequest(request)
        let limit = configuration.maxResponseBytes
        let session = self.session
        return try await Deadline.run(within: request.timeout) {
            let (data, response): (Data, URLResponse)
            do {
                (data, response) = try await session.data(for: urlRequest)
            } catch {
                throw Self.map(error)
            }
            guard let http = response as? HTTPURLResponse else {
                throw TransportError(.badServerResponse, detail: "not an HTTP response")
            }
            guard data.count <= limit else {
                throw TransportError(.responseTooLarge, detail: "body of \(data.count) bytes exceeds the limit of \(limit)")
            }
            var headers = HTTPHeaders()
            for (name, value) in http.allHeaderFields {
                headers.add(name: String(describing: name), value: String(describing: value))
            }
            return TransportResponse(status: http.statusCode, headers: headers, body: data)
        }
    }

    private func makeURLRequest(_ request: TransportRequest) throws -> URLRequest {
        guard let scheme = request.url.scheme?.lowercased(), scheme == "https" || scheme == "http", request.url.host != nil else {
            throw TransportError(.badURL, detail: "only absolute http and https URLs can be sent")
        }
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method.rawValue
        urlRequest.httpShouldHandleCookies = false
        urlRequest.cachePolicy = .reloadIgnoringLocalCacheData
        for field in request.headers {
            urlRequest.addValue(field.value, forHTTPHeaderField: field.name)
        }
        if request.headers["User-Agent"] == nil {
            urlRequest.setValue(configuration.userAgent, forHTTPHeaderField: "User-Agent")
        }
        if !request.body.isEmpty || request.method == .post {
            urlRequest.httpBody = request.body
        }
        return urlRequest
    }

    /// Maps a URLSession failure to the SDK's errors, dropping `userInfo` and URLs.
    static func map(_ error: any Error) -> any Error {
        if error is CancellationError { return error }
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
        case .badURL, .unsupportedURL:
            return TransportError(.badURL, detail: detail)
        case .timedOut:
            return TransportError(.timedOut, detail: detail)
        case .networkConnectionLost:
            return TransportError(.connectionLost, detail: detail)
        case .badServerResponse, .cannotParseResponse, .cannotDecodeRawData, .cannotDecodeContentData:
            return TransportError(.badServerResponse, detail: detail)
        case .dataLengthExceedsMaximum:
            return TransportError(.responseTooLarge, detail: detail)
        default:
            return TransportError(.other, detail: detail)
        }
    }
}
