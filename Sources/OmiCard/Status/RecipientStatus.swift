/// Where one recipient of a job stands, as `Status.aspx` reports it.
///
/// For an SMS job read ``smsState`` (`CurrentState`); for an e-mail job read ``emailPools``.
/// Every field of the answer stays available in ``response``.
public struct RecipientStatus: Sendable, Hashable {
    /// One e-mail pool the address is in, with the value the gateway gave for it.
    public struct EmailPoolValue: Sendable, Hashable {
        /// The pool.
        public let pool: EmailPool
        /// The gateway's value for it, as it came.
        public let value: String

        /// Creates a pool value.
        public init(pool: EmailPool, value: String) {
            self.pool = pool
            self.value = value
        }
    }

    /// The `LaunchID` that was queried.
    public let launchID: String
    /// The recipient that was queried.
    public let query: StatusQuery
    /// The SMS `CurrentState`, when the answer has one.
    public let smsState: SMSState?
    /// The e-mail pools in the answer, in order (fields named `Email…Pool` or `Email…Status`).
    public let emailPools: [EmailPoolValue]
    /// The gateway's answer, every field included.
    public let response: OmiCardResponse

    /// Creates a status.
    public init(launchID: String, query: StatusQuery, smsState: SMSState?, emailPools: [EmailPoolValue], response: OmiCardResponse) {
        self.launchID = launchID
        self.query = query
        self.smsState = smsState
        self.emailPools = emailPools
        self.response = response
    }

    /// The value reported for `pool`, or `nil` when the answer does not mention it.
    public subscript(pool: EmailPool) -> String? {
        emailPools.first { $0.pool == pool }?.value
    }
}
