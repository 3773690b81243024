import Foundation
import Testing
import Every8D
import LoopbackHTTPServer
@testable import Every8DCommands
import SMSSandbox

/// `every8d listen`'s listener, in process: what it answers, what it prints, and that no request
/// can crash it or hold it.
@Suite("every8d listen")
struct ListenCommandTests {
    static let delivered = "BatchID=b-1&RM=%2B886912345678&RT=20250301093000&STATUS=100&SM=&ST=20250301092959&MR=7&TYPE=SMS"
    static let reply = "BatchID=b-1&RM=%2B886912345678&RT=20250301093500&STATUS=999&SM=%E5%A5%BD+1%2B1&MR=7&TYPE=SMS"
    static let secret = "s3cr3t-9f1c2e7a"

    /// A listener on a free port, running until the test stops it.
    struct Running {
        let listener: PushReportListener
        let captured: CapturedLines
        let done: Task<CommandResult, Never>
        var client: RawHTTPClient { RawHTTPClient(port: listener.port) }

        func stop() async -> CommandResult {
            listener.stop()
            return await done.value
        }
    }

    /// The listener's limits, its head timeout stretched like every timing bound of the tests
    /// (under the thread sanitizer an answer can take longer than the default 10 s).
    static var defaultLimits: HTTPListener.Limits {
        var limits = HTTPListener.Limits()
        limits.headTimeout = FaultTiming.scaled(.seconds(10))
        return limits
    }

    static func start(_ words: [String] = [], json: Bool = false, limits: HTTPListener.Limits = defaultLimits,
                      environment: [String: String] = [:], inbox: any PushReportInbox = InMemoryStateStore()) throws -> Running {
        let arguments = try Arguments(["--port", "0"] + words, options: Every8DCommand.listen.spec.options)
        let settings = try ListenSettings(arguments, EnvironmentSettings(environment))
        let captured = CapturedLines()
        let io = captured.io.scrubbing([settings.secretText].compactMap { $0 })
        let listener = try PushReportListener(settings: settings, inbox: inbox, io: io, asJSON: json, limits: limits)
        let done = Task { await listener.run() }
        return Running(listener: listener, captured: captured, done: done)
    }

    @Test("a report is answered 200 and printed once; its repeats are answered 200 and not printed; a reply's text is decoded")
    func reportsOnce() async throws {
        let running = try Self.start()
        let first = try await running.client.get("/every8d/report?" + Self.delivered)
        #expect(first.status == 200)
        #expect(first.body == "OK")
        #expect(first.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(first.header("Connection") == "close")
        for _ in 0..<3 { #expect(try await running.client.get("/every8d/report?" + Self.delivered).status == 200) }
        #expect(try await running.client.get("/every8d/report/?" + Self.reply).status == 200)
        let summary = await running.stop()

        #expect(running.captured.stdout == [
            "delivery report for +886912345678: STATUS 100 (delivered to the handset), MR 7, batch b-1, reported 2025-03-01 09:30:00",
            "reply from +886912345678: \"好 1+1\" (STATUS 999), MR 7, batch b-1, received 2025-03-01 09:35:00",
        ])
        #expect(running.captured.stderr.filter { $0.contains("a repeat") }.count == 3)
        #expect(running.captured.stderr.first?.hasPrefix("every8d: listening on http://127.0.0.1:\(running.listener.port)/every8d/report") == true)
        #expect(summary.lines == ["Stopped. 2 new reports printed; answered 3 repeated, 0 not a report, 0 without the secret, 0 failed, 0 other."])
    }

    @Test("through the state folder's inbox, a report printed before a restart is answered 200 and not printed again")
    func restart() async throws {
        let folder = CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The folder as the command opens it.
        let state = try StateFolder(EnvironmentSettings(["EVERY8D_STATE_DIR": folder.path]), variable: "EVERY8D_STATE_DIR", program: "every8d")
        let first = try Self.start(inbox: try await state.open())
        #expect(try await first.client.get("/every8d/report?" + Self.delivered).status == 200)
        _ = await first.stop()
        #expect(first.captured.stdout.count == 1)

        let second = try Self.start(inbox: try await state.open())
        #expect(try await second.client.get("/every8d/report?" + Self.delivered).status == 200)
        #expect(try await second.client.get("/every8d/report/?" + Self.reply).status == 200)
        let summary = await second.stop()
        #expect(second.captured.stdout.count == 1, "only the new reply: \(second.captured.stdout)")
        #expect(second.captured.stdout.first?.hasPrefix("reply from +886912345678") == true)
        #expect(summary.lines == ["Stopped. 1 new report printed; answered 1 repeated, 0 not a report, 0 without the secret, 0 failed, 0 other."])
        let show = await CLI.every8d(["state", "show"], environment: ["EVERY8D_STATE_DIR": folder.path])
        #expect(show.out.contains("push reports already printed by listen: 2"), "\(show)")
    }

    @Test("with --json each new report is one JSON object on its own line")
    func jsonLines() async throws {
        let running = try Self.start(json: true)
        _ = try await running.client.get("/every8d/report?" + Self.reply)
        _ = try await running.client.get("/every8d/report?" + Self.reply)
        let summary = await running.stop()
        let line = try #require(running.captured.stdout.first)
        #expect(running.captured.stdout.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["event"] as? String == "report")
        #expect(object["status"] as? Int == 999)
        #expect(object["text"] as? String == "好 1+1")
        #expect(object["mobile"] as? String == "+886912345678")
        #expect(object["messageReference"] as? String == "7")
        #expect(object["batchID"] as? String == "b-1")
        #expect(object["isReply"] as? Bool == true)
        #expect(object["command"] == nil)
        #expect(summary.json.members["repeats"] == .integer(1))
    }

    @Test("not a report: 400; another path: 404; another method: 405 with Allow; nothing printed on stdout")
    func nonReports() async throws {
        let running = try Self.start(["--path", "/hooks/e8d/"])
        #expect(try await running.client.get("/hooks/e8d?hello=world").status == 400)
        #expect(try await running.client.get("/hooks/e8d").status == 400)
        #expect(try await running.client.get("/hooks/e8d?STATUS=ok").status == 400)
        #expect(try await running.client.get("/every8d/report?" + Self.delivered).status == 404)
        #expect(try await running.client.get("/hooks/e8d/extra?" + Self.delivered).status == 404)
        #expect(try await running.client.get("/?" + Self.delivered).status == 404)
        let post = try await running.client.exchange("POST /hooks/e8d HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nSTATUS=100&")
        #expect(post.status == 405)
        #expect(post.header("Allow") == "GET")
        #expect(try await running.client.exchange("HEAD /hooks/e8d?\(Self.delivered) HTTP/1.1\r\nHost: x\r\n\r\n").status == 405)
        // An absolute-form target, as a proxy sends it, is the same path.
        #expect(try await running.client.get("http://127.0.0.1/hooks/e8d?" + Self.delivered).status == 200)
        let summary = await running.stop()
        #expect(running.captured.stdout.count == 1)
        #expect(summary.json.members["notReports"] == .integer(3))
        #expect(summary.json.members["other"] == .integer(5))
    }

    @Test("--secret: 403 without it, 200 with it as ?secret= or as the last path segment, and it is never printed")
    func secret() async throws {
        let running = try Self.start(["--secret", Self.secret], json: true)
        #expect(try await running.client.get("/every8d/report?" + Self.delivered).status == 403)
        #expect(try await running.client.get("/every8d/report?secret=nope&" + Self.delivered).status == 403)
        #expect(try await running.client.get("/every8d/report/nope?" + Self.delivered).status == 403)
        #expect(try await running.client.get("/every8d/report?" + Self.delivered + "&secret=" + Self.secret).status == 200)
        #expect(try await running.client.get("/every8d/report/\(Self.secret)?" + Self.reply).status == 200)
        #expect(try await running.client.get("/elsewhere/\(Self.secret)?" + Self.reply).status == 404)
        let summary = await running.stop()
        #expect(running.captured.stdout.count == 2)
        #expect(running.captured.stdout.allSatisfy { !$0.contains("secret") }, "the secret's parameter is not part of the report")
        #expect(summary.json.members["forbidden"] == .integer(3))
        let everything = (running.captured.stdout + running.captured.stderr).joined(separator: "\n")
        #expect(!everything.contains(Self.secret))
        #expect(everything.contains("?secret=<your secret>"))
    }

    @Test("the secret from EVERY8D_PUSH_SECRET; a bad option is a usage error")
    func settings() throws {
        let fromEnvironment = try ListenSettings(try Arguments([], options: Every8DCommand.listen.spec.options), EnvironmentSettings(["EVERY8D_PUSH_SECRET": "from-env"]))
        #expect(fromEnvironment.secret != nil)
        #expect(fromEnvironment.host == "127.0.0.1")
        #expect(fromEnvironment.port == 8080)
        #expect(fromEnvironment.path == "/every8d/report")
        for words in [["--port", "70000"], ["--port", "x"], ["--path", "no-slash"], ["--path", "/a?b"], ["--host", ""], ["--secret", ""], ["extra"]] {
            #expect(throws: UsageError.self, "\(words)") {
                try ListenSettings(try Arguments(words, options: Every8DCommand.listen.spec.options), EnvironmentSettings([:]))
            }
        }
    }

    @Test("bad requests get an error and never crash or hold the listener: huge lines, huge headers, garbage, clients that hang up or stall")
    func badRequests() async throws {
        var limits = HTTPListener.Limits()
        limits.headTimeout = .seconds(2)
        let running = try Self.start(limits: limits)
        let client = running.client

        #expect(try await client.get("/every8d/report?" + String(repeating: "A", count: 20_000)).status == 414)
        let bigHeaders = "GET /every8d/report HTTP/1.1\r\n" + String(repeating: "X-Filler: \(String(repeating: "y", count: 100))\r\n", count: 200) + "\r\n"
        #expect(try await client.exchange(bigHeaders).status == 431)
        #expect(try await client.exchange("GET /every8d/report HTTP/2.0\r\n\r\n").status == 505)
        #expect(try await client.exchange("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n").status == 505)
        #expect(try await client.exchange([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03, 0x0A, 0x0A, 0x0D, 0x0A, 0x0D, 0x0A]).status == 400)
        #expect(try await client.exchange("GET  /every8d/report HTTP/1.1\r\n\r\n").status == 400)
        #expect(try await client.exchange("GET /every8d/report HTTP/1.1\r\nno colon here\r\n\r\n").status == 400)
        #expect(try await client.exchange("\r\n\r\n").status == 400)

        // Clients that hang up at once cost nothing lasting.
        for _ in 0..<3 { close(try client.connect()) }
        #expect(try await client.get("/every8d/report?" + Self.delivered).status == 200)

        // A client that sends half a head and stalls gets 408 once its time is up.
        let slow = try client.connect()
        client.write(slow, Array("GET /every8d/report?\(Self.delivered) HTTP/1.1\r\nHost: x\r\n".utf8))
        #expect(await client.readAll(slow).status == 408)
        close(slow)
        _ = await running.stop()
        #expect(running.captured.stdout.count == 1)
    }

    @Test("more connections at once than allowed: the extra ones get 503 at once; later ones are served")
    func connectionLimit() async throws {
        var limits = HTTPListener.Limits()
        limits.connections = 4
        let running = try Self.start(limits: limits)
        let client = running.client
        // The four first are accepted first (the kernel queues connections in order) and wait
        // for their heads, so the fifth finds no room.
        let idle = try (0..<4).map { _ in try client.connect() }
        #expect(try await client.get("/every8d/report?" + Self.delivered).status == 503)
        idle.forEach { close($0) }
        var status = 0
        for _ in 0..<100 where status != 200 {
            status = try await client.get("/every8d/report?" + Self.delivered).status
            if status == 503 { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(status == 200)
        _ = await running.stop()
    }

    @Test("stopping: requests in progress are answered, then run returns and the port is given back")
    func stopping() async throws {
        let running = try Self.start()
        let port = running.listener.port
        let slow = try running.client.connect()
        running.client.write(slow, Array("GET /every8d/report?\(Self.delivered) HTTP/1.1\r\n".utf8))
        try await Task.sleep(for: .milliseconds(100))
        running.listener.stop()
        running.client.write(slow, Array("Host: x\r\n\r\n".utf8))
        let answer = await running.client.readAll(slow)
        close(slow)
        #expect(answer.status == 200)
        _ = await running.done.value
        #expect(running.captured.stdout.count == 1)
        // The port was given back (unless another test running meanwhile took it).
        if let again = try? Self.start(["--port", String(port)]) {
            #expect(again.listener.port == port)
            _ = await again.stop()
        }
    }

    @Test("a port that is taken is a usage error naming it")
    func portTaken() throws {
        let running = try Self.start()
        defer { running.listener.stop() }
        let arguments = try Arguments(["--port", String(running.listener.port)], options: Every8DCommand.listen.spec.options)
        let settings = try ListenSettings(arguments, EnvironmentSettings([:]))
        #expect(throws: UsageError.self) {
            try PushReportListener(settings: settings, inbox: InMemoryStateStore(), io: CapturedLines().io, asJSON: false)
        }
    }

    @Test("end to end, offline: a client sends through the sandbox, the sandbox pushes over HTTP to the listener, each report printed once")
    func sandboxPushesToListener() async throws {
        let running = try Self.start(["--secret", Self.secret])
        let sandbox = Every8DSandbox()
        let url = try #require(URL(string: "http://127.0.0.1:\(running.listener.port)/every8d/report?secret=\(Self.secret)"))
        var target = Every8DPushTarget.url(url, transport: URLSessionTransport())
        target.retryDelay = .milliseconds(10)
        await sandbox.state.setPushTarget(target)
        let client = Every8DClient(credentials: .init(userID: "sandbox", password: "sandbox-password"),
                                   configuration: .init(siteURL: Every8DSandbox.demoSiteURL), transport: sandbox)
        let receipt = try await client.sendSMS(to: ["0912345679", "0912345676"], text: "您好")
        await sandbox.state.deliverPushReports()
        _ = await running.stop()

        #expect(await sandbox.state.pushAttempts().map(\.status) == [200, 200, 200])
        // The lines without their times (the sandbox clock follows the system clock).
        let lines = running.captured.stdout.map { line in
            line.range(of: ", re", options: .backwards).map { String(line[..<$0.lowerBound]) } ?? line
        }
        #expect(lines == [
            "delivery report for +886912345679: STATUS 100 (delivered to the handset), MR 1, batch \(receipt.batchID)",
            "reply from +886912345679: \"\(Every8DScenario.replyText)\" (STATUS 999), MR 1, batch \(receipt.batchID)",
            "delivery report for +886912345676: STATUS 101 (the handset was off, out of signal or full), MR 2, batch \(receipt.batchID)",
        ])
    }
}
