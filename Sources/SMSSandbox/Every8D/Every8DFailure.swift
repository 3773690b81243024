/// An error answer of the EVERY8D sandbox: a negative code and its message, written as
/// `-code,message` (form endpoints) or `{"Result":false,"Status":"-code","Msg":"message"}` (JSON).
///
/// The codes the sandbox uses (the wording of the real hosts varies; only the number matters):
///
/// | code | when |
/// | --- | --- |
/// | -300 `帳號密碼不得為空` | neither a token nor `UID` and `PWD` |
/// | -100 `帳號不存在` | unknown `UID` |
/// | -101 `密碼錯誤` | wrong `PWD` |
/// | -301 `連線已逾時，請重新登入` | unknown, closed or expired token, when configured to answer so |
/// | -26 `簡訊內容不得為空` | empty `MSG` (or an empty exclusive `Param`) |
/// | -27 `電話號碼不得為空` | empty `DEST` / `RecipientDataList` |
/// | -306 `手機格式不符:<number>` | a number that is not a mobile number (the first one) |
/// | -28 `The sendTime format error: yyyyMMddHHmm` | `ST` / `SendTime` not `yyyyMMddHHmmss` |
/// | -1 `參數錯誤:<field>` | any other bad field (`RETRYTIME`, `IsSend`, `PNO`, `RESPFORMAT`, `Param` pipes, duplicate `Mr`, MMS subject, picture) |
/// | -3 `無法取得指定發送資料` | cancelling an unknown batch |
/// | -4 `發送資料為刪除狀態或已經送出` | cancelling a batch with nothing still booked |
/// | -99 `發生例外錯誤` | wrong `Content-Type`, body not JSON, unknown `HandlerType`/`VerifyType` |
struct Every8DFailure: Error, Sendable, Hashable {
    var code: Int
    var message: String

    static let missingCredentials = Every8DFailure(code: -300, message: "帳號密碼不得為空")
    static let unknownAccount = Every8DFailure(code: -100, message: "帳號不存在")
    static let wrongPassword = Every8DFailure(code: -101, message: "密碼錯誤")
    static let sessionExpired = Every8DFailure(code: -301, message: "連線已逾時，請重新登入")
    static let emptyMessage = Every8DFailure(code: -26, message: "簡訊內容不得為空")
    static let emptyDestination = Every8DFailure(code: -27, message: "電話號碼不得為空")
    static let badSendTime = Every8DFailure(code: -28, message: "The sendTime format error: yyyyMMddHHmm")
    static let noSuchBatch = Every8DFailure(code: -3, message: "無法取得指定發送資料")
    static let nothingToCancel = Every8DFailure(code: -4, message: "發送資料為刪除狀態或已經送出")
    static let exception = Every8DFailure(code: -99, message: "發生例外錯誤")

    static func badMobile(_ raw: String) -> Every8DFailure {
        Every8DFailure(code: -306, message: "手機格式不符:\(raw)")
    }

    static func badParameter(_ field: String) -> Every8DFailure {
        Every8DFailure(code: -1, message: "參數錯誤:\(field)")
    }

    static func wrongContentType(expected: String) -> Every8DFailure {
        Every8DFailure(code: -99, message: "發生例外錯誤：Content-Type 必須是 \(expected)")
    }

    /// `-code,message`, the form endpoints' error line.
    var line: String { "\(code),\(message)" }

    /// The JSON endpoints' error object.
    var json: String {
        JSONText.object([("Result", "false"), ("Status", JSONText.string(String(code))), ("Msg", JSONText.string(message))])
    }
}
