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
#endif
