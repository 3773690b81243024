import Foundation
import Testing
import Every8D
import LoopbackHTTPServer
import SandboxHTTPServer
import OmiCard
import SMSSandbox

/// `every8d doctor` and `omicard doctor`: the checklist, its exit codes and its JSON, against the
/// built-in sandbox and over real HTTP to a loopback server (with the faults each check exists for).
@Suite("doctor")
struct DoctorCommandTests {
    static let password = "doc-Pw!secret-42"
    static let account = Every8DSandboxAccount(userID: "doc-user", password: password, credit: 250)
    static let omiAccount = OmiCardSandboxAccount(loginName: "doc-omi", password: password)

    /// An HTTP date `offset` seconds from now.
    static func httpDate(offset: TimeInterval) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: Date().addingTimeInterval(offset))
    }

    /// The checks of a `--json` doctor run, by name: (status, detail).
    static func checks(_ result: RunResult) throws -> [String: (status: String, detail: String)] {
        let object = try result.jsonObject()
        let checks = try #require(object["checks"] as? [[String: Any]])
        var byName: [String: (String, String)] = [:]
        for check in checks { byName[check["name"] as? String ?? ""] = (check["status"] as? String ?? "", check["detail"] as? String ?? "") }
        return byName
    }

    static func server(date: String? = nil, getAnswer: Behaviour? = nil) throws -> (Every8DSandbox, SandboxServer, [String: String]) {
        let sandbox = Every8DSandbox(accounts: [account])
        let server = try SandboxServer(sandbox) { request in
            guard request.method == "GET" else { return nil }
            if let getAnswer { return getAnswer }
            return .respond(status: 404, headers: date.map { [("Date", $0)] } ?? [], text: "not here")
        }
        return (sandbox, server, ["EVERY8D_UID": account.userID, "EVERY8D_PWD": password, "EVERY8D_SITE_URL": server.baseURL, "EVERY8D_TIMEOUT": "10"])
    }

    @Test("every8d doctor against the built-in sandbox: settings and credentials pass, the network checks are skipped, exit 0",
          arguments: ["http", "soap"])
    func sandbox(api: String) async throws {
        let result = await CLI.every8d(["--api", api, "doctor"])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.contains("[ok]    credentials  accepted: the credit is 1000.00 points (nothing was sent)"), "\(result)")
        #expect(result.out.contains("[skip]  dns"))
        #expect(result.out.hasSuffix("All checks passed; nothing was sent."))
        let checks = try Self.checks(await CLI.every8d(["--json", "--api", api, "doctor"]))
        #expect(Set(checks.keys) == ["settings", "dns", "tcp", "tls", "http", "cdn", "clock", "credentials"])
        #expect(checks["settings"]?.status == "ok")
        #expect(checks["credentials"]?.status == "ok")
        #expect(checks["clock"]?.status == "skip")
    }

    @Test("every8d doctor over HTTP: dns, tcp and http pass, tls is skipped for http://, the clock agrees, the credentials are accepted")
    func overHTTP() async throws {
        let (sandbox, server, environment) = try Self.server(date: Self.httpDate(offset: 0))
        let result = await CLI.every8d(["--json", "doctor"], environment: environment)
        #expect(result.code == 0, "\(result)")
        let checks = try Self.checks(result)
        for name in ["settings", "dns", "tcp", "http", "cdn", "clock", "credentials"] { #expect(checks[name]?.status == "ok", "\(name): \(checks[name] ?? ("", ""))") }
        #expect(checks["tls"]?.status == "skip")
        #expect(checks["dns"]?.detail.contains("127.0.0.1") == true)
        #expect(checks["credentials"]?.detail.contains("250.00 points") == true)
        #expect(await sandbox.state.acceptedSendCount == 0, "nothing was sent")
        #expect(!result.everything.contains(Self.password))
        let soap = await CLI.every8d(["doctor", "--api", "soap", "--soap-version", "1.2"], environment: environment)
        #expect(soap.code == 0, "\(soap)")
        #expect(soap.out.contains("SOAP 1.2"))
        #expect(server.server.requests.contains { $0.method == "GET" }, "the probe GETs the site")
    }

    @Test("a wrong password fails the credentials check: exit 1, with what to do and no second login")
    func wrongPassword() async throws {
        let (_, server, environment) = try Self.server()
        let result = await CLI.every8d(["doctor"], environment: environment.merging(["EVERY8D_PWD": "wrong-doc-pw", "EVERY8D_AUTH": "password"]) { $1 })
        #expect(result.code == 1, "\(result)")
        #expect(result.out.contains("[FAIL]  credentials  EVERY8D error -101 (GetCredit)"), "\(result)")
        #expect(result.out.contains("ten failed logins lock the account"))
        #expect(result.stderr.first?.hasPrefix("every8d: doctor: 1 check failed (credentials)") == true, "\(result)")
        #expect(server.server.requests.filter { $0.method == "POST" }.count == 1, "one login attempt, never repeated")
        #expect(!result.everything.contains("wrong-doc-pw"))
        let json = try await CLI.every8d(["--json", "doctor"], environment: environment.merging(["EVERY8D_PWD": "wrong-doc-pw"]) { $1 }).jsonObject()
        let error = try #require(json["error"] as? [String: Any])
        #expect(error["kind"] as? String == "doctor")
        #expect(error["exitCode"] as? Int == 1)
        #expect(json["ok"] as? Bool == false)
    }

    @Test("a CDN's block page fails the cdn check: exit 3, with what to do")
    func blocked() async throws {
        let page = "<html><head><title>ERROR: The request could not be satisfied</title></head><body>Request blocked.</body></html>"
        let (_, server, environment) = try Self.server(getAnswer: .respond(status: 403, headers: [("Content-Type", "text/html"), ("Server", "CloudFront")], text: page))
        defer { withExtendedLifetime(server) {} }
        let result = await CLI.every8d(["--json", "doctor"], environment: environment)
        #expect(result.code == 3, "\(result)")
        let checks = try Self.checks(result)
        #expect(checks["cdn"]?.status == "fail")
        #expect(checks["cdn"]?.detail.contains("CloudFront") == true)
        let text = await CLI.every8d(["doctor"], environment: environment)
        #expect(text.out.contains("a geo or IP block"), "\(text)")
    }

    @Test("the clock check compares with the server's Date: a minute or two is a warning, an hour a failure",
          arguments: [(-150.0, "warn", Int32(0)), (3600.0, "fail", Int32(3)), (1.0, "ok", Int32(0))])
    func clock(offset: TimeInterval, status: String, code: Int32) async throws {
        let (_, server, environment) = try Self.server(date: Self.httpDate(offset: offset))
        defer { withExtendedLifetime(server) {} }
        let result = await CLI.every8d(["--json", "doctor"], environment: environment)
        #expect(result.code == code, "\(result)")
        let clock = try #require(try Self.checks(result)["clock"])
        #expect(clock.status == status, "\(clock)")
        if status != "ok" { #expect(clock.detail.contains(offset > 0 ? "behind the server's" : "ahead of the server's"), "\(clock)") }
    }

    @Test("nothing listening fails tcp (exit 3) and skips what needs it; a name that does not resolve fails dns")
    func unreachable() async throws {
        let port = try ReservedPort()
        defer { port.release() }
        let closed = await CLI.every8d(["--json", "doctor"], environment: ["EVERY8D_UID": "u", "EVERY8D_PWD": Self.password,
                                                                            "EVERY8D_SITE_URL": port.baseURL.absoluteString, "EVERY8D_TIMEOUT": "2"])
        #expect(closed.code == 3, "\(closed)")
        let checks = try Self.checks(closed)
        #expect(checks["dns"]?.status == "ok")
        #expect(checks["tcp"]?.status == "fail")
        #expect(checks["credentials"]?.status == "skip")
        let unknown = await CLI.every8d(["doctor"], environment: ["EVERY8D_UID": "u", "EVERY8D_PWD": Self.password,
                                                                   "EVERY8D_SITE_URL": "https://no-such-host.invalid"])
        #expect(unknown.code == 3, "\(unknown)")
        #expect(unknown.out.contains("[FAIL]  dns          no-such-host.invalid does not resolve"), "\(unknown)")
    }

    @Test("bad settings fail the settings check: exit 2, the rest skipped, also without an account", arguments: [
        ["EVERY8D_SITE_URL": "not a url"], ["EVERY8D_UID": "only-user"], ["EVERY8D_TIMEOUT": "0"], ["EVERY8D_SOAP_VERSION": "2"],
    ])
    func badSettings(environment: [String: String]) async throws {
        let result = await CLI.every8d(["--json", "doctor"], environment: environment)
        #expect(result.code == 2, "\(result)")
        let checks = try Self.checks(result)
        #expect(checks["settings"]?.status == "fail")
        #expect(checks["credentials"]?.status == "skip")
        #expect(result.stderr.count == 1)
    }

    @Test("omicard doctor: the sandbox, an account over HTTP (Status.aspx's 110 means accepted), and a refused account (1000, exit 1)")
    func omicard() async throws {
        let sandboxed = await CLI.omicard(["doctor"])
        #expect(sandboxed.code == 0, "\(sandboxed)")
        #expect(sandboxed.out.contains("[ok]    credentials  accepted"))
        let sandbox = OmiCardSandbox(accounts: [Self.omiAccount])
        let server = try SandboxServer(sandbox)
        let environment = ["OMICARD_LOGIN": Self.omiAccount.loginName, "OMICARD_PASSWORD": Self.password,
                           "OMICARD_BASE_URL": server.baseURL + "/WebAPI", "OMICARD_TIMEOUT": "10"]
        let result = await CLI.omicard(["--json", "doctor"], environment: environment)
        #expect(result.code == 0, "\(result)")
        let checks = try Self.checks(result)
        #expect(checks["http"]?.status == "ok")
        #expect(checks["credentials"]?.detail.contains("110") == true)
        #expect(server.server.requests.first?.path == "/WebAPI/Status.aspx", "the probe asks Status.aspx, without credentials")
        #expect(await sandbox.state.acceptedJobCount == 0, "nothing was sent")
        let refused = await CLI.omicard(["doctor", "--method", "get"], environment: environment.merging(["OMICARD_PASSWORD": "not-the-doc-pw"]) { $1 })
        #expect(refused.code == 1, "\(refused)")
        #expect(refused.out.contains("[FAIL]  credentials  OMICard error 1000"), "\(refused)")
        #expect(!(result.everything + refused.everything).contains(Self.password))
        #expect(!refused.everything.contains("not-the-doc-pw"))
        let bad = await CLI.omicard(["doctor"], environment: ["OMICARD_CREDENTIALS": "carrier-pigeon"])
        #expect(bad.code == 2)
        #expect(bad.out.contains("[FAIL]  settings"))
    }
}
