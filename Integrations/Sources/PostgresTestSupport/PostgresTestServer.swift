import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL server the tests use: never one started by hand.
///
/// ``shared()`` is the server named by `SMS_TEST_POSTGRES_URL`
/// (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`, as `.ci/run` exports it) when that is set;
/// otherwise a throw-away cluster that this process starts on first use (``PostgresTestCluster``)
/// and stops when it exits. Tests that stop and restart PostgreSQL take a
/// ``withPrivateCluster(_:)`` of their own instead, so that they never pull the shared server
/// from under other tests running in parallel.
///
/// ```swift
/// let server = try await PostgresTestServer.shared()
/// let database = try await server.makeDatabase()      // a fresh, empty database for this suite
/// let connection = try await PostgresConnection.connect(
///     configuration: database.connectionConfiguration, id: 1, logger: logger)
/// ```
public enum PostgresTestServer {
    /// The environment variable that names an existing server.
    public static let environmentVariable = "SMS_TEST_POSTGRES_URL"

    /// The server for this test run: the one in ``environmentVariable``, or a cluster started once
    /// for the whole process.
    ///
    /// - Throws: ``PostgresTestSupportError`` when the variable is malformed, or when no cluster
    ///   can be started (PostgreSQL not installed, `initdb` failed).
    public static func shared() async throws -> PostgresEndpoint {
        try await SharedCluster.instance.endpoint()
    }

    /// Runs `body` with a cluster of its own, which it may stop and start again, and removes the
    /// cluster afterwards (also when `body` throws).
    ///
    /// - Parameter body: The test; the cluster is running when it starts.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws, or ``PostgresTestSupportError`` when the cluster cannot start.
    public static func withPrivateCluster<T: Sendable>(_ body: (PostgresTestCluster) async throws -> T) async throws -> T {
        let cluster = try await PostgresTestCluster.start()
        let result: Result<T, any Error>
        do {
            result = .success(try await body(cluster))
        } catch {
            result = .failure(error)
        }
        await cluster.remove()
        return try result.get()
    }
}

extension PostgresTestServer {
    /// PostgresNIO wants a logger; the tests do not read its output.
    static let logger = Logger(label: "sms.tests.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
}

/// The cluster shared by a test process, started on first use and stopped at exit.
private actor SharedCluster {
    static let instance = SharedCluster()

    private var started: Task<PostgresEndpoint, any Error>?

    func endpoint() async throws -> PostgresEndpoint {
        if let started { return try await started.value }
        let task = Task { () throws -> PostgresEndpoint in
            if let text = ProcessInfo.processInfo.environment[PostgresTestServer.environmentVariable], !text.isEmpty {
                return try PostgresEndpoint(url: text)
            }
            let cluster = try await PostgresTestCluster.start()
            PostgresTestCluster.stopAtExit(cluster)
            return cluster.endpoint
        }
        started = task
        return try await task.value
    }
}
