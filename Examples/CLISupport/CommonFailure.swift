import SMSTransport

/// How the failures both programs share become an exit code and one line for standard error.
///
/// Gateway errors (`Every8DError`, `OmiCardError`) and a send whose outcome is unknown are
/// worded by each program, which knows the gateway and the command; everything else is here.
public enum CommonFailure {
    /// The exit code and message for `error`, or `nil` when the program must word it itself.
    ///
    /// - Parameters:
    ///   - error: What was thrown.
    ///   - operation: What the command was doing, for transport failures (`"GetCredit"`).
    /// - Returns: The exit code and the message (without the program name).
    public static func describe(_ error: any Error, operation: String) -> (ExitCode, String)? {
        switch error {
        case let error as UsageError:
            return (.usage, error.message)
        case let error as ValidationError:
            return (.usage, error.description + " (nothing was sent)")
        case let error as TransportError:
            return (.transport, "\(operation): \(error.description)")
        case let error as HTTPStatusError:
            return (.transport, "\(operation): \(error.description)")
        case let error as ResponseParseError:
            return (.transport, "\(operation): \(error.description)")
        case is CancellationError:
            return (.transport, "\(operation): cancelled")
        default:
            return nil
        }
    }
}
