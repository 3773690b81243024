import Foundation
import Testing
import SMSSandbox

@Suite("Sandbox accounts keep their passwords to themselves")
struct SandboxAccountRedactionTests {
    static func texts(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), dumped]
    }

    @Test("description, debug description and dump of accounts and of a sandbox holding them")
    func noPasswordShown() {
        let every8d = Every8DSandboxAccount(userID: "u1", password: "Every8D-sandbox-secret", credit: 5)
        let omicard = OmiCardSandboxAccount(loginName: "l1", password: "OmiCard-sandbox-secret")
        for text in Self.texts(every8d) + Self.texts(omicard) + Self.texts([every8d]) {
            #expect(!text.contains("sandbox-secret"))
        }
        #expect(Self.texts(every8d)[2].contains("u1"), "the dump still shows who the account is")
    }
}
