import Foundation
import SMSTransport

/// One line of `doctor`'s checklist.
public struct DoctorCheck: Sendable {
    /// How a check came out.
    public enum Status: String, Sendable {
        /// Passed.
        case ok
        /// Passed, with something worth knowing.
        case warn
        /// Failed: the `fix` says what to do.
        case fail
        /// Not run (a step before it failed, or it does not apply).
        case skip
    }

    /// The check's name: `settings`, `dns`, `tcp`, `tls`, `http`, `cdn`, `clock`, `credentials`.
    public var name: String
    /// How it came out.
    public var status: Status
    /// What was found.
    public var detail: String
    /// What to do about a failure or warning.
    public var fix: String?
    /// The exit code a failure of this check means.
    public var exitCode: ExitCode

    /// Creates a check result.
    public init(_ name: String, _ status: Status, _ detail: String, fix: String? = nil, exitCode: ExitCode = .transport) {
        self.name = name
        self.status = status
        self.detail = detail
        self.fix = fix
        self.exitCode = exitCode
    }

    var json: JSONOutput {
        ["name": .string(name), "status": .string(status.rawValue), "detail": .string(detail), "fix": .optional(fix)]
    }
}

/// `doctor`'s checklist, built check by check, and how it prints.
public struct DoctorReport: Sendable {
    /// The program, for the headline and the JSON.
    public let program: String
    /// What is being checked (the API and the site), for the headline.
    public let subject: String
    /// The checks so far, in order.
    public private(set) var checks: [DoctorCheck] = []
    /// More members for the JSON object (`api`, `site`, `sandbox`).
    public var extra: [String: JSONOutput] = [:]

    /// Starts a report.
    public init(program: String, subject: String) {
        self.program = program
        self.subject = subject
    }

    /// Adds a check.
    public mutating func add(_ check: DoctorCheck) { checks.append(check) }

    /// Adds `names` as skipped, with the same reason.
    public mutating func skip(_ names: [String], _ reason: String) {
        for name in names { checks.append(DoctorCheck(name, .skip, reason)) }
    }

    /// Replaces the check named `name`, or adds it.
    public mutating func set(_ check: DoctorCheck) {
        if let index = checks.firstIndex(where: { $0.name == check.name }) { checks[index] = check } else { checks.append(check) }
    }

    /// Whether a check of that name failed.
    public func failed(_ name: String) -> Bool { checks.contains { $0.name == name && $0.status == .fail } }

    /// The checklist as a command result: exit 0 when nothing failed, else the first failure's exit code.
    public var result: CommandResult {
        let width = checks.map(\.name.count).max() ?? 0
        var lines = ["\(program) doctor: \(subject)"]
        for check in checks {
            let mark = "[\(check.status == .fail ? "FAIL" : check.status.rawValue)]".padding(toLength: 7, withPad: " ", startingAt: 0)
            lines.append("  \(mark) \(check.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(TextFormat.oneLine(check.detail))")
            if let fix = check.fix, check.status == .fail || check.status == .warn {
                lines.append("          \(String(repeating: " ", count: width))  → \(TextFormat.oneLine(fix))")
            }
        }
        let failures = checks.filter { $0.status == .fail }
        let warnings = checks.filter { $0.status == .warn }
        if failures.isEmpty {
            lines.append(warnings.isEmpty ? "All checks passed; nothing was sent."
                : "No check failed (\(TextFormat.count(warnings.count, "warning")): \(warnings.map(\.name).joined(separator: ", "))); nothing was sent.")
        } else {
            lines.append("\(TextFormat.count(failures.count, "check")) failed: \(failures.map(\.name).joined(separator: ", ")); nothing was sent.")
        }
        var json: [String: JSONOutput] = [
            "command": "doctor", "program": .string(program), "subject": .string(subject), "ok": .bool(failures.isEmpty),
            "checks": .array(checks.map(\.json)),
        ]
        json.merge(extra) { own, _ in own }
        var result = CommandResult(lines: lines, json: .object(json))
        if let first = failures.first {
            let message = "doctor: \(TextFormat.count(failures.count, "check")) failed (\(failures.map(\.name).joined(separator: ", "))); "
                + "first: \(first.name): \(first.detail)" + (first.fix.map { "; \($0)" } ?? "")
            result.exception = FailureReport(first.exitCode, kind: "doctor", message: message,
                                             extra: ["failed": .array(failures.map { .string($0.name) })])
        }
        return result
    }
}

extension DoctorReport {
    /// The report for settings that cannot be used: the settings check fails (exit 2), the rest is skipped.
    public static func unusableSettings(program: String, _ error: UsageError) -> DoctorReport {
        var report = DoctorReport(program: program, subject: "the settings are not usable")
        report.add(DoctorCheck("settings", .fail, error.message, fix: "fix \(error.option ?? "the setting"); `\(program) --help` lists the variables",
                               exitCode: .usage))
        report.skip(SiteProbe.checkNames + ["credentials"], "needs valid settings")
        return report
    }

    /// The network checks against `probe` (skipped for the built-in sandbox, `nil`), then, when
    /// the site answered, the credentials check: `logIn` makes one call that sends no message and
    /// says what it found.
    ///
    /// - Parameters:
    ///   - probe: The URL to GET, or `nil` for the built-in sandbox.
    ///   - timeout: How long each network step may take.
    ///   - refusedFix: What to do when the gateway refuses the credentials.
    ///   - describe: How the program reports the call's failure.
    ///   - logIn: The call.
    public mutating func checkReachAndCredentials(probe: URL?, timeout: Duration, refusedFix: String,
                                                  describe: (any Error) -> FailureReport, logIn: () async throws -> String) async {
        if let probe {
            guard await SiteProbe.run(probe, timeout: timeout, into: &self) else {
                skip(["credentials"], "needs an HTTP answer from the site")
                return
            }
        } else {
            skip(SiteProbe.checkNames, "the built-in sandbox runs in this process: no network")
        }
        do {
            add(DoctorCheck("credentials", .ok, try await logIn()))
        } catch let error as RequestBlockedError {
            set(SiteProbe.blockedCheck(error))
            add(DoctorCheck("credentials", .skip, "the call was blocked before it reached the gateway"))
        } catch {
            let failure = describe(error)
            let fix = failure.exitCode == .gatewayError ? refusedFix : "the gateway could not be asked; see the other checks and try again later"
            add(DoctorCheck("credentials", .fail, failure.message, fix: fix, exitCode: failure.exitCode))
        }
    }
}

/// The network half of `doctor`: DNS, TCP, TLS and an HTTP answer from a site, the clock against
/// the server's `Date` header, and whether a CDN's block page answers instead of the gateway.
public enum SiteProbe {
    /// The names of the checks ``run(_:timeout:into:)`` adds, in order.
    public static let checkNames = ["dns", "tcp", "tls", "http", "cdn", "clock"]

    /// The largest clock difference that passes without a warning, and the one that fails.
    public static let clockWarning: TimeInterval = 60
    /// See ``clockWarning``.
    public static let clockFailure: TimeInterval = 300

    /// Probes `url` (a GET that sends no credentials) and adds the checks to `report`.
    ///
    /// - Parameters:
    ///   - url: The URL to GET: a page of the gateway that needs no account.
    ///   - timeout: How long each step may take.
    ///   - report: The report to add to.
    /// - Returns: Whether the site answered over HTTP (so a credentials check can follow).
    @discardableResult
    public static func run(_ url: URL, timeout: Duration, into report: inout DoctorReport) async -> Bool {
        let host = url.host ?? ""
        let secure = url.scheme?.lowercased() == "https"
        let port = url.port ?? (secure ? 443 : 80)
        switch await NetworkProbe.resolve(host: host, port: port) {
        case .failure(let failure):
            report.add(DoctorCheck("dns", .fail, "\(host) does not resolve: \(failure)",
                                   fix: "check the host name in the site setting, and this machine's DNS (resolv.conf, a proxy, a VPN)"))
            report.skip(["tcp", "tls", "http", "cdn", "clock"], "needs dns")
            return false
        case .success(let addresses):
            report.add(DoctorCheck("dns", .ok, "\(host) → \(addresses.prefix(4).joined(separator: ", "))\(addresses.count > 4 ? ", …" : "")"))
        }
        switch await NetworkProbe.connect(host: host, port: port, timeout: timeout) {
        case .failure(let failure):
            report.add(DoctorCheck("tcp", .fail, "cannot connect to \(host):\(port): \(failure)",
                                   fix: "a firewall or proxy may block outgoing port \(port); the gateway may also allow only registered IP addresses"))
            report.skip(["tls", "http", "cdn", "clock"], "needs tcp")
            return false
        case .success(let connection):
            report.add(DoctorCheck("tcp", .ok, "connected to \(connection.address) port \(port) in \(TextFormat.duration(connection.elapsed))"))
        }
        let transport = URLSessionTransport()
        let started = Date()
        let clock = ContinuousClock()
        let start = clock.now
        let response: TransportResponse
        do {
            response = try await transport.send(TransportRequest(method: .get, url: url, timeout: timeout))
        } catch let error as TransportError where error.code == .tlsFailure {
            report.add(DoctorCheck("tls", .fail, "the TLS handshake with \(host) failed: \(error)",
                                   fix: "check this machine's CA certificates and clock, and whether a proxy intercepts TLS"))
            report.skip(["http", "cdn", "clock"], "needs tls")
            return false
        } catch {
            report.add(secure ? DoctorCheck("tls", .skip, "not known: the request failed first") : DoctorCheck("tls", .skip, "plain http: no TLS"))
            report.add(DoctorCheck("http", .fail, "GET \(url.absoluteString) failed: \(error)",
                                   fix: "the host accepts connections but does not answer HTTP in time; check proxies, and the site setting's scheme and port"))
            report.skip(["cdn", "clock"], "needs http")
            return false
        }
        let elapsed = clock.now - start
        let midpoint = started.addingTimeInterval(TextFormat.seconds(elapsed) / 2)
        report.add(secure ? DoctorCheck("tls", .ok, "TLS handshake with \(host) done")
                          : DoctorCheck("tls", .skip, "plain http: no TLS (the password travels in clear)"))
        if let blocked = RequestBlockedError(response: response), looksLikeCDN(blocked) {
            report.add(DoctorCheck("http", .ok, "HTTP \(response.status) in \(TextFormat.duration(elapsed))"))
            report.add(blockedCheck(blocked))
        } else {
            let status = response.status
            report.add(DoctorCheck("http", status >= 500 ? .warn : .ok,
                                   "GET \(url.path.isEmpty ? "/" : url.path) answered HTTP \(status) in \(TextFormat.duration(elapsed))"
                                       + (status == 403 ? " (a 403 page, not a known CDN block page)" : ""),
                                   fix: status >= 500 ? "the server answers with errors; the gateway may be down or in maintenance" : nil))
            report.add(DoctorCheck("cdn", .ok, "no block page from something in front of the gateway"))
        }
        report.add(clockCheck(response.headers["Date"], localMidpoint: midpoint))
        return true
    }

    /// The `cdn` check for a block page met on the probe or on an API call.
    public static func blockedCheck(_ blocked: RequestBlockedError) -> DoctorCheck {
        DoctorCheck("cdn", .fail,
                    "HTTP \(blocked.status) block page\(blocked.server.isEmpty ? "" : " from \(blocked.server)")\(blocked.title.isEmpty ? "" : ": \"\(blocked.title)\"")",
                    fix: "something in front of the gateway blocks this machine (a geo or IP block): send from an allowed egress IP, for EVERY8D one in Taiwan")
    }

    /// Whether a 403 HTML page is a CDN's block page rather than the site's own 403.
    static func looksLikeCDN(_ blocked: RequestBlockedError) -> Bool {
        let title = blocked.title.lowercased()
        return blocked.server == "CloudFront" || title.contains("could not be satisfied") || title.contains("request blocked")
            || title.contains("access denied") || title.contains("attention required")
    }

    /// The `clock` check from a `Date` header.
    static func clockCheck(_ header: String?, localMidpoint: Date) -> DoctorCheck {
        guard let header else {
            return DoctorCheck("clock", .skip, "the server sent no Date header")
        }
        guard let serverDate = httpDate(header) else {
            return DoctorCheck("clock", .warn, "the server's Date header \"\(header)\" is not an HTTP date", fix: "nothing to do unless the other checks fail")
        }
        let offset = localMidpoint.timeIntervalSince(serverDate)
        let described = abs(offset) < 2 ? "this machine's clock agrees with the server's (within 2 s)"
            : "this machine's clock is \(Int(abs(offset).rounded())) s \(offset > 0 ? "ahead of" : "behind") the server's"
        let fix = "set the clock (NTP): send times (--at, --start-time) are checked against this machine's clock, and a token's age is measured by it"
        if abs(offset) > clockFailure { return DoctorCheck("clock", .fail, described, fix: fix) }
        if abs(offset) > clockWarning { return DoctorCheck("clock", .warn, described, fix: fix) }
        return DoctorCheck("clock", .ok, described)
    }

    /// An HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text.trimmingCharacters(in: .whitespaces))
    }
}
