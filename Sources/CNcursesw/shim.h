#ifndef NEWSREADER_CURSES_SHIM_H
#define NEWSREADER_CURSES_SHIM_H
// Wide-character ncurses for Swift. Macros, variadic functions and mutable
// globals do not import into Swift (6), so the few we need are wrapped here.
// Only `static inline` functions: never a variable (every module importing
// this header would get its own copy) nor a non-inline function. What C
// must own lives in Sources/CTerminalSupport.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <stdio.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *nr_stdscr(void) { return stdscr; }
static inline int nr_lines(void) { return LINES; }
static inline int nr_cols(void) { return COLS; }
static inline int nr_colors(void) { return COLORS; }

static inline attr_t nr_attr_reverse(void) { return WA_REVERSE; }
static inline attr_t nr_attr_bold(void) { return WA_BOLD; }
static inline attr_t nr_attr_underline(void) { return WA_UNDERLINE; }
static inline attr_t nr_attr_dim(void) { return WA_DIM; }
static inline attr_t nr_attr_italic(void) { return WA_ITALIC; }
/* Whether the terminal shows italics (terminfo sitm; vt100 has none). */
static inline bool nr_has_italic(void) {
    char *enter = tigetstr("sitm");
    return enter != NULL && enter != (char *)-1;
}

static inline int nr_key_f(int n) { return KEY_F(n); }

static inline mmask_t nr_mouse_mask(void) {
    return BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED;
}
static inline int nr_mouse_is_wheel_up(mmask_t m) { return (m & BUTTON4_PRESSED) != 0; }
static inline int nr_mouse_is_wheel_down(mmask_t m) { return (m & BUTTON5_PRESSED) != 0; }
static inline int nr_mouse_is_click(mmask_t m) { return (m & (BUTTON1_CLICKED | BUTTON1_PRESSED)) != 0; }

// Puts one character cell (a base character plus combining marks) at y, x.
static inline int nr_put_cell(int y, int x, const wchar_t *chars, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, chars, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &cell);
}

// Line drawing through the wide alternate character set (shows as ─ │, or
// as ASCII where the terminal has no line characters).
static inline int nr_vline(int y, int x, int n) { return mvwvline_set(stdscr, y, x, WACS_VLINE, n); }
static inline int nr_hline(int y, int x, int n) { return mvwhline_set(stdscr, y, x, WACS_HLINE, n); }

static inline const char *nr_codeset(void) { return nl_langinfo(CODESET); }


// Line and corner characters of the wide alternate character set, drawn with
// attributes; ncurses falls back to ASCII (- | +) where the terminal has none.
enum { NR_HLINE, NR_VLINE, NR_ULCORNER, NR_URCORNER, NR_LLCORNER, NR_LRCORNER };
static inline int nr_put_line_char(int y, int x, int which, attr_t attrs, short pair) {
    const cchar_t *glyph;
    switch (which) {
    case NR_HLINE: glyph = WACS_HLINE; break;
    case NR_VLINE: glyph = WACS_VLINE; break;
    case NR_ULCORNER: glyph = WACS_ULCORNER; break;
    case NR_URCORNER: glyph = WACS_URCORNER; break;
    case NR_LLCORNER: glyph = WACS_LLCORNER; break;
    default: glyph = WACS_LRCORNER; break;
    }
    wattr_set(stdscr, attrs, pair, NULL);
    int result = mvwadd_wch(stdscr, y, x, glyph);
    wattr_set(stdscr, A_NORMAL, 0, NULL);
    return result;
}

// A terminal on stdin/stdout; NULL (instead of exiting, as initscr does) when TERM is unusable.
static inline SCREEN *nr_newterm(void) { return newterm(NULL, stdout, stdin); }

// A full-screen program needs cursor addressing (`dumb` and unset TERM lack it).
static inline int nr_has_cursor_addressing(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}

// Mouse events as plain values (MEVENT's layout is fine, but this keeps Swift simple).
static inline int nr_get_mouse(int *x, int *y, mmask_t *state) {
    MEVENT event;
    if (getmouse(&event) != OK) return ERR;
    *x = event.x; *y = event.y; *state = event.bstate;
    return OK;
}

// Glibc's overlay hides wcwidth from Swift.
extern int wcwidth(wchar_t c);

// Raw output beside curses, for the grapheme clusters a curses cell cannot
// hold (see CursesScreen.drawClusters): written through stdio after
// wrefresh has flushed curses' own output, then flushed. tputs lives in
// term.h, whose macros (lines, columns, ...) are better kept out of Swift.
extern int tputs(const char *, int, int (*)(int));
static inline int nr_putchar(int c) { return putchar(c); }
static inline bool nr_has_string_cap(const char *name) {
    char *value = tigetstr(name);
    return value != NULL && value != (char *)-1;
}
// Outputs a capability without parameters (rmam, smam), if the terminal has it.
static inline void nr_raw_cap(const char *name) {
    char *value = tigetstr(name);
    if (value != NULL && value != (char *)-1) tputs(value, 1, nr_putchar);
}
static inline void nr_raw_move(int y, int x) {
    char *cup = tigetstr("cup");
    if (cup != NULL && cup != (char *)-1) tputs(tiparm(cup, y, x), 1, nr_putchar);
}
// Sets the terminal's attributes and tells curses they are set.
static inline void nr_raw_attributes(attr_t attrs, short pair) { vid_puts(attrs, pair, NULL, nr_putchar); }
static inline void nr_raw_text(const char *utf8) { fputs(utf8, stdout); }
static inline void nr_raw_flush(void) { fflush(stdout); }
// The next refresh repaints row y whole (curses forgets what it holds).
static inline int nr_redraw_line(int y) { return wredrawln(stdscr, y, 1); }
#endif
