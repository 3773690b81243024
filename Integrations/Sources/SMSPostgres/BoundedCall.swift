import Foundation
import NIOConcurrencyHelpers
import PostgresNIO
import SMSTransport

/// One store operation against PostgreSQL, over within a deadline whatever the server or
/// PostgresNIO does, with every failure turned into ``StateStoreError``.
///
/// Why a race rather than a task group: PostgresNIO 1.33.2 does not always end a query when its
/// connection dies (a query written to a connection the server just closed never completes, and a
/// peer that vanished without a reset leaves it waiting for TCP), and it ignores cancellation once
/// a query is on a connection. A task group would wait for such a query forever; here the caller
/// gets ``StateStoreError`` at the deadline and the query is left to end (or not) on its own.
enum BoundedCall {
    /// Runs `body` with at most `timeout` for it.
    ///
    /// - Throws: ``StateStoreError`` (mapped from PostgresNIO's errors, or the deadline passing),
    ///   `CancellationError` when the calling task is cancelled.
    static func run<T: Sendable>(_ action: String, timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let race = Race<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                guard race.start(continuation) else { return }
                let work = Task {
                    do {
                        race.finish(.success(try await body()))
                    } catch {
                        race.finish(.failure(storeError(error, action: action)))
                    }
                }
                let timer = Task {
                    try await Task.sleep(for: timeout)
                    race.finish(.failure(StateStoreError(
                        action: action, detail: "no answer from PostgreSQL within \(timeout) (is the server up, and the PostgresClient running?)")))
                }
                race.track(work: work, timer: timer)
            }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }

    /// `error` as the store reports it: ``StateStoreError`` with a detail free of SQL, parameters
    /// (a token is a parameter) and connection strings.
    static func storeError(_ error: any Error, action: String) -> any Error {
        switch error {
        case is StateStoreError, is CancellationError:
            return error
        case let error as PSQLError:
            let detail = switch error.code {
            case .server: "PostgreSQL refused: SQLSTATE \(error.serverInfo?[.sqlState] ?? "unknown")"
            case .connectionError, .serverClosedConnection, .uncleanShutdown: "the connection to PostgreSQL failed or was closed"
            case .poolClosed: "the PostgresClient is shut down"
            case .queryCancelled: "the query was cancelled"
            default: "PostgresNIO error \(error.code)"
            }
            return StateStoreError(action: action, detail: detail)
        default:
            let name = String(describing: type(of: error))
            if name == "ConnectionPoolError", String(describing: error).contains("CircuitBreaker") {
                return StateStoreError(action: action, detail: "PostgreSQL cannot be reached (PostgresNIO is waiting before it tries to connect again)")
            }
            return StateStoreError(action: action, detail: name)
        }
    }
}

/// The first of the work, the deadline and the caller's cancellation to finish resumes the
/// caller and cancels the others.
private final class Race<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var finished: Result<T, any Error>?
        var work: Task<Void, Never>?
        var timer: Task<Void, any Error>?
    }

    private let state = NIOLockedValueBox(State())

    /// Registers the caller; `false` when it was cancelled before (it is then resumed at once).
    func start(_ continuation: CheckedContinuation<T, any Error>) -> Bool {
        let early = state.withLockedValue { state -> Result<T, any Error>? in
            if let finished = state.finished { return finished }
            state.continuation = continuation
            return nil
        }
        guard let early else { return true }
        continuation.resume(with: early)
        return false
    }

    func track(work: Task<Void, Never>, timer: Task<Void, any Error>) {
        let finished = state.withLockedValue { state -> Bool in
            state.work = work
            state.timer = timer
            return state.finished != nil
        }
        if finished {
            work.cancel()
            timer.cancel()
        }
    }

    func finish(_ result: Result<T, any Error>) {
        let (continuation, work, timer) = state.withLockedValue { state in
            guard state.finished == nil else { return (nil, nil, nil) as (CheckedContinuation<T, any Error>?, Task<Void, Never>?, Task<Void, any Error>?) }
            state.finished = result
            defer { state.continuation = nil }
            return (state.continuation, state.work, state.timer)
        }
        work?.cancel()
        timer?.cancel()
        continuation?.resume(with: result)
    }
}
