import Foundation
import Every8D
import SMSSandbox

/// Rows for a campaign, as an async sequence (what a CSV reader or a cursor would be).
struct CampaignRows<Element: Sendable>: AsyncSequence, Sendable {
    let rows: [Element]

    init(_ rows: [Element]) { self.rows = rows }

    func makeAsyncIterator() -> Iterator { Iterator(rows: rows) }

    struct Iterator: AsyncIteratorProtocol {
        let rows: [Element]
        var position = 0

        mutating func next() async -> Element? {
            guard position < rows.count else { return nil }
            defer { position += 1 }
            return rows[position]
        }
    }
}

/// Counts `SendParam.ashx` requests in flight in front of a sandbox; can hold each one for a
/// while, and can lose the answer of chosen requests (the sandbox carries them out, the client
/// hears nothing back).
actor SendParamGauge {
    private(set) var requests = 0
    private(set) var inFlight = 0
    private(set) var maximumInFlight = 0
    /// 1-based numbers of the requests whose answers are lost.
    var losesAnswers: Set<Int> = []

    func begin() -> Int {
        requests += 1
        inFlight += 1
        maximumInFlight = max(maximumInFlight, inFlight)
        return requests
    }

    func end() { inFlight -= 1 }

    func loseAnswer(of request: Int) { losesAnswers.insert(request) }
}

struct GaugedTransport: HTTPTransport {
    let sandbox: Every8DSandbox
    let gauge: SendParamGauge
    var delay: Duration = .zero

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        guard request.url.path.hasSuffix("SendParam.ashx") else { return try await sandbox.send(request) }
        let number = await gauge.begin()
        if delay > .zero { try? await Task.sleep(for: delay) }
        let result = await Result { try await sandbox.send(request) }
        await gauge.end()
        if await gauge.losesAnswers.contains(number) {
            throw TransportError(.connectionLost, requestMayHaveBeenProcessed: true, detail: "answer lost (test)")
        }
        return try result.get()
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

enum Campaigns {
    static func client(_ sandbox: Every8DSandbox, gauge: SendParamGauge = SendParamGauge(), delay: Duration = .zero,
                       ledger: InMemoryStateStore = InMemoryStateStore()) -> Every8DClient {
        Every8DClient(credentials: .init(userID: "sandbox", password: "sandbox-password"),
                      configuration: .init(siteURL: Every8DSandbox.demoSiteURL, sendLedger: ledger),
                      transport: GaugedTransport(sandbox: sandbox, gauge: gauge, delay: delay))
    }

    static func sandbox(credit: Decimal = 100_000) -> Every8DSandbox {
        Every8DSandbox(accounts: [Every8DSandboxAccount(userID: "sandbox", password: "sandbox-password", credit: credit)])
    }

    /// `count` distinct Taiwan numbers, `0910000000` upwards.
    static func number(_ index: Int) -> String { "09" + String(format: "%08d", 10_000_000 + index) }

    static func messages(_ count: Int) -> [PersonalizedMessage] {
        (0..<count).map { PersonalizedMessage(mobile: number($0), text: "第 \($0) 號，您好") }
    }

    /// Every event of a run, the summary last.
    static func events(_ run: CampaignRun) async -> (events: [CampaignEvent], summary: CampaignSummary?) {
        var events: [CampaignEvent] = []
        var summary: CampaignSummary?
        for await event in run {
            events.append(event)
            if case .finished(let finished) = event.kind { summary = finished }
        }
        return (events, summary)
    }

    /// How many accepted (sent) messages each number received, over every batch in the sandbox.
    static func received(_ sandbox: Every8DSandbox) async -> [String: Int] {
        var counts: [String: Int] = [:]
        for batch in await sandbox.state.batches() {
            for message in batch.messages where message.disposition == .accepted { counts[message.mobile, default: 0] += 1 }
        }
        return counts
    }

    /// The sandbox's form of a number (`+886…`).
    static func wire(_ index: Int) -> String { "+886" + number(index).dropFirst() }
}
