import Benchmark
import BenchSupport
import Every8D
import Foundation
import SMSTransport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

// SMS sends through the production URLSessionTransport against a keep-alive HTTP responder on
// 127.0.0.1, with 1, 8 and 32 calls in flight, beside the same POST made with a bare URLSession
// (`data(for:)`, the body built by hand) as the floor. Each measured unit is one call; the
// throughput column is calls per second. Both allow as many connections as calls in flight
// (the transport's default is 6).
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
            try await spread(benchmark.scaledIterations.count, over: concurrency) {
                blackHole(try await client.sendSMS(to: ["+886912345678"], text: CallFixtures.otpText, subject: "OTP"))
            }
        }

        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = max(6, concurrency)
        configuration.urlCache = nil
        let session = URLSession(configuration: configuration)
        var request = URLRequest(url: site.appendingPathComponent("API21/HTTP/SendSMS.ashx"))
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(CallFixtures.otpForm.utf8)
        let bareRequest = request
        Benchmark("Bare URLSession POST concurrency \(concurrency)") { benchmark in
            try await spread(benchmark.scaledIterations.count, over: concurrency) {
                let (body, response) = try await session.data(for: bareRequest)
                guard (response as? HTTPURLResponse)?.statusCode == 200 else { fatalError("unexpected answer") }
                blackHole(body)
            }
        }
    }
}
