/// Which recipient of a job `Status.aspx` reports on; one of the three documented forms.
///
/// Each form goes with the job's `LaunchID` (see ``OmiCardClient/status(launchID:for:redirects:)``). Being
/// one enum, an invalid combination (an external reference without a job type, or two targets at
/// once) cannot be built. By e-mail address or number the gateway works out the job type itself.
public enum StatusQuery: Sendable, Hashable {
    /// `EmailAddress`: a recipient of an e-mail job.
    case email(String)
    /// `SMSNumber`: a recipient of an SMS job.
    case smsNumber(String)
    /// `ExternRefNum` + `JobType`: the recipient with your reference (an SMS job's ``SMSJob/refID``).
    case externalReference(String, jobType: JobType)

    /// The job type this query implies, when it implies one.
    public var jobType: JobType? {
        switch self {
        case .email: return .email
        case .smsNumber: return .sms
        case .externalReference(_, let jobType): return jobType
        }
    }

    /// Checks the target and builds its fields.
    ///
    /// - Throws: ``ValidationError`` naming `EmailAddress`, `SMSNumber` or `ExternRefNum`.
    func parts() throws -> [MultipartFormData.Part] {
        switch self {
        case .email(let raw):
            let address = raw.trimmingASCIIWhitespace()
            guard !address.isEmpty else {
                throw ValidationError(field: "EmailAddress", reason: "the address is empty")
            }
            let pieces = address.split(separator: "@", omittingEmptySubsequences: false)
            guard pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty,
                  !address.unicodeScalars.contains(where: { $0 == " " || $0 == "," || $0 == "\r" || $0 == "\n" || $0 == "\t" }) else {
                throw ValidationError(field: "EmailAddress", value: address, reason: "is not an e-mail address")
            }
            return [.text(name: "EmailAddress", value: address)]
        case .smsNumber(let raw):
            return [.text(name: "SMSNumber", value: try PhoneNumber.checked(raw, field: "SMSNumber"))]
        case .externalReference(let reference, let jobType):
            guard !reference.trimmingASCIIWhitespace().isEmpty else {
                throw ValidationError(field: "ExternRefNum", reason: "the external reference is empty")
            }
            return [.text(name: "ExternRefNum", value: reference), .text(name: "JobType", value: String(jobType.rawValue))]
        }
    }
}
