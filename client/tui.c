/*
 * tui — the application frame: the terminal (newterm with a TERM fallback), the
 * screen stack, the one event loop, the title line, the status line, the F-key
 * bar, the database connection's health (banner, reconnect, LISTEN ej_change_<school>),
 * and the idle lock.
 *
 * The loop polls the terminal and the database socket together, reads every
 * pending key with wget_wch() (Cyrillic keys arrive whole), lets the top screen
 * turn each into an action, and redraws once per batch with a single doupdate().
 * KEY_RESIZE is handled here only.  Below 80×24 a message replaces the screen.
 *
 * Notifications are held per screen and handed to it (ops->changed) only while it
 * is on top, at most once a second, and at once when it comes back on top: a
 * screen reloads on its next draw, and under load (hundreds of marks a second in a
 * school) a screen used to reload on every one of them (issue #9).  A change this
 * session's own write caused is not handed back to the screen that made it (it has
 * re-read what it wrote), only to the screens under it.
 */
#include "tui.h"
#include "calendar.h"
#include "db-account.h"
#include "db-journal.h"
#include "db.h"
#include "db-messages.h"
#include "fkeybar.h"
#include "i18n.h"
#include "log.h"
#include "relay.h"
#include "db-auth.h"
#include "passwd.h"
#include "screen.h"
#include "xmalloc.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MIN_COLS 80
#define MIN_LINES 24
#define MAX_DEPTH 16
#define MAX_PAYLOADS 32
#define CHANGED_INTERVAL 1.0 /* seconds between two deliveries to one screen */

/* The changes a screen has not been told of yet. */
struct held {
    char *payloads[MAX_PAYLOADS];
    int n;
    bool all;    /* anything may have changed (a reconnect, too many payloads) */
    double last; /* when it was last told (or opened) */
};

struct tui {
    struct ej_ctx *ctx;
    struct screen stack[MAX_DEPTH];
    int depth;
    bool quit;
    int rc;
    char status[512];
    bool status_err;
    char school[200];
    int today;
    int cur_y, cur_x;
    bool cur_on;
    bool db_down;
    double db_retry_at;
    int backend;
    double last_key;
    double today_at;
    char *payloads[MAX_PAYLOADS];
    bool payload_own[MAX_PAYLOADS]; /* sent by this session's own write */
    int npayloads;
    bool payloads_lost;             /* more than MAX_PAYLOADS arrived */
    struct held held[MAX_DEPTH];    /* by stack position */
    int flushed_depth;              /* the depth when changes were last handed out */
    bool reconnected;
    struct relay *relay; /* ejournald's notification relay, or NULL: LISTEN ourselves */
    bool dirty;          /* something to draw: the loop redraws only then (and every
                          * REDRAW_EVERY s), not on every wake-up — a grid of 35 pupils
                          * redrawn for each of the school's notifications cost more CPU
                          * than the marks themselves under load (make bench) */
    double drawn_at;
    int last_actor;      /* the screen whose action wrote last (its own changes skip it) */
    int unread;          /* messages to this account not read yet */
    int idle_depth;      /* tui_want_idle(): the screen at this depth (1-based) wants its
                          * idle() once it is on top, drawn, and no key has come; 0 none */
};

/* How long the screen has been drawn without a key before tui_want_idle()'s work runs:
 * less than anyone takes to read the screen and press a key. */
#define IDLE_AFTER_MS 200

/* The longest the screen goes without a redraw (doupdate sends only what changed). */
#define REDRAW_EVERY 30.0

struct ej_ctx *tui_ctx(struct tui *t)
{
    return t->ctx;
}

int tui_today(struct tui *t)
{
    return t->today;
}

const char *tui_school(struct tui *t)
{
    return t->school;
}

void tui_want_idle(struct tui *t)
{
    t->idle_depth = t->depth;
}

bool tui_db_up(struct tui *t)
{
    return !t->db_down;
}

static void held_clear(struct held *h)
{
    for (int i = 0; i < h->n; i++)
        free(h->payloads[i]);
    h->n = 0;
    h->all = false;
}

static void hold(struct held *h, const char *payload)
{
    if (!payload || h->all) {
        held_clear(h);
        h->all = true;
        return;
    }
    for (int i = 0; i < h->n; i++)
        if (strcmp(h->payloads[i], payload) == 0)
            return;
    if (h->n < MAX_PAYLOADS)
        h->payloads[h->n++] = xstrdup(payload);
    else
        hold(h, NULL);
}

/* Hold a change for every screen on the stack but the one at position skip (-1: none). */
static void hold_for_all_but(struct tui *t, const char *payload, int skip)
{
    for (int i = 0; i < t->depth; i++)
        if (i != skip)
            hold(&t->held[i], payload);
}

/* Hand the top screen what it has been held, when it is due. */
static void flush_changes(struct tui *t)
{
    bool came_back = t->depth < t->flushed_depth;
    t->flushed_depth = t->depth;
    if (t->depth <= 0)
        return;
    struct held *h = &t->held[t->depth - 1];
    if (!h->all && h->n == 0)
        return;
    double now = cal_mono_s();
    if (!came_back && now - h->last < CHANGED_INTERVAL)
        return;
    struct held out = *h;
    memset(h->payloads, 0, sizeof h->payloads);
    h->n = 0;
    h->all = false;
    h->last = now;
    struct screen *s = &t->stack[t->depth - 1];
    if (s->ops->changed) {
        if (out.all)
            t->dirty |= s->ops->changed(s, NULL);
        else
            for (int i = 0; i < out.n; i++)
                t->dirty |= s->ops->changed(s, out.payloads[i]);
    }
    held_clear(&out);
}

/* How long the loop may sleep before the top screen's held changes are due (ms). */
static int flush_wait_ms(struct tui *t)
{
    if (t->depth <= 0)
        return 1000;
    const struct held *h = &t->held[t->depth - 1];
    if (!h->all && h->n == 0)
        return 1000;
    double ms = (h->last + CHANGED_INTERVAL - cal_mono_s()) * 1000.0;
    return ms <= 0 ? 0 : ms >= 1000 ? 1000 : (int)ms + 1;
}

void tui_push(struct tui *t, const struct screen_ops *ops, void *data)
{
    if (t->depth >= MAX_DEPTH) {
        if (ops->close) {
            struct screen tmp = { ops, t, data };
            ops->close(&tmp);
        }
        return;
    }
    held_clear(&t->held[t->depth]);
    t->held[t->depth].last = cal_mono_s(); /* it reads its data as it opens */
    t->stack[t->depth++] = (struct screen){ ops, t, data };
    t->dirty = true;
}

void tui_pop(struct tui *t)
{
    if (t->depth <= 0)
        return;
    struct screen *s = &t->stack[--t->depth];
    held_clear(&t->held[t->depth]);
    if (t->idle_depth > t->depth)
        t->idle_depth = 0; /* the screen that asked is gone */
    t->dirty = true;
    if (s->ops->close)
        s->ops->close(s);
    memset(s, 0, sizeof *s);
}

void tui_quit(struct tui *t)
{
    t->quit = true;
}

static void set_status(struct tui *t, bool err, const char *fmt, va_list ap)
{
    vsnprintf(t->status, sizeof t->status, fmt, ap);
    t->status_err = err;
    t->dirty = true;
}

void tui_status(struct tui *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_status(t, false, fmt, ap);
    va_end(ap);
}

void tui_error(struct tui *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_status(t, true, fmt, ap);
    va_end(ap);
    beep();
}

void tui_cursor(struct tui *t, int y, int x)
{
    t->cur_y = y;
    t->cur_x = x;
    t->cur_on = true;
}

void tui_changed(struct tui *t, const char *payload)
{
    hold_for_all_but(t, payload, -1);
}

/* ------------------------------------------------------------------ drawing */

/* "✉ 2 new (F9)" */
static const char *tui_unread_text(int n)
{
    static char buf[64];
    snprintf(buf, sizeof buf, _("✉ %d new (F9)"), n);
    return buf;
}

void tui_unread_refresh(struct tui *t)
{
    struct ej_error err;
    int n = 0;
    if (db_msg_unread(t->ctx->db, t->ctx, &n, &err) == EJ_OK) {
        t->dirty |= t->unread != n;
        t->unread = n;
    }
}

static void draw_title(struct tui *t, int cols)
{
    ui_fill(stdscr, 0, 0, 1, cols, UI_TITLE);
    char left[400];
    if (t->unread > 0)
        snprintf(left, sizeof left, " %s · %s · %s", _("E-journal"), t->school,
                 tui_unread_text(t->unread));
    else
        snprintf(left, sizeof left, " %s · %s", _("E-journal"), t->school);
    char date[11] = "";
    if (t->today)
        cal_ddmmyyyy(t->today, date);
    char right[400];
    snprintf(right, sizeof right, "%s · %s · %s, %s ", t->ctx->display_name[0] ? t->ctx->display_name : t->ctx->login,
             ctx_role_name(t->ctx), t->today ? cal_weekday_short(t->today) : "", date);
    int rw = ui_width(right);
    if (rw > cols - 10)
        rw = cols - 10;
    ui_put(stdscr, 0, 0, cols - rw, left, UI_TITLE);
    ui_put(stdscr, 0, cols - rw, rw, right, UI_TITLE);
}

static void draw_status(struct tui *t, int y, int cols)
{
    if (t->db_down) {
        ui_put(stdscr, y, 0, cols,
               _(" No connection to the database: reconnecting... Nothing is saved until it is back."),
               UI_BANNER);
        return;
    }
    char buf[520];
    snprintf(buf, sizeof buf, " %s", t->status);
    ui_put(stdscr, y, 0, cols, buf, t->status_err ? UI_ERROR : UI_STATUS);
}

static void draw_too_small(int lines, int cols)
{
    erase();
    char msg[200];
    snprintf(msg, sizeof msg, _("The terminal is too small: %d×%d."), cols, lines);
    int y = lines / 2 - 1;
    if (y < 0)
        y = 0;
    ui_put_center(stdscr, y, 0, cols, msg, UI_ERROR);
    snprintf(msg, sizeof msg, _("At least %d×%d is needed; F10 exits."), MIN_COLS, MIN_LINES);
    if (y + 1 < lines)
        ui_put_center(stdscr, y + 1, 0, cols, msg, UI_NORMAL);
}

void tui_redraw(struct tui *t)
{
    int lines = LINES, cols = COLS;
    erase();
    t->cur_on = false;
    if (lines < MIN_LINES || cols < MIN_COLS) {
        draw_too_small(lines, cols);
        curs_set(0);
        wnoutrefresh(stdscr);
        return;
    }
    draw_title(t, cols);
    struct screen *s = t->depth ? &t->stack[t->depth - 1] : NULL;
    if (s && s->ops->draw)
        s->ops->draw(s, stdscr, 1, lines - 3, cols);
    draw_status(t, lines - 2, cols);
    fkeybar_draw(stdscr, lines - 1, cols, s);
    if (t->cur_on) {
        move(t->cur_y, t->cur_x);
        curs_set(1);
    } else {
        curs_set(0);
    }
    wnoutrefresh(stdscr);
}

/* ----------------------------------------------------------------- database */

static void record_payload(const char *payload, bool own, void *arg)
{
    struct tui *t = arg;
    for (int i = 0; i < t->npayloads; i++)
        if (strcmp(t->payloads[i], payload) == 0) {
            t->payload_own[i] = t->payload_own[i] && own;
            return;
        }
    if (t->npayloads < MAX_PAYLOADS) {
        t->payload_own[t->npayloads] = own;
        t->payloads[t->npayloads++] = xstrdup(payload);
    } else {
        t->payloads_lost = true;
    }
}

static void relay_sink(const char *channel, const char *payload, void *arg);

/* Changes of this school reach us through ejournald's relay (common/relay.h) when it
 * has one, else by LISTEN on our own connection. */
static void listen_changes(struct tui *t)
{
    struct ej_error err;
    char channel[48];
    snprintf(channel, sizeof channel, "ej_change_%lld", t->ctx->school_id);
    t->backend = db_backend(t->ctx->db);
    if (t->relay && relay_listen(t->relay, channel)) {
        db_set_notify_sink(t->ctx->db, relay_sink, t);
        return;
    }
    if (t->relay) {
        relay_close(t->relay);
        t->relay = NULL;
    }
    db_set_notify_sink(t->ctx->db, NULL, NULL);
    if (db_listen(t->ctx->db, channel, &err) != EJ_OK)
        log_warn("LISTEN failed: %s", err.msg);
}

/* The wake-ups of our own committed writes (db_set_notify_sink): to the relay, which
 * wakes the other sessions at once; without it, by NOTIFY as any other writer. */
static void relay_sink(const char *channel, const char *payload, void *arg)
{
    struct tui *t = arg;
    if (t->backend == 0) /* the first write after release_idle(): its own wake-ups carry this */
        t->backend = db_backend(t->ctx->db);
    if (t->relay && relay_publish(t->relay, channel, db_backend(t->ctx->db), payload))
        return;
    if (t->relay) {
        relay_close(t->relay);
        t->relay = NULL;
        t->payloads_lost = true;
        listen_changes(t);
    }
    char *line = xasprintf("%s %s\n", channel, payload);
    struct ej_error err;
    if (db_notify_send(t->ctx->db, line, &err) != EJ_OK)
        log_warn("NOTIFY failed: %s", err.msg);
    free(line);
}

static void relay_payload(const char *channel, const char *payload, int pid, void *arg)
{
    struct tui *t = arg;
    if (strncmp(channel, "ej_change", 9) == 0)
        record_payload(payload, pid == t->backend, t);
}

/* Drain the notifications that have arrived, by the relay or on the connection;
 * false when the database connection is lost. */
static bool drain_notifications(struct tui *t)
{
    if (t->relay) {
        bool reset = false;
        if (relay_read(t->relay, relay_payload, t, &reset) < 0) {
            /* The relay is gone: listen ourselves, and re-read what may have changed. */
            relay_close(t->relay);
            t->relay = NULL;
            if (!t->db_down)
                listen_changes(t);
            reset = true;
        }
        if (reset)
            t->payloads_lost = true;
    }
    return t->db_down || db_journal_notifications(t->ctx->db, record_payload, t) >= 0;
}

static void refresh_today(struct tui *t)
{
    struct ej_error err;
    int today = 0;
    if (db_journal_school(t->ctx->db, t->ctx->school_id, t->school, sizeof t->school, &today,
                          &err) == EJ_OK) {
        t->dirty = true; /* the title's date and school name */
        t->today = today;
    }
    t->today_at = cal_mono_s();
}

void tui_fail(struct tui *t, const struct ej_error *err)
{
    tui_error(t, "%s", err->msg);
    if (err->code == EJ_ETEMP)
        tui_db_lost(t);
}

void tui_db_lost(struct tui *t)
{
    if (!t->db_down) {
        t->db_down = true;
        t->db_retry_at = cal_mono_s() + 0.2;
        t->dirty = true;
    }
}

/* Drain notifications; notice a dead connection; reconnect when it is due. */
static void poll_db(struct tui *t)
{
    struct ej_db *db = t->ctx->db;
    if (!t->db_down) {
        int backend = db_backend(db);
        if (!drain_notifications(t))
            tui_db_lost(t);
        else if (backend != t->backend && t->backend == 0 && t->relay) {
            /* Reopened after release_idle(): the relay listened all along. */
            t->backend = backend;
        } else if (backend != t->backend && backend != 0) {
            /* A write reconnected underneath (and said so itself): LISTEN again,
             * re-read what may have changed meanwhile. */
            listen_changes(t);
            tui_changed(t, NULL);
        }
    }
    if (t->db_down && cal_mono_s() >= t->db_retry_at) {
        struct ej_error err;
        if (db_ensure(db, &err) == EJ_OK && db_backend(db) != 0) {
            t->db_down = false;
            t->reconnected = true;
        } else {
            t->db_retry_at = cal_mono_s() + 1.0;
        }
    }
    if (t->reconnected) {
        t->reconnected = false;
        listen_changes(t);
        refresh_today(t);
        tui_unread_refresh(t);
        tui_status(t, "%s", _("The connection to the database was restored"));
        tui_changed(t, NULL);
    }
}

/* An idle session gives its database connection back (session.db_release): its
 * PostgreSQL backend, 4 MiB of caches, is most of what an idle session costs (make
 * bench).  Only while ejournald's relay listens for it: the wake-ups still arrive, and
 * the screen they concern opens a new connection to re-read, as any key does. */
static void release_idle(struct tui *t)
{
    struct ej_db *db = t->ctx->db;
    if (t->relay && !t->db_down && t->ctx->db_release > 0 &&
        db_idle_seconds(db) >= t->ctx->db_release && db_release(db))
        t->backend = 0;
}

/* Hold the notifications drained for the screens.  actor: the stack position of the
 * screen whose action has just run (its own writes are not handed back to it), or -1. */
static void deliver_payloads(struct tui *t, int actor)
{
    char mine[48];
    snprintf(mine, sizeof mine, "account:%lld", t->ctx->account_id);
    for (int i = 0; i < t->npayloads; i++) {
        if (!strcmp(t->payloads[i], mine)) {
            tui_unread_refresh(t);
            tui_status(t, "%s", _("A new message (F9)"));
        }
        hold_for_all_but(t, t->payloads[i], t->payload_own[i] ? actor : -1);
        free(t->payloads[i]);
    }
    t->npayloads = 0;
    if (t->payloads_lost) {
        t->payloads_lost = false;
        hold_for_all_but(t, NULL, -1);
    }
}

/* --------------------------------------------------------------------- keys */

/* One key as keymap.h encodes it, or -1 for none; KF(KEY_RESIZE) for a resize. */
static int read_key(void)
{
    wint_t wc;
    int r = wget_wch(stdscr, &wc);
    if (r == ERR)
        return -1;
    if (r == KEY_CODE_YES)
        return KF((int)wc);
    return (int)wc;
}

int tui_modal_key(struct tui *t, void (*redraw)(void *arg), void *arg)
{
    for (;;) {
        tui_redraw(t);
        if (redraw && LINES >= MIN_LINES && COLS >= MIN_COLS) {
            redraw(arg);
            wnoutrefresh(stdscr);
        }
        doupdate();
        struct pollfd pfd = { STDIN_FILENO, POLLIN, 0 };
        poll(&pfd, 1, 1000);
        int key = read_key();
        if (!drain_notifications(t))
            tui_db_lost(t);
        if (key < 0 && t->ctx->idle_disconnect > 0 &&
            cal_mono_s() - t->last_key >= t->ctx->idle_disconnect) {
            t->quit = true;
            return KF(KEY_F(10));
        }
        if (key < 0 || key == KF(KEY_RESIZE))
            continue;
        t->last_key = cal_mono_s();
        return key;
    }
}

static void idle_lock(struct tui *t);

static void dispatch(struct tui *t, int key)
{
    if (key == KF(KEY_RESIZE))
        return; /* ncurses has resized stdscr: the redraw follows */
    struct screen *s = t->depth ? &t->stack[t->depth - 1] : NULL;
    if (LINES < MIN_LINES || COLS < MIN_COLS) {
        if (keymap_lookup(NULL, key) == ACT_QUIT)
            t->quit = true;
        return;
    }
    enum action a = keymap_lookup(s ? s->ops->keymap : NULL, key);
    wint_t ch = 0;
    if (a == ACT_NONE) {
        if (KEY_IS_FN(key) || key < 0x20 || key == 0x7f)
            return;
        a = ACT_CHAR;
        ch = (wint_t)key;
    }
    int r = AR_DEFAULT;
    if (s && s->ops->action)
        r = s->ops->action(s, a, ch);
    if (!(r & AR_DEFAULT))
        return;
    switch (a) {
    case ACT_HELP:
        if (s && strcmp(s->ops->name, "help") != 0)
            screen_help_open(t, s);
        break;
    case ACT_QUIT:
        t->quit = true;
        break;
    case ACT_BACK:
        if (t->depth > 1)
            tui_pop(t);
        break;
    case ACT_MESSAGES:
        screen_messages_open(t);
        break;
    case ACT_REDRAW:
        clearok(curscr, TRUE);
        break;
    default:
        break;
    }
}

/* ---------------------------------------------------- temporary password (5.1) */

/* A temporary password allows nothing but choosing one's own (DESIGN.md §10):
 * new password twice, at least ctx->min_password characters, not the old one, not
 * the login.  The rules are checked by db_auth_password_change. */
struct change_state {
    struct tui *t;
    char pw[2][128];
    size_t len[2];
    int field;
    char msg[sizeof ((struct ej_error *)0)->msg];
};

static void change_draw(void *arg)
{
    struct change_state *cs = arg;
    int lines = LINES, cols = COLS;
    ui_fill(stdscr, 1, 0, lines - 3, cols, UI_NORMAL);
    int y = lines / 2 - 6;
    char buf[300];
    ui_put_center(stdscr, y, 0, cols, _("Your password is temporary: choose your own to go on."), UI_SECTION);
    snprintf(buf, sizeof buf, _("At least %d characters, not the temporary one, not your login."),
             cs->t->ctx->min_password);
    ui_put_center(stdscr, y + 1, 0, cols, buf, UI_DIM);
    static const char *labels[2] = { N_("New password:"), N_("The same again:") };
    int x = cols / 2 - 21;
    for (int f = 0; f < 2; f++) {
        char stars[130];
        size_t n = cs->len[f] < 40 ? cs->len[f] : 40;
        memset(stars, '*', n);
        stars[n] = '\0';
        ui_put(stdscr, y + 3 + f * 4, x, 42, _(labels[f]), cs->field == f ? UI_SECTION : UI_NORMAL);
        ui_box(stdscr, y + 4 + f * 4, x - 1, 3, 44, UI_FRAME);
        ui_put(stdscr, y + 5 + f * 4, x, 42, stars, UI_NORMAL);
    }
    ui_put_center(stdscr, y + 12, 0, cols, cs->msg, UI_ERROR);
    ui_put_center(stdscr, y + 14, 0, cols, _("Enter: next field and save; F10 leaves without a change"), UI_DIM);
    size_t n = cs->len[cs->field] < 40 ? cs->len[cs->field] : 40;
    move(y + 5 + cs->field * 4, x + (int)n);
    curs_set(1);
}

/* Returns true when the password was changed (the application may go on). */
static bool force_password_change(struct tui *t)
{
    struct change_state cs = { .t = t };
    bool done = false;
    while (!done && !t->quit) {
        int key = tui_modal_key(t, change_draw, &cs);
        if (t->quit)
            break;
        enum action a = keymap_lookup(&keymap_edit, key);
        char *pw = cs.pw[cs.field];
        size_t *len = &cs.len[cs.field];
        if (a == ACT_QUIT) {
            t->quit = true;
        } else if (a == ACT_BACKSPACE) {
            if (*len > 0) {
                /* drop the whole last UTF-8 character */
                do
                    (*len)--;
                while (*len > 0 && ((unsigned char)pw[*len] & 0xc0) == 0x80);
                pw[*len] = '\0';
            }
        } else if (a == ACT_OPEN || a == ACT_NEXT) {
            if (cs.field == 0) {
                cs.field = 1;
                continue;
            }
            struct ej_error err;
            if (strcmp(cs.pw[0], cs.pw[1]) != 0) {
                snprintf(cs.msg, sizeof cs.msg, "%s", _("The two passwords differ: type them again"));
            } else if (db_auth_password_change(t->ctx->db, t->ctx->account_id, cs.pw[0], t->ctx->min_password,
                                               &err) == EJ_OK) {
                t->ctx->must_change = false;
                done = true;
            } else {
                snprintf(cs.msg, sizeof cs.msg, "%s", err.msg);
            }
            explicit_bzero(cs.pw, sizeof cs.pw);
            cs.len[0] = cs.len[1] = 0;
            cs.field = 0;
        } else if (!KEY_IS_FN(key) && key >= 0x20 && key != 0x7f) {
            char mb[8];
            mbstate_t st = { 0 };
            size_t n = wcrtomb(mb, (wchar_t)key, &st);
            if (n != (size_t)-1 && *len + n < sizeof cs.pw[0] - 1) {
                memcpy(pw + *len, mb, n);
                *len += n;
                pw[*len] = '\0';
            }
        }
    }
    explicit_bzero(&cs, sizeof cs);
    curs_set(0);
    return done;
}

/* ------------------------------------------------------------------ idle lock */

struct lock_state {
    struct tui *t;
    char pw[128];
    size_t len;
    char msg[200];
};

static void lock_draw(void *arg)
{
    struct lock_state *ls = arg;
    int lines = LINES, cols = COLS;
    ui_fill(stdscr, 1, 0, lines - 3, cols, UI_NORMAL);
    int y = lines / 2 - 3;
    char buf[300];
    ui_put_center(stdscr, y, 0, cols, _("The session is locked: nobody has typed for a while."),
                  UI_SECTION);
    snprintf(buf, sizeof buf, _("Password of %s (%s):"), ls->t->ctx->login,
             ls->t->ctx->display_name);
    ui_put_center(stdscr, y + 2, 0, cols, buf, UI_NORMAL);
    char stars[130];
    size_t n = ls->len < 40 ? ls->len : 40;
    memset(stars, '*', n);
    stars[n] = '\0';
    int x = cols / 2 - 21;
    ui_box(stdscr, y + 3, x - 1, 3, 44, UI_FRAME);
    ui_put(stdscr, y + 4, x, 42, stars, UI_NORMAL);
    ui_put_center(stdscr, y + 7, 0, cols, ls->msg, UI_ERROR);
    ui_put_center(stdscr, y + 9, 0, cols, _("Enter unlocks, F10 ends the session"), UI_DIM);
    move(y + 4, x + (int)n);
    curs_set(1);
}

static void idle_lock(struct tui *t)
{
    struct lock_state ls = { .t = t };
    tui_status(t, "%s", "");
    struct screen saved[MAX_DEPTH];
    int depth = t->depth;
    /* Hide the work area while locked: draw nothing from the screens. */
    memcpy(saved, t->stack, sizeof saved);
    t->depth = 0;
    for (;;) {
        int key = tui_modal_key(t, lock_draw, &ls);
        if (t->quit)
            break;
        enum action a = keymap_lookup(&keymap_edit, key);
        if (a == ACT_QUIT) {
            t->quit = true;
            break;
        }
        if (a == ACT_BACKSPACE) {
            if (ls.len > 0)
                ls.pw[--ls.len] = '\0';
        } else if (a == ACT_OPEN) {
            struct ej_error err;
            char *hash = db_journal_password_hash(t->ctx->db, t->ctx->account_id, &err);
            bool ok = hash && passwd_verify(ls.pw, hash);
            if (hash) {
                explicit_bzero(hash, strlen(hash));
                free(hash);
            }
            explicit_bzero(ls.pw, sizeof ls.pw);
            ls.len = 0;
            if (ok)
                break;
            snprintf(ls.msg, sizeof ls.msg, "%s",
                     hash || err.code != EJ_ETEMP ? _("Wrong password")
                                                  : _("The database is unavailable: try again"));
        } else if (!KEY_IS_FN(key) && key >= 0x20 && key != 0x7f) {
            char mb[8];
            mbstate_t st = { 0 };
            size_t n = wcrtomb(mb, (wchar_t)key, &st);
            if (n != (size_t)-1 && ls.len + n < sizeof ls.pw - 1) {
                memcpy(ls.pw + ls.len, mb, n);
                ls.len += n;
                ls.pw[ls.len] = '\0';
            }
        }
    }
    explicit_bzero(ls.pw, sizeof ls.pw);
    memcpy(t->stack, saved, sizeof saved);
    t->depth = depth;
    t->last_key = cal_mono_s();
    if (!t->quit)
        tui_changed(t, NULL);
}

/* ------------------------------------------------------------------- terminal */

static SCREEN *open_terminal(void)
{
    const char *term = getenv("TERM");
    const char *cands[] = { term, "xterm-256color", "vt100" };
    for (size_t i = 0; i < 3; i++) {
        if (!cands[i] || !*cands[i])
            continue;
        SCREEN *s = newterm(cands[i], stdout, stdin);
        if (s) {
            if (cands[i] != term)
                setenv("TERM", cands[i], 1);
            return s;
        }
    }
    return NULL;
}

static void restore_terminal(void)
{
    if (!isendwin())
        endwin();
}

int tui_main(struct ej_ctx *ctx)
{
    struct tui *t = xcalloc(1, sizeof *t);
    t->ctx = ctx;
    SCREEN *scr = open_terminal();
    if (!scr) {
        fprintf(stderr, "%s\n", _("ejournal: cannot use this terminal (TERM)"));
        free(t);
        return 1;
    }
    set_term(scr);
    log_set_fatal_hook(restore_terminal);
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(100);
    ui_init_colors();
    keymap_define_terminal_keys();
    curs_set(0);
    /* ncurses 6.4 flushes its output at every cursor movement until the screen has once
     * been suspended and resumed (_nc_mvcur, "not yet initialized"): a redraw went out in
     * seven writes, each an SSH packet of its own.  Suspended here, the first doupdate()
     * resumes it, and from then on each doupdate() is one write. */
    endwin();

    snprintf(t->school, sizeof t->school, "%s", ctx->school_name);
    refresh_today(t);
    t->last_actor = -1;
    t->relay = relay_open(getenv(EJ_ENV_NOTIFY));
    listen_changes(t);
    tui_unread_refresh(t);
    char when[32], addr[64];
    struct ej_error err;
    if (db_account_last_login(ctx->db, ctx->account_id, when, addr, &err))
        tui_status(t, _("Last login: %s, %s"), when, addr);
    else
        tui_status(t, "%s", _("Last login: none before this one"));
    t->last_key = cal_mono_s();
    if (ctx->must_change && !force_password_change(t))
        t->quit = true;
    /* Parents and pupils land in the diary (3.8); staff on the home screen. */
    if ((ctx->roles & (ROLE_PARENT | ROLE_PUPIL)) &&
        !(ctx->roles & (ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY | ROLE_HR | ROLE_TEACHER)))
        screen_diary_open(t, 0);
    else
        screen_home_open(t);

    t->dirty = true;
    while (!t->quit && t->depth > 0) {
        flush_changes(t);
        if (t->dirty || cal_mono_s() - t->drawn_at >= REDRAW_EVERY) {
            tui_redraw(t);
            doupdate();
            t->dirty = false;
            t->drawn_at = cal_mono_s();
        }
        struct pollfd fds[3] = { { STDIN_FILENO, POLLIN, 0 }, { -1, POLLIN, 0 }, { -1, POLLIN, 0 } };
        fds[1].fd = t->db_down ? -1 : db_socket(ctx->db);
        fds[2].fd = relay_fd(t->relay);
        int wait = flush_wait_ms(t);
        if (t->db_down && wait > 250)
            wait = 250;
        /* A dialog above the screen that asked keeps its request waiting. */
        bool idle_due = t->idle_depth > 0 && t->idle_depth == t->depth;
        if (idle_due && wait > IDLE_AFTER_MS)
            wait = IDLE_AFTER_MS;
        int n = poll(fds, 3, wait);
        if (n < 0 && errno != EINTR)
            break;
        if (n == 0 && idle_due && !t->dirty && !t->db_down) {
            t->idle_depth = 0;
            struct screen *top = &t->stack[t->depth - 1];
            if (top->ops->idle)
                top->ops->idle(top);
        }
        if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
            break; /* the terminal went away: nothing is unsaved */
        int key;
        int batch = 0;
        while (!t->quit && (key = read_key()) >= 0) {
            t->last_key = cal_mono_s();
            t->dirty = true;
            int actor = t->depth - 1;
            dispatch(t, key);
            /* What this action wrote may have been notified back already (a LISTEN of
             * our own: libpq read it with the COMMIT's reply), or comes later through
             * the relay: either way it is not handed back to this screen. */
            t->last_actor = actor;
            if (!drain_notifications(t))
                tui_db_lost(t);
            deliver_payloads(t, actor);
            if (++batch >= 64)
                break;
        }
        poll_db(t);
        deliver_payloads(t, t->last_actor);
        release_idle(t);
        double idle = cal_mono_s() - t->last_key;
        if (ctx->idle_disconnect > 0 && idle >= ctx->idle_disconnect)
            break;
        if (ctx->idle_lock > 0 && idle >= ctx->idle_lock && !t->quit) {
            idle_lock(t);
            t->dirty = true;
        }
        if (cal_mono_s() - t->today_at > 600 && !t->db_down)
            refresh_today(t);
    }
    while (t->depth > 0)
        tui_pop(t);
    for (int i = 0; i < t->npayloads; i++)
        free(t->payloads[i]);
    db_set_notify_sink(ctx->db, NULL, NULL);
    relay_close(t->relay);
    endwin();
    delscreen(scr);
    log_set_fatal_hook(NULL);
    int rc = t->rc;
    free(t);
    return rc;
}
