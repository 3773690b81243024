import AsyncHTTPClient
import BenchSupport
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import SMSAsyncHTTPClient
import SMSTransport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

// What users feel over a network, measured against servers this program starts on 127.0.0.1:
//
//   Network connections   connections opened per send in steady state, 1, 8 and 32 sends in flight
//   Network latency       sendSMS p50/p99 through a proxy that delays every chunk 10 ms each way
//   Network stale         what each client does when a kept-alive connection dies under a POST
//
// Each prints a Markdown table; `Benchmarks/run.sh` runs all three (release build).

let group = MultiThreadedEventLoopGroup.singleton

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

/// Connections opened per send once the client is warm: a warm-up of 4 sends per task, then
/// `sends` counted sends; the server counts the connections it accepted during the counted part.
func connections() async throws {
    let sends = 2000
    var worst = 0.0
    print("| Sends in flight | Client | Sends | New connections | Connections / send |")
    print("|---:|---|---:|---:|---:|")
    for concurrency in [1, 8, 32] {
        let server = try await SendSMSServer(group: group, tls: nil)
        let site = URL(string: "http://127.0.0.1:\(server.port)")!
        for sender in try Sender.all(site: site, connections: max(6, concurrency), trust: nil) {
            try await spread(4 * concurrency, over: concurrency, sender.send)
            let before = server.counted.connections
            try await spread(sends, over: concurrency, sender.send)
            let opened = server.counted.connections - before
            print("| \(concurrency) | \(sender.name) | \(sends) | \(opened) | \(String(format: "%.4f", Double(opened) / Double(sends))) |")
            if sender.name == "AsyncHTTPClientTransport" { worst = max(worst, Double(opened) / Double(sends)) }
            try await sender.shutdown()
        }
        try await server.stop()
    }
    print("\nGoal: at most 0.01 new connections per send for AsyncHTTPClientTransport, the transport recommended for servers "
          + "(worst of the three: \(String(format: "%.4f", worst))): \(worst <= 0.01 ? "met" : "**MISSED**").")
}

/// A self-signed certificate for 127.0.0.1, made with the openssl command into a fresh folder, or
/// `cert.pem` and `key.pem` of the folder in `SMS_BENCH_TLS_DIR` when it is set (`run.sh` makes
/// them first, to add the certificate to the CA bundle libcurl reads).
func makeCertificate() throws -> (certificate: String, key: String) {
    if let folder = ProcessInfo.processInfo.environment["SMS_BENCH_TLS_DIR"] {
        return (folder + "/cert.pem", folder + "/key.pem")
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sms-bench-tls-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let certificate = folder.appendingPathComponent("cert.pem").path, key = folder.appendingPathComponent("key.pem").path
    let openssl = Process()
    openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    openssl.arguments = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                         "-keyout", key, "-out", certificate, "-days", "1", "-subj", "/CN=127.0.0.1",
                         "-addext", "subjectAltName=IP:127.0.0.1"]
    openssl.standardError = FileHandle.nullDevice
    try openssl.run()
    openssl.waitUntilExit()
    guard openssl.terminationStatus == 0 else { throw Failure("openssl could not make a certificate") }
    return (certificate, key)
}

/// sendSMS latency, one send at a time, through the delay proxy to a TLS server (and to a plain one).
func latency() async throws {
    let files = try makeCertificate()
    // URLSession on Linux trusts the CA bundle at a fixed path only (this toolchain's
    // FoundationNetworking has no URLSessionCertificateAuthorityInfoFile); `run.sh` adds the
    // certificate to a copy of it mounted over the original in this process's own mount namespace.
    guard let certificate = try NIOSSLCertificate.fromPEMFile(files.certificate).first else { throw Failure("no certificate") }
    let key = try NIOSSLPrivateKey(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: files.key))), format: .pem)
    let tls = try NIOSSLContext(configuration: .makeServerConfiguration(
        certificateChain: [.certificate(certificate)], privateKey: .privateKey(key)))
    let delay = TimeAmount.milliseconds(10)
    let sends = 200
    var verdict = "not measured"
    print("| Path | Client | Sends | p50 | p99 | p50 / floor | Connections |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for secure in [true, false] {
        let server = try await SendSMSServer(group: group, tls: secure ? tls : nil)
        var floorP50: Double?
        let makers: [(URL, Int, NIOSSLCertificate?) throws -> Sender] = [Sender.floor, Sender.asyncHTTPClient, Sender.urlSessionSender]
        for make in makers {
            let proxy = try await DelayProxy(group: group, upstreamPort: server.port, delay: delay, connectionSetup: delay * 2)
            let site = URL(string: "\(secure ? "https" : "http")://127.0.0.1:\(proxy.port)")!
            let sender = try make(site, 6, secure ? certificate : nil)
            let path = secure ? "TLS" : "plain TCP"
            do {
                for _ in 0..<3 { try await sender.send() }
            } catch {
                print("| \(path) | \(sender.name) | 0 | failed: \(String(describing: error).prefix(120)) | | | |")
                try await sender.shutdown()
                try await proxy.stop()
                continue
            }
            let before = proxy.connections
            let clock = ContinuousClock()
            var times: [Double] = []
            for _ in 0..<sends {
                let start = clock.now
                try await sender.send()
                times.append(milliseconds(start.duration(to: clock.now)))
            }
            times.sort()
            let p50 = times[times.count / 2], p99 = times[min(times.count - 1, times.count * 99 / 100)]
            if floorP50 == nil { floorP50 = p50 }
            if secure, sender.name == "AsyncHTTPClientTransport", let floorP50 {
                verdict = String(format: "%.2f× the floor: ", p50 / floorP50) + (p50 / floorP50 <= 1.15 ? "met" : "**MISSED**")
            }
            let ratio = floorP50.map { String(format: "%.2f×", p50 / $0) } ?? ""
            print("| \(path) | \(sender.name) | \(sends) | \(String(format: "%.1f ms", p50)) | \(String(format: "%.1f ms", p99)) | \(ratio) | \(proxy.connections - before) |")
            try await sender.shutdown()
            try await proxy.stop()
        }
        try await server.stop()
    }
    print("\nGoal: AsyncHTTPClientTransport's p50 over TLS at most 1.15× the keep-alive floor's: \(verdict).")
}

extension Sender {
    /// `urlSession` in the shape of the other makers (URLSession trusts by its environment).
    static func urlSessionSender(site: URL, connections: Int, trust: NIOSSLCertificate?) -> Sender {
        urlSession(site: site, connections: connections)
    }
}

/// Each client sends one POST on a fresh server, waits 50 ms, and sends a second one that the
/// server's first connection dies under. Counted: what the caller got, how long it took, and
/// what the server saw.
func stale() async throws {
    struct Probe: Sendable {
        let name: String
        let post: @Sendable (URL) async throws -> Void
    }
    let form = Data(CallFixtures.otpForm.utf8)
    func transportProbe(name: String, idempotent: Bool, transport: @escaping @Sendable () -> any HTTPTransport) -> Probe {
        Probe(name: name) { url in
            let transport = transport()
            defer { if let ahc = transport as? AsyncHTTPClientTransport { Task { try? await ahc.shutdown() } } }
            let request = TransportRequest(method: .post, url: url, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                           body: form, timeout: .seconds(5), isIdempotent: idempotent)
            for attempt in 0..<2 {
                let response = try await transport.send(request)
                guard response.status == 200 else { throw Failure("status \(response.status)") }
                if attempt == 0 { try await Task.sleep(for: .milliseconds(50)) }
            }
        }
    }
    let probes = [
        Probe(name: "bare URLSession, keep-alive POST") { url in
            let configuration = URLSessionConfiguration.ephemeral
            configuration.urlCache = nil
            let session = URLSession(configuration: configuration)
            var request = URLRequest(url: url)
            request.httpMethod = "POST"
            request.httpBody = form
            request.timeoutInterval = 5
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            for attempt in 0..<2 {
                let (_, response) = try await session.data(for: request)
                guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw Failure("status") }
                if attempt == 0 { try await Task.sleep(for: .milliseconds(50)) }
            }
        },
        transportProbe(name: "URLSessionTransport, POST on its kept-alive session", idempotent: true) { URLSessionTransport() },
        transportProbe(name: "URLSessionTransport, send (own connection)", idempotent: false) { URLSessionTransport() },
        transportProbe(name: "AsyncHTTPClientTransport, send (kept-alive)", idempotent: false) { AsyncHTTPClientTransport() },
    ]
    print("| Server closes the kept-alive connection | Client | Caller got | Time | Connections | Request heads | Requests read whole | Arrived unread |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for mode in StaleConnectionServer.Mode.allCases {
        for probe in probes {
            for _ in 0..<3 {
                let server = try StaleConnectionServer(mode: mode)
                let url = URL(string: "http://127.0.0.1:\(server.port)/API21/HTTP/SendSMS.ashx")!
                let clock = ContinuousClock()
                let start = clock.now
                var outcome = "answer"
                do {
                    try await probe.post(url)
                } catch let error as TransportError {
                    outcome = "TransportError \(error.code), may have been processed: \(error.requestMayHaveBeenProcessed)"
                } catch let error as URLError {
                    outcome = "URLError \(error.code.rawValue)"
                } catch {
                    outcome = "\(type(of: error)): \(String(describing: error).prefix(80))"
                }
                let elapsed = milliseconds(start.duration(to: clock.now))
                try await Task.sleep(for: .milliseconds(100))  // a re-send still under way arrives
                let seen = server.counted
                server.stop()
                let closing = mode == .closeOnArrival ? "as the 2nd POST arrives (unread, reset)" : "after reading the 2nd POST, unanswered"
                print("| \(closing) | \(probe.name) | \(outcome) | \(Int(elapsed)) ms | \(seen.connections) | \(seen.heads) | \(seen.requests) | \(seen.unread) |")
            }
        }
    }
}

switch CommandLine.arguments.dropFirst().first {
case "connections": try await connections()
case "latency": try await latency()
case "stale": try await stale()
default:
    FileHandle.standardError.write(Data("usage: Network connections|latency|stale\n".utf8))
    exit(2)
}
