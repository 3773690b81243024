import Foundation
import PostgresNIO
import SMSTransport

extension PostgresStateStore {
    public func claim(_ key: String, fingerprint: String, owner: String, leaseUntil: Date, now: Date) async throws -> LedgerEntry? {
        try await query("claim the idempotency key") { [tables] client in
            // Insert, or read the entry already there; an entry removed between the two is
            // claimed on the next turn.
            while true {
                let inserted = try await client.query("""
                    INSERT INTO \(unescaped: tables.ledger) (key, fingerprint, state, owner, lease_until, created_at, updated_at, result, version)
                    VALUES (\(key), \(fingerprint), \(LedgerEntry.State.inFlight.rawValue), \(owner), \(leaseUntil), \(now), \(now), NULL, 1)
                    ON CONFLICT (key) DO NOTHING RETURNING 1
                    """, logger: Self.logger).collect()
                if !inserted.isEmpty { return nil }
                let rows = try await client.query("""
                    SELECT key, fingerprint, state, owner, lease_until, created_at, updated_at, result, version
                    FROM \(unescaped: tables.ledger) WHERE key = \(key)
                    """, logger: Self.logger).collect()
                if let row = rows.first { return try Self.entry(row) }
                try Task.checkCancellation()
            }
        }
    }

    public func replace(_ entry: LedgerEntry, with new: LedgerEntry) async throws -> Bool {
        try await query("update the send ledger") { [tables] client in
            try await !client.query("""
                UPDATE \(unescaped: tables.ledger) SET fingerprint = \(new.fingerprint), state = \(new.state.rawValue), owner = \(new.owner),
                    lease_until = \(new.leaseUntil), created_at = \(new.createdAt), updated_at = \(new.updatedAt), result = \(new.result),
                    version = \(new.version)
                WHERE key = \(entry.key) AND version = \(entry.version) RETURNING 1
                """, logger: Self.logger).collect().isEmpty
        }
    }

    @discardableResult
    public func remove(_ entry: LedgerEntry) async throws -> Bool {
        try await query("remove from the send ledger") { [tables] client in
            try await !client.query("""
                DELETE FROM \(unescaped: tables.ledger) WHERE key = \(entry.key) AND version = \(entry.version) RETURNING 1
                """, logger: Self.logger).collect().isEmpty
        }
    }

    @discardableResult
    public func purgeLedger(before date: Date) async throws -> Int {
        try await query("purge the send ledger") { [tables] client in
            let rows = try await client.query("""
                WITH purged AS (DELETE FROM \(unescaped: tables.ledger) WHERE updated_at < \(date) RETURNING 1)
                SELECT count(*) FROM purged
                """, logger: Self.logger).collect()
            return try Int(rows.first?.decode(Int64.self) ?? 0)
        }
    }

    private static func entry(_ row: PostgresRow) throws -> LedgerEntry {
        let (key, fingerprint, state, owner, leaseUntil, createdAt, updatedAt, result, version) =
            try row.decode((String, String, String, String, Date, Date, Date, Data?, Int64).self)
        guard let known = LedgerEntry.State(rawValue: state) else {
            throw StateStoreError(action: "read the send ledger", detail: "an entry has the unknown state \(state)")
        }
        return LedgerEntry(key: key, fingerprint: fingerprint, state: known, owner: owner, leaseUntil: leaseUntil, createdAt: createdAt,
                           updatedAt: updatedAt, result: result, version: version)
    }
}
