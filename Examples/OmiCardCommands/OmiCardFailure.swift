import OmiCard

/// How a failed `omicard` command becomes an exit code and one line on stderr.
enum OmiCardFailure {
    /// The exit code and message (without the program name) for `error`.
    static func describe(_ error: any Error, operation: String, checkHint: String?) -> (ExitCode, String) {
        let (error, notes) = NotedError.unwrap(error)
        let (code, message) = describeUnwrapped(error, operation: operation, checkHint: checkHint)
        return (code, ([message] + notes).joined(separator: "; "))
    }

    private static func describeUnwrapped(_ error: any Error, operation: String, checkHint: String?) -> (ExitCode, String) {
        switch error {
        case let error as OmiCardError:
            var text = "OMICard error \(error.code.rawValue) (\(error.operation))"
            if !error.message.isEmpty { text += ": \(error.message)" }
            if let meaning = error.code.meaning { text += error.message.isEmpty ? ": \(meaning)" : " [\(meaning)]" }
            return (.gatewayError, text)
        case let error as SendOutcomeUnknownError:
            var text = "the outcome of \(error.operation) is unknown (\(error.cause)); it was not repeated"
            text += "; " + (checkHint ?? "look for the job in the OMICard console before sending again")
            return (.transport, text)
        default:
            if let common = CommonFailure.describe(error, operation: operation) { return common }
            return (.transport, "\(operation): \(error)")
        }
    }
}
