/*
 * db-year — the SQL behind the calendar of a school year, its classes and the
 * bells (db-year.h), and the lookups the rest of the year setup shares
 * (db-internal.h: db_year_ref, db_year_class_ref, db_subject_ref, db_staff_ref).
 */
#include "db-year.h"
#include "calendar.h"
#include "db-internal.h"
#include "i18n.h"
#include "policy.h"
#include "report.h"
#include "utf8.h"
#include "xmalloc.h"
#include "year.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- lookups */

enum ej_err db_year_may(const struct ej_ctx *ctx, int action, struct ej_error *err)
{
    struct policy_object o = { .school_id = ctx->school_id };
    return policy_check(ctx, (enum policy_action)action, &o, err);
}

enum ej_err db_year_ref(struct ej_db *db, const struct ej_ctx *ctx, const char *name,
                        struct db_yearref *y, struct ej_error *err)
{
    int first;
    if (name && !year_name_parse(name, &first))
        return ej_error_set(err, EJ_EINVAL, _("\"%s\" is not a school year: e.g. 2027/2028"), name);
    char sid[32];
    DB_LL(sid, ctx->school_id);
    const char *p[] = { sid, name };
    PGresult *r = db_exec(db, err,
                          "WITH t AS (SELECT ej_today($1) AS d) "
                          "SELECT y.id, y.name, y.starts, y.ends FROM academic_year y, t "
                          " WHERE y.school_id = $1 AND ($2::text IS NULL OR y.name = $2) "
                          " ORDER BY (t.d BETWEEN y.starts AND y.ends) DESC, (y.starts <= t.d) DESC, "
                          "          y.starts DESC LIMIT 1",
                          2, p);
    if (!r)
        return db_fail(err);
    enum ej_err e = EJ_OK;
    if (PQntuples(r) != 1) {
        e = name ? ej_error_set(err, EJ_ENOTFOUND, _("There is no school year %s"), name)
                 : ej_error_set(err, EJ_ENOTFOUND, "%s", _("The school has no school year yet"));
    } else {
        y->id = db_ll(r, 0, 0);
        snprintf(y->name, sizeof y->name, "%s", db_str(r, 0, 1));
        y->starts = db_day(r, 0, 2, 0);
        y->ends = db_day(r, 0, 3, 0);
    }
    PQclear(r);
    return e;
}

enum ej_err db_year_class_ref(struct ej_db *db, const struct ej_ctx *ctx,
                              const struct db_yearref *y, const char *cls, long long *class_id,
                              struct ej_error *err)
{
    int grade;
    char letter[8];
    if (!cls || !report_parse_class(cls, &grade, letter))
        return ej_error_set(err, EJ_EINVAL, _("\"%s\" is not a class: a grade and a letter, e.g. 7А"),
                            cls ? cls : "");
    char sid[32], yid[32], gr[8];
    DB_LL(sid, ctx->school_id);
    DB_LL(yid, y->id);
    snprintf(gr, sizeof gr, "%d", grade);
    const char *p[] = { sid, yid, gr, letter };
    PGresult *r = db_exec(db, err,
                          "SELECT id FROM class WHERE school_id = $1 AND year_id = $2 "
                          "   AND grade = $3::int AND letter = $4",
                          4, p);
    if (!r)
        return db_fail(err);
    enum ej_err e = EJ_OK;
    if (PQntuples(r) != 1)
        e = ej_error_set(err, EJ_ENOTFOUND, _("There is no class %s in %s"), cls, y->name);
    else
        *class_id = db_ll(r, 0, 0);
    PQclear(r);
    return e;
}

enum ej_err db_subject_ref(struct ej_db *db, const struct ej_ctx *ctx, const char *s,
                           long long *id, struct ej_error *err)
{
    char sid[32];
    DB_LL(sid, ctx->school_id);
    char *key = utf8_fold(s ? s : "");
    const char *p[] = { sid, key };
    PGresult *r = db_exec(db, err,
                          "SELECT id, name FROM subject WHERE school_id = $1 "
                          "   AND (translate(lower(name), 'ё', 'е') = $2 "
                          "        OR translate(lower(short_name), 'ё', 'е') = $2) ORDER BY sort, name",
                          2, p);
    free(key);
    if (!r)
        return db_fail(err);
    enum ej_err e = EJ_OK;
    if (PQntuples(r) == 0)
        e = ej_error_set(err, EJ_ENOTFOUND, _("There is no subject «%s» (see: subjects list)"),
                         s ? s : "");
    else if (PQntuples(r) > 1)
        e = ej_error_set(err, EJ_EINVAL, _("«%s» names several subjects: give the full name"), s);
    else
        *id = db_ll(r, 0, 0);
    PQclear(r);
    return e;
}

enum ej_err db_staff_ref(struct ej_db *db, const struct ej_ctx *ctx, const char *s, bool active_only,
                         long long *id, struct ej_error *err)
{
    char sid[32];
    DB_LL(sid, ctx->school_id);
    const char *p[] = { sid, s ? s : "" };
    PGresult *r = db_exec(
        db, err,
        "SELECT st.id, st.active FROM staff st WHERE st.school_id = $1 "
        "   AND (($2 ~ '^[0-9]{1,18}$' AND st.id = $2::bigint) OR EXISTS "
        "        (SELECT 1 FROM account_role ar JOIN account a ON a.id = ar.account_id "
        "          WHERE ar.school_id = st.school_id AND ar.staff_id = st.id AND a.login = $2))",
        2, p);
    if (!r)
        return db_fail(err);
    enum ej_err e = EJ_OK;
    if (PQntuples(r) != 1)
        e = ej_error_set(err, EJ_ENOTFOUND,
                         _("There is no member of staff «%s»: give the number (staff list) or "
                           "the login"),
                         s ? s : "");
    else if (active_only && !db_bool(r, 0, 1))
        e = ej_error_set(err, EJ_EINVAL, _("«%s» no longer works at the school"), s);
    else
        *id = db_ll(r, 0, 0);
    PQclear(r);
    return e;
}

enum ej_err db_sheet_row(struct ej_error *err, enum ej_err e, int line, int *rows)
{
    if (e == EJ_OK) {
        (*rows)++;
        return e;
    }
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s", err->msg);
    return ej_error_set(err, e, _("line %d: %s"), line, msg);
}

enum ej_err db_year_begin(struct ej_db *db, const struct ej_ctx *ctx, struct ej_error *err)
{
    enum ej_err e = db_year_may(ctx, POLICY_YEAR_EDIT, err);
    return e != EJ_OK ? e : db_tx_begin(db, err);
}

/* ------------------------------------------------------------------- years */

enum ej_err db_years_list(struct ej_db *db, const struct ej_ctx *ctx, struct db_year **out, int *n,
                          struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    enum ej_err e = db_year_may(ctx, POLICY_YEAR_READ, err);
    if (e != EJ_OK)
        return e;
    char sid[32];
    DB_LL(sid, ctx->school_id);
    const char *p[] = { sid };
    PGresult *r = db_exec(
        db, err,
        "SELECT y.id, y.name, y.starts, y.ends, "
        "       (SELECT count(*) FROM class c WHERE c.school_id = y.school_id AND c.year_id = y.id), "
        "       (SELECT count(*) FROM generate_series(y.starts, y.ends, interval '1 day') d "
        "         WHERE ej_school_day(y.school_id, d::date) IS NOT NULL) "
        "  FROM academic_year y WHERE y.school_id = $1 ORDER BY y.starts",
        1, p);
    if (!r)
        return db_fail(err);
    *n = PQntuples(r);
    *out = xcalloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; i < *n; i++) {
        struct db_year *y = &(*out)[i];
        y->id = db_ll(r, i, 0);
        snprintf(y->name, sizeof y->name, "%s", db_str(r, i, 1));
        y->starts = db_day(r, i, 2, 0);
        y->ends = db_day(r, i, 3, 0);
        y->classes = (int)db_ll(r, i, 4);
        y->workdays = (int)db_ll(r, i, 5);
    }
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_year_create(struct ej_db *db, const struct ej_ctx *ctx, const char *name, int starts,
                           int ends, struct ej_error *err)
{
    int first, y1, y2, m, d;
    if (!name || !year_name_parse(name, &first))
        return ej_error_set(err, EJ_EINVAL, _("\"%s\" is not a school year: e.g. 2027/2028"),
                            name ? name : "");
    cal_civil(starts, &y1, &m, &d);
    cal_civil(ends, &y2, &m, &d);
    if (y1 != first || y2 != first + 1)
        return ej_error_set(err, EJ_EINVAL,
                            _("The school year %s begins in %d and ends in %d"), name, first,
                            first + 1);
    enum ej_err e = db_year_begin(db, ctx, err);
    if (e != EJ_OK)
        return e;
    char sid[32], a[11], b[11];
    DB_LL(sid, ctx->school_id);
    cal_iso(starts, a);
    cal_iso(ends, b);
    const char *p[] = { sid, name, a, b, _("School year") };
    PGresult *r = db_exec(db, err,
                          "SELECT name FROM academic_year WHERE school_id = $1 "
                          "   AND (name = $2 OR daterange(starts, ends, '[]') && "
                          "        daterange($3::date, $4::date, '[]'))",
                          4, p);
    if (!r) {
        e = db_fail(err);
    } else if (PQntuples(r) > 0) {
        e = ej_error_set(err, EJ_ECONFLICT, _("The school year %s is already there, or overlaps it"),
                         db_str(r, 0, 0));
    } else {
        e = db_run(db, err,
                   "WITH y AS (INSERT INTO academic_year (school_id, name, starts, ends) "
                   "           VALUES ($1, $2, $3, $4) RETURNING id) "
                   "INSERT INTO period (school_id, year_id, scheme, num, name, starts, ends) "
                   "SELECT $1, y.id, 'year', 1, $5, $3, $4 FROM y",
                   5, p);
    }
    PQclear(r);
    return db_tx_finish(db, e, err);
}

enum ej_err db_year_periods_set(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                                const char *scheme, const int *starts, const int *ends, int n,
                                struct ej_error *err)
{
    int want = year_scheme_periods(scheme);
    if (!want)
        return ej_error_set(err, EJ_EINVAL, "%s",
                            _("The period scheme is quarter, trimester or half"));
    if (n != want)
        return ej_error_set(err, EJ_EINVAL, _("The scheme %s has %d periods, not %d"), scheme, want,
                            n);
    struct db_yearref y;
    enum ej_err e = db_year_ref(db, ctx, year, &y, err);
    if (e != EJ_OK)
        return e;
    for (int i = 0; i < n; i++) {
        char a[11], b[11];
        cal_ddmmyyyy(starts[i], a);
        cal_ddmmyyyy(ends[i], b);
        if (starts[i] > ends[i] || starts[i] < y.starts || ends[i] > y.ends)
            return ej_error_set(err, EJ_EINVAL, _("Period %d (%s–%s) must lie inside the year %s"),
                                i + 1, a, b, y.name);
        if (i && starts[i] <= ends[i - 1])
            return ej_error_set(err, EJ_EINVAL,
                                _("Period %d (from %s) must begin after period %d ends"), i + 1, a, i);
    }
    if ((e = db_year_begin(db, ctx, err)) != EJ_OK)
        return e;
    char sid[32], yid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(yid, y.id);
    const char *p[] = { sid, yid, scheme };
    PGresult *r = db_exec(
        db, err,
        "SELECT pe.name, pe.locked_at IS NOT NULL, EXISTS (SELECT 1 FROM final_mark f "
        "        WHERE f.school_id = pe.school_id AND f.period_id = pe.id) "
        "  FROM period pe WHERE pe.school_id = $1 AND pe.year_id = $2 AND pe.scheme = $3 "
        " ORDER BY pe.num FOR UPDATE",
        3, p);
    if (!r) {
        e = db_fail(err);
        goto out;
    }
    for (int i = 0; i < PQntuples(r) && e == EJ_OK; i++) {
        if (db_bool(r, i, 1))
            e = ej_error_set(err, EJ_ELOCKED, _("%s is locked: reopen it first (period unlock)"),
                             db_str(r, i, 0));
        else if (db_bool(r, i, 2))
            e = ej_error_set(err, EJ_ECONFLICT,
                             _("%s already has finals: its dates are changed one by one"),
                             db_str(r, i, 0));
    }
    PQclear(r);
    if (e != EJ_OK)
        goto out;
    if ((e = db_run(db, err, "DELETE FROM period WHERE school_id = $1 AND year_id = $2 AND scheme = $3",
                    3, p)) != EJ_OK)
        goto out;
    for (int i = 0; i < n && e == EJ_OK; i++) {
        char num[16], a[11], b[11], name[64];
        snprintf(num, sizeof num, "%d", i + 1);
        cal_iso(starts[i], a);
        cal_iso(ends[i], b);
        year_scheme_period_name(scheme, i + 1, name);
        const char *pi[] = { sid, yid, scheme, num, name, a, b };
        e = db_run(db, err,
                   "INSERT INTO period (school_id, year_id, scheme, num, name, starts, ends) "
                   "VALUES ($1, $2, $3, $4::int, $5, $6, $7)",
                   7, pi);
    }
out:
    return db_tx_finish(db, e, err);
}

enum ej_err db_year_holiday_add(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                                const char *name, int starts, int ends, long long *id,
                                struct ej_error *err)
{
    enum ej_err e = utf8_field_check(name, _("The name of the holidays"), 100, true, err);
    if (e != EJ_OK)
        return e;
    struct db_yearref y;
    if ((e = db_year_ref(db, ctx, year, &y, err)) != EJ_OK)
        return e;
    if (starts > ends || starts < y.starts || ends > y.ends)
        return ej_error_set(err, EJ_EINVAL, _("The holidays must lie inside the year %s"), y.name);
    if ((e = db_year_begin(db, ctx, err)) != EJ_OK)
        return e;
    char sid[32], yid[32], a[11], b[11];
    DB_LL(sid, ctx->school_id);
    DB_LL(yid, y.id);
    cal_iso(starts, a);
    cal_iso(ends, b);
    const char *p[] = { sid, yid, name, a, b };
    PGresult *r = db_exec(db, err,
                          "INSERT INTO holiday (school_id, year_id, name, starts, ends) "
                          "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                          5, p);
    if (!r)
        e = db_fail(err);
    else
        *id = db_ll(r, 0, 0);
    PQclear(r);
    return db_tx_finish(db, e, err);
}

enum ej_err db_year_holiday_remove(struct ej_db *db, const struct ej_ctx *ctx, long long id,
                                   struct ej_error *err)
{
    enum ej_err e = db_year_begin(db, ctx, err);
    if (e != EJ_OK)
        return e;
    char sid[32], hid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(hid, id);
    const char *p[] = { sid, hid };
    PGresult *r = db_exec(db, err, "DELETE FROM holiday WHERE school_id = $1 AND id = $2 RETURNING id",
                          2, p);
    if (!r)
        e = db_fail(err);
    else if (PQntuples(r) == 0)
        e = ej_error_set(err, EJ_ENOTFOUND, _("There are no holidays number %lld"), id);
    PQclear(r);
    return db_tx_finish(db, e, err);
}

enum ej_err db_year_day_set(struct ej_db *db, const struct ej_ctx *ctx, const char *year, int day,
                            int as_weekday, const char *note, struct ej_error *err)
{
    enum ej_err e = utf8_field_check(note ? note : "", _("The note"), 100, false, err);
    if (e != EJ_OK)
        return e;
    if (as_weekday < -1 || as_weekday > 6)
        return ej_error_set(err, EJ_EINVAL, "%s", _("A school day is taught as Monday to Saturday"));
    struct db_yearref y;
    if ((e = db_year_ref(db, ctx, year, &y, err)) != EJ_OK)
        return e;
    if (day < y.starts || day > y.ends)
        return ej_error_set(err, EJ_EINVAL, _("The day must lie inside the year %s"), y.name);
    if ((e = db_year_begin(db, ctx, err)) != EJ_OK)
        return e;
    char sid[32], yid[32], d[11], wd[8];
    DB_LL(sid, ctx->school_id);
    DB_LL(yid, y.id);
    cal_iso(day, d);
    snprintf(wd, sizeof wd, "%d", as_weekday);
    const char *p[] = { sid, yid, d, wd, note ? note : "" };
    if (as_weekday < 0)
        e = db_run(db, err,
                   "DELETE FROM calendar_day WHERE school_id = $1 AND year_id = $2 AND day = $3::date",
                   3, p);
    else
        e = db_run(db, err,
                   "INSERT INTO calendar_day (school_id, year_id, day, workday, as_weekday, note) "
                   "VALUES ($1, $2, $3, $4::int > 0, nullif($4::int, 0), $5) "
                   "ON CONFLICT (school_id, day) DO UPDATE SET workday = excluded.workday, "
                   "   as_weekday = excluded.as_weekday, note = excluded.note",
                   5, p);
    return db_tx_finish(db, e, err);
}

enum ej_err db_school_week_set(struct ej_db *db, const struct ej_ctx *ctx, bool six_days,
                               struct ej_error *err)
{
    enum ej_err e = db_year_begin(db, ctx, err);
    if (e != EJ_OK)
        return e;
    char sid[32];
    DB_LL(sid, ctx->school_id);
    const char *p[] = { sid, six_days ? "t" : "f" };
    if (!six_days) {
        PGresult *r = db_exec(db, err,
                              "SELECT count(*) FROM timetable_slot WHERE school_id = $1 AND weekday = 6 "
                              "   AND upper(valid) > ej_today($1)",
                              1, p);
        if (!r)
            e = db_fail(err);
        else if (db_ll(r, 0, 0) > 0)
            e = ej_error_set(err, EJ_ECONFLICT,
                             _("%lld lessons of the timetable are on Saturday: move them first"),
                             db_ll(r, 0, 0));
        PQclear(r);
    }
    if (e == EJ_OK)
        e = db_run(db, err, "UPDATE school SET six_day_week = $2::boolean WHERE id = $1", 2, p);
    return db_tx_finish(db, e, err);
}

enum ej_err db_year_show(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                         struct db_year_show *s, struct ej_error *err)
{
    memset(s, 0, sizeof *s);
    enum ej_err e = db_year_may(ctx, POLICY_YEAR_READ, err);
    if (e != EJ_OK)
        return e;
    struct db_yearref y;
    if ((e = db_year_ref(db, ctx, year, &y, err)) != EJ_OK)
        return e;
    s->year.id = y.id;
    snprintf(s->year.name, sizeof s->year.name, "%s", y.name);
    s->year.starts = y.starts;
    s->year.ends = y.ends;
    char sid[32], yid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(yid, y.id);
    const char *p[] = { sid, yid };
    PGresult *r = db_exec(
        db, err,
        "SELECT pe.scheme, pe.num, pe.name, pe.starts, pe.ends, "
        "       (SELECT count(*) FROM generate_series(pe.starts, pe.ends, interval '1 day') d "
        "         WHERE ej_school_day(pe.school_id, d::date) IS NOT NULL), "
        "       CASE WHEN pe.locked_at IS NULL THEN '' ELSE "
        "         coalesce(nullif(a.display_name, ''), a.login, '?') || ', ' || "
        "         to_char(pe.locked_at AT TIME ZONE s.tz, 'DD.MM.YYYY HH24:MI') END, s.six_day_week "
        "  FROM period pe JOIN school s ON s.id = pe.school_id "
        "  LEFT JOIN account a ON a.id = pe.locked_by "
        " WHERE pe.school_id = $1 AND pe.year_id = $2 "
        " ORDER BY array_position(ARRAY['quarter', 'trimester', 'half', 'year'], pe.scheme), pe.num",
        2, p);
    if (!r)
        return db_fail(err);
    s->nperiods = PQntuples(r);
    s->periods = xcalloc((size_t)s->nperiods + 1, sizeof *s->periods);
    for (int i = 0; i < s->nperiods; i++) {
        struct db_year_period *pe = &s->periods[i];
        snprintf(pe->scheme, sizeof pe->scheme, "%s", db_str(r, i, 0));
        pe->num = (int)db_ll(r, i, 1);
        snprintf(pe->name, sizeof pe->name, "%s", db_str(r, i, 2));
        pe->starts = db_day(r, i, 3, 0);
        pe->ends = db_day(r, i, 4, 0);
        pe->workdays = (int)db_ll(r, i, 5);
        snprintf(pe->locked, sizeof pe->locked, "%s", db_str(r, i, 6));
        if (pe->num == 1 && !strcmp(pe->scheme, "year"))
            s->year.workdays = pe->workdays;
        s->six_days = db_bool(r, i, 7);
    }
    PQclear(r);
    r = db_exec(db, err,
                "SELECT id, name, starts, ends FROM holiday WHERE school_id = $1 AND year_id = $2 "
                " ORDER BY starts, id",
                2, p);
    if (!r)
        goto fail;
    s->nholidays = PQntuples(r);
    s->holidays = xcalloc((size_t)s->nholidays + 1, sizeof *s->holidays);
    for (int i = 0; i < s->nholidays; i++) {
        s->holidays[i].id = db_ll(r, i, 0);
        snprintf(s->holidays[i].name, sizeof s->holidays[i].name, "%s", db_str(r, i, 1));
        s->holidays[i].starts = db_day(r, i, 2, 0);
        s->holidays[i].ends = db_day(r, i, 3, 0);
    }
    PQclear(r);
    r = db_exec(db, err,
                "SELECT day, coalesce(CASE WHEN workday THEN coalesce(as_weekday, "
                "       extract(isodow FROM day)::int) END, 0), note "
                "  FROM calendar_day WHERE school_id = $1 AND year_id = $2 ORDER BY day",
                2, p);
    if (!r)
        goto fail;
    s->ndays = PQntuples(r);
    s->days = xcalloc((size_t)s->ndays + 1, sizeof *s->days);
    for (int i = 0; i < s->ndays; i++) {
        s->days[i].day = db_day(r, i, 0, 0);
        s->days[i].as_weekday = (int)db_ll(r, i, 1);
        snprintf(s->days[i].note, sizeof s->days[i].note, "%s", db_str(r, i, 2));
    }
    PQclear(r);
    r = db_exec(
        db, err,
        "SELECT c.id, c.grade::text || c.letter, coalesce(st.surname || ' ' || st.name || "
        "       CASE WHEN st.patronymic <> '' THEN ' ' || st.patronymic ELSE '' END, ''), "
        "       c.period_scheme, c.shift, "
        "       (SELECT count(DISTINCT e.pupil_id) FROM enrollment e WHERE e.school_id = c.school_id "
        "         AND e.class_id = c.id), "
        "       (SELECT count(*) FROM curriculum cu WHERE cu.school_id = c.school_id "
        "         AND cu.class_id = c.id), "
        "       (SELECT coalesce(sum(cu.hours_per_week) * 10, 0)::int FROM curriculum cu "
        "         WHERE cu.school_id = c.school_id AND cu.class_id = c.id), "
        "       (SELECT count(*) FROM timetable_slot ts WHERE ts.school_id = c.school_id "
        "         AND ts.class_id = c.id AND ts.valid @> (SELECT least(greatest(ej_today($1), y.starts), "
        "             y.ends) FROM academic_year y WHERE y.school_id = $1 AND y.id = $2)), "
        "       (SELECT count(*) FROM course co JOIN lesson le ON le.school_id = co.school_id "
        "               AND le.course_id = co.id WHERE co.school_id = c.school_id AND co.class_id = c.id) "
        "  FROM class c LEFT JOIN staff st ON st.school_id = c.school_id AND st.id = c.teacher_id "
        " WHERE c.school_id = $1 AND c.year_id = $2 ORDER BY c.grade, c.letter",
        2, p);
    if (!r)
        goto fail;
    s->nclasses = PQntuples(r);
    s->classes = xcalloc((size_t)s->nclasses + 1, sizeof *s->classes);
    for (int i = 0; i < s->nclasses; i++) {
        struct db_year_class *c = &s->classes[i];
        c->id = db_ll(r, i, 0);
        snprintf(c->name, sizeof c->name, "%s", db_str(r, i, 1));
        snprintf(c->teacher, sizeof c->teacher, "%s", db_str(r, i, 2));
        snprintf(c->scheme, sizeof c->scheme, "%s", db_str(r, i, 3));
        c->shift = (int)db_ll(r, i, 4);
        c->pupils = (int)db_ll(r, i, 5);
        c->subjects = (int)db_ll(r, i, 6);
        c->hours10 = (int)db_ll(r, i, 7);
        c->slots = (int)db_ll(r, i, 8);
        c->lessons = (int)db_ll(r, i, 9);
    }
    PQclear(r);
    return EJ_OK;
fail:
    db_year_show_free(s);
    return db_fail(err);
}

void db_year_show_free(struct db_year_show *s)
{
    free(s->periods);
    free(s->holidays);
    free(s->days);
    free(s->classes);
    memset(s, 0, sizeof *s);
}

/* ----------------------------------------------------------------- classes */

enum ej_err db_year_class_set(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                              const char *cls, const char *teacher, const char *scheme, int shift,
                              bool *created, struct ej_error *err)
{
    *created = false;
    int grade;
    char letter[8];
    if (!cls || !report_parse_class(cls, &grade, letter))
        return ej_error_set(err, EJ_EINVAL, _("\"%s\" is not a class: a grade and a letter, e.g. 7А"),
                            cls ? cls : "");
    if (scheme && !year_scheme_periods(scheme))
        return ej_error_set(err, EJ_EINVAL, "%s",
                            _("The period scheme is quarter, trimester or half"));
    if (shift != 0 && shift != 1 && shift != 2)
        return ej_error_set(err, EJ_EINVAL, "%s", _("The shift is 1 or 2"));
    struct db_yearref y;
    enum ej_err e = db_year_ref(db, ctx, year, &y, err);
    if (e != EJ_OK)
        return e;
    if ((e = db_year_begin(db, ctx, err)) != EJ_OK)
        return e;
    long long staff = 0;
    if (teacher && strcmp(teacher, "-") && (e = db_staff_ref(db, ctx, teacher, true, &staff, err)) != EJ_OK)
        goto out;
    char sid[32], yid[32], gr[8], st[32], sh[8];
    DB_LL(sid, ctx->school_id);
    DB_LL(yid, y.id);
    snprintf(gr, sizeof gr, "%d", grade);
    DB_LL(st, staff);
    snprintf(sh, sizeof sh, "%d", shift);
    const char *p[] = { sid, yid, gr, letter, teacher ? (staff ? st : "0") : NULL, scheme, sh };
    PGresult *r = db_exec(
        db, err,
        "SELECT id, (SELECT count(*) FROM period pe JOIN final_mark f ON f.school_id = pe.school_id "
        "             AND f.period_id = pe.id WHERE pe.school_id = c.school_id "
        "             AND pe.year_id = c.year_id AND pe.scheme = c.period_scheme "
        "             AND f.course_id IN (SELECT co.id FROM course co WHERE co.school_id = c.school_id "
        "                                  AND co.class_id = c.id)), c.period_scheme "
        "  FROM class c WHERE school_id = $1 AND year_id = $2 AND grade = $3::int AND letter = $4 "
        "   FOR UPDATE",
        4, p);
    if (!r) {
        e = db_fail(err);
        goto out;
    }
    if (PQntuples(r) == 0) {
        *created = true;
        e = db_run(db, err,
                   "INSERT INTO class (school_id, year_id, grade, letter, teacher_id, period_scheme, shift) "
                   "VALUES ($1, $2, $3::int, $4, nullif($5::bigint, 0), coalesce($6, 'quarter'), "
                   "        coalesce(nullif($7::int, 0), 1))",
                   7, p);
    } else if (scheme && strcmp(scheme, db_str(r, 0, 2)) && db_ll(r, 0, 1) > 0) {
        e = ej_error_set(err, EJ_ECONFLICT,
                         _("%s already has period finals: its period scheme stays"), cls);
    } else {
        e = db_run(db, err,
                   "UPDATE class SET teacher_id = CASE WHEN $5::bigint IS NULL THEN teacher_id "
                   "                   ELSE nullif($5::bigint, 0) END, "
                   "       period_scheme = coalesce($6, period_scheme), "
                   "       shift = coalesce(nullif($7::int, 0), shift) "
                   " WHERE school_id = $1 AND year_id = $2 AND grade = $3::int AND letter = $4",
                   7, p);
    }
    PQclear(r);
out:
    return db_tx_finish(db, e, err);
}

/* ------------------------------------------------------------------- bells */

enum ej_err db_bells_list(struct ej_db *db, const struct ej_ctx *ctx, int shift,
                          struct db_bell **out, int *n, struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    enum ej_err e = db_year_may(ctx, POLICY_YEAR_READ, err);
    if (e != EJ_OK)
        return e;
    char sid[32], sh[8];
    DB_LL(sid, ctx->school_id);
    snprintf(sh, sizeof sh, "%d", shift);
    const char *p[] = { sid, sh };
    PGresult *r = db_exec(db, err,
                          "SELECT shift, num, extract(epoch FROM starts)::int / 60, "
                          "       extract(epoch FROM ends)::int / 60 FROM bell "
                          " WHERE school_id = $1 AND ($2::int = 0 OR shift = $2::int) "
                          " ORDER BY shift, num",
                          2, p);
    if (!r)
        return db_fail(err);
    *n = PQntuples(r);
    *out = xcalloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; i < *n; i++)
        (*out)[i] = (struct db_bell){ (int)db_ll(r, i, 0), (int)db_ll(r, i, 1), (int)db_ll(r, i, 2),
                                      (int)db_ll(r, i, 3) };
    PQclear(r);
    return EJ_OK;
}

static int bell_cmp(const void *a, const void *b)
{
    return ((const struct db_bell *)a)->num - ((const struct db_bell *)b)->num;
}

enum ej_err db_bells_set(struct ej_db *db, const struct ej_ctx *ctx, int shift,
                         const struct db_bell *v, int n, struct ej_error *err)
{
    if (shift != 1 && shift != 2)
        return ej_error_set(err, EJ_EINVAL, "%s", _("The shift is 1 or 2"));
    if (n < 1)
        return ej_error_set(err, EJ_EINVAL, "%s", _("No bells given"));
    struct db_bell *w = xcalloc((size_t)n, sizeof *w);
    memcpy(w, v, (size_t)n * sizeof *w);
    qsort(w, (size_t)n, sizeof *w, bell_cmp);
    enum ej_err e = EJ_OK;
    for (int i = 0; i < n && e == EJ_OK; i++) {
        if (w[i].num < 0 || w[i].num > 10)
            e = ej_error_set(err, EJ_EINVAL, _("Lesson %d: lessons are numbered 0 to 10"), w[i].num);
        else if (w[i].starts < 0 || w[i].ends <= w[i].starts)
            e = ej_error_set(err, EJ_EINVAL, _("Lesson %d must end after it begins"), w[i].num);
        else if (i && w[i - 1].num == w[i].num)
            e = ej_error_set(err, EJ_EINVAL, _("Lesson %d is given twice"), w[i].num);
        else if (i && w[i - 1].ends > w[i].starts)
            e = ej_error_set(err, EJ_EINVAL, _("Lessons %d and %d overlap or are out of order"),
                             w[i - 1].num, w[i].num);
    }
    free(w);
    if (e != EJ_OK)
        return e;
    if ((e = db_year_begin(db, ctx, err)) != EJ_OK)
        return e;
    char sid[32], sh[8];
    DB_LL(sid, ctx->school_id);
    snprintf(sh, sizeof sh, "%d", shift);
    const char *p[] = { sid, sh };
    e = db_run(db, err, "DELETE FROM bell WHERE school_id = $1 AND shift = $2::int", 2, p);
    for (int i = 0; i < n && e == EJ_OK; i++) {
        char num[16], a[16], b[16];
        snprintf(num, sizeof num, "%d", v[i].num);
        snprintf(a, sizeof a, "%02d:%02d", v[i].starts / 60, v[i].starts % 60);
        snprintf(b, sizeof b, "%02d:%02d", v[i].ends / 60, v[i].ends % 60);
        const char *pi[] = { sid, sh, num, a, b };
        e = db_run(db, err,
                   "INSERT INTO bell (school_id, shift, num, starts, ends) "
                   "VALUES ($1, $2::int, $3::int, $4::time, $5::time)",
                   5, pi);
    }
    return db_tx_finish(db, e, err);
}
