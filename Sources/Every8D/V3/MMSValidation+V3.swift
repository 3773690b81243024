extension MMSValidation {
    /// API 3.0's MMS subject: required (every 3.0 MMS table marks `subject` M, and 3.1 limits it),
    /// then the limits 3.0 shares with 2.1 over HTTP: 15 characters, or 39 in ASCII only.
    static func v3Subject(_ subject: String) throws {
        guard !subject.trimmingASCIIWhitespace().isEmpty else {
            throw ValidationError(field: "subject", reason: "an API 3.0 MMS needs a subject")
        }
        try MMSValidation.subject(subject, api: .http, field: "subject")
    }
}
