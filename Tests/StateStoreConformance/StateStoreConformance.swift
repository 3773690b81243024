import Foundation
import SMSTransport

/// A store of all three kinds, as the clients share one.
public typealias SharedStateStore = CredentialStore & SendLedger & PushReportInbox

/// The checks every state store must pass, whatever it keeps its records in: the semantics of
/// ``InMemoryStateStore``, which the clients rely on.
///
/// Each check runs against *handles* on one shared state (`handles()` returns a new one on every
/// call, as another process would open the same folder or database; an in-memory store returns
/// itself), uses keys of its own, and throws ``ConformanceFailure`` naming the broken promise.
/// Checks may run in parallel on one store.
///
/// ```swift
/// @Test("FileStateStore keeps the state-store promises", arguments: StateStoreConformance.Check.allCases)
/// func conformance(_ check: StateStoreConformance.Check) async throws {
///     let folder = temporaryFolder()
///     try await StateStoreConformance.run(check) { try FileStateStore(folder: folder) }
/// }
/// ```
public enum StateStoreConformance {
    /// One promise.
    public enum Check: String, CaseIterable, Sendable, CustomStringConvertible {
        case salt = "the salt is made once and is the same through every handle"
        case unknownKeys = "keys never written read as empty, and changing them changes nothing"
        case sessionCompareAndSwap = "a session is replaced only at the expected generation, which then rises by one"
        case invalidation = "invalidating drops a session only at its generation, and generations are never reused"
        case oddKeysAndValues = "any key and any token value round-trip (slashes, dots, spaces, Unicode, 300 characters)"
        case leaseExclusive = "the refresh lease has one holder, who may renew and release it"
        case leaseExpiry = "an expired refresh lease is taken over, and its old holder cannot release the new one"
        case loginLatch = "a login refusal is recorded, replaced and cleared, with every field kept"
        case ledgerClaim = "a ledger key is claimed once; later claims get the entry as first written"
        case ledgerCompareAndSwap = "ledger entries are replaced and removed only at their version"
        case ledgerPurge = "purging the ledger removes exactly the entries last changed before the date"
        case inbox = "a push report is claimed once, and may be claimed again after a release"
        case inboxPurge = "purging the inbox removes exactly the claims made before the date"
        case racingSessionSwaps = "16 callers swapping one session at once: exactly one wins"
        case racingInvalidations = "16 callers invalidating one session at once: exactly one wins"
        case racingLeases = "16 callers taking one refresh lease at once: exactly one wins"
        case racingLedgerClaims = "16 callers claiming one ledger key at once: exactly one wins"
        case racingLedgerReplaces = "16 callers replacing one ledger entry at once: exactly one wins"
        case racingInboxClaims = "16 callers claiming one push report at once: exactly one wins"

        public var description: String { rawValue }
    }

    /// Runs `check` against the store that `handles` opens.
    ///
    /// - Parameters:
    ///   - check: The promise to check.
    ///   - handles: Opens a handle on the shared state (called once or more).
    /// - Throws: ``ConformanceFailure``, or what the store throws.
    public static func run(_ check: Check, handles: @escaping @Sendable () async throws -> any SharedStateStore) async throws {
        let run = Run(check: check, handles: handles)
        switch check {
        case .salt: try await run.salt()
        case .unknownKeys: try await run.unknownKeys()
        case .sessionCompareAndSwap: try await run.sessionCompareAndSwap()
        case .invalidation: try await run.invalidation()
        case .oddKeysAndValues: try await run.oddKeysAndValues()
        case .leaseExclusive: try await run.leaseExclusive()
        case .leaseExpiry: try await run.leaseExpiry()
        case .loginLatch: try await run.loginLatch()
        case .ledgerClaim: try await run.ledgerClaim()
        case .ledgerCompareAndSwap: try await run.ledgerCompareAndSwap()
        case .ledgerPurge: try await run.ledgerPurge()
        case .inbox: try await run.inbox()
        case .inboxPurge: try await run.inboxPurge()
        case .racingSessionSwaps: try await run.racingSessionSwaps()
        case .racingInvalidations: try await run.racingInvalidations()
        case .racingLeases: try await run.racingLeases()
        case .racingLedgerClaims: try await run.racingLedgerClaims()
        case .racingLedgerReplaces: try await run.racingLedgerReplaces()
        case .racingInboxClaims: try await run.racingInboxClaims()
        }
    }
}

/// One check's run: its handles, its keys and its steps.
private struct Run: Sendable {
    let check: StateStoreConformance.Check
    let handles: @Sendable () async throws -> any SharedStateStore
    /// Makes this run's keys its own, so that runs may share a store.
    let tag = UUID().uuidString.lowercased()

    static let racers = 16

    func key(_ name: String = "a") -> StateKey { StateKey(rawValue: "conformance.\(name).\(tag)") }
    func ledgerKey(_ name: String = "a") -> String { "conformance-\(name)-\(tag)" }

    // MARK: Credentials

    func salt() async throws {
        let store = try await handles()
        let first = try await store.salt()
        try expect(first.count >= 16, "the salt has \(first.count) bytes, expected at least 16")
        try expect(try await store.salt() == first, "the salt changed between two reads")
        try expect(try await handles().salt() == first, "another handle sees another salt")
    }

    func unknownKeys() async throws {
        let store = try await handles()
        try expect(try await store.session(for: key()) == .empty, "an unknown key's slot is not empty")
        try expect(try await store.loginRefusal(for: key()) == nil, "an unknown key has a refusal")
        try expect(try await store.invalidateSession(for: key(), generation: 0) == false, "invalidating an unknown key succeeded")
        try await store.releaseRefreshLease(for: key(), holder: "nobody")
        try await store.clearLoginRefusal(for: key())
        let ghost = LedgerEntry(key: ledgerKey(), fingerprint: "f", state: .sent, owner: "o", leaseUntil: Date(), createdAt: Date(), updatedAt: Date())
        try expect(try await store.replace(ghost, with: next(ghost) { $0.state = .unknown }) == false, "replacing an entry never claimed succeeded")
        try expect(try await store.remove(ghost) == false, "removing an entry never claimed succeeded")
        try await store.release(ledgerKey())
        try expect(try await store.session(for: key()) == .empty, "the slot is no longer empty after calls that change nothing")
    }

    func sessionCompareAndSwap() async throws {
        let store = try await handles()
        let issued = Date(timeIntervalSince1970: 1_764_720_000.25)
        let first = try await store.replaceSession(for: key(), ifGeneration: 0, value: "token-1", issuedAt: issued)
        try expectSlot(first, generation: 1, value: "token-1", issuedAt: issued, "the first session")
        let stale = try await store.replaceSession(for: key(), ifGeneration: 0, value: "token-x", issuedAt: Date())
        try expectSlot(stale, generation: 1, value: "token-1", issuedAt: issued, "a swap at a past generation")
        let ahead = try await store.replaceSession(for: key(), ifGeneration: 7, value: "token-y", issuedAt: Date())
        try expectSlot(ahead, generation: 1, value: "token-1", issuedAt: issued, "a swap at a future generation")
        let later = issued.addingTimeInterval(3600)
        let second = try await store.replaceSession(for: key(), ifGeneration: 1, value: "token-2", issuedAt: later)
        try expectSlot(second, generation: 2, value: "token-2", issuedAt: later, "the second session")
        try expectSlot(try await handles().session(for: key()), generation: 2, value: "token-2", issuedAt: later, "another handle's read")
        try expect(try await store.session(for: key("other")) == .empty, "swapping one key changed another")
    }

    func invalidation() async throws {
        let store = try await handles()
        let issued = Date()
        _ = try await store.replaceSession(for: key(), ifGeneration: 0, value: "token-1", issuedAt: issued)
        try expect(try await store.invalidateSession(for: key(), generation: 0) == false, "invalidated at generation 0 while the slot is at 1")
        try expect(try await store.invalidateSession(for: key(), generation: 2) == false, "invalidated at generation 2 while the slot is at 1")
        try expectSlot(try await store.session(for: key()), generation: 1, value: "token-1", issuedAt: issued, "after failed invalidations")
        try expect(try await store.invalidateSession(for: key(), generation: 1) == true, "invalidating the current session failed")
        try expect(try await handles().invalidateSession(for: key(), generation: 1) == false, "a session was invalidated twice")
        let emptied = try await store.session(for: key())
        try expect(emptied == SessionSlot(generation: 1, session: nil), "after invalidation the slot is \(describe(emptied)), expected generation 1, no session")
        let stale = try await store.replaceSession(for: key(), ifGeneration: 0, value: "token-old", issuedAt: issued)
        try expect(stale == SessionSlot(generation: 1, session: nil), "a swap at generation 0 after invalidation gave \(describe(stale))")
        let next = try await store.replaceSession(for: key(), ifGeneration: 1, value: "token-2", issuedAt: issued)
        try expectSlot(next, generation: 2, value: "token-2", issuedAt: issued, "the session after an invalidation")
    }

    func oddKeysAndValues() async throws {
        let store = try await handles()
        let names = ["../../etc/passwd", "a/b", "with space", "點數", String(repeating: "k", count: 300), ".", ""]
        let value = "v\"al'ue\\ with \n newline, 點數, 😀 and " + String(repeating: "x", count: 4000)
        let issued = Date()
        for (index, name) in names.enumerated() {
            let stateKey = StateKey(rawValue: "\(name)\(tag)")
            let slot = try await store.replaceSession(for: stateKey, ifGeneration: 0, value: value + "\(index)", issuedAt: issued)
            try expectSlot(slot, generation: 1, value: value + "\(index)", issuedAt: issued, "key \(name.prefix(20))")
            try expectSlot(try await handles().session(for: stateKey), generation: 1, value: value + "\(index)", issuedAt: issued,
                           "key \(name.prefix(20)) read back")
            try expect(try await store.claim(name + tag, fingerprint: "f", owner: "o", leaseUntil: issued, now: issued) == nil,
                       "ledger key \(name.prefix(20)) could not be claimed")
            try expect(try await store.claim(name + tag, fingerprint: "f", owner: "o", leaseUntil: issued, now: issued)?.key == name + tag,
                       "ledger key \(name.prefix(20)) did not come back")
            try expect(try await store.claim(name + tag, now: issued), "push report \(name.prefix(20)) could not be claimed")
            try expect(try await store.claim(name + tag, now: issued) == false, "push report \(name.prefix(20)) was claimed twice")
        }
    }

    func leaseExclusive() async throws {
        let store = try await handles()
        let other = try await handles()
        try expect(try await store.acquireRefreshLease(for: key(), holder: "A", duration: .seconds(60)), "A did not get a free lease")
        try expect(try await other.acquireRefreshLease(for: key(), holder: "B", duration: .seconds(60)) == false, "B got the lease A holds")
        try expect(try await store.acquireRefreshLease(for: key(), holder: "A", duration: .seconds(60)), "A could not renew its own lease")
        try await other.releaseRefreshLease(for: key(), holder: "B")
        try expect(try await other.acquireRefreshLease(for: key(), holder: "B", duration: .seconds(60)) == false, "B's release freed A's lease")
        try expect(try await other.acquireRefreshLease(for: key("other"), holder: "B", duration: .seconds(60)), "A's lease blocked another key")
        try await store.releaseRefreshLease(for: key(), holder: "A")
        try expect(try await other.acquireRefreshLease(for: key(), holder: "B", duration: .seconds(60)), "B did not get the lease A released")
    }

    func leaseExpiry() async throws {
        let store = try await handles()
        let other = try await handles()
        // A handle's first call may set up (a PostgreSQL store creates its tables): not in the timed part.
        _ = try await store.salt()
        _ = try await other.salt()
        // B's refusal proves A's lease still runs only if B asked before the lease could have ended
        // by any clock (a server's included); on a machine too busy for that, again with a longer lease.
        var lease = Duration.milliseconds(300)
        while true {
            let asked = ContinuousClock.now
            try expect(try await store.acquireRefreshLease(for: key(), holder: "A", duration: lease), "A did not get a free lease")
            let taken = try await other.acquireRefreshLease(for: key(), holder: "B", duration: .seconds(60))
            if ContinuousClock.now - asked < lease {
                try expect(!taken, "B got A's lease before it ended")
                break
            }
            guard lease < .seconds(4) else { throw ConformanceFailure("the store answered too slowly to time a \(lease) lease") }
            if taken { try await other.releaseRefreshLease(for: key(), holder: "B") }
            try await store.releaseRefreshLease(for: key(), holder: "A")
            lease *= 4
        }
        try await Task.sleep(for: lease + .milliseconds(400))
        try expect(try await other.acquireRefreshLease(for: key(), holder: "B", duration: .seconds(60)), "B could not take over A's expired lease")
        try await store.releaseRefreshLease(for: key(), holder: "A")
        try expect(try await store.acquireRefreshLease(for: key(), holder: "C", duration: .seconds(60)) == false,
                   "A's late release freed the lease B took over")
    }

    func loginLatch() async throws {
        let store = try await handles()
        let refused = LoginRefusal(gateway: "EVERY8D", operation: "GetToken", code: -101, message: "密碼錯誤 \"quoted\"",
                                   refusedAt: Date(timeIntervalSince1970: 1_764_720_000.5))
        try await store.recordLoginRefusal(refused, for: key())
        try expectRefusal(try await handles().loginRefusal(for: key()), refused, "the recorded refusal")
        try expect(try await store.loginRefusal(for: key("other")) == nil, "a refusal of one key latched another")
        let locked = LoginRefusal(gateway: "EVERY8D", operation: "getConnection", code: -999, message: "帳號已封鎖",
                                  refusedAt: Date(), accountLocked: true)
        try await store.recordLoginRefusal(locked, for: key())
        try expectRefusal(try await store.loginRefusal(for: key()), locked, "the replacing refusal")
        try await handles().clearLoginRefusal(for: key())
        try expect(try await store.loginRefusal(for: key()) == nil, "the refusal is still there after clearing")
        try await store.clearLoginRefusal(for: key())
    }

    // MARK: Send ledger

    func ledgerClaim() async throws {
        let store = try await handles()
        let now = Date(timeIntervalSince1970: 1_764_720_000.125)
        let until = now.addingTimeInterval(120)
        try expect(try await store.claim(ledgerKey(), fingerprint: "fp-1", owner: "owner-1", leaseUntil: until, now: now) == nil,
                   "a free key was not claimed")
        let existing = try await handles().claim(ledgerKey(), fingerprint: "fp-2", owner: "owner-2", leaseUntil: now, now: now.addingTimeInterval(5))
        let expected = LedgerEntry(key: ledgerKey(), fingerprint: "fp-1", state: .inFlight, owner: "owner-1", leaseUntil: until,
                                   createdAt: now, updatedAt: now, result: nil, version: 1)
        try expectEntry(existing, expected, "the entry a second claim returns")
        try expect(try await store.claim(ledgerKey("other"), fingerprint: "fp-1", owner: "owner-1", leaseUntil: until, now: now) == nil,
                   "a claim of one key blocked another")
    }

    func ledgerCompareAndSwap() async throws {
        let store = try await handles()
        let now = Date()
        _ = try await store.claim(ledgerKey(), fingerprint: "fp", owner: "owner", leaseUntil: now.addingTimeInterval(60), now: now)
        guard let claimed = try await store.claim(ledgerKey(), fingerprint: "fp", owner: "owner", leaseUntil: now, now: now) else {
            throw ConformanceFailure("a claimed key came back free")
        }
        let receipt = Data("{\"batch\":\"B-1\",\"credit\":\"99.5\"}".utf8) + Data([0, 255, 10])
        let sent = next(claimed) {
            $0.state = .sent
            $0.result = receipt
            $0.updatedAt = now.addingTimeInterval(2)
        }
        try expect(try await handles().replace(claimed, with: sent), "replacing the entry at its version failed")
        let other = next(claimed) { $0.state = .unknown }
        try expect(try await store.replace(claimed, with: other) == false, "an entry was replaced at an old version")
        try expectEntry(try await store.claim(ledgerKey(), fingerprint: "fp", owner: "x", leaseUntil: now, now: now), sent, "the replaced entry")
        try expect(try await store.remove(claimed) == false, "an entry was removed at an old version")
        try expect(try await handles().remove(sent), "removing the entry at its version failed")
        try expect(try await store.claim(ledgerKey(), fingerprint: "fp", owner: "owner", leaseUntil: now, now: now) == nil,
                   "a removed key could not be claimed again")
    }

    func ledgerPurge() async throws {
        let store = try await handles()
        // Dates long past, so that the purge cannot meet other runs' entries.
        let old = Date(timeIntervalSince1970: 978_307_200)   // 2001-01-01
        let cut = old.addingTimeInterval(86_400)
        let recent = cut.addingTimeInterval(60)
        for name in ["old-1", "old-2", "old-3", "touched"] {
            _ = try await store.claim(ledgerKey(name), fingerprint: "f", owner: "o", leaseUntil: old, now: old)
        }
        _ = try await store.claim(ledgerKey("new"), fingerprint: "f", owner: "o", leaseUntil: recent, now: recent)
        guard let touched = try await store.claim(ledgerKey("touched"), fingerprint: "f", owner: "o", leaseUntil: old, now: old) else {
            throw ConformanceFailure("a claimed key came back free")
        }
        try expect(try await store.replace(touched, with: next(touched) { $0.updatedAt = recent }), "the entry to keep could not be updated")
        let removed = try await handles().purgeLedger(before: cut)
        try expect(removed == 3, "the purge removed \(removed) entries, expected the 3 last changed before the date")
        for name in ["old-1", "old-2", "old-3"] {
            try expect(try await store.claim(ledgerKey(name), fingerprint: "f", owner: "o", leaseUntil: recent, now: recent) == nil,
                       "purged key \(name) is still claimed")
        }
        for name in ["new", "touched"] {
            try expect(try await store.claim(ledgerKey(name), fingerprint: "f", owner: "o", leaseUntil: recent, now: recent) != nil,
                       "key \(name), changed after the date, was purged")
        }
    }

    // MARK: Push-report inbox

    func inbox() async throws {
        let store = try await handles()
        let now = Date()
        try expect(try await store.claim(ledgerKey(), now: now), "a new report was not claimed")
        try expect(try await handles().claim(ledgerKey(), now: now) == false, "a report was claimed twice")
        try expect(try await store.claim(ledgerKey("other"), now: now), "a claim of one report blocked another")
        try await handles().release(ledgerKey())
        try expect(try await store.claim(ledgerKey(), now: now), "a released report could not be claimed again")
        try expect(try await store.claim(ledgerKey(), now: now) == false, "a report claimed again after its release was claimed a third time")
    }

    func inboxPurge() async throws {
        let store = try await handles()
        let old = Date(timeIntervalSince1970: 978_307_200)
        let cut = old.addingTimeInterval(86_400)
        for name in ["old-1", "old-2"] { _ = try await store.claim(ledgerKey(name), now: old) }
        _ = try await store.claim(ledgerKey("new"), now: cut.addingTimeInterval(1))
        let removed = try await handles().purgeInbox(before: cut)
        try expect(removed == 2, "the purge removed \(removed) claims, expected the 2 made before the date")
        try expect(try await store.claim(ledgerKey("old-1"), now: Date()), "a purged report is still claimed")
        try expect(try await store.claim(ledgerKey("new"), now: Date()) == false, "a report claimed after the date was purged")
    }

    // MARK: Races

    func racingSessionSwaps() async throws {
        let stored = try await race { index, store in
            let slot = try await store.replaceSession(for: key(), ifGeneration: 0, value: "token-\(index)", issuedAt: Date())
            return slot.session?.value == "token-\(index)"
        }
        try expect(stored == 1, "\(stored) of \(Self.racers) racing swaps at generation 0 stored their session")
        let slot = try await handles().session(for: key())
        try expect(slot.generation == 1, "after the race the slot is at generation \(slot.generation), expected 1")
    }

    func racingInvalidations() async throws {
        _ = try await handles().replaceSession(for: key(), ifGeneration: 0, value: "single-use", issuedAt: Date())
        let won = try await race { _, store in try await store.invalidateSession(for: key(), generation: 1) }
        try expect(won == 1, "\(won) of \(Self.racers) racing invalidations of one session succeeded: a single-use token would be used \(won) times")
    }

    func racingLeases() async throws {
        let won = try await race { index, store in
            try await store.acquireRefreshLease(for: key(), holder: "holder-\(index)", duration: .seconds(60))
        }
        try expect(won == 1, "\(won) of \(Self.racers) racing callers got the refresh lease")
    }

    func racingLedgerClaims() async throws {
        let now = Date()
        let won = try await race { index, store in
            try await store.claim(ledgerKey(), fingerprint: "fp", owner: "owner-\(index)", leaseUntil: now.addingTimeInterval(60), now: now) == nil
        }
        try expect(won == 1, "\(won) of \(Self.racers) racing claims of one idempotency key succeeded: the send would go out \(won) times")
    }

    func racingLedgerReplaces() async throws {
        let now = Date()
        let store = try await handles()
        _ = try await store.claim(ledgerKey(), fingerprint: "fp", owner: "dead", leaseUntil: now, now: now)
        guard let stale = try await store.claim(ledgerKey(), fingerprint: "fp", owner: "x", leaseUntil: now, now: now) else {
            throw ConformanceFailure("a claimed key came back free")
        }
        let won = try await race { index, store in
            try await store.replace(stale, with: next(stale) { $0.owner = "taker-\(index)" })
        }
        try expect(won == 1, "\(won) of \(Self.racers) racing take-overs of one ledger entry succeeded")
    }

    func racingInboxClaims() async throws {
        let won = try await race { _, store in try await store.claim(ledgerKey(), now: Date()) }
        try expect(won == 1, "\(won) of \(Self.racers) racing claims of one push report succeeded: it would be handled \(won) times")
    }

    /// Runs `attempt` in ``racers`` tasks at once, each with a handle of its own, and counts the
    /// attempts that returned `true`.
    private func race(_ attempt: @escaping @Sendable (Int, any SharedStateStore) async throws -> Bool) async throws -> Int {
        var stores: [any SharedStateStore] = []
        for _ in 0..<Self.racers { stores.append(try await handles()) }
        let starters = stores
        return try await withThrowingTaskGroup(of: Bool.self) { group in
            for (index, store) in starters.enumerated() {
                group.addTask { try await attempt(index, store) }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
    }

    // MARK: Comparisons

    /// `entry` changed by `changes`, one version on, as a client writes it (the SDK's own helper
    /// is `package`, out of reach of Integrations/).
    private func next(_ entry: LedgerEntry, _ changes: (inout LedgerEntry) -> Void) -> LedgerEntry {
        var copy = entry
        changes(&copy)
        copy.version = entry.version + 1
        return copy
    }

    /// Stores may keep dates to the microsecond (PostgreSQL does).
    private func same(_ a: Date, _ b: Date) -> Bool { abs(a.timeIntervalSince(b)) < 0.000_01 }

    private func describe(_ slot: SessionSlot) -> String {
        "generation \(slot.generation), \(slot.session.map { "session of generation \($0.generation) issued \($0.issuedAt)" } ?? "no session")"
    }

    private func expectSlot(_ slot: SessionSlot, generation: UInt64, value: String, issuedAt: Date, _ what: String,
                            file: String = #fileID, line: Int = #line) throws {
        guard let session = slot.session else {
            throw ConformanceFailure("\(what): the slot holds no session (\(describe(slot)))", file: file, line: line)
        }
        try expect(slot.generation == generation && session.generation == generation,
                   "\(what): \(describe(slot)), expected generation \(generation)", file: file, line: line)
        try expect(session.value == value, "\(what): the session's value is not the one stored", file: file, line: line)
        try expect(same(session.issuedAt, issuedAt), "\(what): issued \(session.issuedAt), expected \(issuedAt)", file: file, line: line)
    }

    private func expectRefusal(_ refusal: LoginRefusal?, _ expected: LoginRefusal, _ what: String) throws {
        guard let refusal else { throw ConformanceFailure("\(what): none was read back") }
        var aligned = refusal
        aligned.refusedAt = expected.refusedAt
        try expect(aligned == expected && same(refusal.refusedAt, expected.refusedAt), "\(what): read back \(refusal), expected \(expected)")
    }

    private func expectEntry(_ entry: LedgerEntry?, _ expected: LedgerEntry, _ what: String) throws {
        guard let entry else { throw ConformanceFailure("\(what): the key came back free") }
        var aligned = entry
        aligned.leaseUntil = expected.leaseUntil
        aligned.createdAt = expected.createdAt
        aligned.updatedAt = expected.updatedAt
        try expect(aligned == expected, "\(what): read back \(entry), expected \(expected)")
        try expect(same(entry.leaseUntil, expected.leaseUntil) && same(entry.createdAt, expected.createdAt)
                       && same(entry.updatedAt, expected.updatedAt), "\(what): dates differ: \(entry) against \(expected)")
    }
}
