/// SMS or MMS, for the calls that exist for both: delivery reports and cancelling a booking.
public enum MessageKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A text message.
    case sms = "SMS"
    /// A picture message.
    case mms = "MMS"

    /// `SMS` or `MMS`.
    public var description: String { rawValue }
}
