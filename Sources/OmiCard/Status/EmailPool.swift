/// A named e-mail state ("pool") that `Status.aspx` reports for a recipient of an e-mail job.
///
/// The answer carries one field per pool the address is in, named as below. Pools ending in `Pool`
/// are mostly filled before sending (list processing), those ending in `Status` after (events).
/// ``emailDeliverSuccess`` means the mail was sent successfully; ``emailReturn`` means it failed or
/// bounced. Names the SDK does not know are kept as they came.
public struct EmailPool: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The field name, in the vendor's spelling for known pools.
    public let rawValue: String

    /// Creates a pool from a field name; a known name in any case gets the vendor's spelling.
    public init(rawValue: String) {
        self.rawValue = Self.known.first { $0.name.caseInsensitiveEquals(rawValue) }?.name ?? rawValue
    }

    private init(known name: String) { self.rawValue = name }

    /// `EmailSendCachePool`: waiting to be scheduled.
    public static let emailSendCache = EmailPool(known: "EmailSendCachePool")
    /// `EmailDeliverSuccessPool`: handed to the recipient's mail system; the mail was sent successfully.
    public static let emailDeliverSuccess = EmailPool(known: "EmailDeliverSuccessPool")
    /// `EmailSendSuccessPool`: sent successfully.
    public static let emailSendSuccess = EmailPool(known: "EmailSendSuccessPool")
    /// `EmailSendBackupPool`: on the mailing list.
    public static let emailSendBackup = EmailPool(known: "EmailSendBackupPool")
    /// `EmailActivePool`: a valid address.
    public static let emailActive = EmailPool(known: "EmailActivePool")
    /// `EmailInactivePool`: an address that could not be recognised.
    public static let emailInactive = EmailPool(known: "EmailInactivePool")
    /// `EmailInvalidPool`: on the invalid list (with the address and time).
    public static let emailInvalid = EmailPool(known: "EmailInvalidPool")
    /// `EmailAdjustPool`: on the corrected list (with the address and time).
    public static let emailAdjust = EmailPool(known: "EmailAdjustPool")
    /// `EmailRemoveReturnPool`: removed as a known bounce.
    public static let emailRemoveReturn = EmailPool(known: "EmailRemoveReturnPool")
    /// `EmailRemoveBlackListPool`: removed by the blacklist.
    public static let emailRemoveBlackList = EmailPool(known: "EmailRemoveBlackListPool")
    /// `EmailRemoveWhiteListPool`: removed by the whitelist.
    public static let emailRemoveWhiteList = EmailPool(known: "EmailRemoveWhiteListPool")
    /// `EmailRemoveListProcessPool`: filtered out as an invalid address during list processing.
    public static let emailRemoveListProcess = EmailPool(known: "EmailRemoveListProcessPool")
    /// `EmailOpenStatus`: the details of each time the mail was opened.
    public static let emailOpen = EmailPool(known: "EmailOpenStatus")
    /// `EmailClickStatus`: the details of each click.
    public static let emailClick = EmailPool(known: "EmailClickStatus")
    /// `EmailReturnStatus`: the mail failed or bounced (state, time and reason).
    public static let emailReturn = EmailPool(known: "EmailReturnStatus")
    /// `EmailErrorStatus`: the mail failed to send.
    public static let emailError = EmailPool(known: "EmailErrorStatus")
    /// `EmailSubscribeStatus`: when and how the address subscribed.
    public static let emailSubscribe = EmailPool(known: "EmailSubscribeStatus")
    /// `EmailUnsubscribeStatus`: when and how the address unsubscribed.
    public static let emailUnsubscribe = EmailPool(known: "EmailUnsubscribeStatus")
    /// `EmailContactStatus`: messages left through the contact form, with times.
    public static let emailContact = EmailPool(known: "EmailContactStatus")
    /// `EmailReplyStatus`: when and how the recipient replied.
    public static let emailReply = EmailPool(known: "EmailReplyStatus")
    /// `EmailScoreStatus`: the details of each score.
    public static let emailScore = EmailPool(known: "EmailScoreStatus")
    /// `EmailSendSuccessStatus`: handed to the mail server, being processed.
    public static let emailSendSuccessStatus = EmailPool(known: "EmailSendSuccessStatus")
    /// `EmailActiveStatus`: the recipient received the mail.
    public static let emailActiveStatus = EmailPool(known: "EmailActiveStatus")
    /// `EmailInactiveStatus`: the recipient's mail bounced.
    public static let emailInactiveStatus = EmailPool(known: "EmailInactiveStatus")
    /// `EmailSendErrorStatus`: the details of a failed send.
    public static let emailSendErrorStatus = EmailPool(known: "EmailSendErrorStatus")

    private static let known: [(name: String, meaning: String)] = [
        ("EmailSendCachePool", "waiting to be scheduled"),
        ("EmailDeliverSuccessPool", "handed to the recipient's mail system (sent successfully)"),
        ("EmailSendSuccessPool", "sent successfully"),
        ("EmailSendBackupPool", "on the mailing list"),
        ("EmailActivePool", "a valid address"),
        ("EmailInactivePool", "an address that could not be recognised"),
        ("EmailInvalidPool", "on the invalid list"),
        ("EmailAdjustPool", "on the corrected list"),
        ("EmailRemoveReturnPool", "removed as a known bounce"),
        ("EmailRemoveBlackListPool", "removed by the blacklist"),
        ("EmailRemoveWhiteListPool", "removed by the whitelist"),
        ("EmailRemoveListProcessPool", "filtered out as invalid during list processing"),
        ("EmailOpenStatus", "opened"),
        ("EmailClickStatus", "clicked"),
        ("EmailReturnStatus", "failed or bounced"),
        ("EmailErrorStatus", "failed to send"),
        ("EmailSubscribeStatus", "subscribed"),
        ("EmailUnsubscribeStatus", "unsubscribed"),
        ("EmailContactStatus", "left a contact message"),
        ("EmailReplyStatus", "replied"),
        ("EmailScoreStatus", "scored"),
        ("EmailSendSuccessStatus", "handed to the mail server, being processed"),
        ("EmailActiveStatus", "received"),
        ("EmailInactiveStatus", "bounced"),
        ("EmailSendErrorStatus", "failed to send (details)"),
    ]

    /// Every pool the vendor documents, in the seed's order.
    public static var allKnown: [EmailPool] { known.map { EmailPool(known: $0.name) } }

    /// Whether the vendor documents this pool.
    public var isKnown: Bool { meaning != nil }

    /// What the pool means, in English; `nil` for a name the SDK does not know.
    public var meaning: String? { Self.known.first { $0.name == rawValue }?.meaning }

    /// Whether a response field named `name` reports a pool: a documented name, or any name that
    /// starts with `Email` and ends with `Pool` or `Status` (case-insensitive).
    public static func isPoolField(_ name: String) -> Bool {
        if known.contains(where: { $0.name.caseInsensitiveEquals(name) }) { return true }
        let lower = name.lowercased()
        return lower.hasPrefix("email") && (lower.hasSuffix("pool") || lower.hasSuffix("status")) && lower.count > 5
    }

    /// The field name.
    public var description: String { rawValue }
}
