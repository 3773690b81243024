import Foundation
import Testing
import SMSSandbox
@_spi(Every8DV3) @testable import Every8D

/// Drives the sandbox's API 3.0 with the SDK's own request builders and answer parsers.
enum V3 {
    static let demo = Every8DSandboxAccount.demo
    static let site = try! V3Site(siteURL: Every8DSandbox.demoSiteURL)
    /// The sandbox clock's start, 2025-03-01 09:00 Taiwan time.
    static let start = TaiwanTime.parse(E8D.start)!
    static let options = V3RequestOptions(normalizesTaiwanNumbers: true, now: { V3.start })

    static func sandbox(accounts: [Every8DSandboxAccount] = [demo], state: Every8DSandboxState.Configuration = .init()) -> Every8DSandbox {
        E8D.sandbox(accounts: accounts, state: state)
    }

    /// Sends `request` with `authentication` (the demo password by default) and returns the answer's body.
    static func call(_ transport: some HTTPTransport, _ request: V3Request, _ authentication: V3Authentication = .password(demo.password),
                     userID: String = demo.userID, site: V3Site = V3.site) async throws -> Data {
        let http = request.transportRequest(url: site.url(request.operation), userID: userID, authentication: authentication, timeout: .seconds(5))
        let response = try await transport.send(http)
        #expect(response.status == 200)
        #expect(response.headers.mediaType == "application/json")
        return response.body
    }

    /// A fresh token for the demo account.
    static func token(_ transport: some HTTPTransport, userID: String = demo.userID, password: String = demo.password) async throws -> String {
        try Every8DV3ResponseParser.token(try await call(transport, .getToken, .password(password), userID: userID))
    }

    /// The status of an answer that is an error.
    static func status(_ body: Data) -> Int? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let status = object["status"] as? String else { return nil }
        return Int(status)
    }

    /// A raw 3.0 request with a hand-written body (for what the builders refuse to write).
    static func raw(_ endpoint: String, _ body: String, custcode: String = "e8d", contentType: String = "application/json; charset=utf-8") -> TransportRequest {
        TransportRequest(method: .post, url: Every8DSandbox.demoSiteURL.appendingPathComponent(custcode).appendingPathComponent(endpoint),
                         headers: ["Content-Type": contentType], body: Data(body.utf8))
    }

    static func text(_ body: Data) -> String { String(decoding: body, as: UTF8.self) }
}
