import Every8D

/// How a failed `every8d` command is reported.
enum Every8DFailure {
    /// The report for `error`.
    ///
    /// - Parameters:
    ///   - error: What the command threw.
    ///   - context: The command, its options and, for a send, how to check it.
    static func describe(_ error: any Error, context: FailureContext) -> FailureReport {
        CommonFailure.describe(error, context: context, defaultCheckHint: "check the EVERY8D console before sending again") { error, context in
            switch error {
            case let error as Every8DError:
                var line = CommonFailure.gatewayLine(vendor: "EVERY8D", code: error.code.rawValue, operation: error.operation.name,
                                                     message: error.message, meaning: error.code.meaning)
                // API 3.0's answer to a custcode that is not the account's: say which setting holds it.
                if error.code == .wrongCustcode { line += "; set EVERY8D_CUSTCODE" }
                return FailureReport(.gatewayError, kind: "gateway", code: .integer(error.code.rawValue), message: line,
                                     extra: ["operation": .string(error.operation.name)])
            case let error as CredentialsRefusedError:
                // The latch lives in the state folder: say how to clear it from here.
                var report = CommonFailure.describe(error, context: context)
                report.message += ". To try the same password again: every8d state reset"
                return report
            case let error as Every8DSOAPFault:
                return FailureReport(.transport, kind: "soapFault", code: .string(error.code), message: "\(context.operation): \(error.description)",
                                     sent: context.isSend && !error.isRequestRefused ? .unknown : .no,
                                     extra: ["operation": .string(error.operation.name)])
            case let error as ValidationError where error.field == "operation" || error.field == "format":
                // The SOAP and 3.0 clients refuse what their API lacks, naming the operation or format.
                let option = context.option(forField: error.field) ?? error.field
                let what = error.field == "format" ? "\(option) \(error.value ?? "")" : option
                let reason = error.reason.components(separatedBy: "; use Every8DClient").first ?? error.reason
                let api = reason.hasPrefix("API 3.0") ? "v3" : "soap"
                return FailureReport(.usage, kind: "validation", message: "\(what) is not available with --api \(api): \(reason) (nothing was sent)",
                                     field: error.field, option: option, value: error.value)
            default:
                return nil
            }
        }
    }
}
