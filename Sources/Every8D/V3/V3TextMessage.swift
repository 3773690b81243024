import Foundation

/// A checked text (or picture) for many numbers: `sendsms`, the filtered send and `sendmms`.
struct V3TextMessage: Sendable {
    enum Filter { case send, dryRun }

    let mobiles: [String]
    let text: String
    let subject: String
    let sendTime: String
    let validityMinutes: Int
    let eventID: String?

    init(recipients: [String], text: String, subject: String, sendTime: Date?, validity: Duration?, eventID: String?,
         options: V3RequestOptions, isMMS: Bool = false) throws {
        let checked = try V3MobileNumber.recipients(recipients, normalizeTaiwan: options.normalizesTaiwanNumbers)
        mobiles = checked.map(\.number)
        if isMMS {
            if let index = checked.firstIndex(where: { !$0.isTaiwan }) {
                throw ValidationError(field: "mobiles[\(index + 1)]", value: mobiles[index], reason: "MMS can only be sent to Taiwan numbers")
            }
            try MMSValidation.v3Subject(subject)
        } else {
            try SendValidation.text(text, field: "msg")
            try SendValidation.subject(subject, field: "subject")
        }
        self.text = text
        self.subject = subject
        self.sendTime = try SendValidation.sendTime(sendTime, now: options.now(), field: "sendtime")
        self.validityMinutes = try SendValidation.validityMinutes(validity, field: "retrytime")
        self.eventID = try SendValidation.eventID(eventID, field: "eventid")
    }

    /// `subject msg mobiles sendtime retrytime`, then `issend` for the filtered send, the picture
    /// for an MMS, and `eventid` last when given.
    func members(extra filter: Filter?, picture: (base64: String, type: String)? = nil) -> OutgoingJSON {
        let destinations = mobiles.count == 1 ? mobiles[0] : mobiles.joined(separator: ",")
        let estimate = 96 + subject.utf8.count + text.utf8.count + destinations.utf8.count + (eventID?.utf8.count ?? 0)
            + (picture?.base64.utf8.count ?? 0)
        return OutgoingJSON(estimatedSize: estimate) { [self] members in
            members.add("subject", subject)
            members.add("msg", text)
            members.add("mobiles", destinations)
            members.add("sendtime", sendTime)
            members.add("retrytime", SendValidation.minutesText(validityMinutes))
            if let filter { members.add("issend", filter == .send) }
            if let picture {
                members.add("attachment", picture.base64)
                members.add("type", picture.type)
            }
            if let eventID { members.add("eventid", eventID) }
        }
    }

    /// What identifies the send in the gateway's records.
    var references: [String: String] {
        var references = ["subject": subject]
        if !sendTime.isEmpty { references["sendtime"] = sendTime }
        if let eventID { references["eventid"] = eventID }
        return references
    }
}
