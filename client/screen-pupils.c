/*
 * screen-pupils — the pupils of the school for the secretary, the deputy, the
 * administrator (and a class teacher: their own class), clause 3.3: the list by
 * class and surname with incremental search — typing letters narrows it to the
 * surnames that begin so, in either case, ё as е; Backspace widens it again —
 * F3 steps through the classes, F5 opens the study groups of the class shown
 * (screen-groups.c), F4 transfers the pupil to another class and F8
 * records leaving (the secretary: date, order, reason), Enter opens the pupil's
 * card (screen-card.c): personal data to change, parents with contacts (for
 * those who keep them) and the history of classes with dates and orders.  What may be seen is the policy's (PUPIL_READ,
 * GUARDIAN_EDIT), asked by the database layer.
 */
#include "calendar.h"
#include "db-movement.h"
#include "db-pupils.h"
#include "i18n.h"
#include "policy.h"
#include "screen.h"
#include "utf8.h"
#include "widget.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pscreen {
    struct db_pupil *v;
    int n;
    char **keys;          /* folded surnames, for the search */
    int *shown;           /* indices of v matching the search and the class */
    int nshown;
    char search[128];     /* UTF-8 as typed */
    char classes[64][16];
    int nclasses, cls;    /* cls: -1 all, else an index into classes; nclasses: who left */
    int nleft;            /* of v, those who left the school this year (the office's) */
    struct wlist l;
    int page;
    char problem[512];
};

static void apply_filter(struct pscreen *ps)
{
    if (ps->cls > ps->nclasses || (ps->cls == ps->nclasses && ps->nleft == 0))
        ps->cls = -1;
    bool left_view = ps->cls == ps->nclasses;
    char *key = utf8_fold(ps->search);
    size_t kl = strlen(key);
    ps->nshown = 0;
    for (int i = 0; i < ps->n; i++) {
        if ((ps->v[i].left != 0) != left_view)
            continue;
        if (ps->cls >= 0 && !left_view && strcmp(ps->v[i].class_name, ps->classes[ps->cls]) != 0)
            continue;
        if (kl && strncmp(ps->keys[i], key, kl) != 0)
            continue;
        ps->shown[ps->nshown++] = i;
    }
    free(key);
    ps->l.n = ps->nshown;
    if (ps->l.sel >= ps->nshown)
        ps->l.sel = ps->nshown > 0 ? ps->nshown - 1 : 0;
    if (ps->l.sel < 0)
        ps->l.sel = 0;
}

static void load(struct screen *s)
{
    struct pscreen *ps = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct ej_error err;
    if (db_pupils_list(ctx->db, ctx, NULL, &ps->v, &ps->n, &err) != EJ_OK) {
        snprintf(ps->problem, sizeof ps->problem, "%s", err.msg);
        tui_error(s->tui, "%s", err.msg);
        if (err.code == EJ_ETEMP)
            tui_db_lost(s->tui);
        return;
    }
    /* The office also sees who left this year (F3, after the classes). */
    ps->nleft = 0;
    struct db_pupil *gone;
    int ngone;
    if ((ctx->roles & (ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY)) &&
        db_pupils_left(ctx->db, ctx, &gone, &ngone, &err) == EJ_OK) {
        ps->v = xrealloc(ps->v, (size_t)(ps->n + ngone + 1) * sizeof *ps->v);
        memcpy(ps->v + ps->n, gone, (size_t)ngone * sizeof *gone);
        ps->n += ngone;
        ps->nleft = ngone;
        free(gone); /* the strings moved into ps->v */
    }
    ps->keys = xcalloc((size_t)ps->n + 1, sizeof *ps->keys);
    ps->shown = xcalloc((size_t)ps->n + 1, sizeof *ps->shown);
    for (int i = 0; i < ps->n; i++) {
        ps->keys[i] = utf8_fold(ps->v[i].surname);
        if (ps->v[i].left)
            continue;
        if (ps->nclasses < 64 &&
            (ps->nclasses == 0 || strcmp(ps->classes[ps->nclasses - 1], ps->v[i].class_name)))
            snprintf(ps->classes[ps->nclasses++], 16, "%s", ps->v[i].class_name);
    }
    apply_filter(ps);
}

static void pupils_draw(struct screen *s, WINDOW *w, int top, int rows, int cols)
{
    struct pscreen *ps = s->data;
    if (!ps->v) {
        ui_put(w, top + 1, 1, cols - 2, *ps->problem ? ps->problem : _("Loading…"), UI_DIM);
        return;
    }
    char buf[400];
    snprintf(buf, sizeof buf, _("Pupils · %s · %d of %d · search: %s"),
             ps->cls == ps->nclasses ? _("left the school this year")
             : ps->cls >= 0          ? ps->classes[ps->cls]
                                     : _("all classes"),
             ps->nshown, ps->n - ps->nleft, *ps->search ? ps->search : _("type a surname"));
    ui_put(w, top, 0, cols, buf, UI_SECTION);
    ui_fill(w, top + 1, 0, 1, cols, UI_HEADER);
    ui_put(w, top + 1, 0, 6, _("Class"), UI_HEADER);
    ui_put(w, top + 1, 6, 40, _("Pupil"), UI_HEADER);
    ui_put(w, top + 1, 47, 11, _("Born"), UI_HEADER);
    ui_put(w, top + 1, 59, cols - 59, _("File no."), UI_HEADER);
    ps->page = rows - 2;
    wlist_scroll(&ps->l, ps->page);
    if (ps->nshown == 0)
        ui_put(w, top + 3, 1, cols - 2, _("Nobody matches"), UI_DIM);
    for (int r = 0; r < ps->page && ps->l.top + r < ps->nshown; r++) {
        const struct db_pupil *p = &ps->v[ps->shown[ps->l.top + r]];
        enum ui_style st = ps->l.top + r == ps->l.sel ? UI_CURSOR : UI_NORMAL;
        int y = top + 2 + r;
        ui_fill(w, y, 0, 1, cols, st);
        ui_put(w, y, 0, 6, p->class_name, st);
        snprintf(buf, sizeof buf, "%s %s %s", p->surname, p->name, p->patronymic);
        ui_put(w, y, 6, 40, buf, st);
        char d[11];
        cal_ddmmyyyy(p->birth, d);
        ui_put(w, y, 47, 11, d, st);
        if (p->left) {
            char out[11], when[64];
            cal_ddmmyyyy(p->left, out);
            snprintf(when, sizeof when, _("left %s"), out);
            ui_put(w, y, 59, cols - 59, when, st);
        } else {
            ui_put(w, y, 59, cols - 59, p->file_no, st);
        }
    }
}

/* Re-read the list, keeping the search (a pupil moved, or their card changed). */
static void reload(struct screen *s)
{
    struct pscreen *ps = s->data;
    char keep[128];
    snprintf(keep, sizeof keep, "%s", ps->search);
    for (int i = 0; i < ps->n; i++)
        free(ps->keys[i]);
    free(ps->keys);
    free(ps->shown);
    db_pupils_free(ps->v, ps->n);
    ps->v = NULL;
    ps->keys = NULL;
    ps->shown = NULL;
    ps->n = ps->nclasses = 0;
    load(s);
    snprintf(ps->search, sizeof ps->search, "%s", keep);
    if (ps->v)
        apply_filter(ps);
}

/* F4 / F8: a transfer or leaving, asked field by field; one transaction at the end. */
static void move_pupil(struct screen *s, bool transfer)
{
    struct pscreen *ps = s->data;
    if (ps->l.sel < 0 || ps->l.sel >= ps->nshown)
        return;
    const struct db_pupil *p = &ps->v[ps->shown[ps->l.sel]];
    struct ej_ctx *ctx = tui_ctx(s->tui);
    char title[300], today[11];
    snprintf(title, sizeof title, "%s %s %s, %s", transfer ? _("Transfer") : _("Leaves"),
             p->surname, p->name, p->class_name);
    cal_ddmmyyyy(tui_today(s->tui), today);
    char *to = transfer ? dialog_input(s->tui, title, _("To class (e.g. 7Б):"), "") : NULL;
    if (transfer && !to)
        return;
    char *date = dialog_input(s->tui, title, _("From (the first day, DD.MM.YYYY):"), today);
    char *order = date ? dialog_input(s->tui, title, _("Order number:"), "") : NULL;
    char *reason = order && !transfer ? dialog_input(s->tui, title, _("Reason:"), "") : NULL;
    char *dest = reason ? dialog_input(s->tui, title, _("Destination school (may be empty):"), "")
                        : NULL;
    int day;
    struct ej_error err;
    enum ej_err e = EJ_OK;
    if (!date || !order || (!transfer && (!reason || !dest))) {
        e = EJ_EINVAL; /* cancelled: nothing changes */
    } else if (!cal_parse_user(date, &day)) {
        tui_error(s->tui, "%s", _("Date: DD.MM.YYYY, e.g. 26.11.2026"));
        e = EJ_EINVAL;
    } else {
        struct db_move m = { p->id, day, order, to, reason, dest };
        e = transfer ? db_pupil_transfer(ctx->db, ctx, &m, &err) : db_pupil_leave(ctx->db, ctx, &m, &err);
        if (e != EJ_OK) {
            tui_error(s->tui, "%s", err.msg);
            if (e == EJ_ETEMP)
                tui_db_lost(s->tui);
        } else {
            tui_status(s->tui, "%s", _("Saved"));
        }
    }
    free(to);
    free(date);
    free(order);
    free(reason);
    free(dest);
    if (e == EJ_OK) /* the pupil's class changed */
        reload(s);
}

/* The class the list shows, else the selected pupil's, else "". */
static const char *current_class(const struct pscreen *ps)
{
    if (ps->cls >= 0 && ps->cls < ps->nclasses)
        return ps->classes[ps->cls];
    if (ps->l.sel >= 0 && ps->l.sel < ps->nshown)
        return ps->v[ps->shown[ps->l.sel]].class_name;
    return "";
}

/* F7: a pupil arrives, asked field by field (the class shown is offered); one
 * transaction at the end, the same checks as a class list. */
static void arrive(struct screen *s)
{
    struct pscreen *ps = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    static const struct {
        enum pupil_field f;
        const char *prompt;
    } ask[] = {
        { PF_SURNAME, N_("Surname:") },   { PF_NAME, N_("Name:") },
        { PF_PATRONYMIC, N_("Patronymic (may be empty):") },
        { PF_BIRTH, N_("Birth date (DD.MM.YYYY):") }, { PF_SEX, N_("Sex (М/Ж):") },
        { PF_FILE_NO, N_("Personal file number (may be empty):") },
        { PF_ADDRESS, N_("Address (may be empty):") },
    };
    enum { N = sizeof ask / sizeof ask[0] };
    char *v[N] = { NULL };
    char today[11];
    cal_ddmmyyyy(tui_today(s->tui), today);
    const char *title = _("A pupil arrives");
    char *cls = dialog_input(s->tui, title, _("Class (e.g. 7А):"), current_class(ps));
    bool done = cls != NULL;
    for (int i = 0; i < N && done; i++)
        done = (v[i] = dialog_input(s->tui, title, _(ask[i].prompt), "")) != NULL;
    char *date = done ? dialog_input(s->tui, title, _("From (the first day, DD.MM.YYYY):"), today) : NULL;
    char *order = date ? dialog_input(s->tui, title, _("Order number:"), "") : NULL;
    if (order) {
        int day;
        if (!cal_parse_user(date, &day)) {
            tui_error(s->tui, "%s", _("Date: DD.MM.YYYY, e.g. 26.11.2026"));
        } else {
            struct pupil_change c;
            memset(&c, 0, sizeof c);
            for (int i = 0; i < N; i++)
                c.f[ask[i].f] = v[i];
            struct db_pupils_import a = { cls, day, order, true };
            struct ej_error err;
            enum ej_err e = db_pupil_arrive(ctx->db, ctx, &a, &c, &err);
            if (e != EJ_OK) {
                tui_error(s->tui, "%s", err.msg);
                if (e == EJ_ETEMP)
                    tui_db_lost(s->tui);
            } else {
                tui_status(s->tui, _("Saved: %s %s in %s from %s"), v[0], v[1], cls, date);
                reload(s);
            }
        }
    }
    for (int i = 0; i < N; i++)
        free(v[i]);
    free(cls);
    free(date);
    free(order);
}

/* F2: a class list pasted into the terminal (cells copied from a spreadsheet arrive
 * tab-separated, with the header row), checked like `pupils import`, then on
 * confirmation enrolled all at once. */
struct paste {
    struct ej_buf b;
    int lines;
    const char *cls;
};

static void paste_draw(void *arg)
{
    struct paste *p = arg;
    int h = LINES - 6 > 8 ? LINES - 6 : 8, w = COLS - 4, y0 = 2, x0 = 2;
    ui_fill(stdscr, y0, x0, h, w, UI_NORMAL);
    ui_box(stdscr, y0, x0, h, w, UI_FRAME);
    char buf[300];
    snprintf(buf, sizeof buf, _(" A class list for %s "), p->cls);
    ui_put_center(stdscr, y0, x0, w, buf, UI_TITLE);
    ui_put(stdscr, y0 + 1, x0 + 2, w - 4,
           _("Paste the list copied from a spreadsheet, the header row first (Фамилия, Имя, Дата рождения, Пол…)."),
           UI_NORMAL);
    ui_put(stdscr, y0 + 2, x0 + 2, w - 4, _("F2 or Ctrl-D: check it; Esc: cancel."), UI_DIM);
    snprintf(buf, sizeof buf, _("Lines so far: %d"), p->lines + (p->b.len && p->b.data[p->b.len - 1] != '\n'));
    ui_put(stdscr, y0 + 3, x0 + 2, w - 4, buf, UI_SECTION);
    /* The last lines pasted, tabs shown as " | ". */
    int room = h - 6, first = p->lines - room + 1;
    const char *s = p->b.data ? p->b.data : "";
    int line = 0;
    for (const char *q = s; *q && line < p->lines + 1; line++) {
        const char *e = strchr(q, '\n');
        size_t n = e ? (size_t)(e - q) : strlen(q);
        if (line >= first) {
            struct ej_buf l;
            buf_init(&l);
            for (size_t i = 0; i < n; i++)
                q[i] == '\t' ? buf_puts(&l, " | ") : buf_append(&l, q + i, 1);
            ui_put(stdscr, y0 + 5 + line - (first > 0 ? first : 0), x0 + 2, w - 4, l.data ? l.data : "",
                   UI_NORMAL);
            buf_free(&l);
        }
        q = e ? e + 1 : q + n;
    }
}

static void import_paste(struct screen *s)
{
    struct pscreen *ps = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    const char *title = _("A class list");
    char today[11];
    cal_ddmmyyyy(tui_today(s->tui), today);
    char *cls = dialog_input(s->tui, title, _("Class (e.g. 7А):"), current_class(ps));
    char *date = cls ? dialog_input(s->tui, title, _("From (the first day, DD.MM.YYYY):"), today) : NULL;
    char *order = date ? dialog_input(s->tui, title, _("Order number:"), "") : NULL;
    int day;
    if (order && !cal_parse_user(date, &day)) {
        tui_error(s->tui, "%s", _("Date: DD.MM.YYYY, e.g. 26.11.2026"));
        free(order);
        order = NULL;
    }
    struct paste p = { { 0 }, 0, cls };
    buf_init(&p.b);
    bool done = false;
    while (order && !done) {
        int key = tui_modal_key(s->tui, paste_draw, &p);
        if (key == KCTRL('D') || key == KF(KEY_F(2))) {
            done = true;
        } else if (key == 0x1b || key == KF(KEY_F(10))) {
            break;
        } else if (key == '\r' || key == '\n' || key == KF(KEY_ENTER)) {
            buf_puts(&p.b, "\n");
            p.lines++;
        } else if (key == KF(KEY_BACKSPACE) || key == 0x7f || key == KCTRL('H')) {
            if (p.b.len > 0) { /* the last character, whole */
                size_t n = p.b.len - 1;
                while (n > 0 && ((unsigned char)p.b.data[n] & 0xc0) == 0x80)
                    n--;
                if (p.b.data[n] == '\n')
                    p.lines--;
                p.b.len = n;
                p.b.data[n] = '\0';
            }
        } else if (key == '\t' || (!KEY_IS_FN(key) && key >= 0x20 && key != 0x7f && key < 0x110000)) {
            char enc[4];
            buf_append(&p.b, enc, utf8_encode((uint32_t)key, enc));
        }
    }
    if (done && p.b.len > 0) {
        struct db_pupils_import a = { cls, day, order, false };
        struct pupil_sheet sh;
        int imported;
        struct ej_error err;
        enum ej_err e = db_pupils_import(ctx->db, ctx, &a, p.b.data, p.b.len, &sh, &imported, &err);
        struct ej_buf m;
        buf_init(&m);
        if (e == EJ_OK)
            buf_printf(&m, _("Pupils to enroll in %s from %s: %d\n"), cls, date, sh.nrows);
        else
            buf_printf(&m, "%s\n", err.msg);
        for (int i = 0; i < sh.nproblems && i < 12; i++) {
            if (sh.problems[i].line)
                buf_printf(&m, _("line %d: %s\n"), sh.problems[i].line, sh.problems[i].msg);
            else
                buf_printf(&m, "%s\n", sh.problems[i].msg);
        }
        for (int i = 0; i < sh.nwarnings && i < 4; i++)
            buf_printf(&m, "%s\n", sh.warnings[i].msg);
        pupils_sheet_free(&sh);
        dialog_message(s->tui, title, m.data);
        buf_free(&m);
        if (e != EJ_OK) {
            tui_error(s->tui, "%s", _("Nothing is written: correct the list and paste it again"));
        } else if (dialog_ask(s->tui, _("Enroll them? (Д/Н)")) == 1) {
            a.apply = true;
            e = db_pupils_import(ctx->db, ctx, &a, p.b.data, p.b.len, &sh, &imported, &err);
            pupils_sheet_free(&sh);
            if (e != EJ_OK) {
                tui_error(s->tui, "%s", err.msg);
            } else {
                tui_status(s->tui, _("Saved: %d pupils enrolled in %s"), imported, cls);
                reload(s);
            }
        } else {
            tui_status(s->tui, "%s", _("Nothing changed"));
        }
    }
    buf_free(&p.b);
    free(cls);
    free(date);
    free(order);
}

static bool pupils_allowed(struct screen *s, enum action a)
{
    if (a == ACT_REGISTER) /* the whole school's register: the office */
        return (tui_ctx(s->tui)->roles & (ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY)) != 0;
    if (a != ACT_TRANSFER && a != ACT_LEAVE && a != ACT_ARRIVE && a != ACT_IMPORT)
        return true;
    struct policy_object o = { .school_id = tui_ctx(s->tui)->school_id };
    return policy_allows(tui_ctx(s->tui), POLICY_PUPIL_EDIT, &o);
}

static int pupils_action(struct screen *s, enum action a, wint_t ch)
{
    struct pscreen *ps = s->data;
    if (!ps->v)
        return AR_DEFAULT;
    switch (a) {
    case ACT_UP:
    case ACT_DOWN:
    case ACT_PGUP:
    case ACT_PGDN:
    case ACT_HOME:
    case ACT_END:
        wlist_action(&ps->l, a, ps->page);
        return AR_REDRAW;
    case ACT_OPEN:
        if (ps->l.sel >= 0 && ps->l.sel < ps->nshown)
            screen_card_open(s->tui, &ps->v[ps->shown[ps->l.sel]]);
        return AR_REDRAW;
    case ACT_ARRIVE:
        arrive(s);
        return AR_REDRAW;
    case ACT_IMPORT:
        import_paste(s);
        return AR_REDRAW;
    case ACT_REGISTER:
        screen_register_open(s->tui);
        return AR_REDRAW;
    case ACT_TRANSFER:
    case ACT_LEAVE:
        move_pupil(s, a == ACT_TRANSFER);
        return AR_REDRAW;
    case ACT_GROUPS: /* F5: the class shown, else the selected pupil's */
        if (ps->cls >= 0)
            screen_groups_open(s->tui, ps->classes[ps->cls]);
        else if (ps->l.sel >= 0 && ps->l.sel < ps->nshown)
            screen_groups_open(s->tui, ps->v[ps->shown[ps->l.sel]].class_name);
        return AR_REDRAW;
    case ACT_VIEW: /* F3: the next class, then who left (the office), then all */
        ps->cls = ps->cls + 1 < ps->nclasses || (ps->cls + 1 == ps->nclasses && ps->nleft) ? ps->cls + 1
                                                                                             : -1;
        ps->l.sel = 0;
        apply_filter(ps);
        return AR_REDRAW;
    case ACT_BACKSPACE:
    case ACT_CHAR:
        if (!wsearch_action(ps->search, sizeof ps->search, a, ch))
            return AR_NONE;
        apply_filter(ps);
        return AR_REDRAW;
    default:
        return AR_DEFAULT;
    }
}

static bool pupils_changed(struct screen *s, const char *payload)
{
    if (payload && strcmp(payload, "pupils") != 0)
        return false;
    reload(s);
    return true;
}

static void pupils_close(struct screen *s)
{
    struct pscreen *ps = s->data;
    for (int i = 0; i < ps->n; i++)
        free(ps->keys ? ps->keys[i] : NULL);
    free(ps->keys);
    free(ps->shown);
    db_pupils_free(ps->v, ps->n);
    free(ps);
}

static const struct screen_ops pupils_ops = {
    .name = "pupils",
    .keymap = &keymap_pupils,
    .draw = pupils_draw,
    .action = pupils_action,
    .allowed = pupils_allowed,
    .changed = pupils_changed,
    .close = pupils_close,
};

void screen_pupils_open(struct tui *t)
{
    struct pscreen *ps = xcalloc(1, sizeof *ps);
    ps->cls = -1;
    tui_push(t, &pupils_ops, ps);
    load(&(struct screen){ &pupils_ops, t, ps });
}
