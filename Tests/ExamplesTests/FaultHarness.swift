import Foundation
import Testing
import Every8D
import LoopbackHTTPServer
import OmiCard
import SMSSandbox
import SandboxHTTPServer

// The machinery behind FaultMatrixTests: the clients under test, the faults, how a fault is put
// in the way of one operation (in-process through the sandbox's fault queue, or over real HTTP
// through a loopback server in front of the sandbox), and how a caller reads the error it gets.

/// The client configurations every fault is tried against.
enum FaultClient: String, CaseIterable, Sendable, CustomStringConvertible {
    /// `Every8DClient`, token mode (Bearer token from `ConnectionHandler.ashx`).
    case httpToken
    /// `Every8DClient`, password mode (`UID`/`PWD` in every body).
    case httpPassword
    /// `Every8DSOAPClient` (session key from `getConnection`).
    case soap
    /// `OmiCardClient` (credentials in every request).
    case omiCard

    var description: String { rawValue }

    var isEVERY8D: Bool { self != .omiCard }
    /// Whether the client holds a token or session key that the gateway can reject and it renews.
    var renewsCredentials: Bool { self == .httpToken || self == .soap }
}

/// The kinds of operation: a send (not idempotent), a read (repeated per the read policy) and a
/// cancellation (changes state, repeated only when nothing was sent).
enum FaultOperation: String, CaseIterable, Sendable, CustomStringConvertible {
    case send, read, cancel
    var description: String { rawValue }
}

/// How the client reaches the sandbox.
enum FaultRoute: String, Sendable, CustomStringConvertible {
    /// The sandbox is the client's transport.
    case inProcess
    /// `URLSessionTransport` over HTTP to a loopback server that hands each request to the sandbox.
    case loopback
    var description: String { rawValue }
}

/// What goes wrong for the operation under test.
enum Fault: String, Sendable, CustomStringConvertible {
    // Injected by the sandbox (both routes).
    case status500, status500AfterProcessing, htmlPage, htmlPageAfterProcessing, forbidden403, tooMany429
    case truncatedAnswer, garbageAnswer, pastDeadline, refused, refusedOnce, dropped
    /// The sandbox's `.expiredToken` fault: every token and session key dies just before the request is read.
    case expiredToken
    /// Another system ends the session between two calls: `expireAllTokens()` for the HTTP API,
    /// `closeConnection` from a second client on the same account for SOAP.
    case sessionKilledElsewhere
    // Made by the loopback server itself (loopback route only).
    case wireCloseBeforeReading, wireCloseAfterReading, wireProcessThenClose, wireTruncatedFraming
    case wireProcessThenStall, wireStallUnprocessed, wireGarbage, wireHTML500
    case wireSOAPServerFault, wireSOAPClientFault

    var description: String { rawValue }

    var isWire: Bool { rawValue.hasPrefix("wire") }

    /// Whether the gateway carries out the request before the fault strikes.
    var processesRequest: Bool {
        switch self {
        case .status500AfterProcessing, .htmlPageAfterProcessing, .truncatedAnswer, .garbageAnswer, .pastDeadline, .dropped,
             .expiredToken, .sessionKilledElsewhere, .refusedOnce,
             .wireProcessThenClose, .wireTruncatedFraming, .wireProcessThenStall, .wireGarbage:
            return true
        case .status500, .htmlPage, .forbidden403, .tooMany429, .refused,
             .wireCloseBeforeReading, .wireCloseAfterReading, .wireStallUnprocessed, .wireHTML500,
             .wireSOAPServerFault, .wireSOAPClientFault:
            return false
        }
    }

    /// The sandbox fault behind this case, if it is one, and whether it stays for every attempt.
    func sandboxFault(for operation: FaultOperation) -> (fault: SandboxFault, count: Int)? {
        // Reads meet the fault on every attempt, so the number of attempts shows the retry policy;
        // a send or cancellation meets it once (a repeat, if any, would go through).
        let persistent = operation == .read ? Int.max : 1
        switch self {
        case .status500: return (.internalServerError, persistent)
        case .status500AfterProcessing: return (.httpStatus(500, afterProcessing: true), persistent)
        case .htmlPage: return (.htmlErrorPage(), persistent)
        case .htmlPageAfterProcessing: return (.htmlErrorPage(afterProcessing: true), persistent)
        case .forbidden403: return (.forbidden, persistent)
        case .tooMany429: return (.tooManyRequests, persistent)
        case .truncatedAnswer: return (.truncatedBody, persistent)
        case .garbageAnswer: return (.garbageBody(), persistent)
        case .pastDeadline: return (.delay(.seconds(3600)), persistent)
        case .refused: return (.connectionRefused, Int.max)
        case .refusedOnce: return (.connectionRefused, 1)
        case .dropped: return (.connectionDropped, persistent)
        case .expiredToken: return (.expiredToken, 1)
        default: return nil
        }
    }

    /// Faults that make sense over each route. Transport faults of the sandbox (refused, dropped,
    /// past the deadline) are in-process only: over HTTP the server's own misbehaviours stand for them.
    static func faults(for route: FaultRoute, client: FaultClient) -> [Fault] {
        let common: [Fault] = [
            .status500, .status500AfterProcessing, .htmlPage, .htmlPageAfterProcessing, .forbidden403, .tooMany429,
            .truncatedAnswer, .garbageAnswer, .expiredToken, .sessionKilledElsewhere,
        ]
        switch route {
        case .inProcess:
            return common + [.pastDeadline, .refused, .refusedOnce, .dropped]
        case .loopback:
            var wire: [Fault] = [
                .wireCloseBeforeReading, .wireCloseAfterReading, .wireProcessThenClose, .wireTruncatedFraming,
                .wireProcessThenStall, .wireStallUnprocessed, .wireGarbage, .wireHTML500,
            ]
            if client == .soap { wire += [.wireSOAPServerFault, .wireSOAPClientFault] }
            return common + wire
        }
    }
}

/// One row of the matrix.
struct FaultCase: Sendable, CustomStringConvertible {
    let route: FaultRoute
    let client: FaultClient
    let operation: FaultOperation
    let fault: Fault

    var description: String { "\(route) \(client) \(operation) \(fault)" }

    static func all(_ route: FaultRoute) -> [FaultCase] {
        FaultClient.allCases.flatMap { client in
            FaultOperation.allCases.filter { client != .omiCard || $0 != .cancel }.flatMap { operation in
                Fault.faults(for: route, client: client).map { FaultCase(route: route, client: client, operation: operation, fault: $0) }
            }
        }
    }
}

// MARK: - How a caller reads the outcome

/// What a caller can conclude from what a call returned or threw.
enum CallerView: Sendable, Equatable, CustomStringConvertible {
    /// The call returned.
    case succeeded
    /// The gateway provably did not carry the request out: safe to try again later.
    case notSent(Cause)
    /// The request may have been carried out: check before repeating.
    case outcomeUnknown(Cause)
    /// A read gave up (after its retries).
    case readFailed(Cause)
    /// An error no caller should get from this operation (a bug).
    case unexpected(String)

    var description: String {
        switch self {
        case .succeeded: return "succeeded"
        case .notSent(let cause): return "not sent (\(cause))"
        case .outcomeUnknown(let cause): return "outcome unknown (\(cause))"
        case .readFailed(let cause): return "read failed (\(cause))"
        case .unexpected(let text): return "unexpected: \(text)"
        }
    }
}

/// The error underneath, by kind.
enum Cause: Sendable, Equatable, CustomStringConvertible {
    case transport(TransportError.Code?)
    case status(Int)
    case blocked
    case unreadable
    case soapFault
    case gateway
    case other(String)

    /// Whether `self` (what happened) fits `expected`; `.transport(nil)` expects any transport code.
    func fits(_ expected: Cause) -> Bool {
        if case .transport(nil) = expected, case .transport = self { return true }
        return self == expected
    }

    var description: String {
        switch self {
        case .transport(let code): return "TransportError \(code.map { "\($0)" } ?? "any")"
        case .status(let status): return "HTTPStatusError \(status)"
        case .blocked: return "RequestBlockedError"
        case .unreadable: return "ResponseParseError"
        case .soapFault: return "Every8DSOAPFault"
        case .gateway: return "gateway error"
        case .other(let name): return name
        }
    }

    static func of(_ error: any Error) -> Cause {
        switch error {
        case let error as TransportError: return .transport(error.code)
        case let error as HTTPStatusError: return .status(error.status)
        case is RequestBlockedError: return .blocked
        case is ResponseParseError: return .unreadable
        case is Every8DSOAPFault: return .soapFault
        case is Every8DError, is OmiCardError: return .gateway
        default: return .other(String(describing: type(of: error)))
        }
    }
}

extension CallerView {
    /// Reads `result` as a caller would: only by the error's type and its documented properties.
    ///
    /// - A send either succeeds, or throws `SendOutcomeUnknownError`, or throws an error that
    ///   proves nothing was carried out: `TransportError` with `requestMayHaveBeenProcessed ==
    ///   false`, `HTTPStatusError` 401/403/429 (refused before the gateway acts), `RequestBlockedError`
    ///   (a CDN's 403 page: blocked before the gateway), the gateway's own
    ///   refusal (`Every8DError`, `OmiCardError`), a SOAP fault the gateway raised before running
    ///   the call (`isRequestRefused`), or `ValidationError`. Anything else is a bug.
    /// - A cancellation is not repeated on an ambiguous failure and not wrapped either; its caller
    ///   reads the same signals directly: the refusals above mean not carried out, everything else
    ///   (a transport error that may have been processed, another HTTP status, an unreadable
    ///   answer, a SOAP receiver fault) means it may have happened.
    /// - A read that fails is a read that failed, whatever the error.
    static func of<T>(_ result: Result<T, any Error>, operation: FaultOperation) -> CallerView {
        guard case .failure(let error) = result else { return .succeeded }
        if let unknown = error as? SendOutcomeUnknownError {
            return operation == .send ? .outcomeUnknown(Cause.of(unknown.cause)) : .unexpected("SendOutcomeUnknownError from a \(operation)")
        }
        let cause = Cause.of(error)
        if operation == .read { return .readFailed(cause) }
        switch error {
        case let error as TransportError:
            if !error.requestMayHaveBeenProcessed { return .notSent(cause) }
            return operation == .cancel ? .outcomeUnknown(cause) : .unexpected("a bare \(error) from a send")
        case let error as HTTPStatusError:
            if [401, 403, 429].contains(error.status) { return .notSent(cause) }
            return operation == .cancel ? .outcomeUnknown(cause) : .unexpected("a bare \(error) from a send")
        case let fault as Every8DSOAPFault:
            if fault.isRequestRefused { return .notSent(cause) }
            return operation == .cancel ? .outcomeUnknown(cause) : .unexpected("a bare \(fault) from a send")
        case is Every8DError, is OmiCardError, is ValidationError, is RequestBlockedError:
            return .notSent(cause)
        case is ResponseParseError:
            return operation == .cancel ? .outcomeUnknown(cause) : .unexpected("a bare \(error) from a send")
        default:
            return .unexpected("\(type(of: error)): \(error)")
        }
    }
}

// MARK: - Deadlines

/// A transport in front of another that gives requests a short deadline while a fault that needs
/// one is armed, and the client's (long) deadline otherwise, so that the warm-up and the follow-up
/// never time out on a busy machine (TSan, a loaded CI box) while the faults that must end at the
/// deadline still end quickly.
final class FaultDeadlineTransport: HTTPTransport, @unchecked Sendable {
    let base: any HTTPTransport
    private let lock = NSLock()
    private var short: Duration?

    init(_ base: any HTTPTransport) {
        self.base = base
    }

    func setShortDeadline(_ deadline: Duration?) {
        lock.lock()
        short = deadline
        lock.unlock()
    }

    private var currentShortDeadline: Duration? {
        lock.lock()
        defer { lock.unlock() }
        return short
    }

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        let deadline = currentShortDeadline
        var request = request
        if let deadline { request.timeout = deadline }
        return try await base.send(request)
    }
}

extension Fault {
    /// Whether the operation must run under a short deadline: the fault ends at the deadline, or
    /// libcurl may wait for it (a kept-alive connection closed under a request).
    var needsShortDeadline: Bool {
        switch self {
        case .pastDeadline, .wireProcessThenStall, .wireStallUnprocessed, .wireCloseBeforeReading, .wireCloseAfterReading,
             .wireProcessThenClose, .wireGarbage:
            return true
        default:
            return false
        }
    }
}

// MARK: - Log records

/// Every record a client's logging hook received.
final class FaultLogBook: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [TransportLogRecord] = []

    var logger: TransportLogger {
        { record in
            self.lock.lock()
            self.stored.append(record)
            self.lock.unlock()
        }
    }

    var records: [TransportLogRecord] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    /// How many requests the client put on the wire for `operation` (its attempts).
    func attempts(_ operation: String) -> Int {
        records.filter { $0.event == .request && $0.operation == operation }.count
    }
}

// MARK: - The loopback gateway

/// A loopback HTTP server in front of a sandbox: it forwards every request to the sandbox, unless
/// a wire fault is armed, which then meets every request until it is disarmed.
final class FaultGateway: Sendable {
    let server: LoopbackHTTPServer

    init(_ sandbox: any HTTPTransport) throws {
        server = try LoopbackHTTPServer { request in SandboxForwarding.forward(request, to: sandbox).behaviour }
        self.sandbox = sandbox
    }

    private let sandbox: any HTTPTransport

    deinit { server.stop() }

    var baseURL: URL { server.baseURL }

    /// Makes every request from now on meet `fault`.
    func arm(_ fault: Fault) {
        let sandbox = self.sandbox
        let behaviour: Behaviour
        switch fault {
        case .wireCloseBeforeReading:
            behaviour = .closeBeforeReading
        case .wireCloseAfterReading:
            behaviour = .closeAfterReading
        case .wireProcessThenClose:
            behaviour = .handle { request in
                _ = SandboxForwarding.forward(request, to: sandbox)
                return .closeAfterReading
            }
        case .wireTruncatedFraming:
            behaviour = .handle { request in
                let answer = SandboxForwarding.forward(request, to: sandbox)
                guard let response = answer.response else { return .closeAfterReading }
                return .truncatedBody(response, bytesSent: response.body.count / 2)
            }
        case .wireProcessThenStall:
            behaviour = .handle { request in
                _ = SandboxForwarding.forward(request, to: sandbox)
                return .neverAnswer
            }
        case .wireStallUnprocessed:
            behaviour = .neverAnswer
        case .wireGarbage:
            behaviour = .handle { request in
                _ = SandboxForwarding.forward(request, to: sandbox)
                return .sendRaw(Data([0x00, 0xFF, 0xFE, 0x1B, 0x5B, 0x32, 0x4A, 0xC3, 0x28, 0x0D, 0x0A, 0x0D, 0x0A, 0x7F]))
            }
        case .wireHTML500:
            behaviour = .respond(status: 500, headers: [("Content-Type", "text/html")],
                                 text: "<html><head><title>500 - Internal server error.</title></head><body><h1>Server Error</h1></body></html>")
        case .wireSOAPServerFault:
            behaviour = .respond(status: 500, headers: [("Content-Type", "text/xml; charset=utf-8")], text: Self.soapFault("soap:Server", "System.NullReferenceException: Object reference not set to an instance of an object."))
        case .wireSOAPClientFault:
            behaviour = .respond(status: 500, headers: [("Content-Type", "text/xml; charset=utf-8")], text: Self.soapFault("soap:Client", "Server did not recognize the value of HTTP Header SOAPAction."))
        default:
            return
        }
        server.setDefaultBehaviour(behaviour)
    }

    /// Forwards every request to the sandbox again.
    func disarm() {
        let sandbox = self.sandbox
        server.setDefaultBehaviour(.handle { request in SandboxForwarding.forward(request, to: sandbox).behaviour })
    }

    static func soapFault(_ code: String, _ reason: String) -> String {
        #"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>"#
            + "<faultcode>\(code)</faultcode><faultstring>\(reason)</faultstring><detail /></soap:Fault></soap:Body></soap:Envelope>"
    }
}
