import Foundation
import Testing
import LoopbackHTTPServer
import OmiCard
import SMSSandbox
import SandboxHTTPServer

/// `omicard` against the built-in sandbox and over HTTP to a loopback server.
@Suite("omicard commands")
struct OmiCardCommandTests {
    static let password = "omi-Pw7#secret-value"
    static let account = OmiCardSandboxAccount(loginName: "cli-user", password: password)

    static func server(intercept: @escaping @Sendable (RecordedRequest) -> Behaviour? = { _ in nil }) throws -> (OmiCardSandbox, SandboxServer, [String: String]) {
        let sandbox = OmiCardSandbox(accounts: [account])
        let server = try SandboxServer(sandbox, intercept: intercept)
        return (sandbox, server, [
            "OMICARD_LOGIN": account.loginName, "OMICARD_PASSWORD": password, "OMICARD_BASE_URL": server.baseURL + "/WebAPI", "OMICARD_TIMEOUT": "10",
        ])
    }

    @Test("help lists the commands, the variables and the exit codes; each command has its own")
    func help() async {
        let program = await CLI.omicard(["--help"])
        #expect(program.code == 0)
        for fact in ["\n  send ", "\n  status ", "\n  doctor ", "\n  demo ", "OMICARD_LOGIN", "OMICARD_PASSWORD", "OMICARD_BASE_URL", "OMICARD_TIMEOUT",
                     "OMICARD_CREDENTIALS", "OMICARD_XML_REQ_URL", "OMICARD_METHOD", "  3  network"] {
            #expect(program.out.contains(fact), "help lacks \(fact)")
        }
        for command in ["send", "status", "doctor", "demo", "help"] {
            let result = await CLI.omicard([command, "--help"])
            #expect(result.code == 0)
            #expect(result.stdout.first?.hasPrefix(command == "help" ? "Usage: omicard help" : "Usage: omicard [--json] \(command)") == true, "\(result)")
        }
        #expect(await CLI.omicard(["launch"]).code == 2)
    }

    @Test("demo launches jobs and reports each scenario's CurrentState")
    func demo() async throws {
        let result = await CLI.omicard(["demo"])
        #expect(result.code == 0, "\(result)")
        #expect(result.stderr == [CLI.omicardNotice])
        for fact in ["LaunchID:   1001", "CurrentState 3: delivered to the phone (final)", "CurrentState 4: returned by the carrier",
                     "CurrentState 5: rejected by the carrier", "CurrentState 2: sent to the carrier", "ExternRefNum demo-ref-1",
                     "LaunchID:   1002", "OMICard error 110 (Status.aspx)"] {
            #expect(result.out.contains(fact), "demo lacks \(fact)")
        }
        let json = try await CLI.omicard(["demo", "--json"]).jsonObject()
        #expect((json["steps"] as? [Any])?.count == 8)
    }

    @Test("send against the sandbox prints the LaunchID; status of an earlier run's job is not found there")
    func sandboxSend() async throws {
        let result = await CLI.omicard(["send", "--to", "0912345670,0912345676", "--content", "您好", "--ref-id", "r-1", "--job-name", "j",
                                        "--charset", "zh", "--remove-duplicates", "--remove-blacklist", "--start", "2030-01-01 09:00:00"])
        #expect(result.code == 0, "\(result)")
        #expect(result.stderr == [CLI.omicardNotice])
        #expect(result.out.contains("LaunchID:   1001"))
        #expect(result.out.contains("starts:     2030-01-01 09:00:00 (Taiwan time)"))
        let json = try await CLI.omicard(["--json", "send", "--to", "0912345670", "--content", "x"]).jsonObject()
        #expect(json["launchID"] as? String == "1001")
        let status = await CLI.omicard(["status", "--launch-id", "1001", "--sms-number", "0912345670"])
        #expect(status.code == 1, "a fresh sandbox knows no job: \(status)")
        #expect(status.errorLines == ["omicard: OMICard error 110 (Status.aspx): Data is not found [data not found (or not yours)]; "
            + "the built-in sandbox starts afresh in every run and knows nothing from earlier ones; try omicard demo"])
    }

    @Test("send and status refusals exit 2 with one line naming the option (and the value), nothing sent", arguments: [
        (["send", "--content", "x"], "omicard: give the recipients with --sms-list (--to), --sms-list-file or --sms-url (several may be combined)"),
        (["send", "--to", "0912345670", "--list-url", "https://x.test/l.csv", "--content", "x"],
         "omicard: --sms-url https://x.test/l.csv: the built-in sandbox is offline and cannot fetch it; give a file:// URL"),
        (["send", "--to", "0912345670", "--content-url", "https://x.test/c.txt"],
         "omicard: --content-url https://x.test/c.txt: the built-in sandbox is offline and cannot fetch it"),
        (["send", "--to", "0912345670"], "omicard: --content or --content-url is required"),
        (["send", "--to", "0912345670", "--content", "x", "--content-url", "https://x.test/c.txt"], "omicard: give --content or --content-url, not both"),
        (["send", "--to", "0912345670", "--content", "x", "--start", "2030-01-01T09:00:00"],
         "omicard: --start-time must be a Taiwan time \"yyyy-MM-dd HH:mm:ss\" (for example \"2025-03-01 09:30:00\"), got \"2030-01-01T09:00:00\""),
        (["send", "--to", "0912345670", "--content", "x", "--start-time", "2020-01-01 09:00:00"],
         "omicard: --start-time \"2020-01-01 09:00:00\" is not in the future"),
        (["send", "--to", "0912345670", "--content", "x", "--expire", "20300101090000"], "omicard: --launch-expire-time must be a Taiwan time"),
        (["send", "--to", "0912345670", "--content", "x", "--launch-expire-time", "2020-01-01 09:00:00"],
         "omicard: --launch-expire-time \"2020-01-01 09:00:00\" is not in the future"),
        (["send", "--to", "0912345670", "--content", "x", "--dispatch-start-time", "2020-01-01 09:00:00"],
         "omicard: --dispatch-start-time \"2020-01-01 09:00:00\" is not in the future"),
        (["send", "--to", "0912345670", "--content", "x", "--start", "2030-01-02 09:00:00", "--expire", "2030-01-01 09:00:00"],
         "omicard: --launch-expire-time \"2030-01-01 09:00:00\" must be later than --start-time \"2030-01-02 09:00:00\""),
        (["send", "--to", "0912345670", "--content", "x", "--charset", "jp"], "omicard: --character-set-id must be zh, 17, chinese, en, 117 or english, got \"jp\""),
        (["send", "--to", "0912345670", "--content", "x", "--body-format", "3"], "omicard: --body-format must be normal, 0, flash, 1, long or 2, got \"3\""),
        (["send", "--to", "0912345670", "--content", "x", "--launch-type", "later"], "omicard: --launch-type must be send, 0, send-now, triggered or 1, got \"later\""),
        (["send", "--to", "0912345670", "--content", "x", "--job-option", "trim-spaces,fast"], "omicard: --job-option takes numbers or trim-spaces"),
        (["send", "--to", "0912345670", "--content", "x", "--sms-list-option", "-4"], "omicard: --sms-list-option takes numbers or keep-number-format"),
        (["send", "--to", "0912345670", "--content", "x", "--tracking-expire-time", "0"], "omicard: --tracking-expire-time must be whole seconds from 1"),
        (["send", "--to", "0912345670", "--content", "x", "--tracking-expire-time", "1x"], "omicard: --tracking-expire-time must be whole seconds from 1 (86400 is one day) or a duration such as 1d12h30m, got \"1x\""),
        (["send", "--to", "0912345670", "--content", "x", "--auto-generate-report", "maybe"], "omicard: --auto-generate-report must be true, false"),
        (["send", "--to", "0912345670", "--content", "x", "--dispatch-max-count", "-1"], "omicard: --dispatch-max-count must be a whole number from 0"),
        (["send", "--to", "0912345670", "--content", "x", "--dispatch-interval", "often"], "omicard: --dispatch-interval must be a whole number from 0"),
        (["send", "--to", "0912345670", "--content", "x", "--dispatch-list", "a@example.com,,b@example.com"], "omicard: --dispatch-list: invalid DispatchList[2]"),
        (["send", "--to", "0912345670", "--content", "x", "--country-code", "TW"], "omicard: --country-code: invalid CountryCode \"TW\""),
        (["send", "--to", "0912345670", "--content", "x", "--area-code", "2-2"], "omicard: --area-code: invalid AreaCode \"2-2\""),
        (["send", "--to", "0912345670", "--content", "x", "--refer-url", "ftp://x.test/back"], "omicard: --refer-url must be an absolute http or https URL"),
        (["send", "--to", "0912345670", "--content", "x", "--successful-url", "https://x.test/a b"], "omicard: --successful-url must be an absolute http or https URL"),
        (["send", "--to", "0912345670", "--content", "x", "--method", "put"], "omicard: --method must be get or post, got \"put\""),
        (["send", "--to", "0912345670,abc", "--content", "x"], "omicard: --sms-list: invalid SMSList[2] \"abc\": "),
        (["send", "--to", "0912345670", "--content", "x", "--ref-id", ""], "omicard: --ref-id is empty; give it a value"),
        (["send", "--to", "0912345670", "--content", ""], "omicard: --content is empty"),
        (["send", "--to", "0912345670", "--content", "x", "--job-name", "a", "--job-name", "b"], "omicard: --job-name was given twice (\"a\" and \"b\"); give it once"),
        (["send", "--to", "0912345670", "--content", "x", "--content", "y"], "omicard: --content was given twice"),
        (["send", "--list-file", "/nonexistent/list.csv", "--content", "x"], "omicard: cannot read the --sms-list-file file \"/nonexistent/list.csv\""),
        (["send", "--sms-url", "/relative/list.csv", "--content", "x"], "omicard: --sms-url must be an absolute http or https URL, got \"/relative/list.csv\""),
        (["status", "--sms-number", "0912345670"], "omicard: --launch-id is required"),
        (["status", "--launch-id", "1001"], "omicard: one of --sms-number, --email-address, --extern-ref-num is required"),
        (["status", "--launch-id", "1001", "--sms-number", "0912345670", "--email", "a@b.c"], "omicard: give only one of --sms-number, --email-address"),
        (["status", "--launch-id", "1001", "--ref", "r"], "omicard: --extern-ref-num needs --job-type sms or email"),
        (["status", "--launch-id", "1001", "--ref", "r", "--job-type", "fax"], "omicard: --job-type must be sms, 1, email or 2, got \"fax\""),
        (["status", "--launch-id", "1001", "--sms-number", "1", "--job-type", "sms"], "omicard: --job-type goes with --extern-ref-num"),
        (["status", "--launch-id", "1001", "--email", "not-an-address"], "omicard: --email-address: invalid EmailAddress \"not-an-address\""),
        (["status", "--launch-id", "1 2", "--sms-number", "0912345670"], "omicard: --launch-id: invalid LaunchID"),
        (["status", "--launch-id", "abc", "--sms-number", "0912345670"], "omicard: --launch-id: invalid LaunchID \"abc\": a LaunchID is a positive whole number"),
        (["status", "--launch-id", "0", "--sms-number", "0912345670"], "omicard: --launch-id: invalid LaunchID \"0\""),
        (["status", "--launch-id", "1", "--sms-number", "0912345670", "--failed-url", "nope"], "omicard: --failed-url must be an absolute http or https URL"),
    ])
    func usage(arguments: [String], expected: String) async {
        let result = await CLI.omicard(arguments)
        #expect(result.code == 2, "\(result)")
        #expect(result.stderr.count == 1, "\(result)")
        #expect(result.stderr.first?.hasPrefix(expected) == true, "\(result)")
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.contains(CLI.omicardNotice), "refused before anything reached the sandbox")
    }

    @Test("half-set credentials and bad settings are usage errors", arguments: [
        ["OMICARD_LOGIN": "me"], ["OMICARD_PASSWORD": "omi-only-password"], ["OMICARD_TIMEOUT": "-1"],
        ["OMICARD_LOGIN": "me", "OMICARD_PASSWORD": "omi-only-password", "OMICARD_BASE_URL": "not a url"],
    ])
    func badSettings(environment: [String: String]) async {
        let result = await CLI.omicard(["send", "--to", "0912345670", "--content", "x"], environment: environment)
        #expect(result.code == 2, "\(result)")
        #expect(result.stderr.count == 1)
        #expect(!result.everything.contains("omi-only-password"))
    }

    @Test("over HTTP: send by list, list file and GET, then status by number and by reference")
    func overHTTP() async throws {
        let (_, server, environment) = try Self.server()
        var outputs: [RunResult] = []
        func run(_ arguments: [String]) async -> RunResult {
            let result = await CLI.omicard(arguments, environment: environment)
            outputs.append(result)
            #expect(result.code == 0, "\(result)")
            #expect(result.stderr.isEmpty, "no notice with an account: \(result)")
            return result
        }
        let launched = try await run(["--json", "send", "--to", "0912345670,0912345676", "--content", "您好", "--ref-id", "ord-1"]).jsonObject()
        let launchID = try #require(launched["launchID"] as? String)
        let delivered = try await run(["--json", "status", "--launch-id", launchID, "--sms-number", "0912345670"]).jsonObject()
        #expect(delivered["currentState"] as? Int == 3)
        #expect(delivered["final"] as? Bool == true)
        let returned = await run(["status", "--launch-id", launchID, "--sms-number", "0912345676"])
        #expect(returned.out.contains("CurrentState 4: returned by the carrier"))
        let byReference = await run(["status", "--launch-id", launchID, "--ref", "ord-1", "--job-type", "sms"])
        #expect(byReference.out.contains("CurrentState 3"))

        let list = try CLI.temporaryFile(named: "members.csv", text: "SMSNumber,Name\n0912345678,小明\n0912345677,小華\n")
        defer { CLI.cleanUp(list) }
        let fileLaunch = try await run(["--json", "send", "--list-file", list.path, "--content", "%Name% 您好"]).jsonObject()
        let fileLaunchID = try #require(fileLaunch["launchID"] as? String)
        #expect(await run(["status", "--launch-id", fileLaunchID, "--sms-number", "0912345678"]).out.contains("CurrentState 2"))
        let plain = try CLI.temporaryFile(named: "numbers.txt", text: "0912345671\n0912345672\n")
        defer { CLI.cleanUp(plain) }
        _ = await run(["send", "--list-file", plain.path, "--content", "hi"])

        _ = await run(["send", "--to", "0912345673", "--content", "by GET", "--method", "get"])
        let requests = server.server.requests
        #expect(requests.last?.method == "GET")
        #expect(requests.allSatisfy { $0.path.hasPrefix("/WebAPI/") })
        let multipart = requests.filter { $0.header("Content-Type")?.hasPrefix("multipart/form-data") == true }
        #expect(multipart.count == 2, "list files are uploaded")
        for output in outputs { #expect(!output.everything.contains(Self.password)) }

        let personalised = try CLI.temporaryFile(named: "p.csv", text: "SMSNumber,Name\n0912345678,小明\n")
        defer { CLI.cleanUp(personalised) }
        let mismatch = await CLI.omicard(["send", "--list-file", personalised.path, "--content", "%Nickname% 您好"], environment: environment)
        #expect(mismatch.code == 2)
        #expect(mismatch.stderr.first?.hasPrefix("omicard: --content: invalid Content: the placeholder %Nickname%") == true, "\(mismatch)")
        let getFile = await CLI.omicard(["send", "--list-file", personalised.path, "--content", "hi", "--method", "get"], environment: environment)
        #expect(getFile.code == 2, "a file needs POST: \(getFile)")
    }

    @Test("gateway errors exit 1: wrong password, unknown recipient, wrong job type")
    func gatewayErrors() async throws {
        let (_, server, environment) = try Self.server()
        defer { withExtendedLifetime(server) {} }
        let wrong = await CLI.omicard(["send", "--to", "0912345670", "--content", "x"],
                                      environment: environment.merging(["OMICARD_PASSWORD": "bad-omi-password"]) { $1 })
        #expect(wrong.code == 1, "\(wrong)")
        #expect(wrong.stderr.count == 1)
        #expect(wrong.stderr.first?.hasPrefix("omicard: OMICard error 1000 (SMS.aspx)") == true, "\(wrong)")
        #expect(!wrong.everything.contains("bad-omi-password"))
        let missing = await CLI.omicard(["status", "--launch-id", "999", "--sms-number", "0912345670"], environment: environment)
        #expect(missing.code == 1, "\(missing)")
        #expect(missing.stderr.first?.hasPrefix("omicard: OMICard error 110 (Status.aspx)") == true)
        let email = await CLI.omicard(["status", "--launch-id", "999", "--ref", "x", "--job-type", "email"], environment: environment)
        #expect(email.code == 1)
    }

    @Test("transport failures exit 3; a send whose answer is lost is not repeated and says how to look")
    func transportFailures() async throws {
        let port = try ReservedPort()
        defer { port.release() }
        let refused = await CLI.omicard(["status", "--launch-id", "1", "--sms-number", "0912345670"],
                                        environment: ["OMICARD_LOGIN": "u", "OMICARD_PASSWORD": Self.password, "OMICARD_BASE_URL": port.baseURL.absoluteString])
        #expect(refused.code == 3, "\(refused)")
        #expect(refused.stderr.first?.hasPrefix("omicard: status: transport error: connectionRefused") == true, "\(refused)")

        let (_, server, environment) = try Self.server { request in request.path.hasSuffix("/SMS.aspx") ? .closeAfterReading : nil }
        let lost = await CLI.omicard(["send", "--to", "0912345670", "--content", "x", "--ref-id", "ord-9"], environment: environment)
        #expect(lost.code == 3, "\(lost)")
        #expect(lost.stderr.count == 1)
        let line = try #require(lost.stderr.first)
        #expect(line.hasPrefix("omicard: the outcome of SMS.aspx is unknown ("))
        #expect(line.contains("look for the job with RefID \"ord-9\" in the OMICard console"))
        #expect(server.server.requests.count == 1, "never repeated")
        #expect(!lost.everything.contains(Self.password))
    }
}
