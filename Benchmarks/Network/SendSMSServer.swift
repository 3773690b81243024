import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// `SendSMS.ashx` on 127.0.0.1, plain or TLS: answers every request with the gateway's send
/// result and counts the connections it accepted and the requests it answered.
///
/// HTTP/1.1 keep-alive unless the request says `Connection: close`, then it closes after the answer.
final class SendSMSServer: Sendable {
    /// The port it listens on.
    let port: Int
    private let channel: any Channel
    private let counts: NIOLockedValueBox<(connections: Int, requests: Int)>

    /// Starts listening; with `tls`, every connection is TLS with that context.
    init(group: any EventLoopGroup, tls: NIOSSLContext?) async throws {
        let counts = NIOLockedValueBox((connections: 0, requests: 0))
        self.counts = counts
        let body = "9610040.00,1,1,0,c496f706-9b0f-4ff8-9644-9503edbb7064"
        channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 512)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                counts.withLockedValue { $0.connections += 1 }
                return channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Responder(body: body, counts: counts))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress!.port!
    }

    /// Connections accepted and requests answered so far.
    var counted: (connections: Int, requests: Int) { counts.withLockedValue { $0 } }

    func stop() async throws { try await channel.close() }

    private final class Responder: ChannelInboundHandler, Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let body: String
        let counts: NIOLockedValueBox<(connections: Int, requests: Int)>
        private let keepAlive = NIOLockedValueBox(true)

        init(body: String, counts: NIOLockedValueBox<(connections: Int, requests: Int)>) {
            self.body = body
            self.counts = counts
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                keepAlive.withLockedValue { $0 = head.isKeepAlive }
            case .body:
                break
            case .end:
                counts.withLockedValue { $0.requests += 1 }
                let keepAlive = keepAlive.withLockedValue { $0 }
                var headers = HTTPHeaders([("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", String(body.utf8.count))])
                if !keepAlive { headers.add(name: "Connection", value: "close") }
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
                if keepAlive {
                    context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                } else {
                    let channel = context.channel
                    context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
                }
            }
        }
    }
}
