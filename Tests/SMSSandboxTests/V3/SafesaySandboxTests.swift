import Foundation
import Testing
import SMSSandbox
@_spi(Every8DV3) @testable import Every8D

@Suite("Every8DV3Sandbox: Safesay")
struct SafesaySandboxTests {
    private func call(_ sandbox: some HTTPTransport, _ request: SafesayRequest, token: String?, pack: String = "sandbox") async throws -> TransportResponse {
        let url = request.operation == .safesayGetToken ? try V3.site.safesayTokenURL(pack: pack) : V3.site.safesayURL(request.operation)
        return try await sandbox.send(request.transportRequest(url: url, token: token, timeout: .seconds(5)))
    }

    private func token(_ sandbox: some HTTPTransport) async throws -> String {
        let answer = try await call(sandbox, try SafesayRequest.token(account: V3.demo.userID, password: V3.demo.password), token: nil)
        return try Every8DV3ResponseParser.safesayToken(answer.body)
    }

    @Test("the daily token: only the last one fetched is valid, and none after midnight")
    func dailyToken() async throws {
        let sandbox = V3.sandbox()
        await sandbox.state.joinSafesayChannel(eventID: 22, mobile: "0912345678")
        let send = try SafesayRequest.send(SafesayMessage(eventID: 22, to: .mobile("0912345678"), content: .text("哈囉")))
        let first = try await token(sandbox)
        #expect(try Every8DV3ResponseParser.safesayReceipt(try await call(sandbox, send, token: first).body).messageID.count == 36)
        #expect(try Every8DV3ResponseParser.safesayReceipt(try await call(sandbox, send, token: first).body).timestamp > 0)
        let second = try await token(sandbox)
        #expect(second != first)
        let stale = try await call(sandbox, send, token: first)
        #expect { try Every8DV3ResponseParser.safesayReceipt(stale.body) } throws: { ($0 as? Every8DError)?.code == .unknownError }
        #expect(try Every8DV3ResponseParser.safesayReceipt(try await call(sandbox, send, token: second).body).sentAt == V3.start)
        await sandbox.clock.advance(by: .seconds(15 * 3600))  // 2025-03-02 00:00, Taiwan time
        let expired = try await call(sandbox, send, token: second)
        #expect(throws: Every8DError.self) { try Every8DV3ResponseParser.safesayReceipt(expired.body) }
        #expect(await sandbox.state.safesayTokensIssued == 2)
        #expect(await sandbox.state.safesayMessages().count == 3)
    }

    @Test("gettoken refusals: wrong password, wrong pack")
    func tokenRefusals() async throws {
        let sandbox = V3.sandbox()
        let wrong = try await call(sandbox, try SafesayRequest.token(account: V3.demo.userID, password: "nope"), token: nil)
        #expect { try Every8DV3ResponseParser.safesayToken(wrong.body) } throws: { ($0 as? Every8DError)?.operation == .safesayGetToken }
        #expect(try await call(sandbox, try SafesayRequest.token(account: V3.demo.userID, password: V3.demo.password), token: nil, pack: "other").status == 404)
        await sandbox.state.setSafesayPack("P77")
        #expect(try await call(sandbox, try SafesayRequest.token(account: V3.demo.userID, password: V3.demo.password), token: nil, pack: "P77").status == 200)
    }

    @Test("messages reach a number that joined the channel, or its chat room; nobody else")
    func messages() async throws {
        let sandbox = V3.sandbox()
        let room = await sandbox.state.joinSafesayChannel(eventID: 22, mobile: "+886912345678")
        let token = try await token(sandbox)
        let place = try #require(SafesayCoordinates("121.54069836039582,24.98475687523791"))
        _ = try Every8DV3ResponseParser.safesayReceipt(try await call(sandbox, try SafesayRequest.send(
            SafesayMessage(eventID: 22, to: .chatroom(room), content: .location(place))), token: token).body)
        _ = try Every8DV3ResponseParser.safesayReceipt(try await call(sandbox, try SafesayRequest.send(
            SafesayMessage(eventID: 22, to: .mobile("0912345678"), content: .attachment(Data([1, 2, 3])))), token: token).body)
        let stranger = try await call(sandbox, try SafesayRequest.send(SafesayMessage(eventID: 22, to: .mobile("0912345679"), content: .text("?"))), token: token)
        #expect(throws: Every8DError.self) { try Every8DV3ResponseParser.safesayReceipt(stranger.body) }
        let otherChannel = try await call(sandbox, try SafesayRequest.send(SafesayMessage(eventID: 23, to: .chatroom(room), content: .text("?"))), token: token)
        #expect(throws: Every8DError.self) { try Every8DV3ResponseParser.safesayReceipt(otherChannel.body) }
        let sent = await sandbox.state.safesayMessages(userID: V3.demo.userID)
        #expect(sent.map(\.content) == [.coordinates("121.54069836039582,24.98475687523791"), .attachment(Data([1, 2, 3]))])
        #expect(sent.allSatisfy { $0.chatroomID == room && $0.mobile == "+886912345678" && $0.eventID == 22 })
    }

    @Test("files download as application/x-download; a missing one is {\"Msg\":\"檔案不存在\"}")
    func files() async throws {
        let sandbox = V3.sandbox()
        let picture = Data([0xFF, 0xD8, 0xFF, 0xE0, 1, 2])
        let fileID = await sandbox.state.addSafesayFile(picture, fileName: "a.jpg", eventID: 22)
        let token = try await token(sandbox)
        let answer = try await call(sandbox, try SafesayRequest.download(eventID: 22, fileID: fileID), token: token)
        let file = try Every8DV3ResponseParser.safesayFile(answer.body, headers: answer.headers)
        #expect(file.data == picture && file.contentType == "application/x-download" && file.contentDisposition == "attachment; filename=\"a.jpg\"")
        let missing = try await call(sandbox, try SafesayRequest.download(eventID: 22, fileID: fileID + 1), token: token)
        #expect { try Every8DV3ResponseParser.safesayFile(missing.body, headers: missing.headers) } throws: {
            ($0 as? Every8DError)?.message == "檔案不存在"
        }
        let noToken = try await call(sandbox, try SafesayRequest.download(eventID: 22, fileID: fileID), token: "bogus")
        #expect(throws: Every8DError.self) { try Every8DV3ResponseParser.safesayFile(noToken.body, headers: noToken.headers) }
    }

    @Test("the request log's descriptions show no password and no token, of 3.0 or of Safesay")
    func redactedLog() async throws {
        let sandbox = V3.sandbox()
        let v3Token = try await V3.token(sandbox)
        _ = try await V3.call(sandbox, .credit, .token(v3Token))
        let safesay = try await token(sandbox)
        _ = try await call(sandbox, try SafesayRequest.download(eventID: 1, fileID: 5), token: safesay)
        let descriptions = await sandbox.network.requests().map(\.description)
        #expect(descriptions.count == 4)
        for description in descriptions {
            #expect(!description.contains(V3.demo.password) && !description.contains(v3Token) && !description.contains(safesay))
        }
    }

    @Test("faults and the request log use the v2/… names")
    func faults() async throws {
        let sandbox = V3.sandbox()
        await sandbox.network.enqueueFault(.connectionRefused, endpoint: "v2/gettoken")
        await #expect(throws: TransportError.self) { try await token(sandbox) }
        let fresh = try await token(sandbox)
        await sandbox.network.enqueueFault(.expiredToken, endpoint: "v2/downLoadFile")
        let fileID = await sandbox.state.addSafesayFile(Data([1]), eventID: 1)
        let answer = try await call(sandbox, try SafesayRequest.download(eventID: 1, fileID: fileID), token: fresh)
        #expect(throws: Every8DError.self) { try Every8DV3ResponseParser.safesayFile(answer.body, headers: answer.headers) }
        #expect(await sandbox.network.requests(endpoint: "v2/gettoken").count == 2)
    }
}
