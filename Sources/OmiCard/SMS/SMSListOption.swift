/// `SMSListOption`: how the gateway cleans a job's recipient list. Bits add up: removing
/// unsubscribed and duplicate numbers is `[.removeUnsubscribed, .removeDuplicates]`, sent as `96`.
///
/// Leave ``SMSJob/smsListOption`` `nil` to let the account's default (its `Web.config`) apply.
public struct SMSListOption: OptionSet, Sendable, Hashable {
    /// The value sent as `SMSListOption`.
    public let rawValue: Int

    /// Creates options from the number sent on the wire (unknown bits are kept).
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// 4: do not convert numbers to the international format (country code + area code + number,
    /// e.g. `+886919123456`).
    public static let keepNumberFormat = SMSListOption(rawValue: 4)
    /// 8: do not correct the list automatically.
    public static let noListCorrection = SMSListOption(rawValue: 8)
    /// 16: do not treat `"` as the CSV quote (escape) character.
    public static let quoteIsPlainText = SMSListOption(rawValue: 16)
    /// 32: remove numbers that unsubscribed.
    public static let removeUnsubscribed = SMSListOption(rawValue: 32)
    /// 64: remove duplicate numbers.
    public static let removeDuplicates = SMSListOption(rawValue: 64)
    /// 128: remove numbers on the blacklist.
    public static let removeBlacklisted = SMSListOption(rawValue: 128)
    /// 256: remove numbers on the whitelist.
    public static let removeWhitelisted = SMSListOption(rawValue: 256)
}
