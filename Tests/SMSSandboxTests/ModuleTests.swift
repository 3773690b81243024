import Testing
import SMSSandbox

@Suite("SMSSandbox module")
struct SMSSandboxModuleTests {
    @Test("re-exports the shared transport types")
    func reexportsTransport() {
        let error = ValidationError(field: "DEST", reason: "no recipients")
        #expect(error.description == "invalid DEST: no recipients")
    }
}
