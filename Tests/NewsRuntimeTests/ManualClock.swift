import Foundation
import NewsRuntime
import Synchronization

/// A clock that moves only when the test says: a debounce or a polling
/// interval passes at `advance(by:)`, never by waiting, so the tests neither
/// sleep nor depend on how fast the machine is.
final class ManualClock: RuntimeClock {
    private struct State {
        var now: TimeInterval = 1_000
        /// The conditions threads wait on; told whenever time moves.
        var waiting: [NSCondition] = []
    }

    private let state = Mutex(State())

    var now: TimeInterval { state.withLock { $0.now } }

    func advance(by seconds: TimeInterval) {
        let waiting = state.withLock { state in
            state.now += seconds
            return state.waiting
        }
        for condition in waiting {
            condition.lock()
            condition.broadcast()
            condition.unlock()
        }
    }

    func wait(_ condition: NSCondition, until deadline: TimeInterval) {
        // Registered before the time is read: an advance after the read
        // takes `condition`'s lock, which the caller holds until it waits.
        let now = state.withLock { state in
            if !state.waiting.contains(where: { $0 === condition }) { state.waiting.append(condition) }
            return state.now
        }
        if now < deadline { condition.wait() }
    }
}
