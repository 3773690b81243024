import Foundation

/// The OMICard sandbox's accounts, jobs and registered remote files, apart from the wire format.
///
/// Tests use it to look inside (jobs, recipients, states, the number of jobs created), to steer
/// outcomes (``setState(_:launchID:number:)``) and to provide the files a call refers to by URL
/// (``register(url:contents:)``): the sandbox never goes online, so `SMSUrl`, `ContentUrl` and
/// `XmlReqUrl` must name a registered URL.
public actor OmiCardSandboxState {
    /// Rules of the simulated gateway.
    public struct Configuration: Sendable, Hashable {
        /// How long a due recipient stays at state 2 before its final state (default zero).
        public var carrierDelay: Duration
        /// The `LaunchID` of the first job; each job takes the next number (default 1001).
        public var firstLaunchID: Int

        /// Creates a configuration.
        public init(carrierDelay: Duration = .zero, firstLaunchID: Int = 1001) {
            self.carrierDelay = carrierDelay
            self.firstLaunchID = firstLaunchID
        }
    }

    /// The rules.
    public nonisolated let configuration: Configuration
    /// The clock every rule reads.
    public nonisolated let clock: SandboxClock

    var accounts: [String: OmiCardSandboxAccount] = [:]
    var jobList: [OmiCardSandboxJob] = []
    var registered: [String: Data] = [:]
    var nextLaunchID: Int

    /// How many `SMS.aspx` calls were carried out (each created a job).
    public internal(set) var acceptedJobCount = 0

    /// Creates the state.
    ///
    /// - Parameters:
    ///   - accounts: The accounts (default: ``OmiCardSandboxAccount/demo``).
    ///   - clock: The clock (default: following the system clock).
    ///   - configuration: The rules.
    public init(accounts: [OmiCardSandboxAccount] = [.demo], clock: SandboxClock = SandboxClock(),
                configuration: Configuration = Configuration()) {
        self.clock = clock
        self.configuration = configuration
        self.nextLaunchID = configuration.firstLaunchID
        for account in accounts { self.accounts[account.loginName] = account }
    }

    /// Adds an account, or replaces the one with the same login.
    public func addAccount(_ account: OmiCardSandboxAccount) {
        accounts[account.loginName] = account
    }

    /// Makes a URL readable by the sandbox (for `SMSUrl`, `ContentUrl`, `XmlReqUrl`).
    ///
    /// - Parameters:
    ///   - url: The URL, matched exactly as written in the call.
    ///   - contents: The file's bytes (UTF-8 text for lists, content and XML).
    public func register(url: String, contents: Data) {
        registered[url] = contents
    }

    /// Makes a URL readable by the sandbox, with text contents (stored as UTF-8).
    public func register(url: String, text: String) {
        registered[url] = Data(text.utf8)
    }

    /// Every job created, oldest first.
    ///
    /// - Parameter loginName: Only this account's, or `nil` for all.
    public func jobs(loginName: String? = nil) -> [OmiCardSandboxJob] {
        guard let loginName else { return jobList }
        return jobList.filter { $0.loginName == loginName }
    }

    /// The job with this `LaunchID`, if any.
    public func job(launchID: Int) -> OmiCardSandboxJob? {
        jobList.first { $0.launchID == launchID }
    }

    /// The `CurrentState` a recipient has now, or `nil` when there is no such job or number.
    ///
    /// - Parameters:
    ///   - launchID: The job.
    ///   - number: The number, as listed or as stored (`09…` and `+8869…` are the same).
    public func currentState(launchID: Int, number: String) async -> Int? {
        let now = await clock.now()
        guard let job = job(launchID: launchID), let recipient = recipient(in: job, number: number) else { return nil }
        return state(of: recipient, in: job, at: now)
    }

    /// Sets the state a recipient reports once due, in place of the scenario's.
    ///
    /// - Returns: Whether such a recipient exists.
    @discardableResult
    public func setState(_ state: Int, launchID: Int, number: String) -> Bool {
        guard let jobIndex = jobList.firstIndex(where: { $0.launchID == launchID }) else { return false }
        let wanted = Self.comparable(number)
        var found = false
        for index in jobList[jobIndex].recipients.indices where Self.comparable(jobList[jobIndex].recipients[index].number) == wanted {
            jobList[jobIndex].recipients[index].stateOverride = state
            found = true
        }
        return found
    }

    // MARK: Used by the front end

    func authenticate(loginName: String?, password: String?) -> Result<String, OmiCardFailure> {
        guard let loginName, let password, !loginName.isEmpty, !password.isEmpty else { return .failure(.incorrectRequest) }
        guard let account = accounts[loginName], account.password == password, account.licensed else { return .failure(.noLicence) }
        return .success(loginName)
    }

    func contents(of url: String) -> Data? {
        registered[url]
    }

    func createJob(_ make: (Int) -> OmiCardSandboxJob) -> Int {
        let launchID = nextLaunchID
        nextLaunchID += 1
        jobList.append(make(launchID))
        acceptedJobCount += 1
        return launchID
    }

    /// The recipient of one of the account's jobs matching `select`, with the job.
    func find(launchID: Int, loginName: String, _ select: (OmiCardSandboxRecipient) -> Bool) -> (OmiCardSandboxJob, OmiCardSandboxRecipient)? {
        guard let job = job(launchID: launchID), job.loginName == loginName, let recipient = job.recipients.first(where: select) else {
            return nil
        }
        return (job, recipient)
    }

    func state(of recipient: OmiCardSandboxRecipient, in job: OmiCardSandboxJob, at now: Date) -> Int {
        guard recipient.isValidNumber else { return 6 }
        let due = job.startTime ?? job.createdAt
        if now < due { return 1 }
        if now < due.addingTimeInterval(configuration.carrierDelay.timeInterval) { return 2 }
        return recipient.stateOverride ?? OmiCardScenario.finalState(forNumber: recipient.number)
    }

    func recipient(in job: OmiCardSandboxJob, number: String) -> OmiCardSandboxRecipient? {
        let wanted = Self.comparable(number)
        return job.recipients.first { Self.comparable($0.number) == wanted }
    }

    /// A number in a form that makes `09…` and `+8869…` equal.
    static func comparable(_ number: String) -> String {
        let trimmed = number.trimmingASCIIWhitespace()
        if trimmed.hasPrefix("09") { return "+886" + trimmed.dropFirst() }
        return trimmed
    }
}
