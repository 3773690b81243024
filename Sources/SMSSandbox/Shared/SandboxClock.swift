import Foundation

/// The sandbox gateways' sense of time, which tests can move.
///
/// A clock either follows the system clock (the default, for demos and the CLI) or stands still
/// at a fixed instant (for tests). Either way ``advance(by:)`` moves it forward, so a test can
/// make a scheduled send fall due, a token expire or a delivery report arrive without waiting.
/// Every timestamp the sandboxes write is this clock's time shown in Taiwan time (UTC+8).
public actor SandboxClock {
    private var base: Date?
    private var offset: TimeInterval = 0

    /// Creates a clock that follows the system clock.
    public init() {
        base = nil
    }

    /// Creates a clock that stands still at `now` until moved.
    ///
    /// - Parameter now: The instant the clock shows.
    public init(now: Date) {
        base = now
    }

    /// Creates a clock that stands still at a Taiwan wall-clock time.
    ///
    /// - Parameter taiwanTime: A time such as `"2025-03-01 09:00:00"` or `"20250301090000"`.
    /// - Returns: `nil` when the text is not a valid time.
    public init?(taiwanTime: String) {
        guard let date = TaiwanTime.parse(taiwanTime) else { return nil }
        base = date
    }

    /// Whether the clock follows the system clock (rather than standing still).
    public var followsSystemClock: Bool { base == nil }

    /// The current instant as the sandbox sees it.
    public func now() -> Date {
        (base ?? Date()).addingTimeInterval(offset)
    }

    /// Moves the clock forward (or back, for a negative duration).
    ///
    /// - Parameter duration: How far to move.
    public func advance(by duration: Duration) {
        offset += duration.timeInterval
    }

    /// Sets the clock to an instant; a clock that follows the system clock keeps running from there.
    ///
    /// - Parameter date: The instant the clock shows from now on.
    public func set(_ date: Date) {
        if base != nil {
            base = date
            offset = 0
        } else {
            offset = date.timeIntervalSince(Date())
        }
    }
}
