import Foundation
import PostgresNIO
import PostgresTestSupport
import SMSPostgres
import SMSTransport
import StateStoreConformance
import Testing

@Suite("PostgresStateStore")
struct PostgresStateStoreTests {
    @Test("keeps every state-store promise, each handle a store of its own on one running client",
          arguments: StateStoreConformance.Check.allCases)
    func conformance(_ check: StateStoreConformance.Check) async throws {
        let database = try await PostgresTestClient.sharedDatabase.value
        try await PostgresTestClient.with(database) { client in
            try await StateStoreConformance.run(check) { try PostgresStateStore(client: client) }
        }
    }

    @Test("four processes' first use at once creates the tables once, with one salt; migrate() again changes nothing")
    func concurrentMigration() async throws {
        let database = try await PostgresTestServer.shared().makeDatabase()
        // Four clients, as four processes starting together would have.
        let salts = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await PostgresTestClient.with(database) { client in try await PostgresStateStore(client: client, tablePrefix: "fleet_").salt() }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(salts).count == 1)
        #expect(salts.first?.count == 16)

        let (tables, version) = try await database.withConnection { connection in
            let tables = try await connection.query("""
                SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'fleet\\_%' ORDER BY table_name
                """, logger: Self.logger).collect().map { try $0.decode(String.self) }
            let version = try await connection.query("SELECT value FROM fleet_meta WHERE name = 'schema_version'", logger: Self.logger)
                .collect().map { try $0.decode(String.self) }
            return (tables, version)
        }
        #expect(tables == ["fleet_login_refusals", "fleet_meta", "fleet_push_inbox", "fleet_refresh_leases", "fleet_send_ledger", "fleet_sessions"])
        #expect(version == ["1"])
        try await PostgresTestClient.with(database) { client in
            let store = try PostgresStateStore(client: client, tablePrefix: "fleet_")
            try await store.migrate()
            #expect(try await store.salt() == salts.first)
        }
    }

    @Test("a table prefix that is not a plain identifier is refused; the description shows only the prefix")
    func prefixAndDescription() async throws {
        let client = PostgresClient(configuration: PostgresEndpoint(host: "db.example", port: 5432, username: "sms", password: "db-secret",
                                                                    database: "sms").clientConfiguration)
        for bad in ["", "Sms_", "sms-", "1sms_", "sms; DROP TABLE x; --", String(repeating: "a", count: 41)] {
            let error = try #require(throws: ValidationError.self) { try PostgresStateStore(client: client, tablePrefix: bad) }
            #expect(error.field == "tablePrefix")
        }
        let store = try PostgresStateStore(client: client)
        #expect(store.description == "PostgresStateStore(tables sms_*)")
        #expect(!String(reflecting: store).contains("db-secret"))
    }

    @Test("a client nobody runs: calls fail with StateStoreError at the timeout, not never")
    func clientNotRunning() async throws {
        let database = try await PostgresTestClient.sharedDatabase.value
        let client = PostgresClient(configuration: database.clientConfiguration)
        let store = try PostgresStateStore(client: client, timeout: .milliseconds(500))
        let started = ContinuousClock.now
        let error = try await #require(throws: StateStoreError.self) { try await store.session(for: StateKey(rawValue: "k")) }
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(error.description.contains("is the server up, and the PostgresClient running?"))
    }

    @Test("PostgreSQL stopped mid-run: calls fail with StateStoreError within the timeout, nothing is lost, and they work again once it is back")
    func serverStoppedAndStarted() async throws {
        try await PostgresTestServer.withPrivateCluster { cluster in
            try await PostgresTestClient.with(cluster.endpoint) { client in
                let store = try PostgresStateStore(client: client, timeout: .seconds(2))
                let key = StateKey(rawValue: "every8d-http.session.outage")
                let latch = StateKey(rawValue: "every8d.latch.outage")
                let refusal = LoginRefusal(gateway: "EVERY8D", operation: "GetToken", code: -101, message: "密碼錯誤", refusedAt: Date())
                _ = try await store.replaceSession(for: key, ifGeneration: 0, value: "token-before", issuedAt: Date())
                #expect(try await store.claim("order-1", fingerprint: "f", owner: "o", leaseUntil: Date(), now: Date()) == nil)
                #expect(try await store.claim("report-1", now: Date()))
                try await store.recordLoginRefusal(refusal, for: latch)

                try await cluster.stop()

                // Down: every kind of call fails, typed and bounded, and says nothing secret.
                let calls: [(String, @Sendable () async throws -> Void)] = [
                    ("read", { _ = try await store.session(for: key) }),
                    ("swap", { _ = try await store.replaceSession(for: key, ifGeneration: 1, value: "token-secret-during", issuedAt: Date()) }),
                    ("lease", { _ = try await store.acquireRefreshLease(for: key, holder: "h", duration: .seconds(30)) }),
                    ("ledger", { _ = try await store.claim("order-2", fingerprint: "f", owner: "o", leaseUntil: Date(), now: Date()) }),
                    ("inbox", { _ = try await store.claim("report-2", now: Date()) }),
                ]
                for (name, call) in calls {
                    let started = ContinuousClock.now
                    let error = try await #require(throws: StateStoreError.self, "\(name) while PostgreSQL is down") { try await call() }
                    #expect(ContinuousClock.now - started < .seconds(4), "\(name) took \(ContinuousClock.now - started)")
                    #expect(!error.description.contains("token-secret-during"))
                    #expect(!error.description.contains(cluster.endpoint.host + ":"), "no connection string in \(error)")
                }

                try await cluster.start()

                // Back: the first call that works sees everything written before the outage.
                let clock = ContinuousClock()
                let deadline = clock.now + .seconds(90)
                var slot: SessionSlot?
                while slot == nil, clock.now < deadline {
                    slot = try? await store.session(for: key)
                    if slot == nil { try await Task.sleep(for: .milliseconds(250)) }
                }
                let recovered = try #require(slot, "calls did not work again within 90 s of PostgreSQL's return")
                #expect(recovered.generation == 1)
                #expect(recovered.session?.value == "token-before")
                #expect(try await store.claim("order-1", fingerprint: "f", owner: "o", leaseUntil: Date(), now: Date())?.version == 1)
                #expect(try await store.claim("report-1", now: Date()) == false)
                #expect(try await store.loginRefusal(for: latch)?.code == -101)
                #expect(try await store.replaceSession(for: key, ifGeneration: 1, value: "token-after", issuedAt: Date()).generation == 2)
            }
        }
    }

    static let logger = Logger(label: "sms.tests.postgres-store")
}
