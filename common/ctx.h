/*
 * ctx — who is working: the authenticated account, its roles and the people it is
 * linked to, the database handle and the client's address.  ejournald passes the
 * account to the application in the environment (never a password); the
 * application loads the rest from the database.  Passed down explicitly to every
 * screen and command (no globals).
 */
#ifndef EJ_CTX_H
#define EJ_CTX_H
#include "err.h"
#include <stdbool.h>

struct ej_db;

enum ej_role {
    ROLE_ADMIN = 1 << 0,
    ROLE_DEPUTY = 1 << 1,
    ROLE_SECRETARY = 1 << 2,
    ROLE_HR = 1 << 3,
    ROLE_TEACHER = 1 << 4,
    ROLE_PARENT = 1 << 5,
    ROLE_PUPIL = 1 << 6,
};

/* Environment passed from ejournald to the application it execs. */
#define EJ_ENV_ACCOUNT "EJ_ACCOUNT"       /* account id */
#define EJ_ENV_CONNINFO "EJ_CONNINFO"     /* libpq conninfo of the application role */
#define EJ_ENV_CLIENT_ADDR "EJ_CLIENT_ADDR"
#define EJ_ENV_SESSION "EJ_SESSION"       /* ssh_session row id */
#define EJ_ENV_IDLE_LOCK "EJ_IDLE_LOCK"   /* seconds, 0 = never */
#define EJ_ENV_IDLE_DISCONNECT "EJ_IDLE_DISCONNECT"
#define EJ_ENV_DB_RELEASE "EJ_DB_RELEASE" /* idle seconds before the database connection
                                           * is given back (0 = never) */
#define EJ_ENV_MIN_PASSWORD "EJ_MIN_PASSWORD"
#define EJ_ENV_SSH_HINT "EJ_SSH_HINT"     /* "ssh -p 2222 user@host", for messages */

struct ej_ctx {
    struct ej_db *db;
    long long account_id;
    long long school_id; /* the school being worked in */
    char login[64];
    char display_name[200];
    char school_name[200];
    unsigned roles;      /* enum ej_role bits in this school */
    long long staff_id;  /* 0 if not staff */
    long long *guardian_ids; /* parent role: guardian rows (usually one) */
    int nguardian;
    long long pupil_id;  /* pupil role */
    bool must_change;    /* temporary password: only the change form until changed */
    char client_addr[64];
    long long session_id;
    int idle_lock, idle_disconnect, db_release, min_password;
    char ssh_hint[200];
};

/* Read the EJ_* environment, connect, load the account.  EJ_ETEMP if the database is
 * down, EJ_EDENIED if the account is gone, locked or inactive. */
enum ej_err ctx_open_from_env(struct ej_ctx *ctx, struct ej_error *err);
/* Load account facts for account_id on an open db (used by ctx_open_from_env, tests). */
enum ej_err ctx_load_account(struct ej_ctx *ctx, struct ej_db *db, long long account_id,
                             struct ej_error *err);
void ctx_close(struct ej_ctx *ctx);
/* Russian name of the highest role ("Учитель", "Родитель"...), static storage. */
const char *ctx_role_name(const struct ej_ctx *ctx);
#endif
