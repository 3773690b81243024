/// A failed command as both outputs show it: one line on standard error, and with `--json` the
/// object `{"error": {...}}` on standard output; the exit code is the same either way.
///
/// The JSON object's members:
///
/// | member | what it holds |
/// | --- | --- |
/// | `kind` | `usage`, `validation`, `gateway`, `credentialsRefused`, `blocked`, `http`, `transport`, `unreadable`, `soapFault`, `outcomeUnknown`, `partialSend`, `idempotencyKeyReuse`, `inProgress`, `doctor`, `cancelled`, `stateStore` or `error` |
/// | `code` | the gateway's error code (`gateway`, `credentialsRefused`), the HTTP status (`http`, `blocked`), the transport error's name (`transport`), the SOAP fault code (`soapFault`), else `null` |
/// | `message` | the same text as the line on standard error (without the program name) |
/// | `field` | the field on the wire a validation error names (`DEST[2]`), else `null` |
/// | `option` | the option or environment variable at fault (`--to`, `EVERY8D_SITE_URL`), else `null` |
/// | `value` | the offending value as given, when there is one and it is not a secret, else `null` |
/// | `sent` | `false` when no message was sent; `true` when some were (a partial send); `"unknown"` when a send's outcome is unknown |
/// | `exitCode` | the process's exit code |
///
/// Kinds may add members: `operation` (the gateway call), `sentCount` and `unsentCount` (a
/// partial send), `batchID`.
public struct FailureReport: Sendable {
    /// Whether messages went out.
    public enum Sent: Sendable, Hashable {
        /// No message was sent.
        case no
        /// Some messages were sent (a partial send).
        case yes
        /// A send whose outcome is unknown: it may have gone out.
        case unknown

        var json: JSONOutput {
            switch self {
            case .no: return false
            case .yes: return true
            case .unknown: return "unknown"
            }
        }
    }

    /// The exit code.
    public var exitCode: ExitCode
    /// The kind of failure (see the type's table).
    public var kind: String
    /// The code that goes with the kind, or `.null`.
    public var code: JSONOutput
    /// The line for standard error, without the program name.
    public var message: String
    /// The wire field at fault.
    public var field: String?
    /// The option or variable at fault.
    public var option: String?
    /// The offending value (never a secret).
    public var value: String?
    /// Whether messages went out.
    public var sent: Sent
    /// More members for the JSON object.
    public var extra: [String: JSONOutput]

    /// Creates a report.
    public init(_ exitCode: ExitCode, kind: String, code: JSONOutput = .null, message: String, field: String? = nil,
                option: String? = nil, value: String? = nil, sent: Sent = .no, extra: [String: JSONOutput] = [:]) {
        self.exitCode = exitCode
        self.kind = kind
        self.code = code
        self.message = message
        self.field = field
        self.option = option
        self.value = value
        self.sent = sent
        self.extra = extra
    }

    /// The report's `error` member.
    public var errorObject: JSONOutput {
        var members: [String: JSONOutput] = [
            "kind": .string(kind), "code": code, "message": .string(TextFormat.oneLine(message)), "field": .optional(field),
            "option": .optional(option), "value": .optional(value), "sent": sent.json, "exitCode": .integer(Int(exitCode.rawValue)),
        ]
        members.merge(extra) { own, _ in own }
        return .object(members)
    }

    /// `{"error": {...}}`.
    public var json: JSONOutput { ["error": errorObject] }

    /// The same report with `note` appended to its message.
    public func noting(_ notes: [String]) -> FailureReport {
        var report = self
        report.message = ([message] + notes).joined(separator: "; ")
        return report
    }
}
