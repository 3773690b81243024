import PostgresNIO
import SMSTransport

/// The store's tables, named with a prefix, and the steps that create or migrate them.
///
/// Migrations only ever add (tables, columns with defaults, indexes), so that instances of an
/// older version keep working beside a newer one during a rolling upgrade.
struct PostgresSchema: Sendable {
    let meta: String
    let sessions: String
    let leases: String
    let refusals: String
    let ledger: String
    let inbox: String
    /// The advisory lock that serialises migrations of these tables (first use in four
    /// processes at once creates them once).
    let migrationLockName: String

    /// - Throws: `ValidationError` when `prefix` is not lower-case letters, digits and underscores
    ///   (starting with a letter or underscore, at most 40 characters).
    init(prefix: String) throws {
        let bytes = Array(prefix.utf8)
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let isAllowed = { (byte: UInt8) in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || isDigit(byte) || byte == UInt8(ascii: "_")
        }
        let valid = (1...40).contains(bytes.count) && bytes.allSatisfy(isAllowed) && !isDigit(bytes[0])
        guard valid else {
            throw ValidationError(field: "tablePrefix", value: prefix,
                                  reason: "must be 1 to 40 lower-case letters, digits and underscores, not starting with a digit")
        }
        meta = prefix + "meta"
        sessions = prefix + "sessions"
        leases = prefix + "refresh_leases"
        refusals = prefix + "login_refusals"
        ledger = prefix + "send_ledger"
        inbox = prefix + "push_inbox"
        migrationLockName = "swift-tw-sms:" + prefix
    }

    /// The schema's versions, in order: version `n` is `migrations[n - 1]`.
    var migrations: [[String]] {
        [[
            """
            CREATE TABLE IF NOT EXISTS \(sessions) (
                key text PRIMARY KEY, generation bigint NOT NULL, value text, issued_at timestamptz)
            """,
            """
            CREATE TABLE IF NOT EXISTS \(leases) (
                key text PRIMARY KEY, holder text NOT NULL, expires_at timestamptz NOT NULL)
            """,
            """
            CREATE TABLE IF NOT EXISTS \(refusals) (
                key text PRIMARY KEY, gateway text NOT NULL, operation text NOT NULL, code integer NOT NULL,
                message text NOT NULL, refused_at timestamptz NOT NULL, account_locked boolean NOT NULL)
            """,
            """
            CREATE TABLE IF NOT EXISTS \(ledger) (
                key text PRIMARY KEY, fingerprint text NOT NULL, state text NOT NULL, owner text NOT NULL,
                lease_until timestamptz NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,
                result bytea, version bigint NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS \(ledger)_updated_at ON \(ledger) (updated_at)",
            "CREATE TABLE IF NOT EXISTS \(inbox) (key text PRIMARY KEY, claimed_at timestamptz NOT NULL)",
            "CREATE INDEX IF NOT EXISTS \(inbox)_claimed_at ON \(inbox) (claimed_at)",
        ]]
    }

    /// Creates or migrates the tables in one transaction on `connection`, under an advisory lock,
    /// and returns the store's salt (made by the first migration).
    func migrate(on connection: PostgresConnection, newSalt: String, logger: Logger) async throws -> String {
        _ = try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(migrationLockName)))", logger: logger).collect()
        _ = try await connection.query("""
            CREATE TABLE IF NOT EXISTS \(unescaped: meta) (name text PRIMARY KEY, value text NOT NULL)
            """, logger: logger).collect()
        let rows = try await connection.query("SELECT value FROM \(unescaped: meta) WHERE name = 'schema_version'", logger: logger).collect()
        let current = try rows.first.map { Int(try $0.decode(String.self)) ?? 0 } ?? 0
        for (index, steps) in migrations.enumerated() where index + 1 > current {
            for step in steps {
                _ = try await connection.query(PostgresQuery(unsafeSQL: step), logger: logger).collect()
            }
        }
        if current < migrations.count {
            _ = try await connection.query("""
                INSERT INTO \(unescaped: meta) (name, value) VALUES ('schema_version', \(String(migrations.count)))
                ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value
                """, logger: logger).collect()
        }
        _ = try await connection.query("""
            INSERT INTO \(unescaped: meta) (name, value) VALUES ('salt', \(newSalt)) ON CONFLICT (name) DO NOTHING
            """, logger: logger).collect()
        let salt = try await connection.query("SELECT value FROM \(unescaped: meta) WHERE name = 'salt'", logger: logger).collect()
        guard let value = try salt.first?.decode(String.self) else {
            throw StateStoreError(action: "create the tables", detail: "the salt was not stored")
        }
        return value
    }
}
