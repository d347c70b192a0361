/*
 * ejvt — drive the real `ejournal` binary through a PTY into libvterm, the way a
 * person at a terminal would: start it for a demo account on a test database,
 * send keys, wait for text to appear, read the screen, resize.
 */
#ifndef EJ_EJVT_H
#define EJ_EJVT_H
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct ejvt;

/* Start $EJ_TEST_BIN/ejournal for `login` on database `dbname` (as ej_app) in a
 * rows × cols terminal.  term NULL: xterm-256color.  env: extra "NAME=value"
 * strings (NULL-terminated list, may be NULL).  Fails the test on error. */
struct ejvt *ejvt_start(const char *dbname, const char *login, int rows, int cols,
                        const char *term, const char *const *env);
/* Send raw bytes (UTF-8 text or escape sequences). */
/* Any program (argv[0] looked up in PATH) on a PTY of rows × cols, e.g. the OpenSSH
 * client connecting to a test ejournald.  env: extra "NAME=value" strings. */
struct ejvt *ejvt_start_argv(const char *const *argv, int rows, int cols, const char *term,
                             const char *const *env);
void ejvt_send(struct ejvt *v, const char *bytes);
/* Send a named key: "Enter", "Esc", "Tab", "Up", "Down", "Left", "Right", "Home",
 * "End", "PgUp", "PgDn", "Del", "Backspace", "F1"…"F10", "C-z"; anything else is sent
 * as text. */
void ejvt_key(struct ejvt *v, const char *name);
/* In a one-line input (a dialog): clear what is there (End, then Ctrl-W word by
 * word), type text and Enter. */
void ejvt_retype(struct ejvt *v, const char *text);
/* Read the application's output for ms milliseconds. */
void ejvt_pump(struct ejvt *v, int ms);
/* Wait up to timeout_ms for the screen to contain text; true if it did, once the
 * output has paused (the rest of that redraw is read too). */
bool ejvt_wait(struct ejvt *v, const char *text, int timeout_ms);
/* Wait until the screen no longer contains text. */
bool ejvt_wait_gone(struct ejvt *v, const char *text, int timeout_ms);
/* The whole screen as UTF-8, rows joined by '\n', trailing spaces trimmed (caller frees). */
char *ejvt_screen(struct ejvt *v);
/* One row (caller frees). */
char *ejvt_row(struct ejvt *v, int row);
/* Does the screen contain text now? */
bool ejvt_has(struct ejvt *v, const char *text);
/* The row holding text first, or -1. */
int ejvt_find_row(struct ejvt *v, const char *text);
void ejvt_cursor(struct ejvt *v, int *row, int *col);
/* Is cell (row, col) highlighted (reverse video or a non-default background)? */
bool ejvt_highlighted(struct ejvt *v, int row, int col);
/* The first row from `from` whose cell at col is highlighted, or -1. */
int ejvt_highlight_row(struct ejvt *v, int from, int col);
/* The text of the highlighted run of cells on row (caller frees), "" if none. */
char *ejvt_highlight_text(struct ejvt *v, int row, int from_col);
/* Debugging: the attributes of the first cells of a row (caller frees). */
char *ejvt_attrs(struct ejvt *v, int row);
/* Resize the terminal (the application gets SIGWINCH). */
void ejvt_resize(struct ejvt *v, int rows, int cols);
pid_t ejvt_pid(struct ejvt *v);
/* Every byte the application has written so far (NUL-terminated copy kept by ejvt;
 * *len gets the length): for sequences a terminal consumes, such as ANSI printing. */
const char *ejvt_raw(struct ejvt *v, size_t *len);
/* Send SIGKILL at once (no goodbye) and reap. */
void ejvt_kill9(struct ejvt *v);
/* Wait up to timeout_ms for the application to exit; its status (-1 if still running:
 * then it is killed).  Frees v. */
int ejvt_finish(struct ejvt *v, int timeout_ms);
/* Account id of a login in dbname (0 if none). */
long long ejvt_account(const char *dbname, const char *login);
#endif
