import Foundation
import OmiCard
import SMSSandbox

/// The settings of one run, from the environment and `--method`, each checked whether or not an
/// account is set.
struct OmiCardSettings: Sendable {
    /// How the account travels (`OMICARD_CREDENTIALS`): the four forms `SMS.aspx` and `Status.aspx` accept.
    enum Mode: String, Sendable, CaseIterable {
        /// `ManagerLoginName` and `ManagerPassword` as fields (the default).
        case fields
        /// One field `XmlRequest` holding `<REQUEST><ManagerLoginName>…` (the password inside, XML-escaped).
        case xmlRequest = "xml-request"
        /// `XmlReqUrl`: the gateway fetches that document from `OMICARD_XML_REQ_URL` (no password here).
        case xmlReqURL = "xml-req-url"
        /// `XmlReqFilePath`: the document uploaded as a file (POST only).
        case xmlReqFilePath = "xml-req-file-path"

        /// The field on the wire.
        var field: String {
            switch self {
            case .fields: return "ManagerLoginName, ManagerPassword"
            case .xmlRequest: return "XmlRequest"
            case .xmlReqURL: return "XmlReqUrl"
            case .xmlReqFilePath: return "XmlReqFilePath"
            }
        }
    }

    /// The credentials, or `nil` for the built-in sandbox.
    var credentials: OmiCardClient.Credentials?
    /// How they travel.
    var mode: Mode
    /// `OMICARD_BASE_URL`, when set.
    var baseURL: URL?
    /// `--method` / `OMICARD_METHOD`.
    var method: OmiCardClient.RequestMethod?
    /// `OMICARD_TIMEOUT`.
    var timeout: Duration?
    /// `OMICARD_STATE_DIR`, else `$XDG_STATE_HOME/omicard`, else `~/.local/state/omicard`: where runs
    /// with an account keep their idempotency keys (`nil`: the demo's settings).
    var stateFolder: StateFolder?

    /// The WebAPI folder calls go to.
    var effectiveBaseURL: URL {
        baseURL ?? (credentials == nil ? OmiCardSandbox.demoBaseURL : OmiCardClient.Configuration.defaultBaseURL)
    }

    /// The account's login name, or how it is given.
    var accountDescription: String {
        guard let credentials else { return "no account set: the built-in sandbox" }
        if case .xmlRequestURL = credentials.delivery { return "the account in the document at OMICARD_XML_REQ_URL (never shown)" }
        return "OMICARD_LOGIN \(credentials.loginName), OMICARD_PASSWORD set (never shown)"
    }

    /// Reads and checks every setting.
    ///
    /// - Throws: `UsageError` naming the option or variable.
    static func read(_ arguments: Arguments, _ environment: EnvironmentSettings) throws -> OmiCardSettings {
        let methods: KeyValuePairs<String, OmiCardClient.RequestMethod> = ["get": .get, "post": .post]
        let method = try arguments.choice("method", methods) ?? environment.choice("OMICARD_METHOD", methods)
        let timeout = try environment.seconds("OMICARD_TIMEOUT")
        let baseURL = try environment.url("OMICARD_BASE_URL")
        let stateFolder = try StateFolder(environment, variable: "OMICARD_STATE_DIR", program: "omicard")
        let xmlURL = try environment.url("OMICARD_XML_REQ_URL", allowingQuery: true)
        let modes: KeyValuePairs<String, Mode> = [
            "fields": .fields, "xml-request": .xmlRequest, "xmlrequest": .xmlRequest, "xml-req-url": .xmlReqURL, "xmlrequrl": .xmlReqURL,
            "xml-req-file-path": .xmlReqFilePath, "xmlreqfilepath": .xmlReqFilePath,
        ]
        let mode = try environment.choice("OMICARD_CREDENTIALS", modes) ?? (xmlURL != nil ? .xmlReqURL : .fields)
        let login = environment.string("OMICARD_LOGIN")
        let password = environment.raw("OMICARD_PASSWORD")
        var settings = OmiCardSettings(credentials: nil, mode: mode, baseURL: baseURL, method: method, timeout: timeout, stateFolder: stateFolder)
        if mode == .xmlReqURL {
            guard let xmlURL else {
                throw UsageError("OMICARD_CREDENTIALS=xml-req-url needs OMICARD_XML_REQ_URL, the http or https URL of the .xml document "
                    + "that holds the account", option: "OMICARD_XML_REQ_URL")
            }
            guard login == nil, password == nil else {
                throw UsageError("OMICARD_XML_REQ_URL carries the account; unset OMICARD_LOGIN and OMICARD_PASSWORD (or set "
                    + "OMICARD_CREDENTIALS to fields, xml-request or xml-req-file-path)", option: "OMICARD_CREDENTIALS")
            }
            guard xmlURL.path.lowercased().hasSuffix(".xml") else {
                throw UsageError("OMICARD_XML_REQ_URL must name a file ending in .xml (the gateway requires it)", option: "OMICARD_XML_REQ_URL")
            }
            settings.credentials = OmiCardClient.Credentials(xmlRequestURL: xmlURL)
            return settings
        }
        if xmlURL != nil {
            throw UsageError("OMICARD_XML_REQ_URL is set but OMICARD_CREDENTIALS is \(mode.rawValue); set OMICARD_CREDENTIALS=xml-req-url "
                + "or unset OMICARD_XML_REQ_URL", option: "OMICARD_XML_REQ_URL")
        }
        if mode == .xmlReqFilePath, method == .get {
            throw UsageError("OMICARD_CREDENTIALS=xml-req-file-path uploads a file, which needs POST; drop --method get (or OMICARD_METHOD=get)",
                             option: arguments.value("method") != nil ? "--method" : "OMICARD_METHOD", value: "get")
        }
        switch (login, password) {
        case (nil, nil):
            break
        case (.some, nil):
            throw UsageError("OMICARD_LOGIN is set but OMICARD_PASSWORD is not; set both, or neither to use the built-in sandbox", option: "OMICARD_PASSWORD")
        case (nil, .some):
            throw UsageError("OMICARD_PASSWORD is set but OMICARD_LOGIN is not; set both, or neither to use the built-in sandbox", option: "OMICARD_LOGIN")
        case (.some(let login), .some(let password)):
            settings.credentials = OmiCardClient.Credentials(loginName: login, password: password, delivery: mode.delivery)
        }
        return settings
    }
}

extension OmiCardSettings.Mode {
    /// The SDK's delivery for the modes that carry a password.
    var delivery: OmiCardClient.Credentials.Delivery {
        switch self {
        case .xmlRequest: return .xmlRequest
        case .xmlReqFilePath: return .xmlRequestFile
        case .fields, .xmlReqURL: return .fields
        }
    }
}
