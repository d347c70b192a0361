/*
 * screen-messages — messages (clause 3.8), reached with F9 from every screen:
 * the inbox (unread marked) or the sent messages (F3 switches), Enter opens the
 * thread, oldest first, with every message's text made inert (a control
 * character never reaches the terminal: ui_put turns it into '?'); F4 answers in
 * the thread, F2 writes a new message (screen-compose.c).  Opening a thread marks
 * it read; the frame's unread count follows.  A new message to this account
 * arrives by NOTIFY ("account:<id>") and the list re-reads.
 */
#include "db-messages.h"
#include "i18n.h"
#include "screen.h"
#include "utf8.h"
#include "widget.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- the list */

struct mlist {
    bool sent;
    struct msg_item *v;
    int n;
    struct wlist l;
    int page;
    bool dirty;
};

static void list_load(struct screen *s)
{
    struct mlist *m = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct ej_error err;
    struct msg_item *v;
    int n;
    m->dirty = false;
    if (db_msg_list(ctx->db, ctx, m->sent, 500, &v, &n, &err) != EJ_OK) {
        tui_error(s->tui, "%s", err.msg);
        if (err.code == EJ_ETEMP) {
            tui_db_lost(s->tui);
            m->dirty = true;
        }
        return;
    }
    long long keep = m->l.sel >= 0 && m->l.sel < m->n ? m->v[m->l.sel].id : 0;
    db_msg_free(m->v, m->n);
    m->v = v;
    m->n = n;
    m->l.n = n;
    m->l.sel = 0;
    for (int i = 0; i < n; i++)
        if (v[i].id == keep)
            m->l.sel = i;
}

static void list_draw(struct screen *s, WINDOW *w, int top, int rows, int cols)
{
    struct mlist *m = s->data;
    if (m->dirty && tui_db_up(s->tui))
        list_load(s);
    ui_put(w, top, 0, cols, m->sent ? _("Messages: sent") : _("Messages: inbox"), UI_SECTION);
    m->page = rows - 1;
    if (m->n == 0) {
        ui_put(w, top + 2, 1, cols - 2,
               m->sent ? _("You have sent no messages. F2 writes one.")
                       : _("No messages. F2 writes one."),
               UI_DIM);
        return;
    }
    wlist_scroll(&m->l, m->page);
    int who_w = cols >= 100 ? 30 : 22;
    for (int r = 0; r < m->page && m->l.top + r < m->n; r++) {
        const struct msg_item *it = &m->v[m->l.top + r];
        bool sel = m->l.top + r == m->l.sel;
        enum ui_style st = sel ? UI_CURSOR : it->unread ? UI_TITLE : UI_NORMAL;
        int y = top + 1 + r;
        ui_fill(w, y, 0, 1, cols, st);
        ui_put(w, y, 0, 2, it->unread ? "●" : "", st);
        ui_put(w, y, 2, 17, it->when, st);
        ui_put(w, y, 19, who_w, m->sent ? it->to : it->from, st);
        ui_put(w, y, 20 + who_w, cols - 20 - who_w, *it->subject ? it->subject : _("(no subject)"),
               st);
    }
}

static int list_action(struct screen *s, enum action a, wint_t ch)
{
    (void)ch;
    struct mlist *m = s->data;
    if (wlist_action(&m->l, a, m->page))
        return AR_REDRAW;
    switch (a) {
    case ACT_OPEN:
        if (m->l.sel >= 0 && m->l.sel < m->n)
            screen_thread_open(s->tui, m->v[m->l.sel].id);
        return AR_REDRAW;
    case ACT_VIEW:
        m->sent = !m->sent;
        m->l.sel = 0;
        m->l.top = 0;
        list_load(s);
        return AR_REDRAW;
    case ACT_WRITE:
        screen_compose_open(s->tui, NULL, 0);
        return AR_REDRAW;
    case ACT_REFRESH:
        list_load(s);
        tui_status(s->tui, "%s", _("Reloaded"));
        return AR_REDRAW;
    case ACT_MESSAGES:
        return AR_NONE; /* already here */
    default:
        return AR_DEFAULT;
    }
}

static bool list_changed(struct screen *s, const char *payload)
{
    struct mlist *m = s->data;
    if (!payload || !strncmp(payload, "account:", 8) || !strcmp(payload, "messages"))
        m->dirty = true;
    return m->dirty;
}

static void list_close(struct screen *s)
{
    struct mlist *m = s->data;
    db_msg_free(m->v, m->n);
    free(m);
}

static const struct screen_ops list_ops = {
    .name = "messages",
    .keymap = &keymap_messages,
    .draw = list_draw,
    .action = list_action,
    .changed = list_changed,
    .close = list_close,
};

void screen_messages_open(struct tui *t)
{
    struct mlist *m = xcalloc(1, sizeof *m);
    tui_push(t, &list_ops, m);
    m->dirty = true;
}

/* -------------------------------------------------------------- the thread */

struct mthread {
    long long id;
    struct msg_item *v;
    int n;
    char **lines;    /* the thread laid out for the current width */
    enum ui_style *styles;
    int nlines, width, top, page;
};

static void thread_free_lines(struct mthread *t)
{
    for (int i = 0; i < t->nlines; i++)
        free(t->lines[i]);
    free(t->lines);
    free(t->styles);
    t->lines = NULL;
    t->styles = NULL;
    t->nlines = 0;
}

static void add_line(struct mthread *t, const char *s, size_t len, enum ui_style st)
{
    t->lines = xreallocarray(t->lines, (size_t)t->nlines + 1, sizeof *t->lines);
    t->styles = xreallocarray(t->styles, (size_t)t->nlines + 1, sizeof *t->styles);
    t->lines[t->nlines] = xstrndup(s, len);
    t->styles[t->nlines++] = st;
}

/* One paragraph wrapped at `width` display columns (breaking at a space if any). */
static void wrap(struct mthread *t, const char *p, int width)
{
    while (*p) {
        int w = 0;
        const char *q = p, *space = NULL;
        while (*q) {
            uint32_t cp;
            size_t l = utf8_decode(q, &cp);
            if (l == 0)
                l = 1;
            char tmp[8];
            memcpy(tmp, q, l);
            tmp[l] = '\0';
            int cw = ui_width(tmp);
            if (w + cw > width)
                break;
            if (cp == ' ')
                space = q;
            w += cw;
            q += l;
        }
        if (!*q) {
            add_line(t, p, strlen(p), UI_NORMAL);
            return;
        }
        const char *end = space && space > p ? space : q;
        if (end == p)
            end = q + 1; /* a single character wider than the line */
        add_line(t, p, (size_t)(end - p), UI_NORMAL);
        p = end;
        while (*p == ' ')
            p++;
    }
}

static void thread_layout(struct mthread *t, int width)
{
    thread_free_lines(t);
    t->width = width;
    char buf[800];
    for (int i = 0; i < t->n; i++) {
        const struct msg_item *m = &t->v[i];
        if (i)
            add_line(t, "", 0, UI_NORMAL);
        snprintf(buf, sizeof buf, "%s · %s → %s%s", m->when, m->from, m->to,
                 m->nto > 3 ? " …" : "");
        add_line(t, buf, strlen(buf), UI_SECTION);
        if (*m->subject) {
            snprintf(buf, sizeof buf, "%s %s", _("Subject:"), m->subject);
            add_line(t, buf, strlen(buf), UI_HEADER);
        }
        char *text = utf8_inert(m->body, true);
        for (char *p = text, *nl; p; p = nl ? nl + 1 : NULL) {
            nl = strchr(p, '\n');
            if (nl)
                *nl = '\0';
            if (!*p)
                add_line(t, "", 0, UI_NORMAL);
            else
                wrap(t, p, width);
        }
        free(text);
    }
}

static void thread_load(struct screen *s)
{
    struct mthread *t = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct ej_error err;
    struct msg_item *v;
    int n;
    if (db_msg_thread(ctx->db, ctx, t->id, &v, &n, &err) != EJ_OK) {
        tui_error(s->tui, "%s", err.msg);
        if (err.code == EJ_ETEMP)
            tui_db_lost(s->tui);
        return;
    }
    db_msg_free(t->v, t->n);
    t->v = v;
    t->n = n;
    t->width = 0;
    tui_unread_refresh(s->tui);
}

static void thread_draw(struct screen *s, WINDOW *w, int top, int rows, int cols)
{
    struct mthread *t = s->data;
    if (!t->v) {
        ui_put(w, top + 1, 1, cols - 2, _("Loading…"), UI_DIM);
        return;
    }
    if (t->width != cols - 2)
        thread_layout(t, cols - 2);
    t->page = rows;
    if (t->top > t->nlines - rows)
        t->top = t->nlines - rows;
    if (t->top < 0)
        t->top = 0;
    for (int r = 0; r < rows && t->top + r < t->nlines; r++)
        ui_put(w, top + r, 1, cols - 2, t->lines[t->top + r], t->styles[t->top + r]);
}

static int thread_action(struct screen *s, enum action a, wint_t ch)
{
    (void)ch;
    struct mthread *t = s->data;
    switch (a) {
    case ACT_UP:
        t->top--;
        return AR_REDRAW;
    case ACT_DOWN:
        t->top++;
        return AR_REDRAW;
    case ACT_PGUP:
        t->top -= t->page - 1;
        return AR_REDRAW;
    case ACT_PGDN:
        t->top += t->page - 1;
        return AR_REDRAW;
    case ACT_HOME:
        t->top = 0;
        return AR_REDRAW;
    case ACT_END:
        t->top = t->nlines;
        return AR_REDRAW;
    case ACT_REPLY:
        if (t->n > 0) {
            /* To the last message's sender, or (own message) its recipients' thread. */
            const struct msg_item *last = &t->v[t->n - 1];
            for (int i = t->n - 1; i >= 0; i--)
                if (!t->v[i].mine) {
                    last = &t->v[i];
                    break;
                }
            screen_compose_open(s->tui, last->mine ? NULL : last->from_login, last->id);
        }
        return AR_REDRAW;
    case ACT_MESSAGES:
        return AR_NONE;
    default:
        return AR_DEFAULT;
    }
}

static bool thread_changed(struct screen *s, const char *payload)
{
    if (payload && strncmp(payload, "account:", 8) != 0)
        return false;
    thread_load(s);
    return true;
}

static void thread_close(struct screen *s)
{
    struct mthread *t = s->data;
    thread_free_lines(t);
    db_msg_free(t->v, t->n);
    free(t);
}

static bool thread_allowed(struct screen *s, enum action a)
{
    struct mthread *t = s->data;
    return a != ACT_REPLY || t->n > 0;
}

static const struct screen_ops thread_ops = {
    .name = "thread",
    .keymap = &keymap_thread,
    .draw = thread_draw,
    .action = thread_action,
    .changed = thread_changed,
    .allowed = thread_allowed,
    .close = thread_close,
};

void screen_thread_open(struct tui *tu, long long id)
{
    struct mthread *t = xcalloc(1, sizeof *t);
    t->id = id;
    tui_push(tu, &thread_ops, t);
    thread_load(&(struct screen){ &thread_ops, tu, t });
}
