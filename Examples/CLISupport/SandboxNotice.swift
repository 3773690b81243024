import SMSTransport

/// A transport that says once, on standard error, that requests go to a built-in sandbox, the
/// first time one is sent.
///
/// Saying it on first use rather than at start-up keeps it off commands that fail validation
/// before anything is sent, whose standard error then holds just the one error line.
public struct SandboxNoticeTransport: HTTPTransport {
    private actor Once {
        private var done = false
        func claim() -> Bool {
            defer { done = true }
            return !done
        }
    }

    private let wrapped: any HTTPTransport
    private let once = Once()
    private let notice: @Sendable () -> Void

    /// Wraps a sandbox transport.
    ///
    /// - Parameters:
    ///   - sandbox: The in-process gateway that answers.
    ///   - notice: Called once, before the first request is handed over.
    public init(_ sandbox: any HTTPTransport, notice: @escaping @Sendable () -> Void) {
        self.wrapped = sandbox
        self.notice = notice
    }

    /// Says the notice if this is the first request, then lets the sandbox answer.
    ///
    /// - Parameter request: The request.
    /// - Returns: The sandbox's answer.
    /// - Throws: What the sandbox throws.
    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        if await once.claim() { notice() }
        return try await wrapped.send(request)
    }
}
