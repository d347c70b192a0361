/*
 * screen-year — the school year as the deputy director set it up (clause 3.2,
 * issue #8), for every member of staff: the year's dates, periods with their
 * school days, holidays and moved days, and its classes (class teacher, pupils,
 * subjects and weekly hours of the curriculum).  F7/F8 go to the previous and the
 * next year — a teacher sees next year's journals here before it begins.  Enter
 * opens a class: its weekly timetable (lessons × weekdays, rooms) over its
 * teaching load (subject, group, teacher, from when); Enter on a line of the load
 * opens that journal, with the lessons generated and the topics of its КТП.  Tab
 * puts the cursor in the timetable, where Enter (the deputy director, the
 * administrator) changes a lesson from today on: a subject of the curriculum or a
 * group's journal and the room, or no lesson — a clash is refused and named.  F5
 * on a class (the deputy director, the administrator) makes its lessons from the
 * timetable: first the plan in a dialog, then, confirmed, all of it in one
 * transaction; F5 on the year does it for every class.  F6 on a year (the
 * secretary) moves the pupils up from the year before (classes promote): kept-back
 * and leaving pupils by number, the plan, then on «д» all of it.  The data is changed with the year / curriculum / load /
 * timetable / plan commands (man ejournal).
 */
#include "calendar.h"
#include "cmd.h"
#include "db-classes.h"
#include "db-year.h"
#include "i18n.h"
#include "policy.h"
#include "screen.h"
#include "widget.h"
#include "xmalloc.h"
#include "year.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct yscreen {
    char year[16];               /* "" until the first load: the current year */
    struct db_year_show show;
    bool loaded;
    struct wlist l;
    int page;
    char problem[512];
};

static void year_load(struct screen *s)
{
    struct yscreen *ys = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct ej_error err;
    struct db_year_show show;
    if (db_year_show(ctx->db, ctx, *ys->year ? ys->year : NULL, &show, &err) != EJ_OK) {
        snprintf(ys->problem, sizeof ys->problem, "%s", err.msg);
        tui_error(s->tui, "%s", err.msg);
        if (err.code == EJ_ETEMP)
            tui_db_lost(s->tui);
        return;
    }
    db_year_show_free(&ys->show);
    ys->show = show;
    ys->loaded = true;
    *ys->problem = '\0';
    snprintf(ys->year, sizeof ys->year, "%s", show.year.name);
    ys->l.n = show.nclasses;
    if (ys->l.sel >= ys->l.n)
        ys->l.sel = ys->l.n ? ys->l.n - 1 : 0;
}

/* "01.09–23.10" */
static const char *span(int a, int b, char out[32])
{
    char x[6], y[6];
    cal_ddmm(a, x);
    cal_ddmm(b, y);
    snprintf(out, 32, "%s–%s", x, y);
    return out;
}

static void year_draw(struct screen *s, WINDOW *w, int top, int rows, int cols)
{
    struct yscreen *ys = s->data;
    if (!ys->loaded) {
        ui_put(w, top + 1, 1, cols - 2, *ys->problem ? ys->problem : _("Loading…"), UI_DIM);
        return;
    }
    const struct db_year_show *sh = &ys->show;
    char buf[1024], a[11], b[11], sp[32];
    cal_ddmmyyyy(sh->year.starts, a);
    cal_ddmmyyyy(sh->year.ends, b);
    snprintf(buf, sizeof buf, _("School year %s · %s–%s · %d school days · %d-day week"),
             sh->year.name, a, b, sh->year.workdays, sh->six_days ? 6 : 5);
    ui_put(w, top, 0, cols, buf, UI_SECTION);
    /* Periods, holidays and moved days: one line each, as much as fits. */
    struct ej_buf pb;
    buf_init(&pb);
    for (int i = 0; i < sh->nperiods; i++) {
        const struct db_year_period *p = &sh->periods[i];
        if (!strcmp(p->scheme, "year"))
            continue;
        buf_printf(&pb, "%s%s %s (%d)%s", pb.len ? " · " : "", p->name,
                   span(p->starts, p->ends, sp), p->workdays, *p->locked ? _(", locked") : "");
    }
    ui_put(w, top + 1, 0, cols, pb.len ? pb.data : _("No periods yet (year periods)"),
           pb.len ? UI_NORMAL : UI_ERROR);
    buf_reset(&pb);
    for (int i = 0; i < sh->nholidays; i++)
        buf_printf(&pb, "%s%s %s", pb.len ? " · " : _("Holidays: "), sh->holidays[i].name,
                   span(sh->holidays[i].starts, sh->holidays[i].ends, sp));
    for (int i = 0; i < sh->ndays; i++) {
        char d[6];
        cal_ddmm(sh->days[i].day, d);
        buf_printf(&pb, "%s%s %s", pb.len ? " · " : "", d,
                   sh->days[i].as_weekday ? year_weekday_name(sh->days[i].as_weekday) : _("day off"));
    }
    ui_put(w, top + 2, 0, cols, pb.len ? pb.data : _("No holidays yet (year holiday add)"), UI_DIM);
    buf_free(&pb);
    /* The columns: class, class teacher, pupils, subjects and weekly hours of the
     * curriculum, lessons a week in the timetable, lessons made, period scheme. */
    enum { C_CLASS, C_TEACHER, C_PUPILS, C_SUBJECTS, C_HOURS, C_WEEK, C_LESSONS, C_SCHEME, C_N };
    static const struct {
        int x, width;
        const char *label;
    } col[C_N] = { { 0, 6, N_("Class") },      { 7, 26, N_("Class teacher") },
                   { 34, 8, N_("Pupils") },    { 43, 9, N_("Subjects") },
                   { 53, 6, N_("Hours") },     { 60, 9, N_("A week") },
                   { 70, 7, N_("Lessons") },   { 78, 12, N_("Periods") } };
    ui_fill(w, top + 3, 0, 1, cols, UI_HEADER);
    for (int i = 0; i < C_N; i++)
        if (col[i].x < cols)
            ui_put(w, top + 3, col[i].x, col[i].x + col[i].width <= cols ? col[i].width : cols - col[i].x,
                   _(col[i].label), UI_HEADER);
    ys->page = rows - 4 > 1 ? rows - 4 : 1;
    wlist_scroll(&ys->l, ys->page);
    if (sh->nclasses == 0)
        ui_put(w, top + 5, 1, cols - 2, _("No classes in this year yet (classes promote, year class)"),
               UI_DIM);
    for (int r = 0; r < ys->page && ys->l.top + r < sh->nclasses; r++) {
        int i = ys->l.top + r;
        const struct db_year_class *c = &sh->classes[i];
        bool cur = i == ys->l.sel;
        char teacher[512];
        snprintf(teacher, sizeof teacher, "%s", *c->teacher ? c->teacher : "—");
        ui_fill(w, top + 4 + r, 0, 1, cols, cur ? UI_CURSOR : UI_NORMAL);
        char cell[C_N][512];
        snprintf(cell[C_CLASS], sizeof cell[0], "%s", c->name);
        snprintf(cell[C_TEACHER], sizeof cell[0], "%s", teacher);
        snprintf(cell[C_PUPILS], sizeof cell[0], "%7d", c->pupils);
        snprintf(cell[C_SUBJECTS], sizeof cell[0], "%8d", c->subjects);
        snprintf(cell[C_HOURS], sizeof cell[0], "%3d.%d", c->hours10 / 10, c->hours10 % 10);
        snprintf(cell[C_WEEK], sizeof cell[0], "%8d", c->slots);
        snprintf(cell[C_LESSONS], sizeof cell[0], "%6d", c->lessons);
        snprintf(cell[C_SCHEME], sizeof cell[0], "%s",
                 !strcmp(c->scheme, "quarter")     ? _("quarters")
                 : !strcmp(c->scheme, "trimester") ? _("trimesters")
                                                   : _("half-years"));
        for (int k = 0; k < C_N; k++) {
            if (col[k].x >= cols)
                break;
            /* What is still missing shows in the error colour. */
            bool missing = (k == C_SUBJECTS && !c->subjects) || (k == C_WEEK && !c->slots) ||
                           (k == C_LESSONS && !c->lessons);
            ui_put(w, top + 4 + r, col[k].x, col[k].x + col[k].width <= cols ? col[k].width : cols - col[k].x,
                   cell[k], cur ? UI_CURSOR : k == C_CLASS ? UI_TITLE : missing ? UI_ERROR : UI_NORMAL);
        }
    }
}

/* F5: the lessons of a class (cls NULL: of every class) from the timetable — the
 * plan in a dialog, then on confirmation all of it.  True when lessons changed. */
static bool generate_dialog(struct tui *t, const char *year, const char *cls)
{
    struct ej_ctx *ctx = tui_ctx(t);
    struct ej_error err;
    struct db_gen g;
    if (db_lessons_generate(ctx->db, ctx, year, cls, 0, 0, false, &g, &err) != EJ_OK) {
        tui_error(t, "%s", err.msg);
        return false;
    }
    struct ej_buf b;
    buf_init(&b);
    buf_printf(&b, _("Lessons to add: %d\nEmpty lessons to remove: %d\nLessons with data to move: %d\n"
                     "Lessons with data kept where they are: %d\nAlready in place: %d\n"),
               g.added, g.removed, g.moved, g.kept, g.unchanged);
    for (int i = 0; i < g.nitems && i < 8; i++) {
        char d[11];
        cal_ddmmyyyy(g.items[i].day, d);
        if (g.items[i].what == '>')
            buf_printf(&b, _("%s %s: lesson %d → %d\n"), d, g.items[i].subject, g.items[i].num,
                       g.items[i].new_num);
        else
            buf_printf(&b, _("%s %s: lesson %d stays\n"), d, g.items[i].subject, g.items[i].num);
    }
    int changes = g.added + g.removed + g.moved;
    db_gen_free(&g);
    char *title = cls ? xasprintf(_("Lessons of %s from the timetable"), cls)
                      : xasprintf(_("Lessons of every class of %s from the timetable"), year);
    dialog_message(t, title, b.data);
    free(title);
    buf_free(&b);
    if (changes == 0) {
        tui_status(t, "%s", _("The lessons already follow the timetable"));
        return false;
    }
    if (dialog_ask(t, _("Make these changes? (Д/Н)")) != 1) {
        tui_status(t, "%s", _("Nothing changed"));
        return false;
    }
    if (db_lessons_generate(ctx->db, ctx, year, cls, 0, 0, true, &g, &err) != EJ_OK) {
        tui_error(t, "%s", err.msg);
        return false;
    }
    tui_status(t, _("Saved: %d lessons added, %d removed, %d moved"), g.added, g.removed, g.moved);
    db_gen_free(&g);
    return true;
}

/* F6 on a year (the secretary): the rollover from the year before — every class to
 * the next grade with its pupils, but those kept back and those leaving (numbers
 * as the pupils' cards show them).  The plan first, then on «д» one transaction. */
static void year_promote(struct screen *s)
{
    struct yscreen *ys = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct ej_error err;
    struct db_year *v;
    int n;
    if (db_years_list(ctx->db, ctx, &v, &n, &err) != EJ_OK) {
        tui_error(s->tui, "%s", err.msg);
        return;
    }
    char from[16] = "";
    for (int i = 1; i < n; i++)
        if (!strcmp(v[i].name, ys->year))
            snprintf(from, sizeof from, "%s", v[i - 1].name);
    free(v);
    if (!*from) {
        tui_error(s->tui, _("There is no school year before %s to move the pupils from"), ys->year);
        return;
    }
    char *title = xasprintf(_("From %s to %s"), from, ys->year);
    char *order = dialog_input(s->tui, title, _("Order number:"), "");
    char *keep = order ? dialog_input(s->tui, title, _("Kept back (pupils' numbers, comma-separated; may be empty):"), "") : NULL;
    char *leave = keep ? dialog_input(s->tui, title, _("Leaving (pupils' numbers, comma-separated; may be empty):"), "") : NULL;
    long long *k = NULL, *l = NULL;
    struct db_promote a = { from, ys->year, order, NULL, NULL, 0, 0, false };
    if (leave && (!cmd_id_list(*keep ? keep : NULL, &k, &a.nkeep) ||
                  !cmd_id_list(*leave ? leave : NULL, &l, &a.nleave))) {
        tui_error(s->tui, "%s", _("Pupils' numbers, comma-separated: 12,15"));
    } else if (leave) {
        a.keep_back = k;
        a.leave = l;
        char *plan = NULL;
        int moved, left;
        if (db_classes_promote(ctx->db, ctx, &a, &plan, &moved, &left, &err) != EJ_OK) {
            tui_error(s->tui, "%s", err.msg);
        } else {
            struct ej_buf b;
            buf_init(&b);
            buf_printf(&b, _("Pupils to move: %d; to leave: %d\n"), moved, left);
            /* "8А<TAB>7А<TAB>25" per new class */
            for (char *line = plan; line && *line;) {
                char *nl = strchr(line, '\n');
                if (nl)
                    *nl = '\0';
                char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
                if (t1 && t2) {
                    *t1 = *t2 = '\0';
                    buf_printf(&b, _("%s from %s: %s pupils\n"), line, t1 + 1, t2 + 1);
                }
                line = nl ? nl + 1 : NULL;
            }
            free(plan);
            plan = NULL;
            dialog_message(s->tui, title, b.data);
            buf_free(&b);
            if (dialog_ask(s->tui, _("Move them? (Д/Н)")) != 1) {
                tui_status(s->tui, "%s", _("Nothing changed"));
            } else {
                a.apply = true;
                if (db_classes_promote(ctx->db, ctx, &a, &plan, &moved, &left, &err) != EJ_OK) {
                    tui_error(s->tui, "%s", err.msg);
                } else {
                    tui_status(s->tui, _("Saved: %d pupils moved to %s, %d left"), moved, ys->year,
                               left);
                    year_load(s);
                }
                free(plan);
            }
        }
    }
    free(k);
    free(l);
    free(order);
    free(keep);
    free(leave);
    free(title);
}

static int year_action(struct screen *s, enum action a, wint_t ch)
{
    (void)ch;
    struct yscreen *ys = s->data;
    if (wlist_action(&ys->l, a, ys->page))
        return AR_REDRAW;
    switch (a) {
    case ACT_OPEN:
        if (ys->loaded && ys->l.sel < ys->show.nclasses) {
            struct ej_ctx *ctx = tui_ctx(s->tui);
            screen_year_class_open(s->tui, ys->year, ys->show.classes[ys->l.sel].name,
                                   policy_allows(ctx, POLICY_YEAR_EDIT,
                                                 &(struct policy_object){ .school_id = ctx->school_id }));
        }
        return AR_REDRAW;
    case ACT_YEAR_PREV:
    case ACT_YEAR_NEXT: {
        struct ej_ctx *ctx = tui_ctx(s->tui);
        struct db_year *v;
        int n;
        struct ej_error err;
        if (db_years_list(ctx->db, ctx, &v, &n, &err) != EJ_OK) {
            tui_error(s->tui, "%s", err.msg);
            return AR_REDRAW;
        }
        int k = -1;
        for (int i = 0; i < n; i++)
            if (!strcmp(v[i].name, ys->year))
                k = i;
        k += a == ACT_YEAR_PREV ? -1 : 1;
        if (k < 0 || k >= n) {
            tui_status(s->tui, "%s", a == ACT_YEAR_PREV ? _("No earlier school year")
                                                        : _("No later school year (year create)"));
        } else {
            snprintf(ys->year, sizeof ys->year, "%s", v[k].name);
            ys->l.sel = ys->l.top = 0;
            year_load(s);
        }
        free(v);
        return AR_REDRAW;
    }
    case ACT_GENERATE:
        if (ys->loaded && generate_dialog(s->tui, ys->year, NULL))
            year_load(s);
        return AR_REDRAW;
    case ACT_PROMOTE:
        if (ys->loaded)
            year_promote(s);
        return AR_REDRAW;
    case ACT_REFRESH:
        year_load(s);
        tui_status(s->tui, "%s", _("Reloaded"));
        return AR_REDRAW;
    default:
        return AR_DEFAULT;
    }
}

static bool year_changed(struct screen *s, const char *payload)
{
    if (payload)
        return false;
    year_load(s);
    return true;
}

static void year_close(struct screen *s)
{
    struct yscreen *ys = s->data;
    db_year_show_free(&ys->show);
    free(ys);
}

static bool year_allowed(struct screen *s, enum action a)
{
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct policy_object o = { .school_id = ctx->school_id };
    if (a == ACT_PROMOTE)
        return policy_allows(ctx, POLICY_PUPIL_EDIT, &o);
    return a != ACT_GENERATE || policy_allows(ctx, POLICY_YEAR_EDIT, &o);
}

static const struct screen_ops year_ops = {
    .name = "year",
    .keymap = &keymap_year,
    .draw = year_draw,
    .action = year_action,
    .changed = year_changed,
    .allowed = year_allowed,
    .close = year_close,
};

void screen_year_open(struct tui *t)
{
    struct yscreen *ys = xcalloc(1, sizeof *ys);
    tui_push(t, &year_ops, ys);
    year_load(&(struct screen){ &year_ops, t, ys });
}

/* ------------------------------------------------------------ one class */

struct cscreen {
    char year[16], cls[8];
    bool may_edit;
    bool on_timetable;     /* Tab: the cursor is in the timetable, not the load */
    int cwd, cnum;         /* the timetable's cell under the cursor */
    int days, rows;        /* as last drawn */
    struct db_slot *slots;
    int nslots;
    struct db_load *load;
    int nload;
    struct wlist l;
    int page;
};

static void class_load(struct screen *s)
{
    struct cscreen *cs = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct ej_error err;
    struct db_slot *slots;
    struct db_load *load;
    int ns, nl;
    if (db_timetable_show(ctx->db, ctx, cs->year, cs->cls, NULL, 0, &slots, &ns, &err) != EJ_OK) {
        tui_error(s->tui, "%s", err.msg);
        return;
    }
    if (db_load_list(ctx->db, ctx, cs->year, cs->cls, NULL, &load, &nl, &err) != EJ_OK) {
        free(slots);
        tui_error(s->tui, "%s", err.msg);
        return;
    }
    free(cs->slots);
    free(cs->load);
    cs->slots = slots;
    cs->nslots = ns;
    cs->load = load;
    cs->nload = nl;
    cs->l.n = nl;
    if (cs->l.sel >= nl)
        cs->l.sel = nl ? nl - 1 : 0;
}

#define NUM_W 4

static void class_draw(struct screen *s, WINDOW *w, int top, int rows, int cols)
{
    struct cscreen *cs = s->data;
    char buf[512];
    snprintf(buf, sizeof buf, _("%s, %s · the timetable of the week and the teaching load"),
             cs->cls, cs->year);
    ui_put(w, top, 0, cols, buf, UI_SECTION);
    int maxnum = 0, days = 5;
    for (int i = 0; i < cs->nslots; i++) {
        if (cs->slots[i].num > maxnum)
            maxnum = cs->slots[i].num;
        if (cs->slots[i].weekday == 6)
            days = 6;
    }
    int colw = (cols - NUM_W) / days;
    cs->days = days;
    ui_fill(w, top + 1, 0, 1, cols, UI_HEADER);
    for (int d = 1; d <= days; d++)
        ui_put(w, top + 1, NUM_W + (d - 1) * colw, colw - 1, year_weekday_name(d), UI_HEADER);
    /* One row past the last lesson, for adding one (an editor's cursor may go there). */
    int ttrows = cs->nslots ? maxnum + 1 : 1;
    if (cs->may_edit && ttrows < 11)
        ttrows++;
    if (ttrows > rows / 2)
        ttrows = rows / 2;
    cs->rows = ttrows;
    if (cs->cnum >= ttrows)
        cs->cnum = ttrows - 1;
    if (cs->cwd > days)
        cs->cwd = days;
    if (cs->nslots == 0 && !cs->may_edit)
        ui_put(w, top + 2, 1, cols - 2, _("No timetable yet (timetable set)"), UI_DIM);
    for (int num = 0; num < ttrows && (cs->nslots || cs->may_edit); num++) {
        snprintf(buf, sizeof buf, "%2d", num);
        ui_put(w, top + 2 + num, 0, NUM_W, buf, UI_TITLE);
        for (int d = 1; d <= days; d++) {
            struct ej_buf cell;
            buf_init(&cell);
            for (int i = 0; i < cs->nslots; i++) {
                const struct db_slot *sl = &cs->slots[i];
                if (sl->weekday != d || sl->num != num)
                    continue;
                buf_printf(&cell, "%s%s%s%s%s", cell.len ? "/" : "", sl->subject,
                           *sl->group ? " " : "", sl->group, "");
                if (*sl->room)
                    buf_printf(&cell, " %s", sl->room);
            }
            bool cur = cs->on_timetable && d == cs->cwd && num == cs->cnum;
            ui_put(w, top + 2 + num, NUM_W + (d - 1) * colw, colw - 1, cell.len ? cell.data : "·",
                   cur ? UI_CURSOR : cell.len ? UI_NORMAL : UI_DIM);
            buf_free(&cell);
        }
    }
    int y = top + 2 + ttrows + 1;
    ui_fill(w, y, 0, 1, cols, UI_HEADER);
    static const struct {
        int x, width;
        const char *label;
    } head[] = { { 0, 34, N_("Subject") }, { 35, 14, N_("Group") }, { 50, 20, N_("Teacher") },
                 { 71, 10, N_("From") },   { 82, 10, N_("Until") },    { 93, 8, N_("Journal") } };
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
        if (head[i].x < cols)
            ui_put(w, y, head[i].x, head[i].x + head[i].width <= cols ? head[i].width : cols - head[i].x,
                   _(head[i].label), UI_HEADER);
    cs->page = top + rows - y - 1 > 1 ? top + rows - y - 1 : 1;
    wlist_scroll(&cs->l, cs->page);
    if (cs->nload == 0)
        ui_put(w, y + 2, 1, cols - 2, _("No teaching load yet (load set)"), UI_DIM);
    for (int r = 0; r < cs->page && cs->l.top + r < cs->nload; r++) {
        int i = cs->l.top + r;
        const struct db_load *ld = &cs->load[i];
        bool cur = i == cs->l.sel && !cs->on_timetable;
        char f[11] = "", t[11] = "";
        if (ld->from)
            cal_ddmmyyyy(ld->from, f);
        if (ld->to)
            cal_ddmmyyyy(ld->to, t);
        ui_fill(w, y + 1 + r, 0, 1, cols, cur ? UI_CURSOR : UI_NORMAL);
        ui_put(w, y + 1 + r, 0, 34, ld->subject, cur ? UI_CURSOR : UI_NORMAL);
        ui_put(w, y + 1 + r, 35, 14, ld->group, cur ? UI_CURSOR : UI_NORMAL);
        ui_put(w, y + 1 + r, 50, 20, *ld->teacher ? ld->teacher : _("nobody yet"),
               cur ? UI_CURSOR : *ld->teacher ? UI_NORMAL : UI_ERROR);
        snprintf(buf, sizeof buf, "%-10s %-10s %lld", f, t, ld->course_id);
        ui_put(w, y + 1 + r, 71, cols - 71, buf, cur ? UI_CURSOR : UI_DIM);
    }
}

/* Enter on a cell of the timetable (the deputy director): what is taught there from
 * today (or from the year's first day) on — a subject of the curriculum or a
 * group's journal, the room — or nothing. */
static void class_edit_cell(struct screen *s)
{
    struct cscreen *cs = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct ej_error err;
    struct db_curriculum *cu;
    int ncu;
    if (db_curriculum_list(ctx->db, ctx, cs->year, cs->cls, &cu, &ncu, &err) != EJ_OK) {
        tui_error(s->tui, "%s", err.msg);
        return;
    }
    /* The choices: each subject for the whole class, each group's journal, nothing. */
    int n = 0, cap = ncu + cs->nload + 1;
    char **labels = xcalloc((size_t)cap, sizeof *labels);
    const char **subject = xcalloc((size_t)cap, sizeof *subject), **group = xcalloc((size_t)cap, sizeof *group);
    for (int i = 0; i < ncu; i++) {
        labels[n] = xstrdup(cu[i].subject);
        subject[n] = cu[i].subject;
        group[n++] = NULL;
    }
    for (int i = 0; i < cs->nload; i++) {
        bool seen = !*cs->load[i].group;
        for (int k = ncu; k < n && !seen; k++)
            seen = !strcmp(subject[k], cs->load[i].subject) && !strcmp(group[k], cs->load[i].group);
        if (seen)
            continue;
        labels[n] = xasprintf("%s (%s)", cs->load[i].subject, cs->load[i].group);
        subject[n] = cs->load[i].subject;
        group[n++] = cs->load[i].group;
    }
    labels[n] = xstrdup(_("— no lesson —"));
    subject[n++] = NULL;
    char *title = xasprintf(_("%s, %s, lesson %d"), cs->cls, year_weekday_name(cs->cwd), cs->cnum);
    int k = dialog_choose(s->tui, title, (const char *const *)labels, n, 0);
    char *room = NULL, current[96] = "";
    for (int i = 0; i < cs->nslots; i++)
        if (cs->slots[i].weekday == cs->cwd && cs->slots[i].num == cs->cnum)
            snprintf(current, sizeof current, "%s", cs->slots[i].room);
    if (k >= 0 && subject[k])
        room = dialog_input(s->tui, title, _("Room:"), current);
    if (k >= 0 && (!subject[k] || room)) {
        int today = tui_today(s->tui);
        if (db_timetable_cell_set(ctx->db, ctx, cs->year, cs->cls, cs->cwd, cs->cnum, subject[k],
                                  group[k], room, today, &err) != EJ_OK) {
            tui_error(s->tui, "%s", err.msg);
        } else {
            class_load(s);
            tui_status(s->tui, "%s", _("Saved in the timetable from today (or the year's first day); "
                                       "F5 makes the lessons anew"));
        }
    }
    free(room);
    free(title);
    for (int i = 0; i < n; i++)
        free(labels[i]);
    free(labels);
    free(subject);
    free(group);
    free(cu);
}

static int class_action(struct screen *s, enum action a, wint_t ch)
{
    (void)ch;
    struct cscreen *cs = s->data;
    if (cs->on_timetable) {
        switch (a) {
        case ACT_UP:
            cs->cnum -= cs->cnum > 0;
            return AR_REDRAW;
        case ACT_DOWN:
            cs->cnum += cs->cnum + 1 < cs->rows;
            return AR_REDRAW;
        case ACT_LEFT:
            cs->cwd -= cs->cwd > 1;
            return AR_REDRAW;
        case ACT_RIGHT:
            cs->cwd += cs->cwd < cs->days;
            return AR_REDRAW;
        case ACT_OPEN:
            if (cs->may_edit)
                class_edit_cell(s);
            else
                tui_error(s->tui, "%s", _("The timetable is changed by the deputy director"));
            return AR_REDRAW;
        default:
            break;
        }
    } else if (wlist_action(&cs->l, a, cs->page)) {
        return AR_REDRAW;
    }
    switch (a) {
    case ACT_NEXT:
    case ACT_PREV:
        cs->on_timetable = !cs->on_timetable;
        return AR_REDRAW;
    case ACT_OPEN:
        if (cs->l.sel < cs->nload)
            screen_grid_open(s->tui, cs->load[cs->l.sel].course_id, 0, 0);
        return AR_REDRAW;
    case ACT_GENERATE:
        if (generate_dialog(s->tui, cs->year, cs->cls))
            class_load(s);
        return AR_REDRAW;
    case ACT_REFRESH:
        class_load(s);
        tui_status(s->tui, "%s", _("Reloaded"));
        return AR_REDRAW;
    default:
        return AR_DEFAULT;
    }
}

static bool class_allowed(struct screen *s, enum action a)
{
    struct cscreen *cs = s->data;
    return a != ACT_GENERATE || cs->may_edit;
}

static bool class_changed(struct screen *s, const char *payload)
{
    if (payload)
        return false;
    class_load(s);
    return true;
}

static void class_close(struct screen *s)
{
    struct cscreen *cs = s->data;
    free(cs->slots);
    free(cs->load);
    free(cs);
}

static const struct screen_ops class_ops = {
    .name = "year-class",
    .keymap = &keymap_year_class,
    .draw = class_draw,
    .action = class_action,
    .changed = class_changed,
    .allowed = class_allowed,
    .close = class_close,
};

void screen_year_class_open(struct tui *t, const char *year, const char *cls, bool may_edit)
{
    struct cscreen *cs = xcalloc(1, sizeof *cs);
    snprintf(cs->year, sizeof cs->year, "%s", year);
    snprintf(cs->cls, sizeof cs->cls, "%s", cls);
    cs->may_edit = may_edit;
    cs->cwd = 1;
    cs->cnum = 1;
    tui_push(t, &class_ops, cs);
    class_load(&(struct screen){ &class_ops, t, cs });
}
