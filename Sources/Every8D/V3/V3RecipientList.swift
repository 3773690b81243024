import Foundation

/// A checked `recipientdatalist`: one `{"mobile","sendtime","params","mr"}` object per recipient,
/// for the exclusive (`sendexclusive_sms`, `sendexclusive_mms`) and template (`sendparam_sms`,
/// `sendparam_mms`) sends.
///
/// API 3.0 carries neither a recipient's name nor an e-mail address (2.1's `Name` and `Email`):
/// a ``PersonalizedMessage`` or ``TemplateRecipient`` that has one is refused rather than sent
/// without it.
struct V3RecipientList: Sendable {
    struct Entry: Sendable {
        let mobile: String
        let sendTime: String
        let params: String
        let reference: String
    }

    let entries: [Entry]

    /// A recipient's field name, such as `recipientdatalist[3].mobile` for the third (1-based, as
    /// every list field the SDK names): passed as an autoclosure, so it is built only when a check fails.
    static func field(_ index: Int, _ name: String) -> String { "recipientdatalist[\(index + 1)].\(name)" }

    /// Each message's whole text as its `params`.
    ///
    /// - Parameter attachment: The picture, for MMS (Taiwan numbers only, text up to 4000
    ///   characters, picture and text up to 300 KB).
    init(personalized messages: [PersonalizedMessage], attachment: MMSAttachment?, options: V3RequestOptions) throws {
        guard !messages.isEmpty else { throw ValidationError(field: "recipientdatalist", reason: "no recipients") }
        let now = options.now
        var entries: [Entry] = []
        entries.reserveCapacity(messages.count)
        for (index, message) in messages.enumerated() {
            let mobile = try Self.mobile(message.mobile, index: index, isMMS: attachment != nil, options: options)
            try Self.refuseNameAndEmail(name: message.name, email: message.email, index: index)
            try SendValidation.text(message.text, field: Self.field(index, "params"))
            if let attachment { try MMSValidation.text(message.text, attachment: attachment, field: Self.field(index, "params")) }
            let sendTime = try SendValidation.sendTime(message.sendAt, now: now(), field: Self.field(index, "sendtime"))
            entries.append(Entry(mobile: mobile, sendTime: sendTime, params: message.text, reference: message.messageReference ?? ""))
        }
        try Self.checkReferences(messages.lazy.map(\.messageReference))
        self.entries = entries
    }

    /// Each recipient's values for `template`, joined with commas, as many as the template's
    /// highest `%fieldN%` (padded with empty values; values past it are not used by the text and
    /// are left out, as 2.1's gateway ignores them).
    ///
    /// - Throws: `ValidationError` for `paramsContent` (empty, or a placeholder other than
    ///   `%field1%` … `%field5%`), and for a recipient's `params` when it has more than five values
    ///   or a used value contains `,`, the separator.
    init(template: String, recipients: [TemplateRecipient], attachment: MMSAttachment?, options: V3RequestOptions) throws {
        try TemplateValidation.template(template, field: "paramsContent")
        guard !recipients.isEmpty else { throw ValidationError(field: "recipientdatalist", reason: "no recipients") }
        let used = Self.highestField(in: template)
        let now = options.now
        var entries: [Entry] = []
        entries.reserveCapacity(recipients.count)
        for (index, recipient) in recipients.enumerated() {
            let mobile = try Self.mobile(recipient.mobile, index: index, isMMS: attachment != nil, options: options)
            try Self.refuseNameAndEmail(name: recipient.name, email: recipient.email, index: index)
            guard recipient.values.count <= TemplateRecipient.maximumValues else {
                throw ValidationError(field: Self.field(index, "params"), value: recipient.values.joined(separator: ","),
                                      reason: "\(recipient.values.count) values; a template takes at most \(TemplateRecipient.maximumValues)")
            }
            var values = Array(recipient.values.prefix(used))
            values += Array(repeating: "", count: used - values.count)
            for (position, value) in values.enumerated() where value.contains(",") {
                throw ValidationError(field: Self.field(index, "params"), value: value,
                                      reason: "value \(position + 1) contains ',', API 3.0's separator between values")
            }
            if let attachment {
                try MMSValidation.text(recipient.render(template), attachment: attachment, field: Self.field(index, "params"))
            }
            let sendTime = try SendValidation.sendTime(recipient.sendAt, now: now(), field: Self.field(index, "sendtime"))
            entries.append(Entry(mobile: mobile, sendTime: sendTime, params: values.joined(separator: ","),
                                 reference: recipient.messageReference ?? ""))
        }
        try Self.checkReferences(recipients.lazy.map(\.messageReference))
        self.entries = entries
    }

    /// `"recipientdatalist":[{"mobile":…,"sendtime":…,"params":…,"mr":…},…]`.
    func write(into members: inout OutgoingJSON.Writer) {
        members.addArray("recipientdatalist", count: entries.count) { object, index in
            object.add("mobile", entries[index].mobile)
            object.add("sendtime", entries[index].sendTime)
            object.add("params", entries[index].params)
            object.add("mr", entries[index].reference)
        }
    }

    /// About how many bytes ``write(into:)`` writes.
    var estimatedSize: Int {
        entries.reduce(24) { $0 + 48 + $1.mobile.utf8.count + $1.sendTime.utf8.count + $1.params.utf8.count + $1.reference.utf8.count }
    }

    var mobiles: [String] { entries.map(\.mobile) }

    /// The non-empty `mr` values, joined with commas, under `mr`.
    func addReferences(to references: inout [String: String]) {
        let mrs = entries.map(\.reference).filter { !$0.isEmpty }
        if !mrs.isEmpty { references["mr"] = mrs.joined(separator: ",") }
    }

    /// The highest `N` of the `%fieldN%` placeholders in a checked template (0 for none).
    static func highestField(in template: String) -> Int {
        (1...TemplateRecipient.maximumValues).last { template.contains("%field\($0)%") } ?? 0
    }

    private static func mobile(_ raw: String, index: Int, isMMS: Bool, options: V3RequestOptions) throws -> String {
        let checked = try V3MobileNumber.checked(raw, field: field(index, "mobile"), normalizeTaiwan: options.normalizesTaiwanNumbers)
        if isMMS, !checked.isTaiwan {
            throw ValidationError(field: field(index, "mobile"), value: checked.number, reason: "MMS can only be sent to Taiwan numbers")
        }
        return checked.number
    }

    private static func refuseNameAndEmail(name: String, email: String, index: Int) throws {
        if !name.isEmpty {
            throw ValidationError(field: field(index, "name"), value: name, reason: "API 3.0 has no recipient name; leave it empty")
        }
        if !email.isEmpty {
            throw ValidationError(field: field(index, "email"), value: email, reason: "API 3.0 sends no e-mail copy; leave it empty")
        }
    }

    private static func checkReferences(_ references: some Sequence<String?>) throws {
        try SendValidation.uniqueReferences(references) { field($0, "mr") }
    }
}
