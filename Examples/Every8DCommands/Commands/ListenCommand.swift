import Foundation
import Every8D

extension Every8DCommand {
    /// `listen`: a local endpoint for EVERY8D's push reports.
    static let listen = Every8DCommand(
        name: "listen", synopsis: "listen [--host 127.0.0.1] [--port 8080] [--path /every8d/report] [--secret S]",
        summary: "receive push reports on a local HTTP endpoint and print each new one",
        details: [
            "Answers EVERY8D's push-report calls (HTTP GET with BatchID RM RT STATUS SM … in the query) and",
            "prints each new report once: the number, STATUS and its meaning, a reply's text (STATUS 999),",
            "MR and batch. It answers 200 to a report, also to a repeat (EVERY8D calls again until it gets",
            "200, up to 10 times; a repeat is not printed again), 400 to anything that is not a report,",
            "403 without the secret, 404 to other paths and 405 to other methods. Stop it with Ctrl-C",
            "(SIGINT) or SIGTERM: it answers the calls in progress and prints a summary.",
            "",
            "It listens on this machine only unless --host says otherwise. To let EVERY8D reach it, put it",
            "behind your HTTPS endpoint or a tunnel, and register that URL with EVERY8D. Reports printed are",
            "remembered for 7 days in the state folder (EVERY8D_STATE_DIR; see every8d state --help), so a",
            "repeat that arrives after a restart, or at another listen sharing the folder, is not printed again.",
            "",
        ],
        options: [
            .value("host", "HOST", wire: [], "the address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)"),
            .value("port", "PORT", wire: [], "the port (default 8080; 0 picks a free one, shown on stderr)"),
            .value("path", "PATH", wire: [], "the path EVERY8D calls (default /every8d/report)"),
            .value("secret", "S", wire: [], "answer only calls whose URL carries S, as ?secret=S or as the last path segment (PATH/S); also EVERY8D_PUSH_SECRET. Never printed"),
        ],
        notes: [
            "With --json each new report is one JSON object on its own line.",
            "",
            "Example:",
            "  every8d listen --port 8080 --secret 9f1c2e7a5b4d",
            "  curl 'http://127.0.0.1:8080/every8d/report?secret=9f1c2e7a5b4d&BatchID=b1&RM=%2B886912345678&STATUS=999&SM=%E5%A5%BD'",
        ]
    ) { invocation in
        let settings = try ListenSettings(invocation.arguments, invocation.environment)
        let io = invocation.io.scrubbing([settings.secretText].compactMap { $0 })
        // Remembered in the state folder, so that a restart does not print a report again. A folder
        // that cannot be used stops the command (exit 2): quietly remembering in memory instead
        // would print repeats after a restart with nothing saying why.
        let inbox = try await StateFolder(invocation.environment, variable: "EVERY8D_STATE_DIR", program: "every8d").open()
        let listener = try PushReportListener(settings: settings, inbox: inbox, io: io,
                                              asJSON: invocation.arguments.flag("json"))
        let signals = StopSignals { listener.stop() }
        defer { signals.cancel() }
        return await listener.run()
    }
}
