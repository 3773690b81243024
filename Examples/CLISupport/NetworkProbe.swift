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
public enum NetworkProbe {
    /// The addresses `host` resolves to (IPv4 and IPv6, as text), or why it does not resolve.
    public static func resolve(host: String, port: Int) -> Result<[String], ProbeFailure> {
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
        var addresses: [String] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            if let text = numericHost(current.pointee.ai_addr, length: current.pointee.ai_addrlen), !addresses.contains(text) {
                addresses.append(text)
            }
            entry = current.pointee.ai_next
        }
        return addresses.isEmpty ? .failure(ProbeFailure("no addresses")) : .success(addresses)
    }

    /// Opens (and closes) a TCP connection to `host`:`port`, trying each address in turn.
    ///
    /// - Returns: The address that answered and how long the connection took, or why none did.
    public static func connect(host: String, port: Int, timeout: Duration) -> Result<(address: String, elapsed: Duration), ProbeFailure> {
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
        var failures: [String] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            entry = current.pointee.ai_next
            let address = numericHost(current.pointee.ai_addr, length: current.pointee.ai_addrlen) ?? "?"
            let clock = ContinuousClock()
            let start = clock.now
            if let problem = attempt(current.pointee, timeout: timeout) {
                failures.append("\(address): \(problem)")
            } else {
                return .success((address, clock.now - start))
            }
        }
        return .failure(ProbeFailure(failures.joined(separator: "; ")))
    }

    /// One non-blocking connect with a deadline; `nil` when it connected.
    private static func attempt(_ info: addrinfo, timeout: Duration) -> String? {
        let socket = Self.socket(info.ai_family, info.ai_socktype, info.ai_protocol)
        guard socket >= 0 else { return String(cString: strerror(errno)) }
        defer { _ = close(socket) }
        let flags = fcntl(socket, F_GETFL, 0)
        _ = fcntl(socket, F_SETFL, flags | O_NONBLOCK)
        if Self.connectSocket(socket, info.ai_addr, info.ai_addrlen) == 0 { return nil }
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

    private static func connectSocket(_ socket: Int32, _ address: UnsafeMutablePointer<sockaddr>!, _ length: socklen_t) -> Int32 {
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
