import Foundation
import Testing

/// `every8d`'s help, command-line grammar and environment settings.
@Suite("every8d command line and settings")
struct Every8DCommandLineTests {
    static let commands = ["demo", "doctor", "token", "credit", "send", "send-personal", "send-template", "mms", "status", "replies", "cancel", "cost", "report"]

    @Test("--help, -h and help list every command, the environment variables and the exit codes")
    func programHelp() async {
        for arguments in [["--help"], ["-h"], ["help"], ["--json", "--help"]] {
            let result = await CLI.every8d(arguments)
            #expect(result.code == 0, "\(result)")
            #expect(result.stderr.isEmpty)
            for command in Self.commands { #expect(result.out.contains("\n  \(command) "), "help lists \(command)") }
            for variable in ["EVERY8D_UID", "EVERY8D_PWD", "EVERY8D_SITE_URL", "EVERY8D_AUTH", "EVERY8D_TIMEOUT", "EVERY8D_API", "EVERY8D_SOAP_VERSION"] {
                #expect(result.out.contains(variable))
            }
            for code in ["  0  success", "  1  the gateway refused", "  2  invalid command line", "  3  network"] {
                #expect(result.out.contains(code))
            }
        }
    }

    @Test("every command has its own help, whatever else is on the line", arguments: commands)
    func commandHelp(command: String) async {
        for arguments in [[command, "--help"], [command, "-h"], ["help", command], ["--help", command], [command, "--bogus", "--help"]] {
            let result = await CLI.every8d(arguments)
            #expect(result.code == 0, "\(result)")
            #expect(result.stdout.first?.hasPrefix("Usage: every8d [--json] \(command)") == true, "\(result)")
            #expect(result.stdout.count > 3)
            #expect(result.stderr.isEmpty, "help needs no gateway")
        }
    }

    @Test("help --help explains help; help needs no settings")
    func helpOfHelp() async {
        for arguments in [["help", "--help"], ["help", "-h"]] {
            let result = await CLI.every8d(arguments, environment: ["EVERY8D_SITE_URL": "not a url"])
            #expect(result.code == 0, "\(result)")
            #expect(result.stdout.first == "Usage: every8d help [COMMAND]")
            #expect(result.stderr.isEmpty)
        }
    }

    @Test("with --json a usage error is one error object on stdout as well", arguments: [["--json"], ["--json", "fly"], ["send", "--json", "--bogus"]])
    func jsonUsage(arguments: [String]) async throws {
        let result = await CLI.every8d(arguments)
        #expect(result.code == 2)
        let error = try #require(try result.jsonObject()["error"] as? [String: Any])
        #expect(error["kind"] as? String == "usage")
        #expect(error["sent"] as? Bool == false)
        #expect(result.stderr.count == 1)
    }

    @Test("unknown commands and options, and no command, are usage errors", arguments: [
        ([], "every8d: no command given; see every8d --help"),
        (["fly"], "every8d: unknown command \"fly\"; see every8d --help"),
        (["help", "fly"], "every8d: unknown command \"fly\"; see every8d --help"),
        (["--verbose", "credit"], "every8d: unknown option --verbose before the command; see every8d --help"),
        (["credit", "-x"], "every8d: unknown option -x"),
        (["credit", "--json=yes"], "every8d: --json takes no value"),
        (["send", "--to"], "every8d: --to needs a value"),
        (["--api", "rest", "credit"], "every8d: --api must be http, soap or v3, got \"rest\""),
        (["credit", "--api=grpc"], "every8d: --api must be http, soap or v3, got \"grpc\""),
        (["cost", "--text", "x", "--api", "rest"], "every8d: --api must be http, soap or v3, got \"rest\""),
        (["--api", "soap", "--api", "http", "credit"], "every8d: --api was given twice (\"soap\" and \"http\"); give it once"),
        (["--soap-version"], "every8d: --soap-version needs a value"),
    ])
    func usageErrors(arguments: [String], expected: String) async {
        let result = await CLI.every8d(arguments)
        #expect(result.code == 2, "\(result)")
        #expect(result.stderr == [expected])
        #expect(result.stdout.isEmpty)
    }

    @Test("`--` ends the options, so a text may start with a dash")
    func doubleDash() async {
        let result = await CLI.every8d(["report", "--", "-STATUS=1&STATUS=100"])
        #expect(result.code == 0, "\(result)")
        #expect(result.out.contains("STATUS 100"))
    }

    @Test("settings that cannot work are usage errors naming the variable, never its secret, whether or not an account is set", arguments: [
        (["EVERY8D_UID": "me"], "every8d: EVERY8D_UID is set but EVERY8D_PWD is not; set both, or neither to use the built-in sandbox"),
        (["EVERY8D_PWD": "only-the-password"], "every8d: EVERY8D_PWD is set but EVERY8D_UID is not; set both, or neither to use the built-in sandbox"),
        (["EVERY8D_AUTH": "oauth"], "every8d: EVERY8D_AUTH must be token or password, got \"oauth\""),
        (["EVERY8D_TIMEOUT": "soon"], "every8d: EVERY8D_TIMEOUT must be a number of seconds above 0 and at most 3600, got \"soon\""),
        (["EVERY8D_TIMEOUT": "1e30"], "every8d: EVERY8D_TIMEOUT must be a number of seconds above 0 and at most 3600, got \"1e30\""),
        (["EVERY8D_API": "corba"], "every8d: EVERY8D_API must be http, soap or v3, got \"corba\""),
        (["EVERY8D_UID": "me", "EVERY8D_PWD": "pw-in-url", "EVERY8D_SITE_URL": "ftp://example.com"], "every8d: EVERY8D_SITE_URL must be an absolute http or https URL"),
        (["EVERY8D_UID": "me", "EVERY8D_PWD": "pw-in-url", "EVERY8D_SITE_URL": "https://me:pw-in-url@example.com"],
         "every8d: EVERY8D_SITE_URL must not contain a user name or password; use the credential variables"),
        (["EVERY8D_SITE_URL": "not a url"], "every8d: EVERY8D_SITE_URL must be an absolute http or https URL"),
        (["EVERY8D_SOAP_VERSION": "2"], "every8d: EVERY8D_SOAP_VERSION must be 1.1 or 1.2, got \"2\""),
        (["EVERY8D_API": "soap", "EVERY8D_TIMEOUT": "0"], "every8d: EVERY8D_TIMEOUT must be a number of seconds above 0 and at most 3600, got \"0\""),
    ])
    func badSettings(environment: [String: String], expected: String) async {
        let result = await CLI.every8d(["credit"], environment: environment)
        #expect(result.code == 2, "\(result)")
        #expect(result.stderr == [expected])
        #expect(!result.everything.contains("only-the-password"))
    }

    @Test("the sandbox notice appears once per run, and only when something is sent")
    func noticeOnce() async {
        let sent = await CLI.every8d(["send", "--to", "0912345670", "--text", "x", "--filter-duplicates"])
        #expect(sent.stderr.filter { $0 == CLI.every8dNotice }.count == 1, "\(sent)")
        let refused = await CLI.every8d(["send", "--to", "bad", "--text", "x"])
        #expect(!refused.stderr.contains(CLI.every8dNotice), "refused before anything was sent")
        let offline = await CLI.every8d(["report", "STATUS=100"])
        #expect(offline.stderr.isEmpty)
    }

    @Test("EVERY8D_AUTH=password sends UID/PWD and still works against the sandbox")
    func passwordMode() async {
        let result = await CLI.every8d(["credit"], environment: ["EVERY8D_AUTH": "password"])
        #expect(result.code == 0, "\(result)")
        #expect(result.stdout == ["Credit: 1000.00 points"])
    }
}
