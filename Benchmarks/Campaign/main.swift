import BenchSupport
import Every8D
import Foundation
import SMSTransport

// A personalised campaign of N recipients through `Every8DCampaign`, or the same chunks sent by
// hand (the floor), against an in-process `SendParam.ashx` that answers every request at once
// and keeps nothing. One run a process, so that the peak resident memory printed is this run's
// alone: compare a 1,000,000-recipient run with a 10,000-recipient one.
//
//   Campaign sdk|floor RECIPIENTS     prints: side recipients seconds recipients/s VmHWM-KiB chunks
//
// Both sides read the rows from the same generated sequence (nothing of the input is held), send
// chunks of `CampaignOptions.defaultChunkSize` with at most `maximumConcurrentChunks` (4) in
// flight, and check every answer. The floor is `HandWrittenClient.sendPersonalized`: the JSON body
// appended by hand, no row checks, no idempotency key, no ledger, no events.

let arguments = CommandLine.arguments
guard arguments.count == 3, ["sdk", "floor"].contains(arguments[1]), let recipients = Int(arguments[2]), recipients > 0 else {
    FileHandle.standardError.write(Data("usage: Campaign sdk|floor RECIPIENTS\n".utf8))
    exit(2)
}
let side = arguments[1]
let chunkSize = CampaignOptions.defaultChunkSize
let inFlight = CampaignOptions().maximumConcurrentChunks

/// The rows, made as they are read: recipient `i` gets `+8869` and eight digits, and their own text.
struct GeneratedMessages: AsyncSequence, Sendable {
    typealias Element = PersonalizedMessage
    let count: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        let count: Int
        var next = 0
        mutating func next() async -> PersonalizedMessage? {
            guard next < count else { return nil }
            defer { next += 1 }
            return PersonalizedMessage(mobile: "+8869" + String(10_000_000 + next % 90_000_000).suffix(8),
                                       text: "王先生您好，您的訂單 A\(next) 已出貨。")
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(count: count) }
}

/// The answer of every request: all of a full chunk sent, none unsent.
let gateway = InstantTransport(
    body: Data(#"{"Result":true,"Status":"0","Msg":"9610040.00,\#(chunkSize),\#(chunkSize),0,c496f706-9b0f-4ff8-9644-9503edbb7064"}"#.utf8),
    contentType: "application/json; charset=utf-8")

/// `VmHWM` of /proc/self/status (peak resident set), in KiB.
func peakResidentKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return -1 }
    return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? -1
}

func runSDK() async throws -> Int {
    let campaign = Every8DCampaign(gateway: CallFixtures.client(gateway), key: "bench-\(recipients)",
                                   options: CampaignOptions(subject: "出貨通知"))
    var chunks = 0
    for await event in try campaign.sendPersonalized(GeneratedMessages(count: recipients)) {
        switch event.kind {
        case .chunkStarted: break
        case .chunkSent: chunks += 1
        case .finished(let summary):
            guard summary.isComplete, summary.totals.sent == recipients else { fatalError("campaign ended with \(summary.totals)") }
        default: fatalError("unexpected event \(event.kind)")
        }
    }
    return chunks
}

func runFloor() async throws -> Int {
    let floor = CallFixtures.floor(gateway)
    var chunks = 0
    try await withThrowingTaskGroup(of: Int.self) { group in
        var running = 0
        var chunk: [(mobile: String, text: String)] = []
        chunk.reserveCapacity(chunkSize)
        func flush(_ rows: [(mobile: String, text: String)]) {
            group.addTask {
                let receipt = try await floor.sendPersonalized(rows, subject: "出貨通知")
                guard receipt.unsent == 0 else { fatalError("unsent in the floor") }
                return 1
            }
            running += 1
        }
        for await message in GeneratedMessages(count: recipients) {
            chunk.append((mobile: message.mobile, text: message.text))
            guard chunk.count == chunkSize else { continue }
            if running == inFlight, let done = try await group.next() {
                chunks += done
                running -= 1
            }
            flush(chunk)
            chunk.removeAll(keepingCapacity: true)
        }
        if !chunk.isEmpty { flush(chunk) }
        for try await done in group { chunks += done }
    }
    return chunks
}

let clock = ContinuousClock()
let start = clock.now
let chunks = try await side == "sdk" ? runSDK() : runFloor()
let elapsed = start.duration(to: clock.now)
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print("\(side) \(recipients) \(String(format: "%.3f", seconds)) \(Int(Double(recipients) / seconds)) \(peakResidentKiB()) \(chunks)")
