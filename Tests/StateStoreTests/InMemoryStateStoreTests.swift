import Foundation
import SMSTransport
import StateStoreConformance
import Testing

@Suite("InMemoryStateStore")
struct InMemoryStateStoreTests {
    @Test("keeps every state-store promise", arguments: StateStoreConformance.Check.allCases)
    func conformance(_ check: StateStoreConformance.Check) async throws {
        let store = InMemoryStateStore()
        try await StateStoreConformance.run(check) { store }
    }

    @Test("the inbox keeps at most its limit of claims, forgetting the oldest first")
    func inboxLimit() async throws {
        let store = InMemoryStateStore(inboxLimit: 2)
        let now = Date()
        for key in ["a", "b", "c"] { #expect(await store.claim(key, now: now)) }
        #expect(await store.claim("a", now: now), "the oldest claim is forgotten")
        #expect(await store.claim("c", now: now) == false)
    }
}
