import Foundation
import SMSTransport

/// Where a command writes: standard output and standard error, swappable for tests.
public struct CommandIO: Sendable {
    /// Writes one line (a newline is added) to standard output.
    public let out: @Sendable (String) -> Void
    /// Writes one line (a newline is added) to standard error.
    public let err: @Sendable (String) -> Void
    /// Redraws one status line on standard error in place (`nil` ends it with a line break), or is
    /// `nil` itself when standard error is not a terminal: progress is then written as lines.
    public let status: (@Sendable (String?) -> Void)?

    /// Creates an IO from two line writers.
    ///
    /// - Parameters:
    ///   - out: Receives each line meant for standard output.
    ///   - err: Receives each line meant for standard error.
    ///   - status: Redraws the status line of a terminal, or `nil` for no terminal.
    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
                status: (@Sendable (String?) -> Void)? = nil) {
        self.out = out
        self.err = err
        self.status = status
    }

    /// The process's real standard output and standard error.
    ///
    /// A write that fails (a closed pipe) is dropped rather than crashing the program. The status
    /// line is drawn only when standard error is a terminal.
    public static let standard = CommandIO(
        out: { line in try? FileHandle.standardOutput.write(contentsOf: Data((line + "\n").utf8)) },
        err: { line in try? FileHandle.standardError.write(contentsOf: Data((line + "\n").utf8)) },
        status: isatty(STDERR_FILENO) == 1 ? terminalStatus : nil)

    /// Redraws the status line of the terminal on standard error.
    private static func terminalStatus(_ line: String?) {
        // Back to the line's start, the text, then clear what a longer earlier text left.
        let text: String
        if let line { text = "\r" + line + "\u{1B}[K" } else { text = "\n" }
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }

    /// The same IO with every secret blanked out of every line, as a last line of defence: the
    /// clients already keep passwords and tokens out of what they return.
    ///
    /// - Parameter secrets: Values that must never be printed (empty ones are ignored).
    /// - Returns: An IO that scrubs before writing.
    public func scrubbing(_ secrets: [String]) -> CommandIO {
        let secrets = secrets.filter { !$0.isEmpty }
        guard !secrets.isEmpty else { return self }
        let out = self.out, err = self.err
        return CommandIO(
            out: { out(Redaction.scrub($0, secrets: secrets)) },
            err: { err(Redaction.scrub($0, secrets: secrets)) },
            status: status.map { status in Self.scrubbed(status, secrets) })
    }

    private static func scrubbed(_ status: @escaping @Sendable (String?) -> Void, _ secrets: [String]) -> @Sendable (String?) -> Void {
        { line in status(line.map { Redaction.scrub($0, secrets: secrets) }) }
    }

    /// Writes a failure as exactly one line on standard error: `<program>: <message>`, with any
    /// line breaks in the message (a gateway's wording) folded into spaces.
    ///
    /// - Parameters:
    ///   - program: The program name, for example `every8d`.
    ///   - message: What went wrong.
    public func fail(_ program: String, _ message: String) {
        err("\(program): \(TextFormat.oneLine(message))")
    }
}
