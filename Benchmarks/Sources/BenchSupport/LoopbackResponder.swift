#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A minimal HTTP/1.1 keep-alive responder on 127.0.0.1 for the `URLSessionTransport` benchmark.
///
/// One thread accepts, one thread per connection reads each request (header block and
/// `Content-Length` body) and writes the same prebuilt response, keeping the connection open.
/// It is as cheap as a server can be, so the figures are the client's cost: URLSession, libcurl,
/// the SDK and the kernel's loopback. Not for anything but the benchmark.
public struct LoopbackResponder: Sendable {
    /// The port it listens on.
    public let port: UInt16
    private let listener: Int32

    /// Starts listening and answering every request with HTTP 200 and `body`.
    public init(body: String) throws {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(call: "socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 256) == 0 else {
            close(fd)
            throw Failure(call: "bind/listen")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            close(fd)
            throw Failure(call: "getsockname")
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        let response = Array("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
        Thread.detachNewThread {
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 {
                    if errno == EINTR { continue }
                    return  // the listener was closed
                }
                var noDelay: Int32 = 1
                setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
                Thread.detachNewThread { Self.serve(client, response: response) }
            }
        }
    }

    /// Stops accepting connections (open ones end when their client closes them).
    public func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    /// A failed socket call.
    public struct Failure: Error, CustomStringConvertible {
        let call: String
        public var description: String { "\(call) failed (errno \(errno))" }
    }

    private static func serve(_ fd: Int32, response: [UInt8]) {
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var filled = 0
        while true {
            // Read until a whole request (header block plus Content-Length body) is buffered.
            var requestEnd: Int?
            while requestEnd == nil {
                if let end = completeRequest(buffer, filled) {
                    requestEnd = end
                    break
                }
                if filled == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
                let read = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + filled, $0.count - filled, 0) }
                if read <= 0 {
                    if read < 0, errno == EINTR { continue }
                    return
                }
                filled += read
            }
            guard let end = requestEnd else { return }
            var sent = 0
            while sent < response.count {
                let written = response.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
                if written <= 0 {
                    if written < 0, errno == EINTR { continue }
                    return
                }
                sent += written
            }
            // Keep whatever followed (a pipelined request) at the front of the buffer.
            if end < filled {
                buffer.withUnsafeMutableBytes { raw in
                    _ = memmove(raw.baseAddress!, raw.baseAddress! + end, filled - end)
                }
            }
            filled -= end
        }
    }

    /// The length of the first complete request in `buffer[0..<filled]`, or `nil`.
    private static func completeRequest(_ buffer: [UInt8], _ filled: Int) -> Int? {
        guard filled >= 4 else { return nil }
        var headerEnd: Int?
        for index in 0...(filled - 4) where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            headerEnd = index + 4
            break
        }
        guard let headerEnd else { return nil }
        let header = String(decoding: buffer[0..<headerEnd], as: UTF8.self).lowercased()
        var contentLength = 0
        if let range = header.range(of: "\r\ncontent-length:") {
            let digits = header[range.upperBound...].drop { $0 == " " }.prefix { $0.isNumber }
            contentLength = Int(digits) ?? 0
        }
        let total = headerEnd + contentLength
        return filled >= total ? total : nil
    }
}
