/*
 * err — what went wrong, for everything a user can cause.  A function that can
 * be refused returns an enum ej_err and, when given a struct ej_error, fills in a
 * translated message that names the rule («Оценка: только 2, 3, 4, 5 (п. 3.5)»).
 * Exit statuses of every program follow from the code (DESIGN.md §10).
 */
#ifndef EJ_ERR_H
#define EJ_ERR_H

enum ej_err {
    EJ_OK = 0,
    EJ_EINVAL,    /* invalid data: a rule of the regulation or of the schema (exit 1) */
    EJ_EDENIED,   /* the access policy refuses (exit 1) */
    EJ_ENOTFOUND, /* no such object, or not visible to this account (exit 1) */
    EJ_ECONFLICT, /* duplicate or changed underneath (exit 1) */
    EJ_ELOCKED,   /* period locked by the deputy (exit 1) */
    EJ_EUSAGE,    /* bad command-line usage (exit 2) */
    EJ_ETEMP,     /* temporary failure: database unavailable, try again (exit 3) */
    EJ_ECONFIG,   /* bad configuration (exit 78) */
    EJ_EINTERNAL, /* unexpected failure (exit 70) */
};

enum {
    EJ_EXIT_OK = 0,
    EJ_EXIT_REFUSED = 1,
    EJ_EXIT_USAGE = 2,
    EJ_EXIT_TEMP = 3,
    EJ_EXIT_SOFTWARE = 70,
    EJ_EXIT_CONFIG = 78,
};

struct ej_error {
    enum ej_err code;
    char msg[512];
};

/* Set err (if not NULL) to code and a printf-formatted message; returns code. */
enum ej_err ej_error_set(struct ej_error *err, enum ej_err code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ej_error_clear(struct ej_error *err);
int ej_err_exit_status(enum ej_err code);
#endif
