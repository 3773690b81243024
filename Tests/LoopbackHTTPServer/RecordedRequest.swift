import Foundation

/// One request exactly as the server received it.
public struct RecordedRequest: Sendable, Hashable, CustomStringConvertible {
    /// One header field as parsed from its line.
    public struct Header: Sendable, Hashable {
        /// The name as sent.
        public let name: String
        /// The value with surrounding spaces and tabs removed.
        public let value: String
    }

    /// How the request body was framed on the wire.
    public enum BodyFraming: Sendable, Hashable {
        /// No `Content-Length` and no `Transfer-Encoding`.
        case none
        /// `Content-Length` with this value.
        case contentLength(Int)
        /// `Transfer-Encoding: chunked`, with the sizes of the chunks in order.
        case chunked([Int])
    }

    /// The position of this request among all the server received, from 1.
    public internal(set) var sequenceNumber: Int
    /// The connection it arrived on, numbered from 1 in order of acceptance.
    public let connection: Int
    /// The method, as sent (`"POST"`).
    public let method: String
    /// The request target, as sent (`"/API21/HTTP/SendSMS.ashx?x=1"`).
    public let target: String
    /// The protocol version (`"HTTP/1.1"`).
    public let version: String
    /// The header lines exactly as sent, in order, without their line endings.
    public let headerLines: [String]
    /// The header fields parsed from ``headerLines``, in order.
    public let headers: [Header]
    /// The request line, the header lines and the blank line, byte for byte.
    public let rawHead: Data
    /// The body bytes (chunked bodies are decoded).
    public let body: Data
    /// How the body was framed.
    public let bodyFraming: BodyFraming

    /// The value of the first header named `name` (case-insensitive), or `nil`.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Every value of the headers named `name` (case-insensitive), in order.
    public func headerValues(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    /// The header names in order, as sent.
    public var headerNames: [String] { headers.map(\.name) }

    /// The target's path (before `?`).
    public var path: String {
        target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? target
    }

    /// The target's query (after `?`), exactly as sent, or `nil`.
    public var query: String? {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count == 2 ? String(parts[1]) : nil
    }

    /// The body as UTF-8 text (invalid bytes replaced).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    public var description: String {
        "#\(sequenceNumber) on connection \(connection): \(method) \(target) \(version), \(headers.count) headers, \(body.count) body bytes"
    }
}
