/*
 * screen-grid — the journal of one course for one period, the heart of the
 * application (issue 4, DESIGN.md §5).  Pupils down, lessons across (a column per
 * work), averages and the period final on the right; the name column and the
 * header stay while the grid scrolls both ways; under the grid the current
 * lesson's topic, work and homework.
 *
 * Entry: 2–5 store a mark and move to the next pupil; н/n, б/b, у/u absences (the
 * reason only where the policy allows); к/k only as a final of an ungraded
 * subject; Del/Backspace clears; Ctrl-Z undoes (saved too); '/' makes the next
 * mark a retake; Enter on the final column confirms the suggested final.  Any
 * other key is refused with the rule.  A cell shows a value only as the database
 * has it: every write commits, then the grid re-reads the journal (after a mark or
 * a final only that pupil's row).
 */
#include "calendar.h"
#include "db-journal.h"
#include "i18n.h"
#include "journal.h"
#include "policy.h"
#include "print.h"
#include "report.h"
#include "rules.h"
#include "screen.h"
#include "widget.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CELL_W 5
#define INFO_H 4
#define HEAD_H 4
#define MAX_UNDO 64

enum undo_kind { U_MARK, U_ABSENCE, U_FINAL };

struct undo {
    enum undo_kind kind;
    long long lesson_id, work_id, pupil_id, period_id;
    int seq;
    int old; /* mark value, or enum rules_value */
};

struct grid {
    long long course_id, period_id;
    struct journal *j;
    int row, col; /* pupil index; column index, j->ncols = the final column */
    int top, left;
    int vis_rows, vis_cols;
    bool can_edit;   /* teaches the course or taught some lesson of it */
    bool can_final;  /* the course's teacher */
    bool retake;
    bool dirty;
    long long err_pupil, err_lesson; /* the cell of the last failed write */
    int err_col;
    struct undo undo[MAX_UNDO];
    int nundo;
};

static struct ej_ctx *gctx(struct screen *s)
{
    return tui_ctx(s->tui);
}

/* ------------------------------------------------------------------ loading */

static int lesson_at(const struct journal *j, int day)
{
    /* The last lesson on or before day, else the first. */
    int best = -1;
    for (int l = 0; l < j->nlessons; l++)
        if (j->lessons[l].date <= day)
            best = l;
    return best >= 0 ? best : (j->nlessons ? 0 : -1);
}

static void place_cursor(struct grid *g, long long pupil_id, long long lesson_id, int work_pos,
                         bool final_col)
{
    struct journal *j = g->j;
    int p = journal_pupil_index(j, pupil_id);
    g->row = p >= 0 ? p : (g->row < j->npupils ? g->row : j->npupils - 1);
    if (g->row < 0)
        g->row = 0;
    if (final_col) {
        g->col = j->ncols;
        return;
    }
    int l = lesson_id ? journal_lesson_index(j, lesson_id) : -1;
    if (l < 0)
        l = lesson_at(j, j->today);
    if (l < 0) {
        g->col = j->ncols;
        return;
    }
    g->col = j->lessons[l].first_col;
    for (int w = 0; w < j->lessons[l].nworks; w++)
        if (j->lessons[l].works[w].pos == work_pos)
            g->col = j->lessons[l].first_col + w;
}

static bool grid_load(struct screen *s, long long keep_lesson, int keep_pos)
{
    struct grid *g = s->data;
    struct ej_error err;
    long long keep_pupil = 0;
    bool final_col = false;
    if (g->j) {
        struct journal *o = g->j;
        if (g->row >= 0 && g->row < o->npupils)
            keep_pupil = o->pupils[g->row].id;
        if (!keep_lesson && g->col < o->ncols && o->ncols > 0) {
            const struct journal_col *c = &o->cols[g->col];
            keep_lesson = o->lessons[c->lesson].id;
            keep_pos = c->work >= 0 ? o->lessons[c->lesson].works[c->work].pos : 0;
        }
        final_col = !keep_lesson && g->col >= o->ncols;
    }
    struct journal *j = NULL;
    enum ej_err e = db_journal_load(gctx(s)->db, gctx(s), g->course_id, g->period_id, &j, &err);
    if (e != EJ_OK) {
        tui_error(s->tui, "%s", err.msg);
        if (e == EJ_ETEMP)
            tui_db_lost(s->tui);
        g->dirty = e == EJ_ETEMP;
        return false;
    }
    journal_free(g->j);
    g->j = j;
    g->dirty = false;
    if (journal_period(j))
        g->period_id = journal_period(j)->id;
    struct policy_object o;
    journal_policy_object(j, gctx(s), -1, -1, &o);
    g->can_final = policy_allows(gctx(s), POLICY_FINAL_SET, &o);
    g->can_edit = g->can_final || o.taught_any;
    place_cursor(g, keep_pupil, keep_lesson, keep_pos, final_col);
    return true;
}

/* ------------------------------------------------------------------ drawing */

static int name_width(const struct journal *j, int cols)
{
    int w = 16;
    for (int p = 0; p < j->npupils; p++) {
        int pw = ui_width(j->pupils[p].label) + 4;
        if (pw > w)
            w = pw;
    }
    int cap = cols >= 120 ? 32 : 24;
    return w > cap ? cap : w;
}

static int right_width(const struct journal *j)
{
    return j->weighted ? 17 : 12;
}

static void fmt_avg(double v, char out[8])
{
    if (v <= 0) {
        out[0] = '\0';
        return;
    }
    snprintf(out, 8, "%.2f", v);
    for (char *q = out; *q; q++)
        if (*q == '.')
            *q = ',';
}

static bool pupil_left(const struct journal *j, int p)
{
    const struct journal_period *per = journal_period(j);
    int end = per ? per->ends : j->today;
    int last = end < j->today ? end : j->today;
    return !journal_enrolled(j, p, last);
}

static void draw_header(struct grid *g, WINDOW *w, int top, int cols, int nw)
{
    struct journal *j = g->j;
    const struct journal_period *per = journal_period(j);
    char buf[600], d1[6] = "", d2[6] = "";
    if (per) {
        cal_ddmm(per->starts, d1);
        cal_ddmm(per->ends, d2);
    }
    char grp[80] = "";
    if (*j->group_name)
        snprintf(grp, sizeof grp, " (%s)", j->group_name);
    snprintf(buf, sizeof buf, " %s%s · %s · %s · %s %s–%s%s", j->class_name, grp, j->subject_name,
             j->teacher_name, per ? per->name : _("no periods"), d1, d2,
             per && per->locked ? _(" · locked") : "");
    const char *ro = NULL;
    if (!g->can_edit)
        ro = _("read only");
    int rw = ro ? ui_width(ro) + 2 : 0;
    ui_put(w, top, 0, cols - rw, buf, UI_HEADER);
    if (ro) {
        char rb[80];
        snprintf(rb, sizeof rb, " %s ", ro);
        ui_put(w, top, cols - rw, rw, rb, UI_READONLY);
    }
    /* Column headers: month, day, work type. */
    ui_put(w, top + 1, 0, nw, "", UI_NORMAL);
    ui_put(w, top + 2, 0, nw, _("  No Pupil"), UI_HEADER);
    ui_put(w, top + 3, 0, nw, "", UI_NORMAL);
    int prev_month = -1;
    for (int k = 0; k < g->vis_cols; k++) {
        int c = g->left + k;
        int x = nw + k * CELL_W;
        if (c >= j->ncols)
            break;
        const struct journal_lesson *le = &j->lessons[j->cols[c].lesson];
        int y, m, d;
        cal_civil(le->date, &y, &m, &d);
        enum ui_style st = le->date == j->today ? UI_TODAY
                           : le->date > j->today ? UI_DIM
                                                 : UI_HEADER;
        if (m != prev_month) {
            ui_put(w, top + 1, x, CELL_W * 2 - 1, cal_month_name(m), UI_HEADER);
            prev_month = m;
        }
        snprintf(buf, sizeof buf, " %02d", d);
        ui_put(w, top + 2, x, CELL_W - 1, buf, st);
        const struct journal_work *wk = journal_col_work(j, c);
        const char *type = !le->held ? _("n/h") : wk ? j->types[wk->type].short_name : "";
        ui_put(w, top + 3, x, CELL_W - 1, type, st);
    }
    int rx = cols - right_width(j);
    if (j->weighted) {
        ui_put(w, top + 2, rx, 6, _(" Avg"), UI_HEADER);
        ui_put(w, top + 2, rx + 6, 6, _(" Wtd"), UI_HEADER);
        ui_put(w, top + 2, rx + 12, 5, _("Fin."), UI_HEADER);
    } else {
        ui_put(w, top + 2, rx, 6, _(" Avg"), UI_HEADER);
        ui_put(w, top + 2, rx + 6, 5, _("Fin."), UI_HEADER);
    }
}

static void draw_rows(struct grid *g, WINDOW *w, int y0, int cols, int nw)
{
    struct journal *j = g->j;
    int rx = cols - right_width(j);
    for (int r = 0; r < g->vis_rows; r++) {
        int p = g->top + r;
        int y = y0 + r;
        if (p >= j->npupils)
            break;
        char buf[300];
        snprintf(buf, sizeof buf, "%3d %s", p + 1, j->pupils[p].label);
        ui_put(w, y, 0, nw, buf, p == g->row ? UI_HEADER : pupil_left(j, p) ? UI_DIM : UI_NORMAL);
        for (int k = 0; k < g->vis_cols; k++) {
            int c = g->left + k;
            if (c >= j->ncols)
                break;
            char cell[16];
            journal_cell_text(j, p, c, cell);
            char shown[24];
            snprintf(shown, sizeof shown, " %s", cell);
            enum ui_style st = UI_NORMAL;
            const struct journal_lesson *le = &j->lessons[j->cols[c].lesson];
            if (!journal_cell_active(j, p, c))
                shown[0] = '\0';
            else if (le->date > j->today || !le->held)
                st = UI_DIM;
            if (g->err_col == c && g->err_pupil == j->pupils[p].id &&
                g->err_lesson == le->id)
                st = UI_CELL_ERROR;
            if (p == g->row && c == g->col)
                st = UI_CURSOR;
            ui_put(w, y, nw + k * CELL_W, CELL_W - 1, shown, st);
        }
        struct journal_avg a;
        journal_average(j, p, &a);
        char s1[8], s2[8];
        fmt_avg(a.arith, s1);
        fmt_avg(a.weighted, s2);
        ui_put(w, y, rx, 6, s1, UI_NORMAL);
        int fx = rx + 6;
        if (j->weighted) {
            ui_put(w, y, rx + 6, 6, s2, UI_NORMAL);
            fx = rx + 12;
        }
        enum rules_value fin = (enum rules_value)j->finals[p];
        enum rules_value sug = journal_suggest(j, p);
        char fb[16];
        enum ui_style fst = UI_TODAY;
        if (fin != RV_NONE) {
            snprintf(fb, sizeof fb, " %s", rules_value_str(fin));
        } else if (sug != RV_NONE) {
            snprintf(fb, sizeof fb, "(%s)", rules_value_str(sug));
            fst = UI_DIM;
        } else {
            fb[0] = '\0';
        }
        if (p == g->row && g->col >= j->ncols)
            fst = UI_CURSOR;
        ui_put(w, y, fx, 4, fb, fst);
    }
}

static void draw_info(struct grid *g, WINDOW *w, int y, int cols)
{
    struct journal *j = g->j;
    mvwhline(w, y, 0, ACS_HLINE, cols);
    char buf[1200];
    if (g->col >= j->ncols || j->ncols == 0) {
        char *f = journal_formula(j);
        ui_put(w, y + 1, 0, cols,
               g->col >= j->ncols ? _("Period final: 2-5, Н, Б, У (К without marks); "
                                      "Enter or = confirms the suggestion in brackets")
                                  : _("No lessons in this period"),
               UI_NORMAL);
        ui_put(w, y + 2, 0, cols, f, UI_DIM);
        free(f);
        return;
    }
    const struct journal_col *c = &j->cols[g->col];
    const struct journal_lesson *le = &j->lessons[c->lesson];
    char d[11];
    cal_ddmmyyyy(le->date, d);
    char num[32] = "";
    if (le->num)
        snprintf(num, sizeof num, _(", lesson %d"), le->num);
    snprintf(buf, sizeof buf, "%s %s%s%s · %s %s", cal_weekday_short(le->date), d, num,
             le->held ? "" : _(" (not held)"), _("Topic:"),
             *le->topic ? le->topic : _("not entered"));
    ui_put(w, y + 1, 0, cols, buf, *le->topic ? UI_NORMAL : UI_ERROR);
    snprintf(buf, sizeof buf, "%s %s", _("Homework:"), *le->homework ? le->homework : "—");
    ui_put(w, y + 2, 0, cols, buf, UI_NORMAL);
    const struct journal_work *wk = journal_col_work(j, g->col);
    char wtxt[300];
    if (wk) {
        const struct journal_work_type *t = &j->types[wk->type];
        char wt[16];
        snprintf(wt, sizeof wt, "%.1f", t->weight);
        for (char *q = wt; *q; q++)
            if (*q == '.')
                *q = ',';
        snprintf(wtxt, sizeof wtxt, _("Work: %s (weight %s%s)"), t->name, wt,
                 t->written ? _(", written: due in 5 days") : "");
    } else {
        snprintf(wtxt, sizeof wtxt, "%s", _("Work: none yet (a mark adds «Ответ на уроке»)"));
    }
    snprintf(buf, sizeof buf, "%s · %s%s", wtxt,
             le->attendance_taken ? _("attendance taken") : _("attendance not taken"),
             g->retake ? _(" · RETAKE: type the mark") : "");
    ui_put(w, y + 3, 0, cols, buf, g->retake ? UI_ERROR : UI_DIM);
}

static void grid_draw(struct screen *s, WINDOW *w, int top, int rows, int cols)
{
    struct grid *g = s->data;
    if (g->dirty && tui_db_up(s->tui))
        grid_load(s, 0, 0);
    if (!g->j) {
        ui_put(w, top + 1, 0, cols, _("The journal could not be loaded; F5 tries again"), UI_ERROR);
        return;
    }
    struct journal *j = g->j;
    int nw = name_width(j, cols);
    g->vis_cols = (cols - nw - right_width(j)) / CELL_W;
    if (g->vis_cols < 1)
        g->vis_cols = 1;
    g->vis_rows = rows - HEAD_H - INFO_H;
    if (g->vis_rows < 1)
        g->vis_rows = 1;
    /* Keep the cursor visible. */
    if (g->row < g->top)
        g->top = g->row;
    if (g->row >= g->top + g->vis_rows)
        g->top = g->row - g->vis_rows + 1;
    if (g->top < 0)
        g->top = 0;
    if (g->col < j->ncols) {
        if (g->col < g->left)
            g->left = g->col;
        if (g->col >= g->left + g->vis_cols)
            g->left = g->col - g->vis_cols + 1;
    } else if (g->left > j->ncols - g->vis_cols) {
        g->left = j->ncols - g->vis_cols;
    }
    if (g->left < 0)
        g->left = 0;
    draw_header(g, w, top, cols, nw);
    if (j->npupils == 0)
        ui_put(w, top + HEAD_H, 0, cols, _("  No pupils in this period"), UI_DIM);
    draw_rows(g, w, top + HEAD_H, cols, nw);
    draw_info(g, w, top + rows - INFO_H, cols);
}

/* -------------------------------------------------------------------- entry */

static void refuse(struct screen *s, const char *msg)
{
    tui_error(s->tui, "%s", msg);
}

static void write_failed(struct screen *s, const struct ej_error *err, long long pupil_id,
                         long long lesson_id, int col)
{
    struct grid *g = s->data;
    g->err_pupil = pupil_id;
    g->err_lesson = lesson_id;
    g->err_col = col;
    tui_error(s->tui, _("NOT saved: %s"), err->msg);
    if (err->code == EJ_ETEMP)
        tui_db_lost(s->tui);
}

static void push_undo(struct grid *g, struct undo u)
{
    if (g->nundo == MAX_UNDO) {
        memmove(g->undo, g->undo + 1, (MAX_UNDO - 1) * sizeof *g->undo);
        g->nundo--;
    }
    g->undo[g->nundo++] = u;
}

static void next_pupil(struct grid *g)
{
    for (int p = g->row + 1; p < g->j->npupils; p++) {
        if (g->col >= g->j->ncols || journal_cell_active(g->j, p, g->col)) {
            g->row = p;
            return;
        }
    }
}

static void saved_status(struct screen *s, int p, const char *what)
{
    struct grid *g = s->data;
    tui_status(s->tui, _("Saved: %s — %s"), g->j->pupils[p].label, what);
    g->err_pupil = 0;
    g->err_lesson = 0;
    g->err_col = -1;
}

/* After a committed write to one pupil's row: re-read that row only (one query, not
 * the journal's three); the cell and the row's averages follow from it.  When that
 * fails the whole journal is re-read on the next draw. */
static void reload_row(struct screen *s, long long pupil_id)
{
    struct grid *g = s->data;
    struct ej_error err;
    enum ej_err e = db_journal_reload_pupil(gctx(s)->db, gctx(s), g->j, pupil_id, &err);
    if (e != EJ_OK) {
        g->dirty = true;
        if (e == EJ_ETEMP)
            tui_db_lost(s->tui);
    }
}

/* Store mark value (0 clears) at seq in the cursor's cell.  Returns true when saved. */
static bool put_mark(struct screen *s, int p, int c, int seq, int value, bool record)
{
    struct grid *g = s->data;
    struct journal *j = g->j;
    const struct journal_lesson *le = &j->lessons[j->cols[c].lesson];
    const struct journal_work *wk = journal_col_work(j, c);
    long long lesson_id = le->id, pupil_id = j->pupils[p].id;
    int old = journal_mark(j, p, c, seq);
    long long work_id = wk ? wk->id : 0, new_work = 0;
    struct ej_error err;
    if (db_journal_mark_set(gctx(s)->db, gctx(s), lesson_id, work_id, pupil_id, seq, value,
                            &new_work, &err) != EJ_OK) {
        write_failed(s, &err, pupil_id, lesson_id, c);
        return false;
    }
    if (record)
        push_undo(g, (struct undo){ U_MARK, lesson_id, new_work ? new_work : work_id, pupil_id,
                                    g->period_id, seq, old });
    int pos = wk ? wk->pos : 1;
    char what[64];
    char d[6];
    cal_ddmm(le->date, d);
    snprintf(what, sizeof what, "%s %s", d, value ? rules_value_str((enum rules_value)value) : _("cleared"));
    saved_status(s, p, what);
    /* A first mark created the lesson's work (the default type, as the grid shows
     * for a lesson without one): the column now holds it. */
    if (!wk && new_work &&
        !journal_first_work(j, j->cols[c].lesson, new_work, journal_default_type(j))) {
        grid_load(s, lesson_id, pos);
        return true;
    }
    /* The committed write is all that changed in this row as far as this session
     * knows: the cell takes it without a re-read (a round trip and a query per mark
     * under load, make bench).  Others' changes to the journal arrive as wake-ups and
     * re-read it; a write whose COMMIT reply was lost is re-read by the write itself. */
    journal_set_mark(j, p, c, seq, value);
    return true;
}

static bool put_absence(struct screen *s, int p, int l, enum rules_value code, bool record)
{
    struct grid *g = s->data;
    struct journal *j = g->j;
    long long lesson_id = j->lessons[l].id, pupil_id = j->pupils[p].id;
    enum rules_value old = journal_absence(j, p, l);
    struct ej_error err;
    if (db_journal_absence_set(gctx(s)->db, gctx(s), lesson_id, pupil_id, code, &err) != EJ_OK) {
        write_failed(s, &err, pupil_id, lesson_id, g->col);
        return false;
    }
    if (record)
        push_undo(g, (struct undo){ U_ABSENCE, lesson_id, 0, pupil_id, g->period_id, 0, old });
    char what[64], d[6];
    cal_ddmm(j->lessons[l].date, d);
    snprintf(what, sizeof what, "%s %s", d, code ? rules_value_str(code) : _("cleared"));
    saved_status(s, p, what);
    grid_load(s, 0, 0);
    return true;
}

static bool put_final(struct screen *s, int p, enum rules_value v, bool record)
{
    struct grid *g = s->data;
    struct journal *j = g->j;
    const struct journal_period *per = journal_period(j);
    if (!per)
        return false;
    long long pupil_id = j->pupils[p].id;
    enum rules_value old = (enum rules_value)j->finals[p];
    struct ej_error err;
    if (db_journal_final_set(gctx(s)->db, gctx(s), j->course_id, per->id, pupil_id, v, &err) !=
        EJ_OK) {
        write_failed(s, &err, pupil_id, 0, j->ncols);
        return false;
    }
    if (record)
        push_undo(g, (struct undo){ U_FINAL, 0, 0, pupil_id, per->id, 0, old });
    char what[96];
    snprintf(what, sizeof what, "%s %s", per->name, v ? rules_value_str(v) : _("cleared"));
    saved_status(s, p, what);
    reload_row(s, pupil_id);
    return true;
}

static bool check(struct screen *s, enum policy_action a, int l, int p)
{
    struct grid *g = s->data;
    struct policy_object o;
    struct ej_error err;
    journal_policy_object(g->j, gctx(s), l, p, &o);
    if (policy_check(gctx(s), a, &o, &err) == EJ_OK)
        return true;
    refuse(s, err.msg);
    return false;
}

static int enter_value(struct screen *s, wint_t ch)
{
    struct grid *g = s->data;
    struct journal *j = g->j;
    int p = g->row;
    enum rules_value v = rules_key((uint32_t)ch);
    bool final_col = g->col >= j->ncols;
    struct ej_error err;
    if (p < 0 || p >= j->npupils)
        return AR_NONE;
    if (v == RV_NONE) {
        g->retake = false;
        refuse(s, rules_refusal(final_col ? RULES_CELL_FINAL : RULES_CELL_MARK, j->graded));
        return AR_REDRAW;
    }
    if (final_col) {
        if (rules_check(RULES_CELL_FINAL, v, j->graded, &err) != EJ_OK) {
            refuse(s, err.msg);
            return AR_REDRAW;
        }
        if (!check(s, POLICY_FINAL_SET, -1, p))
            return AR_REDRAW;
        if (put_final(s, p, v, true))
            next_pupil(g);
        return AR_REDRAW;
    }
    int c = g->col, l = j->cols[c].lesson;
    const struct journal_lesson *le = &j->lessons[l];
    bool retake = g->retake;
    g->retake = false;
    if (rules_check(RULES_CELL_MARK, v, j->graded, &err) != EJ_OK) {
        refuse(s, err.msg);
        return AR_REDRAW;
    }
    if (!journal_cell_active(j, p, c)) {
        refuse(s, _("The pupil was not in this class or group on the lesson's date"));
        return AR_REDRAW;
    }
    if (rules_is_absence(v)) {
        if (le->date > j->today) {
            refuse(s, _("Attendance of a future lesson is not marked"));
            return AR_REDRAW;
        }
        if (!check(s, v == RV_N ? POLICY_ABSENT_SET : POLICY_REASON_SET, l, p))
            return AR_REDRAW;
        if (put_absence(s, p, l, v, true))
            next_pupil(g);
        return AR_REDRAW;
    }
    if (!check(s, POLICY_MARK_SET, l, p))
        return AR_REDRAW;
    if (le->date > j->today) {
        refuse(s, _("No marks on future dates"));
        return AR_REDRAW;
    }
    if (!le->held) {
        refuse(s, _("The lesson is marked as not held: no marks"));
        return AR_REDRAW;
    }
    int seq = 1;
    if (retake) {
        int n = journal_nmarks(j, p, c);
        if (n == 0) {
            refuse(s, _("A retake needs a first mark in this cell"));
            return AR_REDRAW;
        }
        if (n >= JOURNAL_MAX_SEQ) {
            refuse(s, _("At most two retakes of one work"));
            return AR_REDRAW;
        }
        seq = n + 1;
    }
    if (put_mark(s, p, c, seq, (int)v, true))
        next_pupil(g);
    return AR_REDRAW;
}

static int clear_cell(struct screen *s)
{
    struct grid *g = s->data;
    struct journal *j = g->j;
    int p = g->row;
    if (p < 0 || p >= j->npupils)
        return AR_NONE;
    if (g->col >= j->ncols) {
        if (j->finals[p] == RV_NONE)
            return AR_NONE;
        if (check(s, POLICY_FINAL_SET, -1, p))
            put_final(s, p, RV_NONE, true);
        return AR_REDRAW;
    }
    int c = g->col, l = j->cols[c].lesson;
    int n = journal_nmarks(j, p, c);
    if (n > 0) {
        if (check(s, POLICY_MARK_SET, l, p))
            put_mark(s, p, c, n, 0, true);
    } else if (journal_absence(j, p, l) != RV_NONE) {
        if (check(s, POLICY_ABSENT_SET, l, p))
            put_absence(s, p, l, RV_NONE, true);
    }
    return AR_REDRAW;
}

static int undo_last(struct screen *s)
{
    struct grid *g = s->data;
    if (g->nundo == 0) {
        tui_status(s->tui, "%s", _("Nothing to undo"));
        return AR_REDRAW;
    }
    struct undo u = g->undo[g->nundo - 1];
    if (u.period_id != g->period_id) {
        tui_error(s->tui, "%s", _("The last change is in another period: switch to it (F3)"));
        return AR_REDRAW;
    }
    struct journal *j = g->j;
    int p = journal_pupil_index(j, u.pupil_id);
    if (p < 0)
        return AR_REDRAW;
    bool ok = false;
    g->row = p;
    if (u.kind == U_FINAL) {
        g->col = j->ncols;
        ok = put_final(s, p, (enum rules_value)u.old, false);
    } else if (u.kind == U_ABSENCE) {
        int l = journal_lesson_index(j, u.lesson_id);
        if (l >= 0) {
            g->col = j->lessons[l].first_col;
            ok = put_absence(s, p, l, (enum rules_value)u.old, false);
        }
    } else {
        int c = journal_col_of_work(j, u.work_id);
        if (c >= 0) {
            g->col = c;
            ok = put_mark(s, p, c, u.seq, u.old, false);
        }
    }
    if (ok) {
        g->nundo--;
        tui_status(s->tui, "%s", _("Undone and saved"));
    }
    return AR_REDRAW;
}

static int accept_final(struct screen *s)
{
    struct grid *g = s->data;
    struct journal *j = g->j;
    int p = g->row;
    if (p < 0 || p >= j->npupils)
        return AR_NONE;
    enum rules_value v = journal_suggest(j, p);
    if (v == RV_NONE) {
        refuse(s, _("No marks to suggest a final from: type it (2-5, Н, Б, У, К)"));
        return AR_REDRAW;
    }
    if (!check(s, POLICY_FINAL_SET, -1, p))
        return AR_REDRAW;
    if (put_final(s, p, v, true))
        next_pupil(g);
    return AR_REDRAW;
}

static int add_lesson(struct screen *s)
{
    struct grid *g = s->data;
    if (!check(s, POLICY_LESSON_ADD, -1, -1))
        return AR_REDRAW;
    char today[11];
    cal_ddmmyyyy(g->j->today, today);
    char *txt = dialog_input(s->tui, _("A lesson outside the timetable"),
                             _("Date (DD.MM.YYYY):"), today);
    if (!txt)
        return AR_REDRAW;
    int dd, mm, yy, day;
    char iso[16];
    bool ok = sscanf(txt, "%d.%d.%d", &dd, &mm, &yy) == 3 && yy > 1900 && yy < 3000 &&
              mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31;
    if (ok) {
        snprintf(iso, sizeof iso, "%04d-%02d-%02d", yy, mm, dd);
        ok = cal_parse(iso, &day);
    }
    free(txt);
    if (!ok) {
        refuse(s, _("Date: DD.MM.YYYY, e.g. 26.11.2026"));
        return AR_REDRAW;
    }
    const struct journal_period *per = journal_period(g->j);
    if (per && (day < per->starts || day > per->ends)) {
        refuse(s, _("The date is outside the period shown"));
        return AR_REDRAW;
    }
    long long id = 0;
    struct ej_error err;
    if (db_journal_lesson_add(gctx(s)->db, gctx(s), g->course_id, day, 0, &id, &err) != EJ_OK) {
        write_failed(s, &err, 0, 0, -1);
        return AR_REDRAW;
    }
    tui_status(s->tui, "%s", _("Lesson added"));
    grid_load(s, id, 0);
    return AR_REDRAW;
}

struct journal_print {
    const struct ej_ctx *ctx;
    long long course_id;
    int period;
};

static enum ej_err build_journal(void *arg, struct doc **out, struct ej_error *err)
{
    struct journal_print *jp = arg;
    return report_journal(jp->ctx, jp->course_id, jp->period, out, err);
}

/* F5: the journal page of the course for the period shown (2.3, 4.2). */
static void print_journal(struct screen *s)
{
    struct grid *g = s->data;
    const struct journal_period *per = journal_period(g->j);
    if (!per) {
        tui_error(s->tui, "%s", _("The class has no periods this year"));
        return;
    }
    struct journal_print jp = { tui_ctx(s->tui), g->course_id, per->num };
    char *title = xasprintf(_("Journal page, %s %s, %s"), g->j->class_name, g->j->subject_name,
                            per->name);
    char *args = xasprintf("report journal --course %lld --period %d", g->course_id, per->num);
    char *file = xasprintf("journal-%lld-%d.pdf", g->course_id, per->num);
    struct print_job job = { title, args, file, build_journal, &jp };
    print_dialog(s->tui, &job);
    free(title);
    free(args);
    free(file);
}

static int grid_action(struct screen *s, enum action a, wint_t ch)
{
    struct grid *g = s->data;
    if (!g->j) {
        if (a == ACT_REFRESH) {
            grid_load(s, 0, 0);
            return AR_REDRAW;
        }
        if (a == ACT_BACK) {
            tui_pop(s->tui);
            return AR_REDRAW;
        }
        return AR_DEFAULT;
    }
    struct journal *j = g->j;
    int page = g->vis_rows > 1 ? g->vis_rows - 1 : 1;
    if (a != ACT_CHAR && a != ACT_RETAKE && a != ACT_HELP)
        g->retake = false;
    switch (a) {
    case ACT_UP:
        if (g->row > 0)
            g->row--;
        return AR_REDRAW;
    case ACT_DOWN:
        if (g->row < j->npupils - 1)
            g->row++;
        return AR_REDRAW;
    case ACT_PGUP:
        g->row = g->row > page ? g->row - page : 0;
        return AR_REDRAW;
    case ACT_PGDN:
        g->row = g->row + page < j->npupils ? g->row + page : j->npupils - 1;
        if (g->row < 0)
            g->row = 0;
        return AR_REDRAW;
    case ACT_LEFT:
        if (g->col > 0)
            g->col--;
        return AR_REDRAW;
    case ACT_RIGHT:
        if (g->col < j->ncols)
            g->col++;
        return AR_REDRAW;
    case ACT_HOME:
        g->col = 0;
        return AR_REDRAW;
    case ACT_END:
        g->col = j->ncols > 0 ? j->ncols - 1 : 0;
        return AR_REDRAW;
    case ACT_NEXT:
        if (g->col < j->ncols) {
            int l = j->cols[g->col].lesson;
            g->col = l + 1 < j->nlessons ? j->lessons[l + 1].first_col : j->ncols;
        }
        return AR_REDRAW;
    case ACT_PREV:
        if (g->col >= j->ncols)
            g->col = j->nlessons ? j->lessons[j->nlessons - 1].first_col : 0;
        else if (j->cols[g->col].lesson > 0)
            g->col = j->lessons[j->cols[g->col].lesson - 1].first_col;
        return AR_REDRAW;
    case ACT_CHAR:
        return enter_value(s, ch);
    case ACT_CLEAR:
        return clear_cell(s);
    case ACT_UNDO:
        return undo_last(s);
    case ACT_RETAKE:
        if (g->col >= j->ncols || !check(s, POLICY_MARK_SET, j->cols[g->col].lesson, g->row))
            return AR_REDRAW;
        g->retake = true;
        tui_status(s->tui, "%s", _("Retake: type the new mark; the first one stays («2/4»)"));
        return AR_REDRAW;
    case ACT_ACCEPT:
        if (g->col >= j->ncols)
            return accept_final(s);
        return AR_NONE;
    case ACT_OPEN:
    case ACT_EDIT:
        if (g->col >= j->ncols) {
            if (a == ACT_OPEN)
                return accept_final(s);
            return AR_NONE;
        }
        if (j->ncols > 0)
            screen_lesson_open(s->tui, j, j->cols[g->col].lesson);
        return AR_REDRAW;
    case ACT_PERIOD:
        if (j->nperiods > 1) {
            int next = (j->period + 1) % j->nperiods;
            g->period_id = j->periods[next].id;
            g->col = 0;
            g->left = 0;
            grid_load(s, 0, 0);
            if (g->j->period == next)
                tui_status(s->tui, "%s", g->j->periods[next].name);
        }
        return AR_REDRAW;
    case ACT_ATTENDANCE: {
        if (g->col >= j->ncols)
            return AR_NONE;
        int l = j->cols[g->col].lesson;
        if (!check(s, POLICY_ABSENT_SET, l, -1))
            return AR_REDRAW;
        struct ej_error err;
        if (db_journal_attendance_taken(gctx(s)->db, gctx(s), j->lessons[l].id, &err) != EJ_OK) {
            write_failed(s, &err, 0, 0, -1);
            return AR_REDRAW;
        }
        tui_status(s->tui, "%s", _("Attendance taken: everybody without Н was present"));
        grid_load(s, 0, 0);
        return AR_REDRAW;
    }
    case ACT_LESSON_ADD:
        return add_lesson(s);
    case ACT_REFRESH:
        if (grid_load(s, 0, 0))
            tui_status(s->tui, "%s", _("Reloaded"));
        return AR_REDRAW;
    case ACT_PRINT:
        print_journal(s);
        return AR_REDRAW;
    case ACT_BACK:
        tui_pop(s->tui);
        return AR_REDRAW;
    default:
        return AR_DEFAULT;
    }
}

static bool grid_allowed(struct screen *s, enum action a)
{
    struct grid *g = s->data;
    switch (a) {
    case ACT_EDIT:
    case ACT_ATTENDANCE:
    case ACT_UNDO:
    case ACT_RETAKE:
    case ACT_CLEAR:
        return g->can_edit;
    case ACT_LESSON_ADD:
    case ACT_ACCEPT:
        return g->can_final;
    default:
        return true;
    }
}

static bool grid_changed(struct screen *s, const char *payload)
{
    struct grid *g = s->data;
    char mine[48];
    snprintf(mine, sizeof mine, "course:%lld", g->course_id);
    if (!payload || strcmp(payload, mine) == 0)
        g->dirty = true;
    return g->dirty;
}

/* The grid is drawn and the teacher reads it: the connection's write path is warmed
 * (db_journal_warm) on the lesson under the cursor, or the last one held up to today,
 * so that the first mark is as quick as the next.  Nothing is written. */
static void grid_idle(struct screen *s)
{
    struct grid *g = s->data;
    const struct journal *j = g->j;
    if (!j || !g->can_edit || j->npupils == 0 || j->nlessons == 0)
        return;
    int l = g->col < j->ncols ? j->cols[g->col].lesson : -1;
    if (l < 0 || !j->lessons[l].held || j->lessons[l].date > tui_today(s->tui))
        for (l = j->nlessons - 1; l >= 0; l--)
            if (j->lessons[l].held && j->lessons[l].date <= tui_today(s->tui))
                break;
    if (l < 0)
        return;
    int p = g->row >= 0 && g->row < j->npupils ? g->row : 0;
    db_journal_warm(gctx(s)->db, gctx(s), j->lessons[l].id, j->pupils[p].id);
}

static void grid_close(struct screen *s)
{
    struct grid *g = s->data;
    journal_free(g->j);
    free(g);
}

static const struct screen_ops grid_ops = {
    .name = "grid",
    .keymap = &keymap_grid,
    .draw = grid_draw,
    .action = grid_action,
    .changed = grid_changed,
    .allowed = grid_allowed,
    .close = grid_close,
    .idle = grid_idle,
};

void screen_grid_open(struct tui *t, long long course_id, long long lesson_id, int date)
{
    struct grid *g = xcalloc(1, sizeof *g);
    g->course_id = course_id;
    g->err_col = -1;
    tui_push(t, &grid_ops, g);
    struct screen tmp = { &grid_ops, t, g };
    if (!grid_load(&tmp, lesson_id, 0))
        return;
    /* Opened at a lesson of another period (an overdue item): show that period. */
    const struct journal_period *per = journal_period(g->j);
    if (date && per && (date < per->starts || date > per->ends)) {
        for (int i = 0; i < g->j->nperiods; i++)
            if (date >= g->j->periods[i].starts && date <= g->j->periods[i].ends) {
                g->period_id = g->j->periods[i].id;
                grid_load(&tmp, lesson_id, 0);
                break;
            }
    }
    if (g->j) {
        int p0 = 0;
        while (p0 < g->j->npupils && g->col < g->j->ncols && !journal_cell_active(g->j, p0, g->col))
            p0++;
        g->row = p0 < g->j->npupils ? p0 : 0;
        if (g->can_edit)
            tui_want_idle(t);
    }
}
