/// Runs work under an overall deadline enforced by the SDK.
///
/// The work and a timer race in a task group; whichever finishes first wins and the other is
/// cancelled. Cancelling the caller cancels both and surfaces `CancellationError`.
public enum Deadline {
    /// Runs `operation`, failing with ``TransportError/Code/timedOut`` if it has not finished
    /// within `duration`.
    ///
    /// - Parameters:
    ///   - duration: The overall limit.
    ///   - operation: The work; it must react to cancellation.
    /// - Throws: What `operation` throws, ``TransportError`` (`.timedOut`) at the deadline, or
    ///   `CancellationError` if the calling task is cancelled.
    public static func run<T: Sendable>(
        within duration: Duration,
        _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: duration)
                return nil
            }
            defer { group.cancelAll() }
            do {
                guard let first = try await group.next() else { throw CancellationError() }
                guard let value = first else {
                    throw TransportError(.timedOut, detail: "no complete response within \(duration)")
                }
                return value
            } catch is CancellationError {
                // Either the caller was cancelled, or the timer's sleep was; only the former reaches here first.
                throw CancellationError()
            }
        }
    }
}
