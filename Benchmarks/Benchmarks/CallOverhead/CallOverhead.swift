import Benchmark
import BenchSupport
import Every8D
import Foundation
import SMSTransport

// The SDK's own cost of one call (validate, build, encode, send, read the answer) through a
// transport that answers at once, beside the same call written by hand (HandWrittenClient) as the
// floor. Password mode, so every call is one request (token mode adds a fetch on the first call only).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 100,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000
    )

    let client = CallFixtures.client, floor = CallFixtures.floor
    let text = CallFixtures.text, numbers = CallFixtures.numbers

    // SMS send.
    let sendTransport = InstantTransport(body: BenchFixtures.sendResult)
    let sdkSend = client(sendTransport)
    let floorSend = floor(sendTransport)
    Benchmark("SDK sendSMS") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try await sdkSend.sendSMS(to: numbers, text: text, subject: "OTP"))
        }
    }
    Benchmark("Floor sendSMS") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try await floorSend.sendSMS(to: numbers, text: text, subject: "OTP"))
        }
    }

    // SendParam (personalized), 10 recipients.
    let paramTransport = InstantTransport(body: BenchFixtures.sendParamResult, contentType: "application/json; charset=utf-8")
    let sdkParam = client(paramTransport)
    let floorParam = floor(paramTransport)
    let messages = CallFixtures.messages
    let pairs = CallFixtures.pairs(messages)
    Benchmark("SDK SendParam 10 recipients") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try await sdkParam.sendPersonalizedSMS(messages, subject: "出貨通知"))
        }
    }
    Benchmark("Floor SendParam 10 recipients") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try await floorParam.sendPersonalized(pairs, subject: "出貨通知"))
        }
    }

    // Credit.
    let creditTransport = InstantTransport(body: BenchFixtures.creditAnswer)
    let sdkCredit = client(creditTransport)
    let floorCredit = floor(creditTransport)
    Benchmark("SDK credit") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try await sdkCredit.credit())
        }
    }
    Benchmark("Floor credit") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try await floorCredit.credit())
        }
    }

    // One delivery-status page: the 1000-row JSON fixture.
    let pageTransport = InstantTransport(body: BenchFixtures.deliveryPageJSON, contentType: "application/json; charset=utf-8")
    let sdkPage = client(pageTransport)
    let floorPage = floor(pageTransport)
    let batch = CallFixtures.batch
    Benchmark("SDK DR page 1000 rows JSON", configuration: .init(timeUnits: .microseconds, scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try await sdkPage.deliveryReportPage(batch: batch, page: 1, format: .json))
        }
    }
    Benchmark("Floor DR page 1000 rows JSON", configuration: .init(timeUnits: .microseconds, scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try await floorPage.deliveryPage(batchID: batch, page: 1))
        }
    }
}
