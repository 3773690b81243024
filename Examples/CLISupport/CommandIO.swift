import Foundation
import SMSTransport

/// Where a command writes: standard output and standard error, swappable for tests.
public struct CommandIO: Sendable {
    /// Writes one line (a newline is added) to standard output.
    public let out: @Sendable (String) -> Void
    /// Writes one line (a newline is added) to standard error.
    public let err: @Sendable (String) -> Void

    /// Creates an IO from two line writers.
    ///
    /// - Parameters:
    ///   - out: Receives each line meant for standard output.
    ///   - err: Receives each line meant for standard error.
    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        self.out = out
        self.err = err
    }

    /// The process's real standard output and standard error.
    ///
    /// A write that fails (a closed pipe) is dropped rather than crashing the program.
    public static let standard = CommandIO(
        out: { line in try? FileHandle.standardOutput.write(contentsOf: Data((line + "\n").utf8)) },
        err: { line in try? FileHandle.standardError.write(contentsOf: Data((line + "\n").utf8)) })

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
            err: { err(Redaction.scrub($0, secrets: secrets)) })
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
