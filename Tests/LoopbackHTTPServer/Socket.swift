#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Thin wrappers over the BSD socket calls the server needs, with errno turned into Swift errors.
enum Socket {
    /// A failed system call and its `errno`.
    struct Failure: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "\(call) failed: \(String(cString: strerror(code))) (errno \(code))" }
    }

    #if canImport(Darwin)
    static let streamType = SOCK_STREAM
    static let sendFlags: Int32 = 0
    #else
    static let streamType = Int32(SOCK_STREAM.rawValue)
    static let sendFlags = Int32(MSG_NOSIGNAL)
    #endif

    /// Creates a listening TCP socket on 127.0.0.1 with a port the OS picks, and returns it and the port.
    static func listenOnLoopback(backlog: Int32 = 64) throws -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, streamType, 0)
        guard fd >= 0 else { throw Failure(call: "socket", code: errno) }
        closeOnExec(fd)
        do {
            var one: Int32 = 1
            guard setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
                throw Failure(call: "setsockopt(SO_REUSEADDR)", code: errno)
            }
            #if canImport(Darwin)
            guard setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
                throw Failure(call: "setsockopt(SO_NOSIGPIPE)", code: errno)
            }
            #endif
            var address = sockaddr_in()
            #if canImport(Darwin)
            address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
            #endif
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else { throw Failure(call: "bind", code: errno) }
            guard listen(fd, backlog) == 0 else { throw Failure(call: "listen", code: errno) }
            return (fd, try localPort(of: fd))
        } catch {
            close(fd)
            throw error
        }
    }

    /// The local port a bound socket got.
    static func localPort(of fd: Int32) throws -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw Failure(call: "getsockname", code: errno) }
        return UInt16(bigEndian: address.sin_port)
    }

    /// A port on 127.0.0.1 that nothing listens on: bound (so no one else gets it) but not listening.
    ///
    /// Keep the returned descriptor open while using the port and close it afterwards: connecting
    /// to a bound, non-listening socket is refused, and holding it prevents another test from
    /// taking the port in between.
    static func reserveClosedPort() throws -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, streamType, 0)
        guard fd >= 0 else { throw Failure(call: "socket", code: errno) }
        closeOnExec(fd)
        var address = sockaddr_in()
        #if canImport(Darwin)
        address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw Failure(call: "bind", code: code)
        }
        do {
            return (fd, try localPort(of: fd))
        } catch {
            close(fd)
            throw error
        }
    }

    /// Accepts one connection; `nil` on a transient failure worth retrying.
    static func accept(_ fd: Int32) throws -> Int32? {
        #if canImport(Darwin)
        let client = Darwin.accept(fd, nil, nil)
        #elseif canImport(Musl)
        let client = Musl.accept(fd, nil, nil)
        #else
        let client = Glibc.accept(fd, nil, nil)
        #endif
        if client >= 0 {
            closeOnExec(client)
            #if canImport(Darwin)
            var one: Int32 = 1
            setsockopt(client, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
            #endif
            return client
        }
        let code = errno
        if code == EINTR || code == ECONNABORTED || code == EAGAIN { return nil }
        throw Failure(call: "accept", code: code)
    }

    /// What `poll` saw on a connection and the server's wake pipe.
    enum Readiness {
        case readable
        case stopped
        case timedOut
    }

    /// Waits until `fd` is readable (data or end of stream), the server stops, or `timeoutMilliseconds` pass (-1: forever).
    static func waitReadable(_ fd: Int32, wake: Int32, timeoutMilliseconds: Int32) -> Readiness {
        var fds = [
            pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
            pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let result = poll(&fds, nfds_t(fds.count), timeoutMilliseconds)
            if result < 0 {
                if errno == EINTR { continue }
                return .stopped
            }
            if result == 0 { return .timedOut }
            if fds[0].revents != 0 { return .stopped }
            return .readable
        }
    }

    /// Waits until the server stops or `timeoutMilliseconds` pass.
    static func waitForStop(wake: Int32, timeoutMilliseconds: Int32) -> Bool {
        var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        while true {
            let result = poll(&fds, 1, timeoutMilliseconds)
            if result < 0 && errno == EINTR { continue }
            return result != 0
        }
    }

    /// Whether the peer has closed its sending side (a zero-byte peek), without consuming data.
    static func peerHasClosed(_ fd: Int32) -> Bool {
        var byte: UInt8 = 0
        while true {
            let result = recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT))
            if result > 0 { return false }
            if result == 0 { return true }
            if errno == EINTR { continue }
            return errno != EAGAIN && errno != EWOULDBLOCK
        }
    }

    /// Reads what is available (blocking until something is); 0 at end of stream, -1 on error.
    static func receive(_ fd: Int32, into buffer: inout [UInt8], max: Int = 64 * 1024) -> Int {
        var chunk = [UInt8](repeating: 0, count: max)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, max, 0) }
            if count < 0 && errno == EINTR { continue }
            if count > 0 { buffer.append(contentsOf: chunk[0..<count]) }
            return count
        }
    }

    /// Writes every byte; `false` if the peer went away.
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + offset, raw.count - offset, sendFlags)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// Shuts both directions down, waking a thread blocked on `fd` without freeing the descriptor.
    static func shutdownBoth(_ fd: Int32) {
        #if canImport(Darwin)
        _ = Darwin.shutdown(fd, SHUT_RDWR)
        #elseif canImport(Musl)
        _ = Musl.shutdown(fd, Int32(SHUT_RDWR))
        #else
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
        #endif
    }

    /// Closes a descriptor.
    static func closeDescriptor(_ fd: Int32) {
        #if canImport(Darwin)
        _ = Darwin.close(fd)
        #elseif canImport(Musl)
        _ = Musl.close(fd)
        #else
        _ = Glibc.close(fd)
        #endif
    }

    /// A pipe whose write end, once closed, makes its read end readable for every `poll` forever.
    static func makeWakePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw Failure(call: "pipe", code: errno) }
        closeOnExec(fds[0])
        closeOnExec(fds[1])
        return (fds[0], fds[1])
    }

    /// Keeps `fd` out of processes the tests spawn. A child holding a copy of a wake pipe's write
    /// end would keep `stop()` from waking the server's threads until the child exits, and one
    /// holding a listening socket would keep its port taken.
    static func closeOnExec(_ fd: Int32) {
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }
}
