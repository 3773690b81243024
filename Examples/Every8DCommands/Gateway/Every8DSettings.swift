import Foundation
import Every8D
import SMSSandbox

/// The settings of one run, from the environment and the global options, each checked whether
/// or not an account is set (a bad value is a usage error even when the sandbox would answer).
struct Every8DSettings: Sendable {
    /// The account, or `nil` for the built-in sandbox.
    var account: Every8DClient.Credentials?
    /// `EVERY8D_PWD`, to keep out of every output.
    var password: String?
    /// `--api` / `EVERY8D_API`.
    var api: Every8DAPI
    /// `--soap-version` / `EVERY8D_SOAP_VERSION`.
    var soapVersion: Every8DSOAPClient.SOAPVersion
    /// `EVERY8D_AUTH` (2.1 defaults to token, 3.0 to password: one round trip a call).
    var authentication: Every8DClient.AuthenticationMode
    /// `EVERY8D_CUSTCODE`, the path segment of API 3.0's URLs (default `e8d`).
    var custcode = Every8DV3Client.Configuration.defaultCustcode
    /// `EVERY8D_TIMEOUT`.
    var timeout: Duration?
    /// `EVERY8D_SITE_URL`, when set.
    var siteURL: URL?
    /// `EVERY8D_STATE_DIR`, else `$XDG_STATE_HOME/every8d`, else `~/.local/state/every8d`: where runs
    /// with an account keep their token, login latch and idempotency keys (`nil`: the demo's settings).
    var stateFolder: StateFolder?

    /// The site calls go to: the one set, else the API's default (the sandbox's without an account).
    var effectiveSiteURL: URL {
        if let siteURL { return siteURL }
        if account == nil { return Every8DSandbox.demoSiteURL }
        switch api {
        case .http: return Every8DClient.Configuration.defaultSiteURL
        case .soap: return Every8DSOAPClient.Configuration.defaultSiteURL
        case .v3: return Every8DV3Client.Configuration.defaultSiteURL
        }
    }

    /// The API from `--api`, else `EVERY8D_API`, else HTTP.
    static func api(_ arguments: Arguments, _ environment: EnvironmentSettings) throws -> Every8DAPI {
        let choices: KeyValuePairs<String, Every8DAPI> = ["http": .http, "soap": .soap, "v3": .v3]
        return try arguments.choice("api", choices) ?? environment.choice("EVERY8D_API", choices) ?? .http
    }

    /// Reads and checks every setting.
    ///
    /// - Throws: `UsageError` naming the option or variable.
    static func read(_ arguments: Arguments, _ environment: EnvironmentSettings) throws -> Every8DSettings {
        let api = try api(arguments, environment)
        let versions: KeyValuePairs<String, Every8DSOAPClient.SOAPVersion> = ["1.1": .soap11, "1.2": .soap12]
        let optionVersion = try arguments.choice("soap-version", versions)
        if optionVersion != nil, api != .soap {
            throw UsageError("--soap-version \"\(arguments.value("soap-version") ?? "")\" goes with --api soap (the HTTP API has no SOAP envelopes)", option: "--soap-version",
                             value: arguments.value("soap-version"))
        }
        let soapVersion = try optionVersion ?? environment.choice("EVERY8D_SOAP_VERSION", versions) ?? .soap11
        let authentication = try environment.choice("EVERY8D_AUTH", ["token": Every8DClient.AuthenticationMode.token, "password": .password])
            ?? (api == .v3 ? .password : .token)
        let custcode = environment.string("EVERY8D_CUSTCODE") ?? Every8DV3Client.Configuration.defaultCustcode
        if custcode.isEmpty || custcode.contains(where: { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_")) }) {
            throw UsageError("EVERY8D_CUSTCODE must be the letters and digits of your custcode (the path segment after the site), got \"\(custcode)\"",
                             option: "EVERY8D_CUSTCODE", value: custcode)
        }
        let timeout = try environment.seconds("EVERY8D_TIMEOUT")
        let siteURL = try environment.url("EVERY8D_SITE_URL")
        let stateFolder = try StateFolder(environment, variable: "EVERY8D_STATE_DIR", program: "every8d")
        let userID = environment.string("EVERY8D_UID")
        let password = environment.raw("EVERY8D_PWD")
        var account: Every8DClient.Credentials?
        switch (userID, password) {
        case (nil, nil):
            account = nil
        case (.some, nil):
            throw UsageError("EVERY8D_UID is set but EVERY8D_PWD is not; set both, or neither to use the built-in sandbox", option: "EVERY8D_PWD")
        case (nil, .some):
            throw UsageError("EVERY8D_PWD is set but EVERY8D_UID is not; set both, or neither to use the built-in sandbox", option: "EVERY8D_UID")
        case (.some(let userID), .some(let password)):
            account = Every8DClient.Credentials(userID: userID, password: password)
        }
        return Every8DSettings(account: account, password: password, api: api, soapVersion: soapVersion, authentication: authentication,
                               custcode: custcode, timeout: timeout, siteURL: siteURL, stateFolder: stateFolder)
    }
}
