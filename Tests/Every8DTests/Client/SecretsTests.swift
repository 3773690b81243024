import Foundation
import Testing
@testable import Every8D
@_spi(SMSInternals) import SMSTransport

@Suite("Secrets never leak")
struct SecretsTests {
    static let secrets = [Fixture.password, FormEncoding.percentEncode(Fixture.password), Fixture.token]

    static func leaks(_ text: String) -> [String] {
        secrets.filter { text.contains($0) }
    }

    @Test("no log record and no error description holds the password or the token")
    func noLeaks() async throws {
        let records = Collector<TransportLogRecord>()
        var texts: [String] = []
        let answers: [TransportResponse] = [
            .token(Fixture.token),
            .ok("-101,密碼 \(Fixture.password) 錯誤"),
            TransportResponse(status: 500, body: Data("echo \(Fixture.token) \(Fixture.password)".utf8)),
            .ok("<html>\(Fixture.token)</html>"),
            .json(#"{"Result":false,"Status":"-99","Msg":"bad token \#(Fixture.token)"}"#),
            .ok("1000.00"),
        ]
        for mode in [Every8DClient.AuthenticationMode.token, .password] {
            for answer in answers {
                let transport = RecordingTransport { request, _ in
                    if request.url.path.hasSuffix("ConnectionHandler.ashx"), request.bodyText.contains("\"VerifyType\":1") {
                        return .token(Fixture.token)
                    }
                    return answer
                }
                let configuration = Fixture.configuration(
                    authentication: mode, readRetryPolicy: .none, logger: { records.append($0) })
                let client = Every8DClient(credentials: Fixture.credentials, configuration: configuration, transport: transport)
                // The token is fetched first: a client can only blank out a token it has seen.
                let calls: [@Sendable () async throws -> Void] = [
                    { _ = try await client.connect() },
                    { _ = try await client.credit() },
                    { _ = try await client.sendSMS(to: ["0912345678"], text: "x") },
                    { _ = try await client.sendPersonalizedSMS([.init(mobile: "0912345678", text: "x")]) },
                    { _ = try await client.checkConnection() },
                    { try await client.disconnect() },
                ]
                for call in calls {
                    do { try await call() } catch {
                        texts.append(String(describing: error))
                        texts.append(String(reflecting: error))
                        if let unknown = error as? SendOutcomeUnknownError { texts.append(String(describing: unknown.cause)) }
                    }
                }
                // Everything the client itself holds (the recording transport keeps requests, so it is left out).
                var dumped = ""
                dump(client.credentials, to: &dumped)
                dump(client.configuration, to: &dumped)
                dump(client.keeper, to: &dumped)
                dump(client.keeper.heldSession, to: &dumped)
                texts.append(dumped)
                texts.append(String(describing: client.credentials))
            }
        }
        // Transport failures and timeouts are logged too.
        let failing = RecordingTransport { _, _ in throw TransportError(.timedOut) }
        let client = Every8DClient(credentials: Fixture.credentials,
                                   configuration: Fixture.configuration(authentication: .password, logger: { records.append($0) }),
                                   transport: failing)
        do { try await client.sendSMS(to: ["0912345678"], text: "x") } catch { texts.append(String(describing: error)) }

        #expect(records.values.count > 50)
        #expect(records.values.contains { $0.event == .failure })
        for record in records.values {
            let text = [record.description, record.body, record.url] + record.headers.map { "\($0.name): \($0.value)" }
            for part in text { #expect(Self.leaks(part).isEmpty, "leak in \(record.operation) \(record.event)") }
        }
        #expect(!texts.isEmpty)
        for text in texts { #expect(Self.leaks(text).isEmpty, "leak: \(text)") }
    }

    @Test("log records show the request and the response, redacted")
    func recordsAreUseful() async throws {
        let records = Collector<TransportLogRecord>()
        let transport = Fixture.tokenTransport(answer: "9610040.00,2,2,0,\(Fixture.batchID)")
        let configuration = Fixture.configuration(logger: { records.append($0) })
        let client = Every8DClient(credentials: Fixture.credentials, configuration: configuration, transport: transport)
        try await client.sendSMS(to: ["0912345678"], text: "hello")

        let values = records.values
        #expect(values.map(\.event) == [.request, .response, .request, .response])
        #expect(values.map(\.operation) == ["GetToken", "GetToken", "SendSMS", "SendSMS"])
        #expect(values[2].headers["Authorization"] == Redaction.placeholder)
        #expect(values[2].body.contains("MSG=hello"))
        #expect(values[3].status == 200)
        #expect(values[3].body.contains(Fixture.batchID))
        #expect(!values[1].body.contains(Fixture.token))
    }

    /// EVERY8D's knowledge of its token answer lives in this module (the assertions were the shared
    /// module's, when its scanner knew the shape): its rules, which its requests carry.
    @Test("EVERY8D token answer: Msg is the token and is hidden; send results and errors are kept")
    func tokenAnswer() {
        let token = Redaction.redactedText(#"{"Result":true,"Msg":"8f3a1c2e-TOKEN-4b5d"}"#, rules: Every8DClient.redactionRules)
        #expect(!token.contains("8f3a1c2e") && !token.contains("TOKEN"))
        #expect(token == #"{"Result":true,"Msg":"<redacted>"}"#)
        let sent = #"{"Result":true,"Status":"0","Msg":"56.00,2,2,0,b8a3c2e0"}"#
        #expect(Redaction.redactedText(sent, rules: Every8DClient.redactionRules) == sent)
        let failed = #"{"Result":false,"Status":"-99","Msg":"token-looking-error"}"#
        #expect(Redaction.redactedText(failed, rules: Every8DClient.redactionRules) == failed)
    }

    @Test("the token answer is hidden in log records and wherever its response is printed; other answers are kept")
    func tokenAnswerInRecords() async throws {
        let records = Collector<TransportLogRecord>()
        let responses = Collector<TransportResponse>()
        let sent = #"{"Result":true,"Status":"0","Msg":"56.00,2,2,0,b8a3c2e0"}"#
        let failed = #"{"Result":false,"Status":"-99","Msg":"token-looking-error"}"#
        let answers: [TransportResponse] = [.json(#"{"Result":true,"Msg":"8f3a1c2e-TOKEN-4b5d"}"#), .json(sent), .json(failed)]
        let transport = RecordingTransport { request, number in
            #expect(request.redactionRules == Every8DClient.redactionRules)
            // What a transport does: the response gets the request's rules.
            var response = answers[number - 1]
            response.redactionRules = request.redactionRules
            responses.append(response)
            return response
        }
        let configuration = Fixture.configuration(authentication: .password, readRetryPolicy: .none, logger: { records.append($0) })
        let client = Every8DClient(credentials: Fixture.credentials, configuration: configuration, transport: transport)
        _ = try await client.connect()
        _ = try await client.sendPersonalizedSMS([.init(mobile: "0912345678", text: "x")])
        await #expect(throws: Every8DError.self) { try await client.connect() }

        let logged = records.values.filter { $0.event == .response }.map(\.body)
        #expect(logged == [#"{"Result":true,"Msg":"<redacted>"}"#, sent, failed])
        let printed = responses.values.map(\.description)
        #expect(printed.count == 3 && !printed[0].contains("TOKEN") && printed[1].contains("56.00,2,2,0") && printed[2].contains("token-looking-error"))
    }

    @Test("credentials print only the user id")
    func credentialsDescription() {
        let credentials = Fixture.credentials
        #expect(credentials.description == #"Credentials(userID: "Test1234")"#)
        #expect(String(reflecting: credentials) == credentials.description)
        var dumped = ""
        dump(credentials, to: &dumped)
        #expect(!dumped.contains(Fixture.password))
        #expect(dumped.contains("Test1234"))
    }
}
