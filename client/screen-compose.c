/*
 * screen-compose — writing a message (clause 3.8): the recipients (F3 adds one
 * from the people this account may write to — the policy's list — or, for a
 * teacher, all parents of a class), a subject and the text (a multi-line UTF-8
 * editor).  F2 sends in one transaction; leaving with unsent text asks first.
 * The text is stored as typed; the screens that show it make it inert.
 */
#include "db-attendance.h"
#include "db-journal.h"
#include "db-messages.h"
#include "i18n.h"
#include "screen.h"
#include "widget.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum cfield { C_TO, C_SUBJECT, C_BODY, C_COUNT };

struct compose {
    char **logins, **names;
    int nto;
    char class_name[16];  /* all parents of this class ("" none) */
    long long reply_to;
    struct wedit subject, body;
    enum cfield focus;
};

static void add_to(struct compose *c, const char *login, const char *name)
{
    for (int i = 0; i < c->nto; i++)
        if (!strcmp(c->logins[i], login))
            return;
    c->logins = xreallocarray(c->logins, (size_t)c->nto + 1, sizeof *c->logins);
    c->names = xreallocarray(c->names, (size_t)c->nto + 1, sizeof *c->names);
    c->logins[c->nto] = xstrdup(login);
    c->names[c->nto++] = xstrdup(name);
}

static void clear_to(struct compose *c)
{
    for (int i = 0; i < c->nto; i++) {
        free(c->logins[i]);
        free(c->names[i]);
    }
    free(c->logins);
    free(c->names);
    c->logins = c->names = NULL;
    c->nto = 0;
    c->class_name[0] = '\0';
}

static void compose_draw(struct screen *s, WINDOW *w, int top, int rows, int cols)
{
    struct compose *c = s->data;
    ui_put(w, top, 0, cols, c->reply_to ? _("Reply") : _("New message"), UI_HEADER);
    int y = top + 2;
    ui_put(w, y++, 0, cols, _("To (F3 adds, Del removes the last):"),
           c->focus == C_TO ? UI_SECTION : UI_NORMAL);
    char buf[1200];
    size_t o = 0;
    buf[0] = '\0';
    if (*c->class_name)
        o += (size_t)snprintf(buf, sizeof buf, _("all parents of class %s"), c->class_name);
    for (int i = 0; i < c->nto && o < sizeof buf; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", o ? ", " : "", c->names[i]);
    ui_put(w, y++, 2, cols - 4, *buf ? buf : "—", c->focus == C_TO ? UI_SELECTED : UI_NORMAL);
    y++;
    ui_put(w, y++, 0, cols, _("Subject:"), c->focus == C_SUBJECT ? UI_SECTION : UI_NORMAL);
    wedit_draw(&c->subject, s->tui, w, y, 2, 1, cols - 4, c->focus == C_SUBJECT);
    y += 2;
    ui_put(w, y++, 0, cols, _("Text (F2 sends):"), c->focus == C_BODY ? UI_SECTION : UI_NORMAL);
    int h = top + rows - y;
    if (h < 1)
        h = 1;
    wedit_draw(&c->body, s->tui, w, y, 2, h, cols - 4, c->focus == C_BODY);
}

/* F3: someone to write to, or (a teacher) all parents of one of their classes. */
static void choose_recipient(struct screen *s)
{
    struct compose *c = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct msg_contact *v;
    int n;
    struct ej_error err;
    if (db_msg_contacts(ctx->db, ctx, &v, &n, &err) != EJ_OK) {
        tui_error(s->tui, "%s", err.msg);
        return;
    }
    /* Classes: the ones ctx teaches or leads (their parents), for staff. */
    char classes[32][16];
    int ncl = 0;
    if (ctx->staff_id) {
        struct db_course *co;
        int nco;
        if (db_journal_courses(ctx->db, ctx, &co, &nco, &err) == EJ_OK) {
            for (int i = 0; i < nco && ncl < 32; i++) {
                if (!co[i].mine && !co[i].my_class)
                    continue;
                bool dup = false;
                for (int k = 0; k < ncl; k++)
                    dup |= !strcmp(classes[k], co[i].class_name);
                if (!dup)
                    snprintf(classes[ncl++], 16, "%s", co[i].class_name);
            }
            free(co);
        }
    }
    const char **items = xcalloc((size_t)(n + ncl) + 1, sizeof *items);
    char **own = xcalloc((size_t)(n + ncl) + 1, sizeof *own);
    for (int i = 0; i < ncl; i++)
        items[i] = own[i] = xasprintf(_("All parents of class %s"), classes[i]);
    for (int i = 0; i < n; i++)
        items[ncl + i] = own[ncl + i] =
            xasprintf("%s — %s", v[i].name, *v[i].about ? v[i].about : v[i].login);
    int k = n + ncl > 0 ? dialog_choose(s->tui, _("Whom to write to"), items, n + ncl, 0) : -1;
    if (n + ncl == 0)
        tui_error(s->tui, "%s", _("There is nobody you may write to"));
    if (k >= 0 && k < ncl)
        snprintf(c->class_name, sizeof c->class_name, "%s", classes[k]);
    else if (k >= ncl)
        add_to(c, v[k - ncl].login, v[k - ncl].name);
    for (int i = 0; i < n + ncl; i++)
        free(own[i]);
    free(own);
    free(items);
    free(v);
}

static bool unsent(const struct compose *c)
{
    return c->body.len > 0 || c->subject.changed;
}

static int send_it(struct screen *s)
{
    struct compose *c = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    char *subject = wedit_text(&c->subject), *body = wedit_text(&c->body);
    long long id = 0;
    struct ej_error err;
    enum ej_err e;
    if (!c->nto && !*c->class_name)
        e = ej_error_set(&err, EJ_EINVAL, "%s", _("Whom to? F3 chooses a recipient"));
    else if (*c->class_name && c->nto)
        e = ej_error_set(&err, EJ_EINVAL, "%s",
                         _("A class's parents and single people: send them separately"));
    else
        e = db_msg_send(ctx->db, ctx, (const char *const *)c->logins, c->nto,
                        *c->class_name ? c->class_name : NULL, c->reply_to, subject, body, &id,
                        &err);
    free(subject);
    free(body);
    if (e != EJ_OK) {
        tui_error(s->tui, "%s", err.msg);
        if (e == EJ_ETEMP)
            tui_db_lost(s->tui);
        return -1;
    }
    struct tui *t = s->tui;
    tui_pop(t);
    tui_status(t, "%s", _("The message was sent"));
    tui_changed(t, "messages");
    return 0;
}

static int compose_action(struct screen *s, enum action a, wint_t ch)
{
    struct compose *c = s->data;
    switch (a) {
    case ACT_SEND:
        send_it(s);
        return AR_REDRAW;
    case ACT_RECIPIENT:
        choose_recipient(s);
        return AR_REDRAW;
    case ACT_NEXT:
        c->focus = (c->focus + 1) % C_COUNT;
        return AR_REDRAW;
    case ACT_PREV:
        c->focus = (c->focus + C_COUNT - 1) % C_COUNT;
        return AR_REDRAW;
    case ACT_BACK:
    case ACT_QUIT:
        if (unsent(c)) {
            int r = dialog_ask(s->tui, _("The message is not sent. Discard it?"));
            if (r != 1)
                return AR_REDRAW;
        }
        if (a == ACT_QUIT)
            tui_quit(s->tui);
        else
            tui_pop(s->tui);
        return AR_REDRAW;
    case ACT_MESSAGES:
        return AR_NONE;
    default:
        break;
    }
    if (c->focus == C_TO) {
        if (a == ACT_DELETE || a == ACT_BACKSPACE) {
            if (c->nto > 0) {
                c->nto--;
                free(c->logins[c->nto]);
                free(c->names[c->nto]);
            } else {
                c->class_name[0] = '\0';
            }
            return AR_REDRAW;
        }
        if (a == ACT_NEWLINE || a == ACT_OPEN) {
            choose_recipient(s);
            return AR_REDRAW;
        }
        if (a == ACT_DOWN) {
            c->focus = C_SUBJECT;
            return AR_REDRAW;
        }
        return a == ACT_CHAR ? AR_NONE : AR_DEFAULT;
    }
    if (c->focus == C_SUBJECT) {
        if (a == ACT_NEWLINE || a == ACT_DOWN) {
            c->focus = C_BODY;
            return AR_REDRAW;
        }
        if (a == ACT_UP) {
            c->focus = C_TO;
            return AR_REDRAW;
        }
        return wedit_action(&c->subject, a, ch) ? AR_REDRAW : AR_DEFAULT;
    }
    return wedit_action(&c->body, a, ch) ? AR_REDRAW : AR_DEFAULT;
}

static void compose_close(struct screen *s)
{
    struct compose *c = s->data;
    clear_to(c);
    wedit_free(&c->subject);
    wedit_free(&c->body);
    free(c);
}

static const struct screen_ops compose_ops = {
    .name = "compose",
    .keymap = &keymap_compose,
    .draw = compose_draw,
    .action = compose_action,
    .close = compose_close,
};

void screen_compose_open(struct tui *t, const char *to_login, long long reply_to)
{
    struct compose *c = xcalloc(1, sizeof *c);
    wedit_init(&c->subject, "", false, MSG_MAX_SUBJECT);
    wedit_init(&c->body, "", true, MSG_MAX_BODY);
    c->reply_to = reply_to;
    c->focus = C_TO;
    if (to_login) {
        /* The sender of the message answered: named as the contact list names them. */
        struct ej_ctx *ctx = tui_ctx(t);
        struct msg_contact *v;
        int n;
        struct ej_error err;
        const char *name = to_login;
        if (db_msg_contacts(ctx->db, ctx, &v, &n, &err) == EJ_OK) {
            for (int i = 0; i < n; i++)
                if (!strcmp(v[i].login, to_login))
                    add_to(c, v[i].login, v[i].name);
            free(v);
        }
        if (c->nto == 0)
            add_to(c, to_login, name); /* the policy will say why not, on F2 */
        c->focus = C_BODY;
    }
    tui_push(t, &compose_ops, c);
}
