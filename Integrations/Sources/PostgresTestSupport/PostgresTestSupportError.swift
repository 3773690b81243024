/// Why the test support could not provide a server.
public struct PostgresTestSupportError: Error, CustomStringConvertible {
    /// What went wrong, with the command's output where there is one.
    public let message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
