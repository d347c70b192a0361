/*
 * screen — the contract between the application frame (tui.c) and its screens
 * (screen-*.c, one per file): a screen is a `const struct screen_ops` and its
 * private data.  The frame owns the terminal, the screen stack, the event loop,
 * the title line, the status line and the F-key bar; a screen draws only its work
 * area and handles actions, returning what to redraw.
 *
 * Also the drawing helpers every screen shares: text cut to a display width
 * (wcwidth, never byte counts), styles with a monochrome fallback.
 */
#ifndef EJ_SCREEN_H
#define EJ_SCREEN_H
#include "action.h"
#include "ctx.h"
#include "keymap.h"

#include <curses.h>
#include <stdbool.h>
#include <wchar.h>

struct tui;
struct screen;

enum { AR_NONE = 0, AR_REDRAW = 1, AR_DEFAULT = 2 };

struct screen_ops {
    const char *name;
    const struct keymap *keymap;
    /* Draw the work area: rows × cols starting at screen line `top`. */
    void (*draw)(struct screen *s, WINDOW *w, int top, int rows, int cols);
    /* Handle an action (ch: the character for ACT_CHAR).  Returns AR_* flags:
     * AR_DEFAULT lets the frame do its own (F1 help, F10 exit, Esc back…). */
    int (*action)(struct screen *s, enum action a, wint_t ch);
    /* Data changed in the database (a notification payload "course:12"), or the
     * connection was re-established (payload NULL): re-read if it concerns us.
     * Returns true when the screen must be drawn again (it re-read, or will as it
     * draws); false leaves the screen as it is: every write of the school reaches every
     * session, and redrawing for each was half the application's CPU (make bench). */
    bool (*changed)(struct screen *s, const char *payload);
    /* May the user do this here?  (The F-key bar shows only allowed actions; the
     * policy module remains the guard.)  NULL: everything in the keymap. */
    bool (*allowed)(struct screen *s, enum action a);
    void (*close)(struct screen *s);
    /* Asked for with tui_want_idle(): called once the screen is drawn and no key has
     * come for a moment — work that must not delay what the user sees.  May be NULL. */
    void (*idle)(struct screen *s);
};

struct screen {
    const struct screen_ops *ops;
    struct tui *tui;
    void *data;
};

/* The frame's services for screens. */
struct ej_ctx *tui_ctx(struct tui *t);
void tui_push(struct tui *t, const struct screen_ops *ops, void *data);
void tui_pop(struct tui *t);
void tui_quit(struct tui *t);
/* Status line: an ordinary message, or an error (drawn as such). */
void tui_status(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tui_error(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The school's today as a day number (database clock). */
int tui_today(struct tui *t);
const char *tui_school(struct tui *t);
/* Place the terminal cursor (an editor has focus); otherwise it is hidden. */
void tui_cursor(struct tui *t, int y, int x);
/* Redraw everything now (used by modal dialogs around their own loop). */
void tui_redraw(struct tui *t);
/* Wait for one key (modal dialogs): returns the key as keymap.h encodes it, handling
 * resize (redraws the frame and calls `redraw(arg)`) and the database in between. */
int tui_modal_key(struct tui *t, void (*redraw)(void *arg), void *arg);
/* Report a database notification to every screen on the stack. */
void tui_changed(struct tui *t, const char *payload);
/* Is the database connection up (no banner)? */
bool tui_db_up(struct tui *t);
/* The connection was found dead by a screen's call: show the banner, reconnect. */
void tui_db_lost(struct tui *t);
/* Call the top screen's idle() once the screen is drawn and no key is waiting. */
void tui_want_idle(struct tui *t);
/* A database call failed: its message on the status line, and tui_db_lost() when
 * the connection was lost (EJ_ETEMP). */
void tui_fail(struct tui *t, const struct ej_error *err);

/* ---- drawing helpers (screen.c) */
enum ui_style {
    UI_NORMAL,
    UI_TITLE,
    UI_STATUS,
    UI_ERROR,
    UI_FKEY_NUM,
    UI_FKEY_LABEL,
    UI_HEADER,
    UI_CURSOR,
    UI_SELECTED,
    UI_DIM,
    UI_READONLY,
    UI_CELL_ERROR,
    UI_TODAY,
    UI_BANNER,
    UI_FRAME,
    UI_SECTION,
    UI_NSTYLES
};
void ui_init_colors(void);
attr_t ui_attr(enum ui_style s);
/* Write UTF-8 text at (y, x) in exactly `width` columns (cut or padded with
 * spaces) in style s; control characters become '?'.  Returns the columns used
 * by the text itself. */
int ui_put(WINDOW *w, int y, int x, int width, const char *text, enum ui_style s);
/* The same, centred in width. */
void ui_put_center(WINDOW *w, int y, int x, int width, const char *text, enum ui_style s);
/* Display width of UTF-8 text. */
int ui_width(const char *text);
/* Fill a rectangle with spaces in a style. */
void ui_fill(WINDOW *w, int y, int x, int h, int width, enum ui_style s);
/* A box (ACS line characters: works on vt100 and the Linux console). */
void ui_box(WINDOW *w, int y, int x, int h, int width, enum ui_style s);

/* ---- the screens (screen-*.c): each pushes itself onto the stack */
struct journal;
void screen_home_open(struct tui *t);
/* The journal grid of a course; lesson_id (may be 0) places the cursor on that
 * lesson, whose date (a day number, 0 if unknown) chooses the period. */
void screen_grid_open(struct tui *t, long long course_id, long long lesson_id, int date);
/* The lesson editor for lesson l of journal j (the grid's; read only while open). */
void screen_lesson_open(struct tui *t, const struct journal *j, int l);
/* The diary (3.7, 3.8): of pupil_id, or (0) of the account's own child or self. */
void screen_diary_open(struct tui *t, long long pupil_id);
/* The class teacher's day of class "7А" (3.4): today's attendance across lessons. */
void screen_attendance_open(struct tui *t, const char *class_name);
/* The pupils list with incremental search and the pupil's card (3.3). */
void screen_pupils_open(struct tui *t);
/* One pupil's card (from the pupils list): personal data to change, parents to
 * add or link, the history. */
struct db_pupil;
void screen_card_open(struct tui *t, const struct db_pupil *p);
/* The study groups of class "7А": add, rename, delete; Enter: members in and out. */
void screen_groups_open(struct tui *t, const char *class_name);
/* The staff (HR; the deputy director and the administrator read): search, add, a leaver. */
void screen_staff_open(struct tui *t);
/* The class teacher's week of class "7А": marks and absences, problems first. */
void screen_week_open(struct tui *t, const char *class_name);
/* The movement register (screen-register.c): the school year so far, F3 other dates. */
void screen_register_open(struct tui *t);
/* The school year (screen-year.c): its calendar and classes; a class's timetable
 * and teaching load (may_edit: F5 makes its lessons). */
void screen_year_open(struct tui *t);
void screen_year_class_open(struct tui *t, const char *year, const char *cls, bool may_edit);
/* Messages (3.8): the list (F9 from anywhere), a thread, writing one (to a login,
 * or NULL to choose; in the thread of reply_to, or 0). */
void screen_messages_open(struct tui *t);
void screen_thread_open(struct tui *t, long long message_id);
void screen_compose_open(struct tui *t, const char *to_login, long long reply_to);
/* Re-read the unread count the title line shows. */
void tui_unread_refresh(struct tui *t);
/* F1: the keys of screen `under`. */
void screen_help_open(struct tui *t, struct screen *under);
#endif
