import Foundation
import Testing
import Every8D
import Every8DCommands
import SMSSandbox
import SandboxHTTPServer

/// `every8d send-personal` and `send-template` with a file sent as a campaign: chunked, with
/// progress, a summary, a retry file, and resumable with `--campaign-key`.
@Suite("every8d send-personal and send-template as campaigns")
struct Every8DCampaignCommandTests {
    static let password = "pw-campaign-Zq8!secret"

    /// A sandbox behind a real HTTP server, an account for it, and a state folder shared by the runs.
    struct Setup {
        let sandbox: Every8DSandbox
        let server: SandboxServer
        let userID: String
        let environment: [String: String]

        func run(_ arguments: [String]) async -> RunResult {
            await CLI.every8d(arguments, environment: environment)
        }

        /// Every message the sandbox took, over every batch.
        func messages() async -> [Every8DSandboxMessage] {
            await sandbox.state.batches(userID: userID).flatMap(\.messages)
        }
    }

    static func setup(credit: Decimal, state: URL) throws -> Setup {
        let account = Every8DSandboxAccount(userID: "campaign-user", password: password, credit: credit)
        let sandbox = Every8DSandbox(accounts: [account])
        let server = try SandboxServer(sandbox)
        return Setup(sandbox: sandbox, server: server, userID: account.userID, environment: [
            "EVERY8D_UID": account.userID, "EVERY8D_PWD": password, "EVERY8D_SITE_URL": server.baseURL, "EVERY8D_TIMEOUT": "20",
            "EVERY8D_STATE_DIR": state.path,
        ])
    }

    /// `count` personal rows with distinct numbers 0912000000, 0912000001, …
    static func personalFile(_ count: Int, named name: String = "people.csv") throws -> URL {
        var text = "mobile,text,mr\n"
        for index in 0..<count { text += "\(mobile(index)),\"您好 \(index), 包裹已到\",m\(index)\n" }
        return try CLI.temporaryFile(named: name, text: text)
    }

    static func mobile(_ index: Int) -> String { String(format: "09120%05d", index) }

    /// The numbers of the data rows of a CSV file the campaign wrote.
    static func mobiles(inRetryFile path: String) throws -> [String] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        return lines.dropFirst().map { String($0.prefix { $0 != "," }) }
    }

    @Test("a 1200-row file through the sandbox in requests of 100: every number once, one progress line per request, the summary")
    func largeFile() async throws {
        let state = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: state) }
        let setup = try Self.setup(credit: 5000, state: state)
        let file = try Self.personalFile(1200)
        defer { CLI.cleanUp(file) }
        let result = await setup.run(["send-personal", "--csv", file.path, "--campaign-key", "large-1", "--chunk-size", "100"])
        #expect(result.code == 0, "\(result)")
        let messages = await setup.messages()
        #expect(messages.count == 1200)
        #expect(Set(messages.map(\.mobile)).count == 1200, "every number once")
        #expect(await setup.sandbox.state.batches(userID: setup.userID).count == 12)
        // Not a terminal: one line per request, in the order they finished, the sent count growing.
        #expect(result.stderr.count == 12, "\(result)")
        let pattern = /chunk (\d+): (\d+)\/1200 sent, 0 unsent, 0 unknown, 0 bad/
        let parsed = result.stderr.compactMap { try? pattern.wholeMatch(in: $0) }.map { (Int($0.1)!, Int($0.2)!) }
        #expect(parsed.count == 12, "\(result.stderr)")
        #expect(Set(parsed.map(\.0)) == Set(1...12))
        #expect(parsed.map(\.1) == Array(stride(from: 100, through: 1200, by: 100)))
        #expect(result.stdout.first == "Campaign large-1: 1200 rows from people.csv in 12 requests of up to 100.")
        #expect(result.stdout.contains("  sent:      1200"))
        #expect(result.stdout.contains("  unsent:    0"))
        #expect(!FileManager.default.fileExists(atPath: file.path + ".retry.csv"), "nothing to retry, no file")
    }

    @Test("without --campaign-key a file of more rows than one request is refused before anything is sent")
    func largeFileNeedsKey() async throws {
        let file = try Self.personalFile(501)
        defer { CLI.cleanUp(file) }
        let result = await CLI.every8d(["send-personal", "--csv", file.path])
        #expect(result.code == 2, "\(result)")
        #expect(result.errorLines == ["every8d: --csv people.csv has 501 rows, more than one request carries (--chunk-size 500): "
            + "name the campaign with --campaign-key K, so that running the same command again resumes it without a second copy"])
        let small = await CLI.every8d(["send-personal", "--csv", file.path, "--chunk-size", "1000"])
        #expect(small.code == 0, "up to --chunk-size rows go in one request, as before: \(small)")
        #expect(small.out.contains("recipients in the file: 501"))
        let gif = try CLI.temporaryFile(named: "p.gif", contents: CLI.gif)
        defer { CLI.cleanUp(gif) }
        let mms = await CLI.every8d(["send-personal", "--csv", file.path, "--campaign-key", "k", "--image", gif.path, "--subject", "s"])
        #expect(mms.code == 2)
        #expect(mms.errorLines == ["every8d: --campaign-key sends SMS only: leave out --image, or --campaign-key"])
        let keyed = await CLI.every8d(["send-personal", "--csv", file.path, "--campaign-key", "k", "--idempotency-key", "i"])
        #expect(keyed.code == 2)
        #expect(keyed.errorLines == ["every8d: --idempotency-key names one request; a campaign's requests take their keys from --campaign-key"])
    }

    @Test("--json prints only the final object: no progress lines, the counts and the retry file in it")
    func json() async throws {
        let file = try Self.personalFile(250)
        defer { CLI.cleanUp(file) }
        let result = await CLI.every8d(["--json", "send-personal", "--csv", file.path, "--campaign-key", "json-1", "--chunk-size", "50"])
        #expect(result.code == 0, "\(result)")
        #expect(result.errorLines.isEmpty, "only the sandbox notice on stderr: \(result)")
        let object = try result.jsonObject()
        #expect(object["command"] as? String == "send-personal")
        #expect(object["campaignKey"] as? String == "json-1")
        #expect(object["rows"] as? Int == 250)
        #expect(object["sent"] as? Int == 250)
        #expect(object["unsent"] as? Int == 0)
        #expect(object["requests"] as? Int == 5)
        #expect(object["retryFile"] is NSNull)
        #expect(object["error"] == nil)
    }

    @Test("bad rows are listed and skipped, the rest is sent, and the retry file holds the bad rows as the input had them (exit 4)")
    func badRows() async throws {
        var text = "Mobile,Field1,MR\n"
        var expectedRetry = ["Mobile,Field1,MR"]
        for index in 0..<30 {
            switch index {
            case 4:
                text += "0912-345,\"小明, \"\"VIP\"\"\",b4\n"
                expectedRetry.append("0912-345,\"小明, \"\"VIP\"\"\",b4")
            case 11:
                text += "\(Self.mobile(index)),a|b,b11\n"
                expectedRetry.append("\(Self.mobile(index)),a|b,b11")
            default:
                text += "\(Self.mobile(index)),\"小華\nline two\",m\(index)\n"
            }
        }
        let file = try CLI.temporaryFile(named: "due.csv", text: text)
        defer { CLI.cleanUp(file) }
        let retry = file.deletingLastPathComponent().appendingPathComponent("again.csv").path
        let result = await CLI.every8d(["send-template", "--template", "%field1% 您好", "--csv", file.path, "--campaign-key", "bad-1",
                                        "--chunk-size", "10", "--retry-file", retry])
        #expect(result.code == 4, "\(result)")
        #expect(result.stdout.contains("  sent:      28"))
        #expect(result.stdout.contains("  bad rows:  2"))
        #expect(result.stdout.contains("  bad row:   row 6, column mobile: \"0912-345\": must be a Taiwan mobile 09xxxxxxxx or + and 8 to 15 digits, without spaces or dashes"), "\(result)")
        #expect(result.stdout.contains { $0.hasPrefix("  bad row:   row 13, column field1…field5: ") }, "\(result)")
        #expect(result.stdout.contains("  retry:     2 rows written to \(retry)"))
        #expect(result.errorLines.last?.hasPrefix("every8d: partly sent: 28 of 30 rows sent, 0 not sent, 2 bad rows; the rows to retry are in \(retry)") == true,
                "\(result)")
        #expect(try String(contentsOfFile: retry, encoding: .utf8) == expectedRetry.joined(separator: "\n") + "\n")
        // The retry file reads back as a recipient file: the same two rows are refused again.
        let again = await CLI.every8d(["--json", "send-template", "--template", "%field1% 您好", "--csv", retry, "--campaign-key", "bad-2"])
        #expect(try again.jsonObject()["badRows"] as? Int == 2, "\(again)")
        #expect(again.code == 2, "every row bad, nothing sent: \(again)")
    }

    @Test("out of credit: the unsent rows go to the retry file; after a top-up the same command sends exactly them, nobody twice")
    func outOfCreditAndResume() async throws {
        let state = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: state) }
        let setup = try Self.setup(credit: 250, state: state)
        let file = try Self.personalFile(400)
        defer { CLI.cleanUp(file) }
        let command = ["send-personal", "--csv", file.path, "--campaign-key", "spring", "--chunk-size", "100"]
        let first = await setup.run(command)
        #expect(first.code == 4, "\(first)")
        #expect(first.stdout.contains("  sent:      250"), "\(first)")
        #expect(first.stdout.contains("  unsent:    150"), "\(first)")
        #expect(first.stdout.contains("  stopped:   the account ran out of credit"))
        let sentFirst = Set(await setup.messages().filter { $0.disposition == .accepted }.map { String($0.mobile.suffix(9)) })
        #expect(sentFirst.count == 250)
        let retryPath = file.path + ".retry.csv"
        let retried = try Self.mobiles(inRetryFile: retryPath)
        #expect(retried.count == 150)
        let everyone = Set((0..<400).map { String(Self.mobile($0).suffix(9)) })
        #expect(Set(retried.map { String($0.suffix(9)) }) == everyone.subtracting(sentFirst), "the retry file holds exactly who was not sent")

        await setup.sandbox.state.setCredit(1000, for: setup.userID)
        let second = await setup.run(command)
        #expect(second.code == 0, "\(second)")
        #expect(second.stdout.contains("  sent:      400"), "the summary covers the whole file: \(second)")
        #expect(second.stdout.contains("  retry:     nothing; removed \(retryPath), which an earlier run wrote"))
        #expect(!FileManager.default.fileExists(atPath: retryPath))
        let accepted = await setup.messages().filter { $0.disposition == .accepted }.map { String($0.mobile.suffix(9)) }
        #expect(accepted.count == 400, "nobody got a second copy")
        #expect(Set(accepted) == everyone)

        let third = await setup.run(command)
        #expect(third.code == 0, "\(third)")
        #expect(await setup.messages().filter { $0.disposition == .accepted }.count == 400, "a third run sends nothing")
    }

    @Test("over SOAP a campaign sends every row too; what SOAP cannot send is named, and nothing is sent", arguments: ["send-personal", "send-template"])
    func soap(command: String) async throws {
        let columns = command == "send-personal" ? "mobile,text" : "mobile,field1"
        let file = try CLI.temporaryFile(named: "soap.csv", text: "\(columns)\n" + (0..<120).map { "\(Self.mobile($0)),小明\n" }.joined())
        defer { CLI.cleanUp(file) }
        let template = command == "send-template" ? ["--template", "%field1% 您好"] : []
        let arguments = ["--api", "soap", "--json", command, "--csv", file.path, "--campaign-key", "soap-1", "--chunk-size", "50"] + template
        let result = await CLI.every8d(arguments)
        #expect(result.code == 0, "\(result)")
        let object = try result.jsonObject()
        #expect(object["sent"] as? Int == 120)
        #expect(object["requests"] as? Int == 3)

        // SOAP has no message references: each request is refused before it is sent, and the summary says why.
        let withReferences = try Self.personalFile(60)
        defer { CLI.cleanUp(withReferences) }
        let refused = await CLI.every8d(["--api", "soap", "send-personal", "--csv", withReferences.path, "--campaign-key", "soap-2", "--chunk-size", "50"])
        #expect(refused.code == 1, "\(refused)")
        #expect(refused.stdout.contains { $0.hasPrefix("  failed:    request ") && $0.contains("Mr") }, "\(refused)")
        #expect(refused.stdout.contains("  unsent:    60"))
        #expect(try Self.mobiles(inRetryFile: withReferences.path + ".retry.csv").count == 60)
    }

    @Test("on a terminal the progress is a bar redrawn in place, ended by a line break, and no progress lines")
    func terminalBar() async throws {
        let file = try Self.personalFile(300)
        defer { CLI.cleanUp(file) }
        let captured = CapturedLines()
        let statuses = StatusLines()
        let io = CommandIO(out: captured.io.out, err: captured.io.err, status: statuses.append)
        let state = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: state) }
        let code = await Every8DCommandLine.run(["send-personal", "--csv", file.path, "--campaign-key", "tty", "--chunk-size", "100"],
                                                environment: ["EVERY8D_STATE_DIR": state.path], io: io)
        #expect(code == 0, "\(captured.stdout) \(captured.stderr)")
        let lines = statuses.lines
        #expect(lines.count == 4, "three redraws and the end: \(lines)")
        #expect(lines.last == .some(nil))
        #expect(lines.dropLast().allSatisfy { $0?.hasPrefix("[") == true })
        #expect(lines[2] == "[" + String(repeating: "#", count: 30) + "] 100% 300/300 sent, 0 unsent, 0 unknown, 0 bad")
        #expect(captured.stderr == [CLI.every8dNotice], "no progress lines besides the bar")
    }
}

/// The status lines a command drew, from any thread.
final class StatusLines: @unchecked Sendable {
    private let lock = NSLock()
    private var drawn: [String?] = []

    func append(_ line: String?) {
        lock.lock()
        defer { lock.unlock() }
        drawn.append(line)
    }

    var lines: [String?] { lock.lock(); defer { lock.unlock() }; return drawn }
}
