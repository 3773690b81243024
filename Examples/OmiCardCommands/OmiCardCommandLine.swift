import Foundation
import OmiCard

/// The `omicard` program: the OMICard WebAPI from the command line, against an account from the
/// environment or the built-in sandbox.
///
/// The executable is a thin `main.swift` that calls ``run(_:environment:io:)`` and exits with its
/// code; tests call the same function in-process.
public enum OmiCardCommandLine {
    /// The program and its commands, in the order the help lists them.
    static let program = Program(name: "omicard", commands: [.send, .status, .demo])

    /// Runs one command line.
    ///
    /// - Parameters:
    ///   - arguments: The words after the program name.
    ///   - environment: The environment variables (`OMICARD_LOGIN`, `OMICARD_PASSWORD`, …).
    ///   - io: Where to print: the readable result or one JSON object on standard output, and on
    ///     failure exactly one line on standard error (after the sandbox notice, when it applies).
    /// - Returns: The exit code: 0 success, 1 gateway error, 2 usage or validation error,
    ///   3 transport, HTTP, unreadable answer or unknown send outcome.
    public static func run(_ arguments: [String], environment: [String: String], io: CommandIO) async -> Int32 {
        let settings = EnvironmentSettings(environment)
        // The client keeps the password out of what it returns; this is the last line of defence.
        let io = io.scrubbing([settings.raw("OMICARD_PASSWORD")].compactMap { $0 }.filter { $0.count >= 4 })
        return await program.run(arguments, io: io, help: programHelp, invocation: { parsed, globals in
            OmiCardInvocation(arguments: parsed, environment: settings, io: io)
        }, describe: OmiCardFailure.describe)
    }

    /// The program's `--help`.
    static var programHelp: [String] {
        program.help(
            description: "send SMS jobs and follow their recipients through the OMICard WebAPI.",
            environment: [
                "  OMICARD_LOGIN, OMICARD_PASSWORD  the API account (ManagerLoginName, ManagerPassword). With",
                "                                   neither set, commands use the built-in sandbox (demo account,",
                "                                   offline, nothing is sent) and say so on stderr.",
                "  OMICARD_BASE_URL                 the WebAPI folder (default http://api.itpison.com/WebAPI)",
                "  OMICARD_TIMEOUT                  seconds one request may take in all (default 30)",
                "",
                "The built-in sandbox starts afresh in every run: status finds no job of an earlier run",
                "there. `omicard demo` shows both calls against one sandbox. The password is never printed.",
            ],
            examples: [
                "omicard demo",
                "omicard send --to 0912345678 --content \"您好\" --ref-id order-8812",
                "OMICARD_LOGIN=me OMICARD_PASSWORD=secret omicard status --launch-id 1001 --sms-number 0912345678",
            ])
    }
}
