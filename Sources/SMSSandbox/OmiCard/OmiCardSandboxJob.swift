import Foundation

/// One SMS job the OMICard sandbox created (one accepted `SMS.aspx` call), for inspection in tests.
public struct OmiCardSandboxJob: Sendable, Hashable {
    /// The job's id (`LaunchID`), counting up from ``OmiCardSandboxState/Configuration/firstLaunchID``.
    public let launchID: Int
    /// The account that created it.
    public let loginName: String
    /// `JobName`.
    public let jobName: String
    /// `RefNumber`.
    public let refNumber: String
    /// `RefID` (reported as `ExternRefNum`).
    public let refID: String
    /// `LaunchType`: 0 send, 1 triggered.
    public let launchType: Int
    /// The content template (after `JobOption` 1 trimmed it), before personalisation.
    public let content: String
    /// `CharacterSetID`, if given.
    public let characterSetID: Int?
    /// `JobOption` flags.
    public let jobOption: Int
    /// `SMSListOption` flags.
    public let listOption: Int
    /// `StartTime`, or `nil` for at once.
    public let startTime: Date?
    /// When the call was carried out, by the sandbox clock.
    public let createdAt: Date
    /// Every field of the call except secrets (`ManagerPassword`, `XmlRequest`), as received.
    public let fields: [FormField]
    /// The recipients, in list order.
    public internal(set) var recipients: [OmiCardSandboxRecipient]
}

/// One recipient of an OMICard sandbox job.
public struct OmiCardSandboxRecipient: Sendable, Hashable {
    /// The number as stored: `09…` normalised to `+8869…` unless `SMSListOption` 4 was set.
    public let number: String
    /// The number as it appeared in the list.
    public let listedNumber: String
    /// The `Name` column of a list file, empty if none.
    public let name: String
    /// Every column of its list-file row, by header name.
    public let columns: [String: String]
    /// The personalised text (`%Column%` replaced by this row's values).
    public let text: String
    /// Its `ExternRefNum`: a non-empty `ExternRefNum` or `RefID` column of the list, else the job's `RefID`.
    public let externRefNum: String
    /// Whether the number is a valid mobile number (if not, its state is 6).
    public let isValidNumber: Bool
    /// A state set by ``OmiCardSandboxState/setState(_:launchID:number:)``, replacing the scenario's.
    public internal(set) var stateOverride: Int?
}

/// The deterministic outcomes of the OMICard sandbox, by the **last digit** of the number.
///
/// | last digit | `CurrentState` |
/// | --- | --- |
/// | 0–5, 9 | 3 delivered |
/// | 6 | 4 returned by the carrier (phone off, timed out) |
/// | 7 | 5 rejected by the carrier |
/// | 8 | 2 at the carrier, forever |
///
/// An invalid number is 6 at once. Before its `StartTime` a recipient is 1 (queued); once due it
/// is 2 for ``OmiCardSandboxState/Configuration/carrierDelay`` (zero by default), then final.
public enum OmiCardScenario {
    /// The final `CurrentState` of a valid number.
    public static func finalState(forNumber number: String) -> Int {
        switch number.last {
        case "6": return 4
        case "7": return 5
        case "8": return 2
        default: return 3
        }
    }
}
