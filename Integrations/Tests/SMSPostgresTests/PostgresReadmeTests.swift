import Every8D
import Foundation
import PostgresNIO
import PostgresTestSupport
import SMSPostgres
import SMSSandbox
import Testing

/// The README's "Running several instances" PostgreSQL code, run against the test server: only
/// the server's address and the transport (the sandbox) differ.
@Suite("README examples (PostgreSQL)")
struct PostgresReadmeTests {
    @Test("the five-line PostgreSQL setup: two clients on it log in once between them")
    func postgresSetup() async throws {
        let database = try await PostgresTestServer.shared().makeDatabase()
        let databasePassword = database.password

        let postgres = PostgresClient(configuration: .init(host: database.host, port: database.port, username: database.username,
                                                           password: databasePassword, database: database.database, tls: .disable))
        let store = try PostgresStateStore(client: postgres)       // tables sms_*, 5 s per call at most
        var configuration = Every8DClient.Configuration(siteURL: Every8DSandbox.demoSiteURL)
        configuration.credentialStore = store
        let running = Task { await postgres.run() }                // or add postgres to your ServiceGroup
        defer { running.cancel() }

        let sandbox = Every8DSandbox()
        let credentials = Every8DClient.Credentials(userID: "sandbox", password: "sandbox-password")
        // Another instance of the service: its own store object on the same database.
        var otherConfiguration = configuration
        otherConfiguration.credentialStore = try PostgresStateStore(client: postgres)
        let first = Every8DClient(credentials: credentials, configuration: configuration, transport: sandbox)
        let second = Every8DClient(credentials: credentials, configuration: otherConfiguration, transport: sandbox)
        #expect(try await first.credit() == 1000)
        #expect(try await second.sendSMS(to: ["0912345678"], text: "您的驗證碼 123456").sent == 1)
        #expect(await sandbox.network.requestCount(endpoint: "ConnectionHandler.ashx") == 1)
        let sessions = try await database.withConnection { connection in
            try await connection.query("SELECT count(*) FROM sms_sessions WHERE value IS NOT NULL", logger: Logger(label: "readme"))
                .collect().first?.decode(Int64.self)
        }
        #expect(sessions == 1)
    }
}
