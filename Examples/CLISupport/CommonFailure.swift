import SMSTransport

/// How a failed command becomes an exit code and one line for standard error, in both programs.
///
/// Each program words its own gateway's error type (`Every8DError`, `OmiCardError`) and says where
/// to look after a send whose outcome is unknown; everything else is worded here.
public enum CommonFailure {
    /// The exit code and one line (without the program name) for a command that threw `error`.
    ///
    /// - Parameters:
    ///   - error: What the command threw (notes added on the way are appended).
    ///   - operation: What the command was doing, for transport failures (`"GetCredit"`).
    ///   - checkHint: For a send, how to find out whether it went out.
    ///   - defaultCheckHint: The same when the command gave none.
    ///   - gatewayError: The program's wording of its gateway's own error type, or `nil` for other errors.
    public static func describe(_ error: any Error, operation: String, checkHint: String?, defaultCheckHint: String,
                                gatewayError: (any Error) -> String?) -> (ExitCode, String) {
        let (error, notes) = NotedError.unwrap(error)
        let (code, message): (ExitCode, String)
        if let text = gatewayError(error) {
            (code, message) = (.gatewayError, text)
        } else if let error = error as? SendOutcomeUnknownError {
            let text = "the outcome of \(error.operation) is unknown (\(error.cause)); it was not repeated"
            (code, message) = (.transport, text + "; " + (checkHint ?? defaultCheckHint))
        } else {
            (code, message) = describe(error, operation: operation) ?? (.transport, "\(operation): \(error)")
        }
        return (code, ([message] + notes).joined(separator: "; "))
    }

    /// A gateway's error as both programs word it: `EVERY8D error -4 (CancelBooking): 已取消 [already cancelled]`.
    public static func gatewayLine(vendor: String, code: Int, operation: String, message: String, meaning: String?) -> String {
        var text = "\(vendor) error \(code) (\(operation))"
        if !message.isEmpty { text += ": \(message)" }
        if let meaning { text += message.isEmpty ? ": \(meaning)" : " [\(meaning)]" }
        return text
    }

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
        case let error as CredentialsRefusedError:
            return (.gatewayError, error.description)
        case let error as RequestBlockedError:
            return (.transport, "\(operation): \(error.description)")
        case let error as StateStoreError:
            return (.transport, "\(operation): \(error.description)")
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
