import Foundation

/// The deterministic outcomes of the EVERY8D sandbox: what happens to a message is decided by
/// the **last digit** of the recipient's number.
///
/// | last digit | delivery status (DR) | reply (MO) |
/// | --- | --- | --- |
/// | 0–5 | 100 delivered (MMS: 700 sent) | none |
/// | 6 | 101 phone off / unreachable | none |
/// | 7 | 103 wrong or empty number | none |
/// | 8 | 0 at the carrier, forever | none |
/// | 9 | 100 delivered (MMS: 700) | one SMS reply, ``replyText`` |
///
/// Before that, a message booked for later (`ST`/`SendTime` in the future) is **300** until it is
/// due or cancelled (**303**, points refunded); a message that is due is **0** (at the carrier)
/// for ``Every8DSandboxState/Configuration/carrierDelay`` (zero by default) and then takes its
/// final status. Messages not sent have **301** (no credit) or **500** (international sending
/// disabled). The reply of a number ending in 9 arrives when the message is delivered.
/// ``Every8DSandboxState/setStatus(_:batchID:mobile:)`` and
/// ``Every8DSandboxState/addReply(batchID:mobile:text:at:)`` override or add to all of this.
///
/// International numbers are those starting with `+` and a country code other than 886, for
/// example `+14155550100` or `+85291234567`; they cost 3× and need
/// ``Every8DSandboxAccount/internationalEnabled``.
public enum Every8DScenario {
    /// The text of the reply a number ending in 9 sends back.
    public static let replyText = "收到，謝謝！"

    /// The final delivery status of a message to `mobile`.
    ///
    /// - Parameters:
    ///   - mobile: The number (its last character decides).
    ///   - kind: SMS or MMS (a delivered MMS reports 700).
    public static func finalStatus(forMobile mobile: String, kind: Every8DSandboxBatch.Kind) -> Int {
        switch mobile.last {
        case "6": return 101
        case "7": return 103
        case "8": return 0
        default: return kind == .mms ? 700 : 100
        }
    }

    /// Whether a message to `mobile` gets a reply.
    public static func replies(forMobile mobile: String, kind: Every8DSandboxBatch.Kind) -> Bool {
        kind == .sms && mobile.last == "9"
    }
}
