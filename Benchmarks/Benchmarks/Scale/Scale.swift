import Benchmark
import BenchSupport
import Every8D
import Foundation
import SMSTransport

// Work that grows with the batch: one SendParam request with 1000 and 10,000 recipients, and
// walking a whole batch of 10,000, 100,000 and 1,000,000 delivery reports with the AsyncSequence
// (10, 100 and 1000 pages of 1000 rows). Peak resident memory is sampled every ~5 ms while each
// benchmark runs; paging must not grow with the batch: the SDK holds one page at a time.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident, .peakMemoryResidentDelta],
        timeUnits: .microseconds,
        units: [.peakMemoryResident: .kilo, .peakMemoryResidentDelta: .kilo, .mallocCountTotal: .count],
        warmupIterations: 1,
        maxDuration: .seconds(3),
        maxIterations: 50
    )

    let client = CallFixtures.client

    let paramTransport = InstantTransport(body: BenchFixtures.sendParamResult, contentType: "application/json; charset=utf-8")
    let sdk = client(paramTransport)
    let floor = CallFixtures.floor(paramTransport)
    for count in [1000, 10_000] {
        let messages = (0..<count).map {
            PersonalizedMessage(mobile: "+8869\(String(10_000_000 + $0).suffix(8))", text: "王先生您好，您的訂單 A\($0) 已出貨。",
                                messageReference: "m\($0)")
        }
        let pairs = messages.map { (mobile: $0.mobile, text: $0.text) }
        Benchmark("SDK SendParam \(count) recipients") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try await sdk.sendPersonalizedSMS(messages, subject: "出貨通知"))
            }
        }
        Benchmark("Floor SendParam \(count) recipients") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try await floor.sendPersonalized(pairs, subject: "出貨通知"))
            }
        }
    }

    for rows in [10_000, 100_000, 1_000_000] {
        let pager = client(GeneratedBatchTransport(rowCount: rows))
        Benchmark("Paging \(rows) rows", configuration: .init(maxIterations: rows >= 1_000_000 ? 3 : 20)) { benchmark in
            for _ in benchmark.scaledIterations {
                var seen = 0
                for try await report in pager.deliveryReports(batch: "c496f706-9b0f-4ff8-9644-9503edbb7064") {
                    seen += 1
                    blackHole(report)
                }
                guard seen == rows else { fatalError("paged \(seen) of \(rows) rows") }
            }
        }
    }
}
