import Foundation
import Testing
@testable import SMSTransport

@Suite("FormEncoding")
struct FormEncodingTests {
    @Test("plus sign goes out percent-encoded")
    func plusIsEscaped() {
        let body = FormEncoding.encodeToString([FormField("DEST", "+886912345678")])
        #expect(body == "DEST=%2B886912345678")
    }
}
