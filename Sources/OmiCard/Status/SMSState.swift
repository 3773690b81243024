/// `CurrentState`: where an SMS to one recipient stands. Unknown values are kept as they came.
public struct SMSState: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The number the gateway reported.
    public let rawValue: Int

    /// Creates a state from the gateway's number (any value is kept).
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// 1: waiting to be sent (`等候發送`).
    public static let queued = SMSState(rawValue: 1)
    /// 2: handed to the carrier, waiting for its report (state 3 or 4 follows).
    public static let atCarrier = SMSState(rawValue: 2)
    /// 3: delivered to the phone.
    public static let delivered = SMSState(rawValue: 3)
    /// 4: returned by the carrier, usually because the phone was off and the message timed out.
    public static let returnedByCarrier = SMSState(rawValue: 4)
    /// 5: refused by the carrier: a connection error, or a number or content the carrier's rules reject.
    public static let rejectedByCarrier = SMSState(rawValue: 5)
    /// 6: the `SMSNumber` is not a valid number.
    public static let invalidNumber = SMSState(rawValue: 6)

    /// The documented states, 1 to 6.
    public static let known: [SMSState] = [.queued, .atCarrier, .delivered, .returnedByCarrier, .rejectedByCarrier, .invalidNumber]

    /// What the state means, in English; `nil` for a value the vendor does not document.
    public var meaning: String? {
        switch rawValue {
        case 1: return "waiting to be sent"
        case 2: return "sent to the carrier, waiting for its report"
        case 3: return "delivered to the phone"
        case 4: return "returned by the carrier (usually the phone was off and the message timed out)"
        case 5: return "rejected by the carrier (connection error, or number or content against the carrier's rules)"
        case 6: return "the number is invalid"
        default: return nil
        }
    }

    /// Whether the state will not change any more (3, 4, 5 or 6); `false` for unknown values.
    public var isFinal: Bool { (3...6).contains(rawValue) }

    /// Whether the message reached the phone (state 3).
    public var isDelivered: Bool { rawValue == 3 }

    /// `3 (delivered to the phone)`, or the bare number for an unknown value.
    public var description: String {
        meaning.map { "\(rawValue) (\($0))" } ?? String(rawValue)
    }
}
