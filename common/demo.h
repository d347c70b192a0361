/*
 * demo — the demo school МБОУ «ООШ №5» (and a district of N such schools for load
 * tests), generated deterministically from a seed.  The demo accounts and their
 * fixed passwords are listed by demo_accounts[] for `make run` to print.
 */
#ifndef EJ_DEMO_H
#define EJ_DEMO_H
#include "err.h"
#include <stdio.h>

struct ej_db;

struct demo_opts {
    int schools;       /* 1 = the demo school; N = a district (logins get a suffix) */
    unsigned seed;
    const char *today; /* "YYYY-MM-DD": pin the database clock to this day (08:00 local);
                          NULL: lessons run up to the real date */
};

struct demo_account {
    const char *login;
    const char *password;
    const char *who; /* English msgid: "subject teacher and class teacher of 7А" */
};
extern const struct demo_account demo_accounts[];
extern const int demo_naccounts;

/* Build the demo into an empty, migrated database (owner connection).  Refuses
 * (EJ_ECONFLICT) if a school already exists. */
enum ej_err demo_build(struct ej_db *db, const struct demo_opts *opts, struct ej_error *err);
/* Print the demo logins for a person to read (used by `ejournald demo` and make run). */
void demo_print_accounts(FILE *out, const char *ssh_host, int port);
#endif
