/// An error the EVERY8D gateway reported: `-99,發生不明錯誤` as text, or
/// `{"Result":false,"Status":"-99","Msg":"…"}` as JSON.
///
/// The gateway answers its own errors with HTTP 200, so this error means the gateway received the
/// request and refused it: **nothing was sent**. Switch on ``code`` (known values are static
/// members of ``Code``; unknown numbers are kept); ``message`` is the gateway's own wording, which
/// differs between hosts. The description never contains credentials.
public struct Every8DError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The gateway's numeric error code. Known values are static members; any other number is kept as is.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The number as the gateway sent it, for example `-99`.
        public let rawValue: Int

        /// Creates a code from its number.
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// The operation failed (`-1`, the SOAP API's failed `closeConnection`).
        public static let failed = Code(rawValue: -1)
        /// The API account or password is wrong (`-2`).
        public static let wrongCredentials = Code(rawValue: -2)
        /// No such batch: nothing to cancel (`-3`, `無法取得指定發送資料`).
        public static let batchNotFound = Code(rawValue: -3)
        /// The booking was already cancelled or has already been sent (`-4`).
        public static let bookingAlreadyErasedOrSent = Code(rawValue: -4)
        /// Cancellation is temporarily unavailable; try again later (`-8`).
        public static let cancellationUnavailable = Code(rawValue: -8)
        /// No phone number was given (`-27`, `電話號碼不得為空`).
        public static let missingPhoneNumber = Code(rawValue: -27)
        /// A send time is not `yyyyMMddHHmmss` (`-28`).
        public static let invalidSendTime = Code(rawValue: -28)
        /// The gateway is busy; try again later (`-97`).
        public static let systemBusy = Code(rawValue: -97)
        /// The duplicate filter refused the send; the message lists the numbers (`-98`).
        public static let duplicatesFiltered = Code(rawValue: -98)
        /// An unspecified error on the gateway (`-99`). Also used for a JSON failure without a `Status`.
        public static let unknownError = Code(rawValue: -99)
        /// The login was refused (`-100`): the SOAP API's "no such account"; the HTTP API answers it
        /// for a wrong user id or password too (`帳號或密碼錯誤`).
        public static let accountNotFound = Code(rawValue: -100)
        /// Wrong password (`-101`).
        public static let wrongPassword = Code(rawValue: -101)
        /// User id or password missing (`-300`); in token mode, the token was not accepted.
        public static let missingCredentials = Code(rawValue: -300)
        /// The session or token no longer exists; authenticate again (`-301`).
        public static let sessionExpired = Code(rawValue: -301)
        /// A phone number has a format the gateway refuses (`-306`, `手機格式不符`).
        public static let invalidPhoneNumber = Code(rawValue: -306)
        /// The account is locked after ten failed logins (`-999`).
        public static let accountLocked = Code(rawValue: -999)

        /// Every code this SDK knows a meaning for.
        public static let known: [Code] = [
            .failed, .wrongCredentials, .batchNotFound, .bookingAlreadyErasedOrSent, .cancellationUnavailable, .missingPhoneNumber,
            .invalidSendTime, .systemBusy, .duplicatesFiltered, .unknownError, .accountNotFound, .wrongPassword,
            .missingCredentials, .sessionExpired, .invalidPhoneNumber, .accountLocked,
        ]

        /// What the code means, in English, or `nil` for a code this SDK does not know.
        public var meaning: String? {
            switch rawValue {
            case -1: return "a parameter is invalid, or the operation failed"
            case -2: return "the API account or password is wrong"
            case -3: return "no such batch, nothing to cancel"
            case -4: return "the booking was already cancelled or has already been sent"
            case -8: return "cancellation is temporarily unavailable"
            case -27: return "no phone number was given"
            case -28: return "a send time is not in the format yyyyMMddHHmmss"
            case -97: return "the gateway is busy"
            case -98: return "refused by the duplicate filter"
            case -99: return "unspecified gateway error"
            case -100: return "login refused: no such account, or a wrong user id or password"
            case -101: return "wrong password"
            case -300: return "user id or password missing, or the token was not accepted"
            case -301: return "the session or token no longer exists"
            case -306: return "a phone number has an invalid format"
            case -999: return "the account is locked after too many failed logins"
            default: return Self.v3Meanings[rawValue]
            }
        }

        /// `-99 (unspecified gateway error)`, or just the number when unknown.
        public var description: String {
            meaning.map { "\(rawValue) (\($0))" } ?? String(rawValue)
        }
    }

    /// The gateway's code.
    public let code: Code
    /// The gateway's message as it sent it (trimmed of surrounding whitespace).
    public let message: String
    /// The call that failed.
    public let operation: Every8DOperation

    /// Creates a gateway error.
    ///
    /// - Parameters:
    ///   - code: The gateway's code.
    ///   - message: The gateway's message.
    ///   - operation: The call that failed.
    public init(code: Code, message: String, operation: Every8DOperation) {
        self.code = code
        self.message = message
        self.operation = operation
    }

    /// Whether the gateway refused the credentials or the token (`-300`, `-301`): authenticating
    /// again may help; the request was not carried out.
    public var isAuthenticationFailure: Bool {
        code == .sessionExpired || code == .missingCredentials
    }

    /// `EVERY8D <operation> failed: <code> (<meaning>): <message>`, without credentials.
    public var description: String {
        message.isEmpty
            ? "EVERY8D \(operation) failed: \(code)"
            : "EVERY8D \(operation) failed: \(code): \(message)"
    }

    /// The same error with every secret blanked out of the message.
    package func scrubbed(_ secrets: [String]) -> Every8DError {
        Every8DError(code: code, message: Redaction.scrub(message, secrets: secrets), operation: operation)
    }
}

extension Every8DError: SecretScrubbing {
    /// What the error means for the call engine.
    ///
    /// - Parameter carriedToken: Whether the refused request carried a token (then `-300` means
    ///   the token was not accepted; on a login or in password mode it means the user id or
    ///   password was refused).
    func failure(carriedToken: Bool) -> GatewayFailure {
        switch code {
        case .sessionExpired:
            return .rejectedSession
        case .missingCredentials where carriedToken:
            return .rejectedSession
        case .missingCredentials, .accountNotFound, .wrongPassword, .wrongCredentials:
            return .refusedLogin(code: code.rawValue, message: message, accountLocked: false)
        case .accountLocked:
            return .refusedLogin(code: code.rawValue, message: message, accountLocked: true)
        case .systemBusy:
            return .busy
        default:
            return .refused
        }
    }
}
