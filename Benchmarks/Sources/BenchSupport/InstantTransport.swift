import Foundation
import SMSTransport

/// An in-process transport that answers every request at once with the same prebuilt response,
/// so that a benchmark measures the SDK's own work and nothing of the network.
public struct InstantTransport: HTTPTransport {
    /// The response returned for every request.
    public let response: TransportResponse

    /// Creates a transport answering `body` with HTTP 200.
    public init(body: Data, contentType: String = "text/plain; charset=utf-8") {
        response = TransportResponse(status: 200, headers: ["Content-Type": contentType], body: body)
    }

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        response
    }
}
