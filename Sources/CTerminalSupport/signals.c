#include "terminal_support.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <ncursesw/curses.h>

// The one copy of what the handlers share with the loop.
static atomic_ulong pending_signals;
static volatile sig_atomic_t wake_descriptor = -1;
static int tstp_was_ignored;

static const int handled_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT };
enum { handled_count = sizeof handled_signals / sizeof handled_signals[0] };
static struct sigaction previous_actions[handled_count];
static int installed;

static void record_signal(int sig) {
    int saved_errno = errno;
    atomic_fetch_or(&pending_signals, 1UL << sig);
    if (wake_descriptor >= 0) {
        char byte = (char)sig;
        // A full pipe already wakes the loop: a failed write is fine.
        ssize_t ignored = write(wake_descriptor, &byte, 1);
        (void)ignored;
    }
    errno = saved_errno;
}

int nr_signals_install(int wake_fd) {
    wake_descriptor = wake_fd;
    atomic_store(&pending_signals, 0);
    tstp_was_ignored = 0;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_handler = record_signal;
    // poll() is interrupted either way; reads and writes elsewhere go on.
    action.sa_flags = SA_RESTART;
    sigset_t blocked;
    sigemptyset(&blocked);
    for (int i = 0; i < handled_count; i++) {
        int sig = handled_signals[i];
        if (sigaction(sig, NULL, &previous_actions[i]) != 0) return -1;
        if (sig == SIGTSTP && previous_actions[i].sa_handler == SIG_IGN) {
            tstp_was_ignored = 1;
            continue;
        }
        if (sigaction(sig, &action, NULL) != 0) return -1;
        sigaddset(&blocked, sig);
    }
    // A mask inherited from the parent (a thread of a test runner, a
    // careless launcher) would keep them away for ever.
    if (pthread_sigmask(SIG_UNBLOCK, &blocked, NULL) != 0) return -1;
    installed = 1;
    return 0;
}

void nr_signals_restore(void) {
    if (!installed) return;
    for (int i = 0; i < handled_count; i++) sigaction(handled_signals[i], &previous_actions[i], NULL);
    installed = 0;
    wake_descriptor = -1;
}

unsigned long nr_signals_take(void) {
    return atomic_exchange(&pending_signals, 0);
}

/// The signal unblocked on this thread and its action the default one.
static void set_default(int sig, struct sigaction *previous) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_handler = SIG_DFL;
    sigaction(sig, &action, previous);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

int nr_stop_job(void) {
    if (tstp_was_ignored) return 0;
    struct sigaction ours;
    set_default(SIGTSTP, &ours);
    // The process stops here, before kill returns (the calling thread takes
    // its own pending signal first); SIGCONT from `fg` lets it go on. In an
    // orphaned process group (no shell to resume it) the kernel drops the
    // stop and the reader simply goes on.
    kill(0, SIGTSTP);
    sigaction(SIGTSTP, &ours, NULL);
    return 1;
}

void nr_die_of(int sig, int whole_group) {
    set_default(sig, NULL);
    kill(whole_group ? 0 : getpid(), sig);
    raise(sig);
}

static const int crash_signals[] = { SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGQUIT };
enum { crash_count = sizeof crash_signals / sizeof crash_signals[0] };
// Those that were there before (Swift's runtime backtracer, for one).
static struct sigaction previous_crash_actions[crash_count];

static void restore_terminal_and_die(int sig) {
    endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}

void nr_crash_handlers_install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_handler = restore_terminal_and_die;
    for (int i = 0; i < crash_count; i++) sigaction(crash_signals[i], &action, &previous_crash_actions[i]);
}

void nr_crash_handlers_restore(void) {
    for (int i = 0; i < crash_count; i++) sigaction(crash_signals[i], &previous_crash_actions[i], NULL);
}

int nr_take_job_control_keys(void) {
    struct termios modes;
    if (tcgetattr(STDIN_FILENO, &modes) != 0) return -1;
    int interrupt = modes.c_cc[VINTR] == _POSIX_VDISABLE ? -1 : modes.c_cc[VINTR];
    modes.c_cc[VINTR] = _POSIX_VDISABLE;
    modes.c_cc[VSUSP] = _POSIX_VDISABLE;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &modes) != 0) return -1;
    def_prog_mode();
    return interrupt;
}
