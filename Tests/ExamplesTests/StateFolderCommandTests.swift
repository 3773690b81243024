import Foundation
import Testing
import Every8D
import Every8DCommands
import LoopbackHTTPServer
import SMSSandbox
import SandboxHTTPServer

/// The state folder of `every8d` with an account, over real HTTP to a sandbox behind a loopback
/// server: consecutive runs share one token, a refused password is sent once, `--idempotency-key`
/// never sends twice, and `state show|reset` show and clear what is kept without a secret.
@Suite("every8d keeps an account's state in EVERY8D_STATE_DIR")
struct StateFolderCommandTests {
    static let password = "Pw-0x5EED5-state+&= dir"
    static let account = Every8DSandboxAccount(userID: "state-user", password: password, credit: 500, internationalEnabled: true)

    struct Setup {
        let sandbox: Every8DSandbox
        let server: SandboxServer
        let folder: URL
        var environment: [String: String]

        func run(_ arguments: [String], extra: [String: String] = [:]) async -> RunResult {
            await CLI.every8d(arguments, environment: environment.merging(extra) { _, new in new })
        }

        func requests(_ endpoint: String) -> Int {
            server.server.requests.filter { $0.path.hasSuffix("/" + endpoint) }.count
        }

        /// Every file in the state folder, as text (lossy).
        func stateFiles() throws -> [String: String] {
            var files: [String: String] = [:]
            let enumerator = try #require(FileManager.default.enumerator(atPath: folder.path))
            while let name = enumerator.nextObject() as? String {
                let path = folder.appendingPathComponent(name).path
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
                      let data = FileManager.default.contents(atPath: path) else { continue }
                files[name] = String(decoding: data, as: UTF8.self)
            }
            return files
        }

        func cleanUp() { try? FileManager.default.removeItem(at: folder) }
    }

    static func setup(intercept: @escaping @Sendable (RecordedRequest) -> Behaviour? = { _ in nil }) throws -> Setup {
        let sandbox = Every8DSandbox(accounts: [account])
        let server = try SandboxServer(sandbox, intercept: intercept)
        let folder = CLI.temporaryFolder()
        return Setup(sandbox: sandbox, server: server, folder: folder, environment: [
            "EVERY8D_UID": account.userID, "EVERY8D_PWD": password, "EVERY8D_SITE_URL": server.baseURL, "EVERY8D_TIMEOUT": "10",
            "EVERY8D_STATE_DIR": folder.path,
        ])
    }

    @Test("two consecutive runs share one token fetch, and state show says when it was issued, never its value")
    func sharedToken() async throws {
        let setup = try Self.setup()
        defer { setup.cleanUp() }
        #expect(await setup.run(["credit"]).code == 0)
        #expect(await setup.run(["credit"]).code == 0)
        #expect(setup.requests("ConnectionHandler.ashx") == 1, "one token for both runs")
        #expect(setup.requests("GetCredit.ashx") == 2)
        let tokens = Set(setup.server.bearerTokens)
        #expect(tokens.count == 1)

        let show = await setup.run(["state", "show"])
        #expect(show.code == 0, "\(show)")
        #expect(show.out.contains("State folder: \(setup.folder.path)"))
        #expect(show.out.contains("every8d-http token: issued "))
        #expect(show.out.contains("idempotency keys: 0"))
        let json = try await setup.run(["--json", "state", "show"]).jsonObject()
        let sessions = try #require(json["sessions"] as? [[String: Any]])
        #expect(sessions.count == 1)
        #expect(sessions.first?["api"] as? String == "every8d-http")
        #expect(sessions.first?["issuedAt"] is String)
        for token in tokens {
            #expect(!show.everything.contains(token), "state show never prints the token")
        }

        // Secrets sweep: the token is stored (that is what the folder is for), the password never.
        let files = try setup.stateFiles()
        #expect(files.values.contains { text in tokens.contains { text.contains($0) } }, "the token is kept in the folder")
        for (name, text) in files { #expect(!text.contains(Self.password), "\(name) holds the password") }
        for result in [show] { #expect(!result.everything.contains(Self.password)) }

        let reset = await setup.run(["state", "reset"])
        #expect(reset.code == 0, "\(reset)")
        #expect(reset.out.contains("forgot 1 token or session key, 0 login refusals"), "\(reset)")
        #expect(await setup.run(["state", "show"]).out.contains("every8d-http token: none held"))
        #expect(await setup.run(["credit"]).code == 0)
        #expect(setup.requests("ConnectionHandler.ashx") == 2, "after a reset the next run logs in afresh")
    }

    @Test("a wrong password reaches the gateway once: the next run refuses locally, says since when and how to reset")
    func refusedOnce() async throws {
        let setup = try Self.setup()
        defer { setup.cleanUp() }
        let wrong = "Pw-wrong-0xBAD+&="
        let first = await setup.run(["credit"], extra: ["EVERY8D_PWD": wrong])
        #expect(first.code == 1, "\(first)")
        let second = await setup.run(["--json", "send", "--to", "0912345670", "--text", "never"], extra: ["EVERY8D_PWD": wrong])
        #expect(second.code == 1, "\(second)")
        #expect(setup.requests("ConnectionHandler.ashx") == 1, "the second run sent no login")
        #expect(setup.requests("SendSMS.ashx") == 0)
        let line = try #require(second.stderr.first)
        #expect(line.contains("refused the credentials at "), "since when: \(line)")
        #expect(line.contains("every8d state reset"), "how to reset: \(line)")
        let error = try #require(try second.jsonObject()["error"] as? [String: Any])
        #expect(error["kind"] as? String == "credentialsRefused")
        #expect(error["sent"] as? Bool == false)

        let show = await setup.run(["state", "show"])
        #expect(show.out.contains("login refused: EVERY8D refused the credentials at "), "\(show)")
        // The right password is another account fingerprint: it is tried (and works) at once.
        #expect(await setup.run(["credit"]).code == 0)
        #expect(await setup.run(["state", "reset"]).out.contains("1 login refusal"))
        let again = await setup.run(["credit"], extra: ["EVERY8D_PWD": wrong])
        #expect(again.code == 1)
        #expect(setup.requests("ConnectionHandler.ashx") == 3, "wrong, right, and the wrong one once more after the reset")
        for result in [first, second, show, again] { #expect(!result.everything.contains(wrong)) }
        for (name, text) in try setup.stateFiles() { #expect(!text.contains(wrong), "\(name) holds the password") }
    }

    @Test("--idempotency-key: a repeat prints the first receipt as a replay and sends nothing; another text with the key is refused")
    func idempotencyKey() async throws {
        let setup = try Self.setup()
        defer { setup.cleanUp() }
        let send = ["send", "--to", "0912345670,0912345671", "--text", "訂單 8812 已出貨", "--idempotency-key", "shipped-8812"]
        let first = try await setup.run(["--json"] + send).jsonObject()
        let batch = try #require(first["batchID"] as? String)
        #expect(first["origin"] as? String == "gateway")
        let replay = await setup.run(send)
        #expect(replay.code == 0, "\(replay)")
        #expect(replay.out.contains("Replay: an earlier run with this idempotency key sent it; nothing was sent now."), "\(replay)")
        #expect(replay.out.contains("batch ID:  \(batch)"))
        let replayJSON = try await setup.run(["--json"] + send).jsonObject()
        #expect(replayJSON["batchID"] as? String == batch)
        #expect(replayJSON["origin"] as? String == "ledger")
        #expect(setup.requests("SendSMS.ashx") == 1, "the server saw one send")
        #expect(await setup.sandbox.state.acceptedSendCount == 1)

        var other = send
        other[4] = "another text"
        let reused = await setup.run(["--json"] + other)
        #expect(reused.code == 2, "\(reused)")
        let error = try #require(try reused.jsonObject()["error"] as? [String: Any])
        #expect(error["kind"] as? String == "idempotencyKeyReuse")
        #expect(error["option"] as? String == "--idempotency-key")
        #expect(error["sent"] as? Bool == false)
        #expect(reused.stderr.first?.hasPrefix("every8d: --idempotency-key: SendSMS not sent: the idempotency key \"shipped-8812\" was used at ") == true,
                "\(reused)")
        #expect(setup.requests("SendSMS.ashx") == 1)
        #expect(await setup.run(["state", "show"]).out.contains("idempotency keys: 1 (1 sent)"))
        #expect(await setup.run(["state", "reset", "--all"]).out.contains("1 idempotency key"))
        #expect(await setup.run(send).out.contains("SMS sent."), "after reset --all the key is new again")
        #expect(setup.requests("SendSMS.ashx") == 2)
    }

    @Test("a keyed send whose answer was lost stays unknown on the next run with the key (MMS has no proof): exit 3, nothing sent again")
    func unknownOutcome() async throws {
        let setup = try Self.setup { request in request.path.hasSuffix("/SendMMS.ashx") ? .closeAfterReading : nil }
        defer { setup.cleanUp() }
        let gif = try CLI.temporaryFile(named: "pixel.gif", contents: CLI.gif)
        defer { CLI.cleanUp(gif) }
        let mms = ["--json", "mms", "--to", "0912345670", "--subject", "s", "--image", gif.path, "--idempotency-key", "mms-1"]
        let first = await setup.run(mms, extra: ["EVERY8D_TIMEOUT": "2"])
        #expect(first.code == 3, "\(first)")
        let again = await setup.run(mms, extra: ["EVERY8D_TIMEOUT": "2"])
        #expect(again.code == 3, "\(again)")
        let error = try #require(try again.jsonObject()["error"] as? [String: Any])
        #expect(error["kind"] as? String == "outcomeUnknown")
        #expect(error["sent"] as? String == "unknown")
        #expect(again.stderr.first?.contains("mms-1") == true, "\(again)")
        #expect(setup.requests("SendMMS.ashx") == 1, "never resent blindly")
        #expect(await setup.run(["state", "show"]).out.contains("1 outcome unknown"))
    }

    /// Keys the SDK refuses, with the reason it gives.
    static let badKeys = [
        ("", "the key is empty"), (String(repeating: "k", count: 10_000), "10000 bytes; a key takes at most 255"),
        ("line\nbreak", "control characters or line breaks"), ("tab\there", "control characters or line breaks"),
    ]

    @Test("a bad key (empty, 10 KB, a line break, a tab) is refused before anything is read or sent, naming the option", arguments: 0..<4)
    func badKey(index: Int) async throws {
        let (key, reason) = Self.badKeys[index]
        let setup = try Self.setup()
        defer { setup.cleanUp() }
        for command in [["send", "--to", "0912345670", "--text", "x"], ["send-personal", "--csv", "/no/such.csv"],
                        ["send-template", "--template", "x", "--csv", "/no/such.csv"], ["mms", "--to", "0912345670", "--image", "/no/such.gif"]] {
            let result = await setup.run(["--json"] + command + ["--idempotency-key", key])
            #expect(result.code == 2, "\(result)")
            let error = try #require(try result.jsonObject()["error"] as? [String: Any])
            #expect(error["option"] as? String == "--idempotency-key", "\(result)")
            #expect(error["field"] as? String == "idempotencyKey")
            #expect(result.stderr.first?.contains(reason) == true, "\(result)")
            #expect((result.stderr.first?.utf8.count ?? 0) < 1000, "a 10 KB key is not echoed whole")
        }
        #expect(setup.server.server.requests.isEmpty, "nothing was sent, not even a login")
    }

    @Test("the sandbox keeps working offline and writes nothing into the state folder")
    func sandboxWritesNothing() async throws {
        let folder = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = ["EVERY8D_STATE_DIR": folder.path]
        let send = ["send", "--to", "0912345670", "--text", "x", "--idempotency-key", "k1"]
        #expect(await CLI.every8d(send, environment: environment).code == 0)
        #expect(await CLI.every8d(["credit"], environment: environment).code == 0)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        let show = await CLI.every8d(["state", "show"], environment: environment)
        #expect(show.code == 0)
        #expect(show.out.contains("not created yet: nothing is kept"))
        #expect(!FileManager.default.fileExists(atPath: folder.path), "looking creates nothing")
    }

    @Test("EVERY8D_STATE_DIR is checked with or without an account; a folder that cannot be made is a usage error naming it")
    func badFolder() async throws {
        let relative = await CLI.every8d(["--json", "credit"], environment: ["EVERY8D_STATE_DIR": "relative/state"])
        #expect(relative.code == 2, "\(relative)")
        #expect(try relative.jsonObject()["error"].flatMap { $0 as? [String: Any] }?["option"] as? String == "EVERY8D_STATE_DIR")
        let file = try CLI.temporaryFile(named: "not-a-folder", text: "x")
        defer { CLI.cleanUp(file) }
        let setup = try Self.setup()
        let blocked = await setup.run(["credit"], extra: ["EVERY8D_STATE_DIR": file.path + "/state"])
        #expect(blocked.code == 2, "\(blocked)")
        #expect(blocked.stderr.first?.hasPrefix("every8d: EVERY8D_STATE_DIR: the state folder \(file.path)/state cannot be used") == true, "\(blocked)")
        #expect(setup.server.server.requests.isEmpty)
        // The default follows XDG_STATE_HOME, then HOME. (Set but empty counts as unset, and keeps
        // the test helper from giving the run a folder of its own.)
        let xdg = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: xdg) }
        var environment = setup.environment
        environment["EVERY8D_STATE_DIR"] = ""
        environment["XDG_STATE_HOME"] = xdg.path
        let viaXDG = await CLI.every8d(["credit"], environment: environment)
        #expect(viaXDG.code == 0, "\(viaXDG)")
        #expect(FileManager.default.fileExists(atPath: xdg.appendingPathComponent("every8d/sessions").path))
        let unset = ["EVERY8D_STATE_DIR": ""]
        #expect(await CLI.every8d(["state", "show"], environment: unset.merging(["XDG_STATE_HOME": xdg.path]) { $1 }).out.contains(xdg.path + "/every8d"))
        #expect(await CLI.every8d(["state", "show"], environment: unset.merging(["HOME": "/home/someone", "XDG_STATE_HOME": "relative"]) { $1 })
            .out.contains("/home/someone/.local/state/every8d"), "a relative XDG_STATE_HOME is ignored")
    }

    @Test("omicard send --idempotency-key: a repeat prints the first launch as a replay and the server saw one SMS.aspx; state show counts it")
    func omicardKey() async throws {
        let account = OmiCardSandboxAccount(loginName: "state-omi", password: "omi-Pw-0xSTATE+&=")
        let sandbox = OmiCardSandbox(accounts: [account])
        let server = try SandboxServer(sandbox)
        let folder = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = ["OMICARD_LOGIN": account.loginName, "OMICARD_PASSWORD": account.password, "OMICARD_BASE_URL": server.baseURL + "/WebAPI",
                           "OMICARD_TIMEOUT": "10", "OMICARD_STATE_DIR": folder.path]
        let send = ["--json", "send", "--to", "0912345670", "--content", "訂單 8812", "--idempotency-key", "omi-8812"]
        let first = try await CLI.omicard(send, environment: environment).jsonObject()
        let launch = try #require(first["launchID"] as? String)
        #expect(first["replayed"] as? Bool == false)
        let again = try await CLI.omicard(send, environment: environment).jsonObject()
        #expect(again["launchID"] as? String == launch)
        #expect(again["replayed"] as? Bool == true)
        #expect(await CLI.omicard(Array(send.dropFirst()), environment: environment).out.hasPrefix("Replay: an earlier run with this idempotency key launched it"))
        #expect(server.server.requests.filter { $0.path.hasSuffix("/SMS.aspx") }.count == 1)
        var other = send
        other[5] = "another"
        let reused = await CLI.omicard(other, environment: environment)
        #expect(reused.code == 2, "\(reused)")
        #expect(reused.stderr.first?.hasPrefix("omicard: --idempotency-key: ") == true, "\(reused)")
        let show = await CLI.omicard(["state", "show"], environment: environment)
        #expect(show.out.contains("idempotency keys: 1 (1 sent)"), "\(show)")
        #expect(!show.everything.contains(account.password))
        #expect(await CLI.omicard(["state", "reset", "--all"], environment: environment).out.contains("1 idempotency key"))
        // The sandbox (no account) keeps nothing in the folder.
        let sandboxFolder = CLI.temporaryFolder()
        #expect(await CLI.omicard(Array(send.dropFirst()), environment: ["OMICARD_STATE_DIR": sandboxFolder.path]).code == 0)
        #expect(!FileManager.default.fileExists(atPath: sandboxFolder.path))
    }

    @Test("an in-progress key is a transport-class failure (exit 3) that says to run again for the receipt")
    func inProgress() {
        let error = SendInProgressError(key: "k", operation: "SendSMS", since: Date())
        let report = CommonFailure.describe(SendFailure(underlying: error, checkHint: "h"),
                                            context: FailureContext(operation: "send", options: []), defaultCheckHint: "d") { _, _ in nil }
        #expect(report.exitCode == .transport)
        #expect(report.kind == "inProgress")
        #expect(report.sent == .unknown)
        #expect(report.message.contains("run it again with the same key"))
    }
}
