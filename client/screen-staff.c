/*
 * screen-staff — the school's staff for HR (issue #5 item 5), opened with F7 from
 * the home screen by those the policy lets read the list (HR, the deputy
 * director, the administrator: STAFF_READ): by surname, with position,
 * subjects, login and whether they still work here; typing letters narrows the
 * list as in the pupils list.  HR and the administrator (STAFF_EDIT) add a
 * member of staff with an account (F7: the temporary password is shown once,
 * then only its hash is kept) and deactivate a leaver after a question (F8:
 * the account is locked, their sessions end, everything they entered stays).
 */
#include "db-staff.h"
#include "i18n.h"
#include "policy.h"
#include "screen.h"
#include "utf8.h"
#include "widget.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sscreen {
    struct db_staff *v;
    int n;
    int *shown, nshown;
    char search[128];
    struct wlist l;
    int page;
    char problem[512];
};

static void staff_filter(struct sscreen *ss)
{
    char *key = utf8_fold(ss->search);
    size_t kl = strlen(key);
    ss->nshown = 0;
    for (int i = 0; i < ss->n; i++) {
        char *k = utf8_fold(ss->v[i].surname);
        if (!kl || !strncmp(k, key, kl))
            ss->shown[ss->nshown++] = i;
        free(k);
    }
    free(key);
    ss->l.n = ss->nshown;
    wlist_scroll(&ss->l, ss->page > 0 ? ss->page : 1);
}

static void staff_load(struct screen *s)
{
    struct sscreen *ss = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct ej_error err;
    free(ss->v);
    free(ss->shown);
    ss->v = NULL;
    ss->shown = NULL;
    ss->n = 0;
    if (db_staff_list(ctx->db, ctx, &ss->v, &ss->n, &err) != EJ_OK) {
        snprintf(ss->problem, sizeof ss->problem, "%s", err.msg);
        tui_fail(s->tui, &err);
        ss->v = NULL;
        return;
    }
    ss->shown = xcalloc((size_t)ss->n + 1, sizeof *ss->shown);
    staff_filter(ss);
}

static void staff_draw(struct screen *s, WINDOW *w, int top, int rows, int cols)
{
    struct sscreen *ss = s->data;
    if (!ss->v) {
        ui_put(w, top + 1, 1, cols - 2, *ss->problem ? ss->problem : _("Loading…"), UI_DIM);
        return;
    }
    char buf[600];
    snprintf(buf, sizeof buf, _("Staff · %d of %d · search: %s"), ss->nshown, ss->n,
             *ss->search ? ss->search : _("type a surname"));
    ui_put(w, top, 0, cols, buf, UI_SECTION);
    /* Columns from the width: the name, then position, login, state; subjects get the rest. */
    int wname = cols >= 120 ? 40 : 30, wpos = cols >= 120 ? 26 : 16, wlogin = 16, wstate = 10;
    int xpos = wname + 1, xlogin = xpos + wpos + 1, xstate = xlogin + wlogin + 1,
        xsubj = xstate + wstate + 1;
    ui_fill(w, top + 1, 0, 1, cols, UI_HEADER);
    ui_put(w, top + 1, 0, wname, _("Name"), UI_HEADER);
    ui_put(w, top + 1, xpos, wpos, _("Position"), UI_HEADER);
    ui_put(w, top + 1, xlogin, wlogin, _("Login"), UI_HEADER);
    ui_put(w, top + 1, xstate, wstate, _("State"), UI_HEADER);
    bool subjects = cols - xsubj >= 12; /* else no room worth the column */
    if (subjects)
        ui_put(w, top + 1, xsubj, cols - xsubj, _("Subjects"), UI_HEADER);
    ss->page = rows - 2;
    wlist_scroll(&ss->l, ss->page);
    if (ss->nshown == 0)
        ui_put(w, top + 3, 1, cols - 2, _("Nobody matches"), UI_DIM);
    for (int r = 0; r < ss->page && ss->l.top + r < ss->nshown; r++) {
        const struct db_staff *p = &ss->v[ss->shown[ss->l.top + r]];
        enum ui_style st = ss->l.top + r == ss->l.sel ? UI_CURSOR : p->active ? UI_NORMAL : UI_DIM;
        int y = top + 2 + r;
        ui_fill(w, y, 0, 1, cols, st);
        snprintf(buf, sizeof buf, "%s %s %s", p->surname, p->name, p->patronymic);
        ui_put(w, y, 0, wname, buf, st);
        ui_put(w, y, xpos, wpos, p->position, st);
        ui_put(w, y, xlogin, wlogin, *p->login ? p->login : "—", st);
        ui_put(w, y, xstate, wstate, p->active ? _("works") : _("left"), st);
        if (subjects)
            ui_put(w, y, xsubj, cols - xsubj, p->subjects, st);
    }
}

/* F7: asked field by field; the password is shown once, in a dialog. */
static void staff_add(struct screen *s)
{
    struct ej_ctx *ctx = tui_ctx(s->tui);
    const char *title = _("New member of staff");
    static const char *const prompts[] = { N_("Surname:"), N_("Name:"), N_("Patronymic:"),
                                           N_("Position:"),
                                           N_("Subjects they teach (comma-separated):") };
    char *v[5] = { NULL };
    bool ok = true;
    for (int i = 0; i < 5 && ok; i++)
        ok = (v[i] = dialog_input(s->tui, title, _(prompts[i]), "")) != NULL;
    static const char *const roles[] = { "teacher", "secretary", "deputy", "hr" };
    static const char *const role_names[] = { N_("teacher"), N_("secretary"),
                                              N_("deputy director"), N_("HR") };
    const char *items[4];
    for (int i = 0; i < 4; i++)
        items[i] = _(role_names[i]);
    int role = ok ? dialog_choose(s->tui, _("Role of the account"), items, 4, 0) : -1;
    if (role >= 0) {
        const char **subj = NULL;
        int ns = db_staff_subjects(v[4], &subj);
        struct db_staff_new n = { v[0], v[1], v[2], v[3], subj, ns, roles[role] };
        char login[40] = "", password[16] = "";
        long long id;
        struct ej_error err;
        enum ej_err e = db_staff_add(ctx->db, ctx, &n, &id, login, password, &err);
        free(subj);
        if (e != EJ_OK) {
            tui_fail(s->tui, &err);
        } else {
            staff_load(s);
            tui_status(s->tui, "%s", _("Saved"));
            char *text = xasprintf(_("Login: %s   Temporary password: %s   It is shown only now: "
                                     "write it down for %s %s; it must be changed at the first "
                                     "login."),
                                   login, password, v[0], v[1]);
            dialog_message(s->tui, title, text);
            explicit_bzero(text, strlen(text));
            free(text);
        }
        explicit_bzero(password, sizeof password);
    }
    for (int i = 0; i < 5; i++)
        free(v[i]);
}

/* F8: after a question; the leaver's sessions end. */
static void staff_off(struct screen *s)
{
    struct sscreen *ss = s->data;
    if (ss->l.sel < 0 || ss->l.sel >= ss->nshown)
        return;
    const struct db_staff *p = &ss->v[ss->shown[ss->l.sel]];
    if (!p->active) {
        tui_error(s->tui, _("%s %s has left already"), p->surname, p->name);
        return;
    }
    char *q = xasprintf(_("%s %s %s leaves: lock the account and end their sessions? Everything "
                          "they entered stays."),
                        p->surname, p->name, p->patronymic);
    int yes = dialog_ask(s->tui, q);
    free(q);
    if (yes != 1)
        return;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct db_staff_session *sess;
    int n, elsewhere;
    struct ej_error err;
    if (db_staff_deactivate(ctx->db, ctx, p->id, &sess, &n, &err) != EJ_OK) {
        tui_fail(s->tui, &err);
        return;
    }
    int ended = db_staff_end_sessions(ctx->db, ctx, sess, n, &elsewhere);
    free(sess);
    staff_load(s);
    if (elsewhere)
        tui_status(s->tui, _("Saved; %d sessions ended, %d run on other servers"), ended,
                   elsewhere);
    else
        tui_status(s->tui, _("Saved; %d sessions ended"), ended);
}

/* F4: the position and the subjects a member of staff may teach (HR). */
static void staff_edit(struct screen *s)
{
    struct sscreen *ss = s->data;
    if (ss->l.sel < 0 || ss->l.sel >= ss->nshown)
        return;
    const struct db_staff *p = &ss->v[ss->shown[ss->l.sel]];
    struct ej_ctx *ctx = tui_ctx(s->tui);
    char *title = xasprintf("%s %s %s", p->surname, p->name, p->patronymic);
    char *position = dialog_input(s->tui, title, _("Position:"), p->position);
    char *subjects = position ? dialog_input(s->tui, title, _("Subjects, comma-separated:"), p->subjects)
                              : NULL;
    if (subjects) {
        const char **subj = NULL;
        int ns = db_staff_subjects(subjects, &subj);
        struct ej_error err;
        if (db_staff_set(ctx->db, ctx, p->id, position, (const char *const *)subj, ns, &err) != EJ_OK) {
            tui_error(s->tui, "%s", err.msg);
        } else {
            tui_status(s->tui, "%s", _("Saved"));
            staff_load(s);
        }
        free(subj);
    }
    free(title);
    free(position);
    free(subjects);
}

/* err (may be NULL) gets the policy's reason when not. */
static bool staff_may(struct screen *s, enum action a, struct ej_error *err)
{
    if (a != ACT_STAFF_ADD && a != ACT_STAFF_OFF && a != ACT_STAFF_EDIT)
        return true;
    struct policy_object o = { .school_id = tui_ctx(s->tui)->school_id };
    return policy_check(tui_ctx(s->tui), POLICY_STAFF_EDIT, &o, err) == EJ_OK;
}

static bool staff_allowed(struct screen *s, enum action a)
{
    return staff_may(s, a, NULL);
}

static int staff_action(struct screen *s, enum action a, wint_t ch)
{
    struct sscreen *ss = s->data;
    if (!ss->v)
        return AR_DEFAULT;
    struct ej_error err;
    if (!staff_may(s, a, &err)) { /* the bar did not offer it; the policy says why */
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
        wlist_action(&ss->l, a, ss->page);
        return AR_REDRAW;
    case ACT_STAFF_ADD:
        staff_add(s);
        return AR_REDRAW;
    case ACT_STAFF_OFF:
        staff_off(s);
        return AR_REDRAW;
    case ACT_STAFF_EDIT:
        staff_edit(s);
        return AR_REDRAW;
    case ACT_BACKSPACE:
    case ACT_CHAR:
        if (!wsearch_action(ss->search, sizeof ss->search, a, ch))
            return AR_NONE;
        ss->l.sel = 0;
        staff_filter(ss);
        return AR_REDRAW;
    default:
        return AR_DEFAULT;
    }
}

static bool staff_changed(struct screen *s, const char *payload)
{
    if (payload)
        return false;
    staff_load(s);
    return true;
}

static void staff_close(struct screen *s)
{
    struct sscreen *ss = s->data;
    free(ss->v);
    free(ss->shown);
    free(ss);
}

static const struct screen_ops staff_ops = {
    .name = "staff",
    .keymap = &keymap_staff,
    .draw = staff_draw,
    .action = staff_action,
    .changed = staff_changed,
    .allowed = staff_allowed,
    .close = staff_close,
};

void screen_staff_open(struct tui *t)
{
    struct sscreen *ss = xcalloc(1, sizeof *ss);
    tui_push(t, &staff_ops, ss);
    staff_load(&(struct screen){ &staff_ops, t, ss });
}
