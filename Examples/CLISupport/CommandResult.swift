/// What a command prints on success: lines for people, and the one JSON object `--json` prints.
public struct CommandResult: Sendable {
    /// The readable lines, in order.
    public var lines: [String]
    /// The object printed with `--json`.
    public var json: JSONOutput
    /// For a result that is not a plain success (a partial send): the failure, whose exit code and
    /// line on standard error apply. The result is still printed; its JSON object gets an `error` member.
    public var exception: FailureReport?

    /// Creates a result.
    ///
    /// - Parameters:
    ///   - lines: The readable lines.
    ///   - json: The JSON object.
    public init(lines: [String], json: JSONOutput) {
        self.lines = lines
        self.json = json
    }

    /// Prints the result: the lines, or the JSON object on one line.
    ///
    /// - Parameters:
    ///   - io: Where to write.
    ///   - asJSON: Whether `--json` was given.
    public func print(to io: CommandIO, asJSON: Bool) {
        if asJSON {
            io.out((exception.map { json.merging(["error": $0.errorObject]) } ?? json).text)
        } else {
            lines.forEach(io.out)
        }
    }
}
