import Foundation

/// The 1000-row delivery pages the benchmarks use, kept in the repository beside the Every8D
/// tests, so these tests read them on every machine (a missing file fails the test).
enum BenchFixtures {
    static func page(_ ext: String) throws -> Data {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Every8DTests/Fixtures/dr-page-1000.\(ext)")
        return try Data(contentsOf: url)
    }
}
