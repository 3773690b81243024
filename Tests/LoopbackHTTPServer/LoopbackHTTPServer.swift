import Dispatch
import Foundation

/// A small HTTP/1.1 server on 127.0.0.1 that a test starts, scripts and stops itself.
///
/// It binds port 0 so the OS picks a free port (no races between parallel tests), records every
/// request exactly as it arrived (request line, raw header lines in order, body bytes), counts
/// connections, and meets each request with a scripted ``Behaviour``: a normal answer, silence,
/// a dropped connection, a truncated body, a delay, or a handler's decision.
///
/// ```swift
/// let server = try LoopbackHTTPServer()
/// defer { server.stop() }
/// server.enqueue(.respond(status: 200, text: "1000.00"))
/// // … send a request to server.baseURL …
/// let request = try await server.waitForRequests(1)[0]
/// ```
///
/// Every connection is served by its own thread with blocking sockets; no third-party code.
public final class LoopbackHTTPServer: Sendable {
    /// What the server has seen so far.
    public struct Activity: Sendable {
        /// Every request received, in order.
        public var requests: [RecordedRequest]
        /// Connections accepted.
        public var connectionsAccepted: Int
        /// Connections the client closed (end of stream seen by the server) while the server
        /// waited for a request, held one open unanswered, or delayed its answer.
        public var connectionsClosedByClient: Int
        /// Connections still open.
        public var connectionsOpen: Int
        /// Behaviours taken from the queue or the default, including ones that closed the
        /// connection before a request was read.
        public var behavioursUsed: Int
    }

    /// Thrown by the waiting helpers when what they wait for did not happen in time.
    public struct WaitTimedOut: Error, CustomStringConvertible {
        /// What was awaited.
        public let what: String
        public var description: String { "timed out waiting for \(what)" }
    }

    private let core: ServerCore

    /// The port the server listens on (chosen by the OS).
    public let port: UInt16

    /// Starts a server on 127.0.0.1.
    ///
    /// - Parameter defaultBehaviour: What requests meet when the queue is empty (by default a
    ///   `500` saying no behaviour was scripted, so a test notices an unexpected request).
    /// - Throws: A socket error if the port cannot be bound.
    public init(defaultBehaviour: Behaviour = .respond(status: 500, text: "no scripted behaviour")) throws {
        let listener = try Socket.listenOnLoopback()
        let wake: (read: Int32, write: Int32)
        do {
            wake = try Socket.makeWakePipe()
        } catch {
            Socket.closeDescriptor(listener.fd)
            throw error
        }
        core = ServerCore(listenFD: listener.fd, wakeRead: wake.read, wakeWrite: wake.write, defaultBehaviour: defaultBehaviour)
        port = listener.port
        core.start()
    }

    /// Starts a server that answers every request through `handler` (unless behaviours are queued).
    public convenience init(handler: @escaping @Sendable (RecordedRequest) -> Behaviour) throws {
        try self.init(defaultBehaviour: .handle(handler))
    }

    deinit {
        core.stop()
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: URL {
        // Always a valid URL: a fixed scheme, a literal address and a number.
        URL(string: "http://127.0.0.1:\(port)")!
    }

    /// The URL of `pathAndQuery` (which starts with `/`) on this server.
    public func url(_ pathAndQuery: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(pathAndQuery)")!
    }

    /// Queues behaviours for the next requests, in order.
    public func enqueue(_ behaviours: Behaviour...) {
        core.state.withLock { $0.queue.append(contentsOf: behaviours) }
    }

    /// Queues behaviours for the next requests, in order.
    public func enqueue(contentsOf behaviours: [Behaviour]) {
        core.state.withLock { $0.queue.append(contentsOf: behaviours) }
    }

    /// Replaces what requests meet when the queue is empty.
    public func setDefaultBehaviour(_ behaviour: Behaviour) {
        core.state.withLock { $0.defaultBehaviour = behaviour }
    }

    /// Every request received so far, in order.
    public var requests: [RecordedRequest] {
        core.state.withLock { $0.requests }
    }

    /// How many connections the server has accepted.
    public var connectionCount: Int {
        core.state.withLock { $0.connectionsAccepted }
    }

    /// A snapshot of everything the server has seen.
    public var activity: Activity {
        core.state.withLock { $0.activity }
    }

    /// Waits until `condition` holds for the server's activity, or `timeout` passes.
    ///
    /// The condition is checked on every change the server records, so tests synchronise on
    /// events instead of sleeping.
    ///
    /// - Returns: Whether the condition held before the timeout.
    public func waitUntil(
        timeout: Duration = .seconds(10),
        _ condition: @escaping @Sendable (Activity) -> Bool
    ) async -> Bool {
        await core.wait(timeout: timeout, condition: condition)
    }

    /// Waits until at least `count` requests have arrived and returns all of them.
    ///
    /// - Throws: ``WaitTimedOut`` if fewer arrived within `timeout`.
    public func waitForRequests(_ count: Int, timeout: Duration = .seconds(10)) async throws -> [RecordedRequest] {
        guard await waitUntil(timeout: timeout, { $0.requests.count >= count }) else {
            throw WaitTimedOut(what: "\(count) requests (got \(requests.count))")
        }
        return requests
    }

    /// Waits until the client has closed at least `count` connections.
    ///
    /// - Throws: ``WaitTimedOut`` if it did not happen within `timeout`.
    public func waitForClientCloses(_ count: Int, timeout: Duration = .seconds(10)) async throws {
        guard await waitUntil(timeout: timeout, { $0.connectionsClosedByClient >= count }) else {
            throw WaitTimedOut(what: "\(count) connections closed by the client")
        }
    }

    /// Stops listening, wakes and closes every connection, and waits (briefly) until the listening
    /// socket is closed. Safe to call more than once; do not call it from a handler.
    ///
    /// It does not wait for the connections' threads: one may be inside a handler that needs the
    /// concurrency pool (a sandbox behind the server), and a test calling `stop()` holds one of
    /// the pool's few threads while it waits. They end on their own once their handler returns.
    public func stop() {
        core.stop()
    }
}

/// The state and threads behind a server, kept apart so the threads do not keep the public object alive.
final class ServerCore: Sendable {
    struct Waiter {
        let condition: @Sendable (LoopbackHTTPServer.Activity) -> Bool
        let continuation: CheckedContinuation<Bool, Never>
    }

    struct State {
        var queue: [Behaviour] = []
        var defaultBehaviour: Behaviour
        var requests: [RecordedRequest] = []
        var connectionsAccepted = 0
        var connectionsClosedByClient = 0
        var behavioursUsed = 0
        var openConnections: Set<Int32> = []
        var stopped = false
        var waiters: [UInt64: Waiter] = [:]
        var nextWaiterID: UInt64 = 0

        var activity: LoopbackHTTPServer.Activity {
            .init(
                requests: requests,
                connectionsAccepted: connectionsAccepted,
                connectionsClosedByClient: connectionsClosedByClient,
                connectionsOpen: openConnections.count,
                behavioursUsed: behavioursUsed)
        }

        /// Removes and returns the waiters whose condition now holds.
        mutating func satisfiedWaiters() -> [Waiter] {
            guard !waiters.isEmpty else { return [] }
            let snapshot = activity
            let ready = waiters.filter { $0.value.condition(snapshot) }.map(\.key)
            return ready.compactMap { waiters.removeValue(forKey: $0) }
        }
    }

    let state: Locked<State>
    private let listenFD: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let acceptLoopRunning = DispatchGroup()

    init(listenFD: Int32, wakeRead: Int32, wakeWrite: Int32, defaultBehaviour: Behaviour) {
        self.listenFD = listenFD
        self.wakeRead = wakeRead
        self.wakeWrite = wakeWrite
        self.state = Locked(State(defaultBehaviour: defaultBehaviour))
    }

    deinit {
        // Every thread holds the core, so none is polling the pipe any more.
        Socket.closeDescriptor(wakeRead)
    }

    func start() {
        acceptLoopRunning.enter()
        Thread.detachNewThread { [self] in
            acceptLoop()
            acceptLoopRunning.leave()
        }
    }

    func stop() {
        let toResume: [(Waiter, Bool)]? = state.withLock { state in
            guard !state.stopped else { return nil }
            state.stopped = true
            // Under the lock: a connection's thread removes its descriptor here before closing it,
            // so every descriptor in the set is still ours.
            for fd in state.openConnections { Socket.shutdownBoth(fd) }
            let snapshot = state.activity
            let all = state.waiters.values.map { ($0, $0.condition(snapshot)) }
            state.waiters.removeAll()
            return all
        }
        guard let toResume else { return }
        Socket.closeDescriptor(wakeWrite)
        for (waiter, result) in toResume { waiter.continuation.resume(returning: result) }
        _ = acceptLoopRunning.wait(timeout: .now() + .seconds(5))
    }

    func wait(timeout: Duration, condition: @escaping @Sendable (LoopbackHTTPServer.Activity) -> Bool) async -> Bool {
        await withCheckedContinuation { continuation in
            let id: UInt64? = state.withLock { state in
                if condition(state.activity) || state.stopped { return nil }
                let id = state.nextWaiterID
                state.nextWaiterID += 1
                state.waiters[id] = Waiter(condition: condition, continuation: continuation)
                return id
            }
            guard let id else {
                continuation.resume(returning: state.withLock { condition($0.activity) })
                return
            }
            Task { [state] in
                try? await Task.sleep(for: timeout)
                if let waiter = state.withLock({ $0.waiters.removeValue(forKey: id) }) {
                    waiter.continuation.resume(returning: false)
                }
            }
        }
    }

    /// Applies `change` to the state and resumes the waiters it satisfies.
    private func update<Result>(_ change: (inout State) -> Result) -> Result {
        let (result, ready) = state.withLock { state in
            let result = change(&state)
            return (result, state.satisfiedWaiters())
        }
        for waiter in ready { waiter.continuation.resume(returning: true) }
        return result
    }

    // MARK: - Threads

    private func acceptLoop() {
        defer { Socket.closeDescriptor(listenFD) }
        while true {
            guard Socket.waitReadable(listenFD, wake: wakeRead, timeoutMilliseconds: -1) == .readable else { return }
            let client: Int32
            do {
                guard let accepted = try Socket.accept(listenFD) else { continue }
                client = accepted
            } catch {
                return
            }
            let index: Int? = update { state in
                guard !state.stopped else { return nil }
                state.connectionsAccepted += 1
                state.openConnections.insert(client)
                return state.connectionsAccepted
            }
            guard let index else {
                Socket.closeDescriptor(client)
                return
            }
            Thread.detachNewThread { [self] in serve(client, connection: index) }
        }
    }

    private func serve(_ fd: Int32, connection: Int) {
        defer {
            update { _ = $0.openConnections.remove(fd) }
            Socket.closeDescriptor(fd)
        }
        var reader = RequestReader(fd: fd)
        while true {
            if !reader.hasBufferedBytes {
                guard Socket.waitReadable(fd, wake: wakeRead, timeoutMilliseconds: -1) == .readable else { return }
                if Socket.peerHasClosed(fd) {
                    update { $0.connectionsClosedByClient += 1 }
                    return
                }
            }
            let behaviour = update { state -> Behaviour in
                state.behavioursUsed += 1
                return state.queue.isEmpty ? state.defaultBehaviour : state.queue.removeFirst()
            }
            if case .closeBeforeReading = behaviour { return }
            if case .sendRawBeforeReading(let bytes) = behaviour {
                var arrived: [UInt8] = []
                _ = Socket.receive(fd, into: &arrived)
                _ = Socket.sendAll(fd, Array(bytes))
                return
            }

            let request: RecordedRequest
            do {
                request = try reader.readRequest(sequenceNumber: 0, connection: connection) {
                    _ = Socket.sendAll(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
                }
            } catch RequestReader.Failure.closed {
                update { $0.connectionsClosedByClient += 1 }
                return
            } catch {
                _ = Socket.sendAll(fd, ScriptedResponse(status: 400, closeConnection: true).head())
                return
            }
            let recorded = update { state -> RecordedRequest in
                var recorded = request
                recorded.sequenceNumber = state.requests.count + 1
                state.requests.append(recorded)
                return recorded
            }
            guard perform(behaviour, for: recorded, on: fd) else { return }
            if recorded.header("connection")?.lowercased() == "close" || recorded.version == "HTTP/1.0" { return }
        }
    }

    /// Carries out `behaviour`; returns whether the connection stays open for another request.
    private func perform(_ behaviour: Behaviour, for request: RecordedRequest, on fd: Int32) -> Bool {
        switch behaviour {
        case .respond(let response):
            let sent = Socket.sendAll(fd, response.head() + response.wireBody())
            return sent && !response.endsConnection
        case .neverAnswer:
            holdOpen(fd)
            return false
        case .respondThenCloseWhenIdle(let response, let idle):
            guard Socket.sendAll(fd, response.head() + response.wireBody()), !response.endsConnection else { return false }
            return awaitNextRequest(on: fd, within: idle)
        case .sendRaw(let bytes), .sendRawBeforeReading(let bytes):
            _ = Socket.sendAll(fd, Array(bytes))
            return false
        case .closeBeforeReading, .closeAfterReading:
            return false
        case .truncatedBody(let response, let bytesSent):
            let body = response.wireBody()
            _ = Socket.sendAll(fd, response.head(contentLength: response.body.count) + body.prefix(max(0, bytesSent)))
            return false
        case .stallBody(let response, let bytesSent):
            let body = response.wireBody()
            if Socket.sendAll(fd, response.head(contentLength: response.body.count) + body.prefix(max(0, bytesSent))) {
                holdOpen(fd)
            }
            return false
        case .delayed(let delay, let next):
            guard pause(delay, on: fd) else { return false }
            return perform(next, for: request, on: fd)
        case .handle(let handler):
            let next = handler(request)
            if case .closeBeforeReading = next { return false }
            return perform(next, for: request, on: fd)
        }
    }

    /// Keeps the connection open, discarding anything the client sends, until it closes or the server stops.
    private func holdOpen(_ fd: Int32) {
        var scratch: [UInt8] = []
        while Socket.waitReadable(fd, wake: wakeRead, timeoutMilliseconds: -1) == .readable {
            scratch.removeAll(keepingCapacity: true)
            if Socket.receive(fd, into: &scratch) <= 0 {
                update { $0.connectionsClosedByClient += 1 }
                return
            }
        }
    }

    /// Waits up to `idle` for the client's next request on a kept-alive connection; `false` (close
    /// it) when none starts in time, the client closed it or the server stopped.
    private func awaitNextRequest(on fd: Int32, within idle: Duration) -> Bool {
        let milliseconds = Int32(clamping: Int64(idle.components.seconds * 1000 + idle.components.attoseconds / 1_000_000_000_000_000))
        switch Socket.waitReadable(fd, wake: wakeRead, timeoutMilliseconds: max(0, milliseconds)) {
        case .timedOut, .stopped:
            return false
        case .readable:
            if Socket.peerHasClosed(fd) {
                update { $0.connectionsClosedByClient += 1 }
                return false
            }
            return true
        }
    }

    /// Waits `delay`; `false` if the client closed the connection or the server stopped meanwhile.
    private func pause(_ delay: Duration, on fd: Int32) -> Bool {
        let deadline = ContinuousClock.now + delay
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { return true }
            let milliseconds = Int32(clamping: Int64(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1))
            switch Socket.waitReadable(fd, wake: wakeRead, timeoutMilliseconds: milliseconds) {
            case .timedOut:
                continue
            case .stopped:
                return false
            case .readable:
                if Socket.peerHasClosed(fd) {
                    update { $0.connectionsClosedByClient += 1 }
                    return false
                }
                // A pipelined request is waiting; keep it for later and just let the time pass.
                return !Socket.waitForStop(wake: wakeRead, timeoutMilliseconds: milliseconds)
            }
        }
    }
}
