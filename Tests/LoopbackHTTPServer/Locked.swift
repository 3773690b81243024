import Foundation

/// A value guarded by a lock, for the server's state shared between its threads.
///
/// `@unchecked Sendable` is sound here because every access goes through `withLock`. It stays
/// internal to this test-support target: `Mutex` would do, but it needs macOS 15.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
