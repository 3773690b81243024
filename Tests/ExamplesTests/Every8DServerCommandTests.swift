import Foundation
import Testing
import Every8D
import LoopbackHTTPServer
import SMSSandbox
import SandboxHTTPServer

/// `every8d` with an account in the environment, over real HTTP (URLSessionTransport) to a
/// loopback server that hands each request to a sandbox gateway.
@Suite("every8d against an HTTP server given by the environment")
struct Every8DServerCommandTests {
    static let password = "pw-Zq8!secret-value"
    static let account = Every8DSandboxAccount(userID: "cli-user", password: password, credit: 500, internationalEnabled: true)

    struct Setup {
        let sandbox: Every8DSandbox
        let server: SandboxServer
        var environment: [String: String]

        func run(_ arguments: [String], extra: [String: String] = [:]) async -> RunResult {
            await CLI.every8d(arguments, environment: environment.merging(extra) { _, new in new })
        }
    }

    static func setup(prefix: String = "", intercept: @escaping @Sendable (RecordedRequest) -> Behaviour? = { _ in nil }) throws -> Setup {
        let sandbox = Every8DSandbox(accounts: [account])
        let server = try SandboxServer(sandbox, intercept: intercept)
        return Setup(sandbox: sandbox, server: server, environment: [
            "EVERY8D_UID": account.userID, "EVERY8D_PWD": password, "EVERY8D_SITE_URL": server.baseURL + prefix, "EVERY8D_TIMEOUT": "10",
        ])
    }

    @Test("every command succeeds over HTTP, in token and in password mode, and later runs see earlier batches",
          arguments: ["token", "password"])
    func everyCommand(mode: String) async throws {
        var setup = try Self.setup(prefix: "/prefix/")
        setup.environment["EVERY8D_AUTH"] = mode
        var outputs: [RunResult] = []
        func run(_ arguments: [String]) async -> RunResult {
            let result = await setup.run(arguments)
            outputs.append(result)
            #expect(result.code == 0, "\(result)")
            #expect(result.stderr.isEmpty, "no sandbox notice with an account set: \(result)")
            return result
        }
        for action in ["get", "check", "close"] { _ = await run(["token", action]) }
        #expect(await run(["credit"]).stdout == ["Credit: 500.00 points"])

        let sent = try await run(["--json", "send", "--to", "0912345676,0912345679", "--text", "over HTTP"]).jsonObject()
        let batch = try #require(sent["batchID"] as? String)
        let status = await run(["status", batch, "--format", "tab"])
        #expect(status.out.contains("+886912345676  101 the handset was off"))
        #expect(status.out.contains("+886912345679  100 delivered to the handset"))
        let replies = await run(["replies", batch])
        #expect(replies.out.contains("+886912345679"))
        #expect(replies.out.contains("收到，謝謝！"))
        let filtered = await run(["send", "--to", "0912345679,0912345671", "--text", "over HTTP", "--filter-duplicates"])
        #expect(filtered.out.contains("+886912345679  already got it in batch \(batch)"))

        let booked = try await run(["--json", "send", "--to", "0912345670", "--text", "later", "--at", CLI.compactTime(fromNow: 3600)]).jsonObject()
        let bookedBatch = try #require(booked["batchID"] as? String)
        #expect(await run(["status", bookedBatch]).out.contains("300 scheduled"))
        #expect(await run(["cancel", bookedBatch]).stdout == ["Batch \(bookedBatch): cancelled 1 booked SMS message; 1.00 points refunded."])

        let gif = try CLI.temporaryFile(named: "pixel.gif", contents: CLI.gif)
        defer { CLI.cleanUp(gif) }
        let mms = try await run(["--json", "mms", "--to", "0912345670", "--subject", "s", "--image", gif.path, "--at", CLI.compactTime(fromNow: 3600)]).jsonObject()
        let mmsBatch = try #require(mms["batchID"] as? String)
        #expect(await run(["status", mmsBatch, "--mms", "--format", "xml"]).out.contains("300 scheduled"))
        #expect(await run(["cancel", mmsBatch, "--mms"]).out.contains("3.00 points refunded"))

        let people = try CLI.temporaryFile(named: "people.csv", text: "mobile,text,mr\n0912345672,您好,p1\n")
        defer { CLI.cleanUp(people) }
        let personal = try await run(["--json", "send-personal", "--csv", people.path]).jsonObject()
        let personalBatch = try #require(personal["batchID"] as? String)
        let personalStatus = try await run(["--json", "status", personalBatch]).jsonObject()
        let rows = try #require(personalStatus["reports"] as? [[String: Any]])
        #expect(rows.first?["messageReference"] as? String == "p1")
        let template = try CLI.temporaryFile(named: "t.csv", text: "mobile,field1\n0912345673,小明\n")
        defer { CLI.cleanUp(template) }
        _ = await run(["send-template", "--template", "%field1% 您好", "--csv", template.path])
        let record = try #require(await setup.sandbox.state.batches().last)
        #expect(record.messages.map(\.text) == ["小明 您好"])

        #expect(await run(["credit"]).stdout == ["Credit: 495.00 points"])
        let requests = setup.server.server.requests
        #expect(!requests.isEmpty)
        #expect(requests.allSatisfy { $0.path.hasPrefix("/prefix/API21/HTTP/") }, "the site's path prefix is kept")
        if mode == "password" {
            #expect(requests.filter { $0.header("Authorization") != nil }.count == 2, "only token check and close carry a token")
        }
        let secrets = [Self.password] + setup.server.bearerTokens
        for output in outputs {
            for secret in secrets { #expect(!output.everything.contains(secret), "a secret leaked in \(output.arguments)") }
        }
    }

    @Test("the sandbox's rules as the commands show them: outcome by last digit, replies, billing, international 3×")
    func sandboxRules() async throws {
        let setup = try Self.setup()
        let numbers = (0...9).map { "091234567\($0)" }
        let text = String(repeating: "字", count: 71)
        let sent = try await setup.run(["--json", "send", "--to", (numbers + ["+14155550100"]).joined(separator: ","), "--text", text]).jsonObject()
        #expect((sent["cost"] as? NSNumber)?.intValue == 10 * 2 + 2 * 3, "71 characters are 2 points; abroad 3×")
        let batch = try #require(sent["batchID"] as? String)
        let status = try await setup.run(["--json", "status", batch]).jsonObject()
        let reports = try #require(status["reports"] as? [[String: Any]])
        var byMobile: [String: Int] = [:]
        for report in reports { byMobile[report["mobile"] as? String ?? ""] = report["status"] as? Int }
        let expected = [0: 100, 1: 100, 2: 100, 3: 100, 4: 100, 5: 100, 6: 101, 7: 103, 8: 0, 9: 100]
        for (digit, code) in expected { #expect(byMobile["+88691234567\(digit)"] == code, "last digit \(digit)") }
        #expect(byMobile["+14155550100"] == 100)
        let categories = try #require(status["categories"] as? [String: Int])
        #expect(categories == ["delivered": 8, "failed": 2, "pending": 1])
        let replies = try await setup.run(["--json", "replies", batch]).jsonObject()
        let texts = try #require(replies["replies"] as? [[String: Any]])
        #expect(texts.map { $0["mobile"] as? String } == ["+886912345679"])
        #expect(texts.first?["text"] as? String == "收到，謝謝！")
    }

    @Test("status and replies walk every page: 1000 delivery rows and 10 replies a page")
    func allPages() async throws {
        let rich = Every8DSandboxAccount(userID: "rich", password: Self.password, credit: 100_000)
        let sandbox = Every8DSandbox(accounts: [rich])
        let server = try SandboxServer(sandbox)
        let environment = ["EVERY8D_UID": "rich", "EVERY8D_PWD": Self.password, "EVERY8D_SITE_URL": server.baseURL]
        let numbers = (0..<1215).map { String(format: "09%08d", 20_000_000 + $0) }
        let sent = try await CLI.every8d(["--json", "send", "--to", numbers.joined(separator: ","), "--text", "many"], environment: environment).jsonObject()
        let batch = try #require(sent["batchID"] as? String)
        let status = try await CLI.every8d(["--json", "status", batch, "--format", "tab"], environment: environment).jsonObject()
        #expect(status["count"] as? Int == 1215)
        let replies = try await CLI.every8d(["--json", "replies", batch], environment: environment).jsonObject()
        #expect(replies["count"] as? Int == 121, "every number ending in 9 replies")
        let pages = server.server.requests.filter { $0.path.hasSuffix("/GetDeliveryStatus.ashx") }.count
        #expect(pages == 2)
        #expect(server.server.requests.filter { $0.path.hasSuffix("/GetReplyMessage.ashx") }.count == 13)
    }

    @Test("a wrong password is the gateway's error: exit 1, one line naming code and message")
    func wrongPassword() async throws {
        let setup = try Self.setup()
        let result = await setup.run(["credit"], extra: ["EVERY8D_PWD": "wrong-password-9"])
        #expect(result.code == 1, "\(result)")
        #expect(result.stderr == ["every8d: EVERY8D error -101 (GetToken): 密碼錯誤 [wrong password]"])
        #expect(result.stdout.isEmpty)
        let passwordMode = await setup.run(["credit"], extra: ["EVERY8D_PWD": "wrong-password-9", "EVERY8D_AUTH": "password"])
        #expect(passwordMode.stderr == ["every8d: EVERY8D error -101 (GetCredit): 密碼錯誤 [wrong password]"])
        #expect(!(result.everything + passwordMode.everything).contains("wrong-password-9"))
    }

    @Test("gateway errors from sends and cancellations exit 1")
    func gatewayErrors() async throws {
        let setup = try Self.setup()
        let cancel = await setup.run(["cancel", "no-such-batch"])
        #expect(cancel.code == 1)
        #expect(cancel.stderr == ["every8d: EVERY8D error -3 (EraseBooking): 無法取得指定發送資料 [no such batch, nothing to cancel]"])
        let sent = try await setup.run(["--json", "send", "--to", "0912345670", "--text", "now"]).jsonObject()
        let batch = try #require(sent["batchID"] as? String)
        let nothingBooked = await setup.run(["cancel", batch])
        #expect(nothingBooked.code == 1)
        #expect(nothingBooked.stderr.first?.hasPrefix("every8d: EVERY8D error -4 (EraseBooking)") == true, "\(nothingBooked)")
        await setup.sandbox.state.setCredit(0, for: Self.account.userID)
        let poor = await setup.run(["send", "--to", "0912345670", "--text", "no credit"])
        #expect(poor.code == 4, "the gateway accepts the send and reports it unsent: a partial send, exit 4: \(poor)")
        #expect(poor.out.contains("unsent:    1 message (not enough credit)"))
        #expect(poor.stderr.count == 1)
        #expect(poor.stderr.first?.hasPrefix("every8d: partly sent: 1 message of 1 not sent (not enough credit); the other 0 were sent in batch ") == true, "\(poor)")
    }

    @Test("a CDN's block page: exit 3, one line naming it, nothing sent, no second token fetch; a wrong password's line puts the gateway's words first")
    func blockedAndRefused() async throws {
        let setup = try Self.setup()
        #expect(await setup.run(["credit"]).code == 0)
        await setup.sandbox.network.enqueueFault(.cdnBlocked, endpoint: "SendSMS.ashx")
        let blocked = await setup.run(["send", "--to", "0912345670", "--text", "x"])
        #expect(blocked.code == 3, "\(blocked)")
        #expect(blocked.stderr.count == 1)
        let line = try #require(blocked.stderr.first)
        #expect(line.contains("HTTP 403 from something in front of the gateway (CloudFront): \"ERROR: The request could not be satisfied\""))
        #expect(line.contains("nothing was sent"))
        #expect(!line.contains("<"))
        #expect(await setup.sandbox.state.acceptedSendCount == 0)
        #expect(await setup.sandbox.network.requestCount(endpoint: "SendSMS.ashx") == 1)

        let refused = await setup.run(["credit"], extra: ["EVERY8D_PWD": "not-it"])
        #expect(refused.code == 1)
        #expect(refused.stderr.first?.hasPrefix("every8d: EVERY8D error -101 (GetToken): ") == true, "\(refused)")
        #expect(refused.stderr.first?.contains("not-it") == false)
    }

    @Test("nothing listening is a transport error: exit 3, nothing sent")
    func connectionRefused() async throws {
        let port = try ReservedPort()
        defer { port.release() }
        let environment = ["EVERY8D_UID": "u", "EVERY8D_PWD": Self.password, "EVERY8D_SITE_URL": port.baseURL.absoluteString]
        let credit = await CLI.every8d(["credit"], environment: environment)
        #expect(credit.code == 3, "\(credit)")
        #expect(credit.stderr.count == 1)
        #expect(credit.stderr.first?.hasPrefix("every8d: credit: transport error: connectionRefused") == true, "\(credit)")
        #expect(credit.stderr.first?.contains("nothing was sent") == true)
        let send = await CLI.every8d(["send", "--to", "0912345670", "--text", "x"], environment: environment.merging(["EVERY8D_AUTH": "password"]) { $1 })
        #expect(send.code == 3, "\(send)")
        #expect(send.stderr.first?.contains("connectionRefused") == true)
    }

    @Test("a send whose answer is lost exits 3, is not repeated, and says how to check")
    func outcomeUnknown() async throws {
        let setup = try Self.setup { request in request.path.hasSuffix("/SendSMS.ashx") ? .closeAfterReading : nil }
        // A kept-alive connection closed under the POST makes URLSession on Linux wait for the
        // deadline (see PLATFORM-NOTES), so keep it short.
        let result = await setup.run(["send", "--to", "0912345670,0912345671", "--text", "maybe"], extra: ["EVERY8D_TIMEOUT": "2"])
        #expect(result.code == 3, "\(result)")
        #expect(result.stderr.count == 1)
        let line = try #require(result.stderr.first)
        #expect(line.hasPrefix("every8d: the outcome of SendSMS is unknown ("))
        #expect(line.contains("it was not repeated"))
        #expect(line.contains("every8d send --filter-duplicates --dry-run --to 0912345670,0912345671 --text <the same text>"))
        #expect(setup.server.server.requests.filter { $0.path.hasSuffix("/SendSMS.ashx") }.count == 1, "sent once, never repeated")
    }

    @Test("an HTTP error page from something in front of the gateway exits 3")
    func httpError() async throws {
        let setup = try Self.setup { request in request.path.hasSuffix("/GetCredit.ashx") ? .respond(status: 502, text: "Bad Gateway") : nil }
        let result = await setup.run(["credit"], extra: ["EVERY8D_AUTH": "password"])
        #expect(result.code == 3, "\(result)")
        #expect(result.stderr.first?.hasPrefix("every8d: credit: HTTP status 502") == true, "\(result)")
    }

    @Test("an unreadable answer exits 3")
    func unreadable() async throws {
        let setup = try Self.setup { request in request.path.hasSuffix("/GetCredit.ashx") ? .respond(status: 200, text: "<html>maintenance</html>") : nil }
        let result = await setup.run(["credit"], extra: ["EVERY8D_AUTH": "password"])
        #expect(result.code == 3, "\(result)")
        #expect(result.stderr.first?.hasPrefix("every8d: credit: unreadable response") == true, "\(result)")
    }

    @Test("--json failures print one error object on stdout and the same line on stderr, with the same exit code")
    func jsonFailure() async throws {
        let setup = try Self.setup()
        let result = await setup.run(["--json", "cancel", "no-such-batch"])
        #expect(result.code == 1)
        let error = try #require(try result.jsonObject()["error"] as? [String: Any])
        #expect(error["kind"] as? String == "gateway")
        #expect(error["code"] as? Int == -3)
        #expect(error["sent"] as? Bool == false)
        #expect(error["exitCode"] as? Int == 1)
        #expect(result.stderr == ["every8d: " + (error["message"] as? String ?? "")])
    }
}
