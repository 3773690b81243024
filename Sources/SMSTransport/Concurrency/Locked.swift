import Foundation

/// A value behind a lock: the state that many tasks read on every call (the in-memory store, the
/// session keeper, the endpoint cache, call numbers), where an actor would make each read two
/// executor switches and a lock makes it a few nanoseconds.
///
/// Nothing is awaited while the lock is held: `withLock`'s body is synchronous.
package final class Locked<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is read and written only inside `withLock`, with `lock` held.
    private let lock = NSLock()
    private var value: Value

    package init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value, alone.
    package func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
