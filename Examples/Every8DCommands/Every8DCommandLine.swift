import Foundation
import Every8D

/// The `every8d` program: EVERY8D from the command line, against an account from the environment
/// or the built-in sandbox.
///
/// The executable is a thin `main.swift` that calls ``run(_:environment:io:)`` and exits with its
/// code; tests call the same function in-process.
public enum Every8DCommandLine {
    /// Every command, in the order the help lists them.
    static let commands: [Every8DCommand] = [
        .demo, .token, .credit, .send, .sendPersonal, .sendTemplate, .mms, .status, .replies, .cancel, .cost, .report,
    ]

    /// Runs one command line.
    ///
    /// - Parameters:
    ///   - arguments: The words after the program name.
    ///   - environment: The environment variables (`EVERY8D_UID`, `EVERY8D_PWD`, …).
    ///   - io: Where to print: the readable result or one JSON object on standard output, and on
    ///     failure exactly one line on standard error (after the sandbox notice, when it applies).
    /// - Returns: The exit code: 0 success, 1 gateway error, 2 usage or validation error,
    ///   3 transport, HTTP, unreadable answer or unknown send outcome.
    public static func run(_ arguments: [String], environment: [String: String], io: CommandIO) async -> Int32 {
        let settings = EnvironmentSettings(environment)
        // Clients keep secrets out of what they return; this is the last line of defence. Very
        // short values are left alone: blanking every "1" would garble the output.
        let io = io.scrubbing([settings.raw("EVERY8D_PWD")].compactMap { $0 }.filter { $0.count >= 4 })
        switch CommandLineParser.parse(arguments, program: "every8d", commands: commands.map(\.spec), programHelp: programHelp,
                                       globalValueOptions: ["api"]) {
        case .help(let lines):
            lines.forEach(io.out)
            return ExitCode.success.rawValue
        case .usageError(let message):
            io.fail("every8d", message)
            return ExitCode.usage.rawValue
        case .run(let index, let parsed, let asJSON, let globals):
            let invocation = Every8DInvocation(arguments: parsed, environment: settings, io: io, apiOption: globals["api"])
            return await commands[index].run(invocation, program: "every8d", io: io, asJSON: asJSON, describe: Every8DFailure.describe)
        }
    }

    /// The program's `--help`.
    static var programHelp: [String] {
        var lines = [
            "every8d: send and follow SMS and MMS through EVERY8D (API 2.1 over HTTP, or SOAP for legacy accounts).",
            "",
            "Usage: every8d [--json] <command> [options]",
            "       every8d <command> --help",
            "",
            "Commands:",
        ]
        lines += CommandLineParser.commandList(commands.map(\.spec), extra: [("help", "this text, or a command's: every8d help send")])
        lines += [
            "",
            "Global options:",
            "  --json       print one JSON object on stdout instead of text",
            "  --api http|soap  the API to use (also EVERY8D_API): http (default) is API 2.1 over HTTP;",
            "                   soap is the legacy SOAP API (SMS.asmx, MMS.asmx), which offers token get",
            "                   and close, credit, send (no --filter-duplicates), send-personal and",
            "                   send-template (no --image), mms (JPEG or PNG), status (XML), replies",
            "                   (from the delivery log) and cancel",
            "  -h, --help   show help",
            "",
            "Environment:",
            "  EVERY8D_UID, EVERY8D_PWD  the account. With neither set, commands use the built-in sandbox",
            "                            (demo account, offline, nothing is sent) and say so on stderr.",
            "  EVERY8D_SITE_URL          the account's site (default https://new.e8d.tw, or with --api soap",
            "                            https://oms.every8d.com); a path prefix is kept; http:// is",
            "                            allowed, for a local test server",
            "  EVERY8D_AUTH              token (default: fetch a token, send it as a Bearer header) or",
            "                            password (UID and PWD in every call); SOAP always logs in",
            "  EVERY8D_API               http (default) or soap, as --api",
            "  EVERY8D_TIMEOUT           seconds one request may take in all (default 30)",
            "",
            "The built-in sandbox starts afresh in every run: status, replies and cancel find no batch",
            "of an earlier run there. `every8d demo` shows every call against one sandbox.",
            "Passwords and tokens are never printed.",
            "",
            "Exit codes:",
        ]
        lines += ExitCode.helpLines
        lines += [
            "",
            "Examples:",
            "  every8d demo",
            "  every8d --api soap demo",
            "  every8d send --to 0912345678 --text \"您的驗證碼 123456\"",
            "  EVERY8D_UID=me EVERY8D_PWD=secret every8d credit",
            "  every8d --json status 5ca1ab1e-0000-4000-8000-000000000001",
            "  every8d cost --text \"Hello\" --to 0912345678,+14155550100",
        ]
        return lines
    }
}
