import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import SMSTransport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps what AsyncHTTPClient and SwiftNIO fail a request with to a ``TransportError``.
///
/// Whether the server may have acted comes from the stage alone (`headWritten`), never from the
/// error: AsyncHTTPClient reports `remoteConnectionClosed` both for a connection found closed
/// before anything was written and for one closed after. The code comes from the error. Details
/// name the error's type and a fixed reason, never its description: `NIOConnectionError` and
/// `SocketAddressError` print the host, `HTTPClientError.invalidHeaderFieldValues` the values.
enum AsyncHTTPClientErrorMapping {
    static func transportError(for error: any Error, headWritten: Bool) -> TransportError {
        let (code, detail) = classify(error)
        return TransportError(code, requestMayHaveBeenProcessed: headWritten, detail: detail)
    }

    private static func classify(_ error: any Error) -> (TransportError.Code, String) {
        switch error {
        case let error as HTTPClientError:
            return (code(of: error), "HTTPClientError: \(error.shortDescription)")
        case let error as NIOConnectionError:
            if error.connectionErrors.isEmpty {
                return (.cannotFindHost, "NIOConnectionError: the host name did not resolve")
            }
            let codes = error.connectionErrors.map { (($0.error as? IOError)?.errnoCode) }
            if codes.contains(ECONNREFUSED) { return (.connectionRefused, "NIOConnectionError: connection refused") }
            return (.cannotConnect, "NIOConnectionError: no address could be reached")
        case let error as IOError:
            return (code(ofErrno: error.errnoCode), "IOError errno \(error.errnoCode)")
        case is SocketAddressError:
            return (.cannotFindHost, "SocketAddressError")
        case let error as ChannelError:
            switch error {
            case .connectTimeout: return (.cannotConnect, "ChannelError: connect timeout")
            // Its cases carry no addresses: safe to name.
            case .connectPending, .unknownLocalAddress, .writeHostUnreachable: return (.cannotConnect, "ChannelError: \(error)")
            default: return (.connectionLost, "ChannelError: \(error)")
            }
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            return (.tlsFailure, "TLS: \(type(of: error))")
        case let error as HTTPParserError:
            // The connection ended in the middle of a response (a body cut short).
            if case .invalidEOFState = error { return (.connectionLost, "HTTPParserError: end of stream within the response") }
            return (.badServerResponse, "HTTPParserError: the answer is not valid HTTP")
        default:
            return (.other, String(describing: type(of: error)))
        }
    }

    private static func code(of error: HTTPClientError) -> TransportError.Code {
        switch error {
        case .remoteConnectionClosed, .uncleanShutdown, .requestStreamCancelled:
            return .connectionLost
        case .deadlineExceeded, .readTimeout, .writeTimeout, .getConnectionFromPoolTimeout:
            return .timedOut
        case .connectTimeout, .socksHandshakeTimeout, .httpProxyHandshakeTimeout:
            return .cannotConnect
        case .tlsHandshakeTimeout:
            return .tlsFailure
        case .invalidURL, .emptyHost, .emptyScheme:
            return .badURL
        case .identityCodingIncorrectlyPresent, .contentLengthMissing, .invalidProxyResponse:
            return .badServerResponse
        default:
            return .other
        }
    }

    private static func code(ofErrno errno: Int32) -> TransportError.Code {
        switch errno {
        case ECONNREFUSED: .connectionRefused
        case ENETUNREACH, EHOSTUNREACH, ENETDOWN, EHOSTDOWN, EADDRNOTAVAIL: .cannotConnect
        case ETIMEDOUT: .timedOut
        case ECONNRESET, EPIPE, ECONNABORTED, ENOTCONN: .connectionLost
        default: .other
        }
    }
}
