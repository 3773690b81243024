/// The process exit codes the example commands use (listed in each program's `--help`).
public enum ExitCode: Int32, Sendable, CaseIterable {
    /// Success.
    case success = 0
    /// The gateway refused the request or answered an error code: nothing was carried out.
    case gatewayError = 1
    /// The command line or a setting was wrong (unknown command or option, invalid argument):
    /// nothing was sent.
    case usage = 2
    /// The network, the HTTP exchange or the answer failed; for a send the outcome may be unknown.
    case transport = 3
    /// A send the gateway carried out only in part (not enough credit): some messages were sent,
    /// the others were not. Sending the whole batch again would repeat the ones that went out.
    case partialSend = 4

    /// The lines `--help` shows for the exit codes.
    public static let helpLines = [
        "  0  success",
        "  1  the gateway refused the request (its code and message are on stderr); nothing was done",
        "  2  invalid command line, argument, file or setting; nothing was sent",
        "  3  network, HTTP or unreadable answer; for a send the outcome may be unknown (never repeated)",
        "  4  partly sent: some messages went out, the rest did not (not enough credit); do not resend the whole batch",
    ]
}
