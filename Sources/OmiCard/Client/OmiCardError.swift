/// The OMICard WebAPI answered with an `ErrorCode` other than 0.
///
/// The request reached the gateway and was refused, so nothing was sent. Switch on ``code``;
/// ``message`` is the gateway's `ErrorMsg` as it came (scrubbed of your password).
///
/// ```swift
/// do { _ = try await client.status(launchID: id, for: .smsNumber("0912345678")) }
/// catch let error as OmiCardError where error.code == .notFound { … }
/// ```
public struct OmiCardError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An `ErrorCode`. Known values are static members; any other number is kept as it came.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The number the gateway sent.
        public let rawValue: Int

        /// Creates a code from the gateway's number.
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// 100: `Exception`, the call failed on the gateway.
        public static let exception = Code(rawValue: 100)
        /// 102: `Incorrect Request`, a field is missing or wrong (for example the account).
        public static let incorrectRequest = Code(rawValue: 102)
        /// 110: `Data is not found` (`Status.aspx`): nothing matches, or what matches belongs to a
        /// job that neither you nor a user you created launched.
        public static let notFound = Code(rawValue: 110)
        /// 111: `Incorrect JobType` (`Status.aspx`).
        public static let incorrectJobType = Code(rawValue: 111)
        /// 1000: `No Licence at Page`, the account may not use this page.
        public static let noLicence = Code(rawValue: 1000)

        /// The vendor's meaning of the code, in English; `nil` for an undocumented code.
        public var meaning: String? {
            switch rawValue {
            case 100: return "exception"
            case 102: return "incorrect request"
            case 110: return "data not found (or not yours)"
            case 111: return "incorrect JobType"
            case 1000: return "no licence for this page"
            default: return nil
            }
        }

        /// `102 (incorrect request)`, or the bare number for an undocumented code.
        public var description: String {
            meaning.map { "\(rawValue) (\($0))" } ?? String(rawValue)
        }
    }

    /// The `ErrorCode`.
    public let code: Code
    /// The `ErrorMsg` as the gateway sent it (may be empty).
    public let message: String
    /// The page that answered: `SMS.aspx` or `Status.aspx`.
    public let operation: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The `ErrorCode`.
    ///   - message: The `ErrorMsg`.
    ///   - operation: The page that answered.
    public init(code: Code, message: String, operation: String) {
        self.code = code
        self.message = message
        self.operation = operation
    }

    /// `SMS.aspx: OMICard error 102 (incorrect request): <ErrorMsg>`.
    public var description: String {
        let base = "\(operation): OMICard error \(code)"
        return message.isEmpty ? base : "\(base): \(message)"
    }
}
