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

    let userID = "Test1234"
    let password = "S3cr3t+P@ss&=word"
    let credentials = Every8DClient.Credentials(userID: userID, password: password)
    func client(_ transport: some HTTPTransport) -> Every8DClient {
        Every8DClient(credentials: credentials, configuration: .init(authentication: .password), transport: transport)
    }
    let text = "您的驗證碼 123456，五分鐘內有效。"
    let numbers = ["+886912345678"]

    // SMS send.
    let sendTransport = InstantTransport(body: BenchFixtures.sendResult)
    let sdkSend = client(sendTransport)
    let floorSend = HandWrittenClient(transport: sendTransport, userID: userID, password: password)
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
    let floorParam = HandWrittenClient(transport: paramTransport, userID: userID, password: password)
    let messages = (0..<10).map { PersonalizedMessage(mobile: "+8869123456\($0)0", text: "王先生您好，您的訂單 A00\($0) 已出貨。") }
    let pairs = messages.map { (mobile: $0.mobile, text: $0.text) }
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
    let floorCredit = HandWrittenClient(transport: creditTransport, userID: userID, password: password)
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
    let floorPage = HandWrittenClient(transport: pageTransport, userID: userID, password: password)
    let batch = "00f6b953-b790-42fb-9c2f-5169fb7dbc6a"
    Benchmark("SDK DR page 1000 rows JSON", configuration: .init(timeUnits: .microseconds, scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try await sdkPage.deliveryStatus(batch: batch, page: 1, format: .json))
        }
    }
    Benchmark("Floor DR page 1000 rows JSON", configuration: .init(timeUnits: .microseconds, scalingFactor: .one)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try await floorPage.deliveryPage(batchID: batch, page: 1))
        }
    }
}
