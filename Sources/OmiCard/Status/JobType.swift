/// `JobType`: which kind of job a `Status.aspx` query by external reference looks in.
public enum JobType: Int, Sendable, Hashable, CaseIterable {
    /// 1: an SMS job.
    case sms = 1
    /// 2: an e-mail job.
    case email = 2
}
