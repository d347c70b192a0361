/*
 * db-logins — logins for a class's families (clauses 3.4, 5.1): the class
 * teacher (or the office) issues, in one step, a login and a temporary password
 * to every parent and pupil of the class (or of one pupil).  A person who already
 * has an account keeps the login and gets a new password, which makes the old
 * one invalid; a parent with children in several classes has one account for all
 * of them.  Temporary passwords exist only in the caller's memory: the database
 * keeps yescrypt hashes (the audit log not even those), nothing logs them, and
 * the first login allows nothing but choosing a new one (must_change).
 */
#ifndef EJ_DB_LOGINS_H
#define EJ_DB_LOGINS_H
#include "ctx.h"
#include "db.h"
#include <stdbool.h>

enum { LOGINS_PARENTS = 1 << 0, LOGINS_PUPILS = 1 << 1 };

struct db_login_issued {
    long long account_id;
    char name[200];     /* "Соколова Ольга Ивановна" */
    char role[400];     /* "родитель: Соколов Михаил (7А), Соколова Анна (3Б)" */
    char login[40];
    char password[16];  /* the temporary password; db_logins_free() wipes it */
    bool created;       /* a new account (else a new password for an existing one) */
};

/* Issue for the parents and/or pupils (`who`: LOGINS_* bits) of class `class_name`
 * ("7А", the current year) — of every pupil enrolled today, or only of pupil_id
 * (> 0).  One transaction: all or nothing.  EJ_EDENIED (policy LOGINS_ISSUE),
 * EJ_ENOTFOUND (no such class, or the pupil is not in it), EJ_EINVAL (nobody to
 * issue to).  *out in the order of the class list, each pupil followed by their
 * parents; free with db_logins_free(). */
enum ej_err db_logins_issue(struct ej_db *db, const struct ej_ctx *ctx, const char *class_name,
                            long long pupil_id, unsigned who, struct db_login_issued **out,
                            int *n, struct ej_error *err);
void db_logins_free(struct db_login_issued *v, int n);

/* Who of a class's families has a login: one row per pupil and per parent. */
struct db_login_row {
    long long pupil_id;
    char pupil[200];    /* "Соколов Михаил" */
    bool parent;        /* a parent's row (else the pupil's own) */
    char person[200];   /* the parent's (or pupil's) full name */
    char relation[32];  /* "мать", … ("" for the pupil) */
    char login[40];     /* "" if none yet */
    bool must_change;   /* the temporary password has not been changed yet */
    char last_login[32]; /* "DD.MM.YYYY HH:MI" or "" */
};
enum ej_err db_logins_list(struct ej_db *db, const struct ej_ctx *ctx, const char *class_name,
                           struct db_login_row **out, int *n, struct ej_error *err);
#endif
