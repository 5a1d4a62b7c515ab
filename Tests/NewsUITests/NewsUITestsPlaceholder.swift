// The terminal UI tests live on the tui branch; this keeps the target buildable here.
