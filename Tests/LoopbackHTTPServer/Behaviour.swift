import Foundation

/// What the server does with one request.
///
/// Behaviours are taken from the server's queue in the order requests arrive (or from its
/// default when the queue is empty), so a test scripts exactly what each request meets.
public indirect enum Behaviour: Sendable {
    /// Answers with `response`.
    case respond(ScriptedResponse)
    /// Reads the request, then never answers: the connection stays open until the client closes it
    /// or the server stops.
    case neverAnswer
    /// Closes the connection as soon as the request's first bytes arrive, without reading it.
    case closeBeforeReading
    /// Reads the whole request, then closes the connection without answering.
    case closeAfterReading
    /// Sends the head (with a `Content-Length` of the full body) and only the first `bytesSent`
    /// bytes of the body, then closes the connection.
    case truncatedBody(ScriptedResponse, bytesSent: Int)
    /// Sends the head and the first `bytesSent` bytes of the body, then stalls with the connection
    /// open until the client closes it or the server stops.
    case stallBody(ScriptedResponse, bytesSent: Int)
    /// Waits `delay` after reading the request, then behaves as `then`.
    case delayed(Duration, then: Behaviour)
    /// Answers with `response` and keeps the connection alive, but closes it if no further
    /// request starts within `idle`, without the client asking (as IIS closes idle kept-alive
    /// connections after its `connectionTimeout`, 120 s by default).
    case respondThenCloseWhenIdle(ScriptedResponse, idle: Duration)
    /// Writes `bytes` as they are (not an HTTP response, or a broken one), then closes the connection.
    case sendRaw(Data)
    /// Writes `bytes` as soon as the client's first bytes arrive, without waiting for a whole request,
    /// then closes the connection: a plain HTTP server answering a TLS handshake, or a port serving
    /// another protocol. (What had arrived is read first, so the close is an orderly one, not a reset.)
    case sendRawBeforeReading(Data)
    /// Lets `handler` decide from the request it received (for example to forward it elsewhere).
    ///
    /// The handler runs on the connection's thread; a ``closeBeforeReading`` or
    /// ``sendRawBeforeReading(_:)`` it returns acts as ``closeAfterReading`` or ``sendRaw(_:)``,
    /// since the request has been read by then.
    case handle(@Sendable (RecordedRequest) -> Behaviour)

    /// Answers with a status, headers in order and a body framed by `Content-Length`.
    public static func respond(
        status: Int,
        headers: [(String, String)] = [],
        body: Data = Data()
    ) -> Behaviour {
        .respond(ScriptedResponse(status: status, headers: headers, body: body))
    }

    /// Answers with a status, headers in order and a UTF-8 text body.
    public static func respond(status: Int, headers: [(String, String)] = [], text: String) -> Behaviour {
        .respond(ScriptedResponse(status: status, headers: headers, body: Data(text.utf8)))
    }

    /// Answers `401 Unauthorized` with `WWW-Authenticate: Basic realm="<realm>"`, the answer that
    /// hangs URLSession on Linux (scf#5456).
    public static func unauthorized(realm: String = "x") -> Behaviour {
        .respond(ScriptedResponse(
            status: 401,
            headers: [("WWW-Authenticate", "Basic realm=\"\(realm)\""), ("Content-Type", "text/plain")],
            body: Data("Unauthorized".utf8)))
    }

    /// Answers `200` with a body of `count` bytes (`"a"` repeated), framed as given.
    public static func largeBody(count: Int, framing: ScriptedResponse.Framing = .contentLength) -> Behaviour {
        .respond(ScriptedResponse(
            status: 200,
            headers: [("Content-Type", "application/octet-stream")],
            body: Data(repeating: UInt8(ascii: "a"), count: count),
            framing: framing))
    }

    /// Answers with a redirect to `location`.
    public static func redirect(status: Int = 302, to location: String) -> Behaviour {
        .respond(ScriptedResponse(status: status, headers: [("Location", location)], body: Data()))
    }
}

/// A response the server sends, with the framing it uses on the wire.
public struct ScriptedResponse: Sendable {
    /// How the body is delimited on the wire.
    public enum Framing: Sendable, Hashable {
        /// A `Content-Length` header is added (unless the headers already carry one).
        case contentLength
        /// `Transfer-Encoding: chunked`, with chunks of at most `chunkSize` bytes.
        case chunked(chunkSize: Int)
        /// No length: the body ends when the server closes the connection.
        case untilClose
        /// Exactly the headers given, nothing added (the test frames the body itself).
        case asGiven
    }

    /// The status code.
    public var status: Int
    /// The reason phrase (a standard one when `nil`).
    public var reason: String?
    /// Header fields in order, sent exactly as given.
    public var headers: [(String, String)]
    /// The body bytes.
    public var body: Data
    /// How the body is framed.
    public var framing: Framing
    /// Whether the server closes the connection after this response (adds `Connection: close`).
    public var closeConnection: Bool

    /// Creates a response.
    public init(
        status: Int,
        reason: String? = nil,
        headers: [(String, String)] = [],
        body: Data = Data(),
        framing: Framing = .contentLength,
        closeConnection: Bool = false
    ) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
        self.framing = framing
        self.closeConnection = closeConnection
    }

    /// Whether the connection ends after this response.
    var endsConnection: Bool {
        closeConnection || framing == .untilClose
    }

    /// Statuses that never carry a body.
    private var forbidsBody: Bool {
        (100..<200).contains(status) || status == 204 || status == 304
    }

    /// The status line and headers, with the framing headers added.
    func head(contentLength: Int? = nil) -> [UInt8] {
        var lines = ["HTTP/1.1 \(status) \(reason ?? Self.standardReason(status))"]
        for (name, value) in headers { lines.append("\(name): \(value)") }
        let hasHeader = { (name: String) in self.headers.contains { $0.0.lowercased() == name } }
        switch framing {
        case .contentLength where !forbidsBody && !hasHeader("content-length"):
            lines.append("Content-Length: \(contentLength ?? body.count)")
        case .chunked where !forbidsBody:
            lines.append("Transfer-Encoding: chunked")
        default:
            break
        }
        if endsConnection && framing != .asGiven && !hasHeader("connection") {
            lines.append("Connection: close")
        }
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    /// The body as it goes on the wire (chunked bodies encoded).
    func wireBody() -> [UInt8] {
        guard case .chunked(let chunkSize) = framing, !forbidsBody else { return Array(body) }
        var bytes: [UInt8] = []
        var offset = 0
        let size = max(1, chunkSize)
        while offset < body.count {
            let end = min(offset + size, body.count)
            bytes += Array(String(end - offset, radix: 16).utf8) + [13, 10]
            bytes += body[body.startIndex + offset ..< body.startIndex + end]
            bytes += [13, 10]
            offset = end
        }
        bytes += Array("0\r\n\r\n".utf8)
        return bytes
    }

    static func standardReason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 413: "Content Too Large"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status"
        }
    }
}
