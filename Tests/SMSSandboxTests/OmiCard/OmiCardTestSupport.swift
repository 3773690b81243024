import Foundation
import Testing
import SMSSandbox
@_spi(SMSInternals) import SMSTransport

/// Builds OMICard requests by hand and reads the answers.
enum OMI {
    static let base = URL(string: "http://api.example.test/WebAPI/")!
    static let start = "2025-03-01 09:00:00"
    static var auth: [FormField] { [FormField("ManagerLoginName", "sandbox"), FormField("ManagerPassword", "sandbox-password")] }

    static func sandbox(configuration: OmiCardSandbox.Configuration = .init(), state: OmiCardSandboxState.Configuration = .init()) -> OmiCardSandbox {
        OmiCardSandbox(clock: SandboxClock(taiwanTime: start)!, stateConfiguration: state, configuration: configuration)
    }

    static func get(_ page: String, _ fields: [FormField]) -> TransportRequest {
        var components = URLComponents(url: base.appendingPathComponent(page), resolvingAgainstBaseURL: false)!
        components.percentEncodedQuery = FormEncoding.encodeToString(fields)
        return TransportRequest(method: .get, url: components.url!)
    }

    static func post(_ page: String, _ fields: [FormField]) -> TransportRequest {
        TransportRequest(method: .post, url: base.appendingPathComponent(page),
                         headers: ["Content-Type": FormEncoding.contentType], body: FormEncoding.encode(fields))
    }

    static func multipart(_ page: String, _ body: MultipartFormData) -> TransportRequest {
        let (type, data) = body.encoded()
        return TransportRequest(method: .post, url: base.appendingPathComponent(page), headers: ["Content-Type": type], body: data)
    }

    /// The `<Response>` fields of an XML answer, by element name.
    static func fields(_ response: TransportResponse) throws -> [String: String] {
        let root = try XMLTree.parse(response.body)
        #expect(root.name == "Response")
        var result: [String: String] = [:]
        for child in root.children { result[child.name] = child.text }
        return result
    }

    /// Sends and returns the XML fields.
    static func call(_ sandbox: OmiCardSandbox, _ request: TransportRequest) async throws -> [String: String] {
        try fields(try await sandbox.send(request))
    }

    /// Sends an SMS job with `SMSList` and returns its LaunchID.
    static func launch(_ sandbox: OmiCardSandbox, numbers: [String], extra: [FormField] = []) async throws -> Int {
        let answer = try await call(sandbox, post("SMS.aspx", auth + [FormField("SMSList", numbers.joined(separator: ",")), FormField("Content", "hi")] + extra))
        #expect(answer["ErrorCode"] == "0")
        return try #require(answer["LaunchID"].flatMap { Int($0) })
    }

    static func status(_ sandbox: OmiCardSandbox, _ fields: [FormField]) async throws -> [String: String] {
        try await call(sandbox, get("Status.aspx", auth + fields))
    }
}
