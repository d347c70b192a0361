/*
 * screen-diary — the screen a parent or a pupil lands in (clauses 3.7, 3.8):
 * three views of one pupil's diary (common/diary.h), switched with Tab/F3:
 *   the week   — day by day: lessons with bell times, subject, marks, absences,
 *                homework (posted ahead too); the selected lesson's topic,
 *                homework and marks with their work types in full below;
 *   subjects   — per subject the marks of a period, the average the school uses
 *                and the period and year finals;
 *   timetable  — the class's week with bell times and rooms.
 * ←/→ step weeks (periods in the subjects view); F4 switches between a parent's
 * children.  A teacher's save wakes it through LISTEN/NOTIFY ("pupil:<id>",
 * "course:<id>"), so what is entered appears within a second.  Nothing here
 * decides who may see what: db_diary_load asks the policy module.
 */
#include "calendar.h"
#include "diary.h"
#include "print.h"
#include "report.h"
#include "utf8.h"
#include "i18n.h"
#include "screen.h"
#include "widget.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

enum view { VIEW_WEEK, VIEW_SUBJECTS, VIEW_TIMETABLE, VIEW_COUNT };
enum row_kind { ROW_DAY, ROW_LESSON, ROW_NONE, ROW_SUBJECT, ROW_WEEKDAY, ROW_SLOT };

struct row {
    enum row_kind kind;
    int idx; /* lesson, course or slot index; a day number for ROW_DAY/ROW_NONE */
};

struct dscreen {
    struct diary_child *children;
    int nchildren, child;
    long long pupil_id; /* fixed pupil (staff opening a diary), else the child's */
    struct diary *d;
    enum view view;
    int monday;         /* the week shown */
    int period;         /* index into d->periods for the subjects view */
    struct row *rows;
    int nrows;
    struct wlist l;
    int page;
    bool dirty, loaded;
    char *problem;      /* why there is nothing to show */
};

static void add_row(struct dscreen *ds, enum row_kind k, int idx)
{
    ds->rows = xreallocarray(ds->rows, (size_t)ds->nrows + 1, sizeof *ds->rows);
    ds->rows[ds->nrows++] = (struct row){ k, idx };
}

static bool selectable(const struct row *r)
{
    return r->kind == ROW_LESSON || r->kind == ROW_SUBJECT || r->kind == ROW_SLOT;
}

/* Rows of the current view; the selection stays on the same lesson/subject/slot. */
static void build_rows(struct dscreen *ds)
{
    struct row keep = { ROW_DAY, -1 };
    if (ds->l.sel >= 0 && ds->l.sel < ds->nrows)
        keep = ds->rows[ds->l.sel];
    long long keep_id = 0;
    if (ds->d && keep.kind == ROW_LESSON && keep.idx < ds->d->nlessons)
        keep_id = ds->d->lessons[keep.idx].id;
    free(ds->rows);
    ds->rows = NULL;
    ds->nrows = 0;
    const struct diary *d = ds->d;
    if (!d) {
        ds->l.n = 0;
        return;
    }
    switch (ds->view) {
    case VIEW_WEEK: {
        int days = d->six_day_week ? 6 : 5;
        int first, n = diary_lessons_between(d, ds->monday, ds->monday + 7, &first);
        for (int i = first; i < first + n; i++)
            if (cal_weekday(d->lessons[i].date) > days)
                days = cal_weekday(d->lessons[i].date);
        for (int day = ds->monday; day < ds->monday + days; day++) {
            add_row(ds, ROW_DAY, day);
            int f, k = diary_lessons_between(d, day, day + 1, &f);
            if (k == 0)
                add_row(ds, ROW_NONE, day);
            for (int i = f; i < f + k; i++)
                add_row(ds, ROW_LESSON, i);
        }
        break;
    }
    case VIEW_SUBJECTS:
        for (int c = 0; c < d->ncourses; c++)
            add_row(ds, ROW_SUBJECT, c);
        break;
    case VIEW_TIMETABLE:
        for (int i = 0; i < d->nslots; i++) {
            if (i == 0 || d->slots[i].weekday != d->slots[i - 1].weekday)
                add_row(ds, ROW_WEEKDAY, d->slots[i].weekday);
            add_row(ds, ROW_SLOT, i);
        }
        break;
    case VIEW_COUNT:
        break;
    }
    ds->l.n = ds->nrows;
    int sel = -1;
    for (int i = 0; i < ds->nrows && sel < 0; i++) {
        const struct row *r = &ds->rows[i];
        if (r->kind != keep.kind)
            continue;
        if ((r->kind == ROW_LESSON && keep_id && d->lessons[r->idx].id == keep_id) ||
            (r->kind != ROW_LESSON && r->idx == keep.idx))
            sel = i;
    }
    bool kept = sel >= 0;
    /* Else: today's first lesson in the week shown, else the first item. */
    for (int i = 0; i < ds->nrows && sel < 0; i++)
        if (ds->rows[i].kind == ROW_LESSON && d->lessons[ds->rows[i].idx].date >= d->today)
            sel = i;
    for (int i = 0; i < ds->nrows && sel < 0; i++)
        if (selectable(&ds->rows[i]))
            sel = i;
    ds->l.sel = sel < 0 ? 0 : sel;
    if (kept)
        return; /* the same item stays where it was on the page */
    /* Start the page at the selected item's day (or weekday) header. */
    int top = ds->l.sel;
    while (top > 0 && (ds->rows[top].kind == ROW_LESSON || ds->rows[top].kind == ROW_SLOT))
        top--;
    ds->l.top = top;
}

static void load(struct screen *s)
{
    struct dscreen *ds = s->data;
    struct ej_ctx *ctx = tui_ctx(s->tui);
    struct ej_error err;
    ds->dirty = false;
    free(ds->problem);
    ds->problem = NULL;
    if (!ds->loaded && !ds->pupil_id) {
        if (db_diary_children(ctx->db, ctx, &ds->children, &ds->nchildren, &err) != EJ_OK) {
            tui_error(s->tui, "%s", err.msg);
            if (err.code == EJ_ETEMP)
                tui_db_lost(s->tui);
            ds->dirty = true;
            return;
        }
    }
    ds->loaded = true;
    long long pupil = ds->pupil_id;
    if (!pupil && ds->child < ds->nchildren)
        pupil = ds->children[ds->child].pupil_id;
    if (!pupil) {
        ds->problem = xstrdup(_("No pupil is linked to this account. The class teacher links "
                                "parents to their children (cl. 3.4)."));
        diary_free(ds->d);
        ds->d = NULL;
        build_rows(ds);
        return;
    }
    struct diary *d;
    int day = ds->monday ? ds->monday : -1;
    if (db_diary_load(ctx->db, ctx, pupil, day, &d, &err) != EJ_OK) {
        tui_error(s->tui, "%s", err.msg);
        if (err.code == EJ_ETEMP) {
            tui_db_lost(s->tui);
            ds->dirty = true;
        } else if (!ds->d) {
            ds->problem = xstrdup(err.msg);
        }
        return;
    }
    bool first = ds->d == NULL;
    diary_free(ds->d);
    ds->d = d;
    if (!ds->monday)
        ds->monday = diary_monday(d->today);
    if (first)
        ds->period = diary_period_at(d, d->today);
    if (ds->period >= d->nperiods)
        ds->period = d->nperiods - 1;
    build_rows(ds);
}

/* ---- drawing */

static void header(struct dscreen *ds, WINDOW *w, int y, int cols)
{
    const struct diary *d = ds->d;
    char buf[400], a[11], b[11];
    switch (ds->view) {
    case VIEW_WEEK:
        cal_ddmm(ds->monday, a);
        cal_ddmmyyyy(ds->monday + (d->six_day_week ? 5 : 4), b);
        snprintf(buf, sizeof buf, _("%s, %s · week %s–%s"), d->pupil_short, d->class_name, a, b);
        break;
    case VIEW_SUBJECTS:
        if (ds->period >= 0) {
            const struct diary_period *p = &d->periods[ds->period];
            cal_ddmm(p->starts, a);
            cal_ddmm(p->ends, b);
            snprintf(buf, sizeof buf, _("%s, %s · %s (%s–%s)"), d->pupil_short, d->class_name, p->name,
                     a, b);
        } else {
            snprintf(buf, sizeof buf, "%s, %s · %s", d->pupil_short, d->class_name, d->year);
        }
        break;
    default:
        snprintf(buf, sizeof buf, _("%s, %s · timetable"), d->pupil_short, d->class_name);
        break;
    }
    ui_put(w, y, 0, cols, buf, UI_SECTION);
    /* The views, the current one marked. */
    const char *names[VIEW_COUNT] = { _("Week"), _("Subjects"), _("Timetable") };
    int width = 0;
    for (int i = 0; i < VIEW_COUNT; i++)
        width += ui_width(names[i]) + 3;
    int x = cols - width;
    if (x < ui_width(buf) + 2 || x < 0)
        return;
    for (int i = 0; i < VIEW_COUNT; i++) {
        snprintf(buf, sizeof buf, i == (int)ds->view ? "[%s]" : " %s ", names[i]);
        x += ui_put(w, y, x, ui_width(buf), buf, i == (int)ds->view ? UI_SELECTED : UI_SECTION);
        x++;
    }
}

/* "понедельник" → "Понедельник" (the first letter, in place). */
static void capitalise(char *s, size_t n)
{
    uint32_t cp;
    size_t len = utf8_decode(s, &cp);
    char up[8];
    if (len == 0)
        return;
    size_t ulen = utf8_encode((uint32_t)towupper((wint_t)cp), up);
    if (ulen != len || strlen(s) + 1 > n)
        return;
    memcpy(s, up, ulen);
}

/* The subject's full name where it fits, else its short name. */
static const char *subject_in(const struct diary_course *c, int width)
{
    return ui_width(c->subject) <= width ? c->subject : c->short_name;
}

static const char *absence_word(enum rules_value v)
{
    switch (v) {
    case RV_N:
        return _("absent");
    case RV_B:
        return _("ill");
    case RV_U:
        return _("excused");
    default:
        return "";
    }
}

static void draw_lesson(struct dscreen *ds, const struct diary_lesson *l, WINDOW *w, int y,
                        int cols, bool sel)
{
    const struct diary *d = ds->d;
    enum ui_style st = sel ? UI_CURSOR : UI_NORMAL;
    char buf[64];
    ui_fill(w, y, 0, 1, cols, st);
    if (l->num >= 0)
        snprintf(buf, sizeof buf, "%2d", l->num);
    else
        buf[0] = '\0';
    ui_put(w, y, 0, 3, buf, st);
    ui_put(w, y, 3, 6, l->starts, st);
    int subj = cols >= 100 ? 26 : cols >= 70 ? 18 : 12;
    const struct diary_course *c = &d->courses[l->course];
    ui_put(w, y, 9, subj, subject_in(c, subj), st);
    int x = 9 + subj + 1;
    char marks[48];
    diary_marks_text(d, l, marks, sizeof marks);
    ui_put(w, y, x, 8, marks, sel ? st : UI_TITLE);
    x += 9;
    const char *abs = l->absence ? rules_value_str(l->absence) : "";
    ui_put(w, y, x, 2, abs, sel ? st : UI_ERROR);
    x += 3;
    if (!l->held)
        ui_put(w, y, x, cols - x, _("the lesson did not take place"), sel ? st : UI_DIM);
    else if (*l->homework)
        ui_put(w, y, x, cols - x, l->homework, st);
    else if (*l->topic)
        ui_put(w, y, x, cols - x, l->topic, sel ? st : UI_DIM);
}

static void draw_subject(struct dscreen *ds, int c, WINDOW *w, int y, int cols, bool sel)
{
    const struct diary *d = ds->d;
    const struct diary_course *co = &d->courses[c];
    enum ui_style st = sel ? UI_CURSOR : UI_NORMAL;
    ui_fill(w, y, 0, 1, cols, st);
    int subj = cols >= 100 ? 26 : 18;
    char name[200];
    if (*co->group_name)
        snprintf(name, sizeof name, "%s (%s)",
                 subject_in(co, subj - ui_width(co->group_name) - 3), co->group_name);
    else
        snprintf(name, sizeof name, "%s", subject_in(co, subj));
    ui_put(w, y, 0, subj, name, st);
    /* Right side: average, the finals of every period, the year. */
    int fin = 3 * d->nperiods + 4;
    int right = cols - fin - 6;
    const struct diary_period *p = ds->period >= 0 ? &d->periods[ds->period] : NULL;
    int from = p ? p->starts : d->year_starts, to = p ? p->ends : d->year_ends;
    /* The period's marks in order. */
    char marks[512];
    size_t o = 0;
    marks[0] = '\0';
    for (int i = 0; i < d->nmarks && o + 4 < sizeof marks; i++) {
        const struct diary_mark *m = &d->marks[i];
        if (m->course != c || m->date < from || m->date > to)
            continue;
        bool retake = i > 0 && d->marks[i - 1].work_id == m->work_id;
        o += (size_t)snprintf(marks + o, sizeof marks - o, "%s%d", o == 0 ? "" : retake ? "/" : " ",
                              m->value);
    }
    ui_put(w, y, subj + 1, right - subj - 2 > 0 ? right - subj - 2 : 0, marks, st);
    int count;
    double avg = diary_average(d, c, from, to, &count);
    char buf[32];
    if (count > 0)
        snprintf(buf, sizeof buf, "%.2f", avg);
    else
        buf[0] = '\0';
    ui_put(w, y, right, 5, buf, sel ? st : UI_TITLE);
    int x = right + 6;
    for (int i = 0; i < d->nperiods; i++, x += 3) {
        enum rules_value v = diary_final(d, c, "period", d->periods[i].id);
        ui_put(w, y, x, 2, rules_value_str(v), i == ds->period && !sel ? UI_SELECTED : st);
    }
    ui_put(w, y, x, 3, rules_value_str(diary_final(d, c, "year", 0)), st);
}

static void draw_row(struct dscreen *ds, int i, WINDOW *w, int y, int cols)
{
    const struct row *r = &ds->rows[i];
    const struct diary *d = ds->d;
    bool sel = i == ds->l.sel;
    char buf[300];
    switch (r->kind) {
    case ROW_DAY: {
        int yy, mm, dd;
        cal_civil(r->idx, &yy, &mm, &dd);
        snprintf(buf, sizeof buf, "%s, %d %s", cal_weekday_long(r->idx), dd, cal_month_genitive(mm));
        capitalise(buf, sizeof buf);
        ui_put(w, y, 0, cols, buf, r->idx == d->today ? UI_TODAY : UI_HEADER);
        return;
    }
    case ROW_NONE:
        ui_put(w, y, 0, cols, _("   no lessons"), UI_DIM);
        return;
    case ROW_LESSON:
        draw_lesson(ds, &d->lessons[r->idx], w, y, cols, sel);
        return;
    case ROW_SUBJECT:
        draw_subject(ds, r->idx, w, y, cols, sel);
        return;
    case ROW_WEEKDAY:
        /* Any day with that weekday will do for its name: 2026-11-23 was a Monday. */
        snprintf(buf, sizeof buf, "%s", cal_weekday_long(cal_days(2026, 11, 22 + r->idx)));
        capitalise(buf, sizeof buf);
        ui_put(w, y, 0, cols, buf, UI_HEADER);
        return;
    case ROW_SLOT: {
        const struct diary_slot *sl = &d->slots[r->idx];
        enum ui_style st = sel ? UI_CURSOR : UI_NORMAL;
        ui_fill(w, y, 0, 1, cols, st);
        snprintf(buf, sizeof buf, "%2d", sl->num);
        ui_put(w, y, 0, 3, buf, st);
        snprintf(buf, sizeof buf, "%s–%s", sl->starts, sl->ends);
        ui_put(w, y, 3, 12, *sl->starts ? buf : "", st);
        const struct diary_course *c = &d->courses[sl->course];
        int subj = cols >= 100 ? 40 : 30;
        if (*c->group_name)
            snprintf(buf, sizeof buf, "%s (%s)", c->subject, c->group_name);
        else
            snprintf(buf, sizeof buf, "%s", c->subject);
        ui_put(w, y, 15, subj, buf, st);
        int x = 15 + subj + 1;
        if (*sl->room) {
            snprintf(buf, sizeof buf, _("room %s"), sl->room);
            ui_put(w, y, x, 14, buf, st);
        }
        x += 15;
        if (x < cols)
            ui_put(w, y, x, cols - x, c->teacher, sel ? st : UI_DIM);
        return;
    }
    }
}

/* The selected item in full, under the list. */
static void draw_details(struct dscreen *ds, WINDOW *w, int y, int rows, int cols)
{
    const struct diary *d = ds->d;
    ui_fill(w, y, 0, rows, cols, UI_NORMAL);
    if (ds->l.sel < 0 || ds->l.sel >= ds->nrows || rows <= 0)
        return;
    const struct row *r = &ds->rows[ds->l.sel];
    char buf[1200];
    int line = 0;
    if (r->kind == ROW_LESSON) {
        const struct diary_lesson *l = &d->lessons[r->idx];
        const struct diary_course *c = &d->courses[l->course];
        snprintf(buf, sizeof buf, "%s · %s%s%s", c->subject, c->teacher,
                 l->absence ? " · " : "", absence_word(l->absence));
        ui_put(w, y + line++, 0, cols, buf, UI_SECTION);
        if (line < rows) {
            snprintf(buf, sizeof buf, "%s %s", _("Topic:"), *l->topic ? l->topic : "—");
            ui_put(w, y + line++, 0, cols, buf, UI_NORMAL);
        }
        if (line < rows) {
            snprintf(buf, sizeof buf, "%s %s", _("Homework:"), *l->homework ? l->homework : "—");
            ui_put(w, y + line++, 0, cols, buf, UI_NORMAL);
        }
        if (line < rows && l->nmarks > 0) {
            size_t o = (size_t)snprintf(buf, sizeof buf, "%s", _("Marks:"));
            for (int i = 0; i < l->nmarks && o < sizeof buf; i++) {
                const struct diary_mark *m = &d->marks[l->mark0 + i];
                o += (size_t)snprintf(buf + o, sizeof buf - o, "%s %d — %s", i ? "," : "", m->value,
                                      m->work);
            }
            ui_put(w, y + line++, 0, cols, buf, UI_NORMAL);
        }
    } else if (r->kind == ROW_SUBJECT) {
        const struct diary_course *c = &d->courses[r->idx];
        snprintf(buf, sizeof buf, "%s · %s", c->subject, c->teacher);
        ui_put(w, y + line++, 0, cols, buf, UI_SECTION);
        if (line < rows) {
            snprintf(buf, sizeof buf, "%s",
                     d->weighted ? _("Average: weighted by the work types' weights")
                                 : _("Average: arithmetic mean of the marks"));
            ui_put(w, y + line++, 0, cols, buf, UI_DIM);
        }
        if (line < rows) {
            size_t o = (size_t)snprintf(buf, sizeof buf, "%s", _("Finals:"));
            for (int i = 0; i < d->nperiods && o < sizeof buf; i++)
                o += (size_t)snprintf(buf + o, sizeof buf - o, " %s %s;", d->periods[i].name,
                                      rules_value_str(diary_final(d, r->idx, "period",
                                                                  d->periods[i].id))[0]
                                          ? rules_value_str(diary_final(d, r->idx, "period",
                                                                        d->periods[i].id))
                                          : "—");
            if (o < sizeof buf) {
                const char *y_ = rules_value_str(diary_final(d, r->idx, "year", 0));
                snprintf(buf + o, sizeof buf - o, " %s %s", _("year"), *y_ ? y_ : "—");
            }
            ui_put(w, y + line++, 0, cols, buf, UI_NORMAL);
        }
    }
}

static void diary_draw(struct screen *s, WINDOW *w, int top, int rows, int cols)
{
    struct dscreen *ds = s->data;
    if (ds->dirty && tui_db_up(s->tui))
        load(s);
    if (!ds->d) {
        ui_put(w, top + 1, 1, cols - 2, ds->problem ? ds->problem : _("Loading…"), UI_DIM);
        return;
    }
    header(ds, w, top, cols);
    int details = ds->view == VIEW_TIMETABLE ? 0 : rows >= 16 ? 4 : rows >= 10 ? 2 : 0;
    int list = rows - 1 - details - (details ? 1 : 0);
    if (list < 1)
        list = 1;
    ds->page = list;
    if (ds->nrows == 0) {
        ui_put(w, top + 2, 1, cols - 2,
               ds->view == VIEW_TIMETABLE ? _("No timetable for the class on this date")
                                          : _("Nothing to show"),
               UI_DIM);
        return;
    }
    wlist_scroll(&ds->l, ds->page);
    for (int r = 0; r < list && ds->l.top + r < ds->nrows; r++)
        draw_row(ds, ds->l.top + r, w, top + 1 + r, cols);
    if (details) {
        ui_fill(w, top + 1 + list, 0, 1, cols, UI_NORMAL);
        mvwhline(w, top + 1 + list, 0, ACS_HLINE, cols);
        draw_details(ds, w, top + 2 + list, details, cols);
    }
}

/* ---- actions */

static void move_sel(struct dscreen *ds, enum action a)
{
    int before = ds->l.sel;
    wlist_action(&ds->l, a, ds->page);
    int dir = (a == ACT_UP || a == ACT_PGUP || a == ACT_END) ? -1 : 1;
    int i = ds->l.sel;
    while (i >= 0 && i < ds->nrows && !selectable(&ds->rows[i]))
        i += dir;
    if (i < 0 || i >= ds->nrows) {
        /* Nothing selectable that way: show the headers above, keep the item. */
        if (dir < 0)
            ds->l.top = 0;
        i = before;
    }
    ds->l.sel = i;
}

static void step(struct screen *s, int dir)
{
    struct dscreen *ds = s->data;
    if (ds->view == VIEW_SUBJECTS) {
        if (ds->d && ds->period + dir >= 0 && ds->period + dir < ds->d->nperiods)
            ds->period += dir;
        return;
    }
    int before = ds->monday;
    ds->monday += 7 * dir;
    /* Leaving the loaded year: load the year of the new week. */
    if (ds->d && (ds->monday + 6 < ds->d->year_starts || ds->monday > ds->d->year_ends))
        load(s);
    else
        build_rows(ds);
    if (!ds->d)
        ds->monday = before;
}

struct weekly_print {
    const struct ej_ctx *ctx;
    long long pupil_id;
    int monday;
};

static enum ej_err build_weekly(void *arg, struct doc **out, struct ej_error *err)
{
    struct weekly_print *wp = arg;
    return report_weekly(wp->ctx, NULL, wp->pupil_id, wp->monday, false, out, err);
}

/* F5: the weekly report of the pupil for the week shown (3.10). */
static void print_week(struct screen *s)
{
    struct dscreen *ds = s->data;
    if (!ds->d)
        return;
    struct weekly_print wp = { tui_ctx(s->tui), ds->d->pupil_id, ds->monday };
    char a[6], b[11], iso[11];
    cal_ddmm(ds->monday, a);
    cal_ddmmyyyy(ds->monday + 6, b);
    cal_iso(ds->monday, iso);
    char *title = xasprintf(_("Weekly report, %s, %s–%s"), ds->d->pupil_short, a, b);
    char *args = xasprintf("report weekly --pupil %lld --week %s", ds->d->pupil_id, iso);
    char *file = xasprintf("week-%s.pdf", iso);
    struct print_job job = { title, args, file, build_weekly, &wp };
    print_dialog(s->tui, &job);
    free(title);
    free(args);
    free(file);
}

static int diary_action(struct screen *s, enum action a, wint_t ch)
{
    (void)ch;
    struct dscreen *ds = s->data;
    switch (a) {
    case ACT_UP:
    case ACT_DOWN:
    case ACT_PGUP:
    case ACT_PGDN:
    case ACT_HOME:
    case ACT_END:
        move_sel(ds, a);
        return AR_REDRAW;
    case ACT_WEEK_PREV:
    case ACT_WEEK_NEXT:
        step(s, a == ACT_WEEK_PREV ? -1 : 1);
        return AR_REDRAW;
    case ACT_TODAY:
        if (ds->d) {
            ds->monday = diary_monday(ds->d->today);
            ds->period = diary_period_at(ds->d, ds->d->today);
            load(s);
        }
        return AR_REDRAW;
    case ACT_VIEW:
        ds->view = (ds->view + 1) % VIEW_COUNT;
        ds->l.sel = -1;
        build_rows(ds);
        return AR_REDRAW;
    case ACT_CHILD:
        if (ds->nchildren < 2)
            return AR_NONE;
        ds->child = (ds->child + 1) % ds->nchildren;
        diary_free(ds->d);
        ds->d = NULL;
        ds->l.sel = -1;
        load(s);
        if (ds->d)
            tui_status(s->tui, _("Diary of %s"), ds->children[ds->child].name);
        return AR_REDRAW;
    case ACT_REFRESH:
        load(s);
        tui_status(s->tui, "%s", _("Reloaded"));
        return AR_REDRAW;
    case ACT_PRINT:
        print_week(s);
        return AR_REDRAW;
    case ACT_BACK:
        return AR_DEFAULT;
    default:
        return AR_DEFAULT;
    }
}

static bool diary_allowed(struct screen *s, enum action a)
{
    struct dscreen *ds = s->data;
    if (a == ACT_CHILD)
        return ds->nchildren > 1;
    return true;
}

static bool diary_changed(struct screen *s, const char *payload)
{
    struct dscreen *ds = s->data;
    if (!payload || !ds->d) {
        ds->dirty = true;
        return true;
    }
    long long id = 0;
    if (sscanf(payload, "pupil:%lld", &id) == 1) {
        if (id == ds->d->pupil_id)
            ds->dirty = true;
    } else if (sscanf(payload, "course:%lld", &id) == 1) {
        for (int i = 0; i < ds->d->ncourses; i++)
            if (ds->d->courses[i].id == id)
                ds->dirty = true;
    }
    return ds->dirty;
}

static void diary_close(struct screen *s)
{
    struct dscreen *ds = s->data;
    diary_free(ds->d);
    free(ds->children);
    free(ds->rows);
    free(ds->problem);
    free(ds);
}

static const struct screen_ops diary_ops = {
    .name = "diary",
    .keymap = &keymap_diary,
    .draw = diary_draw,
    .action = diary_action,
    .changed = diary_changed,
    .allowed = diary_allowed,
    .close = diary_close,
};

void screen_diary_open(struct tui *t, long long pupil_id)
{
    struct dscreen *ds = xcalloc(1, sizeof *ds);
    ds->pupil_id = pupil_id;
    ds->l.sel = -1;
    tui_push(t, &diary_ops, ds);
    ds->dirty = true;
}
