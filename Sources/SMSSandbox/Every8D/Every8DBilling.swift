import Foundation

/// How the EVERY8D sandbox charges points, after the vendor's billing table.
///
/// **SMS.** Length is counted in UTF-16 code units (what .NET's `string.Length` counts, so an
/// emoji counts 2), plus 17 when an `EventID` is given (the reply link the gateway appends):
///
/// | characters | points |
/// | --- | --- |
/// | 1–70 | 1 |
/// | 71–134 | 2 |
/// | 135–201 | 3 |
/// | 202–268 | 4 |
/// | 269–333 | 5 |
///
/// Longer texts are split by the gateway into 333-character parts, each billed by the table
/// (334 characters: 5 + 1 = 6 points; 666: 10). A message to an international number (not
/// `+886`) costs three times as much.
///
/// **MMS.** Picture bytes plus the UTF-8 bytes of the text: up to 50 KB (51 200 bytes) 3 points,
/// up to 300 KB (307 200 bytes) 5 points; larger is refused.
public enum Every8DBilling {
    /// The longest SMS text billed as one long message.
    public static let longMessageLimit = 333
    /// The characters an `EventID` adds to the text.
    public static let eventLinkLength = 17
    /// The largest MMS content (picture plus text) in bytes.
    public static let mmsMaxBytes = 300 * 1024
    /// The largest MMS content billed at the lower rate, in bytes.
    public static let mmsSmallBytes = 50 * 1024

    /// The length the gateway counts for a text: UTF-16 code units.
    public static func characterCount(_ text: String) -> Int {
        text.utf16.count
    }

    /// The points for an SMS of `characters` characters to a Taiwan number.
    public static func smsPoints(characters: Int) -> Int {
        guard characters > 0 else { return 0 }
        let fullParts = characters / longMessageLimit
        let rest = characters % longMessageLimit
        return fullParts * 5 + pointsWithinLimit(rest)
    }

    /// The points for one SMS.
    ///
    /// - Parameters:
    ///   - text: The text as sent.
    ///   - withEventLink: Whether an `EventID` was given (adds 17 characters).
    ///   - international: Whether the number is international (three times the points).
    public static func smsPoints(text: String, withEventLink: Bool, international: Bool) -> Decimal {
        let characters = characterCount(text) + (withEventLink ? eventLinkLength : 0)
        return Decimal(smsPoints(characters: characters) * (international ? 3 : 1))
    }

    /// The points for one MMS whose picture and text take `contentBytes` bytes, or `nil` when
    /// the content is over 300 KB.
    public static func mmsPoints(contentBytes: Int) -> Decimal? {
        if contentBytes <= mmsSmallBytes { return 3 }
        if contentBytes <= mmsMaxBytes { return 5 }
        return nil
    }

    private static func pointsWithinLimit(_ characters: Int) -> Int {
        switch characters {
        case ...0: return 0
        case ...70: return 1
        case ...134: return 2
        case ...201: return 3
        case ...268: return 4
        default: return 5
        }
    }
}
