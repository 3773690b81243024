import Foundation
import Testing
import Every8D
import LoopbackHTTPServer
import SandboxHTTPServer
import SMSSandbox

/// `every8d --api v3`: every command on API 3.0, in-process against the sandbox and over real
/// HTTP to a loopback server that hands each request to the sandbox.
@Suite("every8d --api v3")
struct Every8DV3CommandTests {
    static let password = "v3-Pw-7&\"secret\""
    static let account = Every8DSandboxAccount(userID: "v3-user", password: password, credit: 300, internationalEnabled: true)

    @Test("the 3.0 demo runs every 3.0 call against the sandbox and exits 0")
    func demo() async throws {
        let result = await CLI.every8d(["--api", "v3", "demo"])
        #expect(result.code == 0, "\(result)")
        #expect(result.stderr == [CLI.every8dNotice])
        for endpoint in ["getoken", "tokenislive", "getcredit", "sendsms", "getdrstatus", "getreplymsg", "sendparam_sms", "sendexclusive_sms",
                         "sendmms", "cancelbooking"] {
            #expect(result.out.contains(endpoint), "the demo narrates \(endpoint)")
        }
        #expect(result.out.contains("收到，謝謝！"), "the reply")
        #expect(result.out.contains("alive"))
        #expect(!result.everything.contains("sandbox-password"))
    }

    @Test("EVERY8D_API=v3 selects API 3.0 like --api v3")
    func apiSelection() async throws {
        let result = await CLI.every8d(["credit"], environment: ["EVERY8D_API": "v3"])
        #expect(result.code == 0, "\(result)")
        #expect(result.stdout == ["Credit: 1000.00 points"])
    }

    /// A loopback server in front of a sandbox whose account has the custcode `acme`.
    static func server() async throws -> (Every8DSandbox, SandboxServer) {
        let sandbox = Every8DSandbox(accounts: [Self.account])
        await sandbox.state.setCustcode("acme", userID: Self.account.userID)
        return (sandbox, try SandboxServer(sandbox))
    }

    static func environment(_ server: SandboxServer, auth: String? = nil, custcode: String = "acme") -> [String: String] {
        var environment = [
            "EVERY8D_UID": Self.account.userID, "EVERY8D_PWD": Self.password, "EVERY8D_API": "v3",
            "EVERY8D_SITE_URL": server.baseURL + "/prefix/", "EVERY8D_CUSTCODE": custcode, "EVERY8D_TIMEOUT": "10",
        ]
        if let auth { environment["EVERY8D_AUTH"] = auth }
        return environment
    }

    @Test("every command works over real HTTP, in both authentication modes; requests go to <site>/<custcode>/<endpoint>",
          arguments: [nil, "password", "token"])
    func everyCommandOverHTTP(auth: String?) async throws {
        let (sandbox, server) = try await Self.server()
        let environment = Self.environment(server, auth: auth)
        var outputs: [RunResult] = []
        func run(_ arguments: [String]) async -> RunResult {
            let result = await CLI.every8d(arguments, environment: environment)
            outputs.append(result)
            #expect(result.code == 0, "\(result)")
            #expect(result.stderr.isEmpty, "\(result)")
            return result
        }
        _ = await run(["token", "get"])
        #expect(await run(["token", "check"]).out.contains("alive"))
        #expect(await run(["credit"]).stdout == ["Credit: 300.00 points"])

        let sent = try await run(["--json", "send", "--to", "0912345676,0912345679", "--text", "API 3.0 & \"JSON\""]).jsonObject()
        let batch = try #require(sent["batchID"] as? String)
        let status = await run(["status", batch])
        #expect(status.out.contains("+886912345676  101 the handset was off"))
        #expect(await run(["replies", batch]).out.contains("收到，謝謝！"))
        let dryRun = await run(["send", "--to", "0912345676,0912345670", "--text", "API 3.0 & \"JSON\"", "--filter-duplicates", "--dry-run"])
        #expect(dryRun.out.contains("+886912345676"))
        _ = await run(["send", "--to", "0912345670", "--text", "valid for two hours", "--validity", "120"])

        let booked = try await run(["--json", "send", "--to", "0912345670", "--text", "later", "--at", CLI.compactTime(fromNow: 3600)]).jsonObject()
        let bookedBatch = try #require(booked["batchID"] as? String)
        #expect(await run(["status", bookedBatch]).out.contains("300 scheduled"))
        #expect(await run(["cancel", bookedBatch]).out.contains("1.00 points refunded"))

        let png = try CLI.temporaryFile(named: "pixel.png", contents: Every8DSOAPCommandTests.png)
        defer { CLI.cleanUp(png) }
        let mms = try await run(["--json", "mms", "--to", "0912345670", "--subject", "s", "--image", png.path, "--at", CLI.compactTime(fromNow: 3600)]).jsonObject()
        let mmsBatch = try #require(mms["batchID"] as? String)
        #expect(await run(["status", mmsBatch, "--mms"]).out.contains("300 scheduled"))
        #expect(await run(["cancel", mmsBatch, "--mms"]).out.contains("3.00 points refunded"))

        let people = try CLI.temporaryFile(named: "v3-people.csv", text: "mobile,text\n0912345672,\"您好 \"\"引號\"\" & \\ 反斜線\"\n")
        defer { CLI.cleanUp(people) }
        _ = await run(["send-personal", "--csv", people.path])
        let template = try CLI.temporaryFile(named: "v3-template.csv", text: "mobile,field1\n0912345673,小華\n")
        defer { CLI.cleanUp(template) }
        _ = await run(["send-template", "--template", "%field1% 您好", "--csv", template.path])
        let texts = await sandbox.state.batches().suffix(2).flatMap { $0.messages.map(\.text) }
        #expect(texts == ["您好 \"引號\" & \\ 反斜線", "小華 您好"], "texts arrive exactly as written")

        let endpoints = Set(server.server.requests.map(\.path))
        #expect(endpoints.allSatisfy { $0.hasPrefix("/prefix/acme/") }, "\(endpoints)")
        #expect(endpoints.contains("/prefix/acme/getoken"))
        #expect(endpoints.contains("/prefix/acme/sendexclusive_sms"))
        // Tokens are in the bodies in 3.0: collect every one sent and check none was printed.
        let tokens = server.server.requests.compactMap { request -> String? in
            guard let object = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any] else { return nil }
            return object["token"] as? String
        }
        #expect(auth == "token" ? tokens.count >= 15 : tokens.count == 1, "token check presents one; token mode one per call")
        #expect(Set(tokens).count == tokens.count, "no token presented twice")
        for output in outputs {
            #expect(!output.everything.contains(Self.password), "the password leaked in \(output.arguments)")
            for token in tokens { #expect(!output.everything.contains(token), "a token leaked in \(output.arguments)") }
        }
    }

    @Test("what 3.0 lacks is a usage error before anything is sent",
          arguments: [
            ["token", "close"],
            ["status", "5ca1ab1e-0000-4000-8000-000000000001", "--format", "tab"],
          ])
    func unsupported(arguments: [String]) async throws {
        let result = await CLI.every8d(["--api", "v3"] + arguments)
        #expect(result.code == 2, "\(result)")
        #expect(result.errorLines.count == 1)
        #expect(result.err.contains("not available with --api v3"))
    }

    @Test("a wrong custcode says so plainly and names EVERY8D_CUSTCODE; a wrong password is 505: exit 1, one request")
    func wrongSettings() async throws {
        let (_, server) = try await Self.server()
        let custcode = await CLI.every8d(["credit"], environment: Self.environment(server, custcode: "e8d"))
        #expect(custcode.code == 1, "\(custcode)")
        #expect(custcode.errorLines.count == 1)
        #expect(custcode.err.contains("507"))
        #expect(custcode.err.contains("wrong custcode"))
        #expect(custcode.err.contains("set EVERY8D_CUSTCODE"))
        var wrong = Self.environment(server)
        wrong["EVERY8D_PWD"] = "wrong-password"
        let refused = await CLI.every8d(["send", "--to", "0912345670", "--text", "x"], environment: wrong)
        #expect(refused.code == 1, "\(refused)")
        #expect(refused.err.contains("505"))
        #expect(!refused.everything.contains("wrong-password"))
        #expect(server.server.requests.count == 2)
    }
}
