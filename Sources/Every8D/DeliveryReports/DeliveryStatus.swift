/// The state of one message as EVERY8D reports it (`STATUS` in delivery reports and push reports).
///
/// Known codes are static members with a ``meaning`` and a ``category``; any other number is kept
/// as it came (``isKnown`` is then `false`), so a new code never breaks parsing.
///
/// Two statuses are equal when their codes are. The ``meaning`` follows the documents of the API
/// that reported the status: the legacy SOAP API words `105`–`107` differently from the HTTP API.
public struct DeliveryStatus: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// What a status means for the sender.
    public enum Category: String, Sendable, Hashable, CaseIterable {
        /// Handed to the carrier; waiting for the handset.
        case pending
        /// Delivered to the handset.
        case delivered
        /// Sent, delivery not confirmed (`700`, MMS): the carrier gives no handset receipt, so
        /// this is the final state of an MMS that went out.
        case sent
        /// Not delivered and will not be.
        case failed
        /// A booking, waiting for its send time.
        case scheduled
        /// A booking that was cancelled.
        case cancelled
        /// Not a delivery state: a reply (MO) from the recipient.
        case reply
        /// Sent in the account's test mode: accepted, not delivered.
        case testMode
        /// A code this SDK does not know.
        case unknown
    }

    /// The number as the gateway sent it.
    public let rawValue: Int
    /// Whose documents word ``meaning``.
    private let wording: Wording

    private enum Wording: Sendable { case http, soap }

    /// Creates a status from its number (any number is accepted), worded as the HTTP API documents it.
    public init(rawValue: Int) {
        self.rawValue = rawValue
        self.wording = .http
    }

    /// The same status, worded as the legacy SOAP API documents it.
    var soapWorded: DeliveryStatus {
        DeliveryStatus(rawValue: rawValue, wording: .soap)
    }

    private init(rawValue: Int, wording: Wording) {
        self.rawValue = rawValue
        self.wording = wording
    }

    /// Equal when the codes are, whichever API worded them.
    public static func == (lhs: DeliveryStatus, rhs: DeliveryStatus) -> Bool { lhs.rawValue == rhs.rawValue }

    /// Hashes the code.
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    /// The recipient's handset does not support MMS (`-10`).
    public static let mmsNotSupported = DeliveryStatus(rawValue: -10)
    /// The number has an invalid format (`-8`).
    public static let invalidNumberFormat = DeliveryStatus(rawValue: -8)
    /// The scheduled send time (DT) has an invalid format (`-6`, SOAP API).
    public static let invalidSendTimeFormat = DeliveryStatus(rawValue: -6)
    /// The message is too long (`-5`).
    public static let messageTooLong = DeliveryStatus(rawValue: -5)
    /// The send time is more than 24 hours in the past, or malformed (`-4`).
    public static let sendTimeExpired = DeliveryStatus(rawValue: -4)
    /// The number is invalid or on the interactive blacklist (`-3`).
    public static let blacklistedOrInvalidNumber = DeliveryStatus(rawValue: -3)
    /// Wrong API account or password (`-2`).
    public static let wrongCredentials = DeliveryStatus(rawValue: -2)
    /// Invalid parameters (`-1`).
    public static let invalidParameters = DeliveryStatus(rawValue: -1)
    /// At the carrier, waiting for the handset (`0`).
    public static let sentToCarrier = DeliveryStatus(rawValue: 0)
    /// Delivered to the handset (`100`).
    public static let delivered = DeliveryStatus(rawValue: 100)
    /// The handset was off, out of signal or full (`101`).
    public static let handsetUnreachable = DeliveryStatus(rawValue: 101)
    /// The carrier's network or equipment failed (`102`).
    public static let carrierNetworkFailure = DeliveryStatus(rawValue: 102)
    /// The number is wrong, unassigned or suspended (`103`).
    public static let numberNotInService = DeliveryStatus(rawValue: 103)
    /// The number is on the carrier's blacklist (`104`).
    public static let carrierBlacklisted = DeliveryStatus(rawValue: 104)
    /// The carrier blocked the text for sensitive keywords (`105`; older documents: a handset fault).
    public static let blockedByCarrier = DeliveryStatus(rawValue: 105)
    /// EVERY8D blocked the text for sensitive keywords (`106`; older documents: a carrier fault).
    public static let blockedBySystem = DeliveryStatus(rawValue: 106)
    /// Not delivered before the validity period ended (`107`).
    public static let expired = DeliveryStatus(rawValue: 107)
    /// A booking waiting for its send time (`300`).
    public static let scheduled = DeliveryStatus(rawValue: 300)
    /// Not sent: no credit, or not enough (`301`).
    public static let insufficientCredit = DeliveryStatus(rawValue: 301)
    /// The booking was cancelled (`303`).
    public static let bookingCancelled = DeliveryStatus(rawValue: 303)
    /// An international number, and international SMS is not enabled for the account (`500`).
    public static let internationalNotEnabled = DeliveryStatus(rawValue: 500)
    /// The MMS was sent, delivery not confirmed (`700`, `已傳送`); MMS has no handset receipt, so
    /// this is final. Its category is ``Category/sent``, not ``Category/delivered``.
    public static let mmsSent = DeliveryStatus(rawValue: 700)
    /// Accepted in test mode, not delivered (`888`).
    public static let testMode = DeliveryStatus(rawValue: 888)
    /// A reply (MO) from the recipient, not a delivery state (`999`).
    public static let reply = DeliveryStatus(rawValue: 999)

    /// Every status this SDK knows.
    public static let known: [DeliveryStatus] = [
        .mmsNotSupported, .invalidNumberFormat, .invalidSendTimeFormat, .messageTooLong, .sendTimeExpired,
        .blacklistedOrInvalidNumber, .wrongCredentials, .invalidParameters, .sentToCarrier, .delivered,
        .handsetUnreachable, .carrierNetworkFailure, .numberNotInService, .carrierBlacklisted, .blockedByCarrier,
        .blockedBySystem, .expired, .scheduled, .insufficientCredit, .bookingCancelled, .internationalNotEnabled,
        .mmsSent, .testMode, .reply,
    ]

    /// Whether this SDK knows the code.
    public var isKnown: Bool { Self.meanings[rawValue] != nil }

    /// What the code means, in English, as the API that reported it documents it.
    public var meaning: String {
        if wording == .soap, let soap = Self.soapMeanings[rawValue] { return soap }
        return Self.meanings[rawValue] ?? "unknown status \(rawValue)"
    }

    /// What the code means for the sender.
    ///
    /// Unknown codes are ``Category/failed`` when negative or between 101 and 199 (the ranges of
    /// failures before and at the carrier), ``Category/unknown`` otherwise.
    public var category: Category {
        switch rawValue {
        case 0: return .pending
        case 100: return .delivered
        case 700: return .sent
        case 300: return .scheduled
        case 303: return .cancelled
        case 888: return .testMode
        case 999: return .reply
        case 301, 500: return .failed
        case ..<0, 101...199: return .failed
        default: return .unknown
        }
    }

    /// Whether the state will not change any more (everything but pending and scheduled).
    public var isFinal: Bool {
        category != .pending && category != .scheduled
    }

    /// `100 (delivered to the handset)`.
    public var description: String { "\(rawValue) (\(meaning))" }

    /// The SOAP API's wording where it differs (seed 003's status table; 004 calls 107 a timeout).
    private static let soapMeanings: [Int: String] = [
        105: "the handset had a device problem or an unexpected error",
        106: "an unexpected error in the carrier's system while sending",
        107: "not received: the handset was off, out of signal or its SMS function failed (timed out)",
    ]

    private static let meanings: [Int: String] = [
        -10: "the handset does not support MMS",
        -8: "the number has an invalid format",
        -6: "the send time has an invalid format",
        -5: "the message is too long",
        -4: "the send time is more than 24 hours in the past",
        -3: "the number is invalid or blacklisted",
        -2: "wrong API account or password",
        -1: "invalid parameters",
        0: "at the carrier, waiting for the handset",
        100: "delivered to the handset",
        101: "the handset was off, out of signal or full",
        102: "the carrier's network or equipment failed",
        103: "the number is wrong, unassigned or suspended",
        104: "the number is on the carrier's blacklist",
        105: "blocked by the carrier (sensitive keywords)",
        106: "blocked by EVERY8D (sensitive keywords)",
        107: "not delivered before the validity period ended",
        300: "scheduled",
        301: "not sent: insufficient credit",
        303: "booking cancelled",
        500: "international number, international SMS not enabled",
        700: "MMS sent, delivery not confirmed",
        888: "test mode, not delivered",
        999: "a reply from the recipient",
    ]
}
