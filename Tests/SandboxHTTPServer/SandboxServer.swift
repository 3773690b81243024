import Foundation
import LoopbackHTTPServer
import SMSTransport

/// A real HTTP server on 127.0.0.1 that hands every request to an in-process sandbox gateway,
/// so that commands and other processes run with URLSessionTransport against "a server given by
/// the environment" (the example commands' tests, the state stores' multi-process tests).
///
/// `intercept` may answer a request itself (to inject a fault) before it reaches the sandbox.
public final class SandboxServer: Sendable {
    /// The loopback server, with every request it received.
    public let server: LoopbackHTTPServer

    /// Starts a server in front of `sandbox`.
    public init(_ sandbox: any HTTPTransport, intercept: @escaping @Sendable (RecordedRequest) -> Behaviour? = { _ in nil }) throws {
        server = try LoopbackHTTPServer { request in
            intercept(request) ?? SandboxForwarding.forward(request, to: sandbox).behaviour
        }
    }

    deinit { server.stop() }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { server.baseURL.absoluteString }

    /// Every bearer token a client sent, so tests can check none was printed.
    public var bearerTokens: [String] {
        server.requests.compactMap { request in
            guard let value = request.header("Authorization"), value.hasPrefix("Bearer ") else { return nil }
            return String(value.dropFirst(7))
        }
    }
}

/// Answers what the loopback server receives by asking an in-process sandbox.
public enum SandboxForwarding {
    /// The sandbox's answer to `request`, as a behaviour and (when there is one) a response.
    ///
    /// Runs on the server's connection thread, which may block while a task asks the sandbox.
    public static func forward(_ request: RecordedRequest, to sandbox: any HTTPTransport) -> (behaviour: Behaviour, response: ScriptedResponse?) {
        guard let url = URL(string: "http://127.0.0.1" + request.target) else { return (.respond(status: 400, text: "bad target"), nil) }
        var headers = HTTPHeaders()
        for header in request.headers { headers.add(name: header.name, value: header.value) }
        let transportRequest = TransportRequest(method: HTTPMethod(rawValue: request.method), url: url, headers: headers,
                                                body: request.body, timeout: .seconds(10))
        let box = SandboxResultBox()
        let done = DispatchSemaphore(value: 0)
        // On the sandbox's own thread: other processes' calls (the multi-process tests' probes)
        // must not wait for this process's concurrency pool, which the rest of the suite keeps busy.
        Task(executorPreference: SandboxThread.shared) {
            do { box.set(.success(try await sandbox.send(transportRequest))) } catch { box.set(.failure(error)) }
            done.signal()
        }
        done.wait()
        guard case .success(let response)? = box.value else { return (.closeAfterReading, nil) }
        let fields = response.headers.fields
            .filter { !["content-length", "transfer-encoding", "connection"].contains($0.name.lowercased()) }
            .map { ($0.name, $0.value) }
        let scripted = ScriptedResponse(status: response.status, headers: fields, body: response.body)
        return (.respond(scripted), scripted)
    }
}

private final class SandboxResultBox: @unchecked Sendable {
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

/// One thread of its own that runs the sandbox's tasks (a `TaskExecutor`): the actors of a
/// sandbox have no executor of their own, so with this preference their work runs here too.
final class SandboxThread: TaskExecutor, @unchecked Sendable {
    // `@unchecked`: `jobs` is only touched with `condition` locked.
    static let shared = SandboxThread()

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private init() {
        let thread = Thread { [unowned self] in run() }
        thread.name = "sandbox-server"
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
