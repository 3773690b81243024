import Foundation

/// One recipient of a personalized (exclusive) send: a text written for that person alone.
///
/// Used with ``Every8DClient/sendPersonalizedSMS(_:subject:validity:eventID:idempotencyKey:)`` and
/// ``Every8DClient/sendPersonalizedMMS(_:subject:attachment:validity:eventID:idempotencyKey:)``; each becomes one
/// entry of `RecipientDataList` with the text in `Param`.
public struct PersonalizedMessage: Sendable, Hashable {
    /// The recipient's number (`Mobile`): `09xxxxxxxx` or `+` and 8 to 15 digits.
    public var mobile: String
    /// The whole text for this recipient (`Param`).
    public var text: String
    /// A name shown in the gateway's records (`Name`, default empty).
    public var name: String
    /// An e-mail address that also gets the text, free of charge (`Email`, default empty).
    public var email: String
    /// When to send this message, Taiwan time on the wire (`SendTime`; `nil` sends now).
    public var sendAt: Date?
    /// A code for this message, unique within the request, echoed in delivery reports (`Mr`).
    public var messageReference: String?

    /// Creates a personalized message.
    ///
    /// - Parameters:
    ///   - mobile: The recipient's number.
    ///   - text: The whole text for this recipient.
    ///   - name: A name for the gateway's records.
    ///   - email: An address that also receives the text.
    ///   - sendAt: When to send it (`nil` for now).
    ///   - messageReference: A code unique within the request (`Mr`).
    public init(mobile: String, text: String, name: String = "", email: String = "", sendAt: Date? = nil, messageReference: String? = nil) {
        self.mobile = mobile
        self.text = text
        self.name = name
        self.email = email
        self.sendAt = sendAt
        self.messageReference = messageReference
    }
}

/// One recipient of a template (param) send: up to five values for `%field1%` … `%field5%`.
///
/// Used with ``Every8DClient/sendTemplateSMS(template:recipients:subject:validity:eventID:idempotencyKey:)`` and
/// ``Every8DClient/sendTemplateMMS(template:recipients:subject:attachment:validity:eventID:idempotencyKey:)``. The
/// values travel as `Param`, joined with `|` and padded to five (`小明|2021/09/30|||`), so a value
/// cannot contain `|`.
public struct TemplateRecipient: Sendable, Hashable {
    /// The most values a template takes.
    public static let maximumValues = 5

    /// The recipient's number (`Mobile`).
    public var mobile: String
    /// The values for `%field1%` … `%field5%`, in order; fewer than five are padded with empty values.
    public var values: [String]
    /// A name shown in the gateway's records (`Name`).
    public var name: String
    /// An e-mail address that also gets the text (`Email`).
    public var email: String
    /// When to send this message (`SendTime`; `nil` sends now).
    public var sendAt: Date?
    /// A code for this message, unique within the request (`Mr`).
    public var messageReference: String?

    /// Creates a template recipient.
    ///
    /// - Parameters:
    ///   - mobile: The recipient's number.
    ///   - values: Up to five values for `%field1%` … `%field5%`.
    ///   - name: A name for the gateway's records.
    ///   - email: An address that also receives the text.
    ///   - sendAt: When to send it (`nil` for now).
    ///   - messageReference: A code unique within the request (`Mr`).
    public init(mobile: String, values: [String], name: String = "", email: String = "", sendAt: Date? = nil, messageReference: String? = nil) {
        self.mobile = mobile
        self.values = values
        self.name = name
        self.email = email
        self.sendAt = sendAt
        self.messageReference = messageReference
    }

    /// The `Param` value: the values joined with `|`, padded to five.
    public var param: String {
        (values + Array(repeating: "", count: max(0, Self.maximumValues - values.count))).joined(separator: "|")
    }

    /// The text this recipient receives: `template` with `%field1%` … `%field5%` replaced by the
    /// values (missing values as empty text). Useful for previews and cost estimates.
    public func render(_ template: String) -> String {
        var text = template
        for number in 1...Self.maximumValues {
            let value = number <= values.count ? values[number - 1] : ""
            text = text.replacingOccurrences(of: "%field\(number)%", with: value)
        }
        return text
    }

    /// Checks the values (`field` is this recipient's `Param`).
    func validateValues(field: @autoclosure () -> String) throws {
        guard values.count <= Self.maximumValues else {
            throw ValidationError(field: field(), reason: "\(values.count) values; a template takes at most \(Self.maximumValues)")
        }
        for (index, value) in values.enumerated() where value.contains("|") {
            throw ValidationError(field: field(), value: value, reason: "value \(index + 1) contains '|', the gateway's separator")
        }
    }
}

/// Checks a template's text: not empty, and only `%field1%` … `%field5%` placeholders.
enum TemplateValidation {
    static func template(_ template: String, field: String = "MSG") throws {
        try SendValidation.text(template, field: field)
        var rest = Substring(template)
        while let range = rest.range(of: "%field") {
            let after = rest[range.upperBound...]
            let digits = after.prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, after.dropFirst(digits.count).first == "%" {
                guard let number = Int(digits), (1...TemplateRecipient.maximumValues).contains(number) else {
                    throw ValidationError(field: field, reason: "%field\(digits)% is not one of %field1% … %field5%")
                }
            }
            rest = after
        }
    }
}
