import Foundation
import Testing
import SMSSandbox

@Suite("EVERY8D sandbox: authentication")
struct Every8DAuthTests {
    @Test("token get answers a 32-hex token; check and close succeed; a closed token is refused")
    func tokenLifecycle() async throws {
        let sandbox = E8D.sandbox()
        let token = try await E8D.token(sandbox)
        #expect(token.count == 32)
        #expect(token.allSatisfy { $0.isHexDigit && !$0.isUppercase })

        let check = try await sandbox.send(E8D.json("ConnectionHandler.ashx", #"{"HandlerType":3,"VerifyType":2}"#, token: token))
        #expect(E8D.text(check) == #"{"Result":true}"#)

        let sent = try await sandbox.send(E8D.form("SendSMS.ashx", [FormField("MSG", "hi"), FormField("DEST", "0912345670")], token: token))
        #expect(E8D.fields(E8D.text(sent)).count == 5)

        let close = try await sandbox.send(E8D.json("ConnectionHandler.ashx", #"{"HandlerType":3,"VerifyType":3}"#, token: token))
        #expect(E8D.text(close) == #"{"Result":true}"#)

        let checkAgain = try await sandbox.send(E8D.json("ConnectionHandler.ashx", #"{"HandlerType":3,"VerifyType":2}"#, token: token))
        #expect(E8D.text(checkAgain) == #"{"Result":false,"Status":"-301","Msg":"連線已逾時，請重新登入"}"#)

        let refused = try await sandbox.send(E8D.form("GetCredit.ashx", [], token: token))
        #expect(refused.status == 401)
        #expect(refused.headers["WWW-Authenticate"] == nil)
        #expect(await sandbox.state.tokensIssued == 1)
        #expect(await sandbox.state.tokensClosed == 1)
        #expect(await sandbox.state.acceptedSendCount == 1)
    }

    @Test("a rejected token is answered -301 when configured so, as text or JSON by endpoint")
    func tokenRejectionAs301() async throws {
        let sandbox = E8D.sandbox(configuration: .init(tokenRejection: .errorCode301))
        let form = try await sandbox.send(E8D.form("GetCredit.ashx", [], token: "0123456789abcdef0123456789abcdef"))
        #expect(form.status == 200)
        #expect(E8D.text(form) == "-301,連線已逾時，請重新登入")
        let json = try await sandbox.send(E8D.json("SendParam.ashx", #"{"RecipientDataList":[{"Mobile":"0912345670","Param":"x"}]}"#, token: "nope"))
        #expect(E8D.text(json) == #"{"Result":false,"Status":"-301","Msg":"連線已逾時，請重新登入"}"#)
    }

    @Test("tokens expire after the configured lifetime on the sandbox clock")
    func tokenExpiry() async throws {
        let sandbox = E8D.sandbox(state: .init(tokenLifetime: .seconds(8 * 3600)))
        let token = try await E8D.token(sandbox)
        await sandbox.clock.advance(by: .seconds(8 * 3600 - 1))
        #expect(try await sandbox.send(E8D.form("GetCredit.ashx", [], token: token)).status == 200)
        await sandbox.clock.advance(by: .seconds(1))
        #expect(try await sandbox.send(E8D.form("GetCredit.ashx", [], token: token)).status == 401)
        #expect(await sandbox.state.activeTokenCount() == 0)
    }

    @Test("wrong password -101, unknown account -100, no credentials -300")
    func passwordFailures() async throws {
        let sandbox = E8D.sandbox()
        let wrong = try await sandbox.send(E8D.form("GetCredit.ashx", [FormField("UID", "sandbox"), FormField("PWD", "guess")]))
        #expect(E8D.text(wrong) == "-101,密碼錯誤")
        let unknown = try await sandbox.send(E8D.form("GetCredit.ashx", [FormField("UID", "nobody"), FormField("PWD", "x")]))
        #expect(E8D.text(unknown) == "-100,帳號不存在")
        let none = try await sandbox.send(E8D.form("SendSMS.ashx", [FormField("MSG", "hi"), FormField("DEST", "0912345670")]))
        #expect(E8D.text(none) == "-300,帳號密碼不得為空")
        let tokenWithoutPassword = try await sandbox.send(E8D.json("ConnectionHandler.ashx", #"{"HandlerType":3,"VerifyType":1,"UID":"sandbox"}"#))
        #expect(E8D.text(tokenWithoutPassword) == #"{"Result":false,"Status":"-300","Msg":"帳號密碼不得為空"}"#)
        let tokenWrongPassword = try await sandbox.send(E8D.json("ConnectionHandler.ashx", #"{"HandlerType":3,"VerifyType":1,"UID":"sandbox","PWD":"nope"}"#))
        #expect(E8D.text(tokenWrongPassword).contains(#""Status":"-101""#))
        #expect(await sandbox.state.acceptedSendCount == 0)
        #expect(await sandbox.state.tokensIssued == 0)
    }

    @Test("a Bearer header wins over UID and PWD in the body")
    func bearerWins() async throws {
        let sandbox = E8D.sandbox()
        let answer = try await sandbox.send(E8D.form("GetCredit.ashx", E8D.auth, token: "not-a-token"))
        #expect(answer.status == 401)
    }

    @Test("expireAllTokens logs out every token, as another system closing the session")
    func expireAll() async throws {
        let sandbox = E8D.sandbox()
        let first = try await E8D.token(sandbox)
        let second = try await E8D.token(sandbox)
        #expect(await sandbox.state.activeTokenCount() == 2)
        await sandbox.state.expireAllTokens()
        #expect(try await sandbox.send(E8D.form("GetCredit.ashx", [], token: first)).status == 401)
        #expect(try await sandbox.send(E8D.form("GetCredit.ashx", [], token: second)).status == 401)
        #expect(E8D.text(try await sandbox.send(E8D.form("GetCredit.ashx", E8D.auth))) == "1000.00")
    }

    @Test("the demo account's password never shows in its description")
    func accountDescription() {
        #expect(!Every8DSandboxAccount.demo.description.contains("sandbox-password"))
        #expect(Every8DSandboxAccount.demo.description.contains("sandbox"))
    }
}
