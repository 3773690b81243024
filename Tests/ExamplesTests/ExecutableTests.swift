import Foundation
import Testing

/// The built executables, run as real processes.
@Suite("the every8d and omicard executables")
struct ExecutableTests {
    /// The directory the test runner lives in, where SwiftPM also puts the executables.
    static func binary(named name: String) -> URL? {
        var directories: [URL] = []
        if let first = CommandLine.arguments.first {
            directories.append(URL(fileURLWithPath: first).deletingLastPathComponent())
        }
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        directories.append(Bundle.main.bundleURL)
        directories.append(Bundle.main.bundleURL.deletingLastPathComponent())
        return directories.map { $0.appendingPathComponent(name) }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func launch(_ executable: URL, _ arguments: [String], environment: [String: String]) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting, so a full pipe cannot block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A clean environment: no account, so the sandbox answers; PATH and HOME for the runtime.
    static var environment: [String: String] {
        let inherited = ProcessInfo.processInfo.environment
        return ["PATH": inherited["PATH"] ?? "/usr/bin:/bin", "HOME": inherited["HOME"] ?? "/tmp"]
    }

    @Test("every8d demo and --help run as a process and exit 0; a usage error exits 2")
    func every8d() throws {
        guard let executable = Self.binary(named: "every8d") else {
            // `swift build` (or `swift test`, which builds every target) puts it next to the test runner.
            Issue.record("every8d was not found next to the test runner (\(CommandLine.arguments.first ?? "?")); build it with `swift build`")
            return
        }
        let demo = try Self.launch(executable, ["demo"], environment: Self.environment)
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("EVERY8D demo against the built-in sandbox"))
        #expect(demo.stdout.contains("Close the token"))
        #expect(demo.stderr == "every8d: no EVERY8D_UID/EVERY8D_PWD set; using the built-in sandbox (offline, nothing is sent)\n")
        let help = try Self.launch(executable, ["--help"], environment: Self.environment)
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("every8d: send and follow SMS and MMS"))
        #expect(help.stderr.isEmpty)
        let wrong = try Self.launch(executable, ["send"], environment: Self.environment)
        #expect(wrong.status == 2)
        #expect(wrong.stderr == "every8d: --to is required\n")
    }

    @Test("omicard --help and demo run as a process and exit 0")
    func omicard() throws {
        guard let executable = Self.binary(named: "omicard") else {
            Issue.record("omicard was not found next to the test runner (\(CommandLine.arguments.first ?? "?")); build it with `swift build`")
            return
        }
        let help = try Self.launch(executable, ["--help"], environment: Self.environment)
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("omicard: "))
        let demo = try Self.launch(executable, ["demo"], environment: Self.environment)
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("LaunchID:   1001"))
    }
}
