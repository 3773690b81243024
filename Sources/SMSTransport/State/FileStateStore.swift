import Foundation

/// A ``CredentialStore``, ``SendLedger`` and ``PushReportInbox`` in a folder: shared by every
/// client, thread and process on **one machine** that opens the same folder.
///
/// Give it to the clients of several processes on a host (services behind a local load balancer,
/// workers, cron jobs, the command-line tools) to share one token or SOAP session, one login latch,
/// one send ledger and one push-report inbox:
///
/// ```swift
/// let store = try FileStateStore(folder: URL(fileURLWithPath: "/var/lib/myapp/sms-state"))
/// var configuration = Every8DClient.Configuration()
/// configuration.credentialStore = store
/// let client = Every8DClient(credentials: credentials, configuration: configuration)
/// ```
///
/// **What it guarantees.** Every method is atomic between threads and processes: each record is a
/// file replaced whole by `rename`, and each read-modify-write (compare-and-swap, claims, the
/// refresh lease) holds an exclusive `flock` on the folder's `lock` file, which the kernel releases
/// when a process dies, so a crashed process never leaves the store locked. Refresh leases are
/// timed by the wall clock (processes share no other clock): keep the machine's clock synchronised.
/// Ledger writes are flushed to the disk before they return (unless `durableLedger` is `false`), so
/// that a claimed idempotency key survives a machine crash; the other records are left to the
/// operating system (after a crash, at worst one more login or one push report handled twice).
///
/// **What is in the folder.** The folder and its sub-folders are created with mode 0700 and every
/// file with 0600. Files are named by the SHA-256 of their key (never by a caller's string). The
/// only secret in clear is the token or SOAP session key itself, which is what the store is for;
/// accounts are named by salted fingerprints (the `salt` file, made once), and passwords are never
/// stored. Protect the folder as you would the password.
///
/// **What is not supported.** Network file systems (NFS, SMB, and folders shared between machines
/// in general): their locks and renames do not give these guarantees. For several machines use the
/// PostgreSQL store of the `Integrations` package. Containers on one host may share the folder
/// through a volume (one kernel).
///
/// Nothing is forgotten by itself: apply a ``StateRetention`` now and then.
public final class FileStateStore: CredentialStore, SendLedger, PushReportInbox, CustomStringConvertible {
    /// The store's folder.
    public let folder: URL
    /// Whether ledger writes are flushed to the disk (`fsync`) before they return.
    public let durableLedger: Bool

    private let files: StoreFolder
    private let cachedSalt = SaltCache()

    /// Opens the store in `folder`, creating the folder (mode 0700) if it does not exist.
    ///
    /// - Parameters:
    ///   - folder: The store's folder, on a local file system.
    ///   - durableLedger: Whether send-ledger writes reach the disk before they return (default
    ///     `true`: a machine crash cannot make a keyed send happen twice; costs two `fsync`s a write).
    ///   - lockTimeout: How long an operation waits for another process's lock before it fails
    ///     with ``StateStoreError`` (default 5 seconds; the lock is normally held for microseconds).
    /// - Throws: ``StateStoreError`` when the folder cannot be created or is not a folder.
    public init(folder: URL, durableLedger: Bool = true, lockTimeout: Duration = .seconds(5)) throws {
        self.folder = folder
        self.durableLedger = durableLedger
        self.files = try StoreFolder(root: folder.path, lockTimeout: lockTimeout)
    }

    /// `FileStateStore(/path/to/folder)`: the folder, never its contents.
    public var description: String { "FileStateStore(\(folder.path))" }

    // MARK: CredentialStore

    public func salt() async throws -> [UInt8] {
        if let salt = cachedSalt.value { return salt }
        let action = "read the store's salt"
        let path = files.root + "/salt"
        if let salt = try Self.decodeSalt(files.read(path, action: action)) {
            cachedSalt.value = salt
            return salt
        }
        var generator = SystemRandomNumberGenerator()
        let fresh = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let staged = try files.stage(Data(SHA256.hex(fresh).utf8), flush: true, action: action)
        defer { files.discard(staged) }
        // The first process to get here makes the salt; everyone else reads that one.
        let salt = try await files.withLock(action: action) { () throws -> [UInt8] in
            if let existing = try Self.decodeSalt(files.read(path, action: action)) { return existing }
            try files.commit(staged, to: path, action: action)
            return fresh
        }
        cachedSalt.value = salt
        return salt
    }

    public func session(for key: StateKey) async throws -> SessionSlot {
        try readSlot(files.path(.sessions, key.rawValue), action: "read the session")
    }

    public func replaceSession(for key: StateKey, ifGeneration expected: UInt64, value: String, issuedAt: Date) async throws -> SessionSlot {
        let action = "store the session"
        let path = files.path(.sessions, key.rawValue)
        let next = SessionRecord(key: key.rawValue, generation: expected + 1, value: value, issuedAt: issuedAt)
        let staged = try files.stage(Self.encode(next, action: action), flush: false, action: action)
        defer { files.discard(staged) }
        return try await files.withLock(action: action) {
            let current = try readSlot(path, action: action)
            guard current.generation == expected else { return current }
            try files.commit(staged, to: path, action: action)
            return next.slot
        }
    }

    @discardableResult
    public func invalidateSession(for key: StateKey, generation: UInt64) async throws -> Bool {
        let action = "drop the session"
        let path = files.path(.sessions, key.rawValue)
        let emptied = SessionRecord(key: key.rawValue, generation: generation, value: nil, issuedAt: nil)
        let staged = try files.stage(Self.encode(emptied, action: action), flush: false, action: action)
        defer { files.discard(staged) }
        return try await files.withLock(action: action) {
            let current = try readSlot(path, action: action)
            guard current.generation == generation, current.session != nil else { return false }
            try files.commit(staged, to: path, action: action)
            return true
        }
    }

    public func acquireRefreshLease(for key: StateKey, holder: String, duration: Duration) async throws -> Bool {
        let action = "take the refresh lease"
        let path = files.path(.leases, key.rawValue)
        let lease = LeaseRecord(key: key.rawValue, holder: holder, until: Date().addingTimeInterval(duration.timeInterval))
        let staged = try files.stage(Self.encode(lease, action: action), flush: false, action: action)
        defer { files.discard(staged) }
        return try await files.withLock(action: action) {
            if let current = try read(LeaseRecord.self, at: path, key: key.rawValue, action: action),
               current.holder != holder, current.until > Date() {
                return false
            }
            try files.commit(staged, to: path, action: action)
            return true
        }
    }

    public func releaseRefreshLease(for key: StateKey, holder: String) async throws {
        let action = "release the refresh lease"
        let path = files.path(.leases, key.rawValue)
        try await files.withLock(action: action) {
            guard try read(LeaseRecord.self, at: path, key: key.rawValue, action: action)?.holder == holder else { return }
            try files.remove(path, action: action)
        }
    }

    public func loginRefusal(for key: StateKey) async throws -> LoginRefusal? {
        try read(RefusalRecord.self, at: files.path(.latches, key.rawValue), key: key.rawValue, action: "read the login latch")?.refusal
    }

    public func recordLoginRefusal(_ refusal: LoginRefusal, for key: StateKey) async throws {
        let action = "record the login refusal"
        let record = RefusalRecord(key: key.rawValue, refusal: refusal)
        let staged = try files.stage(Self.encode(record, action: action), flush: false, action: action)
        defer { files.discard(staged) }
        try await files.withLock(action: action) {
            try files.commit(staged, to: files.path(.latches, key.rawValue), action: action)
        }
    }

    public func clearLoginRefusal(for key: StateKey) async throws {
        let action = "clear the login latch"
        try await files.withLock(action: action) {
            try files.remove(files.path(.latches, key.rawValue), action: action)
        }
    }

    // MARK: SendLedger

    public func claim(_ key: String, fingerprint: String, owner: String, leaseUntil: Date, now: Date) async throws -> LedgerEntry? {
        let action = "claim the idempotency key"
        let path = files.path(.ledger, key)
        let entry = LedgerEntry(key: key, fingerprint: fingerprint, state: .inFlight, owner: owner, leaseUntil: leaseUntil,
                                createdAt: now, updatedAt: now)
        let staged = try files.stage(Self.encode(entry, action: action), flush: durableLedger, action: action)
        defer { files.discard(staged) }
        let existing = try await files.withLock(action: action) { () throws -> LedgerEntry? in
            if let existing = try read(LedgerEntry.self, at: path, key: key, action: action) { return existing }
            try files.commit(staged, to: path, action: action)
            return nil
        }
        if existing == nil, durableLedger { try files.flush(.ledger, action: action) }
        return existing
    }

    public func replace(_ entry: LedgerEntry, with new: LedgerEntry) async throws -> Bool {
        let action = "update the send ledger"
        let path = files.path(.ledger, entry.key)
        let staged = try files.stage(Self.encode(new, action: action), flush: durableLedger, action: action)
        defer { files.discard(staged) }
        let replaced = try await files.withLock(action: action) {
            guard try read(LedgerEntry.self, at: path, key: entry.key, action: action)?.version == entry.version else { return false }
            try files.commit(staged, to: path, action: action)
            return true
        }
        if replaced, durableLedger { try files.flush(.ledger, action: action) }
        return replaced
    }

    @discardableResult
    public func remove(_ entry: LedgerEntry) async throws -> Bool {
        let action = "remove from the send ledger"
        let path = files.path(.ledger, entry.key)
        let removed = try await files.withLock(action: action) {
            guard try read(LedgerEntry.self, at: path, key: entry.key, action: action)?.version == entry.version else { return false }
            return try files.remove(path, action: action)
        }
        if removed, durableLedger { try files.flush(.ledger, action: action) }
        return removed
    }

    /// Removes every ledger entry last changed before `date`, and temporary files older than a
    /// day (left by a process that died while writing).
    ///
    /// An entry whose file cannot be read is left alone (and a claim of its key keeps failing
    /// with ``StateStoreError``, so nothing is sent for it until someone looks).
    @discardableResult
    public func purgeLedger(before date: Date) async throws -> Int {
        files.removeStaleStagedFiles(olderThan: 86_400)
        return try await purge(.ledger, LedgerEntry.self, action: "purge the send ledger") { $0.updatedAt < date }
    }

    // MARK: PushReportInbox

    public func claim(_ key: String, now: Date) async throws -> Bool {
        let action = "claim the push report"
        let path = files.path(.inbox, key)
        let staged = try files.stage(Self.encode(InboxRecord(key: key, claimedAt: now), action: action), flush: false, action: action)
        defer { files.discard(staged) }
        return try await files.withLock(action: action) {
            if try files.read(path, action: action) != nil { return false }
            try files.commit(staged, to: path, action: action)
            return true
        }
    }

    public func release(_ key: String) async throws {
        let action = "release the push report"
        try await files.withLock(action: action) {
            try files.remove(files.path(.inbox, key), action: action)
        }
    }

    @discardableResult
    public func purgeInbox(before date: Date) async throws -> Int {
        try await purge(.inbox, InboxRecord.self, action: "purge the push-report inbox") { $0.claimedAt < date }
    }

    // MARK: Inspection

    /// What the store holds, without any secret: when each token or session key was issued (never
    /// its value), each login refusal, and how many ledger entries and push-report claims there are.
    ///
    /// Read without the lock: a snapshot that may be a moment old when another process is writing.
    public func summary() throws -> StateStoreSummary {
        let action = "read the store"
        var summary = StateStoreSummary()
        func each<Record: KeyedRecord>(_ area: StoreFolder.Area, _ type: Record.Type, _ body: (Record) -> Void) throws {
            for path in try files.records(in: area, action: action).sorted() {
                guard let record = try? decodeRecord(type, at: path, action: action) else {
                    summary.unreadable += 1
                    continue
                }
                body(record)
            }
        }
        try each(.sessions, SessionRecord.self) {
            summary.sessions.append(.init(key: StateKey(rawValue: $0.key), generation: $0.generation, issuedAt: $0.slot.session?.issuedAt))
        }
        try each(.latches, RefusalRecord.self) { summary.refusals.append(.init(key: StateKey(rawValue: $0.key), refusal: $0.refusal)) }
        try each(.ledger, LedgerEntry.self) { summary.ledger[$0.state, default: 0] += 1 }
        try each(.inbox, InboxRecord.self) { _ in summary.inboxClaims += 1 }
        return summary
    }

    // MARK: Records

    /// Removes the records of `area` for which `isOld` holds: read without the lock, then checked
    /// again and removed under it, one at a time (so a big purge never holds the lock for long).
    private func purge<Record: KeyedRecord>(_ area: StoreFolder.Area, _ type: Record.Type, action: String,
                                            isOld: @escaping (Record) -> Bool) async throws -> Int {
        var removed = 0
        for path in try files.records(in: area, action: action) {
            guard let record = try? decodeRecord(type, at: path, action: action), isOld(record) else { continue }
            let gone = try await files.withLock(action: action) { () throws -> Bool in
                guard let current = try? decodeRecord(type, at: path, action: action), isOld(current) else { return false }
                return try files.remove(path, action: action)
            }
            if gone { removed += 1 }
        }
        if removed > 0, area == .ledger, durableLedger { try files.flush(area, action: action) }
        return removed
    }

    private func readSlot(_ path: String, action: String) throws -> SessionSlot {
        guard let data = try files.read(path, action: action) else { return .empty }
        return try Self.decode(SessionRecord.self, data, action: action).slot
    }

    /// The record at `path`, checked to be `key`'s.
    private func read<Record: KeyedRecord>(_ type: Record.Type, at path: String, key: String, action: String) throws -> Record? {
        guard let record = try decodeRecord(type, at: path, action: action) else { return nil }
        guard record.key == key else { throw StateStoreError(action: action, detail: "a record file holds another key") }
        return record
    }

    private func decodeRecord<Record: KeyedRecord>(_ type: Record.Type, at path: String, action: String) throws -> Record? {
        guard let data = try files.read(path, action: action) else { return nil }
        return try Self.decode(type, data, action: action)
    }

    private static func encode(_ record: some Encodable, action: String) throws -> Data {
        do {
            return try JSONEncoder().encode(record)
        } catch {
            throw StateStoreError(action: action, detail: "the record cannot be encoded")
        }
    }

    private static func decode<Record: Decodable>(_ type: Record.Type, _ data: Data, action: String) throws -> Record {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw StateStoreError(action: action, detail: "a record file is unreadable (damaged, or written by an incompatible version)")
        }
    }

    private static func decodeSalt(_ data: Data?) -> [UInt8]? {
        guard let data, data.count == 32 else { return nil }
        let digits = Array(data)
        var salt = [UInt8]()
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            salt.append(byte)
        }
        return salt
    }
}

/// A record file's content, which names its key (files are named by the key's digest).
private protocol KeyedRecord: Codable {
    var key: String { get }
}

extension LedgerEntry: KeyedRecord {}

private struct SessionRecord: KeyedRecord {
    var key: String
    var generation: UInt64
    var value: String?
    var issuedAt: Date?

    var slot: SessionSlot {
        guard let value, let issuedAt else { return SessionSlot(generation: generation, session: nil) }
        return SessionSlot(generation: generation, session: StoredSession(value: value, issuedAt: issuedAt, generation: generation))
    }
}

private struct LeaseRecord: KeyedRecord {
    var key: String
    var holder: String
    var until: Date
}

private struct RefusalRecord: KeyedRecord {
    var key: String
    var refusal: LoginRefusal
}

private struct InboxRecord: KeyedRecord {
    var key: String
    var claimedAt: Date
}

/// The salt once read: it never changes for the life of a store.
private final class SaltCache: @unchecked Sendable {
    // `@unchecked`: every access holds the lock.
    private let lock = NSLock()
    private var salt: [UInt8]?

    var value: [UInt8]? {
        get { lock.withLock { salt } }
        set { lock.withLock { salt = newValue } }
    }
}
