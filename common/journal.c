/*
 * journal — the grid model: building, lookups, cells, averages, suggested finals.
 * Arrays grow by doubling while building; journal_finish() fixes the layout.
 */
#include "journal.h"
#include "i18n.h"
#include "utf8.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct journal *journal_new(void)
{
    struct journal *j = xcalloc(1, sizeof *j);
    j->weighted = true;
    j->threshold = 0.6;
    j->graded = true;
    j->period = -1;
    return j;
}

void journal_free(struct journal *j)
{
    if (!j)
        return;
    free(j->class_name);
    free(j->group_name);
    free(j->subject_name);
    free(j->teacher_name);
    free(j->teachers);
    for (int i = 0; i < j->nperiods; i++)
        free(j->periods[i].name);
    free(j->periods);
    for (int i = 0; i < j->ntypes; i++) {
        free(j->types[i].name);
        free(j->types[i].short_name);
    }
    free(j->types);
    for (int i = 0; i < j->npupils; i++) {
        free(j->pupils[i].surname);
        free(j->pupils[i].name);
        free(j->pupils[i].patronymic);
        free(j->pupils[i].label);
    }
    free(j->pupils);
    for (int i = 0; i < j->nlessons; i++) {
        free(j->lessons[i].topic);
        free(j->lessons[i].homework);
    }
    free(j->lessons);
    free(j->cols);
    free(j->marks);
    free(j->att);
    free(j->finals);
    free(j);
}

/* Grow an array of n elements to hold one more (capacity doubles at powers of two). */
static void *grow(void *p, int n, size_t size)
{
    if (n == 0 || (n & (n - 1)) == 0)
        return xreallocarray(p, n ? (size_t)n * 2 : 4, size);
    return p;
}

void journal_set_course(struct journal *j, const char *class_name, const char *group_name,
                        const char *subject, const char *teacher)
{
    free(j->class_name);
    free(j->group_name);
    free(j->subject_name);
    free(j->teacher_name);
    j->class_name = xstrdup(class_name ? class_name : "");
    j->group_name = xstrdup(group_name ? group_name : "");
    j->subject_name = xstrdup(subject ? subject : "");
    j->teacher_name = xstrdup(teacher ? teacher : "");
}

void journal_add_teacher(struct journal *j, long long staff_id, int from, int to)
{
    j->teachers = grow(j->teachers, j->nteachers, sizeof *j->teachers);
    j->teachers[j->nteachers++] = (struct journal_teacher){ staff_id, from, to };
}

int journal_add_period(struct journal *j, long long id, int num, const char *name, int starts,
                       int ends, bool locked)
{
    j->periods = grow(j->periods, j->nperiods, sizeof *j->periods);
    j->periods[j->nperiods] =
        (struct journal_period){ id, num, xstrdup(name ? name : ""), starts, ends, locked };
    return j->nperiods++;
}

int journal_add_type(struct journal *j, long long id, const char *name, const char *short_name,
                     double weight, bool written)
{
    j->types = grow(j->types, j->ntypes, sizeof *j->types);
    j->types[j->ntypes] = (struct journal_work_type){ id, xstrdup(name ? name : ""),
                                                      xstrdup(short_name ? short_name : ""),
                                                      weight, written };
    return j->ntypes++;
}

char *journal_short_name(const char *surname, const char *name, const char *patronymic)
{
    struct ej_buf b;
    buf_init(&b);
    buf_puts(&b, surname ? surname : "");
    const char *parts[] = { name, patronymic };
    for (int i = 0; i < 2; i++) {
        if (!parts[i] || !*parts[i])
            continue;
        size_t n = utf8_valid_prefix(parts[i]);
        if (n == 0)
            continue;
        buf_puts(&b, i == 0 ? " " : " ");
        buf_append(&b, parts[i], n);
        buf_puts(&b, ".");
    }
    return buf_steal(&b);
}

int journal_add_pupil(struct journal *j, long long id, const char *surname, const char *name,
                      const char *patronymic, int from, int to)
{
    if (j->npupils > 0 && j->pupils[j->npupils - 1].id == id) {
        struct journal_pupil *p = &j->pupils[j->npupils - 1];
        if (p->nranges < JOURNAL_MAX_RANGES)
            p->ranges[p->nranges++] = (struct journal_range){ from, to };
        return j->npupils - 1;
    }
    j->pupils = grow(j->pupils, j->npupils, sizeof *j->pupils);
    struct journal_pupil *p = &j->pupils[j->npupils];
    memset(p, 0, sizeof *p);
    p->id = id;
    p->surname = xstrdup(surname ? surname : "");
    p->name = xstrdup(name ? name : "");
    p->patronymic = xstrdup(patronymic ? patronymic : "");
    p->label = journal_short_name(surname, name, patronymic);
    p->ranges[0] = (struct journal_range){ from, to };
    p->nranges = 1;
    return j->npupils++;
}

int journal_add_lesson(struct journal *j, long long id, int date, int num, const char *topic,
                       const char *homework, bool held, bool attendance_taken)
{
    j->lessons = grow(j->lessons, j->nlessons, sizeof *j->lessons);
    struct journal_lesson *l = &j->lessons[j->nlessons];
    memset(l, 0, sizeof *l);
    l->id = id;
    l->date = date;
    l->num = num;
    l->topic = xstrdup(topic ? topic : "");
    l->homework = xstrdup(homework ? homework : "");
    l->held = held;
    l->from_timetable = true;
    l->attendance_taken = attendance_taken;
    return j->nlessons++;
}

int journal_type_index(const struct journal *j, long long type_id)
{
    for (int i = 0; i < j->ntypes; i++)
        if (j->types[i].id == type_id)
            return i;
    return -1;
}

int journal_default_type(const struct journal *j)
{
    return j->ntypes > 0 ? 0 : -1;
}

bool journal_add_work(struct journal *j, int l, long long id, long long type_id, int pos)
{
    if (l < 0 || l >= j->nlessons)
        return false;
    struct journal_lesson *le = &j->lessons[l];
    int t = journal_type_index(j, type_id);
    if (t < 0 || le->nworks >= JOURNAL_MAX_WORKS)
        return false;
    le->works[le->nworks++] = (struct journal_work){ id, t, pos };
    return true;
}

void journal_finish(struct journal *j)
{
    int n = 0;
    for (int l = 0; l < j->nlessons; l++)
        n += j->lessons[l].nworks ? j->lessons[l].nworks : 1;
    free(j->cols);
    j->cols = xcalloc(n ? (size_t)n : 1, sizeof *j->cols);
    j->ncols = 0;
    for (int l = 0; l < j->nlessons; l++) {
        j->lessons[l].first_col = j->ncols;
        if (j->lessons[l].nworks == 0)
            j->cols[j->ncols++] = (struct journal_col){ l, -1 };
        for (int w = 0; w < j->lessons[l].nworks; w++)
            j->cols[j->ncols++] = (struct journal_col){ l, w };
    }
    free(j->marks);
    free(j->att);
    free(j->finals);
    j->marks = xcalloc((size_t)(j->npupils ? j->npupils : 1) * (size_t)(n ? n : 1),
                       sizeof *j->marks);
    j->att = xcalloc((size_t)(j->npupils ? j->npupils : 1) * (size_t)(j->nlessons ? j->nlessons : 1),
                     1);
    j->finals = xcalloc((size_t)(j->npupils ? j->npupils : 1), 1);
}

int journal_pupil_index(const struct journal *j, long long pupil_id)
{
    for (int i = 0; i < j->npupils; i++)
        if (j->pupils[i].id == pupil_id)
            return i;
    return -1;
}

int journal_lesson_index(const struct journal *j, long long lesson_id)
{
    for (int i = 0; i < j->nlessons; i++)
        if (j->lessons[i].id == lesson_id)
            return i;
    return -1;
}

int journal_col_of_work(const struct journal *j, long long work_id)
{
    for (int c = 0; c < j->ncols; c++) {
        const struct journal_work *w = journal_col_work(j, c);
        if (w && w->id == work_id)
            return c;
    }
    return -1;
}

const struct journal_work *journal_col_work(const struct journal *j, int c)
{
    if (c < 0 || c >= j->ncols || j->cols[c].work < 0)
        return NULL;
    return &j->lessons[j->cols[c].lesson].works[j->cols[c].work];
}

bool journal_put_mark(struct journal *j, long long pupil_id, long long work_id, int seq,
                      int value)
{
    int p = journal_pupil_index(j, pupil_id);
    int c = journal_col_of_work(j, work_id);
    if (p < 0 || c < 0 || seq < 1 || seq > JOURNAL_MAX_SEQ || value < 2 || value > 5)
        return false;
    j->marks[(size_t)p * (size_t)j->ncols + (size_t)c].v[seq - 1] = (signed char)value;
    return true;
}

bool journal_put_absence(struct journal *j, long long pupil_id, long long lesson_id,
                         enum rules_value code)
{
    int p = journal_pupil_index(j, pupil_id);
    int l = journal_lesson_index(j, lesson_id);
    if (p < 0 || l < 0 || !rules_is_absence(code))
        return false;
    j->att[(size_t)p * (size_t)j->nlessons + (size_t)l] = (unsigned char)code;
    return true;
}

bool journal_put_final(struct journal *j, long long pupil_id, enum rules_value v)
{
    int p = journal_pupil_index(j, pupil_id);
    if (p < 0)
        return false;
    j->finals[p] = (unsigned char)v;
    return true;
}

bool journal_first_work(struct journal *j, int l, long long id, int type)
{
    if (l < 0 || l >= j->nlessons || j->lessons[l].nworks != 0 || type < 0 || type >= j->ntypes)
        return false;
    struct journal_lesson *le = &j->lessons[l];
    le->works[0] = (struct journal_work){ id, type, 1 };
    le->nworks = 1;
    j->cols[le->first_col].work = 0;
    return true;
}

void journal_set_mark(struct journal *j, int p, int c, int seq, int value)
{
    if (p < 0 || p >= j->npupils || c < 0 || c >= j->ncols || seq < 1 || seq > JOURNAL_MAX_SEQ)
        return;
    signed char *v = j->marks[(size_t)p * (size_t)j->ncols + (size_t)c].v;
    if (value >= 2 && value <= 5)
        v[seq - 1] = (signed char)value;
    else if (value == 0)
        for (int k = seq - 1; k < JOURNAL_MAX_SEQ; k++)
            v[k] = 0;
}

void journal_clear_pupil(struct journal *j, int p)
{
    if (p < 0 || p >= j->npupils)
        return;
    memset(&j->marks[(size_t)p * (size_t)j->ncols], 0, (size_t)j->ncols * sizeof *j->marks);
    memset(&j->att[(size_t)p * (size_t)j->nlessons], 0, (size_t)j->nlessons);
    j->finals[p] = RV_NONE;
}

bool journal_enrolled(const struct journal *j, int p, int day)
{
    if (p < 0 || p >= j->npupils)
        return false;
    const struct journal_pupil *pu = &j->pupils[p];
    for (int i = 0; i < pu->nranges; i++)
        if (day >= pu->ranges[i].from && day < pu->ranges[i].to)
            return true;
    return false;
}

bool journal_cell_active(const struct journal *j, int p, int c)
{
    if (c < 0 || c >= j->ncols)
        return false;
    return journal_enrolled(j, p, j->lessons[j->cols[c].lesson].date);
}

int journal_mark(const struct journal *j, int p, int c, int seq)
{
    if (p < 0 || p >= j->npupils || c < 0 || c >= j->ncols || seq < 1 || seq > JOURNAL_MAX_SEQ)
        return 0;
    return j->marks[(size_t)p * (size_t)j->ncols + (size_t)c].v[seq - 1];
}

int journal_nmarks(const struct journal *j, int p, int c)
{
    int n = 0;
    for (int s = 1; s <= JOURNAL_MAX_SEQ; s++)
        if (journal_mark(j, p, c, s))
            n = s;
    return n;
}

enum rules_value journal_absence(const struct journal *j, int p, int l)
{
    if (p < 0 || p >= j->npupils || l < 0 || l >= j->nlessons)
        return RV_NONE;
    return (enum rules_value)j->att[(size_t)p * (size_t)j->nlessons + (size_t)l];
}

void journal_cell_text(const struct journal *j, int p, int c, char out[16])
{
    out[0] = '\0';
    if (!journal_cell_active(j, p, c))
        return;
    size_t o = 0;
    enum rules_value a = journal_absence(j, p, j->cols[c].lesson);
    /* The absence shows in the lesson's first column only. */
    if (a != RV_NONE && c == j->lessons[j->cols[c].lesson].first_col)
        o += (size_t)snprintf(out + o, 16 - o, "%s", rules_value_str(a));
    int n = journal_nmarks(j, p, c);
    for (int s = 1; s <= n && o < 12; s++) {
        int v = journal_mark(j, p, c, s);
        if (s > 1)
            out[o++] = '/';
        out[o++] = v ? (char)('0' + v) : '-';
        out[o] = '\0';
    }
}

void journal_average(const struct journal *j, int p, struct journal_avg *out)
{
    double sum = 0, wsum = 0, wtot = 0;
    int count = 0;
    for (int c = 0; c < j->ncols; c++) {
        const struct journal_work *w = journal_col_work(j, c);
        int n = journal_nmarks(j, p, c);
        if (!w || n == 0)
            continue;
        int vals[JOURNAL_MAX_SEQ], idx[JOURNAL_MAX_SEQ], k = 0;
        for (int s = 1; s <= n; s++) {
            int v = journal_mark(j, p, c, s);
            if (v)
                vals[k++] = v;
        }
        int m = rules_retake_pick(j->retake, vals, k, idx);
        double weight = j->types[w->type].weight;
        for (int i = 0; i < m; i++) {
            sum += vals[idx[i]];
            wsum += vals[idx[i]] * weight;
            wtot += weight;
            count++;
        }
    }
    out->count = count;
    out->arith = count ? sum / count : 0;
    out->weighted = wtot > 0 ? wsum / wtot : 0;
}

double journal_school_average(const struct journal *j, int p)
{
    struct journal_avg a;
    journal_average(j, p, &a);
    return j->weighted ? a.weighted : a.arith;
}

enum rules_value journal_suggest(const struct journal *j, int p)
{
    if (!j->graded)
        return RV_NONE;
    return rules_suggest(journal_school_average(j, p), j->threshold);
}

char *journal_formula(const struct journal *j)
{
    char th[16];
    snprintf(th, sizeof th, "%.2f", j->threshold);
    for (char *q = th; *q; q++)
        if (*q == '.')
            *q = ',';
    if (j->weighted)
        return xasprintf(_("Avg = sum of marks / count; Wtd = sum(mark x weight) / sum(weights), "
                           "the final is suggested from Wtd; rounding up from %s"),
                         th);
    return xasprintf(_("Avg = sum of marks / count, the final is suggested from Avg; "
                       "rounding up from %s"),
                     th);
}

bool journal_teacher_on(const struct journal *j, long long staff_id, int day)
{
    if (!staff_id)
        return false;
    for (int i = 0; i < j->nteachers; i++)
        if (j->teachers[i].staff_id == staff_id &&
            (day < 0 || (day >= j->teachers[i].from && day < j->teachers[i].to)))
            return true;
    return false;
}

void journal_policy_object(const struct journal *j, const struct ej_ctx *ctx, int l, int p,
                           struct policy_object *o)
{
    memset(o, 0, sizeof *o);
    o->school_id = j->school_id;
    o->class_teacher = j->class_teacher;
    if (l >= 0 && l < j->nlessons) {
        const struct journal_lesson *le = &j->lessons[l];
        o->course_teacher = journal_teacher_on(j, ctx->staff_id, le->date);
        o->lesson_teacher = ctx->staff_id && le->teacher_id == ctx->staff_id;
        if (p >= 0)
            o->has_absence = journal_absence(j, p, l) != RV_NONE;
    } else {
        o->course_teacher = journal_teacher_on(j, ctx->staff_id, -1);
    }
    for (int i = 0; i < j->nlessons && !o->taught_any; i++)
        o->taught_any = ctx->staff_id && j->lessons[i].teacher_id == ctx->staff_id;
    if (p >= 0 && p < j->npupils)
        o->pupil_id = j->pupils[p].id;
}

const struct journal_period *journal_period(const struct journal *j)
{
    return j->period >= 0 && j->period < j->nperiods ? &j->periods[j->period] : NULL;
}
