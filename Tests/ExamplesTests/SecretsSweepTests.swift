import Foundation
import Testing
import Every8D
import LoopbackHTTPServer
import OmiCard
import SMSSandbox

/// One full session against the sandbox over real HTTP, every client and every credential form,
/// every CLI command, many errors (a server that echoes the request back included), and a sweep of
/// everything a user could see for the passwords, tokens and session keys that went over the wire.
@Suite("Secrets sweep")
struct SecretsSweepTests {
    // Distinctive passwords, one per account, with the characters encoders treat specially.
    static let httpTokenAccount = Every8DSandboxAccount(userID: "sweep-token", password: "Pw-0xDEADBEEF-秘密+&=", credit: 100_000, internationalEnabled: true)
    static let httpPasswordAccount = Every8DSandboxAccount(userID: "sweep-pwd", password: "Pw-0xFEEDFACE 秘密+&=%", credit: 100_000, internationalEnabled: true)
    static let soapAccount = Every8DSandboxAccount(userID: "sweep-soap", password: "Pw-0xC0FFEE11-秘密<&>\"'", credit: 100_000, internationalEnabled: true)
    static let cliAccount = Every8DSandboxAccount(userID: "sweep-cli", password: "Pw-0xCAFEBABE-秘密+&= cli", credit: 100_000, internationalEnabled: true)
    static let wrongPassword = "Pw-0x0BADF00D-wrong+&="
    static let omiFields = OmiCardSandboxAccount(loginName: "sweep-fields", password: "Pw-0xBADC0DE1-秘密+&=")
    static let omiXML = OmiCardSandboxAccount(loginName: "sweep-xml", password: "Pw-0xBAADF00D-秘密<x>&")
    static let omiFile = OmiCardSandboxAccount(loginName: "sweep-file", password: "Pw-0xDEADC0DE-秘密+ &")
    static let omiHosted = OmiCardSandboxAccount(loginName: "sweep-hosted", password: "Pw-0xFACEFEED-hosted&=")
    static let omiCLI = OmiCardSandboxAccount(loginName: "sweep-omi-cli", password: "Pw-0xABADCAFE-秘密+&= cli")
    static let hostedURL = "https://secrets.invalid/omicard/Pw-0x5EC12E70-request.xml"

    static let passwords: [(String, String)] = [
        ("EVERY8D token-mode password", httpTokenAccount.password), ("EVERY8D password-mode password", httpPasswordAccount.password),
        ("EVERY8D SOAP password", soapAccount.password), ("EVERY8D CLI password", cliAccount.password),
        ("a wrong EVERY8D password", wrongPassword), ("OMICard fields password", omiFields.password),
        ("OMICard XmlRequest password", omiXML.password), ("OMICard XmlReqFilePath password", omiFile.password),
        ("OMICard CLI password", omiCLI.password),
        ("OMICard XmlReqUrl", hostedURL),
    ]

    @Test("no password, token or session key in any error, log record, description, dump or CLI output of a full session")
    func sweep() async throws {
        let sandbox = SMSSandbox(
            every8dAccounts: [Self.httpTokenAccount, Self.httpPasswordAccount, Self.soapAccount, Self.cliAccount],
            omiCardAccounts: [Self.omiFields, Self.omiXML, Self.omiFile, Self.omiHosted, Self.omiCLI])
        await sandbox.omiCard.state.register(url: Self.hostedURL, text:
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><REQUEST><ManagerLoginName>\(Self.omiHosted.loginName)</ManagerLoginName>"
            + "<ManagerPassword>\(XMLEscaping.escape(Self.omiHosted.password))</ManagerPassword></REQUEST>")
        let gateway = try FaultGateway(sandbox)
        defer { gateway.server.stop() }
        let seen = SweepCorpus()
        let session = SweepSession(sandbox: sandbox, gateway: gateway, seen: seen)

        try await session.every8dHTTP(Self.httpTokenAccount, mode: .token)
        try await session.every8dHTTP(Self.httpPasswordAccount, mode: .password)
        try await session.every8dSOAP(Self.soapAccount)
        try await session.omiCard()
        await session.commandLines()

        // The secrets: the passwords, and every token and session key that crossed the wire.
        let wire = gateway.server.requests
        let wireText = wire.map { String(decoding: $0.rawHead + $0.body, as: UTF8.self) }
        var tokens = Set(wire.compactMap { $0.header("Authorization") }.filter { $0.hasPrefix("Bearer ") }.map { String($0.dropFirst(7)) })
        tokens.formUnion(session.issued.values)
        var sessionKeys: Set<String> = []
        for text in wireText {
            var rest = Substring(text)
            while let open = rest.range(of: "<sessionKey>"), let close = rest[open.upperBound...].range(of: "</sessionKey>") {
                sessionKeys.insert(String(rest[open.upperBound..<close.lowerBound]))
                rest = rest[close.upperBound...]
            }
        }
        sessionKeys.formUnion(session.issuedSessionKeys.values)
        var secrets = Self.passwords.map { SweepSecret(label: $0.0, value: $0.1) }
        secrets += tokens.sorted().enumerated().map { SweepSecret(label: "EVERY8D token #\($0.offset + 1)", value: $0.element) }
        secrets += sessionKeys.sorted().enumerated().map { SweepSecret(label: "SOAP session key #\($0.offset + 1)", value: $0.element) }

        // Not vacuous: every secret went over the wire, and there is a lot to sweep.
        #expect(tokens.count >= 4, "tokens issued: initial, renewed after expiry, CLI runs (got \(tokens.count))")
        #expect(sessionKeys.count >= 2, "session keys: first and after the session was closed elsewhere (got \(sessionKeys.count))")
        for secret in secrets {
            #expect(wireText.contains { secret.occurs(in: $0) != nil }, "\(secret.label) never went over the wire: the sweep would prove nothing")
        }
        let items = seen.items
        #expect(items.count > 1000, "collected \(items.count) texts")
        #expect(items.contains { $0.text.contains(Redaction.placeholder) }, "something was redacted")
        for kind in ["error", "log", "request", "response", "dump", "cli"] {
            #expect(items.contains { $0.source.hasPrefix(kind) }, "nothing collected of kind \(kind)")
        }

        // The sweep.
        var leaks: [String] = []
        for item in items {
            for secret in secrets {
                if let form = secret.occurs(in: item.text) { leaks.append("\(secret.label) (\(form)) in \(item.source)") }
            }
        }
        let summary = Dictionary(grouping: leaks) { $0 }.map { "\($0.value.count)× \($0.key)" }.sorted()
        let report = "\(leaks.count) leaks:\n" + summary.prefix(60).joined(separator: "\n")
        #expect(leaks.isEmpty, "\(report)")
    }
}

/// A secret and the forms it could take in text, without ever printing it.
struct SweepSecret: Sendable {
    let label: String
    let forms: [(kind: String, text: String)]

    init(label: String, value: String) {
        self.label = label
        var forms: [(String, String)] = [("raw", value)]
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        func percent(_ upper: Bool, plusForSpace: Bool) -> String {
            var out = ""
            for byte in value.utf8 {
                if unreserved.contains(byte) { out.append(Character(UnicodeScalar(byte))) }
                else if byte == 0x20 && plusForSpace { out.append("+") }
                else { out += String(format: upper ? "%%%02X" : "%%%02x", byte) }
            }
            return out
        }
        forms += [("percent-encoded, upper hex", percent(true, plusForSpace: false)),
                  ("percent-encoded, lower hex", percent(false, plusForSpace: false)),
                  ("form-encoded, + for space", percent(true, plusForSpace: true)),
                  ("form-encoded, + for space, lower hex", percent(false, plusForSpace: true))]
        if let query = value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) { forms.append(("URL-query encoded", query)) }
        let xml = value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&apos;")
        forms += [("XML-escaped", xml), ("XML-escaped (SDK)", XMLEscaping.escape(value))]
        forms.append(("XML character references", value.unicodeScalars.map { $0.isASCII ? String($0) : "&#x\(String($0.value, radix: 16, uppercase: true));" }.joined()))
        if let data = try? JSONSerialization.data(withJSONObject: [value]), let json = String(data: data, encoding: .utf8) {
            forms.append(("JSON-escaped", String(json.dropFirst(2).dropLast(2))))
        }
        forms.append(("JSON \\u-escaped", value.unicodeScalars.map { scalar -> String in
            if scalar == "\"" { return "\\\"" }
            if scalar == "/" { return "\\/" }
            return scalar.isASCII ? String(scalar) : String(format: "\\u%04x", scalar.value)
        }.joined()))
        let base64 = Data(value.utf8).base64EncodedString()
        forms.append(("base64", String(base64.prefix { $0 != "=" })))
        // A secret cut short in a preview still gives its distinctive part away.
        if let marker = value.range(of: "0x[0-9A-F]{8}", options: .regularExpression) { forms.append(("its distinctive part", String(value[marker]))) }
        if value.count >= 24, !value.contains("0x") {
            forms += [("its first 16 characters", String(value.prefix(16))), ("its last 16 characters", String(value.suffix(16)))]
        }
        self.forms = forms.filter { $0.1.count >= 8 }
    }

    /// The kind of the first form found in `text`, or `nil`.
    func occurs(in text: String) -> String? {
        forms.first { text.contains($0.text) }?.kind
    }
}

/// Everything a user could see, by where it came from. (Its mirror is empty: a client's `dump`
/// reaches it through the transport, and must not copy the corpus into itself.)
final class SweepCorpus: @unchecked Sendable, CustomReflectable {
    var customMirror: Mirror { Mirror(self, children: [:]) }

    private let lock = NSLock()
    private var stored: [(source: String, text: String)] = []

    func add(_ source: String, _ text: String) {
        lock.lock()
        stored.append((source, text))
        lock.unlock()
    }

    /// `description`, `debugDescription` (as `String(reflecting:)`) and `dump` of a value.
    func show(_ source: String, _ value: Any) {
        add("\(source) (description)", String(describing: value))
        add("\(source) (reflecting)", String(reflecting: value))
        var dumped = ""
        dump(value, to: &dumped)
        add("dump of \(source)", dumped)
    }

    func log(_ record: TransportLogRecord) {
        let source = "log record \(record.operation)#\(record.attempt)"
        add(source, record.description)
        add("\(source) url", record.url)
        add("\(source) body", record.body)
        for field in record.headers.fields { add("\(source) header \(field.name)", "\(field.name): \(field.value)") }
        add("\(source) (reflecting)", String(reflecting: record))
    }

    func error(_ source: String, _ error: any Error) {
        add("error from \(source)", String(describing: error))
        add("error from \(source) (reflecting)", String(reflecting: error))
        add("error from \(source) (localized)", error.localizedDescription)
        var dumped = ""
        dump(error, to: &dumped)
        add("dump of the error from \(source)", dumped)
        if let unknown = error as? SendOutcomeUnknownError {
            add("error from \(source): cause", String(describing: unknown.cause))
            add("error from \(source): references", unknown.references.description)
        }
    }

    var items: [(source: String, text: String)] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}

/// A transport that shows every request, response and failure the way a user printing them would.
struct SweepTransport: HTTPTransport {
    let base: any HTTPTransport
    let seen: SweepCorpus

    func send(_ request: TransportRequest) async throws -> TransportResponse {
        seen.add("request description", request.description)
        seen.add("request (reflecting)", String(reflecting: request))
        do {
            let response = try await base.send(request)
            seen.add("response description", response.description)
            seen.add("response (reflecting)", String(reflecting: response))
            return response
        } catch {
            seen.error("the transport", error)
            throw error
        }
    }
}

/// The session: each client through its calls and its errors.
final class SweepSession: @unchecked Sendable {
    let sandbox: SMSSandbox
    let gateway: FaultGateway
    let seen: SweepCorpus
    let transport: SweepTransport
    /// Tokens and session keys the clients were handed, by where.
    private(set) var issued: [String: String] = [:]
    private(set) var issuedSessionKeys: [String: String] = [:]

    init(sandbox: SMSSandbox, gateway: FaultGateway, seen: SweepCorpus) {
        self.sandbox = sandbox
        self.gateway = gateway
        self.seen = seen
        transport = SweepTransport(base: URLSessionTransport(), seen: seen)
    }

    static let fast = RetryPolicy(maxAttempts: 2, initialDelay: .milliseconds(1), maxDelay: .milliseconds(5), jitter: false)

    /// Runs `body`; an error is collected, not thrown (many are the point).
    @discardableResult
    func attempt<T>(_ source: String, _ body: () async throws -> T) async -> T? {
        do {
            return try await body()
        } catch {
            seen.error(source, error)
            return nil
        }
    }

    /// Makes the gateway answer every request with `behaviour` while `body` runs.
    func misbehaving(_ behaviour: Behaviour, _ body: () async -> Void) async {
        gateway.server.setDefaultBehaviour(behaviour)
        await body()
        gateway.disarm()
    }

    /// A server that echoes the request (head and body) in its error page or error message: every
    /// secret in the request comes back in the answer, in the encoding it was sent in.
    static func echo(status: Int, prefix: String = "", contentType: String = "text/html") -> Behaviour {
        .handle { request in
            let echoed = prefix + String(decoding: request.rawHead + request.body, as: UTF8.self)
            return .respond(status: status, headers: [("Content-Type", contentType)], text: echoed)
        }
    }

    static func soapEcho(_ code: String) -> Behaviour {
        .handle { request in
            let echoed = XMLEscaping.escape(String(decoding: request.rawHead + request.body, as: UTF8.self))
            return .respond(status: 500, headers: [("Content-Type", "text/xml; charset=utf-8")], text: FaultGateway.soapFault(code, "Bad request: " + echoed))
        }
    }

    func every8dHTTP(_ account: Every8DSandboxAccount, mode: Every8DClient.AuthenticationMode) async throws {
        let name = "EVERY8D \(mode) client"
        let configuration = Every8DClient.Configuration(
            siteURL: gateway.baseURL, authentication: mode, timeout: .seconds(2), readRetryPolicy: Self.fast,
            unsentRetryPolicy: Self.fast, allowsInsecureHTTP: true, logger: { [seen] in seen.log($0) })
        let client = Every8DClient(credentials: .init(userID: account.userID, password: account.password), configuration: configuration, transport: transport)
        seen.show("\(name) credentials", client.credentials)
        seen.show("\(name) configuration", client.configuration)

        if mode == .token {
            let token = try await client.connect()
            issued["\(name) fetchToken"] = token.value
            seen.show("\(name) token", token)
            _ = try await client.checkConnection()
        }
        let receipt = try await client.sendSMS(to: ["0912345679", "+14155550100"], text: "秘密測試 sweep", subject: "sweep")
        seen.show("\(name) receipt", receipt)
        _ = try await client.credit()
        for format in [DeliveryReportFormat.tab, .json, .xml] {
            seen.show("\(name) delivery page", try await client.deliveryReportPage(batch: receipt.batchID, format: format))
        }
        seen.show("\(name) replies", try await client.replyPage(batch: receipt.batchID))
        let booked = try await client.sendSMS(to: ["0912345670"], text: "booked", at: Date().addingTimeInterval(3600))
        seen.show("\(name) cancel", try await client.cancelBooking(batch: booked.batchID))
        seen.show("\(name) personalized", try await client.sendPersonalizedSMS([PersonalizedMessage(mobile: "0912345671", text: "您好", messageReference: "m1")]))
        seen.show("\(name) filtered", try await client.sendSMSFilteringDuplicates(to: ["0912345679"], text: "秘密測試 sweep", dryRun: true))
        seen.show("\(name) client", client)

        // Errors of every kind.
        await attempt("\(name) validation") { try await client.sendSMS(to: ["12"], text: "x") }
        await attempt("\(name) gateway error") { try await client.cancelBooking(batch: "5ca1ab1e-0000-4000-8000-000000000001") }
        let wrong = Every8DClient(credentials: .init(userID: account.userID, password: SecretsSweepTests.wrongPassword),
                                  configuration: configuration, transport: transport)
        await attempt("\(name) wrong password") { try await wrong.credit() }
        seen.show("\(name) wrong-password client", wrong)
        let network = sandbox.every8d.network
        for (fault, endpoint) in [(SandboxFault.internalServerError, "SendSMS.ashx"), (.tooManyRequests, "SendSMS.ashx"),
                                  (.garbageBody(), "SendSMS.ashx"), (.htmlErrorPage(), "GetCredit.ashx"), (.garbageBody(), "GetCredit.ashx"),
                                  (.connectionDropped, "SendSMS.ashx"), (.httpStatus(503), "GetCredit.ashx")] {
            await network.enqueueFault(fault, endpoint: endpoint, count: 2)
            await attempt("\(name) \(fault) on \(endpoint)") {
                endpoint == "SendSMS.ashx" ? try await client.sendSMS(to: ["0912345672"], text: "fault").batchID : "\(try await client.credit())"
            }
            await network.clearFaults()
        }
        await network.enqueueFault(.expiredToken, endpoint: "GetCredit.ashx")
        await attempt("\(name) expired token") { try await client.credit() }
        await misbehaving(Self.echo(status: 500)) {
            await attempt("\(name) echoed in a 500 page, send") { try await client.sendSMS(to: ["0912345673"], text: "echo") }
            await attempt("\(name) echoed in a 500 page, read") { try await client.credit() }
        }
        await misbehaving(Self.echo(status: 200, prefix: "-99,", contentType: "text/plain")) {
            await attempt("\(name) echoed in a gateway error, send") { try await client.sendSMS(to: ["0912345673"], text: "echo") }
            await attempt("\(name) echoed in a gateway error, read") { try await client.credit() }
        }
        await misbehaving(Self.echo(status: 200, prefix: "<html>", contentType: "text/html")) {
            await attempt("\(name) echoed in an HTML page, send") { try await client.sendSMS(to: ["0912345673"], text: "echo") }
        }
        await misbehaving(.delayed(.seconds(5), then: .respond(status: 200, text: "late"))) {
            await attempt("\(name) past the deadline") { try await client.sendSMS(to: ["0912345674"], text: "late") }
        }
        if mode == .token {
            try await client.disconnect()
        }
    }

    func every8dSOAP(_ account: Every8DSandboxAccount) async throws {
        let name = "EVERY8D SOAP client"
        let configuration = Every8DSOAPClient.Configuration(
            siteURL: gateway.baseURL, timeout: .seconds(2), readRetryPolicy: Self.fast, unsentRetryPolicy: Self.fast,
            allowsInsecureHTTP: true, logger: { [seen] in seen.log($0) })
        let client = Every8DSOAPClient(credentials: .init(userID: account.userID, password: account.password), configuration: configuration, transport: transport)
        seen.show("\(name) configuration", configuration)
        let key = try await client.connect()
        issuedSessionKeys["first"] = key.value
        seen.show("\(name) session key", key)
        let receipt = try await client.sendSMS(to: ["0912345679"], text: "秘密 SOAP <&>", subject: "sweep")
        seen.show("\(name) page", try await client.deliveryReportPage(batch: receipt.batchID))
        _ = try await client.credit()
        let booked = try await client.sendSMS(to: ["0912345670"], text: "booked", at: Date().addingTimeInterval(3600))
        seen.show("\(name) cancel", try await client.cancelBooking(batch: booked.batchID))
        seen.show("\(name) client", client)

        // Another system closes the shared session: the client logs in again.
        let other = Every8DSOAPClient(credentials: .init(userID: account.userID, password: account.password), configuration: configuration, transport: transport)
        _ = try await other.connect()
        _ = try await other.disconnect()
        _ = try await client.credit()
        let renewed = try await client.connect()
        issuedSessionKeys["renewed"] = renewed.value

        await attempt("\(name) validation") { try await client.sendSMS(to: ["0912"], text: "x") }
        let wrong = Every8DSOAPClient(credentials: .init(userID: account.userID, password: SecretsSweepTests.wrongPassword),
                                      configuration: configuration, transport: transport)
        await attempt("\(name) wrong password") { try await wrong.credit() }
        await sandbox.every8d.network.enqueueFault(.connectionDropped, endpoint: "SMS.asmx/sendSMS")
        await attempt("\(name) dropped send") { try await client.sendSMS(to: ["0912345672"], text: "x") }
        await sandbox.every8d.network.enqueueFault(.garbageBody(), endpoint: "SMS.asmx/getCredit", count: 2)
        await attempt("\(name) garbage") { try await client.credit() }
        await sandbox.every8d.network.clearFaults()
        await misbehaving(Self.soapEcho("soap:Server")) {
            await attempt("\(name) echoed in a soap:Server fault, send") { try await client.sendSMS(to: ["0912345673"], text: "echo") }
            await attempt("\(name) echoed in a soap:Server fault, read") { try await client.credit() }
        }
        await misbehaving(Self.soapEcho("soap:Client")) {
            await attempt("\(name) echoed in a soap:Client fault") { try await client.sendSMS(to: ["0912345673"], text: "echo") }
        }
        await misbehaving(Self.echo(status: 500)) {
            await attempt("\(name) echoed in a 500 page") { try await client.credit() }
        }
        await misbehaving(Self.echo(status: 200, prefix: "<?xml version=\"1.0\"?><x>", contentType: "text/xml")) {
            await attempt("\(name) echoed in unreadable XML") { try await client.credit() }
        }
        _ = try await client.disconnect()
    }

    func omiCard() async throws {
        let documentCredentials: [(String, OmiCardClient.Credentials)] = [
            ("fields", OmiCardClient.Credentials(loginName: SecretsSweepTests.omiFields.loginName, password: SecretsSweepTests.omiFields.password)),
            ("XmlRequest", OmiCardClient.Credentials(loginName: SecretsSweepTests.omiXML.loginName, password: SecretsSweepTests.omiXML.password, delivery: .xmlRequest)),
            ("XmlReqFilePath", OmiCardClient.Credentials(loginName: SecretsSweepTests.omiFile.loginName, password: SecretsSweepTests.omiFile.password, delivery: .xmlRequestFile)),
            ("XmlReqUrl", OmiCardClient.Credentials(xmlRequestURL: URL(string: SecretsSweepTests.hostedURL)!)),
        ]
        for (delivery, credentials) in documentCredentials {
            for method in OmiCardClient.RequestMethod.allCases where !(method == .get && delivery == "XmlReqFilePath") {
                let name = "OMICard \(delivery) \(method) client"
                let configuration = OmiCardClient.Configuration(
                    baseURL: gateway.baseURL.appendingPathComponent("WebAPI"), method: method, timeout: .seconds(2),
                    retryPolicy: Self.fast, logger: { [seen] in seen.log($0) })
                let client = OmiCardClient(credentials: credentials, configuration: configuration, transport: transport)
                seen.show("\(name) credentials", credentials)
                seen.show("\(name) client", client)
                let launch = try await client.sendSMS(SMSJob(content: "秘密 OMI", smsList: ["0912345670"]))
                seen.show("\(name) launch", launch)
                seen.show("\(name) status", try await client.status(launchID: launch.launchID, for: .smsNumber("0912345670")))

                await attempt("\(name) validation") { try await client.sendSMS(SMSJob(content: "", smsList: [])) }
                await attempt("\(name) not found") { try await client.status(launchID: "99999", for: .smsNumber("0912345670")) }
                await sandbox.omiCard.network.enqueueFault(.connectionDropped, endpoint: "SMS.aspx")
                await attempt("\(name) dropped") { try await client.sendSMS(SMSJob(content: "x", smsList: ["0912345670"])) }
                await sandbox.omiCard.network.enqueueFault(.garbageBody(), endpoint: "Status.aspx", count: 2)
                await attempt("\(name) garbage") { try await client.status(launchID: launch.launchID, for: .smsNumber("0912345670")) }
                await sandbox.omiCard.network.clearFaults()
                await misbehaving(Self.echo(status: 500)) {
                    await attempt("\(name) echoed in a 500 page, send") { try await client.sendSMS(SMSJob(content: "x", smsList: ["0912345670"])) }
                    await attempt("\(name) echoed in a 500 page, read") { try await client.status(launchID: launch.launchID, for: .smsNumber("0912345670")) }
                }
                await misbehaving(Self.echo(status: 200, prefix: "<Response><ErrorCode>102</ErrorCode><ErrorMsg>", contentType: "text/xml")) {
                    await attempt("\(name) echoed in an error message") { try await client.status(launchID: launch.launchID, for: .smsNumber("0912345670")) }
                }
                await misbehaving(Self.echo(status: 200, prefix: "ErrorCode,ErrorMsg\r\n102,", contentType: "text/csv")) {
                    await attempt("\(name) echoed in a CSV error") { try await client.sendSMS(SMSJob(content: "x", smsList: ["0912345670"])) }
                }
            }
        }
        let wrong = OmiCardClient(credentials: OmiCardClient.Credentials(loginName: SecretsSweepTests.omiFields.loginName, password: SecretsSweepTests.wrongPassword),
                                  configuration: .init(baseURL: gateway.baseURL.appendingPathComponent("WebAPI"), logger: { [seen] in seen.log($0) }),
                                  transport: transport)
        await attempt("OMICard wrong password") { try await wrong.sendSMS(SMSJob(content: "x", smsList: ["0912345670"])) }
    }

    /// Every command of both programs, with the accounts in the environment, over HTTP.
    func commandLines() async {
        let base = gateway.baseURL.absoluteString
        let account = SecretsSweepTests.cliAccount
        let gif = try? CLI.temporaryFile(named: "pixel.gif", contents: CLI.gif)
        let people = try? CLI.temporaryFile(named: "people.csv", text: "mobile,text,mr\n0912345672,您好,p1\n")
        let template = try? CLI.temporaryFile(named: "t.csv", text: "mobile,field1\n0912345673,小明\n")
        defer { [gif, people, template].compactMap { $0 }.forEach(CLI.cleanUp) }
        for mode in ["token", "password"] {
            let environment = ["EVERY8D_UID": account.userID, "EVERY8D_PWD": account.password, "EVERY8D_SITE_URL": base,
                               "EVERY8D_AUTH": mode, "EVERY8D_TIMEOUT": "2"]
            func run(_ arguments: [String], _ extra: [String: String] = [:]) async -> RunResult {
                let result = await CLI.every8d(arguments, environment: environment.merging(extra) { $1 })
                seen.add("cli \(result.arguments.joined(separator: " ")) [\(mode)]", result.everything)
                return result
            }
            for action in ["get", "check"] { _ = await run(["token", action]) }
            _ = await run(["credit"])
            _ = await run(["--json", "credit"])
            let sent = await run(["--json", "send", "--to", "0912345679,0912345676", "--text", "CLI 秘密"])
            let batch = (try? sent.jsonObject())?["batchID"] as? String ?? "none"
            for format in ["tab", "json", "xml"] { _ = await run(["status", batch, "--format", format]) }
            _ = await run(["replies", batch])
            _ = await run(["--json", "replies", batch])
            _ = await run(["send", "--to", "0912345679", "--text", "CLI 秘密", "--filter-duplicates", "--dry-run"])
            let booked = await run(["--json", "send", "--to", "0912345670", "--text", "later", "--at", CLI.compactTime(fromNow: 3600)])
            _ = await run(["cancel", (try? booked.jsonObject())?["batchID"] as? String ?? "none"])
            if let gif { _ = await run(["mms", "--to", "0912345670", "--subject", "s", "--image", gif.path]) }
            if let people { _ = await run(["send-personal", "--csv", people.path]) }
            if let template { _ = await run(["send-template", "--template", "%field1% 您好", "--csv", template.path]) }
            _ = await run(["cost", "--text", "Hello", "--to", "0912345678,+14155550100"])
            _ = await run(["report", "BatchID=\(batch)&RM=0912345679&RT=20250301120000&STATUS=100&SM=hi"])
            _ = await run(["demo"])
            _ = await run(["credit"], ["EVERY8D_PWD": SecretsSweepTests.wrongPassword])
            _ = await run(["cancel", "no-such-batch"])
            _ = await run(["send", "--to", "12", "--text", "x"])
            await sandbox.every8d.network.enqueueFault(.connectionDropped, endpoint: "SendSMS.ashx")
            _ = await run(["send", "--to", "0912345670", "--text", "lost"])
            await sandbox.every8d.network.enqueueFault(.garbageBody(), endpoint: "GetCredit.ashx", count: 3)
            _ = await run(["credit"])
            await sandbox.every8d.network.clearFaults()
            await misbehaving(Self.echo(status: 500)) {
                _ = await run(["credit"])
                _ = await run(["send", "--to", "0912345670", "--text", "echo"])
            }
            await misbehaving(Self.echo(status: 200, prefix: "-99,", contentType: "text/plain")) {
                _ = await run(["send", "--to", "0912345670", "--text", "echo"])
            }
            // The newer options, doctor and JSON errors.
            _ = await run(["status", batch, "--page", "1", "--format", "json"])
            _ = await run(["--json", "replies", batch, "--page", "1", "--format", "tab"])
            _ = await run(["send", "--to", "0912345670", "--to", "0912345671", "--text", "CLI 秘密", "--event-id", "-1", "--validity", "10"])
            _ = await run(["cost", "--text", "x", "--event-id", "-1"])
            _ = await run(["doctor"])
            _ = await run(["--json", "doctor"])
            _ = await run(["--api", "soap", "--soap-version", "1.2", "doctor"])
            _ = await run(["--api", "soap", "credit"])
            _ = await run(["--json", "doctor"], ["EVERY8D_PWD": SecretsSweepTests.wrongPassword])
            _ = await run(["--json", "credit"], ["EVERY8D_PWD": SecretsSweepTests.wrongPassword])
            _ = await run(["--json", "send", "--to", "12", "--text", "x"])
            if mode == "token" { _ = await run(["token", "close"]) }
        }

        let omi = SecretsSweepTests.omiCLI
        let environment = ["OMICARD_LOGIN": omi.loginName, "OMICARD_PASSWORD": omi.password, "OMICARD_BASE_URL": base + "/WebAPI", "OMICARD_TIMEOUT": "2"]
        func omicard(_ arguments: [String], _ extra: [String: String] = [:]) async -> RunResult {
            let result = await CLI.omicard(arguments, environment: environment.merging(extra) { $1 })
            seen.add("cli \(result.arguments.joined(separator: " "))", result.everything)
            return result
        }
        let launched = await omicard(["--json", "send", "--to", "0912345670", "--content", "OMI 秘密", "--ref-id", "r-1"])
        let launchID = (try? launched.jsonObject())?["launchID"] as? String ?? "1"
        _ = await omicard(["send", "--to", "0912345670", "--content", "x", "--method", "get"])
        _ = await omicard(["status", "--launch-id", launchID, "--sms-number", "0912345670"])
        _ = await omicard(["--json", "status", "--launch-id", launchID, "--sms-number", "0912345670"])
        _ = await omicard(["status", "--launch-id", "999", "--sms-number", "0912345670"])
        _ = await omicard(["demo"])
        _ = await omicard(["send", "--to", "0912345670", "--content", "x"], ["OMICARD_PASSWORD": SecretsSweepTests.wrongPassword])
        await sandbox.omiCard.network.enqueueFault(.connectionDropped, endpoint: "SMS.aspx")
        _ = await omicard(["send", "--to", "0912345670", "--content", "lost"])
        await misbehaving(Self.echo(status: 500)) {
            _ = await omicard(["send", "--to", "0912345670", "--content", "echo"])
            _ = await omicard(["status", "--launch-id", launchID, "--sms-number", "0912345670"])
            _ = await omicard(["--json", "send", "--to", "0912345670", "--content", "echo"])
        }
        // The newer options, the credential modes, doctor and JSON errors.
        _ = await omicard(["send", "--to", "0912345670", "--content", "x", "--ref-id", "r-2", "--successful-url", "https://back.invalid/ok?%omisquerystring%",
                           "--tracking-expire-time", "1d", "--job-option", "trim-spaces"])
        _ = await omicard(["send", "--to", "0912345670", "--content", "x"], ["OMICARD_CREDENTIALS": "xml-request"])
        _ = await omicard(["send", "--to", "0912345670", "--content", "x"], ["OMICARD_CREDENTIALS": "xml-req-file-path"])
        _ = await omicard(["--json", "status", "--launch-id", launchID, "--extern-ref-num", "r-1", "--job-type", "sms"], ["OMICARD_CREDENTIALS": "xml-request"])
        _ = await omicard(["doctor"])
        _ = await omicard(["--json", "doctor"], ["OMICARD_CREDENTIALS": "xml-request"])
        _ = await omicard(["--json", "doctor"], ["OMICARD_PASSWORD": SecretsSweepTests.wrongPassword])
        _ = await omicard(["--json", "send", "--to", "0912345670", "--content", "x"], ["OMICARD_PASSWORD": SecretsSweepTests.wrongPassword])
    }
}
