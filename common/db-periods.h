/*
 * db-periods — the periods of the school year and their lock (clause 3.2, issue
 * #8 item 6): after the teachers' council the deputy director locks a period;
 * from then on the database refuses every change of marks, absences, finals and
 * lessons dated in it, naming who locked it and when (schema/003_rules.sql:
 * ej_check_unlocked).  Locking and unlocking are audited (period has an audit
 * trigger).  Reading: everyone of the staff; changing: the deputy director and
 * the administrator (policy YEAR_EDIT).
 */
#ifndef EJ_DB_PERIODS_H
#define EJ_DB_PERIODS_H
#include "ctx.h"
#include "db.h"
#include <stdbool.h>

struct db_period {
    long long id;
    char scheme[16], name[64], year[16];
    int num, starts, ends;
    char locked_at[32];  /* "DD.MM.YYYY HH:MI", "" when open */
    char locked_by[200];
};
/* The periods of year "2026/2027" (NULL: the current), by scheme and number. */
enum ej_err db_periods_list(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                            struct db_period **out, int *n, struct ej_error *err);
/* Lock (lock = true) or reopen period number `num` of `scheme` ("quarter", "half",
 * "trimester", "year") in `year` (NULL: the current).  EJ_ENOTFOUND, EJ_EDENIED,
 * EJ_ECONFLICT when it already is so. */
enum ej_err db_period_lock(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                           const char *scheme, int num, bool lock, struct ej_error *err);
#endif
