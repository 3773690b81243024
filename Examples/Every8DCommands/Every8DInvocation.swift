import Foundation
import Every8D

/// One `every8d` command: its options, its help and what it does.
typealias Every8DCommand = Command<Every8DInvocation>

/// One run of a command: its arguments, the environment, and where to print.
struct Every8DInvocation: Sendable {
    let arguments: Arguments
    let environment: EnvironmentSettings
    let io: CommandIO

    /// Every setting, checked (whether or not an account is set).
    ///
    /// - Throws: `UsageError` naming the option or variable.
    func settings() throws -> Every8DSettings {
        try Every8DSettings.read(arguments, environment)
    }

    /// The client for the account in the environment, keeping its state in the state folder, or
    /// the sandbox (with state in memory) when none is set.
    ///
    /// - Throws: `UsageError` for a bad setting or a state folder that cannot be used.
    func gateway() async throws -> Every8DGateway {
        let io = self.io
        let settings = try settings()
        let store = settings.account == nil ? nil : try await settings.stateFolder?.open()
        return Every8DGateway(settings, store: store) { io.err(Every8DGateway.sandboxNotice) }
    }

    /// The API chosen by `--api` or `EVERY8D_API` (default HTTP).
    func api() throws -> Every8DAPI {
        try Every8DSettings.api(arguments, environment)
    }
}
