// API 3.0 answers carry a three-digit `status` (its annex 2); 2.1's codes are negative. The two
// sets never overlap, so both live in `Every8DError.Code`: an app that catches `Every8DError`
// keeps doing so when it moves from 2.1 to 3.0, and a 3.0 status the SDK does not know is kept
// as its number, like any unknown 2.1 code.
extension Every8DError.Code {
    /// Success (`200`). Never the code of a thrown error; an answer's status can be it.
    public static let success = Self(rawValue: 200)
    /// A required parameter is missing (`501`, `參數缺少`).
    public static let missingParameter = Self(rawValue: 501)
    /// The token is invalid: expired, already used (a 3.0 token is good for one call), or another
    /// account's (`502`, `token 無效`). Nothing was carried out; a new token and one repeat are safe.
    public static let invalidToken = Self(rawValue: 502)
    /// The gateway could not reach its database (`503`, `資料庫連線失敗 1`).
    public static let databaseConnectionFailed1 = Self(rawValue: 503)
    /// The gateway could not reach its database (`504`, `資料庫連線失敗 2`).
    public static let databaseConnectionFailed2 = Self(rawValue: 504)
    /// The account check failed: wrong user id or password (`505`, `帳戶資訊驗證失敗`).
    public static let accountVerificationFailed = Self(rawValue: 505)
    /// A parameter has an invalid format or value (`506`, `參數格式有誤或無效`).
    public static let invalidParameterFormat = Self(rawValue: 506)
    /// The custcode in the URL path is wrong (`507`, `Custcode 錯誤`): accounts opened on EVERY8D's
    /// public site use `e8d`, others the code their sales contact gave.
    public static let wrongCustcode = Self(rawValue: 507)
    /// The custcode may not do this (`508`, `Custcode 權限不足`).
    public static let custcodeNotPermitted = Self(rawValue: 508)
    /// The account is suspended or locked (`509`, `帳號已停權或鎖住`).
    public static let accountSuspendedOrLocked = Self(rawValue: 509)
    /// The gateway could not reach its internal API (`511`, `API 連線失敗`).
    public static let apiConnectionFailed = Self(rawValue: 511)
    /// The gateway's internal API answered with a failure (`512`, `API 失敗回應`).
    public static let apiFailureResponse = Self(rawValue: 512)
    /// Cancelling a booking, or querying a batch, failed: no such batch, or nothing left to
    /// cancel (`521`, `預約取消/查詢失敗回應`).
    public static let cancelOrQueryFailed = Self(rawValue: 521)
    /// The duplicate-filtered send sent nothing, and some numbers already had the text (`522`).
    public static let notSentDuplicatesFound = Self(rawValue: 522)
    /// The duplicate-filtered send sent nothing, and no number already had the text (`523`).
    public static let notSentNoDuplicates = Self(rawValue: 523)
    /// The account may not authenticate with its password; it must use a token (`531`,
    /// `不允許使用帳密驗證`). Nothing was carried out.
    public static let passwordAuthenticationNotAllowed = Self(rawValue: 531)
    /// The SMS template could not be fetched (`541`, `簡訊模板獲取失敗`).
    public static let templateFetchFailed = Self(rawValue: 541)
    /// No valid SMS template was found (`542`, `查無有效之簡訊模板`).
    public static let noValidTemplate = Self(rawValue: 542)
    /// The template's parameters are invalid (`543`, `模板簡訊參數不合法`).
    public static let invalidTemplateParameters = Self(rawValue: 543)
    /// A mobile number is wrong (`544`, `手機號碼錯誤`).
    public static let wrongMobileNumber = Self(rawValue: 544)
    /// A send time is not `yyyyMMddHHmmss` (`545`, `發送時間格式錯誤`).
    public static let invalidSendTimeFormat = Self(rawValue: 545)
    /// A recipient's values do not match the template's `%field%` placeholders (`546`).
    public static let templateParameterCountMismatch = Self(rawValue: 546)
    /// The picture is not png, jpg or jpeg (`547`, `檔案類型錯誤`).
    public static let unsupportedFileType = Self(rawValue: 547)
    /// International SMS is not enabled for the account (`553`, `未開啟國際簡訊發送`).
    public static let internationalNotEnabled = Self(rawValue: 553)
    /// MMS cannot go to international numbers (`554`, `MMS 不支援國際簡訊`).
    public static let mmsInternationalNotSupported = Self(rawValue: 554)
    /// Any other error (`599`, `其他錯誤`).
    public static let otherError = Self(rawValue: 599)

    /// Every API 3.0 status (annex 2 of the 3.0 specification), `200` included.
    public static let knownV3: [Self] = [
        .success, .missingParameter, .invalidToken, .databaseConnectionFailed1, .databaseConnectionFailed2,
        .accountVerificationFailed, .invalidParameterFormat, .wrongCustcode, .custcodeNotPermitted, .accountSuspendedOrLocked,
        .apiConnectionFailed, .apiFailureResponse, .cancelOrQueryFailed, .notSentDuplicatesFound, .notSentNoDuplicates,
        .passwordAuthenticationNotAllowed, .templateFetchFailed, .noValidTemplate, .invalidTemplateParameters,
        .wrongMobileNumber, .invalidSendTimeFormat, .templateParameterCountMismatch, .unsupportedFileType,
        .internationalNotEnabled, .mmsInternationalNotSupported, .otherError,
    ]

    /// The meanings of the 3.0 statuses, read by ``meaning``.
    static let v3Meanings: [Int: String] = [
        200: "success",
        501: "a required parameter is missing",
        502: "the token is invalid: expired, already used, or not this account's",
        503: "the gateway could not reach its database (1)",
        504: "the gateway could not reach its database (2)",
        505: "the account check failed: wrong user id or password",
        506: "a parameter has an invalid format or value",
        507: "wrong custcode: the account code in the URL path is not this account's (accounts opened on EVERY8D's public site use e8d)",
        508: "the custcode is not permitted to do this",
        509: "the account is suspended or locked",
        511: "the gateway could not reach its internal API",
        512: "the gateway's internal API answered with a failure",
        521: "cancelling or querying failed: no such batch, or nothing left to cancel",
        522: "nothing sent: some numbers already received this text in the last 24 hours",
        523: "nothing sent: no number received this text in the last 24 hours",
        531: "password authentication is not allowed for this account; use a token",
        541: "the SMS template could not be fetched",
        542: "no valid SMS template",
        543: "the template's parameters are invalid",
        544: "a mobile number is wrong",
        545: "a send time is not in the format yyyyMMddHHmmss",
        546: "the template values do not match the template's %field% placeholders",
        547: "wrong file type: only png, jpg and jpeg are accepted",
        553: "international SMS is not enabled for the account",
        554: "MMS cannot be sent to international numbers",
        599: "other error",
    ]

    /// Whether an API 3.0 answer with this status refused the token (`502`): nothing was carried
    /// out, so fetching a new token and repeating once is safe, even for a send.
    public var refusesToken: Bool { self == .invalidToken }

    /// Whether an API 3.0 answer with this status refused the account itself (`505` wrong user id
    /// or password, `509` suspended or locked). Logging in again cannot help and, repeated, may
    /// lock the account: stop until the credentials change.
    public var refusesCredentials: Bool { self == .accountVerificationFailed || self == .accountSuspendedOrLocked }

    /// Whether an API 3.0 answer with this status says the account must use tokens (`531`):
    /// nothing was carried out; the same call with a token is safe.
    public var refusesPasswordAuthentication: Bool { self == .passwordAuthenticationNotAllowed }

    /// Whether this status is a configuration error of the client (`507` wrong custcode, `508`
    /// custcode not permitted): every call will fail the same way until it is fixed.
    public var isConfigurationError: Bool { self == .wrongCustcode || self == .custcodeNotPermitted }

    /// Whether an API 3.0 send answered with this status may still have been carried out.
    ///
    /// `511` (the gateway lost its internal API), `503`/`504` (its database) and `599` (any other
    /// error) can come after the message left; so can a status this SDK does not know. Every other
    /// 3.0 status refuses the request before anything is sent. 2.1 codes (negative) are refusals.
    public var mayHaveBeenCarriedOut: Bool {
        switch rawValue {
        case 503, 504, 511, 599: return true
        case ..<200: return false
        default: return Self.v3Meanings[rawValue] == nil
        }
    }
}

extension Every8DError {
    /// What an API 3.0 error means for the call engine (2.1's codes go through
    /// `failure(carriedToken:)`): `502` a rejected token (renew once, repeat once), `505`/`509`
    /// a refused login (the latch; `509` a locked account), `503`/`504`/`511`/`599` and unknown
    /// statuses a failure that may have been carried out, every other status a refusal. `531`
    /// is a refusal too: the client answers it by switching to tokens, not the engine.
    func v3Failure() -> GatewayFailure {
        if code.refusesToken { return .rejectedSession }
        if code.refusesCredentials {
            return .refusedLogin(code: code.rawValue, message: message, accountLocked: code == .accountSuspendedOrLocked)
        }
        return code.mayHaveBeenCarriedOut ? .failed : .refused
    }
}
