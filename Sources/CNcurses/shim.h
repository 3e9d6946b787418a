#ifndef DCMVEIL_CNCURSES_SHIM_H
#define DCMVEIL_CNCURSES_SHIM_H
/* The wide-character ncurses API. NCURSES_WIDECHAR must come before the header. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

/* Swift 6 refuses to read C globals and does not import function-like macros,
   so everything the Terminal module needs is re-exported here as functions. */

static inline WINDOW *dcmveil_stdscr(void) { return stdscr; }
static inline int dcmveil_lines(void) { return LINES; }
static inline int dcmveil_cols(void) { return COLS; }
static inline int dcmveil_colors(void) { return COLORS; }
static inline int dcmveil_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *dcmveil_stdin(void) { return stdin; }
static inline FILE *dcmveil_stdout(void) { return stdout; }
static inline FILE *dcmveil_stderr(void) { return stderr; }

static inline attr_t dcmveil_a_normal(void) { return A_NORMAL; }
static inline attr_t dcmveil_a_bold(void) { return A_BOLD; }
static inline attr_t dcmveil_a_reverse(void) { return A_REVERSE; }
static inline attr_t dcmveil_a_underline(void) { return A_UNDERLINE; }
static inline attr_t dcmveil_a_dim(void) { return A_DIM; }
static inline attr_t dcmveil_a_italic(void) { return A_ITALIC; }

static inline void dcmveil_getmaxyx(WINDOW *w, int *y, int *x) {
    int yy, xx;
    getmaxyx(w, yy, xx);
    *y = yy;
    *x = xx;
}

/* Key codes (the octal macros import, but naming them here keeps Swift free of curses numbers). */
static inline int dcmveil_key_up(void) { return KEY_UP; }
static inline int dcmveil_key_down(void) { return KEY_DOWN; }
static inline int dcmveil_key_left(void) { return KEY_LEFT; }
static inline int dcmveil_key_right(void) { return KEY_RIGHT; }
static inline int dcmveil_key_sup(void) { return KEY_SR; }
static inline int dcmveil_key_sdown(void) { return KEY_SF; }
static inline int dcmveil_key_sleft(void) { return KEY_SLEFT; }
static inline int dcmveil_key_sright(void) { return KEY_SRIGHT; }
static inline int dcmveil_key_enter(void) { return KEY_ENTER; }
static inline int dcmveil_key_backspace(void) { return KEY_BACKSPACE; }
static inline int dcmveil_key_dc(void) { return KEY_DC; }
static inline int dcmveil_key_home(void) { return KEY_HOME; }
static inline int dcmveil_key_end(void) { return KEY_END; }
static inline int dcmveil_key_ppage(void) { return KEY_PPAGE; }
static inline int dcmveil_key_npage(void) { return KEY_NPAGE; }
static inline int dcmveil_key_btab(void) { return KEY_BTAB; }
static inline int dcmveil_key_resize(void) { return KEY_RESIZE; }
static inline int dcmveil_key_mouse(void) { return KEY_MOUSE; }
static inline int dcmveil_key_f(int n) { return KEY_F(n); }
static inline int dcmveil_key_code_yes(void) { return KEY_CODE_YES; }

/* Mouse. */
static inline mmask_t dcmveil_mouse_all(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline mmask_t dcmveil_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t dcmveil_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t dcmveil_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t dcmveil_report_position(void) { return REPORT_MOUSE_POSITION; }
static inline mmask_t dcmveil_button4_pressed(void) { return BUTTON4_PRESSED; }
#ifdef BUTTON5_PRESSED
static inline mmask_t dcmveil_button5_pressed(void) { return BUTTON5_PRESSED; }
#else
static inline mmask_t dcmveil_button5_pressed(void) { return 0; }
#endif

/* Builds a cell with a colour pair beyond 255: setcchar takes the pair through its opts pointer. */
static inline int dcmveil_setcchar(cchar_t *cell, const wchar_t *text, attr_t attrs, int pair) {
    int extended = pair;
    return setcchar(cell, text, attrs, 0, &extended);
}

/* tigetstr returns (char *)-1 for a capability that is not a string; say "absent" for both. */
static inline int dcmveil_has_string_capability(const char *name) {
    char *value = tigetstr(name);
    return value != NULL && value != (char *)-1;
}

/* Restores the terminal from a signal or at exit: leave curses (a no-op when curses is not active),
   then die of the same signal. No state lives here: each Swift file gets its own copy of a static. */
static void dcmveil_restore_terminal(void) { endwin(); }
static void dcmveil_signal_handler(int sig) {
    endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}
static inline void dcmveil_install_restore_handlers(void) {
    signal(SIGINT, dcmveil_signal_handler);
    signal(SIGTERM, dcmveil_signal_handler);
    signal(SIGHUP, dcmveil_signal_handler);
    signal(SIGQUIT, dcmveil_signal_handler);
    atexit(dcmveil_restore_terminal);
}
static inline void dcmveil_remove_restore_handlers(void) {
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
}

/* Is the current locale's character set UTF-8? */
static inline int dcmveil_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && strcmp(codeset, "UTF-8") == 0;
}
#endif
