import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import SMSTransport

/// A ``CredentialStore``, ``SendLedger`` and ``PushReportInbox`` in PostgreSQL: one token or SOAP
/// session, one login latch, one send ledger and one push-report inbox for a whole fleet.
///
/// It runs on a `PostgresClient` that **you** create and run (`client.run()` in your
/// `ServiceGroup`, or in a task that lives as long as the store is used), as every PostgresNIO
/// user does; the store never starts or shuts the client down, and may share it with the rest of
/// your service.
///
/// ```swift
/// let postgres = PostgresClient(configuration: .init(host: "db", username: "sms", password: dbPassword,
///                                                    database: "sms", tls: .prefer(.makeClientConfiguration())))
/// let store = try PostgresStateStore(client: postgres)
/// var configuration = Every8DClient.Configuration()
/// configuration.credentialStore = store
/// ```
///
/// **Tables.** Six tables whose names start with `tablePrefix` (default `sms_`): `sms_meta` (the
/// schema version and the salt of the account fingerprints), `sms_sessions`, `sms_refresh_leases`,
/// `sms_login_refusals`, `sms_send_ledger` and `sms_push_inbox`. They are created on first use, or
/// by ``migrate()`` (in a deployment step, say), in one transaction under an advisory lock, so that
/// any number of instances may start at once. Migrations only add, so that an older version keeps
/// working beside a newer one during a rolling upgrade. The role needs `CREATE` on its schema for
/// the first use, then `SELECT`, `INSERT`, `UPDATE` and `DELETE` on the tables. Put the tables in
/// another schema with the connection's `search_path`.
///
/// **What it guarantees.** Every method is one statement (an `INSERT … ON CONFLICT`, or an
/// `UPDATE`/`DELETE` whose `WHERE` compares the generation or version), so each is atomic under
/// PostgreSQL's row locks: of any number of callers racing on one key, exactly one wins. Refresh
/// leases are timed by the server's clock (`now()`), which every instance shares. Dates are kept
/// to the microsecond. The only secret in the tables is the token or session key itself.
///
/// **When PostgreSQL is down.** Every call ends within ``timeout`` (default 5 s) with
/// ``StateStoreError``, and a client then sends nothing. A write that timed out may or may not have
/// happened; the records are designed for both (a claim whose owner never sends expires with its
/// lease). Once the server is back, calls work again as soon as the `PostgresClient` reconnects:
/// PostgresNIO waits between attempts, longer the longer the outage (up to a minute), and keeps
/// failing calls at once meanwhile.
public final class PostgresStateStore: CredentialStore, SendLedger, PushReportInbox, CustomStringConvertible {
    /// The client every query goes through (you run it).
    public let client: PostgresClient
    /// The start of the tables' names.
    public let tablePrefix: String
    /// The most one call takes before it fails with ``StateStoreError``.
    public let timeout: Duration

    let tables: PostgresSchema
    private let migrated = NIOLockedValueBox<Task<[UInt8], any Error>?>(nil)
    static let logger = Logger(label: "sms.postgres-state-store", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Creates a store on `client`. Nothing is sent until the first call.
    ///
    /// - Parameters:
    ///   - client: A `PostgresClient` that you run.
    ///   - tablePrefix: The start of the tables' names (default `sms_`): lower-case letters, digits
    ///     and underscores.
    ///   - timeout: The most one call may take, connecting included (default 5 s). Keep it below
    ///     your clients' request timeout.
    /// - Throws: `ValidationError` for a prefix that is not a plain identifier.
    public init(client: PostgresClient, tablePrefix: String = "sms_", timeout: Duration = .seconds(5)) throws {
        self.client = client
        self.tablePrefix = tablePrefix
        self.timeout = timeout
        self.tables = try PostgresSchema(prefix: tablePrefix)
    }

    /// `PostgresStateStore(tables sms_*)`: never the connection's settings.
    public var description: String { "PostgresStateStore(tables \(tablePrefix)*)" }

    /// Creates or migrates the tables now, instead of on first use.
    ///
    /// Safe to run from many processes at once (an advisory lock makes them take turns) and
    /// again and again (it does nothing when the tables are up to date).
    ///
    /// - Throws: ``StateStoreError`` when PostgreSQL cannot be reached or refuses.
    public func migrate() async throws {
        _ = try await ready()
    }

    // MARK: CredentialStore

    public func salt() async throws -> [UInt8] {
        try await ready()
    }

    public func session(for key: StateKey) async throws -> SessionSlot {
        try await query("read the session") { [tables] client in
            try await Self.slot(key, tables: tables, client: client)
        }
    }

    public func replaceSession(for key: StateKey, ifGeneration expected: UInt64, value: String, issuedAt: Date) async throws -> SessionSlot {
        try await query("store the session") { [tables] client in
            let stored = Int64(clamping: expected)
            let next = stored &+ 1
            let rows = if expected == 0 {
                try await client.query("""
                    INSERT INTO \(unescaped: tables.sessions) (key, generation, value, issued_at)
                    VALUES (\(key.rawValue), 1, \(value), \(issuedAt)) ON CONFLICT (key) DO NOTHING RETURNING 1
                    """, logger: Self.logger).collect()
            } else {
                try await client.query("""
                    UPDATE \(unescaped: tables.sessions) SET generation = \(next), value = \(value), issued_at = \(issuedAt)
                    WHERE key = \(key.rawValue) AND generation = \(stored) RETURNING 1
                    """, logger: Self.logger).collect()
            }
            guard rows.isEmpty else {
                return SessionSlot(generation: UInt64(next), session: StoredSession(value: value, issuedAt: issuedAt, generation: UInt64(next)))
            }
            return try await Self.slot(key, tables: tables, client: client)
        }
    }

    @discardableResult
    public func invalidateSession(for key: StateKey, generation: UInt64) async throws -> Bool {
        try await query("drop the session") { [tables] client in
            try await !client.query("""
                UPDATE \(unescaped: tables.sessions) SET value = NULL, issued_at = NULL
                WHERE key = \(key.rawValue) AND generation = \(Int64(clamping: generation)) AND value IS NOT NULL RETURNING 1
                """, logger: Self.logger).collect().isEmpty
        }
    }

    public func acquireRefreshLease(for key: StateKey, holder: String, duration: Duration) async throws -> Bool {
        try await query("take the refresh lease") { [tables] client in
            try await !client.query("""
                INSERT INTO \(unescaped: tables.leases) AS lease (key, holder, expires_at)
                VALUES (\(key.rawValue), \(holder), now() + make_interval(secs => \(duration.seconds)))
                ON CONFLICT (key) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
                WHERE lease.holder = EXCLUDED.holder OR lease.expires_at <= now()
                RETURNING 1
                """, logger: Self.logger).collect().isEmpty
        }
    }

    public func releaseRefreshLease(for key: StateKey, holder: String) async throws {
        try await query("release the refresh lease") { [tables] client in
            _ = try await client.query("""
                DELETE FROM \(unescaped: tables.leases) WHERE key = \(key.rawValue) AND holder = \(holder)
                """, logger: Self.logger).collect()
        }
    }

    public func loginRefusal(for key: StateKey) async throws -> LoginRefusal? {
        try await query("read the login latch") { [tables] client in
            let rows = try await client.query("""
                SELECT gateway, operation, code, message, refused_at, account_locked
                FROM \(unescaped: tables.refusals) WHERE key = \(key.rawValue)
                """, logger: Self.logger).collect()
            guard let row = rows.first else { return nil }
            let (gateway, operation, code, message, refusedAt, locked) = try row.decode((String, String, Int32, String, Date, Bool).self)
            return LoginRefusal(gateway: gateway, operation: operation, code: Int(code), message: message, refusedAt: refusedAt,
                                accountLocked: locked)
        }
    }

    public func recordLoginRefusal(_ refusal: LoginRefusal, for key: StateKey) async throws {
        try await query("record the login refusal") { [tables] client in
            _ = try await client.query("""
                INSERT INTO \(unescaped: tables.refusals) (key, gateway, operation, code, message, refused_at, account_locked)
                VALUES (\(key.rawValue), \(refusal.gateway), \(refusal.operation), \(Int32(clamping: refusal.code)), \(refusal.message),
                        \(refusal.refusedAt), \(refusal.accountLocked))
                ON CONFLICT (key) DO UPDATE SET gateway = EXCLUDED.gateway, operation = EXCLUDED.operation, code = EXCLUDED.code,
                    message = EXCLUDED.message, refused_at = EXCLUDED.refused_at, account_locked = EXCLUDED.account_locked
                """, logger: Self.logger).collect()
        }
    }

    public func clearLoginRefusal(for key: StateKey) async throws {
        try await query("clear the login latch") { [tables] client in
            _ = try await client.query("DELETE FROM \(unescaped: tables.refusals) WHERE key = \(key.rawValue)", logger: Self.logger).collect()
        }
    }

    // MARK: Running queries

    /// Runs `body` once the tables are ready, within ``timeout`` (the first call's migration
    /// included), mapping every failure to ``StateStoreError``.
    func query<T: Sendable>(_ action: String, _ body: @escaping @Sendable (PostgresClient) async throws -> T) async throws -> T {
        let client = client
        let migration = migrationTask()
        return try await BoundedCall.run(action, timeout: timeout) {
            _ = try await migration.value
            return try await body(client)
        }
    }

    /// The tables' migration (and the salt it returns): run once per store, again after a failure.
    private func ready() async throws -> [UInt8] {
        let migration = migrationTask()
        return try await BoundedCall.run("create the tables", timeout: timeout) { try await migration.value }
    }

    private func migrationTask() -> Task<[UInt8], any Error> {
        migrated.withLockedValue { current in
            if let current { return current }
            let (client, tables, timeout) = (client, tables, timeout)
            let task = Task { [weak self] () throws -> [UInt8] in
                do {
                    var generator = SystemRandomNumberGenerator()
                    let fresh = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
                    // Bounded on its own too: a migration that hangs must not hold every later call.
                    let hex = try await BoundedCall.run("create the tables", timeout: timeout) {
                        try await client.withTransaction(logger: Self.logger) { connection in
                            try await tables.migrate(on: connection, newSalt: fresh, logger: Self.logger)
                        }
                    }
                    guard let salt = Self.bytes(hex: hex) else {
                        throw StateStoreError(action: "read the store's salt", detail: "the stored salt is not hexadecimal")
                    }
                    return salt
                } catch {
                    // Let the next call try again (the server may be back by then).
                    self?.migrated.withLockedValue { $0 = nil }
                    throw BoundedCall.storeError(error, action: "create the tables")
                }
            }
            current = task
            return task
        }
    }

    private static func slot(_ key: StateKey, tables: PostgresSchema, client: PostgresClient) async throws -> SessionSlot {
        let rows = try await client.query("""
            SELECT generation, value, issued_at FROM \(unescaped: tables.sessions) WHERE key = \(key.rawValue)
            """, logger: logger).collect()
        guard let row = rows.first else { return .empty }
        let (generation, value, issuedAt) = try row.decode((Int64, String?, Date?).self)
        let stored = UInt64(max(0, generation))
        guard let value, let issuedAt else { return SessionSlot(generation: stored, session: nil) }
        return SessionSlot(generation: stored, session: StoredSession(value: value, issuedAt: issuedAt, generation: stored))
    }

    private static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count >= 32, digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}

extension Duration {
    /// The duration in seconds, for SQL's `make_interval(secs => …)`.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
