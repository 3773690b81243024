import Foundation
import Every8D
import SMSSandbox

/// Where the commands send: a real account from the environment, or the built-in sandbox.
struct Every8DGateway: Sendable {
    /// The backend the commands call.
    let backend: any Every8DBackend
    /// Whether it is the in-process sandbox.
    let isSandbox: Bool
    /// Values no output may contain (the password; tokens never leave the client).
    let secrets: [String]

    /// The line said once on stderr when commands use the sandbox because no account is set.
    static let sandboxNotice = "every8d: no EVERY8D_UID/EVERY8D_PWD set; using the built-in sandbox (offline, nothing is sent)"

    /// Reads the environment: `EVERY8D_UID`, `EVERY8D_PWD`, `EVERY8D_SITE_URL`, `EVERY8D_AUTH`,
    /// `EVERY8D_TIMEOUT`, `EVERY8D_API` (overridden by `--api`), and for API 3.0 `EVERY8D_CUSTCODE`.
    ///
    /// - Throws: `UsageError` for a half-set account or a bad value; nothing is printed here.
    static func fromEnvironment(_ environment: EnvironmentSettings, apiOption: String?, io: CommandIO) throws -> Every8DGateway {
        let userID = environment.string("EVERY8D_UID")
        let password = environment.raw("EVERY8D_PWD")
        let api = try Self.api(option: apiOption, environment: environment)
        let authentication = try Self.authentication(environment)
        let timeout = try environment.seconds("EVERY8D_TIMEOUT")
        switch (userID, password) {
        case (nil, nil):
            return sandbox(api: api, authentication: authentication, timeout: timeout) {
                io.err(sandboxNotice)
            }
        case (.some, nil):
            throw UsageError("EVERY8D_UID is set but EVERY8D_PWD is not; set both, or neither to use the built-in sandbox")
        case (nil, .some):
            throw UsageError("EVERY8D_PWD is set but EVERY8D_UID is not; set both, or neither to use the built-in sandbox")
        case (.some(let userID), .some(let password)):
            let credentials = Every8DClient.Credentials(userID: userID, password: password)
            switch api {
            case .http:
                let siteURL = try environment.url("EVERY8D_SITE_URL") ?? Every8DClient.Configuration.defaultSiteURL
                var configuration = Every8DClient.Configuration(siteURL: siteURL, authentication: authentication ?? .token)
                if let timeout { configuration.timeout = timeout }
                // The user named an http site on purpose (a local test server): allow it.
                configuration.allowsInsecureHTTP = siteURL.scheme?.lowercased() == "http"
                let client = Every8DClient(credentials: credentials, configuration: configuration)
                return Every8DGateway(backend: HTTPBackend(client: client), isSandbox: false, secrets: [password])
            case .soap:
                let siteURL = try environment.url("EVERY8D_SITE_URL") ?? Every8DSOAPClient.Configuration.defaultSiteURL
                var configuration = Every8DSOAPClient.Configuration(siteURL: siteURL)
                if let timeout { configuration.timeout = timeout }
                configuration.allowsInsecureHTTP = siteURL.scheme?.lowercased() == "http"
                let client = Every8DSOAPClient(credentials: credentials, configuration: configuration)
                return Every8DGateway(backend: SOAPBackend(client: client), isSandbox: false, secrets: [password])
            case .v3:
                let siteURL = try environment.url("EVERY8D_SITE_URL") ?? Every8DV3Client.Configuration.defaultSiteURL
                var configuration = Every8DV3Client.Configuration(siteURL: siteURL, custcode: custcode(environment))
                configuration.authentication = authentication == .token ? .token : .password
                if let timeout { configuration.timeout = timeout }
                configuration.allowsInsecureHTTP = siteURL.scheme?.lowercased() == "http"
                let client = Every8DV3Client(credentials: credentials, configuration: configuration)
                return Every8DGateway(backend: V3Backend(client: client), isSandbox: false, secrets: [password])
            }
        }
    }

    /// `EVERY8D_CUSTCODE`, default `e8d` (accounts opened on EVERY8D's public site).
    private static func custcode(_ environment: EnvironmentSettings) -> String {
        environment.string("EVERY8D_CUSTCODE") ?? Every8DV3Client.Configuration.defaultCustcode
    }

    /// A fresh in-process sandbox with the demo account (1000 points, international sending on).
    ///
    /// - Parameter notice: Called once, when the first request reaches the sandbox.
    static func sandbox(api: Every8DAPI = .http, authentication: Every8DClient.AuthenticationMode? = nil,
                        timeout: Duration? = nil, notice: @escaping @Sendable () -> Void = {}) -> Every8DGateway {
        let account = Every8DSandboxAccount.demo
        let credentials = Every8DClient.Credentials(userID: account.userID, password: account.password)
        // One sandbox answers both APIs, on the same account state.
        let transport = SandboxNoticeTransport(Every8DSandbox(), notice: notice)
        switch api {
        case .http:
            var configuration = Every8DClient.Configuration(siteURL: Every8DSandbox.demoSiteURL, authentication: authentication ?? .token)
            if let timeout { configuration.timeout = timeout }
            let client = Every8DClient(credentials: credentials, configuration: configuration, transport: transport)
            return Every8DGateway(backend: HTTPBackend(client: client), isSandbox: true, secrets: [account.password])
        case .soap:
            var configuration = Every8DSOAPClient.Configuration(siteURL: Every8DSandbox.demoSiteURL)
            if let timeout { configuration.timeout = timeout }
            let client = Every8DSOAPClient(credentials: credentials, configuration: configuration, transport: transport)
            return Every8DGateway(backend: SOAPBackend(client: client), isSandbox: true, secrets: [account.password])
        case .v3:
            var configuration = Every8DV3Client.Configuration(siteURL: Every8DSandbox.demoSiteURL)
            configuration.authentication = authentication == .token ? .token : .password
            if let timeout { configuration.timeout = timeout }
            let client = Every8DV3Client(credentials: credentials, configuration: configuration, transport: transport)
            return Every8DGateway(backend: V3Backend(client: client), isSandbox: true, secrets: [account.password])
        }
    }

    /// The API chosen by `--api`, else `EVERY8D_API`, else HTTP.
    static func api(option: String?, environment: EnvironmentSettings) throws -> Every8DAPI {
        try option.map { try Every8DAPI(parsing: $0, source: "--api") }
            ?? environment.string("EVERY8D_API").map { try Every8DAPI(parsing: $0, source: "EVERY8D_API") }
            ?? .http
    }

    /// `EVERY8D_AUTH`, or `nil` when unset (2.1's default is token; 3.0's is password, one round
    /// trip a call, switching to tokens when the account refuses passwords).
    private static func authentication(_ environment: EnvironmentSettings) throws -> Every8DClient.AuthenticationMode? {
        switch environment.string("EVERY8D_AUTH")?.lowercased() {
        case nil: return nil
        case "token": return .token
        case "password": return .password
        case .some(let other): throw UsageError("EVERY8D_AUTH must be token or password, got \"\(other)\"")
        }
    }

    /// Checks that the backend can do what a command needs.
    ///
    /// - Throws: `UsageError` naming the command and the API.
    func require(_ capabilities: Every8DCapability..., for command: String) throws {
        for capability in capabilities where !backend.capabilities.contains(capability) {
            throw UsageError("\(command) is not available with --api \(backend.api.rawValue)")
        }
    }
}
