import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import SMSTransport

/// Follows one request through AsyncHTTPClient: notes when its head was written, collects the
/// response under the size limit, and turns a failure into the SDK's error.
///
/// AsyncHTTPClient calls it on the transport's event loop; the caller reads the outcome from
/// another thread once the task has finished, so the state sits behind a lock.
final class ResponseCollector: HTTPClientResponseDelegate {
    typealias Response = TransportResponse

    private struct State {
        /// Whether the request head has been handed to the connection (and may have left).
        var headWritten = false
        var head: HTTPResponseHead?
        var body = ByteBuffer()
        /// A failure the collector decided itself (the size limit).
        var failure: TransportError?
    }

    private let limit: Int
    private let state = NIOLockedValueBox(State())

    /// - Parameter limit: The largest response body accepted, in bytes.
    init(limit: Int) {
        self.limit = limit
    }

    func didSendRequestHead(task: HTTPClient.Task<TransportResponse>, _ head: HTTPRequestHead) {
        state.withLockedValue { $0.headWritten = true }
    }

    func didReceiveHead(task: HTTPClient.Task<TransportResponse>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        let announced = head.headers.first(name: "content-length").flatMap { Int($0) }
        let failure = state.withLockedValue { state -> TransportError? in
            state.head = head
            if let announced, announced > limit {
                state.failure = TransportError(
                    .responseTooLarge,
                    detail: "Content-Length \(announced) exceeds the limit of \(limit) bytes")
                return state.failure
            }
            if let announced, announced > 0 { state.body.reserveCapacity(announced) }
            return nil
        }
        // A failed future ends the request and closes its connection, unread.
        return failure.map { task.eventLoop.makeFailedFuture($0) } ?? task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<TransportResponse>, _ part: ByteBuffer) -> EventLoopFuture<Void> {
        let failure = state.withLockedValue { state -> TransportError? in
            guard state.body.readableBytes + part.readableBytes <= limit else {
                state.body = ByteBuffer()
                state.failure = TransportError(.responseTooLarge, detail: "body exceeds the limit of \(limit) bytes")
                return state.failure
            }
            state.body.writeImmutableBuffer(part)
            return nil
        }
        return failure.map { task.eventLoop.makeFailedFuture($0) } ?? task.eventLoop.makeSucceededVoidFuture()
    }

    func didFinishRequest(task: HTTPClient.Task<TransportResponse>) throws -> TransportResponse {
        try state.withLockedValue { state in
            guard let head = state.head else {
                throw TransportError(.badServerResponse, detail: "no response head")
            }
            var headers = SMSTransport.HTTPHeaders()
            for (name, value) in head.headers { headers.add(name: name, value: value) }
            return TransportResponse(status: Int(head.status.code), headers: headers, body: Data(state.body.readableBytesView))
        }
    }

    /// The error a failed call throws: `CancellationError` when the caller cancelled it, otherwise
    /// a ``TransportError`` that says the server may have acted only if the head was written.
    ///
    /// - Parameters:
    ///   - error: What AsyncHTTPClient failed the request with.
    ///   - callCancelled: Whether the calling task has been cancelled.
    func failure(for error: any Error, callCancelled: Bool) -> any Error {
        if callCancelled, let clientError = error as? HTTPClientError, clientError == .cancelled {
            return CancellationError()
        }
        return state.withLockedValue { state -> any Error in
            if let failure = state.failure { return failure }
            if let error = error as? TransportError { return error }
            var mapped = AsyncHTTPClientErrorMapping.transportError(for: error, headWritten: state.headWritten)
            // A body cut short: say how much of it came, as URLSessionTransport does.
            if mapped.code == .connectionLost, let head = state.head,
               let announced = head.headers.first(name: "content-length").flatMap({ Int($0) }),
               announced > state.body.readableBytes {
                mapped = TransportError(
                    .connectionLost,
                    requestMayHaveBeenProcessed: true,
                    detail: "response ended after \(state.body.readableBytes) of \(announced) body bytes")
            }
            return mapped
        }
    }
}
