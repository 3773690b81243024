#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The few BSD socket calls the listener needs, with `errno` turned into errors and every wait
/// bounded by a deadline.
enum ListenerSocket {
    /// A failed system call.
    struct Failure: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "\(call): \(String(cString: strerror(code)))" }
    }

    #if canImport(Darwin)
    static let streamType = SOCK_STREAM
    static let sendFlags: Int32 = 0
    #else
    static let streamType = Int32(SOCK_STREAM.rawValue)
    static let sendFlags = Int32(MSG_NOSIGNAL)
    #endif

    /// A listening socket on `host` (a name or a numeric address) and `port` (0: any free port).
    ///
    /// - Returns: The socket and the port it got.
    static func listen(host: String, port: UInt16, backlog: Int32 = 128) throws -> (fd: Int32, port: UInt16) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = streamType
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host, String(port), &hints, &list)
        guard resolved == 0, let first = list else {
            throw Failure(call: "getaddrinfo(\(host))", code: resolved == EAI_SYSTEM ? errno : EINVAL)
        }
        defer { freeaddrinfo(first) }
        var lastError = Failure(call: "bind", code: EADDRNOTAVAIL)
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard fd >= 0 else {
                lastError = Failure(call: "socket", code: errno)
                continue
            }
            // Not inherited by programs started from this process (it would keep the port taken).
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
                lastError = Failure(call: "bind", code: errno)
                close(fd)
                continue
            }
            guard Glue.listen(fd, backlog) == 0 else {
                lastError = Failure(call: "listen", code: errno)
                close(fd)
                continue
            }
            do {
                return (fd, try localPort(of: fd))
            } catch {
                close(fd)
                throw error
            }
        }
        throw lastError
    }

    /// The local port of a bound socket (IPv4 or IPv6).
    static func localPort(of fd: Int32) throws -> UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw Failure(call: "getsockname", code: errno) }
        let family = Int32(storage.ss_family)
        return withUnsafePointer(to: &storage) { pointer in
            if family == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
        }
    }

    /// Waits until `fd` can be read (or has hung up), at most `milliseconds`.
    ///
    /// - Returns: `true` when readable, `false` on timeout.
    static func waitReadable(_ fd: Int32, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let result = poll(&entry, 1, max(0, milliseconds))
            if result > 0 { return true }
            if result == 0 { return false }
            if errno != EINTR { return true }  // let the read report the error
        }
    }

    /// Accepts one connection, or `nil` when none is waiting or it failed on the way.
    static func accept(_ fd: Int32) -> Int32? {
        let client = Glue.accept(fd)
        guard client >= 0 else { return nil }
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        #if canImport(Darwin)
        var one: Int32 = 1
        setsockopt(client, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        // A client that stops reading cannot hold a writer for long.
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return client
    }

    /// Reads what is there, up to `limit` bytes: empty at the end of the stream, `nil` on an error.
    static func read(_ fd: Int32, limit: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: max(1, limit))
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count >= 0 { return Array(buffer.prefix(count)) }
            if errno != EINTR { return nil }
        }
    }

    /// Writes all of `bytes`; `false` when the peer went away or stopped reading.
    @discardableResult
    static func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, sendFlags) }
            if count > 0 {
                offset += count
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }

    /// Closes the writing side, reads (and drops) what the client still sends for a moment, so
    /// that closing does not reset the connection before the answer is read, then closes.
    static func finish(_ fd: Int32) {
        shutdown(fd, Int32(SHUT_WR))
        let deadline = ContinuousClock.now + .milliseconds(500)
        var drained = 0
        while drained < 65_536 {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero, waitReadable(fd, milliseconds: milliseconds(left)), let bytes = read(fd, limit: 4096), !bytes.isEmpty else { break }
            drained += bytes.count
        }
        close(fd)
    }

    /// A wait in whole milliseconds, for `poll`.
    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }

    /// The calls whose names clash with Swift's or Foundation's.
    private enum Glue {
        static func listen(_ fd: Int32, _ backlog: Int32) -> Int32 {
            #if canImport(Darwin)
            Darwin.listen(fd, backlog)
            #elseif canImport(Musl)
            Musl.listen(fd, backlog)
            #else
            Glibc.listen(fd, backlog)
            #endif
        }

        static func accept(_ fd: Int32) -> Int32 {
            #if canImport(Darwin)
            Darwin.accept(fd, nil, nil)
            #elseif canImport(Musl)
            Musl.accept(fd, nil, nil)
            #else
            Glibc.accept(fd, nil, nil)
            #endif
        }
    }
}
