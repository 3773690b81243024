import Foundation
import Testing
import Every8D
import LoopbackHTTPServer
import SandboxHTTPServer
import OmiCard
import SMSSandbox

/// `--json` on failure: one object `{"error": {...}}` on stdout, the same line on stderr, the same
/// exit code, and `sent` telling whether messages went out, for every kind of failure.
@Suite("--json errors")
struct JSONErrorTests {
    static let password = "json-Pw#errors-1"
    static let account = Every8DSandboxAccount(userID: "json-user", password: password, credit: 1)

    /// The error object of a `--json` run, checked against its stderr line and exit code.
    static func error(_ result: RunResult, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let object = try result.jsonObject(sourceLocation: sourceLocation)
        let error = try #require(object["error"] as? [String: Any], "\(result)", sourceLocation: sourceLocation)
        #expect(error["exitCode"] as? Int == Int(result.code), sourceLocation: sourceLocation)
        #expect(result.errorLines.last == "\(result.arguments[0]): \(error["message"] as? String ?? "")", "stderr has the same line", sourceLocation: sourceLocation)
        for key in ["kind", "code", "message", "field", "option", "value", "sent", "exitCode"] {
            #expect(error.keys.contains(key), "member \(key)", sourceLocation: sourceLocation)
        }
        return error
    }

    static func server(_ intercept: @escaping @Sendable (RecordedRequest) -> Behaviour? = { _ in nil }) throws -> (Every8DSandbox, SandboxServer, [String: String]) {
        let sandbox = Every8DSandbox(accounts: [account])
        let server = try SandboxServer(sandbox, intercept: intercept)
        return (sandbox, server, ["EVERY8D_UID": account.userID, "EVERY8D_PWD": password, "EVERY8D_SITE_URL": server.baseURL,
                                  "EVERY8D_TIMEOUT": "10", "EVERY8D_AUTH": "password"])
    }

    @Test("usage and validation errors: kind usage or validation, the option and value, sent false, exit 2")
    func usage() async throws {
        let unknown = try Self.error(await CLI.every8d(["--json", "send", "--colour", "red"]))
        #expect(unknown["kind"] as? String == "usage")
        #expect(unknown["option"] as? String == "--colour")
        let validation = try Self.error(await CLI.every8d(["send", "--json", "--to", "0912345670,12", "--text", "x"]))
        #expect(validation["kind"] as? String == "validation")
        #expect(validation["field"] as? String == "DEST[2]")
        #expect(validation["option"] as? String == "--to")
        #expect(validation["value"] as? String == "12")
        #expect(validation["sent"] as? Bool == false)
        let setting = try Self.error(await CLI.every8d(["--json", "credit"], environment: ["EVERY8D_SITE_URL": "not a url"]))
        #expect(setting["option"] as? String == "EVERY8D_SITE_URL")
        #expect(setting["value"] is NSNull, "a URL may hold a secret: not echoed")
        let csv = try CLI.temporaryFile(named: "p.csv", text: "mobile,text\n0912345670,hi\n0912-345,hi\n")
        defer { CLI.cleanUp(csv) }
        let row = try Self.error(await CLI.every8d(["--json", "send-personal", "--csv", csv.path]))
        #expect(row["field"] as? String == "RecipientDataList[2].Mobile")
        #expect(row["option"] as? String == "--csv")
        #expect((row["message"] as? String)?.hasPrefix("--csv p.csv row 3, column mobile: \"0912-345\"") == true, "\(row)")
        let omi = try Self.error(await CLI.omicard(["--json", "send", "--to", "0912345670", "--content", "x", "--start-time", "2020-01-01 00:00:00"]))
        #expect(omi["option"] as? String == "--start-time")
        #expect(omi["value"] as? String == "2020-01-01 00:00:00")
    }

    @Test("a gateway refusal: kind gateway, the gateway's code and operation, sent false, exit 1")
    func gateway() async throws {
        let (_, server, environment) = try Self.server()
        defer { withExtendedLifetime(server) {} }
        let error = try Self.error(await CLI.every8d(["--json", "credit"], environment: environment.merging(["EVERY8D_PWD": "not-json-pw"]) { $1 }))
        #expect(error["kind"] as? String == "gateway")
        #expect(error["code"] as? Int == -101)
        #expect(error["operation"] as? String == "GetCredit")
        #expect(error["sent"] as? Bool == false)
        let omi = try Self.error(await CLI.omicard(["--json", "status", "--launch-id", "1", "--sms-number", "0912345670"]))
        #expect(omi["kind"] as? String == "gateway")
        #expect(omi["code"] as? Int == 110)
    }

    @Test("a partial send: the receipt with an error member (kind partialSend, sent true, sentCount and unsentCount), exit 4")
    func partial() async throws {
        let (_, server, environment) = try Self.server()
        defer { withExtendedLifetime(server) {} }
        let result = await CLI.every8d(["--json", "send", "--to", "0912345670,0912345671,0912345672", "--text", "x"], environment: environment)
        #expect(result.code == 4, "\(result)")
        let object = try result.jsonObject()
        #expect(object["sent"] as? Int == 1, "the receipt is still there")
        let error = try Self.error(result)
        #expect(error["kind"] as? String == "partialSend")
        #expect(error["sent"] as? Bool == true)
        #expect(error["sentCount"] as? Int == 1)
        #expect(error["unsentCount"] as? Int == 2)
        #expect(error["batchID"] as? String == object["batchID"] as? String)
    }

    @Test("a send whose answer is lost: kind outcomeUnknown, sent \"unknown\", exit 3")
    func outcomeUnknown() async throws {
        let (_, server, environment) = try Self.server { $0.path.hasSuffix("/SendSMS.ashx") ? .closeAfterReading : nil }
        defer { withExtendedLifetime(server) {} }
        // A kept-alive connection closed under the POST makes URLSession on Linux wait for the deadline: keep it short.
        let error = try Self.error(await CLI.every8d(["--json", "send", "--to", "0912345670", "--text", "x"],
                                                     environment: environment.merging(["EVERY8D_TIMEOUT": "2"]) { $1 }))
        #expect(error["kind"] as? String == "outcomeUnknown")
        #expect(error["sent"] as? String == "unknown")
        #expect(error["exitCode"] as? Int == 3)
    }

    @Test("network, HTTP, unreadable and blocked failures: their kinds and codes, sent false, exit 3")
    func transport() async throws {
        let port = try ReservedPort()
        defer { port.release() }
        let refused = try Self.error(await CLI.every8d(["--json", "send", "--to", "0912345670", "--text", "x"],
                                                       environment: ["EVERY8D_UID": "u", "EVERY8D_PWD": Self.password, "EVERY8D_AUTH": "password",
                                                                     "EVERY8D_SITE_URL": port.baseURL.absoluteString]))
        #expect(refused["kind"] as? String == "transport")
        #expect(refused["code"] as? String == "connectionRefused")
        #expect(refused["sent"] as? Bool == false, "a refused connection proves nothing was sent")

        let (_, server, environment) = try Self.server { request in
            if request.path.hasSuffix("/GetCredit.ashx") { return .respond(status: 502, text: "Bad Gateway") }
            if request.path.hasSuffix("/GetDeliveryStatus.ashx") { return .respond(status: 200, text: "<html>maintenance</html>") }
            if request.path.hasSuffix("/SendSMS.ashx") {
                return .respond(status: 403, headers: [("Content-Type", "text/html"), ("Server", "CloudFront")],
                                text: "<html><title>ERROR: The request could not be satisfied</title></html>")
            }
            return nil
        }
        defer { withExtendedLifetime(server) {} }
        let http = try Self.error(await CLI.every8d(["--json", "credit"], environment: environment))
        #expect(http["kind"] as? String == "http")
        #expect(http["code"] as? Int == 502)
        let unreadable = try Self.error(await CLI.every8d(["--json", "status", "b-1"], environment: environment))
        #expect(unreadable["kind"] as? String == "unreadable")
        #expect(unreadable["sent"] as? Bool == false, "a read sends no message")
        let blocked = try Self.error(await CLI.every8d(["--json", "send", "--to", "0912345670", "--text", "x"], environment: environment))
        #expect(blocked["kind"] as? String == "blocked")
        #expect(blocked["code"] as? Int == 403)
        #expect(blocked["sent"] as? Bool == false)
    }
}
