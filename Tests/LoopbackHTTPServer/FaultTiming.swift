import Foundation

/// How much slower than usual this test run may be, for the bounds of timing-based tests.
/// (It lives in this test-support target so every test target that times things shares it.)
///
/// `SMS_TEST_TIME_SCALE` (a number, for example `4`) wins; otherwise 4 when the process runs under
/// ThreadSanitizer (`swift test --sanitize=thread`), else 1. Under TSan, code runs several times
/// slower and CPU-heavy suites keep the two threads of the cooperative pool busy for seconds, so
/// timers and continuations resume late.
public enum FaultTiming {
    public static let scale: Double = {
        if let text = ProcessInfo.processInfo.environment["SMS_TEST_TIME_SCALE"], let value = Double(text), value >= 1 {
            return value
        }
        return underThreadSanitizer ? 4 : 1
    }()

    /// Whether the ThreadSanitizer runtime is linked into this process.
    public static let underThreadSanitizer: Bool = {
        guard let handle = dlopen(nil, RTLD_NOW) else { return false }
        defer { dlclose(handle) }
        return dlsym(handle, "__tsan_init") != nil
    }()

    /// `duration` stretched by ``scale``.
    public static func scaled(_ duration: Duration) -> Duration {
        duration * scale
    }
}
