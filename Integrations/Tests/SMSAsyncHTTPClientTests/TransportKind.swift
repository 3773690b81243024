import Foundation
import LoopbackHTTPServer
import SMSAsyncHTTPClient
@_spi(SMSInternals) import SMSTransport
import Testing

/// The transports the contract suite runs against: the SDK's own and this package's.
enum TransportKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case urlSession = "URLSessionTransport"
    case asyncHTTPClient = "AsyncHTTPClientTransport"

    var testDescription: String { rawValue }

    /// Runs `body` with a new transport of this kind, and shuts the transport down afterwards
    /// (also when `body` throws). Every test makes its own, so connection counts are its own.
    func withTransport<T: Sendable>(
        maxResponseBytes: Int = 4 << 20,
        userAgent: String = URLSessionTransport.defaultUserAgent,
        _ body: (any HTTPTransport) async throws -> T
    ) async throws -> T {
        switch self {
        case .urlSession:
            return try await body(URLSessionTransport(configuration: .init(maxResponseBytes: maxResponseBytes, userAgent: userAgent)))
        case .asyncHTTPClient:
            return try await AsyncHTTPClientTransport(configuration: .init(maxResponseBytes: maxResponseBytes, userAgent: userAgent))
                .whileOpen(body)
        }
    }
}

extension AsyncHTTPClientTransport {
    /// Runs `body` with this transport, then shuts it down, also when `body` throws: an
    /// `HTTPClient` released without `shutdown()` stops a debug process.
    func whileOpen<T: Sendable>(_ body: (AsyncHTTPClientTransport) async throws -> T) async throws -> T {
        let result: Result<T, any Error>
        do {
            result = .success(try await body(self))
        } catch {
            result = .failure(error)
        }
        try await shutdown()
        return try result.get()
    }
}

/// Requests and timing helpers shared by the suites.
enum Wire {
    /// A POST with a form body, the shape of most gateway calls.
    static func formPost(
        _ url: URL,
        body: String = "MSG=hi",
        headers: [(String, String)] = [],
        timeout: Duration = .seconds(10),
        idempotent: Bool = true
    ) -> TransportRequest {
        var allHeaders: SMSTransport.HTTPHeaders = ["Content-Type": FormEncoding.contentType]
        for (name, value) in headers { allHeaders.add(name: name, value: value) }
        return TransportRequest(
            method: .post, url: url, headers: allHeaders, body: Data(body.utf8), timeout: timeout, isIdempotent: idempotent)
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

extension Result {
    /// The error, if this is a failure.
    var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
