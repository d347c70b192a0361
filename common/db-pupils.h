/*
 * db-pupils — all SQL for pupils and class lists (issue #5, clause 3.3): the
 * list of a class's pupils, and the import of a class list from a CSV file:
 * the checks that need the database (the class, the academic year, pupils already
 * in the school) and the write — every pupil and their enrollment in ONE
 * transaction, all rows or none.  Each function asks the policy module
 * (PUPIL_READ, PUPIL_EDIT) before it reads or writes anything about a class.
 */
#ifndef EJ_DB_PUPILS_H
#define EJ_DB_PUPILS_H
#include "ctx.h"
#include "db.h"
#include "pupils.h"
#include <stdbool.h>

struct db_pupil {
    long long id;
    char class_name[16];   /* "7А" */
    char *surname, *name, *patronymic, *file_no, *address;
    int birth;             /* day number */
    char sex[4];           /* "М" or "Ж" */
    int from;              /* first day in the class */
    char *order_in;        /* order number of the enrollment */
    bool paper;            /* the family gets weekly reports on paper (3.10) */
    int left;              /* db_pupils_left: the first day out of the school, else 0 */
    char *order_out, *reason_out; /* db_pupils_left: the order and the reason (with the
                                     destination school), else NULL */
};

/* Pupils in a class of the current academic year, now or from a later date: of
 * class_name ("7А"), or (NULL) of every class ctx may read; by class, then surname.
 * EJ_EDENIED when ctx may not read that class (or any), EJ_ENOTFOUND for no such
 * class.  Caller frees with db_pupils_free. */
enum ej_err db_pupils_list(struct ej_db *db, const struct ej_ctx *ctx, const char *class_name,
                           struct db_pupil **out, int *n, struct ej_error *err);
void db_pupils_free(struct db_pupil *v, int n);
/* The pupils who left the school this school year (выбывшие), the latest first, with
 * their last class, the day they left, the order and the reason.  The office (the
 * secretary, the deputy director, the administrator); EJ_EDENIED for others. */
enum ej_err db_pupils_left(struct ej_db *db, const struct ej_ctx *ctx, struct db_pupil **out,
                           int *n, struct ej_error *err);

/* Change a pupil's personal data (pupil_change_check first; NULL fields stay):
 * one audited transaction, PUPIL_EDIT.  EJ_ENOTFOUND for no such pupil,
 * EJ_ECONFLICT when the change would make them a second copy of another pupil
 * (the same surname, name and birth date, case and «ё» aside). */
enum ej_err db_pupil_edit(struct ej_db *db, const struct ej_ctx *ctx, long long pupil_id,
                          const struct pupil_change *c, struct ej_error *err);

struct db_pupils_import {
    const char *class_name; /* "7А": the class in the academic year containing `day` */
    int day;                /* enrollment day (day number); -1: today */
    const char *order;      /* order number (номер приказа), may be "" */
    bool apply;             /* false: only check */
};

/*
 * Check a class list file (len bytes) for a->class_name and, with a->apply, write
 * it.  *sheet (pupils_sheet_free) gets the rows, the warnings and every problem
 * with its line, including pupils already in the school.  Returns:
 *   EJ_OK        the file is clean (and, with apply, every pupil was written);
 *   EJ_EINVAL    problems are listed in sheet (err says how many); nothing written;
 *   EJ_EDENIED, EJ_ENOTFOUND (class, year), EJ_ETEMP with err; nothing written.
 * *imported gets the number of pupils written.
 */
enum ej_err db_pupils_import(struct ej_db *db, const struct ej_ctx *ctx,
                             const struct db_pupils_import *a, const void *data, size_t len,
                             struct pupil_sheet *sheet, int *imported, struct ej_error *err);
/* One pupil arrives (зачисление, clause 3.3): c's fields (PF_SURNAME … PF_ADDRESS; a
 * birth date as people type it) into class a->class_name from a->day with order
 * a->order — the same checks and transaction as a class list of one row (a pupil
 * already in the school is refused).  a->apply is ignored: it is written.  The
 * first problem, if any, is err's message (EJ_EINVAL). */
enum ej_err db_pupil_arrive(struct ej_db *db, const struct ej_ctx *ctx,
                            const struct db_pupils_import *a, const struct pupil_change *c,
                            struct ej_error *err);
#endif
