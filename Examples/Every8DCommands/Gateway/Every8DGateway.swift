import Foundation
import Every8D
import SMSSandbox

/// Where the commands send: a client for the account in the environment, or for the built-in
/// sandbox when none is set. The commands see only `any Every8DMessaging`, so HTTP and SOAP run
/// the same code.
struct Every8DGateway: Sendable {
    /// The client the commands call.
    let client: any Every8DMessaging
    /// The settings it was made from.
    let settings: Every8DSettings
    /// Whether it is the in-process sandbox.
    let isSandbox: Bool

    /// The line said once on stderr when commands use the sandbox because no account is set.
    static let sandboxNotice = "every8d: no EVERY8D_UID/EVERY8D_PWD set; using the built-in sandbox (offline, nothing is sent)"

    /// A client for the account in `settings`, or for a fresh sandbox (whose first request says
    /// `notice`) when there is none.
    ///
    /// - Parameter store: Where the account's client keeps its token or session key, login latch
    ///   and idempotency keys (the state folder), or `nil` for memory (the sandbox's, and the default).
    init(_ settings: Every8DSettings, store: FileStateStore? = nil, notice: @escaping @Sendable () -> Void) {
        self.settings = settings
        let state: any CredentialStore & SendLedger = store ?? InMemoryStateStore()
        if let account = settings.account {
            isSandbox = false
            client = Self.client(settings, credentials: account, state: state, transport: URLSessionTransport())
        } else {
            isSandbox = true
            let demo = Every8DSandboxAccount.demo
            client = Self.client(settings, credentials: Every8DClient.Credentials(userID: demo.userID, password: demo.password), state: state,
                                 transport: SandboxNoticeTransport(Every8DSandbox(), notice: notice))
        }
    }

    /// The client for `settings.api`.
    private static func client(_ settings: Every8DSettings, credentials: Every8DClient.Credentials, state: any CredentialStore & SendLedger,
                               transport: any HTTPTransport) -> any Every8DMessaging {
        let site = settings.effectiveSiteURL
        // The user named an http site on purpose (a local test server): allow it.
        let insecure = site.scheme?.lowercased() == "http"
        switch settings.api {
        case .http:
            var configuration = Every8DClient.Configuration(siteURL: site, authentication: settings.authentication)
            if let timeout = settings.timeout { configuration.timeout = timeout }
            configuration.allowsInsecureHTTP = insecure
            configuration.credentialStore = state
            configuration.sendLedger = state
            return Every8DClient(credentials: credentials, configuration: configuration, transport: transport)
        case .soap:
            var configuration = Every8DSOAPClient.Configuration(siteURL: site, soapVersion: settings.soapVersion)
            if let timeout = settings.timeout { configuration.timeout = timeout }
            configuration.allowsInsecureHTTP = insecure
            configuration.credentialStore = state
            configuration.sendLedger = state
            return Every8DSOAPClient(credentials: credentials, configuration: configuration, transport: transport)
        case .v3:
            var configuration = Every8DV3Client.Configuration(siteURL: site, custcode: settings.custcode)
            configuration.authentication = settings.authentication == .token ? .token : .password
            if let timeout = settings.timeout { configuration.timeout = timeout }
            configuration.allowsInsecureHTTP = insecure
            configuration.credentialStore = state
            configuration.sendLedger = state
            return Every8DV3Client(credentials: credentials, configuration: configuration, transport: transport)
        }
    }
}
