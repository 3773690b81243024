import Foundation

extension V3Request {
    /// `sendmms`: one picture (and an optional text) to one or more Taiwan numbers.
    ///
    /// Members: `subject`, `msg`, `mobiles`, `sendtime`, `retrytime`, `attachment` (base64),
    /// `type` (`jpg` or `png`, from the picture's bytes), then `eventid` when given.
    ///
    /// - Throws: `ValidationError` for `mobiles[i]` (Taiwan only), `subject` (required: up to 15
    ///   characters, or 39 in ASCII only), `msg` (up to 4000 characters, 300 KB with the picture),
    ///   `attachment` (png or jpeg only), `sendtime`, `retrytime`, `eventid`.
    static func sendMMS(
        to recipients: [String], subject: String, text: String = "", attachment: MMSAttachment, at sendTime: Date? = nil,
        validity: Duration? = nil, eventID: String? = nil, options: V3RequestOptions = .init()
    ) throws -> V3Request {
        let message = try V3TextMessage(recipients: recipients, text: text, subject: subject, sendTime: sendTime,
                                        validity: validity, eventID: eventID, options: options, isMMS: true)
        try MMSValidation.text(text, attachment: attachment, field: "msg")
        let picture = try V3Picture(attachment)
        let members = message.members(extra: nil, picture: (picture.base64, picture.type))
        return V3Request(operation: .v3SendMMS, members: members,
                         rule: .send(SendContext(recipients: message.mobiles, references: message.references, advice: SendContext.mmsAdvice)))
    }
}
