import Foundation
import PostgresNIO
import PostgresTestSupport

/// Running `PostgresClient`s for the tests, as a service runs its own: `run()` in a task for as
/// long as the test uses the client.
enum PostgresTestClient {
    /// Runs `body` with a running client for `endpoint`, and stops the client afterwards.
    static func with<T: Sendable>(_ endpoint: PostgresEndpoint, _ body: @escaping @Sendable (PostgresClient) async throws -> T) async throws -> T {
        let client = PostgresClient(configuration: endpoint.clientConfiguration)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            group.addTask { try await body(client) }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let result = next { return result }
            }
            throw CancellationError()
        }
    }

    /// A fresh database on the shared test server, made once per process for the tests that may share one.
    static let sharedDatabase = Task { try await PostgresTestServer.shared().makeDatabase(prefix: "sms_store") }
}
