import Foundation

/// How much slower than usual this test run may be, for the bounds of timing-based tests.
/// (It lives in this test-support target so every test target that times things shares it.)
///
/// `SMS_TEST_TIME_SCALE` (a number, for example `4`) wins; otherwise 4 when the process runs under
/// ThreadSanitizer (`swift test --sanitize=thread`), 3 on a machine with two cores or fewer, else 1.
/// Under TSan, or with the whole suite running in parallel on two cores, CPU-heavy suites (and
/// URLSession's one shared work queue) keep the cooperative pool's threads busy for seconds, so
/// timers and continuations resume late. The bounds tell "answered" or "released by the deadline"
/// from "hung", which a few seconds' slack does not blur.
public enum FaultTiming {
    public static let scale: Double = {
        if let text = ProcessInfo.processInfo.environment["SMS_TEST_TIME_SCALE"], let value = Double(text), value >= 1 {
            return value
        }
        if underThreadSanitizer { return 4 }
        return ProcessInfo.processInfo.activeProcessorCount <= 2 ? 3 : 1
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
