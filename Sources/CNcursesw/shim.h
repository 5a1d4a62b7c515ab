#ifndef NEWSREADER_CURSES_SHIM_H
#define NEWSREADER_CURSES_SHIM_H
// Wide-character ncurses for Swift. Macros, variadic functions and mutable
// globals do not import into Swift (6), so the few we need are wrapped here.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
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

// Glibc's overlay hides wcwidth from Swift.
extern int wcwidth(wchar_t c);
#endif
