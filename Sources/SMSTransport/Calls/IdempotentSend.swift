import Foundation

/// How a client runs a send that carries an idempotency key: claim the key in the ledger with a
/// fingerprint of the request, send once, record the receipt (or that the outcome is unknown), and
/// answer a repeated key from the ledger instead of the gateway.
///
/// - The key's first use sends; a repeat with the **same request** gets the stored receipt and
///   sends nothing; with a **different request** it throws ``IdempotencyKeyReuseError``.
/// - A key **in flight** elsewhere is waited for (up to ``wait``), then ``SendInProgressError``.
/// - A key whose outcome is **unknown** (a timeout, a lost answer, or an owner that died between
///   claim and answer) goes to `reconcile` first: the gateway-specific proof of what was sent.
///   Without such a proof the caller gets `SendOutcomeUnknownError` again: never a blind resend.
/// - A send that failed in a way that proves nothing went out (every error but
///   `SendOutcomeUnknownError`) frees the key for another try.
/// - If the ledger cannot be read or written, nothing is sent (``StateStoreError``).
package struct IdempotentSend<Receipt: Codable & Sendable>: Sendable {
    /// What `reconcile` found out about an earlier attempt whose outcome was unknown.
    package enum Reconciliation: Sendable {
        /// The gateway proves what was sent: this is the send's receipt (after sending any rest).
        case settled(Receipt)
        /// Nothing proves it: the caller gets `SendOutcomeUnknownError`.
        case unproven(SendOutcomeUnknownError)
    }

    package var ledger: any SendLedger
    package var key: String
    package var operation: String
    package var fingerprint: String
    /// How long the claim holds: longer than the send can take with its repeats.
    package var lease: Duration
    /// How long to wait for an attempt in flight elsewhere before ``SendInProgressError``.
    package var wait: Duration
    /// How long entries are kept.
    package var retention: Duration
    package var now: @Sendable () -> Date

    /// The longest key accepted, in UTF-8 bytes.
    package static var maximumKeyLength: Int { IdempotencyKey.maximumLength }

    /// Checks a caller's key (``IdempotencyKey/validate(_:)``).
    package static func validate(_ key: String) throws {
        try IdempotencyKey.validate(key)
    }

    /// A digest of what makes two requests the same send: the operation and the request body
    /// without credentials.
    package static func fingerprint(operation: String, body: Data) -> String {
        var digest = SHA256()
        digest.update(Array(operation.utf8) + [0])
        digest.update(body)
        return SHA256.hex(digest.finish())
    }

    package init(ledger: any SendLedger, key: String, operation: String, fingerprint: String, lease: Duration, wait: Duration = .seconds(10),
                 retention: Duration = .seconds(7 * 86_400), now: @escaping @Sendable () -> Date) {
        self.ledger = ledger
        self.key = key
        self.operation = operation
        self.fingerprint = fingerprint
        self.lease = lease
        self.wait = wait
        self.retention = retention
        self.now = now
    }

    /// Runs the keyed send.
    ///
    /// - Parameters:
    ///   - send: The send itself (through the call engine).
    ///   - reconcile: Proves what an earlier attempt with an unknown outcome sent, and sends only
    ///     what is provably missing; given the earlier entry.
    ///   - replayed: Marks a receipt answered from the ledger (nothing sent now).
    package func run(send: () async throws -> Receipt,
                     reconcile: (LedgerEntry) async throws -> Reconciliation,
                     replayed: (Receipt) -> Receipt = { $0 }) async throws -> Receipt {
        try Self.validate(key)
        let owner = "\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"
        let clock = ContinuousClock()
        let waitUntil = clock.now + wait
        while true {
            let started = now()
            let existing = try await store("claim the idempotency key") {
                try await ledger.claim(key, fingerprint: fingerprint, owner: owner, leaseUntil: started.addingTimeInterval(lease.timeInterval), now: started)
            }
            guard let entry = existing else {
                await purgeOccasionally(now: started)
                let claimed = LedgerEntry(key: key, fingerprint: fingerprint, state: .inFlight, owner: owner,
                                          leaseUntil: started.addingTimeInterval(lease.timeInterval), createdAt: started, updatedAt: started)
                return try await sendAndRecord(send, entry: claimed)
            }
            guard entry.fingerprint == fingerprint else {
                throw IdempotencyKeyReuseError(key: key, operation: operation, firstUsedAt: entry.createdAt)
            }
            switch entry.state {
            case .sent:
                guard let data = entry.result, let receipt = try? JSONDecoder().decode(Receipt.self, from: data) else {
                    throw ResponseParseError(expected: "the stored receipt of idempotency key \"\(key)\"", reason: "the ledger entry holds no readable receipt")
                }
                return replayed(receipt)
            case .inFlight where entry.leaseUntil > now():
                guard clock.now < waitUntil else { throw SendInProgressError(key: key, operation: operation, since: entry.createdAt) }
                try await Task.sleep(for: .milliseconds(Int.random(in: 50...150)))
            case .inFlight, .unknown:
                // The owner died (its lease ran out) or the outcome is unknown: take the entry
                // over, then reconcile before anything is sent.
                let takenAt = now()
                let mine = entry.updated {
                    $0.state = .inFlight
                    $0.owner = owner
                    $0.leaseUntil = takenAt.addingTimeInterval(lease.timeInterval)
                    $0.updatedAt = takenAt
                }
                guard try await store("take over the idempotency key", { try await ledger.replace(entry, with: mine) }) else { continue }
                return try await reconcileAndRecord(reconcile, earlier: entry, entry: mine)
            }
        }
    }

    private func sendAndRecord(_ send: () async throws -> Receipt, entry: LedgerEntry) async throws -> Receipt {
        let receipt: Receipt
        do {
            receipt = try await send()
        } catch let error as SendOutcomeUnknownError {
            _ = try? await ledger.replace(entry, with: entry.updated { $0.state = .unknown; $0.updatedAt = now() })
            throw error
        } catch {
            // The engine turns every ambiguous failure of a send into SendOutcomeUnknownError:
            // anything else proves nothing went out, so the key may be used again.
            _ = try? await ledger.remove(entry)
            throw error
        }
        try await record(receipt, in: entry)
        return receipt
    }

    private func reconcileAndRecord(_ reconcile: (LedgerEntry) async throws -> Reconciliation, earlier: LedgerEntry,
                                    entry: LedgerEntry) async throws -> Receipt {
        let outcome: Reconciliation
        do {
            outcome = try await reconcile(earlier)
        } catch {
            // Still unknown: give the entry back as it was found.
            _ = try? await ledger.replace(entry, with: entry.updated { $0.state = .unknown; $0.updatedAt = now() })
            throw error
        }
        switch outcome {
        case .settled(let receipt):
            try await record(receipt, in: entry)
            return receipt
        case .unproven(let error):
            _ = try? await ledger.replace(entry, with: entry.updated { $0.state = .unknown; $0.updatedAt = now() })
            throw error
        }
    }

    private func record(_ receipt: Receipt, in entry: LedgerEntry) async throws {
        let data = try JSONEncoder().encode(receipt)
        let sent = entry.updated { $0.state = .sent; $0.result = data; $0.updatedAt = now() }
        // The message went out: a ledger failure now must not hide the receipt, so it is not thrown.
        _ = try? await ledger.replace(entry, with: sent)
    }

    private func purgeOccasionally(now: Date) async {
        // About one keyed send in a hundred sweeps out entries past the retention.
        guard Int.random(in: 0..<100) == 0 else { return }
        _ = try? await ledger.purgeLedger(before: now.addingTimeInterval(-retention.timeInterval))
    }

    private func store<T>(_ action: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StateStoreError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw StateStoreError(action: action, detail: String(describing: type(of: error)))
        }
    }
}

/// Why a keyed send's outcome is still unknown: an earlier attempt with the key ended without a
/// readable answer, and the gateway cannot prove what it carried out.
package struct EarlierAttemptUnknown: Error, Sendable, CustomStringConvertible {
    package let key: String
    package let startedAt: Date

    package init(key: String, startedAt: Date) {
        self.key = key
        self.startedAt = startedAt
    }

    package var description: String {
        "an earlier attempt with the idempotency key \"\(key)\" (\(TaiwanTime.dashed(startedAt)) Taiwan time) ended without a readable answer, and nothing proves what it sent; nothing was sent now"
    }
}
