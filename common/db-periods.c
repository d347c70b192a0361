/*
 * db-periods — the SQL behind listing, locking and reopening periods
 * (db-periods.h).
 */
#include "db-periods.h"
#include "db-internal.h"
#include "i18n.h"
#include "policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define YEAR_SQL                                                                                  \
    "(SELECT y.id FROM academic_year y WHERE y.school_id = $1 AND ($2::text IS NULL OR y.name = $2) " \
    "  ORDER BY (ej_today($1) BETWEEN y.starts AND y.ends) DESC, (y.starts <= ej_today($1)) DESC, " \
    "  y.starts DESC LIMIT 1)"

enum ej_err db_periods_list(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                            struct db_period **out, int *n, struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    char sid[32];
    DB_LL(sid, ctx->school_id);
    const char *p[] = { sid, year };
    PGresult *r = db_exec(
        db, err,
        "SELECT pe.id, pe.scheme, pe.num, pe.name, pe.starts, pe.ends, y.name, "
        "       coalesce(to_char(pe.locked_at AT TIME ZONE s.tz, 'DD.MM.YYYY HH24:MI'), ''), "
        "       coalesce(nullif(a.display_name, ''), a.login, '') "
        "  FROM period pe JOIN academic_year y ON y.school_id = pe.school_id AND y.id = pe.year_id "
        "  JOIN school s ON s.id = pe.school_id LEFT JOIN account a ON a.id = pe.locked_by "
        " WHERE pe.school_id = $1 AND pe.year_id = " YEAR_SQL
        " ORDER BY array_position(ARRAY['quarter', 'trimester', 'half', 'year'], pe.scheme), pe.num",
        2, p);
    if (!r)
        return db_fail(err);
    *n = PQntuples(r);
    if (*n == 0 && year) {
        PQclear(r);
        return ej_error_set(err, EJ_ENOTFOUND, _("There is no school year %s"), year);
    }
    *out = calloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; i < *n; i++) {
        struct db_period *pe = &(*out)[i];
        pe->id = db_ll(r, i, 0);
        snprintf(pe->scheme, sizeof pe->scheme, "%s", db_str(r, i, 1));
        pe->num = (int)db_ll(r, i, 2);
        snprintf(pe->name, sizeof pe->name, "%s", db_str(r, i, 3));
        pe->starts = db_day(r, i, 4, 0);
        pe->ends = db_day(r, i, 5, 0);
        snprintf(pe->year, sizeof pe->year, "%s", db_str(r, i, 6));
        snprintf(pe->locked_at, sizeof pe->locked_at, "%s", db_str(r, i, 7));
        snprintf(pe->locked_by, sizeof pe->locked_by, "%s", db_str(r, i, 8));
    }
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_period_lock(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                           const char *scheme, int num, bool lock, struct ej_error *err)
{
    struct policy_object o = { .school_id = ctx->school_id };
    enum ej_err e = policy_check(ctx, POLICY_YEAR_EDIT, &o, err);
    if (e != EJ_OK)
        return e;
    if ((e = db_tx_begin(db, err)) != EJ_OK)
        return e;
    char sid[32], nb[16];
    DB_LL(sid, ctx->school_id);
    snprintf(nb, sizeof nb, "%d", num);
    const char *p[] = { sid, year, scheme, nb };
    PGresult *r = db_exec(db, err,
                          "SELECT pe.id, pe.locked_at IS NOT NULL FROM period pe "
                          " WHERE pe.school_id = $1 AND pe.scheme = $3 AND pe.num = $4::int "
                          "   AND pe.year_id = " YEAR_SQL " FOR UPDATE",
                          4, p);
    if (!r) {
        e = db_fail(err);
        goto fail;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        e = ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such period this school year"));
        goto fail;
    }
    char pid[32];
    DB_LL(pid, db_ll(r, 0, 0));
    bool locked = db_bool(r, 0, 1);
    PQclear(r);
    if (locked == lock) {
        e = ej_error_set(err, EJ_ECONFLICT, "%s",
                         lock ? _("The period is already locked") : _("The period is not locked"));
        goto fail;
    }
    const char *pu[] = { sid, pid };
    e = db_run(db, err,
               lock ? "UPDATE period SET locked_at = ej_now(), "
                      "       locked_by = nullif(current_setting('ej.account'), '0')::bigint "
                      " WHERE school_id = $1 AND id = $2"
                    : "UPDATE period SET locked_at = NULL, locked_by = NULL "
                      " WHERE school_id = $1 AND id = $2",
               2, pu);
    if (e != EJ_OK)
        goto fail;
    return db_tx_commit(db, err);
fail:
    db_tx_rollback(db);
    return e;
}
