import Foundation
import PostgresNIO
import SMSTransport

extension PostgresStateStore {
    public func claim(_ key: String, now: Date) async throws -> Bool {
        try await query("claim the push report") { [tables] client in
            try await !client.query("""
                INSERT INTO \(unescaped: tables.inbox) (key, claimed_at) VALUES (\(key), \(now)) ON CONFLICT (key) DO NOTHING RETURNING 1
                """, logger: Self.logger).collect().isEmpty
        }
    }

    public func release(_ key: String) async throws {
        try await query("release the push report") { [tables] client in
            _ = try await client.query("DELETE FROM \(unescaped: tables.inbox) WHERE key = \(key)", logger: Self.logger).collect()
        }
    }

    @discardableResult
    public func purgeInbox(before date: Date) async throws -> Int {
        try await query("purge the push-report inbox") { [tables] client in
            let rows = try await client.query("""
                WITH purged AS (DELETE FROM \(unescaped: tables.inbox) WHERE claimed_at < \(date) RETURNING 1)
                SELECT count(*) FROM purged
                """, logger: Self.logger).collect()
            return try Int(rows.first?.decode(Int64.self) ?? 0)
        }
    }
}
