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

    /// The client for the account in the environment, or the sandbox when none is set.
    ///
    /// - Throws: `UsageError` for a bad setting.
    func gateway() throws -> OmiCardGateway {
        let io = self.io
        return OmiCardGateway(try settings()) { io.err(OmiCardGateway.sandboxNotice) }
    }
}
