import Foundation
import Testing
@testable import Every8D

/// The request-building path made cheap (endpoint URLs built once, bodies written straight into
/// their bytes, validation without copies): the same requests and the same errors as before.
@Suite("Request building")
struct RequestBuildingTests {
    @Test("endpoint URLs are built once per client, and a refused site is refused on every call, before sending")
    func endpointCache() async throws {
        let transport = RecordingTransport { request, _ in
            request.url.path.hasSuffix("GetCredit.ashx") ? .ok("1.00") : .ok("0")
        }
        let client = Fixture.passwordClient(transport, site: "https://biz3.every8d.com.tw/prepaid/")
        _ = try await client.credit()
        _ = try await client.credit()
        _ = try await client.deliveryStatus(batch: "b", format: .tab)
        #expect(transport.requests.map(\.url.absoluteString) == [
            "https://biz3.every8d.com.tw/prepaid/API21/HTTP/GetCredit.ashx",
            "https://biz3.every8d.com.tw/prepaid/API21/HTTP/GetCredit.ashx",
            "https://biz3.every8d.com.tw/prepaid/API21/HTTP/GetDeliveryStatus.ashx",
        ])

        let refusing = RecordingTransport(responses: [])
        let insecure = Every8DClient(
            credentials: Fixture.credentials, configuration: Fixture.configuration(site: "http://new.e8d.tw", authentication: .password),
            transport: refusing)
        for _ in 0..<2 {
            let error = try await #require(throws: ValidationError.self) { _ = try await insecure.credit() }
            #expect(error.field == "siteURL")
            #expect(error.reason.contains("http"))
        }
        #expect(refusing.requests.isEmpty)
    }

    @Test("the SOAP client refuses a plain-http site on every call, before sending")
    func soapEndpointCache() async throws {
        let transport = RecordingTransport(responses: [])
        let client = SOAPFixture.client(transport, site: "http://oms.every8d.com")
        for _ in 0..<2 {
            let error = try await #require(throws: ValidationError.self) { _ = try await client.credit() }
            #expect(error.field == "siteURL")
        }
        #expect(transport.requests.isEmpty)
    }
}
