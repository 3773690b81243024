/// One piece of work at a time for many callers: the first caller starts it, callers arriving
/// while it runs wait for its result, and the next caller after it ends starts it anew.
///
/// The work runs in a task of its own, so a caller that is cancelled stops waiting at once while
/// the work carries on (a login bounded by its own deadline) and its result serves the others.
package actor SingleFlight<Value: Sendable> {
    private var running = false
    private var waiters: [Int: CheckedContinuation<Value, any Error>] = [:]
    private var unregistered: Set<Int> = []
    private var cancelledWaiters: Set<Int> = []
    private var nextWaiter = 0

    package init() {}

    /// How many callers wait for the running work (for tests that need to know they arrived).
    package var waitingCallers: Int { waiters.count }

    /// The result of `work`: started now, or the one already running.
    package func run(_ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try Task.checkCancellation()
        if !running {
            running = true
            Task {
                let result: Result<Value, any Error>
                do { result = .success(try await work()) } catch { result = .failure(error) }
                self.finish(result)
            }
        }
        let id = nextWaiter
        nextWaiter += 1
        unregistered.insert(id)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                unregistered.remove(id)
                if cancelledWaiters.remove(id) != nil {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func finish(_ result: Result<Value, any Error>) {
        running = false
        let resumed = waiters
        waiters = [:]
        for continuation in resumed.values { continuation.resume(with: result) }
    }

    private func cancelWaiter(_ id: Int) {
        if let continuation = waiters.removeValue(forKey: id) {
            continuation.resume(throwing: CancellationError())
        } else if unregistered.contains(id) {
            // Cancelled before it registered: make the registration fail at once.
            cancelledWaiters.insert(id)
        }
    }
}
