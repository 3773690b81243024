import Foundation

/// `Status.aspx`: the state of one recipient of a job.
///
/// `LaunchID` (a whole number, else 102) plus one of: `EmailAddress` (the sandbox has no
/// e-mail jobs: always 110), `SMSNumber` (`09…` and `+8869…` match each other), or
/// `ExternRefNum` with `JobType` 1 (SMS) or 2 (e-mail: 110); another or no `JobType` is 111.
/// Neither form is 102. Not found, or another account's job, is 110.
extension OmiCardSandbox {
    func status(_ call: OmiCardRequest, login: String, now: Date) async -> Result<[FormField], OmiCardFailure> {
        guard let text = call.nonEmpty("LaunchID"), let launchID = Int(text.trimmingASCIIWhitespace()) else {
            return .failure(.incorrectRequest)
        }
        let found: (OmiCardSandboxJob, OmiCardSandboxRecipient)?
        if call.nonEmpty("EmailAddress") != nil {
            return .failure(.notFound)
        } else if let number = call.nonEmpty("SMSNumber") {
            let wanted = OmiCardSandboxState.comparable(number)
            found = await state.find(launchID: launchID, loginName: login) { OmiCardSandboxState.comparable($0.number) == wanted }
        } else if let reference = call.nonEmpty("ExternRefNum") {
            switch call.value("JobType")?.trimmingASCIIWhitespace() {
            case "1": found = await state.find(launchID: launchID, loginName: login) { $0.externRefNum == reference }
            case "2": return .failure(.notFound)
            default: return .failure(.incorrectJobType)
            }
        } else {
            return .failure(.incorrectRequest)
        }
        guard let (job, recipient) = found else { return .failure(.notFound) }
        let current = await state.state(of: recipient, in: job, at: now)
        return .success([
            FormField("ErrorCode", "0"), FormField("ErrorMsg", ""), FormField("LaunchID", String(job.launchID)),
            FormField("JobType", "1"), FormField("SMSNumber", recipient.number), FormField("ExternRefNum", recipient.externRefNum),
            FormField("CurrentState", String(current)),
        ])
    }
}
