/*
 * report — the documents themselves: which data goes where on the page
 * (report.h).  All SQL is in db-report.c; all drawing in doc-*.c.  Each builder
 * loads a class's (or a course's) data in a few set queries and assembles the
 * pages in memory, so a class's weekly reports cost the same few queries as one.
 */
#include "report.h"
#include "policy.h"
#include "calendar.h"
#include "db-report.h"
#include "i18n.h"
#include "journal.h"
#include "rules.h"
#include "utf8.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

bool report_parse_class(const char *s, int *grade, char letter[8])
{
    int g = 0, nd = 0;
    while (*s >= '0' && *s <= '9' && nd < 3) {
        g = g * 10 + (*s - '0');
        s++;
        nd++;
    }
    if (nd == 0 || g < 1 || g > 11)
        return false;
    uint32_t cp;
    size_t l = utf8_decode(s, &cp);
    if (l == 0 || s[l] != '\0')
        return false;
    if (cp >= 0x430 && cp <= 0x44f)
        cp -= 0x20;
    else if (cp == 0x451)
        cp = 0x401;
    if (!((cp >= 0x410 && cp <= 0x42f) || cp == 0x401))
        return false;
    size_t n = utf8_encode(cp, letter);
    letter[n] = '\0';
    *grade = g;
    return true;
}

/* ------------------------------------------------------------------ helpers */

static char *full_name(const char *surname, const char *name, const char *patronymic)
{
    return *patronymic ? xasprintf("%s %s %s", surname, name, patronymic)
                       : xasprintf("%s %s", surname, name);
}

static char *pupil_full(const struct rp_pupil *p)
{
    return full_name(p->surname, p->name, p->patronymic);
}

static char *ddmmyyyy(int d)
{
    char b[11];
    cal_ddmmyyyy(d, b);
    return xstrdup(b);
}

/* "05.11.2026 – 28.12.2026" */
static char *date_range(int from, int to_incl)
{
    char a[11], b[11];
    cal_ddmmyyyy(from, a);
    cal_ddmmyyyy(to_incl, b);
    return xasprintf("%s – %s", a, b);
}

static enum ej_err load_class(const struct ej_ctx *ctx, const char *class_name, const char *year,
                              int day, struct rp_class *c, struct ej_error *err)
{
    int grade;
    char letter[8];
    if (!report_parse_class(class_name, &grade, letter))
        return ej_error_set(err, EJ_EINVAL,
                            _("\"%s\" is not a class: a grade and a letter, e.g. 7А"), class_name);
    enum ej_err e = db_report_class(ctx->db, ctx->school_id, 0, grade, letter, year, day, c, err);
    if (e == EJ_ENOTFOUND) {
        if (year)
            return ej_error_set(err, EJ_ENOTFOUND, _("There is no class %d%s in the year %s"),
                                grade, letter, year);
        return ej_error_set(err, EJ_ENOTFOUND, _("There is no class %d%s this year"), grade,
                            letter);
    }
    return e;
}

/* Was pupil p in the lesson l (enrolled on its date; a member of its group)? */
static bool attends(const struct rp_data *d, const struct rp_pupil *p, const struct rp_lesson *l)
{
    if (l->date < p->from || l->date >= p->to)
        return false;
    if (!l->group_id)
        return true;
    for (int i = 0; i < d->nmembers; i++) {
        const struct rp_member *m = &d->members[i];
        if (m->group_id == l->group_id && m->pupil_id == p->id && l->date >= m->from &&
            l->date < m->to)
            return true;
    }
    return false;
}

/* The slice of a pupil's rows in arrays ordered by pupil id. */
struct slice {
    int first, n;
};

static struct slice mark_slice(const struct rp_data *d, long long pupil)
{
    struct slice s = { 0, 0 };
    int i = 0;
    while (i < d->nmarks && d->marks[i].pupil_id != pupil)
        i++;
    s.first = i;
    while (i < d->nmarks && d->marks[i].pupil_id == pupil)
        i++;
    s.n = i - s.first;
    return s;
}

static struct slice absence_slice(const struct rp_data *d, long long pupil)
{
    struct slice s = { 0, 0 };
    int i = 0;
    while (i < d->nabsences && d->absences[i].pupil_id != pupil)
        i++;
    s.first = i;
    while (i < d->nabsences && d->absences[i].pupil_id == pupil)
        i++;
    s.n = i - s.first;
    return s;
}

static const char *absence_of(const struct rp_data *d, struct slice s, long long lesson)
{
    for (int i = s.first; i < s.first + s.n; i++)
        if (d->absences[i].lesson_id == lesson)
            return d->absences[i].code;
    return NULL;
}

/* The marks of one pupil in one work, retakes joined: "2/4"; appended to b. */
static bool marks_of_work(const struct rp_data *d, struct slice s, long long work,
                          struct ej_buf *b)
{
    bool any = false;
    for (int i = s.first; i < s.first + s.n; i++)
        if (d->marks[i].work_id == work) {
            buf_printf(b, "%s%d", any ? "/" : "", d->marks[i].value);
            any = true;
        }
    return any;
}

/* ------------------------------------------------------------------ weekly */

static void weekly_page(struct doc *doc, const struct rp_class *c, const struct rp_data *d,
                        const struct rp_pupil *p, int monday)
{
    doc_heading(doc, _("Weekly report of marks and attendance"));
    doc_field(doc, _("School"), c->school_short);
    char *name = pupil_full(p);
    doc_field(doc, _("Pupil"), name);
    free(name);
    doc_field(doc, _("Class"), c->name);
    char *week = date_range(monday, monday + 6);
    doc_field(doc, _("Week"), week);
    free(week);

    struct doc_table *t = doc_table(doc, 6, 0);
    doc_table_col(t, 0, DOC_LEFT, 0, 0);
    doc_table_col(t, 1, DOC_CENTER, 0, 0);
    doc_table_col(t, 2, DOC_LEFT, 0, 0);
    doc_table_col(t, 3, DOC_LEFT, 0, 0);
    doc_table_col(t, 4, DOC_CENTER, 0, 0);
    doc_table_col(t, 5, DOC_LEFT, DOC_COL_STRETCH, 0);
    doc_table_header_row(t);
    doc_table_cell(t, _("Day"));
    doc_table_cell(t, _("No."));
    doc_table_cell(t, _("Subject"));
    doc_table_cell(t, _("Marks (work)"));
    doc_table_cell(t, _("Absent"));
    doc_table_cell(t, _("Homework"));

    struct slice ms = mark_slice(d, p->id), as = absence_slice(d, p->id);
    int lastday = -1, nabs[3] = { 0, 0, 0 }, nmarks = 0;
    struct ej_buf b;
    buf_init(&b);
    for (int i = 0; i < d->nlessons; i++) {
        const struct rp_lesson *l = &d->lessons[i];
        if (!attends(d, p, l))
            continue;
        doc_table_row(t);
        if (l->date != lastday) {
            char dm[6];
            cal_ddmm(l->date, dm);
            doc_table_cellf(t, "%s %s", cal_weekday_short(l->date), dm);
            lastday = l->date;
        } else {
            doc_table_cell(t, "");
        }
        if (l->num > 0)
            doc_table_cellf(t, "%d", l->num);
        else
            doc_table_cell(t, "");
        doc_table_cell(t, l->subject);
        buf_reset(&b);
        for (int w = 0; w < d->nworks; w++) {
            if (d->works[w].lesson_id != l->id)
                continue;
            size_t mark = b.len;
            if (b.len)
                buf_puts(&b, ", ");
            if (marks_of_work(d, ms, d->works[w].id, &b)) {
                buf_printf(&b, " (%s)", d->works[w].short_name);
                nmarks++;
            } else {
                b.len = mark;
                if (b.data)
                    b.data[mark] = '\0';
            }
        }
        doc_table_cell(t, b.data);
        const char *ab = absence_of(d, as, l->id);
        doc_table_cell(t, ab ? ab : "");
        if (ab)
            nabs[strcmp(ab, "Н") == 0 ? 0 : strcmp(ab, "Б") == 0 ? 1 : 2]++;
        doc_table_cell(t, l->homework);
    }
    buf_free(&b);
    if (doc_table_nrows(t) == 0)
        doc_note(doc, _("There were no lessons this week."));
    char *sum = xasprintf(_("Marks this week: %d. Lessons missed: %d (without a reason Н: %d, "
                            "ill Б: %d, excused У: %d)."),
                          nmarks, nabs[0] + nabs[1] + nabs[2], nabs[0], nabs[1], nabs[2]);
    doc_note(doc, sum);
    free(sum);
    doc_signature(doc, _("Class teacher"), c->teacher);
    doc_signature(doc, _("Parent's signature"), "");
}

/* The weekly pages of class c (its policy already asked): of pupil_id only (> 0), else
 * of every pupil (with paper reports when paper_only), appended to *doc (created on
 * the first page, titled `title`, NULL: the class's title) and counted in *pages. */
static enum ej_err weekly_class(const struct ej_ctx *ctx, const struct rp_class *c,
                                long long pupil_id, int monday, bool paper_only, const char *title,
                                struct doc **doc, int *pages, struct ej_error *err)
{
    struct rp_data d = { 0 };
    enum ej_err e = db_report_load(ctx->db, ctx->school_id, c->id, 0, monday, monday + 7,
                                   RP_PUPILS | RP_LESSONS | RP_MEMBERS, &d, err);
    if (e != EJ_OK)
        return e;
    for (int i = 0; i < d.npupils; i++) {
        const struct rp_pupil *p = &d.pupils[i];
        if (pupil_id > 0 ? p->id != pupil_id : (paper_only && !p->paper))
            continue;
        if (!*doc) {
            char dd[11];
            cal_ddmmyyyy(monday, dd);
            char *t = title ? xstrdup(title)
                            : xasprintf(_("Weekly report, %s, week of %s"), c->name, dd);
            *doc = doc_new(t, DOC_PORTRAIT);
            free(t);
        } else {
            doc_page_break(*doc, DOC_PORTRAIT);
        }
        weekly_page(*doc, c, &d, p, monday);
        (*pages)++;
    }
    db_report_data_free(&d);
    return EJ_OK;
}

enum ej_err report_weekly(const struct ej_ctx *ctx, const char *class_name, long long pupil_id,
                          int week_day, bool paper_only, struct doc **out, struct ej_error *err)
{
    *out = NULL;
    int monday = week_day - (cal_weekday(week_day) - 1), next = monday + 7;
    struct rp_class c;
    struct policy_object f = { .school_id = ctx->school_id, .pupil_id = pupil_id };
    enum ej_err e;
    if (pupil_id > 0) {
        /* Parents and pupils: the access question comes first, so that another
         * family's pupil and a pupil that does not exist look the same. */
        if (ctx->roles & ROLE_PARENT) {
            e = db_report_own_child(ctx->db, ctx->school_id, ctx->guardian_ids, ctx->nguardian,
                                    pupil_id, &f.own_child, err);
            if (e != EJ_OK)
                return e;
        }
        if ((ctx->roles & (ROLE_PARENT | ROLE_PUPIL)) &&
            !(ctx->roles & (ROLE_ADMIN | ROLE_DEPUTY | ROLE_TEACHER)) &&
            (e = policy_check(ctx, POLICY_DOC_WEEKLY, &f, err)) != EJ_OK)
            return e;
        long long class_id;
        e = db_report_pupil_class(ctx->db, ctx->school_id, pupil_id, monday, next, &class_id, err);
        if (e == EJ_ENOTFOUND) {
            char a[11];
            cal_ddmmyyyy(monday, a);
            return ej_error_set(err, EJ_ENOTFOUND,
                                _("Pupil %lld is not in any class in the week from %s"), pupil_id,
                                a);
        }
        if (e != EJ_OK)
            return e;
        if ((e = db_report_class(ctx->db, ctx->school_id, class_id, 0, NULL, NULL, -1, &c, err)) !=
            EJ_OK)
            return e;
    } else {
        if ((e = load_class(ctx, class_name, NULL, week_day, &c, err)) != EJ_OK)
            return e;
    }
    f.class_teacher = c.teacher_id;
    if ((e = policy_check(ctx, POLICY_DOC_WEEKLY, &f, err)) != EJ_OK)
        return e;
    struct doc *doc = NULL;
    int pages = 0;
    e = weekly_class(ctx, &c, pupil_id, monday, paper_only, NULL, &doc, &pages, err);
    if (e != EJ_OK) {
        doc_free(doc);
        return e;
    }
    if (pages == 0) {
        if (pupil_id > 0)
            return ej_error_set(err, EJ_ENOTFOUND, _("Pupil %lld is not in class %s that week"),
                                pupil_id, c.name);
        if (paper_only)
            return ej_error_set(err, EJ_ENOTFOUND,
                                _("No pupil of class %s gets paper reports"), c.name);
        return ej_error_set(err, EJ_ENOTFOUND, _("Class %s has no pupils that week"), c.name);
    }
    *out = doc;
    return EJ_OK;
}

enum ej_err report_weekly_school(const struct ej_ctx *ctx, int week_day, bool paper_only,
                                 struct doc **out, struct ej_error *err)
{
    *out = NULL;
    int monday = week_day - (cal_weekday(week_day) - 1);
    struct rp_class *cls = NULL;
    int ncls = 0;
    struct doc *doc = NULL;
    int pages = 0;
    enum ej_err e = db_report_classes(ctx->db, ctx->school_id, week_day, &cls, &ncls, err);
    if (e != EJ_OK)
        return e;
    /* The policy of each class's report, for every class before anything is read:
     * the whole school or nothing. */
    for (int i = 0; i < ncls; i++) {
        struct policy_object f = { .school_id = ctx->school_id,
                                   .class_teacher = cls[i].teacher_id };
        if ((e = policy_check(ctx, POLICY_DOC_WEEKLY, &f, err)) != EJ_OK)
            goto out;
    }
    char dd[11];
    cal_ddmmyyyy(monday, dd);
    char *title = xasprintf(_("Weekly reports, %s, week of %s"),
                            ncls ? cls[0].school_short : "", dd);
    for (int i = 0; i < ncls && e == EJ_OK; i++)
        e = weekly_class(ctx, &cls[i], 0, monday, paper_only, title, &doc, &pages, err);
    free(title);
    if (e != EJ_OK)
        goto out;
    if (pages == 0)
        e = ej_error_set(err, EJ_ENOTFOUND, "%s",
                         paper_only ? _("No pupil of the school gets paper reports")
                                    : _("The school has no pupils that week"));
out:
    free(cls);
    if (e != EJ_OK) {
        doc_free(doc);
        return e;
    }
    *out = doc;
    return EJ_OK;
}

/* ------------------------------------------------------------------ journal */

/* A column of the grid: a work of a lesson, or the lesson itself when it has none. */
struct jcol {
    const struct rp_lesson *l;
    long long work_id; /* 0: none */
    bool first;        /* the lesson's first column: absences go here */
};

enum ej_err report_journal(const struct ej_ctx *ctx, long long course_id, int period,
                           struct doc **out, struct ej_error *err)
{
    *out = NULL;
    struct rp_course co;
    struct rp_class c;
    struct rp_period *per = NULL;
    int nper = 0;
    struct rp_data d = { 0 };
    struct jcol *cols = NULL;
    enum ej_err e = db_report_course(ctx->db, ctx->school_id, course_id, ctx->staff_id, &co, err);
    if (e == EJ_ENOTFOUND)
        return ej_error_set(err, EJ_ENOTFOUND, _("There is no course %lld"), course_id);
    if (e != EJ_OK)
        return e;
    if ((e = db_report_class(ctx->db, ctx->school_id, co.class_id, 0, NULL, NULL, -1, &c, err)) !=
        EJ_OK)
        goto out;
    struct policy_object f = { .school_id = ctx->school_id, .class_teacher = c.teacher_id,
                               .course_teacher = co.mine };
    if ((e = policy_check(ctx, POLICY_DOC_JOURNAL, &f, err)) != EJ_OK)
        goto out;
    if ((e = db_report_periods(ctx->db, ctx->school_id, c.year_id, c.scheme, &per, &nper, err)) !=
        EJ_OK)
        goto out;
    const struct rp_period *pp = NULL;
    for (int i = 0; i < nper; i++)
        if (per[i].num == period)
            pp = &per[i];
    if (!pp) {
        e = ej_error_set(err, EJ_EINVAL, _("Class %s has periods 1 to %d, not %d"), c.name, nper,
                         period);
        goto out;
    }
    if ((e = db_report_load(ctx->db, ctx->school_id, c.id, co.id, pp->starts, pp->ends + 1,
                            RP_PUPILS | RP_LESSONS | RP_FINALS, &d, err)) != EJ_OK)
        goto out;

    /* The columns: one per work, at least one per lesson. */
    cols = xcalloc((size_t)d.nlessons + (size_t)d.nworks + 1, sizeof *cols);
    int ncols = 0;
    for (int i = 0; i < d.nlessons; i++) {
        bool any = false;
        for (int w = 0; w < d.nworks; w++)
            if (d.works[w].lesson_id == d.lessons[i].id) {
                cols[ncols++] = (struct jcol){ &d.lessons[i], d.works[w].id, !any };
                any = true;
            }
        if (!any)
            cols[ncols++] = (struct jcol){ &d.lessons[i], 0, true };
    }

    char *title = xasprintf(_("Journal: %s, %s, %s"), co.subject, c.name, pp->name);
    struct doc *doc = doc_new(title, DOC_LANDSCAPE);
    free(title);
    doc_heading(doc, _("Class journal"));
    doc_field(doc, _("School"), c.school_short);
    doc_field(doc, _("Subject"), co.subject);
    if (*co.group_name) {
        char *s = xasprintf("%s, %s", c.name, co.group_name);
        doc_field(doc, _("Class"), s);
        free(s);
    } else {
        doc_field(doc, _("Class"), c.name);
    }
    doc_field(doc, _("Teacher"), co.teachers);
    char *range = date_range(pp->starts, pp->ends);
    char *ps = xasprintf("%s (%s)", pp->name, range);
    doc_field(doc, _("Period"), ps);
    free(ps);
    free(range);

    struct doc_table *t = doc_table(doc, ncols + 3, 2);
    doc_table_small(t);
    doc_table_dense(t);
    doc_table_col(t, 0, DOC_RIGHT, 0, 0);
    doc_table_col(t, 1, DOC_LEFT, DOC_COL_STRETCH, 0);
    for (int i = 0; i < ncols; i++)
        doc_table_col(t, 2 + i, DOC_CENTER, 0, 0);
    doc_table_col(t, ncols + 2, DOC_CENTER, 0, 0);
    doc_table_header_row(t);
    doc_table_cell(t, "");
    doc_table_cell(t, "");
    for (int i = 0; i < ncols;) {
        int y, m, dd, k = i + 1;
        cal_civil(cols[i].l->date, &y, &m, &dd);
        for (; k < ncols; k++) {
            int y2, m2, d2;
            cal_civil(cols[k].l->date, &y2, &m2, &d2);
            if (m2 != m || y2 != y)
                break;
        }
        doc_table_cell_span(t, cal_month_name(m), k - i);
        i = k;
    }
    doc_table_cell(t, _("Final"));
    doc_table_header_row(t);
    doc_table_cell(t, _("No."));
    doc_table_cell(t, _("Pupil"));
    for (int i = 0; i < ncols; i++) {
        int y, m, dd;
        cal_civil(cols[i].l->date, &y, &m, &dd);
        doc_table_cellf(t, "%d", dd);
    }
    doc_table_cell(t, pp->name);
    struct ej_buf b;
    buf_init(&b);
    for (int pi = 0; pi < d.npupils; pi++) {
        const struct rp_pupil *p = &d.pupils[pi];
        doc_table_row(t);
        doc_table_cellf(t, "%d", pi + 1);
        char *nm = journal_short_name(p->surname, p->name, p->patronymic);
        if (p->to != RP_OPEN && p->to <= pp->ends) {
            char dm[11];
            cal_ddmmyyyy(p->to - 1, dm);
            doc_table_cellf(t, _("%s (left %s)"), nm, dm);
        } else if (p->from > pp->starts) {
            char dm[11];
            cal_ddmmyyyy(p->from, dm);
            doc_table_cellf(t, _("%s (arrived %s)"), nm, dm);
        } else {
            doc_table_cell(t, nm);
        }
        free(nm);
        struct slice ms = mark_slice(&d, p->id), as = absence_slice(&d, p->id);
        for (int i = 0; i < ncols; i++) {
            buf_reset(&b);
            const char *ab = cols[i].first ? absence_of(&d, as, cols[i].l->id) : NULL;
            if (ab)
                buf_puts(&b, ab);
            if (cols[i].work_id)
                marks_of_work(&d, ms, cols[i].work_id, &b);
            doc_table_cell(t, b.data);
        }
        const char *fin = "";
        for (int i = 0; i < d.nfinals; i++)
            if (d.finals[i].pupil_id == p->id && d.finals[i].period_id == pp->id &&
                strcmp(d.finals[i].kind, "period") == 0)
                fin = d.finals[i].value;
        doc_table_cell(t, fin);
    }
    buf_free(&b);
    doc_note(doc, _("Н — absent without a reason, Б — ill, У — excused; 2/4 — a retake."));

    doc_page_break(doc, DOC_PORTRAIT);
    doc_heading(doc, _("Lesson topics and homework"));
    char *sub = xasprintf("%s, %s — %s", co.subject, c.name, pp->name);
    doc_field(doc, _("Course"), sub);
    free(sub);
    struct doc_table *tt = doc_table(doc, 4, 0);
    doc_table_col(tt, 0, DOC_RIGHT, 0, 0);
    doc_table_col(tt, 1, DOC_CENTER, 0, 0);
    doc_table_col(tt, 2, DOC_LEFT, DOC_COL_STRETCH, 0);
    doc_table_col(tt, 3, DOC_LEFT, DOC_COL_STRETCH, 0);
    doc_table_header_row(tt);
    doc_table_cell(tt, _("No."));
    doc_table_cell(tt, _("Date"));
    doc_table_cell(tt, _("Lesson topic"));
    doc_table_cell(tt, _("Homework"));
    for (int i = 0; i < d.nlessons; i++) {
        doc_table_row(tt);
        doc_table_cellf(tt, "%d", i + 1);
        char dm[11];
        cal_ddmmyyyy(d.lessons[i].date, dm);
        doc_table_cell(tt, dm);
        doc_table_cell(tt, d.lessons[i].topic);
        doc_table_cell(tt, d.lessons[i].homework);
    }
    char *given = xasprintf(_("Lessons given: %d."), d.nlessons);
    doc_note(doc, given);
    free(given);
    doc_signature(doc, _("Teacher"), co.teacher_short);
    *out = doc;
out:
    free(cols);
    db_report_data_free(&d);
    db_report_periods_free(per, nper);
    db_report_course_free(&co);
    return e;
}

/* ------------------------------------------------------------------ summary */

static const char *roman(int n)
{
    static const char *const r[] = { "", "I", "II", "III", "IV" };
    return n >= 1 && n <= 4 ? r[n] : "?";
}

enum ej_err report_summary(const struct ej_ctx *ctx, const char *class_name, const char *year,
                           struct doc **out, struct ej_error *err)
{
    *out = NULL;
    struct rp_class c;
    struct rp_period *per = NULL;
    struct rp_subject *subj = NULL;
    int nper = 0, nsubj = 0;
    struct rp_data d = { 0 };
    enum ej_err e;
    if (year && !(strlen(year) == 9 && year[4] == '/' &&
                  strspn(year, "0123456789") == 4 && strspn(year + 5, "0123456789") == 4))
        return ej_error_set(err, EJ_EINVAL, _("\"%s\" is not a school year: e.g. 2026/2027"),
                            year);
    if ((e = load_class(ctx, class_name, year, -1, &c, err)) != EJ_OK)
        return e;
    struct policy_object f = { .school_id = ctx->school_id, .class_teacher = c.teacher_id };
    if ((e = policy_check(ctx, POLICY_DOC_SUMMARY, &f, err)) != EJ_OK)
        return e;
    if ((e = db_report_periods(ctx->db, ctx->school_id, c.year_id, c.scheme, &per, &nper, err)) !=
            EJ_OK ||
        (e = db_report_subjects(ctx->db, ctx->school_id, c.id, &subj, &nsubj, err)) != EJ_OK ||
        (e = db_report_load(ctx->db, ctx->school_id, c.id, 0, c.year_starts, c.year_ends + 1,
                            RP_PUPILS | RP_ABSENCES | RP_FINALS, &d, err)) != EJ_OK)
        goto out;
    if (d.npupils == 0) {
        e = ej_error_set(err, EJ_ENOTFOUND, _("Class %s has no pupils in %s"), c.name, c.year);
        goto out;
    }
    int per_subj = nper + 1;
    char *title = xasprintf(_("Summary sheet, %s, %s"), c.name, c.year);
    struct doc *doc = doc_new(title, DOC_LANDSCAPE);
    free(title);
    doc_heading(doc, _("Summary sheet of pupils' progress"));
    doc_field(doc, _("School"), c.school);
    doc_field(doc, _("Class"), c.name);
    doc_field(doc, _("School year"), c.year);
    doc_field(doc, _("Class teacher"), c.teacher);

    int ncols = 2 + nsubj * per_subj + 4 + 1;
    struct doc_table *t = doc_table(doc, ncols, 2);
    doc_table_small(t);
    doc_table_dense(t);
    doc_table_col(t, 0, DOC_RIGHT, 0, 0);
    doc_table_col(t, 1, DOC_LEFT, DOC_COL_STRETCH, 0);
    for (int i = 2; i < ncols - 1; i++)
        doc_table_col(t, i, DOC_CENTER, 0, 0);
    doc_table_col(t, ncols - 1, DOC_LEFT, DOC_COL_STRETCH, 22);
    doc_table_header_row(t);
    doc_table_cell(t, "");
    doc_table_cell(t, "");
    for (int s = 0; s < nsubj; s++)
        doc_table_cell_span(t, subj[s].name, per_subj);
    doc_table_cell_span(t, _("Lessons missed"), 4);
    doc_table_cell(t, "");
    doc_table_header_row(t);
    doc_table_cell(t, _("No."));
    doc_table_cell(t, _("Surname, name, patronymic"));
    for (int s = 0; s < nsubj; s++) {
        for (int k = 0; k < nper; k++)
            doc_table_cell(t, roman(per[k].num));
        doc_table_cell(t, _("yr"));
    }
    doc_table_cell(t, _("all"));
    doc_table_cell(t, "Б");
    doc_table_cell(t, "У");
    doc_table_cell(t, "Н");
    doc_table_cell(t, _("Decision of the teachers' council (date, number)"));
    for (int pi = 0; pi < d.npupils; pi++) {
        const struct rp_pupil *p = &d.pupils[pi];
        doc_table_row(t);
        doc_table_cellf(t, "%d", pi + 1);
        char *nm = pupil_full(p);
        if (p->to != RP_OPEN && p->to <= c.year_ends) {
            char *dm = ddmmyyyy(p->to - 1);
            if (*p->order_out)
                doc_table_cellf(t, _("%s\nleft %s, order %s"), nm, dm, p->order_out);
            else
                doc_table_cellf(t, _("%s\nleft %s"), nm, dm);
            free(dm);
        } else if (p->from > c.year_starts) {
            char *dm = ddmmyyyy(p->from);
            doc_table_cellf(t, _("%s\narrived %s"), nm, dm);
            free(dm);
        } else {
            doc_table_cell(t, nm);
        }
        free(nm);
        for (int s = 0; s < nsubj; s++) {
            for (int k = 0; k <= nper; k++) {
                const char *v = "";
                for (int i = 0; i < d.nfinals; i++) {
                    const struct rp_final *fm = &d.finals[i];
                    if (fm->pupil_id != p->id || fm->subject_id != subj[s].id)
                        continue;
                    if (k < nper ? (fm->period_id == per[k].id && !strcmp(fm->kind, "period"))
                                 : !strcmp(fm->kind, "year"))
                        v = fm->value;
                }
                doc_table_cell(t, v);
            }
        }
        struct slice as = absence_slice(&d, p->id);
        int nb = 0, nu = 0, nn = 0;
        for (int i = as.first; i < as.first + as.n; i++) {
            const char *code = d.absences[i].code;
            if (!strcmp(code, "Б"))
                nb++;
            else if (!strcmp(code, "У"))
                nu++;
            else
                nn++;
        }
        doc_table_cellf(t, "%d", as.n);
        doc_table_cellf(t, "%d", nb);
        doc_table_cellf(t, "%d", nu);
        doc_table_cellf(t, "%d", nn);
        doc_table_cell(t, "");
    }
    char *legend = xasprintf(_("%s — periods (%s), yr — the year mark. Finals: 2–5; Н — not "
                               "attested, no good reason; Б — ill; У — excused; К — attested "
                               "without a mark. Lessons missed: Б — ill, У — excused, Н — "
                               "without a good reason."),
                             nper > 3 ? "I–IV" : nper == 3 ? "I–III" : "I–II",
                             !strcmp(c.scheme, "half")        ? _("half-years")
                             : !strcmp(c.scheme, "trimester") ? _("trimesters")
                                                              : _("quarters"));
    doc_note(doc, legend);
    free(legend);
    doc_signature(doc, _("Class teacher"), c.teacher);
    doc_signature(doc, _("Director"), c.director);
    *out = doc;
out:
    db_report_data_free(&d);
    db_report_periods_free(per, nper);
    db_report_subjects_free(subj, nsubj);
    return e;
}

/* ------------------------------------------------------------------ slips */

struct doc *report_login_slips(const char *school, const char *ssh_hint,
                               const struct report_slip *slips, int n)
{
    struct doc *doc = doc_new(_("Login slips"), DOC_PORTRAIT);
    struct doc_table *t = doc_table(doc, 2, 0);
    doc_table_ruled(t);
    doc_table_col(t, 0, DOC_LEFT, DOC_COL_STRETCH, 0);
    doc_table_col(t, 1, DOC_LEFT, DOC_COL_STRETCH, 0);
    for (int i = 0; i < n; i++) {
        if (i % 2 == 0)
            doc_table_row(t);
        struct ej_buf b;
        buf_init(&b);
        buf_printf(&b, "%s\n\n%s\n%s\n\n", school, slips[i].name, slips[i].role);
        buf_printf(&b, _("Login: %s\nTemporary password: %s\n"), slips[i].login,
                   slips[i].password);
        const char *how = slips[i].connect ? slips[i].connect : ssh_hint;
        if (how && *how)
            buf_printf(&b, _("Connect: %s\n"), how);
        buf_puts(&b, _("Change the password at the first login. Keep it secret."));
        doc_table_cell(t, b.data);
        buf_free(&b);
    }
    if (n % 2 == 1)
        doc_table_cell(t, "");
    return doc;
}

/* ------------------------------------------------------------- class week */

void report_class_week_free(struct class_week *w)
{
    if (!w)
        return;
    for (int i = 0; i < w->nsubjects; i++)
        free(w->subjects[i]);
    free(w->subjects);
    free(w->pupils);
    free(w->cells);
    free(w);
}

enum ej_err report_class_week(const struct ej_ctx *ctx, const char *class_name, int day,
                              struct class_week **out, struct ej_error *err)
{
    *out = NULL;
    int monday = day - (cal_weekday(day) - 1), next = monday + 7;
    struct rp_class c;
    enum ej_err e = load_class(ctx, class_name, NULL, day, &c, err);
    if (e != EJ_OK)
        return e;
    struct policy_object o = { .school_id = ctx->school_id, .class_teacher = c.teacher_id };
    if ((e = policy_check(ctx, POLICY_CLASS_READ, &o, err)) != EJ_OK)
        return e;
    struct rp_subject *subj = NULL;
    int nsubj = 0;
    struct rp_data d = { 0 };
    if ((e = db_report_subjects(ctx->db, ctx->school_id, c.id, &subj, &nsubj, err)) != EJ_OK)
        return e;
    if ((e = db_report_load(ctx->db, ctx->school_id, c.id, 0, monday, next,
                            RP_PUPILS | RP_LESSONS | RP_MEMBERS, &d, err)) != EJ_OK) {
        db_report_subjects_free(subj, nsubj);
        return e;
    }
    struct class_week *w = xcalloc(1, sizeof *w);
    snprintf(w->class_name, sizeof w->class_name, "%s", c.name);
    w->monday = monday;
    w->nsubjects = nsubj;
    w->subjects = xcalloc((size_t)nsubj + 1, sizeof *w->subjects);
    for (int i = 0; i < nsubj; i++)
        w->subjects[i] = xstrdup(subj[i].short_name);
    /* Pupils in the class during the week, in the class order (as loaded). */
    w->pupils = xcalloc((size_t)d.npupils + 1, sizeof *w->pupils);
    w->cells = xcalloc((size_t)d.npupils * (size_t)(nsubj ? nsubj : 1) + 1, sizeof *w->cells);
    for (int p = 0; p < d.npupils; p++) {
        const struct rp_pupil *rp = &d.pupils[p];
        struct week_pupil *wp = &w->pupils[w->npupils];
        struct week_cell *row = &w->cells[(size_t)w->npupils * (size_t)nsubj];
        wp->id = rp->id;
        snprintf(wp->name, sizeof wp->name, "%s %s", rp->surname, rp->name);
        struct slice ms = mark_slice(&d, rp->id), as = absence_slice(&d, rp->id);
        int sum = 0;
        for (int l = 0; l < d.nlessons; l++) {
            const struct rp_lesson *le = &d.lessons[l];
            if (!attends(&d, rp, le))
                continue;
            int s = 0;
            while (s < nsubj && subj[s].id != le->subject_id)
                s++;
            if (s == nsubj)
                continue;
            struct week_cell *cell = &row[s];
            for (int m = ms.first; m < ms.first + ms.n; m++) {
                const struct rp_mark *mk = &d.marks[m];
                if (mk->lesson_id != le->id)
                    continue;
                size_t len = strlen(cell->marks);
                bool retake = mk->seq > 1;
                snprintf(cell->marks + len, sizeof cell->marks - len, "%s%d",
                         len == 0 ? "" : retake ? "/" : " ", mk->value);
                sum += mk->value;
                wp->nmarks++;
                wp->twos += mk->value == 2;
            }
            const char *code = absence_of(&d, as, le->id);
            if (code) {
                enum rules_value v = rules_value_parse(code);
                cell->n += v == RV_N;
                cell->b += v == RV_B;
                cell->u += v == RV_U;
                wp->unexcused += v == RV_N;
                wp->missed++;
            }
        }
        wp->avg = wp->nmarks ? (double)sum / wp->nmarks : 0;
        wp->problem = wp->twos > 0 || wp->unexcused > 0;
        w->npupils++;
    }
    /* Problems first, the class order kept within each part (a stable pass). */
    struct week_pupil *sorted = xcalloc((size_t)w->npupils + 1, sizeof *sorted);
    struct week_cell *cells = xcalloc((size_t)w->npupils * (size_t)(nsubj ? nsubj : 1) + 1,
                                      sizeof *cells);
    int k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int p = 0; p < w->npupils; p++)
            if (w->pupils[p].problem == (pass == 0)) {
                sorted[k] = w->pupils[p];
                memcpy(&cells[(size_t)k * (size_t)nsubj], &w->cells[(size_t)p * (size_t)nsubj],
                       (size_t)nsubj * sizeof *cells);
                k++;
            }
    free(w->pupils);
    free(w->cells);
    w->pupils = sorted;
    w->cells = cells;
    db_report_data_free(&d);
    db_report_subjects_free(subj, nsubj);
    *out = w;
    return EJ_OK;
}
