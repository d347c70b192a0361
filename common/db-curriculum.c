/*
 * db-curriculum — the SQL behind subjects, the curriculum (учебный план) of each
 * class and the teaching load (db-year.h).
 */
#include "calendar.h"
#include "db-internal.h"
#include "db-year.h"
#include "i18n.h"
#include "policy.h"
#include "utf8.h"
#include "xmalloc.h"
#include "year.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src);
}

/* ---------------------------------------------------------------- subjects */

enum ej_err db_subjects_list(struct ej_db *db, const struct ej_ctx *ctx, struct db_subject **out,
                             int *n, struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    enum ej_err e = db_year_may(ctx, POLICY_YEAR_READ, err);
    if (e != EJ_OK)
        return e;
    char sid[32];
    DB_LL(sid, ctx->school_id);
    const char *p[] = { sid };
    PGresult *r = db_exec(db, err,
                          "SELECT id, name, short_name FROM subject WHERE school_id = $1 "
                          " ORDER BY sort, name",
                          1, p);
    if (!r)
        return db_fail(err);
    *n = PQntuples(r);
    *out = xcalloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; i < *n; i++) {
        (*out)[i].id = db_ll(r, i, 0);
        copy((*out)[i].name, sizeof (*out)[i].name, db_str(r, i, 1));
        copy((*out)[i].short_name, sizeof (*out)[i].short_name, db_str(r, i, 2));
    }
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_subject_add(struct ej_db *db, const struct ej_ctx *ctx, const char *name,
                           const char *short_name, long long *id, struct ej_error *err)
{
    enum ej_err e;
    if ((e = utf8_field_check(name, _("The subject"), 100, true, err)) != EJ_OK ||
        (e = utf8_field_check(short_name, _("The short name"), 12, true, err)) != EJ_OK)
        return e;
    if ((e = db_year_begin(db, ctx, err)) != EJ_OK)
        return e;
    char sid[32];
    DB_LL(sid, ctx->school_id);
    char *a = utf8_fold(name), *b = utf8_fold(short_name);
    const char *p[] = { sid, name, short_name }, *pf[] = { sid, a, b };
    PGresult *r = db_exec(db, err,
                          "SELECT name FROM subject WHERE school_id = $1 AND "
                          " (translate(lower(name), 'ё', 'е') IN ($2, $3) OR "
                          "  translate(lower(short_name), 'ё', 'е') IN ($2, $3))",
                          3, pf);
    if (!r) {
        e = db_fail(err);
    } else if (PQntuples(r) > 0) {
        e = ej_error_set(err, EJ_ECONFLICT, _("The school already has the subject «%s»"),
                         db_str(r, 0, 0));
    } else {
        PQclear(r);
        r = db_exec(db, err,
                    "INSERT INTO subject (school_id, name, short_name, sort) "
                    "SELECT $1, $2, $3, coalesce(max(sort), 0) + 1 FROM subject WHERE school_id = $1 "
                    "RETURNING id",
                    3, p);
        if (!r)
            e = db_fail(err);
        else
            *id = db_ll(r, 0, 0);
    }
    PQclear(r);
    free(a);
    free(b);
    return db_tx_finish(db, e, err);
}

/* -------------------------------------------------------------- curriculum */

enum ej_err db_curriculum_list(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                               const char *cls, struct db_curriculum **out, int *n,
                               struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    enum ej_err e = db_year_may(ctx, POLICY_YEAR_READ, err);
    struct db_yearref y;
    long long class_id;
    if (e != EJ_OK || (e = db_year_ref(db, ctx, year, &y, err)) != EJ_OK ||
        (e = db_year_class_ref(db, ctx, &y, cls, &class_id, err)) != EJ_OK)
        return e;
    char sid[32], cid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(cid, class_id);
    const char *p[] = { sid, cid };
    PGresult *r = db_exec(
        db, err,
        "SELECT su.name, su.short_name, trim_scale(cu.hours_per_week)::text, cu.graded, "
        "       (SELECT count(*) FROM course co JOIN lesson le ON le.school_id = co.school_id "
        "               AND le.course_id = co.id WHERE co.school_id = cu.school_id "
        "               AND co.class_id = cu.class_id AND co.subject_id = cu.subject_id) "
        "  FROM curriculum cu JOIN subject su ON su.school_id = cu.school_id AND su.id = cu.subject_id "
        " WHERE cu.school_id = $1 AND cu.class_id = $2 ORDER BY su.sort, su.name",
        2, p);
    if (!r)
        return db_fail(err);
    *n = PQntuples(r);
    *out = xcalloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; i < *n; i++) {
        struct db_curriculum *c = &(*out)[i];
        copy(c->subject, sizeof c->subject, db_str(r, i, 0));
        copy(c->short_name, sizeof c->short_name, db_str(r, i, 1));
        copy(c->hours, sizeof c->hours, db_str(r, i, 2));
        c->graded = db_bool(r, i, 3);
        c->lessons = (int)db_ll(r, i, 4);
    }
    PQclear(r);
    return EJ_OK;
}

/* "2", "1.5", "1,5": weekly hours in halves, 0.5 … 20. */
static bool hours_ok(const char *s, char out[8])
{
    char *end;
    char buf[16];
    snprintf(buf, sizeof buf, "%s", s ? s : "");
    char *comma = strchr(buf, ',');
    if (comma)
        *comma = '.';
    double h = strtod(buf, &end);
    if (!*buf || *end || !isfinite(h) || h < 0.5 || h > 20 || (double)(int)(h * 2) != h * 2)
        return false;
    snprintf(out, 8, "%.1f", h);
    return true;
}

/* One subject into a class's curriculum, inside the caller's transaction. */
static enum ej_err curriculum_put(struct ej_db *db, const struct ej_ctx *ctx, long long class_id,
                                  const char *subject, const char *hours, bool graded,
                                  struct ej_error *err)
{
    char h[8];
    if (!hours_ok(hours, h))
        return ej_error_set(err, EJ_EINVAL,
                            _("«%s» is not weekly hours: a number from 0.5 to 20, e.g. 2 or 1.5"),
                            hours ? hours : "");
    long long subject_id;
    enum ej_err e = db_subject_ref(db, ctx, subject, &subject_id, err);
    if (e != EJ_OK)
        return e;
    char sid[32], cid[32], suid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(cid, class_id);
    DB_LL(suid, subject_id);
    const char *p[] = { sid, cid, suid, h, graded ? "t" : "f" };
    if (!graded) {
        PGresult *r = db_exec(db, err,
                              "SELECT count(*) FROM course co JOIN lesson le ON le.school_id = co.school_id "
                              "   AND le.course_id = co.id JOIN work w ON w.school_id = le.school_id "
                              "   AND w.lesson_id = le.id JOIN mark m ON m.school_id = w.school_id "
                              "   AND m.work_id = w.id "
                              " WHERE co.school_id = $1 AND co.class_id = $2 AND co.subject_id = $3",
                              3, p);
        if (!r)
            return db_fail(err);
        long long marks = db_ll(r, 0, 0);
        PQclear(r);
        if (marks > 0)
            return ej_error_set(err, EJ_ECONFLICT,
                                _("«%s» already has %lld marks: it stays graded"), subject, marks);
    }
    return db_run(db, err,
                  "INSERT INTO curriculum (school_id, class_id, subject_id, hours_per_week, graded) "
                  "VALUES ($1, $2, $3, $4::numeric, $5::boolean) "
                  "ON CONFLICT (school_id, class_id, subject_id) DO UPDATE "
                  "   SET hours_per_week = excluded.hours_per_week, graded = excluded.graded",
                  5, p);
}

enum ej_err db_curriculum_set(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                              const char *cls, const char *subject, const char *hours, bool graded,
                              struct ej_error *err)
{
    struct db_yearref y;
    long long class_id;
    enum ej_err e;
    if ((e = db_year_ref(db, ctx, year, &y, err)) != EJ_OK ||
        (e = db_year_class_ref(db, ctx, &y, cls, &class_id, err)) != EJ_OK ||
        (e = db_year_begin(db, ctx, err)) != EJ_OK)
        return e;
    e = curriculum_put(db, ctx, class_id, subject, hours, graded, err);
    return db_tx_finish(db, e, err);
}

enum ej_err db_curriculum_remove(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                                 const char *cls, const char *subject, struct ej_error *err)
{
    struct db_yearref y;
    long long class_id, subject_id;
    enum ej_err e;
    if ((e = db_year_ref(db, ctx, year, &y, err)) != EJ_OK ||
        (e = db_year_class_ref(db, ctx, &y, cls, &class_id, err)) != EJ_OK ||
        (e = db_subject_ref(db, ctx, subject, &subject_id, err)) != EJ_OK ||
        (e = db_year_begin(db, ctx, err)) != EJ_OK)
        return e;
    char sid[32], cid[32], suid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(cid, class_id);
    DB_LL(suid, subject_id);
    const char *p[] = { sid, cid, suid };
    PGresult *r = db_exec(db, err,
                          "SELECT (SELECT count(*) FROM course co JOIN lesson le ON le.school_id = co.school_id "
                          "         AND le.course_id = co.id WHERE co.school_id = $1 AND co.class_id = $2 "
                          "         AND co.subject_id = $3), "
                          "       EXISTS (SELECT 1 FROM curriculum WHERE school_id = $1 AND class_id = $2 "
                          "         AND subject_id = $3)",
                          3, p);
    if (!r) {
        e = db_fail(err);
    } else if (!db_bool(r, 0, 1)) {
        e = ej_error_set(err, EJ_ENOTFOUND, _("«%s» is not in the curriculum of %s"), subject, cls);
    } else if (db_ll(r, 0, 0) > 0) {
        e = ej_error_set(err, EJ_ECONFLICT,
                         _("«%s» of %s already has %lld lessons: it stays in the curriculum"),
                         subject, cls, db_ll(r, 0, 0));
    } else {
        /* Its empty journals go with it (their teachers and timetable first). */
        const char *q[] = {
            "DELETE FROM timetable_slot ts USING course co WHERE ts.school_id = $1 "
            "   AND co.school_id = ts.school_id AND co.id = ts.course_id AND co.class_id = $2 "
            "   AND co.subject_id = $3",
            "DELETE FROM course_teacher ct USING course co WHERE ct.school_id = $1 "
            "   AND co.school_id = ct.school_id AND co.id = ct.course_id AND co.class_id = $2 "
            "   AND co.subject_id = $3",
            "DELETE FROM plan_item pi USING course co WHERE pi.school_id = $1 "
            "   AND co.school_id = pi.school_id AND co.id = pi.course_id AND co.class_id = $2 "
            "   AND co.subject_id = $3",
            "DELETE FROM course WHERE school_id = $1 AND class_id = $2 AND subject_id = $3",
            "DELETE FROM curriculum WHERE school_id = $1 AND class_id = $2 AND subject_id = $3",
        };
        for (size_t i = 0; i < sizeof q / sizeof q[0] && e == EJ_OK; i++)
            e = db_run(db, err, q[i], 3, p);
    }
    PQclear(r);
    return db_tx_finish(db, e, err);
}

/* «да», «нет», «К», "1", "0", "": whether a subject is graded (default yes). */
static int graded_parse(const char *s)
{
    static const char *const yes[] = { "", "да", "д", "yes", "y", "1", "+", "оценивается" };
    static const char *const no[] = { "нет", "н", "no", "n", "0", "-", "к", "зачёт", "зачет",
                                      "не оценивается" };
    char *f = utf8_fold(s);
    int v = -1;
    for (size_t i = 0; i < sizeof yes / sizeof yes[0] && v < 0; i++)
        if (!strcmp(f, yes[i]))
            v = 1;
    for (size_t i = 0; i < sizeof no / sizeof no[0] && v < 0; i++)
        if (!strcmp(f, no[i]))
            v = 0;
    free(f);
    return v;
}

enum ej_err db_curriculum_import(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                                 const char *cls, struct csv_table *t, int *rows,
                                 struct ej_error *err)
{
    *rows = 0;
    static const struct sheet_col cols[] = {
        { "Предмет", "subject", true },
        { "Часов в неделю", "Часы", true },
        { "Оценивается", "graded", false },
    };
    int idx[3];
    struct db_yearref y;
    long long class_id;
    enum ej_err e;
    if ((e = sheet_map(t, cols, 3, idx, err)) != EJ_OK ||
        (e = db_year_ref(db, ctx, year, &y, err)) != EJ_OK ||
        (e = db_year_class_ref(db, ctx, &y, cls, &class_id, err)) != EJ_OK ||
        (e = db_year_begin(db, ctx, err)) != EJ_OK)
        return e;
    for (int i = 1; i < t->nrecords && e == EJ_OK; i++) {
        struct csv_record *rec = &t->records[i];
        const char *subject = sheet_get(rec, idx[0]);
        if (!*subject && !*sheet_get(rec, idx[1]))
            continue;
        int g = graded_parse(sheet_get(rec, idx[2]));
        if (g < 0) {
            e = ej_error_set(err, EJ_EINVAL, _("line %d: «Оценивается» is «да» or «нет»"), rec->line);
            break;
        }
        e = curriculum_put(db, ctx, class_id, subject, sheet_get(rec, idx[1]), g == 1, err);
        e = db_sheet_row(err, e, rec->line, rows);
    }
    if (e == EJ_OK && *rows == 0)
        e = ej_error_set(err, EJ_EINVAL, "%s", _("The file has no subjects"));
    return db_tx_finish(db, e, err);
}

enum ej_err db_curriculum_copy(struct ej_db *db, const struct ej_ctx *ctx, const char *from_year,
                               const char *to_year, int grade, int *classes, int *rows,
                               struct ej_error *err)
{
    *classes = *rows = 0;
    if (grade < 1 || grade > 11)
        return ej_error_set(err, EJ_EINVAL, "%s", _("The grade is 1 to 11"));
    struct db_yearref a, b;
    enum ej_err e;
    if ((e = db_year_ref(db, ctx, from_year, &a, err)) != EJ_OK ||
        (e = db_year_ref(db, ctx, to_year, &b, err)) != EJ_OK)
        return e;
    if (a.id == b.id)
        return ej_error_set(err, EJ_EINVAL, "%s", _("Copy from one year into another"));
    if ((e = db_year_begin(db, ctx, err)) != EJ_OK)
        return e;
    char sid[32], ya[32], yb[32], gr[8];
    DB_LL(sid, ctx->school_id);
    DB_LL(ya, a.id);
    DB_LL(yb, b.id);
    snprintf(gr, sizeof gr, "%d", grade);
    const char *p[] = { sid, ya, yb, gr };
    PGresult *r = db_exec(
        db, err,
        "WITH dst AS (SELECT c.id, c.letter FROM class c WHERE c.school_id = $1 AND c.year_id = $3 "
        "              AND c.grade = $4::int), "
        "     src AS (SELECT d.id AS dst, (SELECT s.id FROM class s WHERE s.school_id = $1 "
        "              AND s.year_id = $2 AND s.grade = $4::int "
        "              AND EXISTS (SELECT 1 FROM curriculum cu WHERE cu.school_id = s.school_id "
        "                           AND cu.class_id = s.id) "
        "            ORDER BY s.letter = d.letter DESC, s.letter LIMIT 1) AS src FROM dst d), "
        "     ins AS (INSERT INTO curriculum (school_id, class_id, subject_id, hours_per_week, graded) "
        "             SELECT $1, src.dst, cu.subject_id, cu.hours_per_week, cu.graded "
        "               FROM src JOIN curriculum cu ON cu.school_id = $1 AND cu.class_id = src.src "
        "             ON CONFLICT DO NOTHING RETURNING class_id) "
        "SELECT (SELECT count(*) FROM dst), (SELECT count(*) FROM src WHERE src IS NOT NULL), "
        "       (SELECT count(*) FROM ins), (SELECT count(DISTINCT class_id) FROM ins)",
        4, p);
    if (!r) {
        e = db_fail(err);
    } else if (db_ll(r, 0, 0) == 0) {
        e = ej_error_set(err, EJ_ENOTFOUND, _("%s has no classes of grade %d yet"), b.name, grade);
    } else if (db_ll(r, 0, 1) == 0) {
        e = ej_error_set(err, EJ_ENOTFOUND, _("%s has no curriculum for grade %d"), a.name, grade);
    } else {
        *rows = (int)db_ll(r, 0, 2);
        *classes = (int)db_ll(r, 0, 3);
    }
    PQclear(r);
    return db_tx_finish(db, e, err);
}

/* ---------------------------------------------------------- teaching load */

enum ej_err db_load_list(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                         const char *cls, const char *teacher, struct db_load **out, int *n,
                         struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    struct db_yearref y;
    long long class_id = 0, staff = 0;
    enum ej_err e = db_year_may(ctx, POLICY_YEAR_READ, err);
    if (e != EJ_OK || (e = db_year_ref(db, ctx, year, &y, err)) != EJ_OK ||
        (cls && (e = db_year_class_ref(db, ctx, &y, cls, &class_id, err)) != EJ_OK) ||
        (teacher && (e = db_staff_ref(db, ctx, teacher, false, &staff, err)) != EJ_OK))
        return e;
    char sid[32], yid[32], cid[32], stid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(yid, y.id);
    DB_LL(cid, class_id);
    DB_LL(stid, staff);
    const char *p[] = { sid, yid, cid, stid };
    PGresult *r = db_exec(
        db, err,
        "SELECT co.id, coalesce(ct.staff_id, 0), c.grade::text || c.letter, coalesce(g.name, ''), "
        "       su.name, " TEACHER_NAME_SQL("st") ", coalesce(lower(ct.during)::text, ''), "
        "       coalesce((upper(ct.during) - 1)::text, ''), "
        "       coalesce((SELECT a.login FROM account_role ar JOIN account a ON a.id = ar.account_id "
        "                  WHERE ar.school_id = ct.school_id AND ar.staff_id = ct.staff_id "
        "                  ORDER BY a.active DESC, a.id LIMIT 1), '') "
        "  FROM course co JOIN class c ON c.school_id = co.school_id AND c.id = co.class_id "
        "  JOIN subject su ON su.school_id = co.school_id AND su.id = co.subject_id "
        "  LEFT JOIN study_group g ON g.school_id = co.school_id AND g.id = co.group_id "
        "  LEFT JOIN course_teacher ct ON ct.school_id = co.school_id AND ct.course_id = co.id "
        "  LEFT JOIN staff st ON st.school_id = ct.school_id AND st.id = ct.staff_id "
        " WHERE co.school_id = $1 AND c.year_id = $2 AND ($3::bigint = 0 OR c.id = $3) "
        "   AND ($4::bigint = 0 OR ct.staff_id = $4) "
        " ORDER BY c.grade, c.letter, su.sort, su.name, g.name NULLS FIRST, lower(ct.during)",
        4, p);
    if (!r)
        return db_fail(err);
    *n = PQntuples(r);
    *out = xcalloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; i < *n; i++) {
        struct db_load *l = &(*out)[i];
        l->course_id = db_ll(r, i, 0);
        l->staff_id = db_ll(r, i, 1);
        copy(l->cls, sizeof l->cls, db_str(r, i, 2));
        copy(l->group, sizeof l->group, db_str(r, i, 3));
        copy(l->subject, sizeof l->subject, db_str(r, i, 4));
        copy(l->teacher, sizeof l->teacher, db_str(r, i, 5));
        l->from = db_day(r, i, 6, 0);
        l->to = db_day(r, i, 7, 0);
        copy(l->login, sizeof l->login, db_str(r, i, 8));
        if (l->to >= y.ends)
            l->to = 0;
    }
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_course_of(struct ej_db *db, const struct ej_ctx *ctx, long long class_id,
                         const char *cls, const char *subject, const char *group, bool create,
                         long long *course_id, struct ej_error *err)
{
    long long subject_id;
    enum ej_err e = db_subject_ref(db, ctx, subject, &subject_id, err);
    if (e != EJ_OK)
        return e;
    char sid[32], cid[32], suid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(cid, class_id);
    DB_LL(suid, subject_id);
    const char *p[] = { sid, cid, suid, group && *group ? group : NULL };
    PGresult *r = db_exec(
        db, err,
        "SELECT EXISTS (SELECT 1 FROM curriculum WHERE school_id = $1 AND class_id = $2 "
        "                AND subject_id = $3), "
        "       (SELECT g.id FROM study_group g WHERE g.school_id = $1 AND g.class_id = $2 "
        "         AND g.subject_id = $3 AND g.name = $4), "
        "       (SELECT co.id FROM course co LEFT JOIN study_group g ON g.school_id = co.school_id "
        "               AND g.id = co.group_id WHERE co.school_id = $1 AND co.class_id = $2 "
        "               AND co.subject_id = $3 AND g.name IS NOT DISTINCT FROM $4)",
        4, p);
    if (!r)
        return db_fail(err);
    bool in_plan = db_bool(r, 0, 0), has_group = !db_null(r, 0, 1);
    char gid[32];
    snprintf(gid, sizeof gid, "%s", db_str(r, 0, 1));
    *course_id = db_null(r, 0, 2) ? 0 : db_ll(r, 0, 2);
    PQclear(r);
    if (!in_plan)
        return ej_error_set(err, EJ_EINVAL,
                            _("«%s» is not in the curriculum of %s (curriculum set)"), subject, cls);
    if (group && *group && !has_group)
        return ej_error_set(err, EJ_ENOTFOUND, _("%s has no group «%s» for «%s»"), cls, group,
                            subject);
    if (*course_id || !create)
        return *course_id ? EJ_OK
                          : ej_error_set(err, EJ_ENOTFOUND, _("%s has no journal of «%s» yet"),
                                         cls, subject);
    const char *pi[] = { sid, cid, suid, has_group ? gid : NULL };
    r = db_exec(db, err,
                "INSERT INTO course (school_id, class_id, subject_id, group_id) "
                "VALUES ($1, $2, $3, $4::bigint) RETURNING id",
                4, pi);
    if (!r)
        return db_fail(err);
    *course_id = db_ll(r, 0, 0);
    PQclear(r);
    return EJ_OK;
}

/* One line of the load, inside the caller's transaction. */
static enum ej_err load_put(struct ej_db *db, const struct ej_ctx *ctx, const struct db_yearref *y,
                            const char *cls, const char *subject, const char *group,
                            const char *teacher, int from, int to, long long *course_id,
                            struct ej_error *err)
{
    long long class_id, staff;
    enum ej_err e;
    if (!from)
        from = y->starts;
    if (!to)
        to = y->ends;
    if (from < y->starts || from > y->ends || to < from || to > y->ends)
        return ej_error_set(err, EJ_EINVAL, _("The days must lie inside the year %s, in order"),
                            y->name);
    if ((e = db_year_class_ref(db, ctx, y, cls, &class_id, err)) != EJ_OK ||
        (e = db_staff_ref(db, ctx, teacher, true, &staff, err)) != EJ_OK ||
        (e = db_course_of(db, ctx, class_id, cls, subject, group, true, course_id, err)) != EJ_OK)
        return e;
    char sid[32], co[32], st[32], f[11], end[11];
    DB_LL(sid, ctx->school_id);
    DB_LL(co, *course_id);
    DB_LL(st, staff);
    cal_iso(from, f);
    cal_iso(to + 1, end);
    const char *p[] = { sid, co, f, st, end };
    /* The same teacher already then: their range runs on to the end of the year. */
    PGresult *r = db_exec(db, err,
                          "SELECT 1 FROM course_teacher WHERE school_id = $1 AND course_id = $2 "
                          "   AND during @> $3::date AND staff_id = $4",
                          4, p);
    if (!r)
        return db_fail(err);
    bool same = PQntuples(r) > 0;
    PQclear(r);
    if (same) {
        const char *pe[] = { sid, co, f, end };
        if ((e = db_run(db, err,
                        "DELETE FROM course_teacher WHERE school_id = $1 AND course_id = $2 "
                        "   AND lower(during) > $3::date",
                        3, pe)) == EJ_OK)
            e = db_run(db, err,
                       "UPDATE course_teacher SET during = daterange(lower(during), $4::date) "
                       " WHERE school_id = $1 AND course_id = $2 AND during @> $3::date",
                       4, pe);
        return e == EJ_OK ? db_clash_check(db, ctx, y->id, NULL, *course_id, err) : e;
    }
    /* Ranges from `from` on are the new teacher's; one running over it ends the day before. */
    const char *q[] = {
        "DELETE FROM course_teacher WHERE school_id = $1 AND course_id = $2 AND lower(during) >= $3::date",
        "UPDATE course_teacher SET during = daterange(lower(during), $3::date) "
        " WHERE school_id = $1 AND course_id = $2 AND during @> $3::date",
        "INSERT INTO course_teacher (school_id, course_id, staff_id, during) "
        "VALUES ($1, $2, $4, daterange($3::date, $5::date))",
    };
    for (size_t i = 0; i < sizeof q / sizeof q[0] && e == EJ_OK; i++)
        e = db_run(db, err, q[i], i < 2 ? 3 : 5, p);
    if (e == EJ_OK)
        e = db_clash_check(db, ctx, y->id, NULL, *course_id, err);
    return e;
}

enum ej_err db_load_set(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                        const char *cls, const char *subject, const char *group,
                        const char *teacher, int from, long long *course_id,
                        struct ej_error *err)
{
    struct db_yearref y;
    enum ej_err e;
    if ((e = db_year_ref(db, ctx, year, &y, err)) != EJ_OK || (e = db_year_begin(db, ctx, err)) != EJ_OK)
        return e;
    e = load_put(db, ctx, &y, cls, subject, group, teacher, from, 0, course_id, err);
    return db_tx_finish(db, e, err);
}

enum ej_err db_load_import(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                           struct csv_table *t, int *rows, struct ej_error *err)
{
    *rows = 0;
    static const struct sheet_col cols[] = {
        { "Класс", "class", true }, { "Группа", "group", false }, { "Предмет", "subject", true },
        { "Логин", "login", false }, { "С", "from", false },     { "Учитель", "teacher", false },
        { "По", "to", false },
    };
    int idx[7];
    struct db_yearref y;
    enum ej_err e;
    if ((e = sheet_map(t, cols, 7, idx, err)) != EJ_OK)
        return e;
    /* The teacher by login (or number); «Учитель» only when there is no «Логин». */
    if (idx[3] < 0)
        idx[3] = idx[5];
    if (idx[3] < 0)
        return ej_error_set(err, EJ_EINVAL,
                            _("line %d: the first line must name the columns; «%s» is missing"),
                            t->records[0].line, "Логин");
    if ((e = db_year_ref(db, ctx, year, &y, err)) != EJ_OK)
        return e;
    /* The dates first, then the lines in date order: a later teacher of a journal
     * ends the range of an earlier one, whatever order the sheet was sorted in.  A
     * journal without a teacher (an empty login) is left as it is. */
    struct lline {
        int rec, from, to;
    } *ll = xcalloc((size_t)t->nrecords, sizeof *ll);
    int n = 0;
    for (int i = 1; i < t->nrecords && e == EJ_OK; i++) {
        struct csv_record *r = &t->records[i];
        const char *from = sheet_get(r, idx[4]), *to = sheet_get(r, idx[6]);
        if (!*sheet_get(r, idx[3]))
            continue;
        ll[n] = (struct lline){ i, 0, 0 };
        if (*from && !cal_parse_user(from, &ll[n].from))
            e = ej_error_set(err, EJ_EINVAL, _("line %d: «%s» is not a date: DD.MM.YYYY"), r->line, from);
        else if (*to && !cal_parse_user(to, &ll[n].to))
            e = ej_error_set(err, EJ_EINVAL, _("line %d: «%s» is not a date: DD.MM.YYYY"), r->line, to);
        n++;
    }
    for (int i = 1; i < n; i++) /* insertion sort: stable, the sheets are short */
        for (int k = i; k > 0 && (ll[k - 1].from ? ll[k - 1].from : y.starts) >
                                     (ll[k].from ? ll[k].from : y.starts); k--) {
            struct lline tmp = ll[k];
            ll[k] = ll[k - 1];
            ll[k - 1] = tmp;
        }
    if (e != EJ_OK || (e = db_year_begin(db, ctx, err)) != EJ_OK) {
        free(ll);
        return e;
    }
    for (int i = 0; i < n && e == EJ_OK; i++) {
        struct csv_record *r = &t->records[ll[i].rec];
        long long course;
        e = load_put(db, ctx, &y, sheet_get(r, idx[0]), sheet_get(r, idx[2]), sheet_get(r, idx[1]),
                     sheet_get(r, idx[3]), ll[i].from, ll[i].to, &course, err);
        e = db_sheet_row(err, e, r->line, rows);
    }
    free(ll);
    if (e == EJ_OK && *rows == 0)
        e = ej_error_set(err, EJ_EINVAL, "%s", _("The file has no lines of the load"));
    return db_tx_finish(db, e, err);
}
