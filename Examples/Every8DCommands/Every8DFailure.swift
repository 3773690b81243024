import Every8D

/// How a failed `every8d` command becomes an exit code and one line on stderr.
enum Every8DFailure {
    /// The exit code and message (without the program name) for `error`.
    ///
    /// - Parameters:
    ///   - error: What the command threw.
    ///   - operation: What the command was doing, for transport failures.
    ///   - checkHint: For a send, how to find out whether it went out.
    static func describe(_ error: any Error, operation: String, checkHint: String?) -> (ExitCode, String) {
        CommonFailure.describe(error, operation: operation, checkHint: checkHint,
                               defaultCheckHint: "check the EVERY8D console before sending again") { error in
            guard let error = error as? Every8DError else { return nil }
            let line = CommonFailure.gatewayLine(vendor: "EVERY8D", code: error.code.rawValue, operation: error.operation.name,
                                                 message: error.message, meaning: error.code.meaning)
            return error.code == .wrongCustcode ? line + " (set EVERY8D_CUSTCODE)" : line
        }
    }
}
