import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The low-level reachability checks of `doctor`: resolving a host name and opening a TCP
/// connection, each on its own so that the report can say which step failed.
///
/// Both block in system calls (a resolver without network can take many seconds), so they run on
/// a thread of their own rather than on one of the concurrency pool's few threads.
public enum NetworkProbe {
    /// The addresses `host` resolves to (IPv4 and IPv6, as text), or why it does not resolve.
    public static func resolve(host: String, port: Int) async -> Result<[String], ProbeFailure> {
        await offPool { resolveBlocking(host: host, port: port) }
    }

    /// Opens (and closes) a TCP connection to `host`:`port`, trying each address in turn.
    ///
    /// - Returns: The address that answered and how long the connection took, or why none did.
    public static func connect(host: String, port: Int, timeout: Duration) async -> Result<(address: String, elapsed: Duration), ProbeFailure> {
        await offPool { connectBlocking(host: host, port: port, timeout: timeout) }
    }

    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: work()) }
        }
    }

    private static func resolveBlocking(host: String, port: Int) -> Result<[String], ProbeFailure> {
        addresses(host: host, port: port).flatMap { entries in
            var texts: [String] = []
            for entry in entries where !texts.contains(entry.text) { texts.append(entry.text) }
            return texts.isEmpty ? .failure(ProbeFailure("no addresses")) : .success(texts)
        }
    }

    private static func connectBlocking(host: String, port: Int, timeout: Duration) -> Result<(address: String, elapsed: Duration), ProbeFailure> {
        addresses(host: host, port: port).flatMap { entries in
            var failures: [String] = []
            for entry in entries {
                let clock = ContinuousClock()
                let start = clock.now
                if let problem = attempt(entry, timeout: timeout) {
                    failures.append("\(entry.text): \(problem)")
                } else {
                    return .success((entry.text, clock.now - start))
                }
            }
            return .failure(ProbeFailure(failures.isEmpty ? "no addresses" : failures.joined(separator: "; ")))
        }
    }

    /// One resolved address: what `socket` and `connect` take, and its text.
    private struct Entry {
        var family: Int32
        var type: Int32
        var proto: Int32
        var address: [UInt8]
        var text: String
    }

    /// Every address `host`:`port` resolves to for a TCP connection.
    private static func addresses(host: String, port: Int) -> Result<[Entry], ProbeFailure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc) || canImport(Musl)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            return .failure(ProbeFailure(String(cString: gai_strerror(status))))
        }
        defer { freeaddrinfo(first) }
        var entries: [Entry] = []
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let current = next {
            let info = current.pointee
            next = info.ai_next
            guard let address = info.ai_addr, let text = numericHost(address, length: info.ai_addrlen) else { continue }
            let bytes = Array(UnsafeRawBufferPointer(start: address, count: Int(info.ai_addrlen)))
            entries.append(Entry(family: info.ai_family, type: info.ai_socktype, proto: info.ai_protocol, address: bytes, text: text))
        }
        return .success(entries)
    }

    /// One non-blocking connect with a deadline; `nil` when it connected.
    private static func attempt(_ entry: Entry, timeout: Duration) -> String? {
        let socket = Self.socket(entry.family, entry.type, entry.proto)
        guard socket >= 0 else { return String(cString: strerror(errno)) }
        defer { _ = close(socket) }
        let flags = fcntl(socket, F_GETFL, 0)
        _ = fcntl(socket, F_SETFL, flags | O_NONBLOCK)
        let connected = entry.address.withUnsafeBytes { raw -> Int32 in
            guard let base = raw.baseAddress else { return -1 }
            return Self.connectSocket(socket, base.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        if connected == 0 { return nil }
        guard errno == EINPROGRESS else { return String(cString: strerror(errno)) }
        var poller = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
        let milliseconds = Int32(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        let ready = poll(&poller, 1, milliseconds)
        guard ready > 0 else { return ready == 0 ? "no answer within \(TextFormat.duration(timeout))" : String(cString: strerror(errno)) }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(socket, SOL_SOCKET, SO_ERROR, &error, &length) == 0 else { return String(cString: strerror(errno)) }
        return error == 0 ? nil : String(cString: strerror(error))
    }

    private static func socket(_ family: Int32, _ type: Int32, _ proto: Int32) -> Int32 {
        #if canImport(Glibc)
        Glibc.socket(family, type, proto)
        #elseif canImport(Musl)
        Musl.socket(family, type, proto)
        #else
        Darwin.socket(family, type, proto)
        #endif
    }

    private static func connectSocket(_ socket: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
        #if canImport(Glibc)
        Glibc.connect(socket, address, length)
        #elseif canImport(Musl)
        Musl.connect(socket, address, length)
        #else
        Darwin.connect(socket, address, length)
        #endif
    }

    private static func numericHost(_ address: UnsafeMutablePointer<sockaddr>?, length: socklen_t) -> String? {
        guard let address else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(address, length, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 else { return nil }
        return buffer.withUnsafeBufferPointer { pointer in pointer.baseAddress.map { String(cString: $0) } }
    }
}

/// Why a probe failed, in the system's words.
public struct ProbeFailure: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let description: String

    init(_ description: String) { self.description = description }
}
