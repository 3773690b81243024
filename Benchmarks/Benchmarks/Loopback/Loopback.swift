import Benchmark
import BenchSupport
import Every8D
import Foundation
import SMSTransport

// SMS sends through the production URLSessionTransport against a keep-alive HTTP responder on
// 127.0.0.1, with 1, 8 and 32 calls in flight. Each measured unit is one call; the throughput
// column is calls per second. The transport allows as many connections as calls in flight
// (its default is 6).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .cpuTotal],
        timeUnits: .microseconds,
        warmupIterations: 1,
        scalingFactor: .kilo,
        maxDuration: .seconds(5),
        maxIterations: 20
    )

    let responder: LoopbackResponder
    do {
        responder = try LoopbackResponder(body: "9610040.00,1,1,0,c496f706-9b0f-4ff8-9644-9503edbb7064")
    } catch {
        fatalError("cannot start the loopback responder: \(error)")
    }
    let site = URL(string: "http://127.0.0.1:\(responder.port)")!

    for concurrency in [1, 8, 32] {
        let transport = URLSessionTransport(configuration: .init(maxConnectionsPerHost: max(6, concurrency)))
        let client = Every8DClient(
            credentials: .init(userID: "Test1234", password: "S3cr3t+P@ss&=word"),
            configuration: .init(siteURL: site, authentication: .password, allowsInsecureHTTP: true),
            transport: transport)
        Benchmark("URLSessionTransport sendSMS concurrency \(concurrency)") { benchmark in
            let calls = benchmark.scaledIterations.count
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<concurrency {
                    // Spread the calls evenly over the workers.
                    let share = calls / concurrency + (worker < calls % concurrency ? 1 : 0)
                    group.addTask {
                        for _ in 0..<share {
                            blackHole(try await client.sendSMS(to: ["+886912345678"], text: "您的驗證碼 123456", subject: "OTP"))
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }
}
