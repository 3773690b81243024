import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A TCP proxy on 127.0.0.1 that holds every chunk it relays for `delay` before passing it on,
/// in both directions, so that each crossing costs what a network path would (TLS and TCP
/// handshakes included: the proxy's own accept is instant, but nothing the client sends reaches
/// the server, nor anything back, without the delay). The kernel's `tc netem` is not available
/// here; this is its userspace stand-in. Order is kept: every chunk waits the same time on one
/// event loop. A close is passed on after the same delay, behind the data before it.
///
/// A userspace proxy cannot delay the TCP handshake itself (the kernel completes it before
/// `accept`), so the first chunk a client sends on a new connection waits `connectionSetup` more:
/// the round trip its SYN and SYN-ACK would have cost. Later chunks never overtake earlier ones.
final class DelayProxy: Sendable {
    /// The port clients connect to.
    let port: Int
    private let channel: any Channel
    private let accepted = NIOLockedValueBox(0)

    /// Starts relaying to 127.0.0.1:`upstreamPort`.
    init(group: any EventLoopGroup, upstreamPort: Int, delay: TimeAmount, connectionSetup: TimeAmount) async throws {
        let accepted = accepted
        channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 512)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { inbound in
                accepted.withLockedValue { $0 += 1 }
                // Connect upstream first: the accepted side reads nothing until this completes.
                return ClientBootstrap(group: inbound.eventLoop)
                    .channelOption(.socketOption(.tcp_nodelay), value: 1)
                    .connect(host: "127.0.0.1", port: upstreamPort)
                    .flatMapThrowing { outbound in
                        try outbound.pipeline.syncOperations.addHandler(Relay(peer: inbound, delay: delay, firstExtra: .zero))
                        try inbound.pipeline.syncOperations.addHandler(Relay(peer: outbound, delay: delay, firstExtra: connectionSetup))
                    }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress!.port!
    }

    /// Connections the proxy accepted (each is one upstream connection).
    var connections: Int { accepted.withLockedValue { $0 } }

    func stop() async throws { try await channel.close() }

    /// Passes what one side reads to the other, `delay` later.
    private final class Relay: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let peer: any Channel
        let delay: TimeAmount
        /// Added to the first chunk's delay (the connection's handshake).
        var extra: TimeAmount
        /// When the last chunk is due: the next one is due no earlier.
        var lastDue = NIODeadline.uptimeNanoseconds(0)

        init(peer: any Channel, delay: TimeAmount, firstExtra: TimeAmount) {
            self.peer = peer
            self.delay = delay
            self.extra = firstExtra
        }

        private func due() -> NIODeadline {
            let due = max(NIODeadline.now() + delay + extra, lastDue + .nanoseconds(1))
            extra = .zero
            lastDue = due
            return due
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let bytes = unwrapInboundIn(data)
            let peer = peer
            context.eventLoop.scheduleTask(deadline: due()) { peer.writeAndFlush(bytes, promise: nil) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            let peer = peer
            context.eventLoop.scheduleTask(deadline: due()) { peer.close(promise: nil) }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}
