import Foundation
import OmiCard
import SMSSandbox

/// Where the commands send: a client for the account in the environment, or for the built-in
/// sandbox when none is set.
struct OmiCardGateway: Sendable {
    /// The client the commands call.
    let client: OmiCardClient
    /// The settings it was made from.
    let settings: OmiCardSettings
    /// The sandbox's state, when the client talks to the built-in sandbox.
    let sandbox: OmiCardSandboxState?

    /// Whether it is the in-process sandbox.
    var isSandbox: Bool { sandbox != nil }

    /// The line said once on stderr when commands use the sandbox because no account is set.
    static let sandboxNotice = "omicard: no OMICARD_LOGIN/OMICARD_PASSWORD set; using the built-in sandbox (offline, nothing is sent)"

    /// A client for the account in `settings`, or for a fresh sandbox (whose first request says
    /// `notice`) when there is none.
    ///
    /// - Parameter ledger: Where the account's client records idempotency keys (the state folder),
    ///   or `nil` for memory (the sandbox's, and the default).
    init(_ settings: OmiCardSettings, ledger: FileStateStore? = nil, notice: @escaping @Sendable () -> Void) {
        self.settings = settings
        var configuration = OmiCardClient.Configuration(baseURL: settings.effectiveBaseURL)
        if let ledger { configuration.sendLedger = ledger }
        if let method = settings.method { configuration.method = method }
        if let timeout = settings.timeout { configuration.timeout = timeout }
        if let credentials = settings.credentials {
            sandbox = nil
            client = OmiCardClient(credentials: credentials, configuration: configuration)
        } else {
            let gateway = OmiCardSandbox()
            sandbox = gateway.state
            let demo = OmiCardSandboxAccount.demo
            client = OmiCardClient(credentials: OmiCardClient.Credentials(loginName: demo.loginName, password: demo.password,
                                                                          delivery: settings.mode.delivery),
                                   configuration: configuration, transport: SandboxNoticeTransport(gateway, notice: notice))
        }
    }

    /// The URL to send for a list or content option given as `url`.
    ///
    /// With an account the gateway fetches the URL itself, so it must be `http` or `https`. The
    /// built-in sandbox never goes online: it reads a `file:` URL from this machine (the file is
    /// handed to it and sent as a URL under its own host), and refuses any other.
    ///
    /// - Throws: `UsageError` naming the option and the URL.
    func remoteURL(_ url: URL, option: String) async throws -> URL {
        let scheme = url.scheme?.lowercased() ?? ""
        guard let sandbox else {
            guard scheme == "http" || scheme == "https" else {
                throw UsageError("\(option) \(url.absoluteString): the gateway fetches this URL itself, so it must be http or https "
                    + "(file:// URLs work with the built-in sandbox only)", option: option, value: url.absoluteString)
            }
            return url
        }
        guard scheme == "file" else {
            throw UsageError("\(option) \(url.absoluteString): the built-in sandbox is offline and cannot fetch it; give a file:// URL "
                + "(the sandbox reads that file from this machine), or set OMICARD_LOGIN and OMICARD_PASSWORD to use the gateway",
                             option: option, value: url.absoluteString)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw UsageError("\(option) \(url.absoluteString): cannot read that file", option: option, value: url.absoluteString)
        }
        var served = settings.effectiveBaseURL.deletingLastPathComponent().appendingPathComponent("local-files")
        served.appendPathComponent(option.trimmingCharacters(in: CharacterSet(charactersIn: "-")))
        served.appendPathComponent(url.lastPathComponent)
        await sandbox.register(url: served.absoluteString, contents: data)
        return served
    }
}
