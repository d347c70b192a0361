/*
 * db-plan — the SQL behind the calendar-thematic plan (КТП) of a course
 * (db-year.h): who may (PLAN_EDIT: the course's teacher, the deputy director,
 * the administrator), replacing it from a spreadsheet, and laying it over the
 * lessons (schema/060_year.sql: ej_plan_spread).
 */
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

/* The policy for a course: its facts (does ctx's staff teach it this year?). */
static enum ej_err course_may(struct ej_db *db, const struct ej_ctx *ctx, long long course_id,
                              enum policy_action a, struct ej_error *err)
{
    char sid[32], cid[32], st[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(cid, course_id);
    DB_LL(st, ctx->staff_id);
    const char *p[] = { sid, cid, st };
    PGresult *r = db_exec(db, err,
                          "SELECT EXISTS (SELECT 1 FROM course_teacher ct WHERE ct.school_id = co.school_id "
                          "                AND ct.course_id = co.id AND ct.staff_id = $3) "
                          "  FROM course co WHERE co.school_id = $1 AND co.id = $2",
                          3, p);
    if (!r)
        return db_fail(err);
    enum ej_err e;
    if (PQntuples(r) != 1) {
        e = ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such journal"));
    } else {
        struct policy_object o = { .school_id = ctx->school_id, .course_teacher = db_bool(r, 0, 0) };
        e = policy_check(ctx, a, &o, err);
    }
    PQclear(r);
    return e;
}

enum ej_err db_plan_list(struct ej_db *db, const struct ej_ctx *ctx, long long course_id,
                         struct db_ktp_item **out, int *n, struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    enum ej_err e = course_may(db, ctx, course_id, POLICY_YEAR_READ, err);
    if (e != EJ_OK)
        return e;
    char sid[32], cid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(cid, course_id);
    const char *p[] = { sid, cid };
    PGresult *r = db_exec(db, err,
                          "SELECT pi.num, pi.hours, pi.topic, min(le.date), max(le.date) "
                          "  FROM plan_item pi LEFT JOIN lesson le ON le.school_id = pi.school_id "
                          "       AND le.plan_item_id = pi.id "
                          " WHERE pi.school_id = $1 AND pi.course_id = $2 "
                          " GROUP BY pi.school_id, pi.id ORDER BY pi.num",
                          2, p);
    if (!r)
        return db_fail(err);
    *n = PQntuples(r);
    *out = xcalloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; i < *n; i++) {
        struct db_ktp_item *it = &(*out)[i];
        it->num = (int)db_ll(r, i, 0);
        it->hours = (int)db_ll(r, i, 1);
        snprintf(it->topic, sizeof it->topic, "%s", db_str(r, i, 2));
        it->first_day = db_day(r, i, 3, 0);
        it->last_day = db_day(r, i, 4, 0);
    }
    PQclear(r);
    return EJ_OK;
}

static enum ej_err spread(struct ej_db *db, const char *sid, const char *cid, int *lessons,
                          struct ej_error *err)
{
    const char *p[] = { sid, cid };
    PGresult *r = db_exec(db, err, "SELECT ej_plan_spread($1, $2)", 2, p);
    if (!r)
        return db_fail(err);
    *lessons = (int)db_ll(r, 0, 0);
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_plan_import(struct ej_db *db, const struct ej_ctx *ctx, long long course_id,
                           struct csv_table *t, int *items, int *lessons, struct ej_error *err)
{
    *items = *lessons = 0;
    static const struct sheet_col cols[] = {
        { "Тема", "topic", true },
        { "Часов", "Часы", false },
        { "№", "num", false },
    };
    int idx[3];
    enum ej_err e;
    if ((e = sheet_map(t, cols, 3, idx, err)) != EJ_OK ||
        (e = course_may(db, ctx, course_id, POLICY_PLAN_EDIT, err)) != EJ_OK ||
        (e = db_tx_begin(db, err)) != EJ_OK)
        return e;
    char sid[32], cid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(cid, course_id);
    const char *p[] = { sid, cid };
    /* The old plan's topics leave its lessons first (a locked period's lessons keep
     * theirs, and then the old plan cannot go). */
    PGresult *r = db_exec(
        db, err,
        "SELECT count(*) FROM lesson le JOIN course co ON co.school_id = le.school_id "
        "   AND co.id = le.course_id JOIN class c ON c.school_id = co.school_id AND c.id = co.class_id "
        "  JOIN period pe ON pe.school_id = c.school_id AND pe.year_id = c.year_id "
        "   AND pe.scheme IN (c.period_scheme, 'year') AND le.date BETWEEN pe.starts AND pe.ends "
        "   AND pe.locked_at IS NOT NULL "
        " WHERE le.school_id = $1 AND le.course_id = $2 AND le.plan_item_id IS NOT NULL",
        2, p);
    if (!r) {
        e = db_fail(err);
        goto out;
    }
    long long locked = db_ll(r, 0, 0);
    PQclear(r);
    if (locked > 0) {
        e = ej_error_set(err, EJ_ELOCKED,
                         _("%lld lessons of a locked period follow this КТП: it can no longer be "
                           "replaced"),
                         locked);
        goto out;
    }
    const char *q[] = {
        "SELECT set_config('ej.plan_spread', 'on', true)",
        "UPDATE lesson SET plan_item_id = NULL, topic = '' WHERE school_id = $1 AND course_id = $2 "
        "   AND plan_item_id IS NOT NULL",
        "SELECT set_config('ej.plan_spread', 'off', true)",
        "DELETE FROM plan_item WHERE school_id = $1 AND course_id = $2",
    };
    for (size_t i = 0; i < sizeof q / sizeof q[0] && e == EJ_OK; i++)
        e = db_run(db, err, q[i], i == 0 || i == 2 ? 0 : 2, p);
    int order = 0;
    for (int i = 1; i < t->nrecords && e == EJ_OK; i++) {
        struct csv_record *rec = &t->records[i];
        const char *topic = sheet_get(rec, idx[0]), *hours = sheet_get(rec, idx[1]);
        const char *nums = sheet_get(rec, idx[2]);
        if (!*topic && !*hours)
            continue;
        char *endh = NULL, *endn = NULL;
        long h = *hours ? strtol(hours, &endh, 10) : 1;
        long num = *nums ? strtol(nums, &endn, 10) : order + 1;
        if ((e = utf8_field_check(topic, _("The topic"), 500, true, err)) != EJ_OK) {
            /* named below, with its line */
        } else if (*hours && (*endh || h < 1 || h > 50)) {
            e = ej_error_set(err, EJ_EINVAL, _("«%s» is not a number of hours: 1 to 50"), hours);
        } else if (*nums && (*endn || num < 1 || num > 100000)) {
            e = ej_error_set(err, EJ_EINVAL, _("«%s» is not a number of the plan"), nums);
        } else {
            char hb[8], nb[16];
            snprintf(hb, sizeof hb, "%ld", h);
            snprintf(nb, sizeof nb, "%ld", num);
            const char *pi[] = { sid, cid, nb, topic, hb };
            r = db_exec(db, err,
                        "INSERT INTO plan_item (school_id, course_id, num, topic, hours) "
                        "VALUES ($1, $2, $3::int, $4, $5::int) ON CONFLICT DO NOTHING RETURNING id",
                        5, pi);
            if (!r)
                e = db_fail(err);
            else if (PQntuples(r) == 0)
                e = ej_error_set(err, EJ_EINVAL, _("number %ld is given twice"), num);
            PQclear(r);
            order = (int)num;
        }
        e = db_sheet_row(err, e, rec->line, items);
    }
    if (e == EJ_OK && *items == 0)
        e = ej_error_set(err, EJ_EINVAL, "%s", _("The file has no topics"));
    if (e == EJ_OK)
        e = spread(db, sid, cid, lessons, err);
out:
    return db_tx_finish(db, e, err);
}

enum ej_err db_plan_spread(struct ej_db *db, const struct ej_ctx *ctx, long long course_id,
                           int *lessons, struct ej_error *err)
{
    *lessons = 0;
    enum ej_err e;
    if ((e = course_may(db, ctx, course_id, POLICY_PLAN_EDIT, err)) != EJ_OK ||
        (e = db_tx_begin(db, err)) != EJ_OK)
        return e;
    char sid[32], cid[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(cid, course_id);
    e = spread(db, sid, cid, lessons, err);
    return db_tx_finish(db, e, err);
}

enum ej_err db_plan_add(struct ej_db *db, const struct ej_ctx *ctx, long long course_id,
                        const char *topic, int hours, int *lessons, struct ej_error *err)
{
    *lessons = 0;
    enum ej_err e = utf8_field_check(topic, _("The topic"), 500, true, err);
    if (e != EJ_OK)
        return e;
    if (hours < 1 || hours > 50)
        return ej_error_set(err, EJ_EINVAL, _("«%d» is not a number of hours: 1 to 50"), hours);
    if ((e = course_may(db, ctx, course_id, POLICY_PLAN_EDIT, err)) != EJ_OK ||
        (e = db_tx_begin(db, err)) != EJ_OK)
        return e;
    char sid[32], cid[32], hb[16];
    DB_LL(sid, ctx->school_id);
    DB_LL(cid, course_id);
    snprintf(hb, sizeof hb, "%d", hours);
    const char *p[] = { sid, cid, topic, hb };
    e = db_run(db, err,
               "INSERT INTO plan_item (school_id, course_id, num, topic, hours) "
               "SELECT $1, $2, coalesce(max(num), 0) + 1, $3, $4::int FROM plan_item "
               " WHERE school_id = $1 AND course_id = $2",
               4, p);
    if (e == EJ_OK)
        e = spread(db, sid, cid, lessons, err);
    return db_tx_finish(db, e, err);
}
