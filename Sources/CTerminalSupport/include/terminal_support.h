#ifndef NEWSREADER_TERMINAL_SUPPORT_H
#define NEWSREADER_TERMINAL_SUPPORT_H
// Signals and terminal modes for the reader, in C because signal handlers
// must be. Everything a handler shares with the main loop is defined once,
// in signals.c: never put mutable state in a header, where every Swift
// module that imports it gets a copy of its own (release builds inline
// across modules, so a handler once wrote one copy while the loop read
// another, and Ctrl-C and SIGTERM were ignored).

/// Installs the handlers of SIGINT, SIGTERM, SIGHUP (they end the reader),
/// SIGTSTP (suspend) and SIGCONT (redraw), and unblocks them on the calling
/// thread. A handler only records its signal and writes a byte to `wake_fd`,
/// so a loop asleep in poll() on the other end wakes at once. SIGTSTP keeps
/// being ignored when it was (a shell without job control). Call it on the
/// main thread before newterm(), so ncurses keeps these handlers instead of
/// installing its own. 0 on success, else -1 (errno).
int nr_signals_install(int wake_fd);

/// Puts back the dispositions that were there before `nr_signals_install`.
void nr_signals_restore(void);

/// The signals recorded since the last call, bit `n` for signal `n`; clears them.
unsigned long nr_signals_take(void);

/// Stops the reader as a shell job, as the terminal's own suspend key would:
/// SIGTSTP to the whole process group, so that a `sh -c` running the reader
/// stops too and the interactive shell above it gets its prompt back. Call
/// it with the terminal already restored; it returns after `fg` (SIGCONT).
/// Returns 0 without stopping when SIGTSTP was ignored at install (nothing
/// could resume the reader), else 1.
int nr_stop_job(void);

/// Ends the process by `sig` with its default action, as if the signal had
/// not been handled, so the shell sees how it ended ($? is 128 + sig). With
/// `whole_group`, the signal goes to the process group, as the terminal's
/// interrupt key would send it (the reader reads that key itself). Returns
/// only if the signal does not end the process.
void nr_die_of(int sig, int whole_group);

/// A crash (a Swift trap is SIGILL or SIGTRAP; SIGSEGV, SIGBUS, SIGFPE,
/// SIGABRT) or Ctrl-\ (SIGQUIT) must not leave the shell in raw mode: these
/// handlers restore the terminal with endwin(), then die of the same signal
/// by its default action. (They displace Swift's runtime backtracer, which
/// on a terminal would wait 30 s for a key with the screen still raw.)
/// `restore` puts back the handlers from before `install`.
void nr_crash_handlers_install(void);
void nr_crash_handlers_restore(void);

/// Makes the terminal's interrupt and suspend characters (Ctrl-C, Ctrl-Z)
/// arrive as keys instead of signals, and saves that as curses' program
/// mode (endwin() gives the shell's modes back, the next refresh this one).
/// The reader restores the terminal before it acts on them, which a signal
/// from the terminal cannot wait for: under `sh -c` the shell would stop
/// or die at once and its parent print a prompt that the reader's screen
/// then covers. Returns the interrupt character, or -1 when there is none
/// (or the modes cannot be set: then Ctrl-C still raises SIGINT, which ends
/// the reader too).
int nr_take_job_control_keys(void);

#endif
