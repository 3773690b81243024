import Foundation

/// Both sandbox gateways behind one transport, on one clock: requests whose path contains
/// `/API21/` or names an API 3.0 or Safesay endpoint (`/e8d/sendsms`, `/v2/sendMessage`, …) go to
/// ``every8d``, paths ending in `.aspx` to ``omiCard``, anything else gets HTTP 404.
///
/// `SMSSandbox()` starts with the demo accounts, which need no setup:
///
/// | gateway | credentials | starting state |
/// | --- | --- | --- |
/// | EVERY8D | `UID` `sandbox`, `PWD` `sandbox-password` (``Every8DSandboxAccount/demo``) | 1000.00 points, international sending on |
/// | OMICard | `ManagerLoginName` `sandbox`, `ManagerPassword` `sandbox-password` (``OmiCardSandboxAccount/demo``) | first `LaunchID` 1001 |
///
/// Point clients at ``Every8DSandbox/demoSiteURL`` and ``OmiCardSandbox/demoBaseURL`` (any
/// host works).
public struct SMSSandbox: HTTPTransport {
    /// The simulated EVERY8D gateway.
    public let every8d: Every8DSandbox
    /// The simulated OMICard WebAPI.
    public let omiCard: OmiCardSandbox
    /// The clock both read.
    public let clock: SandboxClock

    /// Creates both gateways on one clock.
    ///
    /// - Parameters:
    ///   - clock: The shared clock (default: following the system clock).
    ///   - every8dAccounts: EVERY8D accounts (default: the demo account).
    ///   - omiCardAccounts: OMICard accounts (default: the demo account).
    public init(clock: SandboxClock = SandboxClock(), every8dAccounts: [Every8DSandboxAccount] = [.demo],
                omiCardAccounts: [OmiCardSandboxAccount] = [.demo]) {
        self.clock = clock
        self.every8d = Every8DSandbox(accounts: every8dAccounts, clock: clock)
        self.omiCard = OmiCardSandbox(accounts: omiCardAccounts, clock: clock)
    }

    /// Routes a request to the gateway its path names.
    ///
    /// - Parameter request: The request.
    /// - Returns: That gateway's answer, or HTTP 404.
    /// - Throws: What the gateway throws (see ``Every8DSandbox/send(_:)`` and ``OmiCardSandbox/send(_:)``).
    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        let path = request.url.path.lowercased()
        if path.contains("/api21/") || Every8DV3Route(path: path) != nil { return try await every8d.send(request) }
        if path.hasSuffix(".aspx") { return try await omiCard.send(request) }
        try Task.checkCancellation()
        return SandboxPages.errorResponse(status: 404)
    }
}
