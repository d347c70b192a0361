/*
 * db-internal — shared by the db-*.c files only.  Nothing outside common/db*.c
 * includes this header (it is what keeps SQL and libpq in one layer).
 */
#ifndef EJ_DB_INTERNAL_H
#define EJ_DB_INTERNAL_H
#include "db.h"
#include <libpq-fe.h>

struct ej_db {
    PGconn *conn;
    char *conninfo;
    long long account_id;
    char client_addr[64];
    bool in_tx;
    bool commit_unknown;
    const char *kept[24]; /* the SQL of the db_stmt.keep statements prepared on this */
    int nkept;            /* connection: statement "ej_k<i>" is kept[i] (emptied at
                           * every reconnect and release) */
    /* Every write transaction's audit context (db_set_context), with its values
     * written in: a statement without parameters is planned once, generically, so it
     * is kept like BEGIN and COMMIT.  [1] also plans the transaction's statements
     * generically (db_tx_begin_with a kept statement). */
    char tx_context[2][512]; /* the longest (an address of 63 quotes) is 327 bytes */
    double last_used; /* CLOCK_MONOTONIC seconds of the last statement sent */
    int warm_backend; /* the backend whose write path db_journal_warm() has run */
    /* where the wake-ups of committed writes go (db_set_notify_sink), or NULL: NOTIFY */
    void (*notify_sink)(const char *channel, const char *payload, void *arg);
    void *notify_arg;
};

/* Run a parameterised statement (text params, NULL = SQL NULL).  Returns the result
 * (caller PQclear()s) or NULL with err set from the server's error.  Results of
 * kind COMMAND_OK and TUPLES_OK count as success. */
PGresult *db_exec(struct ej_db *db, struct ej_error *err, const char *sql, int nparams,
                  const char *const *params);
/* The same, for a statement whose result is not needed.  */
enum ej_err db_run(struct ej_db *db, struct ej_error *err, const char *sql, int nparams,
                   const char *const *params);
/* Several statements sent at once and answered at once (libpq pipeline mode, one
 * round trip): v[i].res gets each result (caller PQclear()s; NULL when it failed or
 * was skipped after an earlier failure).  Returns EJ_OK when all succeeded, else the
 * first failure's error.  Statements after a failed one are not run; a transaction
 * opened in the pipeline is then left aborted and must be rolled back. */
struct db_stmt {
    const char *sql;
    int nparams;
    const char *const *params;
    PGresult *res;
    /* Planned once per connection: prepared (named after its place in the
     * connection's list of them) the first time it is sent, in the same round trip,
     * then executed by name.  A transaction begun with a kept statement
     * (db_tx_begin_with) plans all its statements generically (plan_cache_mode, local
     * to it), so a kept statement is planned at its first run only, not at each of
     * its first five as PostgreSQL's default would (issue #9: that planning was most
     * of the CPU of the first seconds of 200 typing sessions).  Keep only statements
     * whose parameters are keys (one plan fits every value; not the `$1 = 0 OR`
     * kind).  For the statements of every mark; `sql` must be a string that outlives
     * the connection (a literal, or ej_db.tx_context). */
    bool keep;
};
enum ej_err db_pipeline(struct ej_db *db, struct db_stmt *v, int n, struct ej_error *err);
/* BEGIN, the audit context and `first` in one round trip (first->res its result;
 * on failure the transaction is rolled back and first->res is NULL). */
enum ej_err db_tx_begin_with(struct ej_db *db, struct db_stmt *first, struct ej_error *err);
/* `last`, then COMMIT, in one round trip.  EJ_OK only when both succeeded; last->res
 * is its result whenever `last` succeeded, even if COMMIT then failed (the caller
 * PQclear()s it).  When `last` fails the transaction is rolled back; a lost COMMIT
 * reply sets db_commit_unknown() as db_tx_commit does. */
enum ej_err db_tx_commit_with(struct ej_db *db, struct db_stmt *last, struct ej_error *err);
/* BEGIN, then the audit context (ej.account, ej.client_addr) for this transaction. */
enum ej_err db_tx_begin(struct ej_db *db, struct ej_error *err);
enum ej_err db_tx_commit(struct ej_db *db, struct ej_error *err);
void db_tx_rollback(struct ej_db *db);
/* End a write: COMMIT when e is EJ_OK (returning COMMIT's result), else roll back and
 * return e. */
enum ej_err db_tx_finish(struct ej_db *db, enum ej_err e, struct ej_error *err);
/* Translate a failed result into err: rule messages for our constraints and triggers. */
enum ej_err db_error_from(struct ej_db *db, const PGresult *res, struct ej_error *err);
/* Helpers to read a result value. */
long long db_ll(const PGresult *r, int row, int col);
const char *db_str(const PGresult *r, int row, int col); /* "" for NULL */
bool db_null(const PGresult *r, int row, int col);
bool db_bool(const PGresult *r, int row, int col);      /* 't' */
char *db_dup(const PGresult *r, int row, int col);      /* xstrdup of db_str */
int db_day(const PGresult *r, int row, int col, int def); /* a date as a day number */
/* The code of a failed call's error (EJ_ETEMP when err says nothing). */
enum ej_err db_fail(const struct ej_error *err);
/* The class `name` ("7А", "7а") of ctx's school in the current year: its id and
 * class teacher (staff id, 0 if none).  EJ_EINVAL malformed, EJ_ENOTFOUND none. */
struct ej_ctx;
enum ej_err db_find_class(struct ej_db *db, const struct ej_ctx *ctx, const char *name,
                          long long *class_id, long long *teacher, struct ej_error *err);
/* Logins for new accounts (db-logins.c): "sokolova.oi" from the names, and the
 * first free one of base, base2, base3… (inside the caller's transaction). */
void db_login_base(const char *surname, const char *name, const char *patronymic, char out[32]);
enum ej_err db_free_login(struct ej_db *db, const char *base, char out[40], struct ej_error *err);
/* The year setup (db-year.c), shared by db-curriculum.c, db-timetable.c, db-plan.c:
 * the policy for ctx on the school as a whole; a year by name (NULL: the current);
 * a class of that year ("8А"); a subject by name or short name; a member of staff
 * by number or login (active_only: a leaver is refused, as for a new assignment). */
struct db_yearref {
    long long id;
    int starts, ends;
    char name[16];
};
enum ej_err db_year_may(const struct ej_ctx *ctx, int action, struct ej_error *err);
/* A write of the year setup: YEAR_EDIT, then BEGIN. */
enum ej_err db_year_begin(struct ej_db *db, const struct ej_ctx *ctx, struct ej_error *err);
/* A teacher as the year setup shows one, "Петров С. Н.", from the staff row alias st. */
#define TEACHER_NAME_SQL(st)                                                                       \
    "coalesce(" st ".surname || ' ' || left(" st ".name, 1) || '.' || "                           \
    "CASE WHEN " st ".patronymic <> '' THEN ' ' || left(" st ".patronymic, 1) || '.' ELSE '' END, '')"
enum ej_err db_year_ref(struct ej_db *db, const struct ej_ctx *ctx, const char *name,
                        struct db_yearref *y, struct ej_error *err);
enum ej_err db_year_class_ref(struct ej_db *db, const struct ej_ctx *ctx,
                              const struct db_yearref *y, const char *cls, long long *class_id,
                              struct ej_error *err);
enum ej_err db_subject_ref(struct ej_db *db, const struct ej_ctx *ctx, const char *s,
                           long long *id, struct ej_error *err);
enum ej_err db_staff_ref(struct ej_db *db, const struct ej_ctx *ctx, const char *s, bool active_only,
                         long long *id, struct ej_error *err);
/* The journal of `subject` (and study group `group`, NULL/"" for the whole class)
 * of a class: must be in the class's curriculum; created when create is set and
 * there is none (db-curriculum.c). */
enum ej_err db_course_of(struct ej_db *db, const struct ej_ctx *ctx, long long class_id,
                         const char *cls, const char *subject, const char *group, bool create,
                         long long *course_id, struct ej_error *err);
/* EJ_ECONFLICT naming the first clash of the year's timetable (a teacher, a room or
 * a class in two places at once, by the teaching load on the slots' dates) that
 * involves one of the slots `slots` ("{12,13}", NULL: any), or — course_id not 0 —
 * the teacher of that journal (db-timetable.c).  Clashes already there before a
 * change are not the change's: only what it wrote is checked. */
enum ej_err db_clash_check(struct ej_db *db, const struct ej_ctx *ctx, long long year_id,
                           const char *slots, long long course_id, struct ej_error *err);
/* After one row of a spreadsheet: a refusal gets "line N: " before its message, a
 * row that went in is counted in *rows (db-year.c). */
enum ej_err db_sheet_row(struct ej_error *err, enum ej_err e, int line, int *rows);
/* A parameter from a number. */
#define DB_LL(buf, v) snprintf(buf, sizeof buf, "%lld", (long long)(v))
#endif
