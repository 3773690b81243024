import Foundation

extension V3Request {
    /// `sendsms`: one text to one or more numbers.
    ///
    /// Members after the authentication: `subject`, `msg`, `mobiles` (joined with commas),
    /// `sendtime` (empty for now), `retrytime`, then `eventid` when given; every value a string.
    ///
    /// - Throws: `ValidationError` for `mobiles[i]`, `msg`, `subject`, `sendtime`, `retrytime` or `eventid`.
    static func sendSMS(
        to recipients: [String], text: String, subject: String = "", at sendTime: Date? = nil, validity: Duration? = nil,
        eventID: String? = nil, options: V3RequestOptions = .init()
    ) throws -> V3Request {
        let message = try V3TextMessage(recipients: recipients, text: text, subject: subject, sendTime: sendTime,
                                        validity: validity, eventID: eventID, options: options)
        let members = message.members(extra: nil)
        return V3Request(operation: .v3SendSMS, members: members,
                         rule: .send(SendContext(recipients: message.mobiles, references: message.references, advice: SendContext.defaultAdvice)))
    }

    /// The duplicate-filtered send of section 2.5: like ``sendSMS(to:text:subject:at:validity:eventID:options:)``,
    /// leaving out every number that received the same text in the last 24 hours.
    ///
    /// Members: `subject`, `msg`, `mobiles`, `sendtime`, `retrytime`, `issend` (a JSON boolean,
    /// always written: `false` for a dry run). The section has no `eventid`.
    ///
    /// - Parameter dryRun: Only list the duplicates (`issend` false); a read, safe to repeat.
    /// - Throws: `ValidationError` as for `sendsms`, and for `eventid` when one is given.
    static func sendSMSFilteringDuplicates(
        to recipients: [String], text: String, subject: String = "", at sendTime: Date? = nil, validity: Duration? = nil,
        eventID: String? = nil, dryRun: Bool = false, options: V3RequestOptions = .init()
    ) throws -> V3Request {
        let message = try V3TextMessage(recipients: recipients, text: text, subject: subject, sendTime: sendTime,
                                        validity: validity, eventID: nil, options: options)
        if eventID != nil {
            throw ValidationError(field: "eventid", reason: "the duplicate-filtered send of API 3.0 takes no event id")
        }
        let members = message.members(extra: dryRun ? .dryRun : .send)
        let advice = "Repeat this call with dryRun: true (issend false) and the same text: the numbers it lists as filtered "
            + "already received this text in the last 24 hours. Send again only to the others."
        let rule: RepeatRule = dryRun ? .read : .send(SendContext(recipients: message.mobiles, references: message.references, advice: advice))
        return V3Request(operation: .v3SendSMSFilteringDuplicates, members: members, rule: rule)
    }
}
