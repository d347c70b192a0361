/*
 * db-staff — the teacher list and other staff (issue #5 item 5), kept by HR:
 * staff with position and the subjects they may teach; an account for each
 * (a generated login and a temporary password, shown once); deactivating a
 * leaver locks the account and ends their sessions while every mark, lesson and
 * audit row they made stays.  Reading: HR, the deputy director, the
 * administrator (STAFF_READ); changing: HR and the administrator (STAFF_EDIT).
 */
#ifndef EJ_DB_STAFF_H
#define EJ_DB_STAFF_H
#include "ctx.h"
#include "db.h"
#include <stdbool.h>

struct db_staff {
    long long id;
    char surname[100], name[100], patronymic[100], position[200];
    char subjects[400];   /* "Алгебра, Геометрия" */
    char login[40], roles[100]; /* "" when no account */
    bool active;
};
enum ej_err db_staff_list(struct ej_db *db, const struct ej_ctx *ctx, struct db_staff **out,
                          int *n, struct ej_error *err);

struct db_staff_new {
    const char *surname, *name, *patronymic, *position;
    const char *const *subjects; /* subject names of the school */
    int nsubjects;
    const char *role;            /* teacher, secretary, deputy, hr */
};
/* Add a member of staff with an account: *login and *password (a temporary one,
 * never stored in clear; the caller wipes it) are filled.  One transaction. */
enum ej_err db_staff_add(struct ej_db *db, const struct ej_ctx *ctx, const struct db_staff_new *s,
                         long long *id_out, char login[40], char password[16],
                         struct ej_error *err);
/* An open session of a leaver, for the caller to end (the process, then the row). */
/* Change a member of staff's position (NULL: keep) and the subjects they may teach
 * (nsubjects < 0: keep; names or short names of the school's subjects), one
 * transaction (HR, the administrator: STAFF_EDIT).  EJ_ENOTFOUND for no such staff. */
enum ej_err db_staff_set(struct ej_db *db, const struct ej_ctx *ctx, long long staff_id,
                         const char *position, const char *const *subjects, int nsubjects,
                         struct ej_error *err);

struct db_staff_session {
    long long id;
    char host[256];
    int pid;
    long long proc_start;
};
/* A leaver: staff.active = false, the account locked and inactive.  The caller
 * ends their open sessions (*sessions, n of them; free() it). */
enum ej_err db_staff_deactivate(struct ej_db *db, const struct ej_ctx *ctx, long long staff_id,
                                struct db_staff_session **sessions, int *n, struct ej_error *err);
/* End the sessions db_staff_deactivate gave: on this server the process gets
 * SIGTERM (if it is still the one that opened the session) and the session row
 * says who ended it.  Returns how many ended; *elsewhere gets those on other
 * servers (ended there with `sessions end`). */
int db_staff_end_sessions(struct ej_db *db, const struct ej_ctx *ctx,
                          const struct db_staff_session *s, int n, int *elsewhere);
/* Split "Алгебра, Геометрия" in place into subject names for db_staff_new
 * (*out: caller frees the array, not the names).  Returns how many. */
int db_staff_subjects(char *list, const char ***out);
#endif
