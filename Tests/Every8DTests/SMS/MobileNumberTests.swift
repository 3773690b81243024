import Foundation
import Testing
import Every8D

@Suite("MobileNumber")
struct MobileNumberTests {
    @Test("the same number however written is equal; national and international forms")
    func forms() throws {
        let local = try MobileNumber("0912345678")
        let reported = try MobileNumber(" +886912345678 ")
        #expect(local == reported)
        #expect(Set([local, reported]).count == 1)
        #expect(local.international == "+886912345678")
        #expect(local.national == "0912345678")
        #expect(local.isTaiwan)
        #expect("\(local)" == "+886912345678")
        let abroad = try MobileNumber("+14155550100")
        #expect(!abroad.isTaiwan)
        #expect(abroad.national == nil)
        #expect(abroad != local)
    }

    @Test("what the gateway refuses is refused, naming the value", arguments: ["0912-345-678", "912345678", "+1234567", "", "０９１２３４５６７８"])
    func refused(_ text: String) throws {
        let error = try #require(throws: ValidationError.self) { try MobileNumber(text) }
        #expect(error.field == "mobile")
        if !text.isEmpty { #expect(error.value == text) }
    }

    @Test("Codable as the international form")
    func codable() throws {
        let data = try JSONEncoder().encode([try MobileNumber("0912345678")])
        #expect(String(decoding: data, as: UTF8.self) == #"["+886912345678"]"#)
        #expect(try JSONDecoder().decode([MobileNumber].self, from: Data(#"["0912345678"]"#.utf8)) == [try MobileNumber("+886912345678")])
        #expect(throws: ValidationError.self) { try JSONDecoder().decode([MobileNumber].self, from: Data(#"["nope"]"#.utf8)) }
    }
}
