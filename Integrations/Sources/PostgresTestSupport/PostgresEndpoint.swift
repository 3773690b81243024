import Foundation
import PostgresNIO

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
    ///
    /// Its pool holds at most 8 connections (PostgresNIO's default is 20): the tests run side by
    /// side on one server, each with clients of its own, and together they must stay below the
    /// server's `max_connections`.
    public var clientConfiguration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(host: host, port: port, username: username, password: password,
                                                         database: database, tls: .disable)
        configuration.options.maximumConnections = 8
        return configuration
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
