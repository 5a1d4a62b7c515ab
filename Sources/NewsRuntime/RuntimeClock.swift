import Foundation

/// Time as the runtime's background work sees it: the system's monotonic
/// clock, or in tests one that moves only when the test says (so debounces
/// and polling intervals are tested without sleeping or reading the wall clock).
public protocol RuntimeClock: Sendable {
    /// Seconds on a monotonic scale (only differences mean anything).
    var now: TimeInterval { get }
    /// Waits on `condition`, which the caller holds locked, until it is
    /// signalled or this clock reaches `deadline`. May return early, as
    /// condition waits do: callers check again.
    func wait(_ condition: NSCondition, until deadline: TimeInterval)
}

/// The system's monotonic clock (uptime, which no clock change moves).
public struct SystemClock: RuntimeClock {
    public init() {}

    public var now: TimeInterval { Double(DispatchTime.now().uptimeNanoseconds) / 1_000_000_000 }

    public func wait(_ condition: NSCondition, until deadline: TimeInterval) {
        let seconds = deadline - now
        guard seconds > 0 else { return }
        _ = condition.wait(until: Date(timeIntervalSinceNow: seconds))
    }
}
