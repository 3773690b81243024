/// Hands every ``CallEvent`` to several observers, in order: logs, metrics and traces at once.
///
/// ```swift
/// configuration.observer = MultiplexCallObserver([logging, metrics, tracing])
/// ```
///
/// ``withCall(_:_:)`` nests the observers' own, the first outermost, so a tracing observer's span
/// is current for the events the others see after it in the list.
public struct MultiplexCallObserver: CallObserver {
    /// The observers, in the order they see each event.
    public let observers: [any CallObserver]

    /// Creates an observer that hands each event to `observers`, in order.
    ///
    /// - Parameter observers: The observers.
    public init(_ observers: [any CallObserver]) {
        self.observers = observers
    }

    /// Hands `event` to every observer, in order.
    public func observe(_ event: CallEvent) {
        for observer in observers { observer.observe(event) }
    }

    /// Runs `call` inside every observer's ``CallObserver/withCall(_:_:)``, the first outermost.
    public func withCall<Output>(_ event: CallEvent, _ call: () async throws -> Output) async throws -> Output {
        try await nest(from: 0, event, call)
    }

    private func nest<Output>(from index: Int, _ event: CallEvent, _ call: () async throws -> Output) async throws -> Output {
        guard index < observers.count else { return try await call() }
        return try await observers[index].withCall(event) { try await nest(from: index + 1, event, call) }
    }
}
