/// `BodyFormat`: the kind of message. Support depends on the carrier.
public enum BodyFormat: Int, Sendable, Hashable, CaseIterable {
    /// 0: an ordinary SMS.
    case normal = 0
    /// 1: a flash (pop-up) SMS, shown at once and not stored.
    case flash = 1
    /// 2: a long (concatenated) SMS.
    case long = 2
}
