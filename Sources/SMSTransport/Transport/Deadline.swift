/// Runs work under an overall deadline enforced by the SDK itself.
///
/// The work and a timer race in a task group: whichever finishes first wins and the other is
/// cancelled. The work must react to cancellation promptly, because the group waits for it to
/// end before returning. ``URLSessionTransport`` uses it for ``TransportRequest/timeout``, since
/// URLSession's own timers are whole-second idle timers on Linux and do not end every hang.
@_spi(SMSInternals) public enum Deadline {
    /// Runs `operation`, failing with ``TransportError/Code/timedOut`` if it has not finished
    /// within `duration`.
    ///
    /// - Parameters:
    ///   - duration: The overall limit. Zero or less fails at once without starting `operation`.
    ///   - operation: The work; it must react to cancellation.
    /// - Returns: What `operation` returns, if it finishes first.
    /// - Throws: What `operation` throws if it finishes first; ``TransportError`` with code
    ///   `.timedOut` (and ``TransportError/requestMayHaveBeenProcessed`` `true`) when the deadline
    ///   passes first; `CancellationError` if the calling task is cancelled.
    public static func run<T: Sendable>(
        within duration: Duration,
        _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try Task.checkCancellation()
        guard duration > .zero else {
            throw TransportError(.timedOut, requestMayHaveBeenProcessed: false, detail: "the deadline had already passed")
        }
        // Not `T?`: an operation whose own result is `nil` must not read as the timer winning.
        return try await withThrowingTaskGroup(of: DeadlineOutcome<T>.self) { group in
            group.addTask { .finished(try await operation()) }
            group.addTask {
                try await Task.sleep(for: duration)
                return .timedOut
            }
            defer { group.cancelAll() }
            do {
                guard let first = try await group.next() else { throw CancellationError() }
                guard case .finished(let value) = first else {
                    throw TransportError(.timedOut, detail: "no complete response within \(duration)")
                }
                return value
            } catch is CancellationError {
                // The timer only throws when it is cancelled, so a CancellationError reaching here
                // means the caller was cancelled (or the work gave up on its own).
                throw CancellationError()
            }
        }
    }
}

/// Which side of a deadline race finished first.
private enum DeadlineOutcome<T: Sendable>: Sendable {
    case finished(T)
    case timedOut
}
