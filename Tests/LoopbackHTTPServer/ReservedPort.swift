import Foundation

/// A port on 127.0.0.1 that refuses connections, for "connection refused" tests.
///
/// The port is bound but not listening, so nothing else can take it while the test runs and every
/// connection attempt is refused. Call ``release()`` (or let it deinitialise) when done.
public final class ReservedPort: Sendable {
    /// The port number.
    public let port: UInt16
    private let fd: Locked<Int32?>

    /// Reserves a port chosen by the OS.
    ///
    /// - Throws: A socket error if no port could be bound.
    public init() throws {
        let reserved = try Socket.reserveClosedPort()
        port = reserved.port
        fd = Locked(reserved.fd)
    }

    deinit {
        release()
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: URL {
        URL(string: "http://127.0.0.1:\(port)")!
    }

    /// Frees the port.
    public func release() {
        if let descriptor = fd.withLock({ value -> Int32? in
            defer { value = nil }
            return value
        }) {
            Socket.closeDescriptor(descriptor)
        }
    }
}
