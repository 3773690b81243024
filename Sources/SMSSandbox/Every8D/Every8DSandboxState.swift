import Foundation

/// The EVERY8D sandbox's accounts, tokens, batches and counters, apart from any wire format.
///
/// The HTTP front end (``Every8DSandbox``) reads requests, calls into this actor and writes the
/// answers; a SOAP front end can share the same state. Tests use it to look inside: credit,
/// batches and their messages, the number of sends carried out, tokens issued and closed, and to
/// steer outcomes (``setStatus(_:batchID:mobile:)``, ``addReply(batchID:mobile:text:at:)``,
/// ``expireAllTokens()``), and to have push reports sent to your endpoint (``setPushTarget(_:)``).
public actor Every8DSandboxState {
    /// Timing rules of the simulated gateway.
    public struct Configuration: Sendable, Hashable {
        /// How long a token stays valid after it is issued; `nil` for until closed (default 24 hours).
        public var tokenLifetime: Duration?
        /// How long a due message stays at status 0 (at the carrier) before its final status
        /// (default zero: final at once).
        public var carrierDelay: Duration
        /// How far back the duplicate filter of `SendSMS4FilterMessage.ashx` looks (default 24 hours).
        public var duplicateWindow: Duration

        /// Creates a configuration.
        public init(tokenLifetime: Duration? = .seconds(86_400), carrierDelay: Duration = .zero,
                    duplicateWindow: Duration = .seconds(86_400)) {
            self.tokenLifetime = tokenLifetime
            self.carrierDelay = carrierDelay
            self.duplicateWindow = duplicateWindow
        }
    }

    struct Token {
        var userID: String
        var expiresAt: Date?
    }

    /// The timing rules.
    public nonisolated let configuration: Configuration
    /// The clock every rule reads.
    public nonisolated let clock: SandboxClock

    var accounts: [String: Every8DSandboxAccount] = [:]
    var tokens: [String: Token] = [:]
    var batchList: [Every8DSandboxBatch] = []
    var batchIndex: [String: Int] = [:]
    /// SOAP API: each account's one session key (user id → key in `tokens`) and its failed logins.
    var soapSessions: [String: String] = [:]
    var soapLoginFailures: [String: Int] = [:]
    /// API 3.0 and Safesay (see `Every8DSandboxState+V3.swift`).
    var v3 = Every8DV3Store()
    /// Push reports (see `Every8DSandboxState+Push.swift`).
    var push = Every8DPushWatch()

    /// How many tokens were issued.
    public internal(set) var tokensIssued = 0
    /// How many tokens were closed by `VerifyType` 3.
    public internal(set) var tokensClosed = 0
    /// How many send requests were carried out (each created a batch). Dry runs and requests
    /// whose every number was filtered as a duplicate are not counted.
    public internal(set) var acceptedSendCount = 0

    /// Creates the state.
    ///
    /// - Parameters:
    ///   - accounts: The accounts (default: ``Every8DSandboxAccount/demo``).
    ///   - clock: The clock (default: following the system clock).
    ///   - configuration: Timing rules.
    public init(accounts: [Every8DSandboxAccount] = [.demo], clock: SandboxClock = SandboxClock(),
                configuration: Configuration = Configuration()) {
        self.clock = clock
        self.configuration = configuration
        for account in accounts { self.accounts[account.userID] = account }
    }

    /// Adds an account, or replaces the one with the same user id.
    public func addAccount(_ account: Every8DSandboxAccount) {
        accounts[account.userID] = account
    }

    /// The credit an account has now, or `nil` for an unknown user id.
    public func credit(of userID: String) -> Decimal? {
        accounts[userID]?.credit
    }

    /// Sets an account's credit (for example to 0, to see `UNSEND` and status 301).
    public func setCredit(_ credit: Decimal, for userID: String) {
        accounts[userID]?.credit = credit
    }

    /// Every batch carried out, oldest first.
    ///
    /// - Parameter userID: Only this account's, or `nil` for all.
    public func batches(userID: String? = nil) -> [Every8DSandboxBatch] {
        guard let userID else { return batchList }
        return batchList.filter { $0.userID == userID }
    }

    /// The batch with this id, if any.
    public func batch(id: String) -> Every8DSandboxBatch? {
        batchIndex[id.lowercased()].map { batchList[$0] }
    }

    /// How many tokens are valid now.
    public func activeTokenCount() async -> Int {
        let now = await clock.now()
        return tokens.values.filter { $0.expiresAt.map { now < $0 } ?? true }.count
    }

    /// Invalidates every token, as when another system sharing the account closes the session.
    public func expireAllTokens() {
        tokens.removeAll()
    }

    /// The status a message has now, as a delivery report would show it, or `nil` when there is
    /// no such batch or number in it.
    ///
    /// - Parameters:
    ///   - batchID: The batch id.
    ///   - mobile: The number, as sent or as stored (`09…` and `+8869…` are the same).
    public func status(batchID: String, mobile: String) async -> Int? {
        let now = await clock.now()
        guard let batch = batch(id: batchID), let message = batch.messages.first(where: { $0.mobile == Self.storedForm(mobile) }) else {
            return nil
        }
        return currentStatus(of: message, in: batch, at: now)
    }

    /// Sets the status every message to `mobile` in a batch reports once it is due, in place of
    /// the scenario's (for example 104 or 107).
    ///
    /// - Returns: Whether such a message exists.
    @discardableResult
    public func setStatus(_ status: Int, batchID: String, mobile: String) -> Bool {
        let found = updateMessages(batchID: batchID, mobile: mobile) { $0.statusOverride = status }
        if found { schedulePushReports() }
        return found
    }

    /// Adds a reply (MO) from `mobile` to a batch.
    ///
    /// - Parameters:
    ///   - batchID: The batch replied to.
    ///   - mobile: The replying number (`09…` or `+8869…`).
    ///   - text: The reply text.
    ///   - receivedAt: When it arrives (default: now by the sandbox clock); it is reported from then on.
    /// - Returns: Whether the batch has a message to that number.
    @discardableResult
    public func addReply(batchID: String, mobile: String, text: String, at receivedAt: Date? = nil) async -> Bool {
        let time: Date
        if let receivedAt { time = receivedAt } else { time = await clock.now() }
        var added = false
        updateFirstMessage(batchID: batchID, mobile: mobile) { message in
            message.addedReplies.append(Every8DSandboxReply(mobile: message.mobile, name: message.name, text: text, receivedAt: time))
            added = true
        }
        if added { await firePushReports() }
        return added
    }

    static func storedForm(_ mobile: String) -> String {
        Every8DMobile.parse(mobile)?.number ?? mobile
    }

    private func updateMessages(batchID: String, mobile: String, _ change: (inout Every8DSandboxMessage) -> Void) -> Bool {
        guard let index = batchIndex[batchID.lowercased()] else { return false }
        let stored = Self.storedForm(mobile)
        var found = false
        for position in batchList[index].messages.indices where batchList[index].messages[position].mobile == stored {
            change(&batchList[index].messages[position])
            found = true
        }
        return found
    }

    private func updateFirstMessage(batchID: String, mobile: String, _ change: (inout Every8DSandboxMessage) -> Void) {
        guard let index = batchIndex[batchID.lowercased()] else { return }
        let stored = Self.storedForm(mobile)
        if let position = batchList[index].messages.firstIndex(where: { $0.mobile == stored }) {
            change(&batchList[index].messages[position])
        }
    }
}
