import OmiCard

/// How a failed `omicard` command is reported.
enum OmiCardFailure {
    /// The report for `error`.
    static func describe(_ error: any Error, context: FailureContext) -> FailureReport {
        CommonFailure.describe(error, context: context,
                               defaultCheckHint: "look for the job in the OMICard console before sending again") { error, _ in
            guard let error = error as? OmiCardError else { return nil }
            let line = CommonFailure.gatewayLine(vendor: "OMICard", code: error.code.rawValue, operation: error.operation,
                                                 message: error.message, meaning: error.code.meaning)
            return FailureReport(.gatewayError, kind: "gateway", code: .integer(error.code.rawValue), message: line,
                                 extra: ["operation": .string(error.operation)])
        }
    }
}
