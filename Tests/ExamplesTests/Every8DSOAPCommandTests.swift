import Foundation
import Testing
import Every8D
import LoopbackHTTPServer
import SMSSandbox
import SandboxHTTPServer

/// `every8d --api soap`: the commands the legacy SOAP API offers, in-process against the sandbox
/// and over real HTTP to a loopback server that hands each envelope to the sandbox.
@Suite("every8d --api soap")
struct Every8DSOAPCommandTests {
    static let password = "soap-Pw-7&<secret>"
    static let account = Every8DSandboxAccount(userID: "soap-user", password: password, credit: 300, internationalEnabled: true)
    static let png = Data([
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
        0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
        0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
        0x42, 0x60, 0x82,
    ])

    @Test("the SOAP demo runs every SOAP operation against the sandbox and exits 0")
    func demo() async throws {
        let result = await CLI.every8d(["--api", "soap", "demo"])
        #expect(result.code == 0, "\(result)")
        #expect(result.stderr == [CLI.every8dNotice])
        for operation in ["getConnection", "getCredit", "sendSMS", "sendMessage", "getDeliveryStatus", "sendParamSMS",
                          "sendMMS", "getMMSDeliveryStatus", "eraseBooking", "eraseMMSBooking", "closeConnection"] {
            #expect(result.out.contains(operation), "the demo narrates \(operation)")
        }
        #expect(result.out.contains("收到，謝謝！"), "the reply read from the delivery log")
        #expect(!result.everything.contains("sandbox-password"))
    }

    @Test("EVERY8D_API=soap selects SOAP like --api soap, and an unknown API is a usage error")
    func apiSelection() async throws {
        let viaEnvironment = await CLI.every8d(["credit"], environment: ["EVERY8D_API": "soap"])
        #expect(viaEnvironment.code == 0, "\(viaEnvironment)")
        #expect(viaEnvironment.stdout == ["Credit: 1000.00 points"])
        let unknown = await CLI.every8d(["--api", "grpc", "credit"])
        #expect(unknown.code == 2)
        #expect(unknown.errorLines.count == 1)
        #expect(unknown.err.contains("--api must be http, soap or v3"))
    }

    @Test("every command SOAP offers works over real HTTP; the envelopes go to SMS.asmx and MMS.asmx under the site's prefix")
    func everyCommandOverHTTP() async throws {
        let sandbox = Every8DSandbox(accounts: [Self.account])
        let server = try SandboxServer(sandbox)
        let environment = [
            "EVERY8D_UID": Self.account.userID, "EVERY8D_PWD": Self.password, "EVERY8D_API": "soap",
            "EVERY8D_SITE_URL": server.baseURL + "/legacy/", "EVERY8D_TIMEOUT": "10",
        ]
        var outputs: [RunResult] = []
        func run(_ arguments: [String]) async -> RunResult {
            let result = await CLI.every8d(arguments, environment: environment)
            outputs.append(result)
            #expect(result.code == 0, "\(result)")
            #expect(result.stderr.isEmpty, "\(result)")
            return result
        }
        _ = await run(["token", "get"])
        _ = await run(["token", "close"])
        #expect(await run(["credit"]).stdout == ["Credit: 300.00 points"])

        let sent = try await run(["--json", "send", "--to", "0912345676,0912345679", "--text", "SOAP & <XML>"]).jsonObject()
        let batch = try #require(sent["batchID"] as? String)
        let status = await run(["status", batch])
        #expect(status.out.contains("+886912345676  101 the handset was off"))
        #expect(status.out.contains("(XML format)"))
        let replies = await run(["replies", batch])
        #expect(replies.out.contains("收到，謝謝！"))
        _ = await run(["send", "--to", "0912345670", "--text", "valid for two hours", "--validity", "120"])

        let booked = try await run(["--json", "send", "--to", "0912345670", "--text", "later", "--at", CLI.compactTime(fromNow: 3600)]).jsonObject()
        let bookedBatch = try #require(booked["batchID"] as? String)
        #expect(await run(["status", bookedBatch]).out.contains("300 scheduled"))
        #expect(await run(["cancel", bookedBatch]).out.contains("1.00 points refunded"))

        let png = try CLI.temporaryFile(named: "pixel.png", contents: Self.png)
        defer { CLI.cleanUp(png) }
        let mms = try await run(["--json", "mms", "--to", "0912345670", "--subject", "s", "--image", png.path, "--at", CLI.compactTime(fromNow: 3600)]).jsonObject()
        let mmsBatch = try #require(mms["batchID"] as? String)
        #expect(await run(["status", mmsBatch, "--mms"]).out.contains("300 scheduled"))
        #expect(await run(["cancel", mmsBatch, "--mms"]).out.contains("3.00 points refunded"))

        let people = try CLI.temporaryFile(named: "soap-people.csv", text: "mobile,text,name\n0912345672,\"您好 ]]> & <b>\",小明\n")
        defer { CLI.cleanUp(people) }
        _ = await run(["send-personal", "--csv", people.path])
        let template = try CLI.temporaryFile(named: "soap-template.csv", text: "mobile,field1\n0912345673,小華\n")
        defer { CLI.cleanUp(template) }
        _ = await run(["send-template", "--template", "%field1% 您好", "--csv", template.path])
        let texts = await sandbox.state.batches().suffix(2).flatMap { $0.messages.map(\.text) }
        #expect(texts == ["您好 ]]> & <b>", "小華 您好"], "texts arrive exactly as written")

        let paths = Set(server.server.requests.map(\.path))
        #expect(paths == ["/legacy/API21/SOAP/SMS.asmx", "/legacy/API21/SOAP/MMS.asmx"])
        for output in outputs {
            #expect(!output.everything.contains(Self.password), "the password leaked in \(output.arguments)")
        }
    }

    @Test("what SOAP lacks is a usage error before anything is sent",
          arguments: [
            ["send", "--to", "0912345670", "--text", "x", "--filter-duplicates"],
            ["token", "check"],
            ["status", "5ca1ab1e-0000-4000-8000-000000000001", "--format", "tab"],
          ])
    func unsupported(arguments: [String]) async throws {
        let result = await CLI.every8d(["--api", "soap"] + arguments)
        #expect(result.code == 2, "\(result)")
        #expect(result.errorLines.count == 1)
        #expect(result.err.contains("not available with --api soap"))
    }

    @Test("a wrong password is the SOAP login's named error: exit 1")
    func wrongPassword() async throws {
        let sandbox = Every8DSandbox(accounts: [Self.account])
        let server = try SandboxServer(sandbox)
        let result = await CLI.every8d(["credit"], environment: [
            "EVERY8D_UID": Self.account.userID, "EVERY8D_PWD": "wrong", "EVERY8D_API": "soap", "EVERY8D_SITE_URL": server.baseURL,
        ])
        #expect(result.code == 1, "\(result)")
        #expect(result.errorLines.count == 1)
        #expect(result.err.contains("-101"))
    }
}
