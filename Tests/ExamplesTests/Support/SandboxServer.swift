import Foundation
import LoopbackHTTPServer
import SMSTransport

/// A real HTTP server on 127.0.0.1 that hands every request to an in-process sandbox gateway,
/// so the commands run with URLSessionTransport against "a server given by the environment".
///
/// `intercept` may answer a request itself (to inject a fault) before it reaches the sandbox.
final class SandboxServer: Sendable {
    let server: LoopbackHTTPServer

    init(_ sandbox: any HTTPTransport, intercept: @escaping @Sendable (RecordedRequest) -> Behaviour? = { _ in nil }) throws {
        server = try LoopbackHTTPServer { request in
            intercept(request) ?? Self.forward(request, to: sandbox)
        }
    }

    deinit { server.stop() }

    var baseURL: String { server.baseURL.absoluteString }

    /// Every bearer token a client sent, so tests can check none was printed.
    var bearerTokens: [String] {
        server.requests.compactMap { request in
            guard let value = request.header("Authorization"), value.hasPrefix("Bearer ") else { return nil }
            return String(value.dropFirst(7))
        }
    }

    /// Runs the sandbox for one request. The handler runs on the server's connection thread, so
    /// blocking it on a semaphore while a task answers is safe.
    private static func forward(_ request: RecordedRequest, to sandbox: any HTTPTransport) -> Behaviour {
        guard let url = URL(string: "http://127.0.0.1" + request.target) else { return .respond(status: 400, text: "bad target") }
        var headers = HTTPHeaders()
        for header in request.headers { headers.add(name: header.name, value: header.value) }
        let transportRequest = TransportRequest(method: HTTPMethod(rawValue: request.method), url: url, headers: headers, body: request.body)
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                box.set(.success(try await sandbox.send(transportRequest)))
            } catch {
                box.set(.failure(error))
            }
            done.signal()
        }
        done.wait()
        switch box.value {
        case .success(let response):
            let headers = response.headers.fields
                .filter { !["content-length", "transfer-encoding", "connection"].contains($0.name.lowercased()) }
                .map { ($0.name, $0.value) }
            return .respond(status: response.status, headers: headers, body: response.body)
        case .failure, nil:
            return .closeAfterReading
        }
    }
}

private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<TransportResponse, any Error>?

    func set(_ value: Result<TransportResponse, any Error>) {
        lock.lock()
        result = value
        lock.unlock()
    }

    var value: Result<TransportResponse, any Error>? {
        lock.lock()
        defer { lock.unlock() }
        return result
    }
}
