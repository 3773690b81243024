import Foundation
import OmiCard

/// A transport that answers from a script and records every request it is given.
actor RecordingTransport: HTTPTransport {
    /// One scripted answer.
    enum Step: Sendable {
        case respond(TransportResponse)
        case fail(any Error)
    }

    private var script: [Step]
    private(set) var requests: [TransportRequest] = []

    init(_ steps: [Step]) {
        self.script = steps
    }

    init(_ steps: Step...) {
        self.script = steps
    }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        try Task.checkCancellation()
        requests.append(request)
        guard !script.isEmpty else {
            throw TransportError(.other, detail: "the test script has no more answers")
        }
        switch script.removeFirst() {
        case .respond(let response): return response
        case .fail(let error): throw error
        }
    }

    /// The only request, failing the caller's expectation when there was not exactly one.
    var onlyRequest: TransportRequest? {
        requests.count == 1 ? requests[0] : nil
    }
}

extension RecordingTransport.Step {
    /// An XML answer with HTTP 200.
    static func xml(_ body: String, status: Int = 200) -> Self {
        .respond(TransportResponse(status: status, headers: ["Content-Type": "text/xml; charset=utf-8"], body: Data(body.utf8)))
    }

    /// A CSV answer with HTTP 200.
    static func csv(_ body: String) -> Self {
        .respond(TransportResponse(status: 200, headers: ["Content-Type": "text/csv; charset=utf-8"], body: Data(body.utf8)))
    }

    /// A successful `SMS.aspx` answer.
    static func launched(_ launchID: String = "90001") -> Self {
        .xml("<Response><ErrorCode>0</ErrorCode><ErrorMsg></ErrorMsg><LaunchID>\(launchID)</LaunchID></Response>")
    }
}

/// Collects log records from the client's logging hook.
final class LogCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [TransportLogRecord] = []

    var records: [TransportLogRecord] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    var logger: TransportLogger {
        { [self] record in
            lock.lock()
            stored.append(record)
            lock.unlock()
        }
    }
}

/// Shared test values.
enum Fixture {
    static let login = "api-user"
    /// Contains `&`, `+`, `<` and a quote so that every escaping path is exercised.
    static let password = "Pa55&w+rd<\"x"

    static var credentials: OmiCardClient.Credentials {
        OmiCardClient.Credentials(loginName: login, password: password)
    }

    /// A client over `transport` with no retry delays.
    static func client(
        _ transport: RecordingTransport,
        credentials: OmiCardClient.Credentials = Fixture.credentials,
        method: OmiCardClient.RequestMethod = .post,
        baseURL: URL = OmiCardClient.Configuration.defaultBaseURL,
        maxAttempts: Int = 3,
        logger: TransportLogger? = nil
    ) -> OmiCardClient {
        let configuration = OmiCardClient.Configuration(
            baseURL: baseURL, method: method, timeout: .seconds(5),
            retryPolicy: RetryPolicy(maxAttempts: maxAttempts, initialDelay: .zero, maxDelay: .zero, jitter: false),
            logger: logger)
        return OmiCardClient(credentials: credentials, configuration: configuration, transport: transport)
    }

    /// A Taiwan wall-clock time.
    static func taipei(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int) -> Date {
        TaiwanTime.makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second)!
    }

    static func text(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self)
    }
}
