/// A job `SMS.aspx` accepted: its `LaunchID` and the whole answer.
public struct SMSLaunch: Sendable, Hashable, Codable {
    /// The new job's `LaunchID`; query its recipients with ``OmiCardClient/status(launchID:for:redirects:)``.
    public let launchID: String
    /// The gateway's answer, every field included.
    public let response: OmiCardResponse
    /// Whether this launch was answered from the idempotency ledger (an earlier call with the same
    /// key launched it; nothing was sent now) rather than by the gateway.
    public var isReplay: Bool = false

    /// Creates a launch result.
    ///
    /// - Parameters:
    ///   - launchID: The `LaunchID`.
    ///   - response: The whole answer.
    public init(launchID: String, response: OmiCardResponse) {
        self.launchID = launchID
        self.response = response
    }
}
