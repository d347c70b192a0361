/*
 * db-auth — the SQL of logging in (DESIGN.md §7, regulation 5.1–5.3): accounts
 * by login, public keys, the throttle of failed logins, the login record, the
 * open SSH sessions, and password changes.  Used by ejournald (authentication,
 * session rows) and by the application (`keys`, `sessions`, the password forms).
 *
 * Nothing here decides who may do what beyond "an account's own keys" and "an
 * administrator's schools": the callers hold the rest of the policy.  Every write
 * is one transaction with the audit context of the db handle (db_set_context).
 * Texts from the network (logins, addresses) must be valid UTF-8 without control
 * characters before they are passed in; ejournald makes them inert first.
 */
#ifndef EJ_DB_AUTH_H
#define EJ_DB_AUTH_H
#include "db.h"
#include <stdbool.h>

/* What authentication needs to know of a login. */
struct db_auth_account {
    long long id;     /* 0: no such login */
    char *hash;       /* yescrypt hash, "" if none; wiped and freed by db_auth_account_clear */
    bool usable;      /* active and not locked */
    bool must_change; /* temporary password: only the change form until changed */
};

/* Look a login up.  acc->id = 0 (and EJ_OK) when there is none. */
enum ej_err db_auth_lookup(struct ej_db *db, const char *login, struct db_auth_account *acc,
                           struct ej_error *err);
void db_auth_account_clear(struct db_auth_account *acc);

/*
 * The throttle of failed logins, per client address and per login (whether the
 * login exists or not), kept in auth_throttle so that it survives a restart.
 * After k failures in a row the next attempt must wait base_ms * 2^(k-1), at most
 * max_s seconds, after the last failure; failures older than an hour are forgotten.
 * *remaining_ms gets how long the caller must still wait (0: go ahead).
 */
enum ej_err db_auth_throttle_remaining(struct ej_db *db, const char *addr, const char *login,
                                       int base_ms, int max_s, long *remaining_ms,
                                       struct ej_error *err);
enum ej_err db_auth_throttle_fail(struct ej_db *db, const char *addr, const char *login,
                                  struct ej_error *err);

/* The login record (5.3): every success and failure.  account_id 0 = unknown login.
 * method: "password", "publickey"; reason: "" on success, else a short English tag
 * ("bad password", "locked", "throttled", "unknown key"...). */
enum ej_err db_auth_login_event(struct ej_db *db, long long account_id, const char *login,
                                const char *addr, const char *method, bool ok,
                                const char *reason, struct ej_error *err);

/* A successful login: its record, and both throttle counters (address, login) start
 * again — one transaction, two round trips. */
enum ej_err db_auth_login_ok(struct ej_db *db, long long account_id, const char *login,
                             const char *addr, const char *method, struct ej_error *err);

/* Is the public key (the base64 blob, as in authorized_keys) one of the account's? */
enum ej_err db_auth_key_known(struct ej_db *db, long long account_id, const char *key_b64,
                              bool *known, struct ej_error *err);

/* ---- Open SSH sessions (5.3: visible to an administrator, and can be ended) ---- */

struct db_auth_session {
    long long id;
    long long account_id;
    char login[64];
    char display_name[200];
    char host[256];
    int pid;
    long long proc_start; /* connection process start time, clock ticks since boot */
    char client_addr[64];
    char kind[8];         /* "pty" or "exec" */
    char started[32];     /* "DD.MM.YYYY HH:MI", the account's school time */
    bool staff;           /* the account holds a staff role (not only parent/pupil) */
};

/* A new row for a session that starts now; *id gets its id. */
enum ej_err db_auth_session_open(struct ej_db *db, long long account_id, const char *host,
                                 int pid, long long proc_start, const char *client_addr,
                                 const char *kind, long long *id, struct ej_error *err);
/* Mark a session ended.  reason: "closed", "admin", "shutdown", "idle", "gone";
 * ended_by: the administrator's account, or 0.  Ending an ended session is a no-op. */
enum ej_err db_auth_session_close(struct ej_db *db, long long id, const char *reason,
                                  long long ended_by, struct ej_error *err);
/* Open sessions of the accounts in the schools where `admin_id` is an administrator,
 * oldest first; `login` (NULL: all) narrows to one account.  *rows is allocated
 * (free() it), *n gets the count. */
enum ej_err db_auth_sessions_list(struct ej_db *db, long long admin_id, const char *login,
                                  struct db_auth_session **rows, int *n, struct ej_error *err);
/* One open session, if `admin_id` may see it; EJ_ENOTFOUND otherwise. */
enum ej_err db_auth_session_get(struct ej_db *db, long long admin_id, long long id,
                                struct db_auth_session *row, struct ej_error *err);

/* ---- An account's own public keys (`keys add|list|rm`) ---- */

struct db_auth_key {
    long long id;
    char type[48];         /* "ssh-ed25519" */
    char fingerprint[64];  /* "SHA256:…" as OpenSSH prints it */
    char comment[128];
    char added[32];        /* "DD.MM.YYYY HH:MI" */
};

enum ej_err db_auth_keys_list(struct ej_db *db, long long account_id, struct db_auth_key **rows,
                              int *n, struct ej_error *err);
/* Add a key that the caller has already checked; EJ_ECONFLICT if the account has it. */
enum ej_err db_auth_key_add(struct ej_db *db, long long account_id, const char *type,
                            const char *key_b64, const char *comment, long long *id,
                            struct ej_error *err);
/* Remove one of the account's keys by id; EJ_ENOTFOUND if it has no such key. */
enum ej_err db_auth_key_remove(struct ej_db *db, long long account_id, long long key_id,
                               struct ej_error *err);

/* ---- Passwords ---- */

/* Does pw match the account's password?  (The lock screen after idle time.) */
enum ej_err db_auth_password_check(struct ej_db *db, long long account_id, const char *pw,
                                   bool *ok, struct ej_error *err);
/*
 * Set a new password chosen by the account's owner: at least min_len characters,
 * not the current password, not the login; clears must_change.  EJ_EINVAL with the
 * rule in err otherwise.  The caller wipes its copy of new_pw.
 */
enum ej_err db_auth_password_change(struct ej_db *db, long long account_id, const char *new_pw,
                                    int min_len, struct ej_error *err);
#endif
