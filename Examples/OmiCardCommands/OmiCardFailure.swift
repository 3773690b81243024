import OmiCard

/// How a failed `omicard` command becomes an exit code and one line on stderr.
enum OmiCardFailure {
    /// The exit code and message (without the program name) for `error`.
    static func describe(_ error: any Error, operation: String, checkHint: String?) -> (ExitCode, String) {
        CommonFailure.describe(error, operation: operation, checkHint: checkHint,
                               defaultCheckHint: "look for the job in the OMICard console before sending again") { error in
            guard let error = error as? OmiCardError else { return nil }
            return CommonFailure.gatewayLine(vendor: "OMICard", code: error.code.rawValue, operation: error.operation,
                                             message: error.message, meaning: error.code.meaning)
        }
    }
}
