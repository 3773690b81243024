/// An error answer of the sandbox's API 3.0: a status of annex 2 and its message, written as
/// `{"status":"<status>","message":"<message>","data":null}` with HTTP 200.
///
/// | status | when |
/// | --- | --- |
/// | 501 `參數缺少:<member>` | a required member is missing or empty (`uid`, `pwd`/`token`, `msg`, `mobiles`, `batchid`, …) |
/// | 502 `token 無效` | a token that is unknown, used, expired or another account's |
/// | 505 `帳戶資訊驗證失敗` | unknown `uid` or wrong `pwd` |
/// | 506 `參數格式有誤或無效:<member>` | not JSON, wrong `Content-Type`, a member with a bad value (`retrytime`, `type`, `pageno`, `issend`, a repeated `mr`, an MMS subject or picture) |
/// | 507 `Custcode 錯誤` | the custcode in the path is no account's |
/// | 508 `Custcode 權限不足` | the custcode is not the account's |
/// | 509 `帳號已停權或鎖住` | the account is suspended, or locked after ten wrong passwords |
/// | 521 `預約取消/查詢失敗` | cancelling an unknown batch or one with nothing booked; querying an unknown batch (with `data`) |
/// | 522 / 523 | the filtered send sent nothing, with / without duplicates (with `data`) |
/// | 531 `不允許使用帳密驗證` | `pwd` for an account that must use tokens |
/// | 543 `模板簡訊參數不合法` | a placeholder other than `%field1%` … `%field5%` |
/// | 544 `手機號碼錯誤:<number>` | a number that is none of annex 3's forms |
/// | 545 `發送時間格式錯誤` | a `sendtime` that is not `yyyyMMddHHmmss` |
/// | 546 `模板參數數量不相符` | a recipient's `params` count differs from the template's placeholders |
/// | 547 `檔案類型錯誤！僅支援 png, jpg, jpeg 格式。` | `type`/`attachmentType` other than png, jpg, jpeg |
/// | 553 `未開啟國際簡訊發送` | an international number, international SMS off for the account |
/// | 554 `MMS 不支援國際簡訊` | an MMS to an international number |
struct Every8DV3Failure: Error, Sendable, Hashable {
    var status: Int
    var message: String

    static let invalidToken = Every8DV3Failure(status: 502, message: "token 無效")
    static let accountCheckFailed = Every8DV3Failure(status: 505, message: "帳戶資訊驗證失敗")
    static let wrongCustcode = Every8DV3Failure(status: 507, message: "Custcode 錯誤")
    static let custcodeNotPermitted = Every8DV3Failure(status: 508, message: "Custcode 權限不足")
    static let suspended = Every8DV3Failure(status: 509, message: "帳號已停權或鎖住")
    static let queryFailed = Every8DV3Failure(status: 521, message: "預約取消/查詢失敗")
    static let passwordNotAllowed = Every8DV3Failure(status: 531, message: "不允許使用帳密驗證")
    static let badTemplate = Every8DV3Failure(status: 543, message: "模板簡訊參數不合法")
    static let badSendTime = Every8DV3Failure(status: 545, message: "發送時間格式錯誤")
    static let parameterCount = Every8DV3Failure(status: 546, message: "模板參數數量不相符")
    static let fileType = Every8DV3Failure(status: 547, message: "檔案類型錯誤！僅支援 png, jpg, jpeg 格式。")
    static let internationalNotEnabled = Every8DV3Failure(status: 553, message: "未開啟國際簡訊發送")
    static let mmsInternational = Every8DV3Failure(status: 554, message: "MMS 不支援國際簡訊")

    static func missing(_ member: String) -> Every8DV3Failure {
        Every8DV3Failure(status: 501, message: "參數缺少:\(member)")
    }

    static func invalid(_ member: String) -> Every8DV3Failure {
        Every8DV3Failure(status: 506, message: "參數格式有誤或無效:\(member)")
    }

    static func badMobile(_ raw: String) -> Every8DV3Failure {
        Every8DV3Failure(status: 544, message: "手機號碼錯誤:\(raw)")
    }

    /// The answer's JSON.
    var json: String {
        Every8DV3Rendering.envelope(status: status, message: message, data: nil)
    }
}
