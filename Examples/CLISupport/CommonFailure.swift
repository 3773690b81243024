import SMSTransport

/// What a failure is described with: the command, its options (to name the option behind a wire
/// field) and, for a send, how to find out whether it went out.
public struct FailureContext: Sendable {
    /// What the command was doing, for transport failures (`credit`, `send`).
    public var operation: String
    /// The command's options, global ones included.
    public var options: [OptionSpec]
    /// Wire fields that are not set by an option, with what sets them (`BID` → `BATCH`).
    public var otherFields: [String: String]
    /// Whether the command sends messages.
    public var isSend = false
    /// For a send, how to check before sending again.
    public var checkHint: String?

    /// Creates a context.
    public init(operation: String, options: [OptionSpec], otherFields: [String: String] = [:]) {
        self.operation = operation
        self.options = options
        self.otherFields = otherFields
    }

    /// The option (or argument, or variable) that sets the wire field `field`, if known.
    public func option(forField field: String) -> String? {
        if let option = OptionSpec.setting(field, in: options) { return option.flagName }
        var base = Substring(field)
        if let cut = base.firstIndex(where: { $0 == "[" || $0 == " " || $0 == "." }) { base = base[..<cut] }
        return otherFields.first { $0.key.lowercased() == base.lowercased() }?.value
    }
}

/// How a failed command becomes a ``FailureReport``, in both programs.
///
/// Each program words its own gateway's error types (`Every8DError`, `OmiCardError`) and says where
/// to look after a send whose outcome is unknown; everything else is worded here.
public enum CommonFailure {
    /// The report for a command that threw `error`.
    ///
    /// - Parameters:
    ///   - error: What the command threw (notes added on the way are appended; a ``SendFailure``
    ///     marks a send).
    ///   - context: The command, its options, and how to check a send.
    ///   - defaultCheckHint: How to check a send when the command gave no hint.
    ///   - gatewayError: The program's report for its gateway's own error types, or `nil` for other errors.
    public static func describe(_ error: any Error, context: FailureContext, defaultCheckHint: String,
                                gatewayError: (any Error, FailureContext) -> FailureReport?) -> FailureReport {
        var context = context
        var (error, notes) = NotedError.unwrap(error)
        if let send = error as? SendFailure {
            context.isSend = true
            context.checkHint = send.checkHint
            let inner = NotedError.unwrap(send.underlying)
            error = inner.error
            notes += inner.notes
        }
        let report: FailureReport
        if let gateway = gatewayError(error, context) {
            report = gateway
        } else if let error = error as? SendOutcomeUnknownError {
            let text = "the outcome of \(error.operation) is unknown (\(error.cause)); it was not repeated"
            report = FailureReport(.transport, kind: "outcomeUnknown", message: text + "; " + (context.checkHint ?? defaultCheckHint),
                                   sent: .unknown, extra: ["operation": .string(error.operation)])
        } else {
            report = describe(error, context: context)
        }
        return report.noting(notes)
    }

    /// The report for the errors both programs share (everything but the gateways' own types).
    public static func describe(_ error: any Error, context: FailureContext) -> FailureReport {
        let operation = context.operation
        switch error {
        case let error as UsageError:
            return FailureReport(.usage, kind: "usage", message: error.message, option: error.option, value: error.value)
        case let error as LocatedValidationError:
            let text = "\(error.location): " + (error.underlying.value.map { "\"\($0)\": " } ?? "") + error.underlying.reason + " (nothing was sent)"
            return FailureReport(.usage, kind: "validation", message: text, field: error.underlying.field, option: error.option,
                                 value: error.underlying.value)
        case let error as ValidationError:
            let option = context.option(forField: error.field)
            let text = (option.map { "\($0): " } ?? "") + error.description + " (nothing was sent)"
            return FailureReport(.usage, kind: "validation", message: text, field: error.field, option: option, value: error.value)
        case let error as CredentialsRefusedError:
            return FailureReport(.gatewayError, kind: "credentialsRefused", code: .integer(error.refusal.code), message: error.description,
                                 extra: ["operation": .string(error.operation)])
        case let error as IdempotencyKeyReuseError:
            let option = context.option(forField: "idempotencyKey")
            return FailureReport(.usage, kind: "idempotencyKeyReuse", message: (option.map { "\($0): " } ?? "") + error.description,
                                 field: "idempotencyKey", option: option, value: error.key)
        case let error as SendInProgressError:
            // This run sent nothing, but the attempt in flight may be sending the message now.
            return FailureReport(.transport, kind: "inProgress", message: error.description + " (run it again with the same key for the receipt)",
                                 sent: .unknown, extra: ["operation": .string(error.operation)])
        case let error as RequestBlockedError:
            return FailureReport(.transport, kind: "blocked", code: .integer(error.status), message: "\(operation): \(error.description)")
        case let error as StateStoreError:
            return FailureReport(.transport, kind: "stateStore", message: "\(operation): \(error.description)")
        case let error as TransportError:
            let sent: FailureReport.Sent = context.isSend && error.requestMayHaveBeenProcessed ? .unknown : .no
            return FailureReport(.transport, kind: "transport", code: .string("\(error.code)"), message: "\(operation): \(error.description)", sent: sent)
        case let error as HTTPStatusError:
            return FailureReport(.transport, kind: "http", code: .integer(error.status), message: "\(operation): \(error.description)")
        case let error as ResponseParseError:
            return FailureReport(.transport, kind: "unreadable", message: "\(operation): \(error.description)", sent: context.isSend ? .unknown : .no)
        case is CancellationError:
            return FailureReport(.transport, kind: "cancelled", message: "\(operation): cancelled")
        default:
            return FailureReport(.transport, kind: "error", message: "\(operation): \(error)", sent: context.isSend ? .unknown : .no)
        }
    }

    /// A gateway's error as both programs word it: `EVERY8D error -4 (CancelBooking): 已取消 [already cancelled]`.
    public static func gatewayLine(vendor: String, code: Int, operation: String, message: String, meaning: String?) -> String {
        var text = "\(vendor) error \(code) (\(operation))"
        if !message.isEmpty { text += ": \(message)" }
        if let meaning { text += message.isEmpty ? ": \(meaning)" : " [\(meaning)]" }
        return text
    }
}

/// A `ValidationError` the SDK raised for a value that came from a file, with where in the file
/// it is (`--csv people.csv row 3, column mobile`), which is what the user can find.
public struct LocatedValidationError: Error, Sendable {
    /// The SDK's error (its field is the wire field, `RecipientDataList[2].Mobile`).
    public let underlying: ValidationError
    /// The option that named the file.
    public let option: String
    /// Where the value is.
    public let location: String

    /// Wraps `underlying`.
    public init(_ underlying: ValidationError, option: String, location: String) {
        self.underlying = underlying
        self.option = option
        self.location = location
    }
}
