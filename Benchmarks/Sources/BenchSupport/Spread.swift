/// Makes `calls` calls of `call`, spread evenly over `concurrency` tasks.
public func spread(_ calls: Int, over concurrency: Int, _ call: @escaping @Sendable () async throws -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<concurrency {
            let share = calls / concurrency + (worker < calls % concurrency ? 1 : 0)
            group.addTask {
                for _ in 0..<share { try await call() }
            }
        }
        try await group.waitForAll()
    }
}
