/*
 * screen-groups — a class's study groups (clause 3.3), opened with F5 from the
 * pupils list for the class shown (or the selected pupil's): the groups by
 * subject with their members today; the secretary adds a group (F7: the
 * subject, the name), renames it (F2) and deletes one that never had a member
 * (F8, after a question).  Enter opens a group's members with every spell
 * (from, to); there F7 puts a pupil of the class in from a date and F8 takes the
 * selected one out from a date.  The rules (a pupil of another class, one in the
 * subject's other group, marks after the date) are db-groups.c's, and its
 * refusal is shown on the status line with nothing changed.
 */
#include "calendar.h"
#include "db-groups.h"
#include "db-pupils.h"
#include "i18n.h"
#include "policy.h"
#include "screen.h"
#include "widget.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Both screens of this file: the groups of a class, and one group's members. */
struct gscreen {
    char class_name[16];
    long long group_id;          /* the members screen */
    struct db_group g;           /* the members screen: the group */
    struct db_group *v;          /* the groups screen */
    struct db_group_pupil *m;    /* the members screen */
    int n;
    bool loaded;
    struct wlist l;
    int page;
    char problem[512];
};

static bool may_edit(struct screen *s, struct ej_error *err)
{
    struct policy_object o = { .school_id = tui_ctx(s->tui)->school_id };
    return policy_check(tui_ctx(s->tui), POLICY_PUPIL_EDIT, &o, err) == EJ_OK;
}

static void groups_load(struct screen *s)
{
    struct gscreen *gs = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct ej_error err;
    free(gs->v);
    free(gs->m);
    gs->v = NULL;
    gs->m = NULL;
    gs->n = 0;
    enum ej_err e = gs->group_id
                        ? db_group_members(ctx->db, ctx, gs->group_id, 0, &gs->g, &gs->m, &gs->n, &err)
                        : db_groups_list(ctx->db, ctx, gs->class_name, &gs->v, &gs->n, &err);
    gs->loaded = e == EJ_OK;
    if (!gs->loaded) {
        snprintf(gs->problem, sizeof gs->problem, "%s", err.msg);
        tui_fail(s->tui, &err);
    }
    gs->l.n = gs->n;
    wlist_scroll(&gs->l, gs->page > 0 ? gs->page : 1);
}

static void groups_draw(struct screen *s, WINDOW *w, int top, int rows, int cols)
{
    struct gscreen *gs = s->data;
    if (!gs->loaded) {
        ui_put(w, top + 1, 1, cols - 2, *gs->problem ? gs->problem : _("Loading…"), UI_DIM);
        return;
    }
    char buf[600];
    if (gs->group_id)
        snprintf(buf, sizeof buf, _("Group «%s» · %s · %s"), gs->g.name, gs->g.subject,
                 gs->g.class_name);
    else
        snprintf(buf, sizeof buf, _("Study groups · %s"), gs->class_name);
    ui_put(w, top, 0, cols, buf, UI_SECTION);
    ui_fill(w, top + 1, 0, 1, cols, UI_HEADER);
    if (gs->group_id) {
        ui_put(w, top + 1, 0, 46, _("Pupil"), UI_HEADER);
        ui_put(w, top + 1, 47, cols - 47, _("In the group"), UI_HEADER);
    } else {
        ui_put(w, top + 1, 0, 46, _("Subject"), UI_HEADER);
        ui_put(w, top + 1, 47, 24, _("Group"), UI_HEADER);
        ui_put(w, top + 1, 72, cols - 72, _("Pupils"), UI_HEADER);
    }
    gs->page = rows - 2;
    wlist_scroll(&gs->l, gs->page);
    if (gs->n == 0)
        ui_put(w, top + 3, 1, cols - 2, gs->group_id ? _("Nobody in the group") : _("No groups"),
               UI_DIM);
    for (int r = 0; r < gs->page && gs->l.top + r < gs->n; r++) {
        int i = gs->l.top + r, y = top + 2 + r;
        enum ui_style st = i == gs->l.sel ? UI_CURSOR : UI_NORMAL;
        ui_fill(w, y, 0, 1, cols, st);
        if (gs->group_id) {
            const struct db_group_pupil *m = &gs->m[i];
            snprintf(buf, sizeof buf, "%s %s %s", m->surname, m->name, m->patronymic);
            ui_put(w, y, 0, 46, buf, st);
            char f[11], t[11] = "";
            cal_ddmmyyyy(m->from, f);
            if (m->to)
                cal_ddmmyyyy(m->to - 1, t); /* the last day */
            snprintf(buf, sizeof buf, *t ? "%s – %s" : _("from %s"), f, t);
            ui_put(w, y, 47, cols - 47, buf, st);
        } else {
            ui_put(w, y, 0, 46, gs->v[i].subject, st);
            ui_put(w, y, 47, 24, gs->v[i].name, st);
            snprintf(buf, sizeof buf, "%d", gs->v[i].members);
            ui_put(w, y, 72, cols - 72, buf, st);
        }
    }
}

/* The outcome of a write: the refusal, or «Сохранено» after the commit and a re-read. */
static void groups_done(struct screen *s, enum ej_err e, const struct ej_error *err)
{
    if (e != EJ_OK) {
        tui_fail(s->tui, err);
        return;
    }
    groups_load(s);
    tui_changed(s->tui, "groups");
    tui_status(s->tui, "%s", _("Saved"));
}

/* A date typed by the user (today offered); false when cancelled or not a date. */
static bool ask_date(struct screen *s, const char *title, const char *prompt, int *day)
{
    char today[11];
    cal_ddmmyyyy(tui_today(s->tui), today);
    char *d = dialog_input(s->tui, title, prompt, today);
    if (!d)
        return false;
    bool ok = cal_parse_user(d, day);
    if (!ok)
        tui_error(s->tui, _("\"%s\" is not a date: DD.MM.YYYY, e.g. 26.11.2026"), d);
    free(d);
    return ok;
}

static void group_add(struct screen *s)
{
    struct gscreen *gs = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    char title[64];
    snprintf(title, sizeof title, _("New group of %s"), gs->class_name);
    char *subject = dialog_input(s->tui, title, _("Subject (its name or short name):"), "");
    char *name = subject ? dialog_input(s->tui, title, _("Name of the group:"), "") : NULL;
    if (name) {
        struct ej_error err;
        long long id;
        groups_done(s, db_group_add(ctx->db, ctx, gs->class_name, subject, name, &id, &err), &err);
    }
    free(subject);
    free(name);
}

static void group_rename_or_delete(struct screen *s, bool rename)
{
    struct gscreen *gs = s->data;
    if (gs->l.sel < 0 || gs->l.sel >= gs->n)
        return;
    const struct db_group *g = &gs->v[gs->l.sel];
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct ej_error err;
    if (rename) {
        char *name = dialog_input(s->tui, g->subject, _("Name of the group:"), g->name);
        if (name && strcmp(name, g->name) != 0)
            groups_done(s, db_group_rename(ctx->db, ctx, g->id, name, &err), &err);
        free(name);
        return;
    }
    char *q = xasprintf(_("Delete the group «%s» (%s)?"), g->name, g->subject);
    int yes = dialog_ask(s->tui, q);
    free(q);
    if (yes == 1)
        groups_done(s, db_group_delete(ctx->db, ctx, g->id, &err), &err);
}

/* F7 in a group: a pupil of the class (those not in it today first offered). */
static void member_in(struct screen *s)
{
    struct gscreen *gs = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct db_pupil *p;
    int n;
    struct ej_error err;
    if (db_pupils_list(ctx->db, ctx, gs->g.class_name, &p, &n, &err) != EJ_OK) {
        tui_fail(s->tui, &err);
        return;
    }
    char **items = xcalloc((size_t)n + 1, sizeof *items);
    for (int i = 0; i < n; i++)
        items[i] = xasprintf("%s %s %s", p[i].surname, p[i].name, p[i].patronymic);
    char title[200];
    snprintf(title, sizeof title, _("Into the group «%s»"), gs->g.name);
    int k = dialog_choose(s->tui, title, (const char *const *)items, n, 0);
    int day;
    if (k >= 0 && ask_date(s, items[k], _("From (the first day in the group, DD.MM.YYYY):"), &day))
        groups_done(s, db_group_move(ctx->db, ctx, gs->group_id, &p[k].id, 1, day, true, &err),
                    &err);
    for (int i = 0; i < n; i++)
        free(items[i]);
    free(items);
    db_pupils_free(p, n);
}

static void member_out(struct screen *s)
{
    struct gscreen *gs = s->data;
    if (gs->l.sel < 0 || gs->l.sel >= gs->n)
        return;
    const struct db_group_pupil *m = &gs->m[gs->l.sel];
    struct ej_ctx *ctx = tui_ctx(s->tui);
    char title[300];
    snprintf(title, sizeof title, "%s %s", m->surname, m->name);
    int day;
    struct ej_error err;
    if (ask_date(s, title, _("Out from (the first day outside the group, DD.MM.YYYY):"), &day))
        groups_done(s, db_group_move(ctx->db, ctx, gs->group_id, &m->pupil_id, 1, day, false, &err),
                    &err);
}

static bool groups_may(struct screen *s, enum action a, struct ej_error *err)
{
    if (a == ACT_GROUP_ADD || a == ACT_GROUP_DEL || a == ACT_CHANGE || a == ACT_MEMBER_IN ||
        a == ACT_MEMBER_OUT)
        return may_edit(s, err);
    return true;
}

static bool groups_allowed(struct screen *s, enum action a)
{
    return groups_may(s, a, NULL);
}

static void open_group(struct tui *t, const char *class_name, long long group_id);

static int groups_action(struct screen *s, enum action a, wint_t ch)
{
    struct gscreen *gs = s->data;
    (void)ch;
    if (!gs->loaded)
        return AR_DEFAULT;
    struct ej_error err;
    if (!groups_may(s, a, &err)) { /* the bar did not offer it; the policy says why */
        tui_error(s->tui, "%s", err.msg);
        return AR_REDRAW;
    }
    switch (a) {
    case ACT_UP:
    case ACT_DOWN:
    case ACT_PGUP:
    case ACT_PGDN:
    case ACT_HOME:
    case ACT_END:
        wlist_action(&gs->l, a, gs->page);
        return AR_REDRAW;
    case ACT_OPEN:
        if (!gs->group_id && gs->l.sel >= 0 && gs->l.sel < gs->n)
            open_group(s->tui, gs->class_name, gs->v[gs->l.sel].id);
        return AR_REDRAW;
    case ACT_GROUP_ADD:
        group_add(s);
        return AR_REDRAW;
    case ACT_GROUP_DEL:
        group_rename_or_delete(s, false);
        return AR_REDRAW;
    case ACT_MEMBER_IN:
        member_in(s);
        return AR_REDRAW;
    case ACT_MEMBER_OUT:
        member_out(s);
        return AR_REDRAW;
    case ACT_CHANGE:
        group_rename_or_delete(s, true);
        return AR_REDRAW;
    default:
        return AR_DEFAULT;
    }
}

static bool groups_changed(struct screen *s, const char *payload)
{
    if (payload && strcmp(payload, "groups") != 0)
        return false;
    groups_load(s);
    return true;
}

static void groups_close(struct screen *s)
{
    struct gscreen *gs = s->data;
    free(gs->v);
    free(gs->m);
    free(gs);
}

static const struct screen_ops groups_ops = {
    .name = "groups",
    .keymap = &keymap_groups,
    .draw = groups_draw,
    .action = groups_action,
    .changed = groups_changed,
    .allowed = groups_allowed,
    .close = groups_close,
};

/* The members screen: the same code, its own keys (F7/F8 put in and take out). */
static const struct screen_ops members_ops = {
    .name = "members",
    .keymap = &keymap_members,
    .draw = groups_draw,
    .action = groups_action,
    .changed = groups_changed,
    .allowed = groups_allowed,
    .close = groups_close,
};

static void open_group(struct tui *t, const char *class_name, long long group_id)
{
    struct gscreen *gs = xcalloc(1, sizeof *gs);
    snprintf(gs->class_name, sizeof gs->class_name, "%s", class_name);
    gs->group_id = group_id;
    const struct screen_ops *ops = group_id ? &members_ops : &groups_ops;
    tui_push(t, ops, gs);
    groups_load(&(struct screen){ ops, t, gs });
}

void screen_groups_open(struct tui *t, const char *class_name)
{
    open_group(t, class_name, 0);
}
