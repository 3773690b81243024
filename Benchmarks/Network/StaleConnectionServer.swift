#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A server on 127.0.0.1 whose first connection dies under the second request, for finding out
/// what a client does then: it answers the first request on its first connection (keep-alive),
/// waits for the next request on it, and then, by `mode`:
/// - `closeOnArrival`: closes the connection the moment the request's first bytes arrive, unread
///   (the kernel answers the unread bytes with a reset);
/// - `closeAfterRead`: reads the whole request, then closes without answering.
/// Every later connection answers every request (and closes after it when the request says
/// `Connection: close`, as IIS does). It counts connections, request heads received and requests
/// read whole, so a request the client sends again on a new connection shows as one too many.
final class StaleConnectionServer: @unchecked Sendable {
    enum Mode: String, CaseIterable, Sendable { case closeOnArrival, closeAfterRead }

    let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var connectionCount = 0
    private var requestCount = 0
    private var unreadCount = 0
    private var headCount = 0

    init(mode: Mode) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 64) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard fd >= 0, ok else { throw Failure("cannot listen on 127.0.0.1 (errno \(errno))") }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [self] in
            var index = 0
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { if errno == EINTR { continue } else { return } }
                let first = index == 0
                index += 1
                lock.withLock { connectionCount += 1 }
                Thread.detachNewThread { [self] in serve(client, dying: first ? mode : nil) }
            }
        }
    }

    /// Connections accepted, request heads received, requests read whole, requests whose bytes
    /// arrived but were not read.
    var counted: (connections: Int, heads: Int, requests: Int, unread: Int) {
        lock.withLock { (connectionCount, headCount, requestCount, unreadCount) }
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func serve(_ fd: Int32, dying mode: Mode?) {
        defer { close(fd) }
        var pending: [UInt8] = []
        var answered = 0
        while true {
            if let mode, answered == 1 {
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, 10_000) == 1 else { return }
                if mode == .closeOnArrival {
                    lock.withLock { unreadCount += 1 }
                    return
                }
            }
            guard let request = readRequest(fd, &pending) else { return }
            lock.withLock { requestCount += 1 }
            if mode == .closeAfterRead, answered == 1 { return }
            let closing = String(decoding: request, as: UTF8.self).lowercased().contains("\r\nconnection: close")
            let body = "9610040.00,1,1,0,c496f706-9b0f-4ff8-9644-9503edbb7064"
            let answer = Array(("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\n"
                + (closing ? "Connection: close\r\n" : "") + "\r\n\(body)").utf8)
            guard answer.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == answer.count else { return }
            if closing { return }
            answered += 1
        }
    }

    /// Reads one request (head and `Content-Length` body); `nil` at the end of the stream.
    private func readRequest(_ fd: Int32, _ pending: inout [UInt8]) -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        var headCounted = false
        while true {
            if !headCounted, Self.headEnd(pending) != nil {
                headCounted = true
                lock.withLock { headCount += 1 }
            }
            if let end = Self.requestEnd(pending) {
                let request = Array(pending[..<end])
                pending.removeFirst(end)
                return request
            }
            let read = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if read <= 0 { return nil }
            pending += chunk[..<read]
        }
    }

    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= 4 else { return nil }
        return (0...(bytes.count - 4)).first { Array(bytes[$0..<$0 + 4]) == separator }
    }

    private static func requestEnd(_ bytes: [UInt8]) -> Int? {
        guard let head = headEnd(bytes) else { return nil }
        let header = String(decoding: bytes[..<head], as: UTF8.self).lowercased()
        var length = 0
        if let range = header.range(of: "\r\ncontent-length:") {
            length = Int(header[range.upperBound...].drop { $0 == " " }.prefix { $0.isNumber }) ?? 0
        }
        return bytes.count >= head + 4 + length ? head + 4 + length : nil
    }
}
