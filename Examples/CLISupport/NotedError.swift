/// An error with a hint for the person at the terminal, added to its line on stderr.
///
/// For example: a batch the built-in sandbox does not know, because every run starts a fresh one.
public struct NotedError: Error, Sendable {
    /// The error itself; it decides the exit code.
    public let underlying: any Error
    /// What to add after the error's message.
    public let note: String

    /// Wraps an error with a note.
    ///
    /// - Parameters:
    ///   - underlying: The error.
    ///   - note: The hint, one line.
    public init(_ underlying: any Error, note: String) {
        self.underlying = underlying
        self.note = note
    }

    /// `error` and the notes around it, unwrapped.
    public static func unwrap(_ error: any Error) -> (error: any Error, notes: [String]) {
        var error = error
        var notes: [String] = []
        while let noted = error as? NotedError {
            notes.append(noted.note)
            error = noted.underlying
        }
        return (error, notes)
    }

    /// The note every program gives when its sandbox does not know something from an earlier run.
    public static func freshSandbox(_ error: any Error, program: String) -> NotedError {
        NotedError(error, note: "the built-in sandbox starts afresh in every run and knows nothing from earlier ones; try \(program) demo")
    }
}
