/*
 * db-classes — the classes of a year with their class teachers and pupil counts,
 * and a class's study groups (subgroups for a foreign language, technology) with
 * their members and dates (issue #5 item 2).  Reading only; the class list is the
 * school's public structure (every member of staff sees it), a group's members
 * are pupils' data (PUPIL_READ of the class).
 */
#ifndef EJ_DB_CLASSES_H
#define EJ_DB_CLASSES_H
#include "ctx.h"
#include "db.h"
#include <stdbool.h>

struct db_class_row {
    char name[16], year[16], teacher[200], scheme[16];
    int shift, pupils;   /* pupils: enrolled today (or on the year's last day, for a past year) */
};
/* The classes of year "2026/2027" (NULL: the current one). */
enum ej_err db_classes_list(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                            struct db_class_row **out, int *n, struct ej_error *err);

struct db_group_member {
    char subject[128], group[64], pupil[200];
    int from, to;        /* to: the day after the last (0: open) */
};
/* The study groups of class `name` (current year) and their members, by subject, group, pupil. */
enum ej_err db_classes_groups(struct ej_db *db, const struct ej_ctx *ctx, const char *name,
                              struct db_group_member **out, int *n, struct ej_error *err);
/* The year rollover (clause 3.3): every class of year `from` moves to the next grade
 * in year `to` (which must exist and follow it), with its letter, class teacher,
 * period scheme and shift; its pupils still there at the end of `from` are
 * enrolled in the new class from the first day of `to`; those in `keep_back` stay
 * in the same grade; those in `leave`, and the pupils of the school's last grade
 * (9 in a basic school), leave at the end of `from` (reason: graduation or the
 * list).  The old year is not touched except that open enrollments end with it.
 * One transaction; apply = false only counts.  *plan gets a line per new class:
 * "8А	7А	25" (new class, from, pupils); the caller frees it.  PUPIL_EDIT. */
struct db_promote {
    const char *from, *to, *order;
    const long long *keep_back, *leave;
    int nkeep, nleave;
    bool apply;
};
enum ej_err db_classes_promote(struct ej_db *db, const struct ej_ctx *ctx,
                               const struct db_promote *a, char **plan, int *moved, int *left,
                               struct ej_error *err);
#endif
