import Foundation

/// Calls the push target with queued reports, one after another, each until it answers HTTP 200
/// or its attempts run out, and keeps a record of every call.
actor Every8DPushDispatcher {
    let target: Every8DPushTarget
    private let clock: SandboxClock
    private var queue: [String] = []
    private var running = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private(set) var attempts: [Every8DPushAttempt] = []

    init(target: Every8DPushTarget, clock: SandboxClock) {
        self.target = target
        self.clock = clock
    }

    /// Queues reports and starts delivering them if nothing is under way.
    func enqueue(_ queries: [String]) {
        guard !queries.isEmpty else { return }
        queue += queries
        guard !running else { return }
        running = true
        Task { await self.drain() }
    }

    /// Returns once every queued report has been delivered or given up on.
    func waitUntilIdle() async {
        guard running else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    private func drain() async {
        while !queue.isEmpty {
            await deliver(queue.removeFirst())
        }
        running = false
        let waiters = idleWaiters
        idleWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    private func deliver(_ query: String) async {
        let attemptsAllowed = max(1, target.maxAttempts)
        for attempt in 1...attemptsAllowed {
            let at = await clock.now()
            let status = await call(query)
            attempts.append(Every8DPushAttempt(query: query, attempt: attempt, status: status, at: at))
            if status == 200 || attempt == attemptsAllowed { return }
            if target.retryDelay > .zero { try? await Task.sleep(for: target.retryDelay) }
        }
    }

    private func call(_ query: String) async -> Int? {
        switch target.destination {
        case .handler(let handle):
            return await handle(query)
        case .url(let url, let transport):
            guard let full = Self.url(url, appending: query) else { return nil }
            let request = TransportRequest(method: .get, url: full, timeout: .seconds(10))
            return try? await transport.send(request).status
        }
    }

    /// `url` with `query` after its own query (joined by `&`) or as its query.
    static func url(_ url: URL, appending query: String) -> URL? {
        var text = url.absoluteString
        if let hash = text.firstIndex(of: "#") { text = String(text[..<hash]) }
        if text.contains("?") {
            text += text.hasSuffix("?") || text.hasSuffix("&") ? query : "&" + query
        } else {
            text += "?" + query
        }
        return URL(string: text)
    }
}
