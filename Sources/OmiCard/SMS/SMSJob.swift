import Foundation

/// One `SMS.aspx` job: the content, the recipients and every optional setting the WebAPI documents.
///
/// Only the content and (for ``LaunchType/sendNow``) one recipient source are required; every
/// other property is `nil` by default and then not sent, so the account's defaults apply.
///
/// ```swift
/// var job = SMSJob(content: "您的驗證碼 123456", smsList: ["0912345678"])
/// job.jobName = "OTP"
/// job.refID = "order-8812"          // shown as ExternRefNum in reports
/// let launch = try await client.sendSMS(job)
/// ```
///
/// Recipients may come from several sources at once (`SMSList`, `SMSListFile`, `SMSUrl`).
/// Times are sent as Taiwan time (UTC+8) in the form `yyyy-MM-dd HH:mm:ss` with a 24-hour clock
/// (the vendor writes `hh`, but a 24-hour hour is what the gateway reads).
///
/// Fields go out in this order, only when set: the credentials (see ``OmiCardClient/Credentials``), then
/// `JobName`, `RefNumber`, `LaunchType`, `JobOption`, `StartTime`, `LaunchExpireTime`,
/// `TrackingExpireTime`, `Content`, `ContentUrl`, `CharacterSetID`, `SMSList`, `SMSListFile`
/// (a file part), `SMSUrl`, `SMSListOption`, `BodyFormat`, `CountryCode`, `AreaCode`,
/// `AutoGenerateReport`, `DispatchList`, `DispatchStartTime`, `DispatchMaxCount`,
/// `DispatchInterval`, `RefID`, `ReferUrl`, `SuccessfulUrl`, `FailedUrl`.
public struct SMSJob: Sendable, Hashable {
    // MARK: Job

    /// `JobName`: a name for the job, shown in the OMICard console.
    public var jobName: String?
    /// `RefNumber`: your reference number for the job.
    public var refNumber: String?
    /// `LaunchType`: send now (default) or a triggered job. Always sent.
    public var launchType: LaunchType
    /// `JobOption`: content handling flags; `nil` leaves the account's default.
    public var jobOption: JobOption?
    /// `StartTime`: when the job starts; `nil` means now.
    public var startTime: Date?
    /// `LaunchExpireTime`: after this time the job is no longer launched.
    public var launchExpireTime: Date?
    /// `TrackingExpireTime`: how long after sending the gateway keeps recording delivery states,
    /// sent as whole seconds; `nil` leaves the default of 24 hours (86400).
    ///
    /// For example one day, 12 hours and 30 minutes is `.seconds(86400 + 12 * 3600 + 30 * 60)`,
    /// sent as `131400`. Must not be negative or have a fraction of a second.
    public var trackingExpireTime: Duration?

    // MARK: Content

    /// `Content`: the message text. When ``contentURL`` is also set, this one wins.
    ///
    /// With a personalised ``smsListFile``, `%Column%` is replaced by the recipient's value of
    /// that column, for example `親愛的%Name%%Gender%，您好！`.
    public var content: String?
    /// `ContentUrl`: a URL the gateway fetches the message text from.
    public var contentURL: URL?
    /// `CharacterSetID`: the content's language, ``CharacterSetID/chinese`` (17) or ``CharacterSetID/english`` (117).
    public var characterSet: CharacterSetID?

    // MARK: Recipients

    /// `SMSList`: phone numbers, sent comma-separated (`09xxxxxxxx,09xxxxxxxx`).
    public var smsList: [String]
    /// `SMSListFile`: an uploaded `.csv`/`.txt` list, possibly with personalisation columns.
    /// Needs a POST (sent as `multipart/form-data`).
    public var smsListFile: SMSListFile?
    /// `SMSUrl`: the URL of a `.csv`/`.txt` list the gateway fetches.
    public var smsURL: URL?
    /// `SMSListOption`: list cleaning flags; `nil` leaves the account's default.
    public var smsListOption: SMSListOption?

    // MARK: Settings

    /// `BodyFormat`: normal, flash or long SMS (support depends on the carrier).
    public var bodyFormat: BodyFormat?
    /// `CountryCode`: the country code numbers are normalised with, for example `886`.
    public var countryCode: String?
    /// `AreaCode`: the area code numbers are normalised with.
    public var areaCode: String?

    // MARK: Reports

    /// `AutoGenerateReport`: whether OMICard builds a report for the job (sent as `true`/`false`).
    public var autoGenerateReport: Bool?
    /// `DispatchList`: who receives the report, sent comma-separated as `SMSList` is.
    public var dispatchList: [String]
    /// `DispatchStartTime`: when report dispatch starts (Taiwan time).
    public var dispatchStartTime: Date?
    /// `DispatchMaxCount`: how many times the report is dispatched.
    public var dispatchMaxCount: Int?
    /// `DispatchInterval`: the dispatch period, as a number in the unit the account's console uses
    /// (the vendor does not document one).
    public var dispatchInterval: Int?
    /// `RefID`: your reference, shown as `ExternRefNum` in reports; query one recipient of the job
    /// with ``StatusQuery/externalReference(_:jobType:)``. Setting it lets you find a job whose
    /// send outcome is unknown.
    public var refID: String?

    // MARK: Redirects

    /// `ReferUrl`, `SuccessfulUrl`, `FailedUrl`: where the gateway redirects its answer.
    public var redirects: OmiCardRedirects

    /// Creates a job; set the other properties afterwards.
    ///
    /// - Parameters:
    ///   - content: `Content`, the message text.
    ///   - contentURL: `ContentUrl`, where to fetch the text from instead.
    ///   - smsList: `SMSList`, phone numbers.
    ///   - smsListFile: `SMSListFile`, an uploaded list.
    ///   - smsURL: `SMSUrl`, a list the gateway fetches.
    ///   - launchType: `LaunchType` (default ``LaunchType/sendNow``).
    public init(
        content: String? = nil,
        contentURL: URL? = nil,
        smsList: [String] = [],
        smsListFile: SMSListFile? = nil,
        smsURL: URL? = nil,
        launchType: LaunchType = .sendNow
    ) {
        self.content = content
        self.contentURL = contentURL
        self.smsList = smsList
        self.smsListFile = smsListFile
        self.smsURL = smsURL
        self.launchType = launchType
        self.dispatchList = []
        self.redirects = .none
    }
}

/// A job checked and turned into wire parts.
struct PreparedSMSJob: Sendable {
    /// The job's parts in the documented order (credentials not included).
    var parts: [MultipartFormData.Part]
    /// Every number the job lists (`SMSList`, then the list file), as sent.
    var recipients: [String]
    /// `JobName`, `RefNumber` and `RefID` when set, to help find the job later.
    var references: [String: String]
    /// Whether a file is uploaded.
    var hasFile: Bool
}

extension SMSJob {
    /// Checks every field and builds the wire parts. Reads a local list file.
    ///
    /// - Throws: ``ValidationError`` naming the first invalid field.
    func prepare() throws -> PreparedSMSJob {
        // Content.
        if let content {
            guard !content.isEmpty else { throw ValidationError(field: "Content", reason: "the content is empty") }
        }
        if let contentURL { try Self.checkRemoteURL(contentURL, field: "ContentUrl") }
        guard content != nil || contentURL != nil else {
            throw ValidationError(field: "Content", reason: "neither Content nor ContentUrl is set")
        }

        // Recipients.
        var recipients: [String] = []
        for (index, number) in smsList.enumerated() {
            recipients.append(try PhoneNumber.checked(number, field: "SMSList[\(index + 1)]"))
        }
        let listFile = try smsListFile?.load(options: smsListOption)
        if let listFile {
            recipients.append(contentsOf: listFile.numbers)
            if smsListFile?.hasHeader == true, let content {
                try Self.checkPlaceholders(in: content, columns: listFile.columns, fileName: listFile.fileName)
            }
        }
        if let smsURL { try Self.checkRemoteURL(smsURL, field: "SMSUrl") }
        if launchType == .sendNow, smsList.isEmpty, smsListFile == nil, smsURL == nil {
            throw ValidationError(field: "SMSList", reason: "a send-now job needs SMSList, SMSListFile or SMSUrl")
        }

        // Times and counts.
        let trackingSeconds = try trackingExpireTime.map { try Self.wholeSeconds($0, field: "TrackingExpireTime") }
        if let startTime, let launchExpireTime, launchExpireTime <= startTime {
            throw ValidationError(field: "LaunchExpireTime", reason: "must be later than StartTime")
        }
        if let dispatchMaxCount, dispatchMaxCount < 0 {
            throw ValidationError(field: "DispatchMaxCount", reason: "must not be negative")
        }
        if let dispatchInterval, dispatchInterval < 0 {
            throw ValidationError(field: "DispatchInterval", reason: "must not be negative")
        }
        if let jobOption, jobOption.rawValue < 0 {
            throw ValidationError(field: "JobOption", reason: "must not be negative")
        }
        if let smsListOption, smsListOption.rawValue < 0 {
            throw ValidationError(field: "SMSListOption", reason: "must not be negative")
        }
        if let characterSet, characterSet.rawValue < 0 {
            throw ValidationError(field: "CharacterSetID", reason: "must not be negative")
        }
        if let countryCode { try Self.checkCode(countryCode, field: "CountryCode") }
        if let areaCode { try Self.checkCode(areaCode, field: "AreaCode") }
        for (index, entry) in dispatchList.enumerated() {
            let trimmed = entry.trimmingASCIIWhitespace()
            guard !trimmed.isEmpty else {
                throw ValidationError(field: "DispatchList[\(index + 1)]", reason: "the entry is empty")
            }
            guard !trimmed.contains(",") else {
                throw ValidationError(field: "DispatchList[\(index + 1)]", value: entry, reason: "an entry must not contain a comma")
            }
        }
        try redirects.validate()

        // Parts, in the documented order.
        var parts: [MultipartFormData.Part] = []
        func add(_ name: String, _ value: String?) {
            if let value { parts.append(.text(name: name, value: value)) }
        }
        add("JobName", jobName)
        add("RefNumber", refNumber)
        add("LaunchType", String(launchType.rawValue))
        add("JobOption", jobOption.map { String($0.rawValue) })
        add("StartTime", startTime.map(TaiwanTime.dashed))
        add("LaunchExpireTime", launchExpireTime.map(TaiwanTime.dashed))
        add("TrackingExpireTime", trackingSeconds.map { String($0) })
        add("Content", content)
        add("ContentUrl", contentURL?.absoluteString)
        add("CharacterSetID", characterSet.map { String($0.rawValue) })
        add("SMSList", smsList.isEmpty ? nil : recipients[0..<smsList.count].joined(separator: ","))
        if let listFile {
            parts.append(.file(name: "SMSListFile", fileName: listFile.fileName, contentType: listFile.contentType, data: listFile.data))
        }
        add("SMSUrl", smsURL?.absoluteString)
        add("SMSListOption", smsListOption.map { String($0.rawValue) })
        add("BodyFormat", bodyFormat.map { String($0.rawValue) })
        add("CountryCode", countryCode)
        add("AreaCode", areaCode)
        add("AutoGenerateReport", autoGenerateReport.map { $0 ? "true" : "false" })
        add("DispatchList", dispatchList.isEmpty ? nil : dispatchList.map { $0.trimmingASCIIWhitespace() }.joined(separator: ","))
        add("DispatchStartTime", dispatchStartTime.map(TaiwanTime.dashed))
        add("DispatchMaxCount", dispatchMaxCount.map { String($0) })
        add("DispatchInterval", dispatchInterval.map { String($0) })
        add("RefID", refID)
        parts.append(contentsOf: redirects.parts())

        var references: [String: String] = [:]
        references["JobName"] = jobName
        references["RefNumber"] = refNumber
        references["RefID"] = refID
        return PreparedSMSJob(parts: parts, recipients: recipients, references: references, hasFile: listFile != nil)
    }

    /// The `%Column%` placeholders in `content`, in order of appearance, without duplicates.
    ///
    /// A placeholder is `%`, a letter or `_`, then up to 63 letters, digits or `_`, then `%`
    /// (letters include CJK, so `%姓名%` counts). Other uses of `%`, such as `50%`, are left alone.
    static func placeholders(in content: String) -> [String] {
        var found: [String] = []
        let scalars = Array(content.unicodeScalars)
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "%" else { index += 1; continue }
            var end = index + 1
            while end < scalars.count, scalars[end] != "%", end - index <= 64 { end += 1 }
            guard end < scalars.count, scalars[end] == "%" else { index += 1; continue }
            let name = scalars[(index + 1)..<end]
            if let first = name.first, first == "_" || first.properties.isAlphabetic,
               name.allSatisfy({ $0 == "_" || $0.properties.isAlphabetic || $0.properties.numericType != nil }) {
                var text = String.UnicodeScalarView()
                text.append(contentsOf: name)
                let placeholder = String(text)
                if !found.contains(where: { $0.caseInsensitiveEquals(placeholder) }) { found.append(placeholder) }
                index = end + 1
            } else {
                // The closing `%` may open the next placeholder (`50%%Name%`).
                index = end
            }
        }
        return found
    }

    private static func checkPlaceholders(in content: String, columns: [String], fileName: String) throws {
        for placeholder in placeholders(in: content) where !columns.contains(where: { $0.caseInsensitiveEquals(placeholder) }) {
            throw ValidationError(
                field: "Content",
                reason: "the placeholder %\(placeholder)% matches no column of \(fileName) (columns: \(columns.joined(separator: ", ")))")
        }
    }

    private static func checkRemoteURL(_ url: URL, field: String) throws {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw ValidationError(field: field, reason: "must be an absolute http or https URL the gateway can fetch")
        }
    }

    private static func checkCode(_ code: String, field: String) throws {
        let bytes = Array(code.utf8)
        let digits = bytes.first == UInt8(ascii: "+") ? bytes.dropFirst() : bytes[...]
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw ValidationError(field: field, value: code, reason: "is not a numeric code")
        }
    }

    /// A duration as whole seconds.
    ///
    /// - Throws: ``ValidationError`` for a negative duration or one with a fraction of a second.
    static func wholeSeconds(_ duration: Duration, field: String) throws -> Int64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else {
            throw ValidationError(field: field, reason: "must not be negative")
        }
        guard attoseconds == 0 else {
            throw ValidationError(field: field, reason: "must be a whole number of seconds")
        }
        return seconds
    }
}
