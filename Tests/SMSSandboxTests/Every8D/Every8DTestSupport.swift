import Foundation
import Testing
import SMSSandbox
@_spi(SMSInternals) import SMSTransport

/// Builds EVERY8D requests by hand, as a client would put them on the wire.
enum E8D {
    static let site = URL(string: "https://gateway.example.test/prefix")!
    static let demo = Every8DSandboxAccount.demo
    static let start = "2025-03-01 09:00:00"

    static func url(_ endpoint: String) -> URL {
        site.appendingPathComponent("API21/HTTP/" + endpoint)
    }

    static var auth: [FormField] { [FormField("UID", demo.userID), FormField("PWD", demo.password)] }

    static func form(_ endpoint: String, _ fields: [FormField], token: String? = nil) -> TransportRequest {
        var headers: HTTPHeaders = ["Content-Type": FormEncoding.contentType]
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        return TransportRequest(method: .post, url: url(endpoint), headers: headers, body: FormEncoding.encode(fields))
    }

    static func json(_ endpoint: String, _ body: String, token: String? = nil) -> TransportRequest {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        return TransportRequest(method: .post, url: url(endpoint), headers: headers, body: Data(body.utf8))
    }

    /// A sandbox on a clock standing still at ``start``.
    static func sandbox(accounts: [Every8DSandboxAccount] = [demo], configuration: Every8DSandbox.Configuration = .init(),
                        state: Every8DSandboxState.Configuration = .init()) -> Every8DSandbox {
        Every8DSandbox(accounts: accounts, clock: SandboxClock(taiwanTime: start)!, stateConfiguration: state, configuration: configuration)
    }

    static func text(_ response: TransportResponse) -> String {
        String(decoding: response.body, as: UTF8.self)
    }

    /// Sends an SMS with the demo account's password and returns the answer line.
    static func sendSMS(_ sandbox: Every8DSandbox, text: String, to numbers: [String], extra: [FormField] = []) async throws -> String {
        let fields = auth + [FormField("SB", "test"), FormField("MSG", text), FormField("DEST", numbers.joined(separator: ","))] + extra
        return self.text(try await sandbox.send(form("SendSMS.ashx", fields)))
    }

    /// The fields of a send result line.
    static func fields(_ line: String) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }

    /// Gets a token for the demo account.
    static func token(_ sandbox: Every8DSandbox) async throws -> String {
        let body = #"{"HandlerType":3,"VerifyType":1,"UID":"sandbox","PWD":"sandbox-password"}"#
        let answer = try await sandbox.send(json("ConnectionHandler.ashx", body))
        let object = try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Any])
        return try #require(object["Msg"] as? String)
    }

    /// `count` distinct Taiwan numbers ending in `digit`.
    static func numbers(_ count: Int, endingIn digit: Int) -> [String] {
        (0..<count).map { index in
            let body = String(index)
            return "09" + String(repeating: "0", count: 7 - body.count) + body + String(digit)
        }
    }

    static func deliveryPage(_ sandbox: Every8DSandbox, batch: String, page: Int = 1, format: Int = 0, endpoint: String = "GetDeliveryStatus.ashx") async throws -> String {
        let fields = auth + [FormField("BID", batch), FormField("PNO", String(page)), FormField("RESPFORMAT", String(format))]
        return text(try await sandbox.send(form(endpoint, fields)))
    }

    /// The TAB rows (after the count line) of a report.
    static func tabRows(_ body: String) -> [[String]] {
        Array(DelimitedText.lines(Data(body.utf8)).dropFirst())
    }
}
