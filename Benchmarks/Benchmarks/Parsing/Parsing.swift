import Benchmark
import BenchSupport
@_spi(SMSInternals) @_spi(Every8DV3) import Every8D
import Foundation
@_spi(SMSInternals) import OmiCard
import SMSTransport

// Each parser on the shapes it reads in production: the four 1000-row delivery pages (the files the
// Python baseline parses: 2.1's TAB, JSON and XML, and API 3.0's JSON answer), a 10-row reply page, a send result, a push report and OMICard answers.
// Time per parse and mallocs per parse; BENCHMARKS.md turns the page times into MB/s and ratios.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .microseconds,
        warmupIterations: 10,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000
    )

    // Answers of a few dozen bytes take well under a microsecond: a thousand per measurement, in ns.
    let small = Benchmark.Configuration(timeUnits: .nanoseconds, scalingFactor: .kilo)

    let tab = BenchFixtures.deliveryPageTAB
    let json = BenchFixtures.deliveryPageJSON
    let xml = BenchFixtures.deliveryPageXML
    // A benchmark of a parser that no longer reads the page would be meaningless: check first.
    for (body, format) in [(tab, DeliveryReportFormat.tab), (json, .json), (xml, .xml)] {
        guard let page = try? Every8DResponseParser.deliveryPage(body, format: format), page.reports.count == 1000 else {
            fatalError("the \(format) fixture does not parse into 1000 rows")
        }
    }

    Benchmark("DR page 1000 rows TAB") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Every8DResponseParser.deliveryPage(tab: tab))
        }
    }
    Benchmark("DR page 1000 rows JSON") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Every8DResponseParser.deliveryPage(json: json))
        }
    }
    Benchmark("DR page 1000 rows XML") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Every8DResponseParser.deliveryPage(xml: xml))
        }
    }

    let json3 = BenchFixtures.deliveryPageJSONV3
    guard let page3 = try? Every8DV3ResponseParser.deliveryPage(json3), page3.reports.count == 1000 else {
        fatalError("the API 3.0 fixture does not parse into 1000 rows")
    }
    Benchmark("DR page 1000 rows JSON 3.0") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Every8DV3ResponseParser.deliveryPage(json3))
        }
    }

    let replyTAB = BenchFixtures.replyPageTAB
    let replyJSON = BenchFixtures.replyPageJSON
    guard (try? Every8DResponseParser.replyPage(tab: replyTAB).replies.count) == 10,
          (try? Every8DResponseParser.replyPage(json: replyJSON).replies.count) == 10 else {
        fatalError("the reply fixtures do not parse into 10 rows")
    }
    Benchmark("Reply page 10 rows TAB", configuration: small) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Every8DResponseParser.replyPage(tab: replyTAB))
        }
    }
    Benchmark("Reply page 10 rows JSON", configuration: small) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Every8DResponseParser.replyPage(json: replyJSON))
        }
    }

    let sendResult = BenchFixtures.sendResult
    let sendParamResult = BenchFixtures.sendParamResult
    Benchmark("Send result", configuration: small) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Every8DResponseParser.sendReceipt(sendResult))
        }
    }
    Benchmark("Send result in JSON envelope", configuration: small) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try Every8DResponseParser.sendReceipt(sendParamResult, operation: .sendPersonalizedSMS))
        }
    }

    let query = BenchFixtures.pushReportQuery
    guard (try? PushReport(query: query))?.status == .delivered else { fatalError("the push report fixture does not parse") }
    Benchmark("Push report", configuration: small) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try PushReport(query: query))
        }
    }

    let omiXML = BenchFixtures.omiCardXML
    let omiCSV = BenchFixtures.omiCardCSV
    let xmlHeaders: HTTPHeaders = ["Content-Type": "text/xml; charset=utf-8"]
    let csvHeaders: HTTPHeaders = ["Content-Type": "text/csv; charset=utf-8"]
    Benchmark("OMICard answer XML", configuration: small) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try OmiCardResponseParser.parse(omiXML, headers: xmlHeaders))
        }
    }
    Benchmark("OMICard answer CSV", configuration: small) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try OmiCardResponseParser.parse(omiCSV, headers: csvHeaders))
        }
    }
}
