import Foundation
import SMSTransport
import StateStoreConformance
import Testing

/// Four processes (the `StateProbe` executable) sharing one FileStateStore folder, each with a
/// real client, against a sandbox gateway on 127.0.0.1.
///
/// One scenario at a time: several at once start twenty processes on a small machine, and the
/// kill-mid-call scenarios then miss their moment.
@Suite("FileStateStore shared by four processes", .serialized)
struct FileStateStoreFleetTests {
    static func scenario(_ folder: URL) throws -> FleetScenario {
        let probe = try #require(ProbeProcess.executable(named: "StateProbe"), "StateProbe is built next to the test runner by `swift build`")
        return FleetScenario(probe: probe, store: "file:\(folder.path)")
    }

    @Test("one token fetch per token lifetime for all four; the folder holds the token and nothing of the account")
    func oneTokenPerLifetime() async throws {
        let folder = FileStateStoreTests.freshFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let seen = try await Self.scenario(folder).oneTokenPerLifetime()

        let tokens = Set(seen.server.bearerTokens)
        #expect(tokens.count == 2)
        var contents = ""
        for case let path as String in FileManager.default.enumerator(atPath: folder.path)! {
            contents += (try? String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)) ?? ""
        }
        #expect(!contents.contains("sandbox-password"))
        #expect(!contents.contains("sandbox\""), "the user id is kept only inside salted fingerprints")
        #expect(tokens.filter { contents.contains($0) }.count == 1, "the current token, and only it, is in the folder")
    }

    @Test("over SOAP: one getConnection for all four, nobody logged out")
    func oneSOAPSession() async throws {
        let folder = FileStateStoreTests.freshFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Self.scenario(folder).oneSOAPSessionForAll()
    }

    @Test("a wrong password in four processes at once: one failed login reaches the gateway, all four report it",
          arguments: [false, true])
    func wrongPassword(soap: Bool) async throws {
        let folder = FileStateStoreTests.freshFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Self.scenario(folder).wrongPasswordReachesTheGatewayOnce(soap: soap)
    }

    @Test("the lease holder killed mid-login: the others take over once its lease runs out, with one more login")
    func deadLeaseHolder() async throws {
        let folder = FileStateStoreTests.freshFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Self.scenario(folder).deadLeaseHolderIsTakenOver()
    }

    @Test("the same idempotency key from four processes at once: one send; the others get its receipt or \"in progress\"")
    func sameKey() async throws {
        let folder = FileStateStoreTests.freshFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Self.scenario(folder).sameKeySendsOnce()
    }

    @Test("a process killed between claim and answer: the next attempt with the key reconciles and no second copy is sent")
    func killedMidSend() async throws {
        let folder = FileStateStoreTests.freshFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await Self.scenario(folder).killedMidSendIsReconciled()
    }
}
