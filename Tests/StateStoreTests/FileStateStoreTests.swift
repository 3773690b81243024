import Foundation
import SMSTransport
import StateStoreConformance
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("FileStateStore")
struct FileStateStoreTests {
    /// A new, empty folder path under the temporary directory (not created: the store makes it).
    static func freshFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("sms-state-\(UUID().uuidString)")
    }

    @Test("keeps every state-store promise, each handle opening the folder anew", arguments: StateStoreConformance.Check.allCases)
    func conformance(_ check: StateStoreConformance.Check) async throws {
        let folder = Self.freshFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await StateStoreConformance.run(check) { try FileStateStore(folder: folder) }
    }

    @Test("keeps the ledger's promises with durableLedger off", arguments: [
        StateStoreConformance.Check.ledgerClaim, .ledgerCompareAndSwap, .ledgerPurge, .racingLedgerClaims,
    ])
    func conformanceWithoutFlush(_ check: StateStoreConformance.Check) async throws {
        let folder = Self.freshFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await StateStoreConformance.run(check) { try FileStateStore(folder: folder, durableLedger: false) }
    }

    @Test("the folder is 0700, every file 0600, and every record file is named by a digest, never by its key")
    func permissionsAndNames() async throws {
        let folder = Self.freshFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try FileStateStore(folder: folder)
        _ = try await store.salt()
        let key = StateKey(rawValue: "../../escape")
        _ = try await store.replaceSession(for: key, ifGeneration: 0, value: "token", issuedAt: Date())
        _ = try await store.acquireRefreshLease(for: key, holder: "me", duration: .seconds(60))
        try await store.recordLoginRefusal(LoginRefusal(gateway: "EVERY8D", operation: "GetToken", code: -101, message: "", refusedAt: Date()), for: key)
        _ = try await store.claim("../ledger key", fingerprint: "f", owner: "o", leaseUntil: Date(), now: Date())
        _ = try await store.claim("/inbox/key", now: Date())

        #expect(try Self.mode(folder.path) == 0o700)
        let digest = try Regex("^[0-9a-f]{64}$")
        var records = 0
        for case let path as String in FileManager.default.enumerator(atPath: folder.path)! {
            let full = folder.appendingPathComponent(path).path
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: full, isDirectory: &isFolder)
            if isFolder.boolValue {
                #expect(try Self.mode(full) == 0o700, "\(path)")
                continue
            }
            #expect(try Self.mode(full) == 0o600, "\(path)")
            let name = (path as NSString).lastPathComponent
            if !["lock", "salt"].contains(name) {
                #expect(name.wholeMatch(of: digest) != nil, "\(path)")
                records += 1
            }
        }
        #expect(records == 5)
        #expect(!FileManager.default.fileExists(atPath: folder.deletingLastPathComponent().appendingPathComponent("escape").path))
    }

    @Test("the salt is made once and read back by a store opened later on the same folder")
    func saltPersists() async throws {
        let folder = Self.freshFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let salt = try await FileStateStore(folder: folder).salt()
        #expect(try await FileStateStore(folder: folder).salt() == salt)
        let text = try String(contentsOf: folder.appendingPathComponent("salt"), encoding: .utf8)
        #expect(text == SHA256.hex(salt))
        #expect(salt.count == 16)
    }

    @Test("a damaged record fails with StateStoreError instead of reading as empty")
    func damagedRecord() async throws {
        let folder = Self.freshFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try FileStateStore(folder: folder)
        let key = StateKey(rawValue: "every8d-http.session.damaged")
        _ = try await store.replaceSession(for: key, ifGeneration: 0, value: "token", issuedAt: Date())
        let file = folder.appendingPathComponent("sessions").appendingPathComponent(SHA256.hex(SHA256.hash(Array(key.rawValue.utf8))))
        try Data("{\"key\":".utf8).write(to: file)

        let error = try await #require(throws: StateStoreError.self) { try await store.session(for: key) }
        #expect(error.action == "read the session")
        #expect(error.description.contains("unreadable"))
        await #expect(throws: StateStoreError.self) { try await store.replaceSession(for: key, ifGeneration: 0, value: "x", issuedAt: Date()) }
        _ = try await store.claim("ledger-key", fingerprint: "f", owner: "o", leaseUntil: Date(), now: Date())
        try Data().write(to: folder.appendingPathComponent("ledger").appendingPathComponent(SHA256.hex(SHA256.hash(Array("ledger-key".utf8)))))
        await #expect(throws: StateStoreError.self, "a keyed send with a damaged entry must not be sent") {
            try await store.claim("ledger-key", fingerprint: "f", owner: "o", leaseUntil: Date(), now: Date())
        }
        #expect(try await store.purgeLedger(before: .distantFuture) == 0, "a damaged entry is left for someone to look at")
    }

    @Test("a lock held elsewhere past the lock timeout fails with StateStoreError; reads never wait for it")
    func lockTimeout() async throws {
        let folder = Self.freshFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try FileStateStore(folder: folder, lockTimeout: .milliseconds(300))
        let key = StateKey(rawValue: "k")
        _ = try await store.replaceSession(for: key, ifGeneration: 0, value: "token", issuedAt: Date())
        // Another open file description of the lock file: flock excludes it as it would another process.
        // Close-on-exec: a process spawned meanwhile by another test must not inherit the lock.
        let fd = open(folder.appendingPathComponent("lock").path, O_RDWR | O_CLOEXEC)
        #expect(fd >= 0)
        #expect(flock(fd, LOCK_EX) == 0)

        let started = ContinuousClock.now
        let error = try await #require(throws: StateStoreError.self) {
            try await store.replaceSession(for: key, ifGeneration: 1, value: "token-2", issuedAt: Date())
        }
        #expect(ContinuousClock.now - started >= .milliseconds(300))
        #expect(error.description.contains("held the store's lock"))
        #expect(try await store.session(for: key).session?.value == "token", "a read does not take the lock")

        close(fd)
        #expect(try await store.replaceSession(for: key, ifGeneration: 1, value: "token-2", issuedAt: Date()).generation == 2)
    }

    @Test("purging the ledger also deletes temporary files a dead process left more than a day ago")
    func staleTemporaryFiles() async throws {
        let folder = Self.freshFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try FileStateStore(folder: folder)
        let stale = folder.appendingPathComponent("tmp/left-by-a-crash")
        let fresh = folder.appendingPathComponent("tmp/being-written")
        try Data("x".utf8).write(to: stale)
        try Data("x".utf8).write(to: fresh)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-2 * 86_400)], ofItemAtPath: stale.path)

        _ = try await store.purgeLedger(before: Date())

        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(FileManager.default.fileExists(atPath: fresh.path))
    }

    @Test("a path that is a file is refused with StateStoreError; the description names only the folder")
    func openingAndDescription() async throws {
        let file = Self.freshFolder()
        try Data().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let error = try #require(throws: StateStoreError.self) { try FileStateStore(folder: file) }
        #expect(error.description.contains("is not a folder"))

        let folder = Self.freshFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try FileStateStore(folder: folder)
        _ = try await store.replaceSession(for: StateKey(rawValue: "k"), ifGeneration: 0, value: "secret-token", issuedAt: Date())
        #expect(store.description == "FileStateStore(\(folder.path))")
        #expect(!String(reflecting: store).contains("secret-token"))
    }

    @Test("a retention purges both the ledger and the inbox of what is older than it")
    func retention() async throws {
        let folder = Self.freshFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try FileStateStore(folder: folder)
        let now = Date()
        let eightDaysAgo = now.addingTimeInterval(-8 * 86_400)
        _ = try await store.claim("old", fingerprint: "f", owner: "o", leaseUntil: eightDaysAgo, now: eightDaysAgo)
        _ = try await store.claim("new", fingerprint: "f", owner: "o", leaseUntil: now, now: now.addingTimeInterval(-6 * 86_400))
        _ = try await store.claim("old-report", now: eightDaysAgo)
        _ = try await store.claim("new-report", now: now)

        let removed = try await StateRetention.default.apply(to: store, now: now)

        #expect(removed.ledger == 1)
        #expect(removed.inbox == 1)
        let shorter = try await StateRetention(ledger: .seconds(86_400), inbox: .seconds(86_400)).apply(to: store, now: now)
        #expect(shorter.ledger == 1)
        #expect(shorter.inbox == 0)
    }

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }
}
