import Foundation
import OmiCard

/// One `omicard` command: its options, its help and what it does.
typealias OmiCardCommand = Command<OmiCardInvocation>

/// One run of a command: its arguments, the environment, and where to print.
struct OmiCardInvocation: Sendable {
    let arguments: Arguments
    let environment: EnvironmentSettings
    let io: CommandIO

    /// Every setting, checked (whether or not an account is set).
    func settings() throws -> OmiCardSettings {
        try OmiCardSettings.read(arguments, environment)
    }

    /// The client for the account in the environment, recording idempotency keys in the state
    /// folder, or the sandbox (keys in memory) when none is set.
    ///
    /// - Throws: `UsageError` for a bad setting or a state folder that cannot be used.
    func gateway() async throws -> OmiCardGateway {
        let io = self.io
        let settings = try settings()
        let ledger = settings.credentials == nil ? nil : try await settings.stateFolder?.open()
        return OmiCardGateway(settings, ledger: ledger) { io.err(OmiCardGateway.sandboxNotice) }
    }
}
