import Foundation
import Testing
import Every8D
import LoopbackHTTPServer
import SandboxHTTPServer
import SMSSandbox
@_spi(SMSInternals) import SMSTransport

/// Every `every8d` option, checked where it matters: the field it sets on the wire, over real HTTP
/// to a loopback server in front of the sandbox; and every refusal: exit 2, nothing sent, the
/// message names the option and the value.
@Suite("every8d options on the wire")
struct Every8DOptionWireTests {
    static let password = "pw-Opt1ons!wire"
    static let account = Every8DSandboxAccount(userID: "wire-user", password: password, credit: 10_000, internationalEnabled: true)

    struct Setup {
        let sandbox: Every8DSandbox
        let server: SandboxServer
        let environment: [String: String]

        func run(_ arguments: [String], extra: [String: String] = [:]) async -> RunResult {
            await CLI.every8d(arguments, environment: environment.merging(extra) { $1 })
        }

        /// The form fields of the last request to `endpoint`.
        func fields(_ endpoint: String) throws -> [String: String] {
            let request = try #require(server.server.requests.last { $0.path.hasSuffix("/" + endpoint) }, "no request to \(endpoint)")
            return Dictionary(FormEncoding.decode(request.body).map { ($0.name, $0.value) }) { first, _ in first }
        }

        /// The JSON body of the last request to `endpoint`.
        func json(_ endpoint: String) throws -> [String: Any] {
            let request = try #require(server.server.requests.last { $0.path.hasSuffix("/" + endpoint) }, "no request to \(endpoint)")
            return try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
        }

        var requestCount: Int { server.server.requests.count }
    }

    static func setup(api: String = "http", extra: [String: String] = [:]) throws -> Setup {
        let sandbox = Every8DSandbox(accounts: [account])
        let server = try SandboxServer(sandbox)
        return Setup(sandbox: sandbox, server: server, environment: [
            "EVERY8D_UID": account.userID, "EVERY8D_PWD": password, "EVERY8D_SITE_URL": server.baseURL, "EVERY8D_TIMEOUT": "10",
            "EVERY8D_AUTH": "password", "EVERY8D_API": api,
        ].merging(extra) { $1 })
    }

    @Test("send: --to repeats add up (DEST), --subject SB, --at ST, --validity RETRYTIME, --event-id EventID")
    func send() async throws {
        let setup = try Self.setup()
        let at = CLI.compactTime(fromNow: 7200)
        let result = await setup.run(["send", "--to", "0912345670,0912345671", "--to", "+14155550100", "--text", "hi +1 & =", "--subject", "s b",
                                      "--at", at, "--validity", "90", "--event-id", "-1"])
        #expect(result.code == 0, "\(result)")
        let fields = try setup.fields("SendSMS.ashx")
        #expect(fields["DEST"] == "+886912345670,+886912345671,+14155550100")
        #expect(fields["MSG"] == "hi +1 & =")
        #expect(fields["SB"] == "s b")
        #expect(fields["ST"] == at)
        #expect(fields["RETRYTIME"] == "90")
        #expect(fields["EventID"] == "-1")
    }

    @Test("send --filter-duplicates goes to SendSMS4FilterMessage.ashx; --dry-run sends IsSend=false")
    func filter() async throws {
        let setup = try Self.setup()
        #expect(await setup.run(["send", "--to", "0912345670", "--text", "x", "--filter-duplicates", "--dry-run", "--validity", "5"]).code == 0)
        let fields = try setup.fields("SendSMS4FilterMessage.ashx")
        #expect(fields["IsSend"]?.lowercased() == "false")
        #expect(fields["RETRYTIME"] == "5")
        #expect(await setup.sandbox.state.acceptedSendCount == 0, "a dry run sends nothing")
    }

    @Test("mms: --event-id and --validity reach MMS/SendMMS.ashx with the picture (ATTACHMENT, TYPE)")
    func mms() async throws {
        let setup = try Self.setup()
        let gif = try CLI.temporaryFile(named: "p.gif", contents: CLI.gif)
        defer { CLI.cleanUp(gif) }
        let result = await setup.run(["mms", "--to", "0912345670", "--to", "0912345671", "--image", gif.path, "--subject", "", "--text", "t",
                                      "--validity", "30", "--event-id", "E1"])
        #expect(result.code == 0, "\(result)")
        let fields = try setup.fields("MMS/SendMMS.ashx")
        #expect(fields["DEST"] == "+886912345670,+886912345671")
        #expect(fields["RETRYTIME"] == "30")
        #expect(fields["EventID"] == "E1")
        #expect(fields["SB"] == "")
        #expect(fields["TYPE"]?.lowercased() == "gif")
        #expect(fields["ATTACHMENT"] == CLI.gif.base64EncodedString())
    }

    @Test("send-personal and send-template: --validity and --event-id reach SendParam.ashx", arguments: ["send-personal", "send-template"])
    func param(command: String) async throws {
        let setup = try Self.setup()
        let csv = command == "send-personal" ? "mobile,text,mr\n0912345672,您好,p1\n" : "mobile,field1,mr\n0912345673,小明,p1\n"
        let file = try CLI.temporaryFile(named: "r.csv", text: csv)
        defer { CLI.cleanUp(file) }
        var arguments = [command, "--csv", file.path, "--subject", "S", "--validity", "60", "--event-id", "-1"]
        if command == "send-template" { arguments += ["--template", "%field1% 您好"] }
        let result = await setup.run(arguments)
        #expect(result.code == 0, "\(result)")
        let body = try setup.json("SendParam.ashx")
        #expect(body["RETRYTIME"] as? String == "60" || body["RETRYTIME"] as? Int == 60, "\(body)")
        #expect(body["EventID"] as? String == "-1")
        #expect(body["SB"] as? String == "S")
        let list = try #require(body["RecipientDataList"] as? [[String: Any]])
        #expect(list.first?["Mr"] as? String == "p1")
    }

    @Test("status and replies: --page N asks for that page only (PNO), --format sets RESPFORMAT, --mms the MMS endpoint")
    func pages() async throws {
        let setup = try Self.setup()
        let numbers = (0..<12).map { String(format: "09%08d", 30_000_009 + $0 * 10) }
        let sent = try await setup.run(["--json", "send", "--to", numbers.joined(separator: ","), "--text", "reply please"]).jsonObject()
        let batch = try #require(sent["batchID"] as? String)

        let page = try await setup.run(["--json", "replies", batch, "--page", "2", "--format", "tab"]).jsonObject()
        let replies = try setup.fields("GetReplyMessage.ashx")
        #expect(replies["PNO"] == "2")
        #expect(replies["RESPFORMAT"] == "0")
        #expect(replies["BID"] == batch)
        #expect(page["page"] as? Int == 2)
        #expect(page["totalCount"] as? Int == 12)
        #expect(page["count"] as? Int == 2, "replies come 10 a page: page 2 of 12 holds 2")
        #expect(setup.server.server.requests.filter { $0.path.hasSuffix("/GetReplyMessage.ashx") }.count == 1, "one page, one request")

        let text = await setup.run(["replies", batch, "--page", "1"])
        #expect(text.out.contains("(page 1 of 2 (12 in all, 10 a page))"), "\(text)")
        #expect(try setup.fields("GetReplyMessage.ashx")["RESPFORMAT"] == "1", "json by default")

        let status = try await setup.run(["--json", "status", batch, "--page", "1", "--format", "xml"]).jsonObject()
        let delivery = try setup.fields("GetDeliveryStatus.ashx")
        #expect(delivery["PNO"] == "1")
        #expect(delivery["RESPFORMAT"] == "2")
        #expect(status["count"] as? Int == 12)
        #expect(status["page"] as? Int == 1)

        #expect(await setup.run(["status", batch, "--mms", "--page", "3"]).code == 0)
        let mms = try setup.fields("MMS/GetDeliveryStatus.ashx")
        #expect(mms["PNO"] == "3")
    }

    @Test("cancel --mms goes to MMS/EraseBooking.ashx with BID")
    func cancelMMS() async throws {
        let setup = try Self.setup()
        let gif = try CLI.temporaryFile(named: "p.gif", contents: CLI.gif)
        defer { CLI.cleanUp(gif) }
        let booked = try await setup.run(["--json", "mms", "--to", "0912345670", "--image", gif.path, "--at", CLI.compactTime(fromNow: 3600)]).jsonObject()
        let batch = try #require(booked["batchID"] as? String)
        #expect(await setup.run(["cancel", batch, "--mms"]).code == 0)
        #expect(try setup.fields("MMS/EraseBooking.ashx")["BID"] == batch)
    }

    @Test("--soap-version 1.2 (or EVERY8D_SOAP_VERSION) sends SOAP 1.2 envelopes; 1.1 is the default")
    func soapVersion() async throws {
        let setup = try Self.setup(api: "soap")
        #expect(await setup.run(["credit", "--soap-version", "1.2"]).code == 0)
        let twelve = try #require(setup.server.server.requests.last)
        #expect(twelve.header("Content-Type")?.hasPrefix("application/soap+xml") == true, "\(twelve.header("Content-Type") ?? "none")")
        #expect(await setup.run(["--soap-version=1.2", "credit"]).code == 0, "before the command too")
        #expect(await setup.run(["credit"], extra: ["EVERY8D_SOAP_VERSION": "1.2"]).code == 0)
        #expect(setup.server.server.requests.last?.header("Content-Type")?.hasPrefix("application/soap+xml") == true)
        #expect(await setup.run(["credit"]).code == 0)
        let eleven = try #require(setup.server.server.requests.last)
        #expect(eleven.header("Content-Type")?.hasPrefix("text/xml") == true)
        #expect(eleven.header("SOAPAction") != nil)
    }

    @Test("cost prices an EventID's link and an MMS picture, offline")
    func cost() async throws {
        let plain = try await CLI.every8d(["--json", "cost", "--text", String(repeating: "a", count: 60)]).jsonObject()
        #expect(plain["pointsPerTaiwanRecipient"] as? Int == 1)
        let withEvent = try await CLI.every8d(["--json", "cost", "--text", String(repeating: "a", count: 60), "--event-id", "-1", "--to", "0912345678"]).jsonObject()
        #expect(withEvent["billedCharacters"] as? Int == 77, "the link adds 17 characters")
        #expect(withEvent["pointsPerTaiwanRecipient"] as? Int == 2)
        #expect((withEvent["points"] as? NSNumber)?.intValue == 2)
        let gif = try CLI.temporaryFile(named: "p.gif", contents: CLI.gif)
        defer { CLI.cleanUp(gif) }
        let mms = try await CLI.every8d(["--json", "cost", "--mms", "--image", gif.path, "--to", "0912345678,0912345679"]).jsonObject()
        #expect(mms["kind"] as? String == "MMS")
        #expect(mms["pointsPerMessage"] as? Int == 3)
        #expect((mms["points"] as? NSNumber)?.intValue == 6)
        let text = await CLI.every8d(["cost", "--image", gif.path])
        #expect(text.code == 0)
        #expect(text.out.contains("3 points per message"))
        #expect(text.stderr.isEmpty, "offline: no sandbox")
    }

    @Test("each refusal exits 2, sends nothing, and names the option and the value", arguments: [
        (["send", "--to", "0912345670", "--text", "x", "--validity", "0"], "--validity", "0"),
        (["send", "--to", "0912345670", "--text", "x", "--validity", "1.5"], "--validity", "1.5"),
        (["send", "--to", "0912345670", "--text", "x", "--at", "tomorrow"], "--at", "tomorrow"),
        (["send", "--to", "0912345670", "--text", "x", "--at", "20200101090000"], "--at", "20200101090000"),
        (["send", "--to", "0912345670", "--text", "x", "--event-id", ""], "--event-id", ""),
        (["send", "--to", "0912345670", "--text", "x", "--text", "y"], "--text", "y"),
        (["send", "--to", "0912345670", "--text", "x", "--subject", "a", "--subject", "b"], "--subject", "b"),
        (["send", "--to", "0912345670,091234567", "--text", "x"], "--to", "091234567"),
        (["send", "--to", "0912345670", "--to", "abc", "--text", "x"], "--to", "abc"),
        (["mms", "--to", "0912345670", "--image", "/nonexistent/p.gif"], "--image", "/nonexistent/p.gif"),
        (["mms", "--to", "+14155550100", "--image", "GIF"], "--to", "+14155550100"),
        (["mms", "--to", "0912345670", "--image", "GIF", "--validity", "-3"], "--validity", "-3"),
        (["status", "b-1", "--page", "0"], "--page", "0"),
        (["status", "b-1", "--format", "csv"], "--format", "csv"),
        (["replies", "b-1", "--format", "xml"], "--format", "xml"),
        (["replies", "b-1", "--page", "two"], "--page", "two"),
        (["cost", "--text", "x", "--event-id", ""], "--event-id", ""),
        (["--api", "rest", "credit"], "--api", "rest"),
        (["credit", "--soap-version", "1.3"], "--soap-version", "1.3"),
        (["credit", "--soap-version", "1.2"], "--soap-version", "1.2"),
        (["--api", "soap", "credit", "--api", "http"], "--api", "http"),
    ])
    func refusals(arguments: [String], option: String, value: String) async throws {
        let setup = try Self.setup()
        let gif = try CLI.temporaryFile(named: "p.gif", contents: CLI.gif)
        defer { CLI.cleanUp(gif) }
        let words = arguments.map { $0 == "GIF" ? gif.path : $0 }
        let result = await setup.run(words)
        #expect(result.code == 2, "\(result)")
        #expect(result.stderr.count == 1, "\(result)")
        let line = try #require(result.stderr.first)
        #expect(line.contains(option), "the message names \(option): \(line)")
        #expect(line.contains("\"\(value)\"") || (value.isEmpty && line.contains("is empty")), "the message names the value: \(line)")
        #expect(setup.requestCount == 0, "nothing was sent: \(result)")
        let json = try await setup.run(["--json"] + words).jsonObject()
        let error = try #require(json["error"] as? [String: Any])
        #expect(error["option"] as? String == option, "\(error)")
        #expect(error["sent"] as? Bool == false)
        #expect(error["exitCode"] as? Int == 2)
        #expect(setup.requestCount == 0)
    }

    @Test("what SOAP lacks is refused before anything is sent, naming the option", arguments: [
        (["send", "--to", "0912345670", "--text", "x", "--filter-duplicates"], "--filter-duplicates"),
        (["token", "check"], "token check"),
        (["status", "b-1", "--format", "tab"], "--format"),
        (["replies", "b-1", "--format", "json"], "--format"),
        (["send-personal", "--csv", "PEOPLE", "--image", "GIF"], "--image"),
        (["send-template", "--template", "%field1%", "--csv", "FIELDS", "--image", "GIF"], "--image"),
        (["send-personal", "--csv", "PEOPLE", "--event-id", "-1"], "--event-id"),
        (["send-template", "--template", "%field1%", "--csv", "FIELDS", "--validity", "10"], "--validity"),
    ])
    func soapRefusals(arguments: [String], option: String) async throws {
        let setup = try Self.setup(api: "soap")
        let gif = try CLI.temporaryFile(named: "p.gif", contents: CLI.gif)
        let people = try CLI.temporaryFile(named: "p.csv", text: "mobile,text\n0912345670,hi\n")
        let fields = try CLI.temporaryFile(named: "f.csv", text: "mobile,field1\n0912345670,x\n")
        defer { [gif, people, fields].forEach(CLI.cleanUp) }
        let files = ["GIF": gif.path, "PEOPLE": people.path, "FIELDS": fields.path]
        let words = arguments.map { files[$0] ?? $0 }
        let result = await setup.run(words)
        #expect(result.code == 2, "\(result)")
        #expect(result.stderr.count == 1)
        #expect(result.stderr.first?.hasPrefix("every8d: \(option)") == true, "\(result)")
        #expect(setup.requestCount == 0, "refused before logging in: \(setup.server.server.requests.map(\.path))")
    }
}
