import Foundation
import PostgresNIO
import PostgresTestSupport
import Testing

/// Proves the PostgreSQL machinery the store tests stand on: a real server, reached through
/// PostgresNIO, and a private cluster that can be taken away and brought back.
///
/// Seen with PostgresNIO 1.33.2 while writing these (for tests that stop the server mid-run):
/// - a query on a `PostgresConnection` whose server has shut down never returns (the request is
///   written to the closed channel with no promise); wait for `closeFuture` or check `isClosed`;
/// - a `PostgresClient` query while the server is down waits about a minute (connection attempts
///   with back-off) and then fails with `connectionCreationCircuitBreakerTripped`; right after the
///   server is back, the next query still fails that way until the breaker closes again.
@Suite("PostgresTestServer")
struct PostgresTestServerTests {
    @Test("the shared server answers SELECT 1, in a fresh database of its own")
    func sharedServerAnswers() async throws {
        let server = try await PostgresTestServer.shared()
        let database = try await server.makeDatabase()

        let (one, name) = try await database.withConnection { connection in
            let one = try await connection.query("SELECT 1", logger: Self.logger).collect().first?.decode(Int.self)
            let name = try await connection.query("SELECT current_database()", logger: Self.logger).collect().first?.decode(String.self)
            return (one, name)
        }

        #expect(one == 1)
        #expect(name == database.database)
        #expect(database.database != server.database)
    }

    @Test("a private cluster stopped mid-run: the open connection is closed, new ones fail, and all is well once restarted")
    func privateClusterStopAndStart() async throws {
        try await PostgresTestServer.withPrivateCluster { cluster in
            let endpoint = cluster.endpoint
            let connection = try await PostgresConnection.connect(
                configuration: endpoint.connectionConfiguration, id: 1, logger: Self.logger)
            let before = try await connection.query("SELECT 1", logger: Self.logger).collect().first?.decode(Int.self)
            #expect(before == 1)

            try await cluster.stop()

            // The server ended the session. (Querying it now would wait forever: PostgresNIO 1.33.2
            // drops a query written to a closed connection without failing it.)
            try await connection.closeFuture.get()
            #expect(connection.isClosed)
            await #expect(throws: (any Error).self, "a new connection while the server is down") {
                try await endpoint.withConnection { _ in }
            }

            try await cluster.start()

            let after = try await endpoint.withConnection { connection in
                try await connection.query("SELECT 1", logger: Self.logger).collect().first?.decode(Int.self)
            }
            #expect(after == 1)
        }
    }

    @Test("a private cluster leaves nothing behind: its folder is gone after the test")
    func privateClusterIsRemoved() async throws {
        let folder = try await PostgresTestServer.withPrivateCluster { cluster in
            #expect(FileManager.default.fileExists(atPath: cluster.folder.appendingPathComponent("data/postmaster.pid").path))
            return cluster.folder
        }

        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    @Test("SMS_TEST_POSTGRES_URL is read as postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
    func endpointFromURL() throws {
        let full = try PostgresEndpoint(url: "postgres://sms:pw@db.example:6543/smsdb")
        #expect(full == PostgresEndpoint(host: "db.example", port: 6543, username: "sms", password: "pw", database: "smsdb"))
        let short = try PostgresEndpoint(url: "postgresql://test@127.0.0.1")
        #expect(short == PostgresEndpoint(host: "127.0.0.1", port: 5432, username: "test", database: "postgres"))
        #expect(short.description == "postgres://test@127.0.0.1:5432/postgres")
        #expect(!full.description.contains("pw"))
        for bad in ["mysql://u@h/db", "postgres://h:5432/db", "not a url"] {
            #expect(throws: PostgresTestSupportError.self) { try PostgresEndpoint(url: bad) }
        }
    }

    static let logger = Logger(label: "sms.tests.postgres.smoke")
}
