import NewsUI

/// A queue of actions that other threads hand to the main loop; each post
/// wakes the loop, which takes them all between keys.
final class Inbox: Sendable {
    private let actions = Locked<[Action]>([])
    private let wake: @Sendable () -> Void

    init(wake: @escaping @Sendable () -> Void = {}) {
        self.wake = wake
    }

    func post(_ action: Action) {
        actions.withLock { $0.append(action) }
        wake()
    }

    func takeAll() -> [Action] {
        actions.withLock { actions in
            defer { actions = [] }
            return actions
        }
    }
}
