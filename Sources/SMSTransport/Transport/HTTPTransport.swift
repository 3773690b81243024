/// The one seam every gateway client stands on: send one HTTP request, get one response.
///
/// ``URLSessionTransport`` is the production implementation. The `SMSSandbox` module ships
/// in-process gateways that conform too, so code written against a client can be tested offline,
/// and a heavy user can plug in their own (for example one built on AsyncHTTPClient).
///
/// An implementation must:
/// - send nothing when the calling task is already cancelled, and throw `CancellationError`;
/// - give up after ``TransportRequest/timeout`` with ``TransportError/Code/timedOut``;
/// - report failures as ``TransportError`` (or `CancellationError`) and never leak credentials
///   from the request into an error.
/// It should also hand the request's ``TransportRequest/redactionRules`` to the response
/// (``TransportResponse/redactionRules``), so that a printed response hides what its gateway
/// declared secret (the clients' own logs and errors do not depend on it).
/// Non-2xx statuses are *not* errors at this level: the response is returned as received.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the gateway's response, whatever its status.
    ///
    /// - Parameter request: The request to send, with an overall deadline in ``TransportRequest/timeout``.
    /// - Returns: The status, headers and body the server answered with.
    /// - Throws: ``TransportError`` when no complete response arrived; `CancellationError` when the
    ///   calling task was cancelled.
    func send(_ request: TransportRequest) async throws -> TransportResponse
}
