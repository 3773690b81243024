import Testing
import Every8D

@Suite("Every8D module")
struct Every8DModuleTests {
    @Test("re-exports the shared transport types")
    func reexportsTransport() {
        let error = ValidationError(field: "DEST", reason: "no recipients")
        #expect(error.description == "invalid DEST: no recipients")
    }
}
