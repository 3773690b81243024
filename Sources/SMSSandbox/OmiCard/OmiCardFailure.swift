/// An OMICard error answer: `ErrorCode` and `ErrorMsg`.
///
/// | code | message | when, in the sandbox |
/// | --- | --- | --- |
/// | 100 | Exception | never on its own (reserved for injected faults) |
/// | 102 | Incorrect Request | missing credentials, a missing or malformed field, no list for `LaunchType` 0, a wrong `Content-Type`; for a URL the sandbox cannot read (`SMSUrl`, `ContentUrl`, `XmlReqUrl` not registered) the message says so |
/// | 110 | Data is not found | Status.aspx found nothing (or another account's job) |
/// | 111 | Incorrect JobType | Status.aspx by `ExternRefNum` without `JobType` 1 or 2 |
/// | 1000 | No Licence at Page | unknown login, wrong password, or an unlicensed account |
struct OmiCardFailure: Error, Sendable, Hashable {
    var code: Int
    var message: String

    static let exception = OmiCardFailure(code: 100, message: "Exception")
    static let incorrectRequest = OmiCardFailure(code: 102, message: "Incorrect Request")
    static let notFound = OmiCardFailure(code: 110, message: "Data is not found")
    static let incorrectJobType = OmiCardFailure(code: 111, message: "Incorrect JobType")
    static let noLicence = OmiCardFailure(code: 1000, message: "No Licence at Page")

    /// 102 for a URL the sandbox cannot fetch: it never goes online, so the message says why
    /// (the real gateway says only "Incorrect Request"). `XmlReqUrl`'s URL leads to a password and
    /// is not repeated.
    static func unreadableURL(field: String, url: String?) -> OmiCardFailure {
        OmiCardFailure(code: 102, message: "Incorrect Request: the sandbox cannot fetch \(field)\(url.map { " \($0)" } ?? ""): it never goes "
            + "online and reads only URLs registered with OmiCardSandboxState.register(url:contents:)")
    }
}
