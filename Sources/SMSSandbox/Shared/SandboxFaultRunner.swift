import Foundation

/// Runs one request through the fault chosen for it: what happens before the gateway reads the
/// request, the processing itself, and what happens to the answer afterwards.
enum SandboxFaultRunner {
    /// - Parameters:
    ///   - request: The request (its timeout bounds a ``SandboxFault/delay(_:)``).
    ///   - fault: The fault to apply, or `nil`.
    ///   - expireTokens: Invalidates the gateway's tokens (for ``SandboxFault/expiredToken``).
    ///   - process: Carries out the request and returns the gateway's real answer.
    /// - Returns: The answer the client receives.
    /// - Throws: ``TransportError`` for the connection faults and a delay past the timeout;
    ///   `CancellationError` when the task is cancelled during a delay.
    static func run(
        _ request: TransportRequest,
        fault: SandboxFault?,
        expireTokens: () async -> Void,
        process: () async -> TransportResponse
    ) async throws -> TransportResponse {
        guard let fault else { return await process() }
        if !fault.processesRequest {
            switch fault.kind {
            case .connectionRefused:
                throw TransportError(.connectionRefused, requestMayHaveBeenProcessed: false, detail: "sandbox: connection refused")
            case .httpStatus(let status):
                return SandboxPages.errorResponse(status: status)
            case .htmlErrorPage:
                return SandboxPages.maintenanceResponse()
            case .cdnBlocked:
                return SandboxPages.cdnBlockedResponse()
            case .garbageBody:
                return TransportResponse(status: 200, headers: ["Content-Type": "text/plain; charset=utf-8"], body: SandboxPages.garbage)
            case .truncatedBody, .delay, .expiredToken, .connectionDropped:
                break
            }
        }
        if case .expiredToken = fault.kind { await expireTokens() }
        let response = await process()
        switch fault.kind {
        case .httpStatus(let status):
            return SandboxPages.errorResponse(status: status)
        case .htmlErrorPage:
            return SandboxPages.maintenanceResponse()
        case .cdnBlocked:
            return SandboxPages.cdnBlockedResponse()
        case .garbageBody:
            return TransportResponse(status: 200, headers: response.headers, body: SandboxPages.garbage)
        case .truncatedBody:
            // Keep at most half, and always lose at least one byte, so the cut is visible.
            let kept = min(response.body.count / 2, max(response.body.count - 1, 0))
            return TransportResponse(status: response.status, headers: response.headers, body: Data(response.body.prefix(kept)))
        case .delay(let duration):
            if duration >= request.timeout {
                try await Task.sleep(for: request.timeout)
                throw TransportError(.timedOut, requestMayHaveBeenProcessed: true, detail: "sandbox: no answer within \(request.timeout)")
            }
            try await Task.sleep(for: duration)
            return response
        case .connectionDropped:
            throw TransportError(.connectionLost, requestMayHaveBeenProcessed: true, detail: "sandbox: connection dropped after the request was read")
        case .expiredToken, .connectionRefused:
            return response
        }
    }
}
