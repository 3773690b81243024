/// What the EVERY8D sandbox has pushed so far: the last status reported for each message and the
/// replies already reported, so that only changes go out.
struct Every8DPushWatch {
    /// Delivers to the target; `nil` when no target is set (nothing is watched).
    var dispatcher: Every8DPushDispatcher?
    /// `batch id#message index` → the last status pushed.
    var statuses: [String: Int] = [:]
    /// `batch id#message index` → how many times each reply (time and text) was pushed.
    var replies: [String: [String: Int]] = [:]
}
