import Foundation
import OmiCard

/// The `omicard` program: the OMICard WebAPI from the command line, against an account from the
/// environment or the built-in sandbox.
///
/// The executable is a thin `main.swift` that calls ``run(_:environment:io:)`` and exits with its
/// code; tests call the same function in-process.
public enum OmiCardCommandLine {
    /// The program and its commands, in the order the help lists them.
    static let program = Program(name: "omicard", commands: [.send, .status, .state, .doctor, .demo])

    /// Every command as `--help` describes it, options and their wire fields included (the README's
    /// tables list the same).
    public static var commands: [CommandSpec] { program.commands.map(\.spec) }

    /// The options every command takes: the program's own, `--json` and `--help`.
    public static var globalOptions: [OptionSpec] { program.allGlobalOptions }

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
        // The client keeps the password (and a hosted credentials document's URL) out of what it
        // returns; this is the last line of defence.
        let secrets = [settings.raw("OMICARD_PASSWORD"), settings.raw("OMICARD_XML_REQ_URL")].compactMap { $0 }.filter { $0.count >= 4 }
        let io = io.scrubbing(secrets)
        return await program.run(arguments, io: io, help: programHelp, invocation: { parsed in
            OmiCardInvocation(arguments: parsed, environment: settings, io: io)
        }, describe: OmiCardFailure.describe)
    }

    /// The program's `--help`.
    static var programHelp: [String] {
        program.help(
            description: "send SMS jobs and follow their recipients through the OMICard WebAPI (SMS.aspx, Status.aspx).",
            environment: [
                "  OMICARD_LOGIN, OMICARD_PASSWORD  the API account (ManagerLoginName, ManagerPassword). With neither",
                "                                   set (and no OMICARD_XML_REQ_URL), commands use the built-in sandbox",
                "                                   (demo account, offline, nothing is sent) and say so on stderr.",
                "  OMICARD_CREDENTIALS              how the account travels: fields (default: ManagerLoginName and",
                "                                   ManagerPassword), xml-request (one XmlRequest field holding",
                "                                   <REQUEST><ManagerLoginName>…), xml-req-file-path (that document",
                "                                   uploaded as XmlReqFilePath; POST only) or xml-req-url (XmlReqUrl:",
                "                                   the gateway fetches the document from OMICARD_XML_REQ_URL)",
                "  OMICARD_XML_REQ_URL              with xml-req-url: the http(s) URL of your .xml document holding the",
                "                                   account (then OMICARD_LOGIN/OMICARD_PASSWORD stay unset); never printed",
                "  OMICARD_BASE_URL                 the WebAPI folder (default http://api.itpison.com/WebAPI)",
                "  OMICARD_METHOD                   get or post (default post), as --method",
                "  OMICARD_TIMEOUT                  seconds one request may take in all (default 30)",
                "  OMICARD_STATE_DIR                where runs with an account record --idempotency-key (default",
                "                                   $XDG_STATE_HOME/omicard, else ~/.local/state/omicard); see `omicard state`",
                "Every setting is checked whether or not an account is set; `omicard doctor` checks them all.",
                "",
                "The built-in sandbox starts afresh in every run: status finds no job of an earlier run there.",
                "It never goes online: --sms-url and --content-url take file:// URLs there, which it reads",
                "from this machine, and refuse others. `omicard demo` shows both calls against one sandbox.",
                "The password is never printed.",
            ],
            examples: [
                "omicard demo",
                "omicard send --to 0912345678 --content \"您好\" --ref-id order-8812",
                "OMICARD_LOGIN=me OMICARD_PASSWORD=secret omicard doctor",
                "OMICARD_LOGIN=me OMICARD_PASSWORD=secret omicard status --launch-id 1001 --sms-number 0912345678",
            ])
    }
}
