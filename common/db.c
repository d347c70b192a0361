/*
 * db — connection, transactions, the audit context, and the translation of the
 * database's refusals into the regulation's messages.  With db-*.c, the only
 * place that holds SQL.
 */
#include "db-internal.h"
#include "calendar.h"
#include "i18n.h"
#include "log.h"
#include "relay.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rule keys raised by the schema (CHECK constraint names, and trigger messages
 * "ej:<key>") mapped to the messages users read.  One table: the schema names
 * the rule, this table says it in words. */
static const struct {
    const char *key;
    enum ej_err code;
    const char *msg;
} rule_messages[] = {
    { "mark_value_check", EJ_EINVAL, N_("Mark: only 2, 3, 4 or 5, no dots, no + or - (cl. 3.5)") },
    { "attendance_code_check", EJ_EINVAL,
      N_("Attendance: only Н (absent), Б (ill) or У (excused reason) (cl. 3.4)") },
    { "final_mark_value_check", EJ_EINVAL,
      N_("Period final: only 2-5, Н, Б, У, or К for a subject without marks (cl. 3.5)") },
    { "ej:final_k_graded", EJ_EINVAL,
      N_("К (qualitative attestation) is only for a subject without marks (cl. 3.5)") },
    { "ej:final_mark_ungraded", EJ_EINVAL,
      N_("This subject is not graded in this class: only К, Н, Б or У as a final (cl. 3.5)") },
    { "ej:not_enrolled", EJ_EINVAL,
      N_("The pupil was not in this class or group on the lesson's date") },
    { "ej:grade1_no_marks", EJ_EINVAL, N_("No marks in grade 1") },
    { "ej:subject_not_graded", EJ_EINVAL, N_("This subject is not graded in this class: no marks") },
    { "ej:lesson_has_data", EJ_EINVAL,
      N_("A lesson that has marks or absences is never deleted; mark it as not held instead") },
    { "ej:future_mark", EJ_EINVAL, N_("No marks on future dates") },
    { "ej:period_locked", EJ_ELOCKED,
      N_("The period is locked (%s); only the deputy director can reopen it") },
    { "ej:no_audit_context", EJ_EINTERNAL, N_("Internal error: write without audit context") },
    { "ej:lesson_not_held", EJ_EINVAL, N_("The lesson is marked as not held: no marks") },
    { "enrollment_no_overlap", EJ_ECONFLICT,
      N_("The pupil is already enrolled in a class for some of these dates") },
    { "group_member_no_overlap", EJ_ECONFLICT,
      N_("The pupil is already in this group for some of these dates") },
    { "account_login_key", EJ_ECONFLICT, N_("This login is already taken") },
};

static void build_tx_context(struct ej_db *db);

struct ej_db *db_connect(const char *conninfo, struct ej_error *err)
{
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK) {
        char msg[300];
        snprintf(msg, sizeof msg, "%s", PQerrorMessage(c));
        msg[strcspn(msg, "\n")] = '\0';
        PQfinish(c);
        ej_error_set(err, EJ_ETEMP, _("Database unavailable: %s"), msg);
        return NULL;
    }
    struct ej_db *db = xcalloc(1, sizeof *db);
    db->conn = c;
    db->conninfo = xstrdup(conninfo);
    db->last_used = cal_mono_s();
    build_tx_context(db);
    /* Quiet NOTICEs: they are not for the terminal the application draws on. */
    PQsetNoticeProcessor(c, NULL, NULL);
    PGresult *r = PQexec(c, "SET client_min_messages = warning");
    PQclear(r);
    return db;
}

void db_close(struct ej_db *db)
{
    if (!db)
        return;
    PQfinish(db->conn);
    free(db->conninfo);
    free(db);
}

/* Every write transaction of the application: who acts and from where, for the audit
 * triggers (DESIGN.md §10), and ej.notify_later: the wake-ups of other screens its
 * triggers record are sent after COMMIT by ej_notify_flush() (061_notify_after_commit),
 * so that writers do not queue for each other's fsync on PostgreSQL's NOTIFY lock.
 * The generic variant, for a transaction begun with a kept statement, also plans its
 * statements once, generically, from their first run (see db_stmt.keep). */
static void build_tx_context(struct ej_db *db)
{
    /* The address as an SQL literal: standard_conforming_strings (PostgreSQL's
     * default since 9.1) leaves backslashes alone, so only quotes are doubled. */
    char addr[2 * sizeof db->client_addr + 1];
    size_t n = 0;
    for (const char *c = db->client_addr; *c; c++) {
        if (*c == '\'')
            addr[n++] = '\'';
        addr[n++] = *c;
    }
    addr[n] = '\0';
    for (int g = 0; g < 2; g++)
        snprintf(db->tx_context[g], sizeof db->tx_context[g],
                 "SELECT set_config('ej.account', '%lld', true), "
                 "set_config('ej.client_addr', '%s', true), "
                 "set_config('ej.notify_later', 'on', true)%s",
                 db->account_id, addr,
                 g ? ", set_config('plan_cache_mode', 'force_generic_plan', true)" : "");
}

void db_set_context(struct ej_db *db, long long account_id, const char *client_addr)
{
    db->account_id = account_id;
    snprintf(db->client_addr, sizeof db->client_addr, "%s", client_addr ? client_addr : "");
    /* The statements prepared with the old values are never run again. */
    static const char retired[] = "";
    for (int k = 0; k < db->nkept; k++)
        if (db->kept[k] == db->tx_context[0] || db->kept[k] == db->tx_context[1])
            db->kept[k] = retired;
    build_tx_context(db);
}

long long db_account(const struct ej_db *db)
{
    return db->account_id;
}

bool db_commit_unknown(const struct ej_db *db)
{
    return db->commit_unknown;
}

enum ej_err db_ensure(struct ej_db *db, struct ej_error *err)
{
    if (PQstatus(db->conn) == CONNECTION_OK)
        return EJ_OK;
    db->nkept = 0; /* a new backend has no prepared statements */
    if (db->conn)
        PQreset(db->conn);
    else /* released (db_release): a connection of its own again */
        db->conn = PQconnectdb(db->conninfo);
    db->last_used = cal_mono_s();
    if (PQstatus(db->conn) != CONNECTION_OK)
        return ej_error_set(err, EJ_ETEMP, _("Database unavailable: trying to reconnect"));
    PQsetNoticeProcessor(db->conn, NULL, NULL);
    PGresult *r = PQexec(db->conn, "SET client_min_messages = warning");
    PQclear(r);
    db->in_tx = false;
    return EJ_OK;
}

bool db_release(struct ej_db *db)
{
    if (db->in_tx || PQstatus(db->conn) != CONNECTION_OK)
        return false;
    PQfinish(db->conn);
    db->conn = NULL;
    db->nkept = 0;
    return true;
}

double db_idle_seconds(const struct ej_db *db)
{
    return cal_mono_s() - db->last_used;
}

int db_backend(struct ej_db *db)
{
    return PQstatus(db->conn) == CONNECTION_OK ? PQbackendPID(db->conn) : 0;
}

enum ej_err db_plan_counts(struct ej_db *db, const char *statement, long long *custom,
                           long long *generic)
{
    if (PQstatus(db->conn) != CONNECTION_OK)
        return EJ_ETEMP;
    const char *p[] = { statement };
    PGresult *r = PQexecParams(db->conn,
                               "SELECT coalesce(sum(custom_plans), 0), "
                               "coalesce(sum(generic_plans), 0) FROM pg_prepared_statements "
                               "WHERE $1::text IS NULL OR statement = $1",
                               1, NULL, p, NULL, NULL, 0);
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
    if (ok) {
        *custom = db_ll(r, 0, 0);
        *generic = db_ll(r, 0, 1);
    }
    PQclear(r);
    return ok ? EJ_OK : EJ_ETEMP;
}

int db_socket(struct ej_db *db)
{
    return PQstatus(db->conn) == CONNECTION_OK ? PQsocket(db->conn) : -1;
}

int db_notifies(struct ej_db *db, void (*fn)(const char *channel, const char *payload, int pid, void *arg),
                void *arg)
{
    if (!db->conn)
        return 0; /* released: nothing can arrive, nothing is lost */
    if (PQstatus(db->conn) != CONNECTION_OK)
        return -1;
    if (!PQconsumeInput(db->conn) || PQstatus(db->conn) != CONNECTION_OK)
        return -1;
    int n = 0;
    PGnotify *nt;
    while ((nt = PQnotifies(db->conn)) != NULL) {
        if (fn)
            fn(nt->relname, nt->extra ? nt->extra : "", nt->be_pid, arg);
        n++;
        PQfreemem(nt);
    }
    return n;
}

enum ej_err db_listen(struct ej_db *db, const char *channel, struct ej_error *err)
{
    /* LISTEN takes an identifier, not a parameter: only the names the relay accepts. */
    if (!relay_channel_ok(channel))
        fatal("db_listen: bad channel name");
    char sql[96];
    snprintf(sql, sizeof sql, "LISTEN %s", channel);
    return db_run(db, err, sql, 0, NULL);
}

static const char *rule_key_of(const PGresult *res, char *buf, size_t bufsz)
{
    const char *cons = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
    if (cons && *cons)
        return cons;
    const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    if (msg && strncmp(msg, "ej:", 3) == 0) {
        snprintf(buf, bufsz, "%s", msg);
        buf[strcspn(buf, " ")] = '\0';
        return buf;
    }
    return NULL;
}

enum ej_err db_error_from(struct ej_db *db, const PGresult *res, struct ej_error *err)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (PQstatus(db->conn) != CONNECTION_OK || !res || (state && strncmp(state, "08", 2) == 0) ||
        (state && strncmp(state, "57P", 3) == 0))
        return ej_error_set(err, EJ_ETEMP, _("Database unavailable: trying to reconnect"));
    char kbuf[96];
    const char *key = rule_key_of(res, kbuf, sizeof kbuf);
    if (key) {
        for (size_t i = 0; i < sizeof rule_messages / sizeof rule_messages[0]; i++) {
            if (strcmp(rule_messages[i].key, key) == 0) {
                const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
                return ej_error_set(err, rule_messages[i].code, _(rule_messages[i].msg),
                                    detail ? detail : "");
            }
        }
    }
    if (state && strcmp(state, "23505") == 0)
        return ej_error_set(err, EJ_ECONFLICT, _("Such a record already exists"));
    if (state && strncmp(state, "23", 2) == 0)
        return ej_error_set(err, EJ_EINVAL, _("Refused by the database: %s"),
                            PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
    if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0))
        return ej_error_set(err, EJ_ETEMP, _("Concurrent change: try again"));
    const char *m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    log_error("database error %s: %s", state ? state : "?", m ? m : "?");
    return ej_error_set(err, EJ_EINTERNAL, _("Database error: %s"), m ? m : "?");
}

PGresult *db_exec(struct ej_db *db, struct ej_error *err, const char *sql, int nparams,
                  const char *const *params)
{
    if (PQstatus(db->conn) != CONNECTION_OK && !db->in_tx &&
        db_ensure(db, err) != EJ_OK)
        return NULL;
    db->last_used = cal_mono_s();
    PGresult *r = PQexecParams(db->conn, sql, nparams, NULL, params, NULL, NULL, 0);
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return r;
    db_error_from(db, r, err);
    PQclear(r);
    return NULL;
}

enum ej_err db_run(struct ej_db *db, struct ej_error *err, const char *sql, int nparams,
                   const char *const *params)
{
    PGresult *r = db_exec(db, err, sql, nparams, params);
    if (!r)
        return err ? err->code : EJ_EINTERNAL;
    PQclear(r);
    return EJ_OK;
}

/* A transaction's frame: kept (prepared once per connection) like the statements of a
 * mark, so that a write's BEGIN, audit context, COMMIT and wake-ups are not parsed and
 * planned again each time (issue #9: with 200 typing sessions that was a tenth of
 * PostgreSQL's CPU). */
static const char TX_BEGIN_SQL[] = "BEGIN";
static const char TX_COMMIT_SQL[] = "COMMIT";
/* Sent after every COMMIT in the same round trip: an empty list costs no transaction.
 * With a sink (the relay), the list comes back to be handed over instead. */
static const char TX_NOTIFY_SQL[] = "SELECT ej_notify_flush()";
static const char TX_TAKE_SQL[] = "SELECT ej_notify_take()";

void db_set_notify_sink(struct ej_db *db, void (*fn)(const char *channel, const char *payload, void *arg),
                        void *arg)
{
    db->notify_sink = fn;
    db->notify_arg = arg;
}

enum ej_err db_notify_send(struct ej_db *db, const char *lines, struct ej_error *err)
{
    const char *p[] = { lines };
    return db_run(db, err, "SELECT ej_notify_send($1)", 1, p);
}

static struct db_stmt tx_notify_stmt(const struct ej_db *db)
{
    return (struct db_stmt){ db->notify_sink ? TX_TAKE_SQL : TX_NOTIFY_SQL, 0, NULL, NULL, true };
}

/* The after-COMMIT statement's result: hand a taken list to the sink; clear it. */
static void tx_notify_done(struct ej_db *db, PGresult *r)
{
    if (r && db->notify_sink && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0)) {
        char *lines = xstrdup(PQgetvalue(r, 0, 0));
        void (*fn)(const char *, const char *, void *) = db->notify_sink;
        void *arg = db->notify_arg;
        for (char *save = NULL, *line = strtok_r(lines, "\n", &save); line;
             line = strtok_r(NULL, "\n", &save)) {
            char *sp = strchr(line, ' ');
            if (sp) {
                *sp = '\0';
                fn(line, sp + 1, arg);
            }
        }
        free(lines);
    }
    PQclear(r);
}

/* BEGIN and the audit context, and `first` when there is one, in one round trip
 * (db_tx_begin, db_tx_begin_with). */
static enum ej_err tx_open(struct ej_db *db, struct db_stmt *first, struct ej_error *err)
{
    struct ej_error local;
    if (!err)
        err = &local;
    db->commit_unknown = false;
    if (db_ensure(db, err) != EJ_OK)
        return err->code;
    struct db_stmt v[3] = {
        { TX_BEGIN_SQL, 0, NULL, NULL, true },
        { db->tx_context[first && first->keep], 0, NULL, NULL, true },
    };
    if (first)
        v[2] = *first;
    enum ej_err e = db_pipeline(db, v, first ? 3 : 2, err);
    db->in_tx = v[0].res != NULL;
    PQclear(v[0].res);
    PQclear(v[1].res);
    if (e != EJ_OK) {
        PQclear(v[2].res);
        v[2].res = NULL;
        if (db->in_tx)
            db_tx_rollback(db);
    }
    if (first)
        first->res = v[2].res;
    return e;
}

enum ej_err db_tx_begin(struct ej_db *db, struct ej_error *err)
{
    return tx_open(db, NULL, err);
}

enum ej_err db_tx_commit(struct ej_db *db, struct ej_error *err)
{
    struct ej_error local;
    if (!err)
        err = &local;
    struct db_stmt v[2] = { { TX_COMMIT_SQL, 0, NULL, NULL, true }, tx_notify_stmt(db) };
    enum ej_err e = db_pipeline(db, v, 2, err);
    db->in_tx = false;
    tx_notify_done(db, v[1].res);
    if (v[0].res) {
        /* A COMMIT of an aborted transaction answers ROLLBACK: not saved. */
        const char *tag = PQcmdStatus(v[0].res);
        bool rolled_back = tag && strcmp(tag, "ROLLBACK") == 0;
        PQclear(v[0].res);
        if (rolled_back)
            return ej_error_set(err, EJ_EINTERNAL, _("The change was not saved"));
        /* Saved; a wake-up that failed to go out is not the user's loss. */
        return EJ_OK;
    }
    if (PQstatus(db->conn) != CONNECTION_OK) {
        db->commit_unknown = true;
        return ej_error_set(err, EJ_ETEMP,
                            _("Connection lost while saving: re-reading what was saved"));
    }
    return e;
}

enum ej_err db_tx_finish(struct ej_db *db, enum ej_err e, struct ej_error *err)
{
    if (e == EJ_OK)
        return db_tx_commit(db, err);
    if (db->in_tx)
        db_tx_rollback(db);
    return e;
}

void db_tx_rollback(struct ej_db *db)
{
    if (PQstatus(db->conn) == CONNECTION_OK) {
        PGresult *r = PQexec(db->conn, "ROLLBACK");
        PQclear(r);
    }
    db->in_tx = false;
}

long long db_ll(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

const char *db_str(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? "" : PQgetvalue(r, row, col);
}

bool db_null(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) != 0;
}

bool db_bool(const PGresult *r, int row, int col)
{
    return strcmp(db_str(r, row, col), "t") == 0;
}

char *db_dup(const PGresult *r, int row, int col)
{
    return xstrdup(db_str(r, row, col));
}

int db_day(const PGresult *r, int row, int col, int def)
{
    int d;
    return !db_null(r, row, col) && cal_parse(db_str(r, row, col), &d) ? d : def;
}

enum ej_err db_fail(const struct ej_error *err)
{
    return err && err->code != EJ_OK ? err->code : EJ_ETEMP;
}

enum ej_err db_today(struct ej_db *db, long long school_id, char out[11], struct ej_error *err)
{
    char sid[32];
    snprintf(sid, sizeof sid, "%lld", school_id);
    const char *p[] = { sid };
    PGresult *r = db_exec(db, err, "SELECT ej_today($1::bigint)::text", 1, p);
    if (!r)
        return err ? err->code : EJ_EINTERNAL;
    snprintf(out, 11, "%s", db_str(r, 0, 0));
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_clock_pin(struct ej_db *db, const char *when, struct ej_error *err)
{
    const char *p[] = { when };
    return db_run(db, err,
                  "UPDATE sys_clock SET clock_offset = CASE WHEN $1::timestamptz IS NULL "
                  "THEN interval '0' ELSE $1::timestamptz - now() END",
                  1, p);
}

enum ej_err db_check_durability(struct ej_db *db, struct ej_error *err)
{
    static const char *settings[] = { "fsync", "synchronous_commit", "full_page_writes" };
    for (int i = 0; i < 3; i++) {
        const char *p[] = { settings[i] };
        PGresult *r = db_exec(db, err, "SELECT current_setting($1)", 1, p);
        if (!r)
            return err ? err->code : EJ_EINTERNAL;
        bool off = strcmp(db_str(r, 0, 0), "off") == 0;
        PQclear(r);
        if (off)
            return ej_error_set(err, EJ_ECONFIG,
                                _("The database has %s = off: marks could be lost; "
                                  "ejournald refuses to run"),
                                settings[i]);
    }
    return EJ_OK;
}

enum ej_err db_pipeline(struct ej_db *db, struct db_stmt *v, int n, struct ej_error *err)
{
    struct ej_error local;
    if (!err)
        err = &local;
    for (int i = 0; i < n; i++)
        v[i].res = NULL;
    if (PQstatus(db->conn) != CONNECTION_OK && !db->in_tx && db_ensure(db, err) != EJ_OK)
        return err->code;
    db->last_used = cal_mono_s();
    enum ej_err e = EJ_OK;
    int sent = 0;
    if (!PQenterPipelineMode(db->conn))
        return db_error_from(db, NULL, err);
    /* Kept statements: prepared on this backend already (kept[k]), or prepared now,
     * ahead of their execution in this same round trip (pending[i] = k, the index
     * they will have once the preparation's result is read). */
    enum { MAXKEPT = (int)(sizeof db->kept / sizeof db->kept[0]) };
    int pending[MAXKEPT];
    const char *fresh[MAXKEPT]; /* SQL prepared in this pipeline, by index - nkept */
    int nfresh = 0;
    for (; sent < n; sent++) {
        int k = -1;
        if (sent < MAXKEPT)
            pending[sent] = -1;
        if (v[sent].keep && sent < MAXKEPT) {
            for (k = 0; k < db->nkept && db->kept[k] != v[sent].sql; k++)
                ;
            if (k == db->nkept) {
                int f = 0;
                while (f < nfresh && fresh[f] != v[sent].sql)
                    f++;
                k = db->nkept + f;
                if (f == nfresh && k < MAXKEPT) {
                    fresh[nfresh++] = v[sent].sql;
                    pending[sent] = k;
                } else if (f == nfresh) {
                    k = -1; /* no room: planned at each run, as any statement */
                }
            }
        }
        char name[16];
        snprintf(name, sizeof name, "ej_k%d", k);
        if (k >= 0 && pending[sent] == k &&
            !PQsendPrepare(db->conn, name, v[sent].sql, v[sent].nparams, NULL))
            break;
        int ok = k >= 0 ? PQsendQueryPrepared(db->conn, name, v[sent].nparams, v[sent].params,
                                              NULL, NULL, 0)
                        : PQsendQueryParams(db->conn, v[sent].sql, v[sent].nparams, NULL,
                                            v[sent].params, NULL, NULL, 0);
        if (!ok)
            break;
    }
    if (sent < n || !PQpipelineSync(db->conn)) {
        /* Nothing can be read back reliably: the connection is broken. */
        e = ej_error_set(err, EJ_ETEMP, _("Database unavailable: trying to reconnect"));
        PQreset(db->conn);
        db->nkept = 0;
        db->in_tx = false;
        return e;
    }
    /* One result (then a NULL) per statement, a prepared one's preparation before it,
     * then the sync's PIPELINE_SYNC. */
    for (int i = 0; i < n; i++) {
        if (i < MAXKEPT && pending[i] >= 0) {
            PGresult *pr = PQgetResult(db->conn);
            ExecStatusType pst = pr ? PQresultStatus(pr) : PGRES_FATAL_ERROR;
            if (pst == PGRES_COMMAND_OK && pending[i] == db->nkept)
                db->kept[db->nkept++] = v[i].sql;
            else if (pr && e == EJ_OK && pst != PGRES_PIPELINE_ABORTED)
                e = db_error_from(db, pr, err);
            PQclear(pr);
            PGresult *end;
            while (pr && (end = PQgetResult(db->conn)) != NULL)
                PQclear(end);
        }
        PGresult *r = PQgetResult(db->conn);
        if (!r) {
            if (e == EJ_OK)
                e = db_error_from(db, NULL, err);
            break;
        }
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
            v[i].res = r;
        } else {
            if (e == EJ_OK && st != PGRES_PIPELINE_ABORTED)
                e = db_error_from(db, r, err);
            PQclear(r);
        }
        PGresult *end;
        while ((end = PQgetResult(db->conn)) != NULL)
            PQclear(end);
    }
    PGresult *r;
    while ((r = PQgetResult(db->conn)) != NULL) {
        ExecStatusType st = PQresultStatus(r);
        PQclear(r);
        if (st == PGRES_PIPELINE_SYNC)
            break;
    }
    if (!PQexitPipelineMode(db->conn) && e == EJ_OK)
        e = db_error_from(db, NULL, err);
    return e;
}

enum ej_err db_tx_begin_with(struct ej_db *db, struct db_stmt *first, struct ej_error *err)
{
    return tx_open(db, first, err);
}

enum ej_err db_tx_commit_with(struct ej_db *db, struct db_stmt *last, struct ej_error *err)
{
    struct ej_error local;
    if (!err)
        err = &local;
    struct db_stmt v[3] = { *last, { TX_COMMIT_SQL, 0, NULL, NULL, true }, tx_notify_stmt(db) };
    enum ej_err e = db_pipeline(db, v, 3, err);
    tx_notify_done(db, v[2].res);
    last->res = v[0].res;
    if (!v[0].res) {
        /* The statement failed: COMMIT was skipped and the transaction is aborted. */
        if (PQstatus(db->conn) == CONNECTION_OK)
            db_tx_rollback(db);
        db->in_tx = false;
        return e;
    }
    db->in_tx = false;
    if (!v[1].res) {
        if (PQstatus(db->conn) != CONNECTION_OK) {
            db->commit_unknown = true;
            e = ej_error_set(err, EJ_ETEMP,
                             _("Connection lost while saving: re-reading what was saved"));
        }
    } else {
        /* Saved, unless COMMIT found the transaction aborted; a wake-up that failed to
         * go out afterwards is not the user's loss. */
        const char *tag = PQcmdStatus(v[1].res);
        e = EJ_OK;
        if (tag && strcmp(tag, "ROLLBACK") == 0)
            e = ej_error_set(err, EJ_EINTERNAL, _("The change was not saved"));
        PQclear(v[1].res);
    }
    return e;
}
