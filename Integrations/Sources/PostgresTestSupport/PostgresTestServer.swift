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

/// Where a PostgreSQL server listens and whom to connect as.
public struct PostgresEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The host (an address or a name).
    public var host: String
    /// The TCP port.
    public var port: Int
    /// The role to connect as.
    public var username: String
    /// The password, if the server asks for one (the clusters started here trust local connections).
    public var password: String?
    /// The database.
    public var database: String

    /// Creates an endpoint.
    public init(host: String, port: Int, username: String, password: String? = nil, database: String) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
    }

    /// Reads `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` (also `postgresql://`).
    ///
    /// - Throws: ``PostgresTestSupportError`` when a part is missing.
    public init(url text: String) throws {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme.lowercased()),
              let host = components.host, !host.isEmpty,
              let user = components.user, !user.isEmpty
        else {
            throw PostgresTestSupportError(
                "\(PostgresTestServer.environmentVariable) must look like postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
        }
        let database = String(components.path.drop { $0 == "/" })
        self.init(host: host, port: components.port ?? 5432, username: user, password: components.password,
                  database: database.isEmpty ? "postgres" : database)
    }

    /// The same server, another database.
    public func withDatabase(_ name: String) -> PostgresEndpoint {
        var copy = self
        copy.database = name
        return copy
    }

    /// A configuration for `PostgresConnection` (no TLS: the servers are local).
    public var connectionConfiguration: PostgresConnection.Configuration {
        PostgresConnection.Configuration(host: host, port: port, username: username, password: password, database: database, tls: .disable)
    }

    /// A configuration for `PostgresClient` (no TLS: the servers are local).
    public var clientConfiguration: PostgresClient.Configuration {
        PostgresClient.Configuration(host: host, port: port, username: username, password: password, database: database, tls: .disable)
    }

    /// Creates a new, empty database on this server and returns its endpoint, so that a suite's
    /// tables cannot meet another suite's.
    ///
    /// - Parameter prefix: The start of the database's name; a random suffix follows.
    /// - Returns: The endpoint of the new database.
    /// - Throws: What PostgresNIO throws when the server cannot be reached or refuses.
    public func makeDatabase(prefix: String = "sms_test") async throws -> PostgresEndpoint {
        let name = "\(prefix)_\(UInt32.random(in: 0...UInt32.max))"
        try await withConnection { connection in
            // Identifiers cannot be bound; `name` is letters, digits and underscores.
            _ = try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \"\(name)\""), logger: PostgresTestServer.logger)
        }
        return withDatabase(name)
    }

    /// Runs `body` with a connection to this endpoint and closes it afterwards.
    ///
    /// - Parameter body: What to do with the connection.
    /// - Returns: What `body` returns.
    /// - Throws: What connecting or `body` throws.
    public func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await PostgresConnection.connect(
            configuration: connectionConfiguration, id: 1, logger: PostgresTestServer.logger)
        let result: Result<T, any Error>
        do {
            result = .success(try await body(connection))
        } catch {
            result = .failure(error)
        }
        try? await connection.close()
        return try result.get()
    }

    /// `postgres://user@host:port/database`, without the password.
    public var description: String { "postgres://\(username)@\(host):\(port)/\(database)" }
}

/// Why the test support could not provide a server.
public struct PostgresTestSupportError: Error, CustomStringConvertible {
    /// What went wrong, with the command's output where there is one.
    public let message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
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
