import Foundation
import Every8D

/// `every8d listen`: an HTTP endpoint for EVERY8D's push reports that prints each new report once.
///
/// GETs to the path go to a `PushReportReceiver`, whose answer (200 for a report, new or a
/// repeat; 400 for anything that is not one; 403 without the secret) goes back to the caller.
/// Other paths get 404 and other methods 405. New reports are printed on standard output, one line
/// each (one JSON object each with `--json`); everything else is noted on standard error.
final class PushReportListener: Sendable {
    /// What the listener answered, by kind, for the closing summary.
    struct Tally: Sendable {
        var reports = 0
        var repeats = 0
        var notReports = 0
        var forbidden = 0
        var failed = 0
        var other = 0
    }

    let settings: ListenSettings
    private let io: CommandIO
    private let asJSON: Bool
    private let server: HTTPListener
    private let tally = Locked(Tally())

    /// Binds the port (nothing is answered until ``run()``).
    ///
    /// - Parameters:
    ///   - settings: Where to listen and the secret.
    ///   - inbox: Where reports already printed are remembered.
    ///   - io: Where to print (already scrubbing the secret).
    ///   - asJSON: One JSON object per report rather than a line of text.
    ///   - limits: Bounds on what a client can cost.
    /// - Throws: `UsageError` when the host does not resolve or the port is taken.
    init(settings: ListenSettings, inbox: any PushReportInbox, io: CommandIO, asJSON: Bool, limits: HTTPListener.Limits = .init()) throws {
        self.settings = settings
        self.io = io
        self.asJSON = asJSON
        let receiver = PushReportReceiver(secret: settings.secret, inbox: inbox) { report in
            if asJSON {
                var members = Every8DRender.pushReport(report).json.members
                members["command"] = nil
                members["event"] = "report"
                io.out(JSONOutput.object(members).text)
            } else {
                io.out(Self.line(report))
            }
        }
        let tally = self.tally
        let route = Route(path: settings.path, secretInPath: settings.secret != nil)
        do {
            server = try HTTPListener(host: settings.host, port: settings.port, limits: limits) { head in
                await Self.respond(head, route: route, receiver: receiver, io: io, tally: tally)
            }
        } catch {
            throw UsageError("cannot listen on \(settings.host) port \(settings.port): \(error)")
        }
    }

    /// The port it listens on (the one asked for, or the free one it got for 0).
    var port: UInt16 { server.port }

    /// The URL to register with EVERY8D (the secret shown as a placeholder).
    var url: String {
        let host = settings.host.contains(":") && !settings.host.hasPrefix("[") ? "[\(settings.host)]" : settings.host
        return "http://\(host):\(port)\(settings.path)" + (settings.secret == nil ? "" : "?secret=<your secret>")
    }

    /// Answers calls until ``stop()``; then returns the summary.
    func run() async -> CommandResult {
        io.err("every8d: listening on \(url) (GET only; Ctrl-C to stop)")
        if !settings.isLoopback {
            io.err("every8d: --host \(settings.host) takes calls from other machines"
                + (settings.secret == nil ? "; anyone who finds the port can post reports: give a --secret" : ""))
        }
        await server.run()
        return summary
    }

    /// Stops taking calls; ``run()`` returns once those in progress are answered.
    func stop() {
        server.stop()
    }

    var summary: CommandResult {
        let counts = tally.withLock { $0 }
        var lines = ["Stopped. \(TextFormat.count(counts.reports, "new report")) printed; answered \(counts.repeats) repeated, "
            + "\(counts.notReports) not a report, \(counts.forbidden) without the secret, \(counts.failed) failed, \(counts.other) other."]
        if counts.reports + counts.repeats + counts.notReports + counts.forbidden + counts.failed + counts.other == 0 {
            lines = ["Stopped. No calls came."]
        }
        return CommandResult(lines: lines, json: .object([
            "command": "listen", "reports": .integer(counts.reports), "repeats": .integer(counts.repeats),
            "notReports": .integer(counts.notReports), "forbidden": .integer(counts.forbidden),
            "failed": .integer(counts.failed), "other": .integer(counts.other),
        ]))
    }

    // MARK: Answering

    /// Which request paths are the endpoint.
    struct Route: Sendable {
        let path: String
        let secretInPath: Bool

        /// Whether `target`'s path is the endpoint (or, with a secret, one segment below it).
        func matches(_ requestPath: String) -> Bool {
            var requestPath = requestPath
            // An absolute-form target (`http://host/path`), as proxies send.
            if let scheme = requestPath.range(of: "://"), let slash = requestPath[scheme.upperBound...].firstIndex(of: "/") {
                requestPath = String(requestPath[slash...])
            }
            if requestPath == path || requestPath == path + "/" { return true }
            guard secretInPath else { return false }
            let prefix = path == "/" ? "/" : path + "/"
            guard requestPath.hasPrefix(prefix) else { return false }
            let rest = requestPath.dropFirst(prefix.count)
            let segment = rest.hasSuffix("/") ? rest.dropLast() : rest
            return !segment.isEmpty && !segment.contains("/")
        }
    }

    private static func respond(_ head: HTTPRequestHead, route: Route, receiver: PushReportReceiver, io: CommandIO,
                                tally: Locked<Tally>) async -> HTTPListener.Response {
        guard head.method == "GET" else {
            tally.withLock { $0.other += 1 }
            io.err("every8d: \(TextFormat.oneLine(head.method)) refused (405): EVERY8D calls with GET")
            return HTTPListener.Response(status: 405, body: "method not allowed: EVERY8D calls with GET", headers: [("Allow", "GET")])
        }
        guard route.matches(head.path) else {
            tally.withLock { $0.other += 1 }
            io.err("every8d: GET \(TextFormat.oneLine(Redaction.preview(head.path, limit: 80))) is not \(route.path) (404)")
            return HTTPListener.Response(status: 404, body: "not found")
        }
        let answer = await receiver.receive(path: head.path, query: head.query)
        switch answer.outcome {
        case .handled:
            tally.withLock { $0.reports += 1 }
        case .duplicate, .inProgress:
            tally.withLock { $0.repeats += 1 }
            io.err("every8d: a repeat of a report already received (\(answer.status))")
        case .notAReport:
            tally.withLock { $0.notReports += 1 }
            io.err("every8d: not a push report, no readable STATUS (400)")
        case .forbidden:
            tally.withLock { $0.forbidden += 1 }
            io.err("every8d: the secret is missing or wrong (403)")
        default:
            tally.withLock { $0.failed += 1 }
            io.err("every8d: \(answer)")
        }
        return HTTPListener.Response(status: answer.status, body: answer.body)
    }

    /// One report on one line: who, the status and its meaning, a reply's text, MR, batch, time.
    static func line(_ report: PushReport) -> String {
        let mobile = report.mobile ?? "(no number)"
        var parts: [String]
        if report.isReply {
            parts = ["reply from \(mobile): \"\(TextFormat.oneLine(report.text ?? ""))\" (STATUS 999)"]
        } else {
            parts = ["delivery report for \(mobile): STATUS \(report.status.rawValue) (\(report.status.meaning))"]
        }
        if let reference = report.messageReference { parts.append("MR \(reference)") }
        if let batch = report.batchID { parts.append("batch \(batch)") }
        if let time = report.reportedAt { parts.append((report.isReply ? "received " : "reported ") + TextFormat.taiwanTime(time)) }
        return parts.joined(separator: ", ")
    }
}

/// A value shared between the listener's threads and tasks.
final class Locked<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is touched only with `lock` held.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
