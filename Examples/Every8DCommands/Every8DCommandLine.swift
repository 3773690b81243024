import Foundation
import Every8D

/// The `every8d` program: EVERY8D from the command line, against an account from the environment
/// or the built-in sandbox.
///
/// The executable is a thin `main.swift` that calls ``run(_:environment:io:)`` and exits with its
/// code; tests call the same function in-process.
public enum Every8DCommandLine {
    /// The program and its commands, in the order the help lists them.
    static let program = Program(name: "every8d", commands: [
        .demo, .doctor, .token, .credit, .send, .sendPersonal, .sendTemplate, .mms, .status, .replies, .cancel, .cost, .report, .listen, .state,
    ], globalOptions: Every8DOptions.global)

    /// Every command as `--help` describes it, options and their wire fields included (the README's
    /// tables list the same).
    public static var commands: [CommandSpec] { program.commands.map(\.spec) }

    /// The options every command takes: the program's own, `--json` and `--help`.
    public static var globalOptions: [OptionSpec] { program.allGlobalOptions }

    /// Runs one command line.
    ///
    /// - Parameters:
    ///   - arguments: The words after the program name.
    ///   - environment: The environment variables (`EVERY8D_UID`, `EVERY8D_PWD`, …).
    ///   - io: Where to print: the readable result or one JSON object on standard output, and on
    ///     failure exactly one line on standard error (after the sandbox notice, when it applies).
    /// - Returns: The exit code: 0 success, 1 gateway refusal, 2 usage or validation error,
    ///   3 transport, HTTP, unreadable answer or unknown send outcome, 4 partial send.
    public static func run(_ arguments: [String], environment: [String: String], io: CommandIO) async -> Int32 {
        let settings = EnvironmentSettings(environment)
        // Clients keep secrets out of what they return; this is the last line of defence. Very
        // short values are left alone: blanking every "1" would garble the output.
        let io = io.scrubbing([settings.raw("EVERY8D_PWD")].compactMap { $0 }.filter { $0.count >= 4 })
        return await program.run(arguments, io: io, help: programHelp, invocation: { parsed in
            // The global options' values are checked for every command, offline ones included.
            _ = try parsed.choice("api", ["http": 0, "soap": 1, "v3": 2])
            _ = try parsed.choice("soap-version", ["1.1": 0, "1.2": 1])
            return Every8DInvocation(arguments: parsed, environment: settings, io: io)
        }, describe: Every8DFailure.describe)
    }

    /// The program's `--help`.
    static var programHelp: [String] {
        program.help(
            description: "send and follow SMS and MMS through EVERY8D (API 2.1 over HTTP, SOAP for legacy accounts, or API 3.0).",
            environment: [
                "  EVERY8D_UID, EVERY8D_PWD  the account. With neither set, commands use the built-in sandbox",
                "                            (demo account, offline, nothing is sent) and say so on stderr.",
                "  EVERY8D_SITE_URL          the account's site (default https://new.e8d.tw, with --api soap",
                "                            https://oms.every8d.com, with --api v3 https://e8dapi.e8d.tw); a path",
                "                            prefix is kept; http:// is allowed, for a local test server",
                "  EVERY8D_AUTH              token (the default for 2.1: fetch a token, send it as a Bearer header) or",
                "                            password (UID and PWD in every call; the default for 3.0, where a",
                "                            token is good for one call); SOAP always logs in",
                "  EVERY8D_API               http (default), soap or v3, as --api",
                "  EVERY8D_CUSTCODE          with --api v3: the custcode in the URLs (default e8d)",
                "  EVERY8D_SOAP_VERSION      1.1 (default) or 1.2, as --soap-version (used with --api soap)",
                "  EVERY8D_TIMEOUT           seconds one request may take in all (default 30)",
                "  EVERY8D_STATE_DIR         where runs with an account keep the token or session key, a refused",
                "                            login and the --idempotency-key records, shared by every run on this",
                "                            machine (default $XDG_STATE_HOME/every8d, else ~/.local/state/every8d;",
                "                            a 0700 folder; the token is in it, never the password). See `every8d state`",
                "Every setting is checked whether or not an account is set; `every8d doctor` checks them all.",
                "",
                "The built-in sandbox starts afresh in every run and keeps nothing in EVERY8D_STATE_DIR: status,",
                "replies and cancel find no batch of an earlier run there, and --idempotency-key lasts one run.",
                "With an account, consecutive runs share one token (or SOAP session), and a refused password is",
                "sent once: later runs refuse it locally, saying since when, until it changes or `every8d state reset`.",
                "`every8d demo` shows every call against one sandbox.",
                "Passwords and tokens are never printed.",
            ],
            examples: [
                "every8d demo",
                "every8d --api soap demo",
                "every8d --api v3 demo",
                "every8d send --to 0912345678 --text \"您的驗證碼 123456\"",
                "EVERY8D_UID=me EVERY8D_PWD=secret every8d doctor",
                "every8d --json status 5ca1ab1e-0000-4000-8000-000000000001",
                "every8d cost --text \"Hello\" --to 0912345678,+14155550100",
            ])
    }
}
