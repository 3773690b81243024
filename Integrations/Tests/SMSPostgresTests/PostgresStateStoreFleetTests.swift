import Foundation
import PostgresTestSupport
import StateStoreConformance
import Testing

/// Four processes (the `PostgresStateProbe` executable) sharing one PostgreSQL store, each with
/// its own `PostgresClient` and a real EVERY8D client, against a sandbox gateway on 127.0.0.1.
@Suite("PostgresStateStore shared by four processes")
struct PostgresStateStoreFleetTests {
    /// A scenario on a fresh database of the shared server.
    static func scenario() async throws -> FleetScenario {
        let probe = try #require(ProbeProcess.executable(named: "PostgresStateProbe"),
                                 "PostgresStateProbe is built next to the test runner by `swift build`")
        let database = try await PostgresTestServer.shared().makeDatabase(prefix: "sms_fleet")
        let user = database.username + (database.password.map { ":\($0)" } ?? "")
        return FleetScenario(probe: probe, store: "postgres://\(user)@\(database.host):\(database.port)/\(database.database)")
    }

    @Test("one token fetch per token lifetime for all four")
    func oneTokenPerLifetime() async throws {
        try await Self.scenario().oneTokenPerLifetime()
    }

    @Test("over SOAP: one getConnection for all four, nobody logged out")
    func oneSOAPSession() async throws {
        try await Self.scenario().oneSOAPSessionForAll()
    }

    @Test("a wrong password in four processes at once: one failed login reaches the gateway, all four report it",
          arguments: [false, true])
    func wrongPassword(soap: Bool) async throws {
        try await Self.scenario().wrongPasswordReachesTheGatewayOnce(soap: soap)
    }

    @Test("the lease holder killed mid-login: the others take over once its lease runs out, with one more login")
    func deadLeaseHolder() async throws {
        try await Self.scenario().deadLeaseHolderIsTakenOver()
    }

    @Test("the same idempotency key from four processes at once: one send; the others get its receipt or \"in progress\"")
    func sameKey() async throws {
        try await Self.scenario().sameKeySendsOnce()
    }

    @Test("a process killed between claim and answer: the next attempt with the key reconciles and no second copy is sent")
    func killedMidSend() async throws {
        try await Self.scenario().killedMidSendIsReconciled()
    }
}
