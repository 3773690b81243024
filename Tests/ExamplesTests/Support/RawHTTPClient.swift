#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import LoopbackHTTPServer

/// A client that writes bytes as given to a TCP port on 127.0.0.1 and reads the answer, for
/// requests no HTTP client would send (huge lines, stalls, garbage).
///
/// Reading blocks, so it runs on a thread of its own: blocking the tests' shared pool of threads
/// would starve the server under test of the threads its own tasks need.
struct RawHTTPClient: Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// An answer: the status (0 when none could be read) and the raw text.
    struct Answer: Sendable, CustomStringConvertible {
        let raw: String
        var status: Int {
            let parts = raw.split(separator: " ", maxSplits: 2)
            return parts.count >= 2 ? Int(parts[1]) ?? 0 : 0
        }
        var body: String {
            guard let range = raw.range(of: "\r\n\r\n") else { return "" }
            return String(raw[range.upperBound...])
        }
        func header(_ name: String) -> String? {
            let head = raw.components(separatedBy: "\r\n\r\n").first ?? ""
            for line in head.components(separatedBy: "\r\n").dropFirst() {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == name.lowercased() { return parts[1].trimmingCharacters(in: .whitespaces) }
            }
            return nil
        }
        var description: String { raw }
    }

    let port: UInt16

    /// Connects, or throws.
    func connect() throws -> Int32 {
        #if canImport(Darwin)
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #else
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glue.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw Failure(description: "connect failed: errno \(errno)")
        }
        return fd
    }

    /// Writes `bytes` on a connection (ignoring a peer that already closed).
    func write(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            #if canImport(Darwin)
            let count = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, 0) }
            #else
            let count = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            #endif
            guard count > 0 else { return }
            offset += count
        }
    }

    /// Reads until the server closes, at most `timeout`.
    func readAll(_ fd: Int32, timeout: Duration = FaultTiming.scaled(.seconds(10))) async -> Answer {
        await Self.onThread { readAllBlocking(fd, timeout: timeout) }
    }

    private func readAllBlocking(_ fd: Int32, timeout: Duration) -> Answer {
        var timeval = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeval, socklen_t(MemoryLayout<timeval>.size))
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            data += buffer.prefix(count)
        }
        return Answer(raw: String(decoding: data, as: UTF8.self))
    }

    /// Sends `text` and reads the whole answer.
    func exchange(_ text: String) async throws -> Answer {
        try await exchange(Array(text.utf8))
    }

    /// Sends `bytes` and reads the whole answer.
    func exchange(_ bytes: [UInt8]) async throws -> Answer {
        let fd = try connect()
        defer { close(fd) }
        write(fd, bytes)
        return await readAll(fd)
    }

    /// A GET of `target` as EVERY8D would send it.
    func get(_ target: String) async throws -> Answer {
        try await exchange("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUser-Agent: EVERY8D\r\n\r\n")
    }

    /// Runs blocking work on a new thread.
    private static func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }

    private enum Glue {
        static func connect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
            #if canImport(Darwin)
            Darwin.connect(fd, address, length)
            #else
            Glibc.connect(fd, address, length)
            #endif
        }
    }
}
