/// `JobOption`: how the gateway treats a job's content. Bits add up; send e.g. `[.trimSpaces, .mergePlaceholders]`.
///
/// Leave ``SMSJob/jobOption`` `nil` to let the account's default apply.
public struct JobOption: OptionSet, Sendable, Hashable {
    /// The value sent as `JobOption`.
    public let rawValue: Int

    /// Creates options from the number sent on the wire (unknown bits are kept).
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// 1: remove spaces from the content (`[內容] 移除空白`).
    public static let trimSpaces = JobOption(rawValue: 1)
    /// 2: the content is executable code (`[內容] 內容是可執行程式碼`).
    public static let contentIsCode = JobOption(rawValue: 2)
    /// 16: replace `%Column%` merge placeholders in the content (`[內容] 媒合文字%%置換`).
    public static let mergePlaceholders = JobOption(rawValue: 16)
    /// 32: the list's first line defines the merge columns (`[內容] 定義 Merge 檔頭`).
    public static let mergeHeader = JobOption(rawValue: 32)
}
