/*
 * db-auth — logins, keys, throttle, login record, SSH sessions, passwords (SQL).
 * See db-auth.h for the contracts.  Password hashes are read here and compared by
 * passwd.c; they never leave this file except to passwd_verify().
 */
#include "db-auth.h"
#include "db-internal.h"
#include "i18n.h"
#include "passwd.h"
#include "utf8.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One statement in its own transaction (with the audit context). */
static enum ej_err tx_run(struct ej_db *db, struct ej_error *err, const char *sql, int n,
                          const char *const *p)
{
    struct ej_error local;
    if (!err)
        err = &local;
    if (db_tx_begin(db, err) != EJ_OK)
        return err->code;
    if (db_run(db, err, sql, n, p) != EJ_OK) {
        db_tx_rollback(db);
        return err->code;
    }
    return db_tx_commit(db, err);
}

static enum ej_err fail_code(struct ej_error *err)
{
    return err ? err->code : EJ_ETEMP;
}

enum ej_err db_auth_lookup(struct ej_db *db, const char *login, struct db_auth_account *acc,
                           struct ej_error *err)
{
    memset(acc, 0, sizeof *acc);
    const char *p[] = { login };
    PGresult *r = db_exec(db, err,
                          "SELECT id, password_hash, active AND NOT locked, must_change "
                          "  FROM account WHERE login = $1",
                          1, p);
    if (!r)
        return fail_code(err);
    if (PQntuples(r) == 1) {
        acc->id = db_ll(r, 0, 0);
        acc->hash = xstrdup(db_str(r, 0, 1));
        acc->usable = strcmp(db_str(r, 0, 2), "t") == 0;
        acc->must_change = strcmp(db_str(r, 0, 3), "t") == 0;
    } else {
        acc->hash = xstrdup("");
    }
    /* The result holds the hash too: wipe it before it goes back to the heap. */
    if (PQntuples(r) == 1)
        explicit_bzero(PQgetvalue(r, 0, 1), strlen(PQgetvalue(r, 0, 1)));
    PQclear(r);
    return EJ_OK;
}

void db_auth_account_clear(struct db_auth_account *acc)
{
    if (acc->hash) {
        explicit_bzero(acc->hash, strlen(acc->hash));
        free(acc->hash);
    }
    memset(acc, 0, sizeof *acc);
}

/* Keys of auth_throttle rows: "addr:…" and "login:…". */
static void throttle_keys(const char *addr, const char *login, char **ka, char **kl)
{
    *ka = xasprintf("addr:%s", addr ? addr : "");
    *kl = xasprintf("login:%s", login ? login : "");
}

enum ej_err db_auth_throttle_remaining(struct ej_db *db, const char *addr, const char *login,
                                       int base_ms, int max_s, long *remaining_ms,
                                       struct ej_error *err)
{
    *remaining_ms = 0;
    if (base_ms <= 0 || max_s <= 0)
        return EJ_OK;
    char *ka, *kl;
    throttle_keys(addr, login, &ka, &kl);
    char b[32], m[32];
    snprintf(b, sizeof b, "%d", base_ms);
    snprintf(m, sizeof m, "%d", max_s);
    const char *p[] = { ka, kl, b, m };
    /* delay = least(base * 2^(k-1), max); remaining = last_failure + delay - now */
    PGresult *r = db_exec(
        db, err,
        "SELECT coalesce(max(ceil(greatest(0, extract(epoch FROM "
        "         last_failure + make_interval(secs => least($4::float8, "
        "             $3::float8 / 1000 * power(2, least(failures, 40) - 1))) - ej_now()) * 1000))), 0)::bigint "
        "  FROM auth_throttle "
        " WHERE key IN ($1, $2) AND failures > 0 AND last_failure > ej_now() - interval '1 hour'",
        4, p);
    free(ka);
    free(kl);
    if (!r)
        return fail_code(err);
    *remaining_ms = (long)db_ll(r, 0, 0);
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_auth_throttle_fail(struct ej_db *db, const char *addr, const char *login,
                                  struct ej_error *err)
{
    char *ka, *kl;
    throttle_keys(addr, login, &ka, &kl);
    const char *p[] = { ka, kl };
    enum ej_err e = tx_run(
        db, err,
        "INSERT INTO auth_throttle AS t (key, failures, last_failure) "
        "VALUES ($1, 1, ej_now()), ($2, 1, ej_now()) "
        "ON CONFLICT (key) DO UPDATE SET "
        "  failures = CASE WHEN t.last_failure < ej_now() - interval '1 hour' THEN 1 "
        "                  ELSE least(t.failures + 1, 1000) END, "
        "  last_failure = ej_now()",
        2, p);
    free(ka);
    free(kl);
    return e;
}

enum ej_err db_auth_login_event(struct ej_db *db, long long account_id, const char *login,
                                const char *addr, const char *method, bool ok,
                                const char *reason, struct ej_error *err)
{
    char id[32];
    snprintf(id, sizeof id, "%lld", account_id);
    const char *p[] = { account_id ? id : NULL, login, addr, method, ok ? "t" : "f",
                        reason ? reason : "" };
    return tx_run(db, err,
                  "INSERT INTO login_event (account_id, login, client_addr, method, ok, reason) "
                  "VALUES ($1, $2, $3, $4, $5, $6)",
                  6, p);
}

enum ej_err db_auth_login_ok(struct ej_db *db, long long account_id, const char *login,
                             const char *addr, const char *method, struct ej_error *err)
{
    struct ej_error local;
    if (!err)
        err = &local;
    char *ka, *kl;
    throttle_keys(addr, login, &ka, &kl);
    char id[32];
    snprintf(id, sizeof id, "%lld", account_id);
    const char *pt[] = { ka, kl };
    const char *pe[] = { id, login, addr, method };
    struct db_stmt reset = { "DELETE FROM auth_throttle WHERE key IN ($1, $2)", 2, pt, NULL, false };
    struct db_stmt event = { "INSERT INTO login_event (account_id, login, client_addr, method, ok, reason) "
                             "VALUES ($1, $2, $3, $4, true, '')",
                             4, pe, NULL, false };
    enum ej_err e = db_tx_begin_with(db, &reset, err);
    if (e == EJ_OK) {
        PQclear(reset.res);
        e = db_tx_commit_with(db, &event, err);
        PQclear(event.res);
    }
    free(ka);
    free(kl);
    return e;
}

enum ej_err db_auth_key_known(struct ej_db *db, long long account_id, const char *key_b64,
                              bool *known, struct ej_error *err)
{
    *known = false;
    char id[32];
    snprintf(id, sizeof id, "%lld", account_id);
    const char *p[] = { id, key_b64 };
    PGresult *r = db_exec(db, err,
                          "SELECT 1 FROM account_key WHERE account_id = $1 AND key_b64 = $2", 2, p);
    if (!r)
        return fail_code(err);
    *known = PQntuples(r) > 0;
    PQclear(r);
    return EJ_OK;
}

/* ---- sessions ---- */

enum ej_err db_auth_session_open(struct ej_db *db, long long account_id, const char *host,
                                 int pid, long long proc_start, const char *client_addr,
                                 const char *kind, long long *id, struct ej_error *err)
{
    struct ej_error local;
    if (!err)
        err = &local;
    char a[32], pi[32], ps[32];
    snprintf(a, sizeof a, "%lld", account_id);
    snprintf(pi, sizeof pi, "%d", pid);
    snprintf(ps, sizeof ps, "%lld", proc_start);
    const char *p[] = { a, host, pi, ps, client_addr, kind };
    if (db_tx_begin(db, err) != EJ_OK)
        return err->code;
    PGresult *r = db_exec(db, err,
                          "INSERT INTO ssh_session (account_id, host, pid, proc_start, client_addr, kind) "
                          "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                          6, p);
    if (!r) {
        db_tx_rollback(db);
        return err->code;
    }
    *id = db_ll(r, 0, 0);
    PQclear(r);
    return db_tx_commit(db, err);
}

enum ej_err db_auth_session_close(struct ej_db *db, long long id, const char *reason,
                                  long long ended_by, struct ej_error *err)
{
    char sid[32], by[32];
    snprintf(sid, sizeof sid, "%lld", id);
    snprintf(by, sizeof by, "%lld", ended_by);
    const char *p[] = { sid, reason, ended_by ? by : NULL };
    return tx_run(db, err,
                  "UPDATE ssh_session SET ended_at = ej_now(), end_reason = $2, ended_by = $3 "
                  " WHERE id = $1 AND ended_at IS NULL",
                  3, p);
}

#define SESSION_COLS                                                                               \
    "SELECT s.id, s.account_id, a.login, a.display_name, s.host, s.pid, s.proc_start, "           \
    "       s.client_addr, s.kind, to_char(s.started_at AT TIME ZONE sc.tz, 'DD.MM.YYYY HH24:MI'), " \
    "       EXISTS (SELECT 1 FROM account_role r WHERE r.account_id = a.id "                      \
    "               AND r.role NOT IN ('parent', 'pupil')) "                                      \
    "  FROM ssh_session s JOIN account a ON a.id = s.account_id "                                 \
    "  JOIN school sc ON sc.id = a.school_id "                                                    \
    " WHERE s.ended_at IS NULL "                                                                  \
    "   AND a.school_id IN (SELECT school_id FROM account_role "                                  \
    "                        WHERE account_id = $1 AND role = 'admin') "

static void session_row(const PGresult *r, int i, struct db_auth_session *s)
{
    memset(s, 0, sizeof *s);
    s->id = db_ll(r, i, 0);
    s->account_id = db_ll(r, i, 1);
    snprintf(s->login, sizeof s->login, "%s", db_str(r, i, 2));
    snprintf(s->display_name, sizeof s->display_name, "%s", db_str(r, i, 3));
    snprintf(s->host, sizeof s->host, "%s", db_str(r, i, 4));
    s->pid = (int)db_ll(r, i, 5);
    s->proc_start = db_ll(r, i, 6);
    snprintf(s->client_addr, sizeof s->client_addr, "%s", db_str(r, i, 7));
    snprintf(s->kind, sizeof s->kind, "%s", db_str(r, i, 8));
    snprintf(s->started, sizeof s->started, "%s", db_str(r, i, 9));
    s->staff = strcmp(db_str(r, i, 10), "t") == 0;
}

enum ej_err db_auth_sessions_list(struct ej_db *db, long long admin_id, const char *login,
                                  struct db_auth_session **rows, int *n, struct ej_error *err)
{
    *rows = NULL;
    *n = 0;
    char a[32];
    snprintf(a, sizeof a, "%lld", admin_id);
    const char *p[] = { a, login };
    PGresult *r = db_exec(db, err,
                          SESSION_COLS " AND ($2::text IS NULL OR a.login = $2) "
                                       "ORDER BY s.started_at, s.id",
                          2, p);
    if (!r)
        return fail_code(err);
    int cnt = PQntuples(r);
    *rows = xcalloc((size_t)cnt + 1, sizeof **rows);
    for (int i = 0; i < cnt; i++)
        session_row(r, i, &(*rows)[i]);
    *n = cnt;
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_auth_session_get(struct ej_db *db, long long admin_id, long long id,
                                struct db_auth_session *row, struct ej_error *err)
{
    char a[32], sid[32];
    snprintf(a, sizeof a, "%lld", admin_id);
    snprintf(sid, sizeof sid, "%lld", id);
    const char *p[] = { a, sid };
    PGresult *r = db_exec(db, err, SESSION_COLS " AND s.id = $2", 2, p);
    if (!r)
        return fail_code(err);
    enum ej_err e = EJ_OK;
    if (PQntuples(r) == 1)
        session_row(r, 0, row);
    else
        e = ej_error_set(err, EJ_ENOTFOUND, _("No open session %lld"), id);
    PQclear(r);
    return e;
}

/* ---- keys ---- */

enum ej_err db_auth_keys_list(struct ej_db *db, long long account_id, struct db_auth_key **rows,
                              int *n, struct ej_error *err)
{
    *rows = NULL;
    *n = 0;
    char a[32];
    snprintf(a, sizeof a, "%lld", account_id);
    const char *p[] = { a };
    PGresult *r = db_exec(
        db, err,
        "SELECT k.id, k.key_type, "
        "       'SHA256:' || rtrim(encode(sha256(decode(k.key_b64, 'base64')), 'base64'), '='), "
        "       k.comment, to_char(k.added_at AT TIME ZONE sc.tz, 'DD.MM.YYYY HH24:MI') "
        "  FROM account_key k JOIN account a ON a.id = k.account_id "
        "  JOIN school sc ON sc.id = a.school_id "
        " WHERE k.account_id = $1 ORDER BY k.id",
        1, p);
    if (!r)
        return fail_code(err);
    int cnt = PQntuples(r);
    *rows = xcalloc((size_t)cnt + 1, sizeof **rows);
    for (int i = 0; i < cnt; i++) {
        struct db_auth_key *k = &(*rows)[i];
        k->id = db_ll(r, i, 0);
        snprintf(k->type, sizeof k->type, "%s", db_str(r, i, 1));
        snprintf(k->fingerprint, sizeof k->fingerprint, "%s", db_str(r, i, 2));
        snprintf(k->comment, sizeof k->comment, "%s", db_str(r, i, 3));
        snprintf(k->added, sizeof k->added, "%s", db_str(r, i, 4));
    }
    *n = cnt;
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_auth_key_add(struct ej_db *db, long long account_id, const char *type,
                            const char *key_b64, const char *comment, long long *id,
                            struct ej_error *err)
{
    struct ej_error local;
    if (!err)
        err = &local;
    char a[32];
    snprintf(a, sizeof a, "%lld", account_id);
    const char *p[] = { a, type, key_b64, comment ? comment : "" };
    if (db_tx_begin(db, err) != EJ_OK)
        return err->code;
    PGresult *r = db_exec(db, err,
                          "INSERT INTO account_key (account_id, key_type, key_b64, comment) "
                          "VALUES ($1, $2, $3, $4) ON CONFLICT (account_id, key_b64) DO NOTHING "
                          "RETURNING id",
                          4, p);
    if (!r) {
        db_tx_rollback(db);
        return err->code;
    }
    bool added = PQntuples(r) == 1;
    if (added && id)
        *id = db_ll(r, 0, 0);
    PQclear(r);
    if (!added) {
        db_tx_rollback(db);
        return ej_error_set(err, EJ_ECONFLICT, _("This key is already added"));
    }
    return db_tx_commit(db, err);
}

enum ej_err db_auth_key_remove(struct ej_db *db, long long account_id, long long key_id,
                               struct ej_error *err)
{
    struct ej_error local;
    if (!err)
        err = &local;
    char a[32], k[32];
    snprintf(a, sizeof a, "%lld", account_id);
    snprintf(k, sizeof k, "%lld", key_id);
    const char *p[] = { a, k };
    if (db_tx_begin(db, err) != EJ_OK)
        return err->code;
    PGresult *r = db_exec(db, err,
                          "DELETE FROM account_key WHERE account_id = $1 AND id = $2 RETURNING id",
                          2, p);
    if (!r) {
        db_tx_rollback(db);
        return err->code;
    }
    bool gone = PQntuples(r) == 1;
    PQclear(r);
    if (!gone) {
        db_tx_rollback(db);
        return ej_error_set(err, EJ_ENOTFOUND, _("You have no key number %lld"), key_id);
    }
    return db_tx_commit(db, err);
}

/* ---- passwords ---- */

/* The account's login and hash (caller wipes and frees *hash). */
static enum ej_err account_secret(struct ej_db *db, long long account_id, char **login,
                                  char **hash, struct ej_error *err)
{
    char a[32];
    snprintf(a, sizeof a, "%lld", account_id);
    const char *p[] = { a };
    PGresult *r = db_exec(db, err, "SELECT login, password_hash FROM account WHERE id = $1", 1, p);
    if (!r)
        return fail_code(err);
    if (PQntuples(r) != 1) {
        PQclear(r);
        return ej_error_set(err, EJ_ENOTFOUND, _("The account is locked or does not exist"));
    }
    *login = xstrdup(db_str(r, 0, 0));
    *hash = xstrdup(db_str(r, 0, 1));
    explicit_bzero(PQgetvalue(r, 0, 1), strlen(PQgetvalue(r, 0, 1)));
    PQclear(r);
    return EJ_OK;
}

static void secret_free(char *login, char *hash)
{
    free(login);
    if (hash) {
        explicit_bzero(hash, strlen(hash));
        free(hash);
    }
}

enum ej_err db_auth_password_check(struct ej_db *db, long long account_id, const char *pw,
                                   bool *ok, struct ej_error *err)
{
    *ok = false;
    char *login = NULL, *hash = NULL;
    enum ej_err e = account_secret(db, account_id, &login, &hash, err);
    if (e != EJ_OK)
        return e;
    *ok = passwd_verify(pw, *hash ? hash : NULL);
    secret_free(login, hash);
    return EJ_OK;
}

enum ej_err db_auth_password_change(struct ej_db *db, long long account_id, const char *new_pw,
                                    int min_len, struct ej_error *err)
{
    struct ej_error local;
    if (!err)
        err = &local;
    if (!utf8_valid(new_pw))
        return ej_error_set(err, EJ_EINVAL, _("The password holds invalid characters"));
    for (const unsigned char *c = (const unsigned char *)new_pw; *c; c++)
        if (*c < 0x20 || *c == 0x7f)
            return ej_error_set(err, EJ_EINVAL, _("The password holds invalid characters"));
    if ((int)utf8_len(new_pw) < min_len)
        return ej_error_set(err, EJ_EINVAL,
                            P_("The password must have at least %d character",
                               "The password must have at least %d characters", min_len),
                            min_len);
    char *login = NULL, *hash = NULL;
    enum ej_err e = account_secret(db, account_id, &login, &hash, err);
    if (e != EJ_OK)
        return e;
    if (strcmp(login, new_pw) == 0) {
        secret_free(login, hash);
        return ej_error_set(err, EJ_EINVAL, _("The password must not be the login"));
    }
    bool same = *hash && passwd_verify(new_pw, hash);
    secret_free(login, hash);
    if (same)
        return ej_error_set(err, EJ_EINVAL, _("The new password must differ from the old one"));
    char *nh = passwd_hash(new_pw);
    if (!nh)
        return ej_error_set(err, EJ_EINTERNAL, _("The password could not be hashed"));
    char a[32];
    snprintf(a, sizeof a, "%lld", account_id);
    const char *p[] = { a, nh };
    e = tx_run(db, err,
               "UPDATE account SET password_hash = $2, must_change = false, "
               "       password_changed_at = ej_now() WHERE id = $1",
               2, p);
    explicit_bzero(nh, strlen(nh));
    free(nh);
    return e;
}
