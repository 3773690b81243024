import Foundation

/// Estimates the points a send will cost, without the network, from EVERY8D's billing table.
///
/// SMS: one long message of up to 333 characters costs 1 point up to 70 characters, 2 up to
/// 134, 3 up to 201, 4 up to 268 and 5 up to 333; a longer text is split into parts of 333 billed
/// the same way. `EventID` adds a 17-character link. International numbers (not `+886`) cost 3×.
/// Characters are counted as UTF-16 units, as carriers count them (an emoji is two).
///
/// MMS: 3 points per message up to 50 KB of picture and text, 5 up to 300 KB; Taiwan only.
///
/// These are estimates: the gateway's bill (``SendReceipt/cost``) is the truth.
public enum CostEstimator {
    /// An estimate for one send.
    public struct Estimate: Sendable, Hashable {
        /// The points for the whole send.
        public var points: Decimal
        /// How many recipients are in Taiwan (`+886`, `09…`).
        public var domesticRecipients: Int
        /// How many recipients are abroad (billed 3×).
        public var internationalRecipients: Int

        /// Creates an estimate.
        public init(points: Decimal, domesticRecipients: Int, internationalRecipients: Int) {
            self.points = points
            self.domesticRecipients = domesticRecipients
            self.internationalRecipients = internationalRecipients
        }
    }

    /// The characters one long SMS holds.
    public static let longMessageLimit = 333
    /// The characters `EventID`'s link adds.
    public static let eventIDLinkLength = 17
    /// The multiplier for numbers outside Taiwan.
    public static let internationalMultiplier = 3

    private static let tiers = [70, 134, 201, 268, 333]

    /// The characters the gateway bills for `text`: UTF-16 units, plus the link when `withEventID`.
    public static func billedCharacters(_ text: String, withEventID: Bool = false) -> Int {
        text.utf16.count + (withEventID ? eventIDLinkLength : 0)
    }

    /// The points for one Taiwan recipient of a text of `characters` characters (0 for none).
    public static func smsPoints(characters: Int) -> Int {
        guard characters > 0 else { return 0 }
        var remaining = characters
        var points = 0
        while remaining > 0 {
            let part = min(remaining, longMessageLimit)
            points += (tiers.firstIndex { part <= $0 } ?? tiers.count - 1) + 1
            remaining -= part
        }
        return points
    }

    /// Estimates one text sent to every number in `recipients`.
    ///
    /// - Parameters:
    ///   - text: The message.
    ///   - recipients: The numbers, as for ``Every8DClient/sendSMS(to:text:subject:at:validity:eventID:idempotencyKey:)-([String],_,_,_,_,_,_)``.
    ///   - eventID: The event id, if the send will carry one.
    /// - Throws: `ValidationError` for a number that is neither `09xxxxxxxx` nor `+` and 8–15 digits.
    public static func sms(text: String, recipients: [String], eventID: String? = nil) throws -> Estimate {
        let numbers = try recipients.enumerated().map { try MobileNumber.normalized($1, field: "DEST[\($0 + 1)]", normalizeTaiwan: true) }
        let perMessage = smsPoints(characters: billedCharacters(text, withEventID: eventID != nil))
        return estimate(numbers.map { ($0, perMessage) })
    }

    /// Estimates a personalized send: each message at its own length.
    ///
    /// - Throws: `ValidationError` for a bad number.
    public static func sms(_ messages: [PersonalizedMessage], eventID: String? = nil) throws -> Estimate {
        let priced = try messages.enumerated().map { index, message in
            (try MobileNumber.normalized(message.mobile, field: "RecipientDataList[\(index + 1)].Mobile", normalizeTaiwan: true),
             smsPoints(characters: billedCharacters(message.text, withEventID: eventID != nil)))
        }
        return estimate(priced)
    }

    /// Estimates a template send: each recipient's filled-in text at its own length.
    ///
    /// - Throws: `ValidationError` for a bad number.
    public static func sms(template: String, recipients: [TemplateRecipient], eventID: String? = nil) throws -> Estimate {
        let priced = try recipients.enumerated().map { index, recipient in
            (try MobileNumber.normalized(recipient.mobile, field: "RecipientDataList[\(index + 1)].Mobile", normalizeTaiwan: true),
             smsPoints(characters: billedCharacters(recipient.render(template), withEventID: eventID != nil)))
        }
        return estimate(priced)
    }

    /// The points for one MMS of `contentBytes` bytes of picture and text: 3 up to 50 KB, 5 up to
    /// 300 KB, `nil` beyond (the gateway refuses it).
    public static func mmsPoints(contentBytes: Int) -> Int? {
        switch contentBytes {
        case ...(50 * 1024): return 3
        case ...MMSAttachment.maximumContentBytes: return 5
        default: return nil
        }
    }

    /// Estimates one MMS sent to every number in `recipients`.
    ///
    /// - Throws: `ValidationError` for a bad or non-Taiwan number, or content over 300 KB.
    public static func mms(attachment: MMSAttachment, text: String = "", recipients: [String]) throws -> Estimate {
        let numbers = try recipients.enumerated().map { try MobileNumber.normalized($1, field: "DEST[\($0 + 1)]", normalizeTaiwan: true) }
        try MMSValidation.taiwanOnly(numbers) { "DEST[\($0 + 1)]" }
        guard let points = mmsPoints(contentBytes: attachment.data.count + text.utf8.count) else {
            throw ValidationError(field: "MSG", reason: "picture and text are over 300 KB")
        }
        return Estimate(points: Decimal(points * numbers.count), domesticRecipients: numbers.count, internationalRecipients: 0)
    }

    private static func estimate(_ priced: [(number: String, points: Int)]) -> Estimate {
        var total = 0, domestic = 0, international = 0
        for (number, points) in priced {
            if MobileNumber.isTaiwan(number) {
                domestic += 1
                total += points
            } else {
                international += 1
                total += points * internationalMultiplier
            }
        }
        return Estimate(points: Decimal(total), domesticRecipients: domestic, internationalRecipients: international)
    }
}
