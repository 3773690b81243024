/// `LaunchType`: whether a job is sent now or waits to be triggered.
public enum LaunchType: Int, Sendable, Hashable, CaseIterable {
    /// 0: a real send (`正式發送`). Needs at least one recipient source (`SMSList`, `SMSListFile` or `SMSUrl`).
    case sendNow = 0
    /// 1: a triggered job (`觸發任務`); its recipients may come from the trigger, so none are required.
    case triggered = 1
}
