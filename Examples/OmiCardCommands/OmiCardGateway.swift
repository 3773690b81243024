import Foundation
import OmiCard
import SMSSandbox

/// Where the commands send: a real account from the environment, or the built-in sandbox.
struct OmiCardGateway: Sendable {
    let client: OmiCardClient
    let isSandbox: Bool

    /// The line said once on stderr when commands use the sandbox because no account is set.
    static let sandboxNotice = "omicard: no OMICARD_LOGIN/OMICARD_PASSWORD set; using the built-in sandbox (offline, nothing is sent)"

    /// Reads `OMICARD_LOGIN`, `OMICARD_PASSWORD`, `OMICARD_BASE_URL` and `OMICARD_TIMEOUT`.
    ///
    /// - Parameter method: `--method`, when given.
    /// - Throws: `UsageError` for a half-set account or a bad value.
    static func fromEnvironment(_ environment: EnvironmentSettings, method: OmiCardClient.RequestMethod?, io: CommandIO) throws -> OmiCardGateway {
        let login = environment.string("OMICARD_LOGIN")
        let password = environment.raw("OMICARD_PASSWORD")
        let timeout = try environment.seconds("OMICARD_TIMEOUT")
        switch (login, password) {
        case (nil, nil):
            return sandbox(method: method, timeout: timeout) { io.err(sandboxNotice) }
        case (.some, nil):
            throw UsageError("OMICARD_LOGIN is set but OMICARD_PASSWORD is not; set both, or neither to use the built-in sandbox")
        case (nil, .some):
            throw UsageError("OMICARD_PASSWORD is set but OMICARD_LOGIN is not; set both, or neither to use the built-in sandbox")
        case (.some(let login), .some(let password)):
            var configuration = OmiCardClient.Configuration(
                baseURL: try environment.url("OMICARD_BASE_URL") ?? OmiCardClient.Configuration.defaultBaseURL)
            if let method { configuration.method = method }
            if let timeout { configuration.timeout = timeout }
            let client = OmiCardClient(credentials: OmiCardClient.Credentials(loginName: login, password: password), configuration: configuration)
            return OmiCardGateway(client: client, isSandbox: false)
        }
    }

    /// A fresh in-process sandbox with the demo account (first `LaunchID` 1001).
    ///
    /// - Parameter notice: Called once, when the first request reaches the sandbox.
    static func sandbox(method: OmiCardClient.RequestMethod? = nil, timeout: Duration? = nil,
                        notice: @escaping @Sendable () -> Void = {}) -> OmiCardGateway {
        let account = OmiCardSandboxAccount.demo
        var configuration = OmiCardClient.Configuration(baseURL: OmiCardSandbox.demoBaseURL)
        if let method { configuration.method = method }
        if let timeout { configuration.timeout = timeout }
        let client = OmiCardClient(credentials: OmiCardClient.Credentials(loginName: account.loginName, password: account.password),
                                   configuration: configuration, transport: SandboxNoticeTransport(OmiCardSandbox(), notice: notice))
        return OmiCardGateway(client: client, isSandbox: true)
    }
}
