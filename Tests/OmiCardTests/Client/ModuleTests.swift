import Testing
import OmiCard

@Suite("OmiCard module")
struct OmiCardModuleTests {
    @Test("re-exports the shared transport types")
    func reexportsTransport() {
        let error = ValidationError(field: "DEST", reason: "no recipients")
        #expect(error.description == "invalid DEST: no recipients")
    }
}
