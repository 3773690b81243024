import Foundation
import Every8D

/// A transport that records every request and answers from a script, for exact-bytes tests.
///
/// The script is a handler called with each request and its 1-based number; it returns a
/// response or throws (a `TransportError`, say). Requests are recorded before the handler runs,
/// so a request whose handler throws still counts as sent.
final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    typealias Handler = @Sendable (TransportRequest, Int) async throws -> TransportResponse

    private let lock = NSLock()
    private var recorded: [TransportRequest] = []
    private let handler: Handler

    init(_ handler: @escaping Handler) {
        self.handler = handler
    }

    /// Answers the requests in order with `responses`; a request beyond the script fails the test
    /// with a 599 answer.
    convenience init(responses: [Result<TransportResponse, any Error>]) {
        self.init { _, number in
            guard number <= responses.count else { return TransportResponse(status: 599, body: Data("unscripted".utf8)) }
            return try responses[number - 1].get()
        }
    }

    /// Answers by endpoint: the first `routes` key that the URL's path ends with.
    convenience init(routes: [String: @Sendable (TransportRequest) async throws -> TransportResponse]) {
        let ordered = routes.sorted { $0.key.count > $1.key.count }
        self.init { request, _ in
            for (suffix, route) in ordered where request.url.path.hasSuffix(suffix) {
                return try await route(request)
            }
            return TransportResponse(status: 404, body: Data("no route".utf8))
        }
    }

    var requests: [TransportRequest] {
        lock.withLock { recorded }
    }

    func requests(to suffix: String) -> [TransportRequest] {
        requests.filter { $0.url.path.hasSuffix(suffix) }
    }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        try Task.checkCancellation()
        let number = lock.withLock { () -> Int in
            recorded.append(request)
            return recorded.count
        }
        return try await handler(request, number)
    }
}

extension TransportResponse {
    /// A 200 answer with a UTF-8 body.
    static func ok(_ body: String, contentType: String = "text/plain; charset=utf-8") -> TransportResponse {
        TransportResponse(status: 200, headers: ["Content-Type": contentType], body: Data(body.utf8))
    }

    /// A 200 JSON answer.
    static func json(_ body: String) -> TransportResponse {
        ok(body, contentType: "application/json; charset=utf-8")
    }

    /// The token fetch's success.
    static func token(_ value: String) -> TransportResponse {
        json("{\"Result\":true,\"Msg\":\"\(value)\"}")
    }
}

extension TransportRequest {
    /// The body as UTF-8 text.
    var bodyText: String { String(decoding: body, as: UTF8.self) }
}
