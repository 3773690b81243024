#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A small HTTP/1.1 server for answering webhooks from the command line: one request per
/// connection (answered with `Connection: close`), every wait bounded, every size capped.
///
/// Each connection gets a thread of its own (at most ``Limits/connections`` at once; more are
/// answered 503), which reads the request head within ``Limits/headTimeout`` and
/// ``Limits/headBytes`` (otherwise 408, 414 or 431), refuses what is not HTTP/1.x (400, 505),
/// hands the head to the responder and writes its answer. A request body is never read: the
/// responder answers from the head (webhooks here are GETs). Nothing a client sends can crash it
/// or hold it for longer than the timeouts.
final class HTTPListener: @unchecked Sendable {
    // @unchecked: the mutable state (`stopped`, `active`, `finished`) is touched only with `lock` held.

    /// Bounds on what one client can cost.
    struct Limits: Sendable {
        /// The most bytes of request line and header fields (default 16 KiB).
        var headBytes = 16 * 1024
        /// How long a client may take to send its request head (default 10 seconds).
        var headTimeout: Duration = .seconds(10)
        /// The most connections handled at once (default 64).
        var connections = 64
    }

    /// What to answer.
    struct Response: Sendable {
        var status: Int
        var body: String
        var headers: [(String, String)] = []
    }

    typealias Responder = @Sendable (HTTPRequestHead) async -> Response

    /// The port the listener got (the one asked for, or a free one for 0).
    let port: UInt16
    private let fd: Int32
    private let limits: Limits
    private let respond: Responder
    private let lock = NSLock()
    private var stopped = false
    private var active = 0
    private var finished: CheckedContinuation<Void, Never>?
    private var acceptLoopDone = false

    /// Binds and listens (nothing is accepted until ``run()``).
    ///
    /// - Throws: ``ListenerSocket/Failure`` when the host does not resolve or the port is taken.
    init(host: String, port: UInt16, limits: Limits = Limits(), respond: @escaping Responder) throws {
        (fd, self.port) = try ListenerSocket.listen(host: host, port: port)
        self.limits = limits
        self.respond = respond
    }

    /// Accepts connections until ``stop()``, then waits for the ones in progress and returns.
    func run() async {
        await withCheckedContinuation { continuation in
            lock.lock()
            finished = continuation
            lock.unlock()
            let thread = Thread { [self] in acceptLoop() }
            thread.name = "every8d-listen-accept"
            thread.start()
        }
    }

    /// Stops accepting; ``run()`` returns once the requests in progress are answered.
    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func acceptLoop() {
        while !isStopped {
            guard ListenerSocket.waitReadable(fd, milliseconds: 100), !isStopped, let client = ListenerSocket.accept(fd) else { continue }
            admit(client)
        }
        // Connections the kernel already accepted are calls in progress too: answer them.
        while ListenerSocket.waitReadable(fd, milliseconds: 0), let client = ListenerSocket.accept(fd) {
            admit(client)
        }
        close(fd)
        lock.lock()
        acceptLoopDone = true
        lock.unlock()
        resumeIfDone()
    }

    /// Serves `client` on a thread of its own, or answers 503 when too many are being served.
    private func admit(_ client: Int32) {
        lock.lock()
        let admitted = active < limits.connections
        if admitted { active += 1 }
        lock.unlock()
        guard admitted else {
            ListenerSocket.write(client, Self.encode(Response(status: 503, body: "busy; call again")))
            close(client)
            return
        }
        let thread = Thread { [self] in
            serve(client)
            connectionEnded()
        }
        thread.name = "every8d-listen-connection"
        thread.start()
    }

    private func connectionEnded() {
        lock.lock()
        active -= 1
        lock.unlock()
        resumeIfDone()
    }

    private func resumeIfDone() {
        lock.lock()
        var continuation: CheckedContinuation<Void, Never>?
        if acceptLoopDone && active == 0 {
            continuation = finished
            finished = nil
        }
        lock.unlock()
        continuation?.resume()
    }

    // MARK: One connection

    private func serve(_ client: Int32) {
        defer { ListenerSocket.finish(client) }
        let response: Response
        switch readHead(client) {
        case .closed:
            return
        case .refused(let status):
            response = Response(status: status, body: Self.reason(status).lowercased())
        case .head(let head):
            response = answer(head)
        }
        ListenerSocket.write(client, Self.encode(response))
    }

    private enum HeadRead {
        case head(HTTPRequestHead)
        case refused(Int)
        case closed
    }

    private func readHead(_ client: Int32) -> HeadRead {
        let deadline = ContinuousClock.now + limits.headTimeout
        var bytes: [UInt8] = []
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero, ListenerSocket.waitReadable(client, milliseconds: ListenerSocket.milliseconds(left)) else {
                return bytes.isEmpty ? .closed : .refused(408)
            }
            guard let chunk = ListenerSocket.read(client, limit: limits.headBytes + 1 - bytes.count), !chunk.isEmpty else {
                return .closed
            }
            bytes += chunk
            if let end = HTTPRequestHead.end(in: bytes) {
                do {
                    return .head(try HTTPRequestHead(bytes[..<end]))
                } catch let refusal as HTTPRequestHead.Refusal {
                    return .refused(refusal.status)
                } catch {
                    return .refused(400)
                }
            }
            if bytes.count > limits.headBytes { return .refused(HTTPRequestHead.refusalForOversized(bytes).status) }
        }
    }

    /// Runs the async responder from this connection's thread.
    private func answer(_ head: HTTPRequestHead) -> Response {
        let box = ResponseBox()
        let done = DispatchSemaphore(value: 0)
        let respond = self.respond
        Task {
            box.value = await respond(head)
            done.signal()
        }
        done.wait()
        return box.value ?? Response(status: 500, body: "internal server error")
    }

    // MARK: Writing

    static func encode(_ response: Response) -> [UInt8] {
        let body = Array(response.body.utf8)
        var head = "HTTP/1.1 \(response.status) \(reason(response.status))\r\n"
        head += "Content-Type: text/plain; charset=utf-8\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 414: "URI Too Long"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        case 505: "HTTP Version Not Supported"
        default: "Status \(status)"
        }
    }
}

/// The responder's answer, handed from its task to the connection's thread.
private final class ResponseBox: @unchecked Sendable {
    // @unchecked: written by the task before it signals the semaphore the reader waits on.
    var value: HTTPListener.Response?
}
