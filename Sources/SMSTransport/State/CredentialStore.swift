import Foundation

/// Where gateway clients keep what must outlive one call and may be shared between processes:
/// the current token or session key, the refresh lease that lets one process log in for all, and
/// the login latch's refusals.
///
/// The default, ``InMemoryStateStore``, is private to one client (and its copies). Give
/// several clients, processes or machines one store to share a single token or SOAP session and
/// one login latch: the file store (`FileStateStore`, one machine) or PostgreSQL (the
/// `Integrations` package, a fleet).
///
/// Records are found by ``StateKey``s that the clients derive from a salted fingerprint of the
/// site, user id and password, so a store never holds a password. It does hold the token or
/// session key itself (that is its purpose): protect it as you would the password.
///
/// Every method is atomic on its own. An implementation reports failures as ``StateStoreError``
/// (never with a connection string or a secret in it); clients then send nothing.
public protocol CredentialStore: Sendable {
    /// A random value created with the store and kept for its whole life: the salt of the
    /// account fingerprints in its keys.
    func salt() async throws -> [UInt8]

    /// The session slot for `key`: its generation and the session it holds, if any.
    func session(for key: StateKey) async throws -> SessionSlot

    /// Stores a new session in `key`'s slot if the slot's generation is still `expected`
    /// (compare-and-swap); the new session gets generation `expected + 1`.
    ///
    /// - Returns: The slot afterwards: the new session when the swap happened, otherwise the
    ///   slot as another writer left it.
    func replaceSession(for key: StateKey, ifGeneration expected: UInt64, value: String, issuedAt: Date) async throws -> SessionSlot

    /// Removes the session from `key`'s slot if it is still generation `generation` (the gateway
    /// rejected it, or it was used up); the generation stays, so an old session can never come back.
    ///
    /// - Returns: Whether this call removed it (`false`: it was already gone or replaced). A
    ///   single-use token is claimed this way: only the caller that gets `true` may use it.
    @discardableResult
    func invalidateSession(for key: StateKey, generation: UInt64) async throws -> Bool

    /// Takes the refresh lease of `key` for `duration` if it is free, expired or already held
    /// by `holder`: the one holder logs in while the others wait for its session.
    ///
    /// - Returns: Whether `holder` now holds the lease.
    func acquireRefreshLease(for key: StateKey, holder: String, duration: Duration) async throws -> Bool

    /// Gives the lease back if `holder` holds it.
    func releaseRefreshLease(for key: StateKey, holder: String) async throws

    /// The refusal recorded for `key`, if any.
    func loginRefusal(for key: StateKey) async throws -> LoginRefusal?

    /// Records `refusal` for `key`, replacing any earlier one.
    func recordLoginRefusal(_ refusal: LoginRefusal, for key: StateKey) async throws

    /// Forgets the refusal recorded for `key`.
    func clearLoginRefusal(for key: StateKey) async throws
}

/// The name of a record in a state store, derived from a gateway, a purpose and a salted
/// fingerprint of the account (never from a password itself).
public struct StateKey: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The key as stored, for example `every8d-http.session.4f1c…`: letters, digits, `.`, `-`, `_`.
    public let rawValue: String

    /// Creates a key from its stored form.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The key.
    public var description: String { rawValue }
}

/// A token or session key as a store keeps it.
///
/// Its description and mirror hide ``value``.
public struct StoredSession: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// The token or session key. A secret.
    public var value: String
    /// When the gateway issued it (by the storing client's clock).
    public var issuedAt: Date
    /// The slot's generation when it was stored; a later session always has a higher one.
    public var generation: UInt64

    /// Creates a stored session.
    public init(value: String, issuedAt: Date, generation: UInt64) {
        self.value = value
        self.issuedAt = issuedAt
        self.generation = generation
    }

    /// `StoredSession(<redacted>, generation 3, issued …)`.
    public var description: String { "StoredSession(\(Redaction.placeholder), generation \(generation), issued \(issuedAt))" }
    /// A mirror without the value.
    public var customMirror: Mirror { Mirror(self, children: ["issuedAt": issuedAt, "generation": generation], displayStyle: .struct) }
}

/// A session slot: the generation of its last write, and the session it holds now, if any.
public struct SessionSlot: Sendable, Hashable {
    /// The generation of the last session stored (0 when none ever was).
    public var generation: UInt64
    /// The session held, or `nil` (never stored, rejected or used up).
    public var session: StoredSession?

    /// Creates a slot.
    public init(generation: UInt64, session: StoredSession?) {
        self.generation = generation
        self.session = session
    }

    /// A slot that was never written.
    public static let empty = SessionSlot(generation: 0, session: nil)
}
