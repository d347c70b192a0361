/*
 * db-timetable — the SQL behind the weekly timetable, its clash check, the
 * lessons generated from it and substitutions (db-year.h).
 */
#include "calendar.h"
#include "db-internal.h"
#include "db-year.h"
#include "i18n.h"
#include "policy.h"
#include "utf8.h"
#include "xmalloc.h"
#include "year.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src);
}

/* ------------------------------------------------------------- clash check */

enum ej_err db_clash_check(struct ej_db *db, const struct ej_ctx *ctx, long long year_id,
                           const char *slots, long long course_id, struct ej_error *err)
{
    char sid[32], yid[32], co[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(yid, year_id);
    DB_LL(co, course_id);
    const char *p[] = { sid, yid, co, slots };
    /* Two slots are at once when they share a weekday, dates, and the lesson number
     * of the same shift or overlapping bell times. */
    PGresult *r = db_exec(
        db, err,
        "WITH s AS (SELECT ts.id, ts.class_id, ts.course_id, ts.weekday, ts.num, ts.room, ts.valid, "
        "                  co.group_id, c.shift, c.grade::text || c.letter AS cls, "
        "                  su.name || coalesce(' (' || g.name || ')', '') AS subj, b.starts AS bs, "
        "                  b.ends AS be "
        "             FROM timetable_slot ts "
        "             JOIN course co ON co.school_id = ts.school_id AND co.id = ts.course_id "
        "             JOIN class c ON c.school_id = co.school_id AND c.id = co.class_id "
        "             JOIN subject su ON su.school_id = co.school_id AND su.id = co.subject_id "
        "             LEFT JOIN study_group g ON g.school_id = co.school_id AND g.id = co.group_id "
        "             LEFT JOIN bell b ON b.school_id = ts.school_id AND b.shift = c.shift "
        "                  AND b.num = ts.num "
        "            WHERE ts.school_id = $1 AND c.year_id = $2), "
        "     pairs AS (SELECT a.*, b.id AS b_id, b.class_id AS b_class, b.course_id AS b_course, "
        "                      b.group_id AS b_group, b.room AS b_room, b.cls AS b_cls, "
        "                      b.subj AS b_subj, a.valid * b.valid AS both_valid "
        "                 FROM s a JOIN s b ON a.id < b.id AND a.weekday = b.weekday "
        "                  AND a.valid && b.valid "
        "                  AND ($4::bigint[] IS NULL OR a.id = ANY ($4::bigint[]) "
        "                       OR b.id = ANY ($4::bigint[])) "
        "                  AND ((a.shift = b.shift AND a.num = b.num) "
        "                       OR (a.bs < b.be AND b.bs < a.be))) "
        "SELECT kind, weekday, num, who, cls, subj, b_cls, b_subj, lower(during)::text FROM ( "
        "  SELECT 1 AS kind, weekday, num, cls AS who, cls, subj, b_cls, b_subj, both_valid AS during "
        "    FROM pairs WHERE class_id = b_class AND $3::bigint = 0 "
        "     AND (group_id IS NULL OR b_group IS NULL OR group_id = b_group) "
        "  UNION ALL "
        "  SELECT 2, weekday, num, room, cls, subj, b_cls, b_subj, both_valid FROM pairs "
        "   WHERE room <> '' AND room = b_room AND $3::bigint = 0 "
        "  UNION ALL "
        "  SELECT 3, pa.weekday, pa.num, " TEACHER_NAME_SQL("st") ", pa.cls, pa.subj, pa.b_cls, "
        "         pa.b_subj, pa.both_valid * cta.during * ctb.during "
        "    FROM pairs pa "
        "    JOIN course_teacher cta ON cta.school_id = $1 AND cta.course_id = pa.course_id "
        "    JOIN course_teacher ctb ON ctb.school_id = $1 AND ctb.course_id = pa.b_course "
        "         AND ctb.staff_id = cta.staff_id "
        "    JOIN staff st ON st.school_id = $1 AND st.id = cta.staff_id "
        "   WHERE NOT isempty(pa.both_valid * cta.during * ctb.during) "
        "     AND ($3::bigint = 0 OR $3 IN (pa.course_id, pa.b_course))) x "
        "ORDER BY weekday, num, kind LIMIT 1",
        4, p);
    if (!r)
        return db_fail(err);
    enum ej_err e = EJ_OK;
    if (PQntuples(r) == 1) {
        int kind = (int)db_ll(r, 0, 0);
        const char *wd = year_weekday_name((int)db_ll(r, 0, 1));
        int num = (int)db_ll(r, 0, 2);
        char from[11] = "";
        int d;
        if (cal_parse(db_str(r, 0, 8), &d))
            cal_ddmmyyyy(d, from);
        if (kind == 1)
            e = ej_error_set(err, EJ_ECONFLICT,
                             _("Clash: %s, lesson %d (from %s): %s has «%s» and «%s» at once"), wd,
                             num, from, db_str(r, 0, 3), db_str(r, 0, 5), db_str(r, 0, 7));
        else
            e = ej_error_set(err, EJ_ECONFLICT,
                             kind == 2 ? _("Clash: %s, lesson %d (from %s): room %s has %s «%s» and "
                                           "%s «%s» at once")
                                       : _("Clash: %s, lesson %d (from %s): the teacher %s has %s "
                                           "«%s» and %s «%s» at once"),
                             wd, num, from, db_str(r, 0, 3), db_str(r, 0, 4), db_str(r, 0, 5),
                             db_str(r, 0, 6), db_str(r, 0, 7));
    }
    PQclear(r);
    return e;
}

/* --------------------------------------------------------------- timetable */

enum ej_err db_timetable_show(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                              const char *cls, const char *teacher, int day, struct db_slot **out,
                              int *n, struct ej_error *err)
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
    char sid[32], cid[32], d[11] = "", ys[11], ye[11], yid[32], st[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(cid, class_id);
    DB_LL(yid, y.id);
    DB_LL(st, staff);
    if (day)
        cal_iso(day, d);
    cal_iso(y.starts, ys);
    cal_iso(y.ends, ye);
    const char *p[] = { sid, cid, day ? d : NULL, ys, ye, yid, st };
    PGresult *r = db_exec(
        db, err,
        "WITH t AS (SELECT coalesce($3::date, least(greatest(ej_today($1), $4::date), $5::date)) AS d) "
        "SELECT ts.course_id, ts.weekday, ts.num, su.name, coalesce(g.name, ''), ts.room, "
        "       " TEACHER_NAME_SQL("st") ", "
        "       coalesce(to_char(b.starts, 'HH24:MI') || '–' || to_char(b.ends, 'HH24:MI'), ''), "
        "       lower(ts.valid), upper(ts.valid) - 1, c.grade::text || c.letter "
        "  FROM timetable_slot ts CROSS JOIN t "
        "  JOIN course co ON co.school_id = ts.school_id AND co.id = ts.course_id "
        "  JOIN class c ON c.school_id = co.school_id AND c.id = co.class_id "
        "  JOIN subject su ON su.school_id = co.school_id AND su.id = co.subject_id "
        "  LEFT JOIN study_group g ON g.school_id = co.school_id AND g.id = co.group_id "
        "  LEFT JOIN bell b ON b.school_id = ts.school_id AND b.shift = c.shift AND b.num = ts.num "
        "  LEFT JOIN course_teacher ct ON ct.school_id = co.school_id AND ct.course_id = co.id "
        "       AND ct.during @> t.d "
        "  LEFT JOIN staff st ON st.school_id = ct.school_id AND st.id = ct.staff_id "
        " WHERE ts.school_id = $1 AND ts.valid @> t.d AND c.year_id = $6 "
        "   AND ($2::bigint = 0 OR ts.class_id = $2) AND ($7::bigint = 0 OR ct.staff_id = $7) "
        " ORDER BY ts.weekday, ts.num, c.grade, c.letter, su.sort, su.name, g.name NULLS FIRST",
        7, p);
    if (!r)
        return db_fail(err);
    *n = PQntuples(r);
    *out = xcalloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; i < *n; i++) {
        struct db_slot *s = &(*out)[i];
        s->course_id = db_ll(r, i, 0);
        s->weekday = (int)db_ll(r, i, 1);
        s->num = (int)db_ll(r, i, 2);
        copy(s->subject, sizeof s->subject, db_str(r, i, 3));
        copy(s->group, sizeof s->group, db_str(r, i, 4));
        copy(s->room, sizeof s->room, db_str(r, i, 5));
        copy(s->teacher, sizeof s->teacher, db_str(r, i, 6));
        copy(s->bell, sizeof s->bell, db_str(r, i, 7));
        s->from = db_day(r, i, 8, 0);
        s->to = db_day(r, i, 9, 0);
        copy(s->cls, sizeof s->cls, db_str(r, i, 10));
    }
    PQclear(r);
    return EJ_OK;
}

/* What a slot of a class must respect: the school's week, the bells of its shift. */
struct slot_rules {
    bool six;
    unsigned bells; /* bit n: the shift has lesson n (0: no bells entered, any goes) */
};

/* p: { school, class }. */
static enum ej_err slot_rules(struct ej_db *db, const char *const *p, struct slot_rules *sr,
                              struct ej_error *err)
{
    PGresult *r = db_exec(db, err,
                          "SELECT s.six_day_week, coalesce(sum(DISTINCT 1 << b.num), 0) "
                          "  FROM school s JOIN class c ON c.school_id = s.id AND c.id = $2 "
                          "  LEFT JOIN bell b ON b.school_id = s.id AND b.shift = c.shift "
                          " WHERE s.id = $1 GROUP BY s.six_day_week",
                          2, p);
    if (!r)
        return db_fail(err);
    sr->six = db_bool(r, 0, 0);
    sr->bells = (unsigned)db_ll(r, 0, 1);
    PQclear(r);
    return EJ_OK;
}

/* A weekday wd (as typed: wds) and lesson number num (as typed: nums; -1 malformed). */
static enum ej_err slot_ok(const struct slot_rules *sr, const char *cls, const char *wds, int wd,
                           const char *nums, long num, struct ej_error *err)
{
    if (wd < 1 || wd > 6 || (wd == 6 && !sr->six))
        return ej_error_set(err, EJ_EINVAL,
                            wd == 6 ? _("«%s»: the school has a five-day week (year week 6)")
                                    : _("«%s» is not a school day: пн, вт, ср, чт, пт, сб"),
                            wds);
    if (num < 0 || num > 10)
        return ej_error_set(err, EJ_EINVAL, _("«%s» is not a lesson number: 0 to 10"), nums);
    if (sr->bells && !(sr->bells & (1u << num)))
        return ej_error_set(err, EJ_EINVAL, _("The shift of %s has no bell for lesson %ld"), cls,
                            num);
    return EJ_OK;
}

enum ej_err db_timetable_set(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                             const char *cls, int from, struct csv_table *t, int *rows,
                             struct ej_error *err)
{
    *rows = 0;
    static const struct sheet_col cols[] = {
        { "День", "weekday", true },    { "Урок", "lesson", true }, { "Предмет", "subject", true },
        { "Группа", "group", false },   { "Кабинет", "room", false },
    };
    int idx[5];
    struct db_yearref y;
    long long class_id;
    enum ej_err e;
    if ((e = sheet_map(t, cols, 5, idx, err)) != EJ_OK ||
        (e = db_year_ref(db, ctx, year, &y, err)) != EJ_OK ||
        (e = db_year_class_ref(db, ctx, &y, cls, &class_id, err)) != EJ_OK)
        return e;
    if (!from)
        from = y.starts;
    if (from < y.starts || from > y.ends)
        return ej_error_set(err, EJ_EINVAL, _("The day must lie inside the year %s"), y.name);
    if ((e = db_year_begin(db, ctx, err)) != EJ_OK)
        return e;
    char sid[32], cid[32], f[11], end[11];
    DB_LL(sid, ctx->school_id);
    DB_LL(cid, class_id);
    cal_iso(from, f);
    cal_iso(y.ends + 1, end);
    const char *p[] = { sid, cid, f, end };
    struct slot_rules rules;
    if ((e = slot_rules(db, p, &rules, err)) != EJ_OK)
        goto out;
    struct ej_buf ids; /* the slots written, "{12,13}" */
    buf_init(&ids);
    buf_puts(&ids, "{");
    PGresult *r;
    const char *q[] = {
        "DELETE FROM timetable_slot WHERE school_id = $1 AND class_id = $2 AND lower(valid) >= $3::date",
        "UPDATE timetable_slot SET valid = daterange(lower(valid), $3::date) "
        " WHERE school_id = $1 AND class_id = $2 AND valid @> $3::date",
    };
    for (size_t i = 0; i < sizeof q / sizeof q[0] && e == EJ_OK; i++)
        e = db_run(db, err, q[i], 3, p);
    for (int i = 1; i < t->nrecords && e == EJ_OK; i++) {
        struct csv_record *rec = &t->records[i];
        const char *wds = sheet_get(rec, idx[0]), *nums = sheet_get(rec, idx[1]);
        const char *subject = sheet_get(rec, idx[2]), *group = sheet_get(rec, idx[3]);
        const char *room = sheet_get(rec, idx[4]);
        if (!*wds && !*nums && !*subject)
            continue;
        int wd = year_weekday_parse(wds);
        char *endp;
        long num = strtol(nums, &endp, 10);
        long long course;
        if (!*nums || *endp)
            num = -1;
        if ((e = slot_ok(&rules, cls, wds, wd, nums, num, err)) == EJ_OK &&
            (e = utf8_field_check(room, _("The room"), 20, false, err)) == EJ_OK &&
                   (e = db_course_of(db, ctx, class_id, cls, subject, group, true, &course, err)) ==
                       EJ_OK) {
            char co[32], wdb[8], nb[8];
            DB_LL(co, course);
            snprintf(wdb, sizeof wdb, "%d", wd);
            snprintf(nb, sizeof nb, "%ld", num);
            const char *pi[] = { sid, cid, co, wdb, nb, room, f, end };
            r = db_exec(db, err,
                        "INSERT INTO timetable_slot (school_id, class_id, course_id, weekday, num, "
                        "                            room, valid) "
                        "VALUES ($1, $2, $3, $4::int, $5::int, $6, daterange($7::date, $8::date)) "
                        "RETURNING id",
                        8, pi);
            if (!r)
                e = db_fail(err);
            else
                buf_printf(&ids, "%s%s", ids.len > 1 ? "," : "", db_str(r, 0, 0));
            PQclear(r);
        }
        e = db_sheet_row(err, e, rec->line, rows);
    }
    buf_puts(&ids, "}");
    if (e == EJ_OK && *rows == 0)
        e = ej_error_set(err, EJ_EINVAL, "%s", _("The file has no lessons"));
    if (e == EJ_OK)
        e = db_clash_check(db, ctx, y.id, ids.data, 0, err);
    buf_free(&ids);
out:
    return db_tx_finish(db, e, err);
}

enum ej_err db_timetable_cell_set(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                                  const char *cls, int weekday, int num, const char *subject,
                                  const char *group, const char *room, int from,
                                  struct ej_error *err)
{
    struct db_yearref y;
    long long class_id;
    enum ej_err e;
    if ((e = db_year_ref(db, ctx, year, &y, err)) != EJ_OK ||
        (e = db_year_class_ref(db, ctx, &y, cls, &class_id, err)) != EJ_OK ||
        (e = utf8_field_check(room ? room : "", _("The room"), 20, false, err)) != EJ_OK)
        return e;
    if (!from || from < y.starts)
        from = y.starts;
    if (from > y.ends)
        return ej_error_set(err, EJ_EINVAL, _("The day must lie inside the year %s"), y.name);
    if ((e = db_year_begin(db, ctx, err)) != EJ_OK)
        return e;
    char sid[32], cid[32], f[11], end[11], wdb[8], nb[8], co[32] = "0";
    DB_LL(sid, ctx->school_id);
    DB_LL(cid, class_id);
    cal_iso(from, f);
    cal_iso(y.ends + 1, end);
    snprintf(wdb, sizeof wdb, "%d", weekday);
    snprintf(nb, sizeof nb, "%d", num);
    const char *pr[] = { sid, cid };
    struct slot_rules rules;
    long long course = 0;
    bool group_course = subject && group && *group;
    if ((e = slot_rules(db, pr, &rules, err)) != EJ_OK ||
        (e = slot_ok(&rules, cls, year_weekday_name(weekday), weekday, nb, num, err)) != EJ_OK ||
        (subject &&
         (e = db_course_of(db, ctx, class_id, cls, subject, group, true, &course, err)) != EJ_OK))
        goto out;
    DB_LL(co, course);
    /* The lessons of the cell the new one takes the place of: all of them for a lesson
     * of the whole class (or none: clearing), else the whole class's and its own
     * group's; from `from` on. */
    const char *p[] = { sid, cid, wdb, nb, f, group_course ? "t" : "f", co, end, room ? room : "" };
    const char *q[] = {
        "DELETE FROM timetable_slot ts USING course c WHERE ts.school_id = $1 AND ts.class_id = $2 "
        "   AND ts.weekday = $3::int AND ts.num = $4::int AND lower(ts.valid) >= $5::date "
        "   AND c.school_id = ts.school_id AND c.id = ts.course_id "
        "   AND (NOT $6::boolean OR c.group_id IS NULL OR c.id = $7::bigint)",
        "UPDATE timetable_slot ts SET valid = daterange(lower(ts.valid), $5::date) FROM course c "
        " WHERE ts.school_id = $1 AND ts.class_id = $2 AND ts.weekday = $3::int "
        "   AND ts.num = $4::int AND ts.valid @> $5::date "
        "   AND c.school_id = ts.school_id AND c.id = ts.course_id "
        "   AND (NOT $6::boolean OR c.group_id IS NULL OR c.id = $7::bigint)",
    };
    for (size_t i = 0; i < sizeof q / sizeof q[0] && e == EJ_OK; i++)
        e = db_run(db, err, q[i], 7, p);
    if (e == EJ_OK && course) {
        PGresult *r = db_exec(db, err,
                              "INSERT INTO timetable_slot (school_id, class_id, course_id, weekday, num, "
                              "                            room, valid) "
                              "SELECT $1, $2, $7, $3::int, $4::int, $9, daterange($5::date, $8::date) "
                              " WHERE $6::boolean IS NOT NULL RETURNING id",
                              9, p);
        if (!r) {
            e = db_fail(err);
        } else {
            char ids[48];
            snprintf(ids, sizeof ids, "{%s}", db_str(r, 0, 0));
            e = db_clash_check(db, ctx, y.id, ids, 0, err);
        }
        PQclear(r);
    }
out:
    return db_tx_finish(db, e, err);
}

/* ------------------------------------------------------------- generation */

/* The school days of the classes in from..to inside their unlocked periods, the
 * lessons the timetable wants on them, and the timetable lessons there are. */
static const struct {
    const char *sql;
    int nparams;
} gen_setup[] = {
    { "CREATE TEMP TABLE gen_day (class_id bigint, day date, wd integer) ON COMMIT DROP", 0 },
    /* Every day of from..to not in a locked period of the class; wd: the weekday it
     * is taught as when it is a school day inside one of the class's periods, else
     * NULL (holidays, days off, days between periods: lessons there go). */
    { "INSERT INTO gen_day "
      "SELECT c.id, d::date, CASE WHEN EXISTS (SELECT 1 FROM period pe WHERE pe.school_id = c.school_id "
      "            AND pe.year_id = c.year_id AND pe.scheme = c.period_scheme "
      "            AND d BETWEEN pe.starts AND pe.ends) "
      "       THEN ej_school_day(c.school_id, d::date) END "
      "  FROM class c CROSS JOIN LATERAL generate_series($4::date, $5::date, interval '1 day') d "
      " WHERE c.school_id = $1 AND c.year_id = $2 AND ($3::bigint = 0 OR c.id = $3) "
      "   AND NOT EXISTS (SELECT 1 FROM period pl WHERE pl.school_id = c.school_id "
      "        AND pl.year_id = c.year_id AND pl.scheme IN (c.period_scheme, 'year') "
      "        AND pl.locked_at IS NOT NULL AND d BETWEEN pl.starts AND pl.ends)",
      5 },
    { "CREATE TEMP TABLE gen_want (course_id bigint, day date, num smallint) ON COMMIT DROP", 0 },
    { "INSERT INTO gen_want SELECT ts.course_id, gd.day, ts.num FROM gen_day gd "
      "  JOIN timetable_slot ts ON ts.school_id = $1 AND ts.class_id = gd.class_id "
      "   AND ts.weekday = gd.wd AND ts.valid @> gd.day WHERE gd.wd IS NOT NULL",
      1 },
    { "CREATE TEMP TABLE gen_have (id bigint, course_id bigint, day date, num smallint, "
      "                            from_timetable boolean, has_data boolean) ON COMMIT DROP",
      0 },
    { "INSERT INTO gen_have "
      "SELECT le.id, le.course_id, le.date, le.num, le.from_timetable, "
      "       (le.homework <> '' OR (le.topic <> '' AND le.plan_item_id IS NULL) OR NOT le.held "
      "        OR le.attendance_taken_at IS NOT NULL OR le.teacher_id IS NOT NULL "
      "        OR EXISTS (SELECT 1 FROM work w WHERE w.school_id = le.school_id "
      "                    AND w.lesson_id = le.id) "
      "        OR EXISTS (SELECT 1 FROM attendance a WHERE a.school_id = le.school_id "
      "                    AND a.lesson_id = le.id)) "
      "  FROM gen_day gd JOIN course co ON co.school_id = $1 AND co.class_id = gd.class_id "
      "  JOIN lesson le ON le.school_id = co.school_id AND le.course_id = co.id AND le.date = gd.day "
      "   FOR UPDATE OF le",
      1 },
    /* wanted and not there (any lesson in the place will do, one added by hand too) */
    { "CREATE TEMP TABLE gen_add ON COMMIT DROP AS "
      "SELECT w.* FROM gen_want w WHERE NOT EXISTS (SELECT 1 FROM gen_have h "
      "   WHERE h.course_id = w.course_id AND h.day = w.day AND h.num = w.num)",
      0 },
    /* there from the timetable and no longer wanted */
    { "CREATE TEMP TABLE gen_stale ON COMMIT DROP AS "
      "SELECT h.* FROM gen_have h WHERE h.from_timetable AND NOT EXISTS (SELECT 1 FROM gen_want w "
      "   WHERE w.course_id = h.course_id AND w.day = h.day AND w.num = h.num)",
      0 },
};

enum ej_err db_lessons_generate(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                                const char *cls, int from, int to, bool apply,
                                struct db_gen *out, struct ej_error *err)
{
    memset(out, 0, sizeof *out);
    struct db_yearref y;
    long long class_id = 0;
    enum ej_err e;
    if ((e = db_year_ref(db, ctx, year, &y, err)) != EJ_OK ||
        (cls && (e = db_year_class_ref(db, ctx, &y, cls, &class_id, err)) != EJ_OK))
        return e;
    if (!from)
        from = y.starts;
    if (!to)
        to = y.ends;
    if (from > to)
        return ej_error_set(err, EJ_EINVAL, "%s", _("The first day is after the last"));
    if ((e = db_year_begin(db, ctx, err)) != EJ_OK)
        return e;
    char sid[32], yid[32], cid[32], f[11], t[11];
    DB_LL(sid, ctx->school_id);
    DB_LL(yid, y.id);
    DB_LL(cid, class_id);
    cal_iso(from, f);
    cal_iso(to, t);
    const char *p[] = { sid, yid, cid, f, t };
    /* A class whose period scheme has no periods in the year would get no lessons. */
    PGresult *r = db_exec(db, err,
                          "SELECT c.grade::text || c.letter, c.period_scheme FROM class c "
                          " WHERE c.school_id = $1 AND c.year_id = $2 AND ($3::bigint = 0 OR c.id = $3) "
                          "   AND NOT EXISTS (SELECT 1 FROM period pe WHERE pe.school_id = c.school_id "
                          "        AND pe.year_id = c.year_id AND pe.scheme = c.period_scheme) "
                          " ORDER BY c.grade, c.letter LIMIT 1",
                          3, p);
    if (!r) {
        e = db_fail(err);
        goto out;
    }
    if (PQntuples(r) == 1)
        e = ej_error_set(err, EJ_EINVAL,
                         _("%s follows the scheme %s, and %s has no periods of it (year periods)"),
                         db_str(r, 0, 0), db_str(r, 0, 1), y.name);
    PQclear(r);
    if (e != EJ_OK)
        goto out;
    for (size_t i = 0; i < sizeof gen_setup / sizeof gen_setup[0] && e == EJ_OK; i++)
        e = db_run(db, err, gen_setup[i].sql, gen_setup[i].nparams, p);
    if (e != EJ_OK)
        goto out;
    r = db_exec(db, err,
                          "SELECT (SELECT count(*) FROM gen_want) - (SELECT count(*) FROM gen_add)",
                          0, NULL);
    if (!r) {
        e = db_fail(err);
        goto out;
    }
    out->unchanged = (int)db_ll(r, 0, 0);
    PQclear(r);
    /* A lesson with data that the timetable no longer has moves to its course's
     * first new place that day, else stays. */
    r = db_exec(
        db, err,
        "SELECT s.id, s.course_id, s.day, s.num, c.grade::text || c.letter, su.name, "
        "       coalesce(g.name, ''), "
        "       coalesce((SELECT array_agg(a.num ORDER BY a.num) FROM gen_add a "
        "                  WHERE a.course_id = s.course_id AND a.day = s.day)::text, '{}') "
        "  FROM gen_stale s JOIN course co ON co.school_id = $1 AND co.id = s.course_id "
        "  JOIN class c ON c.school_id = co.school_id AND c.id = co.class_id "
        "  JOIN subject su ON su.school_id = co.school_id AND su.id = co.subject_id "
        "  LEFT JOIN study_group g ON g.school_id = co.school_id AND g.id = co.group_id "
        " WHERE s.has_data ORDER BY s.day, c.grade, c.letter, s.num",
        1, p);
    if (!r) {
        e = db_fail(err);
        goto out;
    }
    out->nitems = PQntuples(r);
    out->items = xcalloc((size_t)out->nitems + 1, sizeof *out->items);
    for (int i = 0; i < out->nitems && e == EJ_OK; i++) {
        struct db_gen_item *it = &out->items[i];
        long long course = db_ll(r, i, 1);
        it->day = db_day(r, i, 2, 0);
        it->num = (int)db_ll(r, i, 3);
        copy(it->cls, sizeof it->cls, db_str(r, i, 4));
        copy(it->subject, sizeof it->subject, db_str(r, i, 5));
        copy(it->group, sizeof it->group, db_str(r, i, 6));
        it->what = '=';
        /* "{3,5}": the first place not yet taken by an earlier move. */
        const char *free_nums = db_str(r, i, 7);
        for (const char *s = free_nums + 1; *s && *s != '}' && it->what == '=';) {
            int num = atoi(s);
            bool taken = false;
            for (int k = 0; k < i; k++)
                taken |= out->items[k].what == '>' && out->items[k].day == it->day &&
                         out->items[k].new_num == num && !strcmp(out->items[k].cls, it->cls) &&
                         !strcmp(out->items[k].subject, it->subject) &&
                         !strcmp(out->items[k].group, it->group);
            if (!taken) {
                it->what = '>';
                it->new_num = num;
                char lid[32], co[32], nb[8], d[11];
                DB_LL(lid, db_ll(r, i, 0));
                DB_LL(co, course);
                snprintf(nb, sizeof nb, "%d", num);
                cal_iso(it->day, d);
                const char *pm[] = { sid, lid, nb, co, d };
                if ((e = db_run(db, err, "UPDATE lesson SET num = $3::int WHERE school_id = $1 AND id = $2",
                                3, pm)) == EJ_OK)
                    e = db_run(db, err,
                               "DELETE FROM gen_add WHERE course_id = $2 AND day = $3::date "
                               "   AND num = $1::int",
                               3, pm + 2);
            }
            while (*s && *s != ',' && *s != '}')
                s++;
            if (*s == ',')
                s++;
        }
        if (it->what == '>')
            out->moved++;
        else
            out->kept++;
    }
    PQclear(r);
    if (e != EJ_OK)
        goto out;
    r = db_exec(db, err,
                "WITH del AS (DELETE FROM lesson le USING gen_stale s WHERE le.school_id = $1 "
                "              AND le.id = s.id AND NOT s.has_data AND le.homework = '' "
                "              AND NOT (le.topic <> '' AND le.plan_item_id IS NULL) AND le.held "
                "              AND le.attendance_taken_at IS NULL AND le.teacher_id IS NULL "
                "              AND NOT EXISTS (SELECT 1 FROM work w WHERE w.school_id = le.school_id "
                "                               AND w.lesson_id = le.id) RETURNING le.id), "
                "     ins AS (INSERT INTO lesson (school_id, course_id, date, num, from_timetable) "
                "             SELECT $1, course_id, day, num, true FROM gen_add RETURNING course_id) "
                "SELECT (SELECT count(*) FROM del), (SELECT count(*) FROM ins)",
                1, p);
    if (!r) {
        e = db_fail(err);
        goto out;
    }
    out->removed = (int)db_ll(r, 0, 0);
    out->added = (int)db_ll(r, 0, 1);
    PQclear(r);
    /* The КТП of every journal concerned, over its lessons as they are now. */
    e = db_run(db, err,
               "SELECT ej_plan_spread($1, co.id) FROM course co JOIN class c "
               "    ON c.school_id = co.school_id AND c.id = co.class_id "
               " WHERE co.school_id = $1 AND c.year_id = $2 AND ($3::bigint = 0 OR c.id = $3) "
               "   AND EXISTS (SELECT 1 FROM plan_item pi WHERE pi.school_id = co.school_id "
               "                AND pi.course_id = co.id)",
               3, p);
out:
    if (e == EJ_OK && !apply) {
        db_tx_rollback(db);
        return EJ_OK;
    }
    if (e != EJ_OK)
        db_gen_free(out);
    return db_tx_finish(db, e, err);
}

void db_gen_free(struct db_gen *g)
{
    free(g->items);
    memset(g, 0, sizeof *g);
}

enum ej_err db_lesson_substitute(struct ej_db *db, const struct ej_ctx *ctx, long long lesson_id,
                                 const char *teacher, struct ej_error *err)
{
    enum ej_err e = db_year_begin(db, ctx, err);
    if (e != EJ_OK)
        return e;
    long long staff = 0;
    if (teacher && (e = db_staff_ref(db, ctx, teacher, true, &staff, err)) != EJ_OK)
        return db_tx_finish(db, e, err);
    char sid[32], lid[32], st[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(lid, lesson_id);
    DB_LL(st, staff);
    const char *p[] = { sid, lid, st };
    /* The course's own teacher on that day gives it back (NULL). */
    PGresult *r = db_exec(
        db, err,
        "UPDATE lesson le SET teacher_id = CASE WHEN $3::bigint = 0 OR EXISTS (SELECT 1 "
        "         FROM course_teacher ct WHERE ct.school_id = le.school_id "
        "          AND ct.course_id = le.course_id AND ct.staff_id = $3 AND ct.during @> le.date) "
        "       THEN NULL ELSE $3::bigint END "
        " WHERE le.school_id = $1 AND le.id = $2 RETURNING le.id",
        3, p);
    if (!r)
        e = db_fail(err);
    else if (PQntuples(r) == 0)
        e = ej_error_set(err, EJ_ENOTFOUND, _("There is no lesson %lld"), lesson_id);
    PQclear(r);
    return db_tx_finish(db, e, err);
}
