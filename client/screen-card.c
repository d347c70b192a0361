/*
 * screen-card — one pupil's card (clauses 3.3, 3.4), opened with Enter from the
 * pupils list: the personal data field by field, the parents with their
 * contacts, the history of classes.  The secretary changes the field under the
 * cursor with Enter, or every field in turn with F2 (one transaction for all of
 * them); «Сохранено» shows only after the commit, a refused value names its
 * field and nothing changes.  Those who keep parents' data (the class teacher,
 * the office) add a parent with F7; the office links one already in the
 * school — a brother's or sister's — with F8 (a search of the whole school's
 * parents).  Every rule is the database layer's
 * (PUPIL_EDIT, GUARDIAN_EDIT); the F-key bar only shows what the policy allows.
 */
#include "calendar.h"
#include "db-guardians.h"
#include "db-movement.h"
#include "db-pupils.h"
#include "i18n.h"
#include "policy.h"
#include "screen.h"
#include "widget.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fields the card shows and edits, in order. */
static const enum pupil_field fields[] = { PF_SURNAME, PF_NAME,    PF_PATRONYMIC, PF_BIRTH,
                                           PF_SEX,     PF_FILE_NO, PF_ADDRESS };
#define NFIELDS ((int)(sizeof fields / sizeof fields[0]))
#define NROWS (NFIELDS + 1) /* and the paper reports' yes or no */

static const char *field_label(enum pupil_field f)
{
    switch (f) {
    case PF_SURNAME:
        return _("Surname");
    case PF_NAME:
        return _("Name");
    case PF_PATRONYMIC:
        return _("Patronymic");
    case PF_BIRTH:
        return _("Birth date");
    case PF_SEX:
        return _("Sex");
    case PF_FILE_NO:
        return _("Personal file number");
    default:
        return _("Address");
    }
}

struct card {
    long long id;
    char class_name[16];
    char *v[PF_COUNT]; /* as shown; the birth date DD.MM.YYYY */
    bool paper;        /* weekly reports on paper (3.10) */
    struct guardian_rec *g;
    int ng;
    bool guardians_ok; /* ctx keeps this pupil's parents' data */
    struct db_spell *h;
    int nh;
    struct wlist l;
};

static void card_free_data(struct card *c)
{
    for (int i = 0; i < PF_COUNT; i++) {
        free(c->v[i]);
        c->v[i] = NULL;
    }
    free(c->g);
    free(c->h);
    c->g = NULL;
    c->h = NULL;
    c->ng = c->nh = 0;
}

static void card_fill(struct card *c, const struct db_pupil *p)
{
    char d[11];
    cal_ddmmyyyy(p->birth, d);
    const char *v[PF_COUNT] = { [PF_SURNAME] = p->surname, [PF_NAME] = p->name,
                                [PF_PATRONYMIC] = p->patronymic, [PF_BIRTH] = d,
                                [PF_SEX] = p->sex, [PF_FILE_NO] = p->file_no,
                                [PF_ADDRESS] = p->address, [PF_CLASS] = p->class_name };
    for (int i = 0; i < PF_COUNT; i++) {
        free(c->v[i]);
        c->v[i] = xstrdup(v[i] ? v[i] : "");
    }
    c->paper = p->paper;
}

/* Re-read the pupil (from the class list), the parents and the history. */
static void card_load(struct screen *s)
{
    struct card *c = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct ej_error err;
    struct db_pupil *v;
    int n;
    if (db_pupils_list(ctx->db, ctx, c->class_name, &v, &n, &err) == EJ_OK) {
        for (int i = 0; i < n; i++)
            if (v[i].id == c->id)
                card_fill(c, &v[i]);
        db_pupils_free(v, n);
    } else if (err.code == EJ_ETEMP) {
        tui_db_lost(s->tui);
    }
    free(c->g);
    c->g = NULL;
    c->ng = 0;
    c->guardians_ok = db_guardians_of(ctx->db, ctx, c->id, &c->g, &c->ng, &err) == EJ_OK;
    free(c->h);
    c->h = NULL;
    c->nh = 0;
    char name[200];
    if (db_pupil_history(ctx->db, ctx, c->id, name, &c->h, &c->nh, &err) != EJ_OK) {
        c->h = NULL;
        c->nh = 0;
    }
}

static void card_draw(struct screen *s, WINDOW *w, int top, int rows, int cols)
{
    struct card *c = s->data;
    char buf[600];
    snprintf(buf, sizeof buf, _("Pupil · %s %s %s · %s"), c->v[PF_SURNAME], c->v[PF_NAME],
             c->v[PF_PATRONYMIC], c->class_name);
    ui_put(w, top, 0, cols, buf, UI_SECTION);
    int y = top + 1, end = top + rows;
    c->l.n = NROWS;
    for (int i = 0; i < NROWS && y < end; i++, y++) {
        enum ui_style st = i == c->l.sel ? UI_CURSOR : UI_NORMAL;
        const char *label = i < NFIELDS ? field_label(fields[i]) : _("Paper reports");
        const char *value = i < NFIELDS ? c->v[fields[i]] : c->paper ? _("yes") : _("no");
        ui_fill(w, y, 0, 1, cols, st);
        ui_put(w, y, 1, 22, label, i == c->l.sel ? UI_CURSOR : UI_HEADER);
        ui_put(w, y, 24, cols - 24, *value ? value : "—", st);
    }
    if (c->guardians_ok && ++y < end) {
        ui_put(w, y++, 0, cols, _("Parents:"), UI_SECTION);
        if (c->ng == 0 && y < end)
            ui_put(w, y++, 1, cols - 1, _("none entered"), UI_DIM);
        for (int i = 0; i < c->ng && y < end; i++, y++) {
            const struct guardian_rec *g = &c->g[i];
            snprintf(buf, sizeof buf, "%s: %s %s %s, %s%s%s",
                     *g->relation ? g->relation : _("parent"), g->surname, g->name,
                     g->patronymic, *g->phone ? g->phone : "—", *g->email ? ", " : "", g->email);
            ui_put(w, y, 1, cols - 1, buf, UI_NORMAL);
        }
    }
    if (++y < end)
        ui_put(w, y++, 0, cols, _("History:"), UI_SECTION);
    for (int i = 0; i < c->nh && y < end; i++, y++) {
        char a[11], z[11] = "";
        cal_ddmmyyyy(c->h[i].from, a);
        if (c->h[i].to)
            cal_ddmmyyyy(c->h[i].to, z);
        snprintf(buf, sizeof buf, "%s %s %s–%s%s%s", c->h[i].class_name, c->h[i].year, a, z,
                 *c->h[i].reason_out ? ", " : "", c->h[i].reason_out);
        ui_put(w, y, 1, cols - 1, buf, UI_NORMAL);
    }
}

/* Write a change (the fields set in ch) in one transaction; the list behind is
 * told to re-read.  True if saved. */
static bool card_save(struct screen *s, const struct pupil_change *ch)
{
    struct card *c = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct ej_error err;
    if (db_pupil_edit(ctx->db, ctx, c->id, ch, &err) != EJ_OK) {
        tui_fail(s->tui, &err);
        return false;
    }
    card_load(s);
    tui_changed(s->tui, "pupils");
    tui_status(s->tui, "%s", _("Saved"));
    return true;
}

/* Enter: the field under the cursor; F2: every field in turn (Esc drops them all). */
static void card_edit(struct screen *s, bool all)
{
    struct card *c = s->data;
    char title[400];
    snprintf(title, sizeof title, "%s %s %s", c->v[PF_SURNAME], c->v[PF_NAME], c->v[PF_PATRONYMIC]);
    char *typed[PF_COUNT] = { NULL };
    struct pupil_change ch = { { NULL }, NULL };
    bool cancelled = false, any = false;
    for (int i = all ? 0 : c->l.sel; i < (all ? NROWS : c->l.sel + 1) && !cancelled; i++) {
        if (i == NFIELDS) { /* yes or no: a question, not a text */
            int yes = dialog_ask(s->tui, _("Weekly reports on paper for this family (no internet, "
                                           "cl. 3.10)?"));
            cancelled = yes < 0;
            if (!cancelled && (yes == 1) != c->paper) {
                ch.paper = yes == 1 ? "да" : "нет";
                any = true;
            }
            continue;
        }
        enum pupil_field f = fields[i];
        char prompt[128];
        snprintf(prompt, sizeof prompt, "%s:", field_label(f));
        typed[f] = dialog_input(s->tui, title, prompt, c->v[f]);
        cancelled = typed[f] == NULL;
        if (!cancelled && strcmp(typed[f], c->v[f]) != 0) {
            ch.f[f] = typed[f];
            any = true;
        }
    }
    if (!cancelled && any)
        card_save(s, &ch);
    for (int i = 0; i < PF_COUNT; i++)
        free(typed[i]);
}

/* F7: a new parent, asked field by field; F8: one already in the school. */
static int choose_relation(struct tui *t, const char *title)
{
    const char *items[GUARDIAN_NRELATIONS - 1];
    for (int i = 0; i < GUARDIAN_NRELATIONS - 1; i++)
        items[i] = guardian_relations[i];
    return dialog_choose(t, title, items, GUARDIAN_NRELATIONS - 1, 0);
}

static void guardian_done(struct screen *s, enum ej_err e, const struct ej_error *err)
{
    if (e != EJ_OK) {
        tui_fail(s->tui, err);
        return;
    }
    card_load(s);
    tui_status(s->tui, "%s", _("Saved"));
}

static void guardian_add(struct screen *s)
{
    struct card *c = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    char title[400];
    snprintf(title, sizeof title, _("A parent of %s %s"), c->v[PF_SURNAME], c->v[PF_NAME]);
    int rel = choose_relation(s->tui, title);
    if (rel < 0)
        return;
    static const char *const prompts[] = { N_("Surname:"), N_("Name:"), N_("Patronymic:"),
                                           N_("Phone:") };
    char *v[4] = { NULL };
    bool ok = true;
    for (int i = 0; i < 4 && ok; i++)
        ok = (v[i] = dialog_input(s->tui, title, _(prompts[i]), "")) != NULL;
    if (ok) {
        struct guardian_change g = { .surname = v[0], .name = v[1], .patronymic = v[2],
                                     .phone = v[3], .relation = guardian_relations[rel] };
        struct ej_error err;
        long long id;
        guardian_done(s, db_guardian_add(ctx->db, ctx, c->id, &g, &id, &err), &err);
    }
    for (int i = 0; i < 4; i++)
        free(v[i]);
}

static void guardian_link(struct screen *s)
{
    struct card *c = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    char title[400];
    snprintf(title, sizeof title, _("A parent of %s %s"), c->v[PF_SURNAME], c->v[PF_NAME]);
    char *prefix = dialog_input(s->tui, title, _("The parent's surname (its first letters):"), "");
    if (!prefix)
        return;
    struct guardian_found *f;
    int n;
    struct ej_error err;
    enum ej_err e = db_guardians_find(ctx->db, ctx, prefix, &f, &n, &err);
    free(prefix);
    if (e != EJ_OK) {
        guardian_done(s, e, &err);
        return;
    }
    if (n == 0) {
        tui_error(s->tui, "%s", _("No parent in the school has a surname that begins so"));
        free(f);
        return;
    }
    char **items = xcalloc((size_t)n, sizeof *items);
    for (int i = 0; i < n; i++)
        items[i] = xasprintf("%s — %s", f[i].name, *f[i].children ? f[i].children : "—");
    int k = dialog_choose(s->tui, title, (const char *const *)items, n, 0);
    int rel = k >= 0 ? choose_relation(s->tui, title) : -1;
    if (rel >= 0)
        guardian_done(s,
                      db_guardian_link(ctx->db, ctx, c->id, f[k].id, guardian_relations[rel],
                                       true, &err),
                      &err);
    for (int i = 0; i < n; i++)
        free(items[i]);
    free(items);
    free(f);
}

/* err (may be NULL) gets the policy's reason when not. */
static bool card_may(struct screen *s, enum action a, struct ej_error *err)
{
    struct card *c = s->data;
    if (a == ACT_GUARDIAN_ADD || a == ACT_GUARDIAN_LINK) {
        if (!c->guardians_ok && err)
            ej_error_set(err, EJ_EDENIED, "%s", _("Parents' data is kept by the pupil's class "
                                                 "teacher and the office (cl. 3.4)"));
        if (!c->guardians_ok || a == ACT_GUARDIAN_ADD)
            return c->guardians_ok;
        /* Linking searches the parents of the whole school: the office's (db_guardians_find). */
        struct policy_object school = { .school_id = tui_ctx(s->tui)->school_id };
        return policy_check(tui_ctx(s->tui), POLICY_GUARDIAN_EDIT, &school, err) == EJ_OK;
    }
    if (a != ACT_OPEN && a != ACT_CHANGE)
        return true;
    struct policy_object o = { .school_id = tui_ctx(s->tui)->school_id, .pupil_id = c->id };
    return policy_check(tui_ctx(s->tui), POLICY_PUPIL_EDIT, &o, err) == EJ_OK;
}

static bool card_allowed(struct screen *s, enum action a)
{
    return card_may(s, a, NULL);
}

static int card_action(struct screen *s, enum action a, wint_t ch)
{
    struct card *c = s->data;
    (void)ch;
    struct ej_error err;
    if (!card_may(s, a, &err)) { /* the bar did not offer it; the policy says why */
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
        wlist_action(&c->l, a, NROWS);
        wlist_scroll(&c->l, NROWS);
        return AR_REDRAW;
    case ACT_OPEN:
    case ACT_CHANGE:
        card_edit(s, a == ACT_CHANGE);
        return AR_REDRAW;
    case ACT_GUARDIAN_ADD:
        guardian_add(s);
        return AR_REDRAW;
    case ACT_GUARDIAN_LINK:
        guardian_link(s);
        return AR_REDRAW;
    default:
        return AR_DEFAULT;
    }
}

static bool card_changed(struct screen *s, const char *payload)
{
    if (payload)
        return false; /* only when reconnected */
    card_load(s);
    return true;
}

static void card_close(struct screen *s)
{
    struct card *c = s->data;
    card_free_data(c);
    free(c);
}

static const struct screen_ops card_ops = {
    .name = "card",
    .keymap = &keymap_card,
    .draw = card_draw,
    .action = card_action,
    .changed = card_changed,
    .allowed = card_allowed,
    .close = card_close,
};

void screen_card_open(struct tui *t, const struct db_pupil *p)
{
    struct card *c = xcalloc(1, sizeof *c);
    c->id = p->id;
    snprintf(c->class_name, sizeof c->class_name, "%s", p->class_name);
    card_fill(c, p);
    tui_push(t, &card_ops, c);
    card_load(&(struct screen){ &card_ops, t, c });
}
