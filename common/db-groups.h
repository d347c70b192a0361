/*
 * db-groups — editing a class's study groups (subgroups for a foreign language,
 * technology: clause 3.3, issue #5 item 2): a group of a class for a subject is
 * created, renamed, deleted while it has never had a member nor a journal; pupils
 * are put in and taken out from a date, the history kept as group_member spells
 * ([first day, day after the last)).  Only a pupil enrolled in the group's class
 * on that date may be put in; taking a pupil out is refused while the group's
 * journals hold marks or absences of theirs on or after the date (no mark loses
 * its pupil).  A list of members may come from a CSV file (all rows or none).
 *
 * Reading is PUPIL_READ of the class, writing PUPIL_EDIT (the secretary).  Every
 * write is one transaction; group_member and study_group are audited (004_audit,
 * 051_groups).
 */
#ifndef EJ_DB_GROUPS_H
#define EJ_DB_GROUPS_H
#include "ctx.h"
#include "db.h"
#include <stdbool.h>
#include <stddef.h>

struct db_group {
    long long id;
    char class_name[16], subject[128], name[64];
    int members; /* today */
};
/* The study groups of class "7А" (current year), by subject and name. */
enum ej_err db_groups_list(struct ej_db *db, const struct ej_ctx *ctx, const char *class_name,
                           struct db_group **out, int *n, struct ej_error *err);
/* A new group of class_name for the subject (its full name, any case). */
enum ej_err db_group_add(struct ej_db *db, const struct ej_ctx *ctx, const char *class_name,
                         const char *subject, const char *name, long long *id_out,
                         struct ej_error *err);
enum ej_err db_group_rename(struct ej_db *db, const struct ej_ctx *ctx, long long group_id,
                            const char *name, struct ej_error *err);
/* Delete a group that has never had a member and has no journal. */
enum ej_err db_group_delete(struct ej_db *db, const struct ej_ctx *ctx, long long group_id,
                            struct ej_error *err);

struct db_group_pupil {
    long long pupil_id;
    char surname[100], name[100], patronymic[100];
    int from, to; /* to: the day after the last (0: open) */
};
/* The group (*g) and its members: on day (a day number), or every spell (day 0),
 * by surname.  Caller frees *out. */
enum ej_err db_group_members(struct ej_db *db, const struct ej_ctx *ctx, long long group_id,
                             int day, struct db_group *g, struct db_group_pupil **out, int *n,
                             struct ej_error *err);
/* Put the pupils in the group from day (in), or take them out from day (the first
 * day outside it).  All or nothing, in one transaction. */
enum ej_err db_group_move(struct ej_db *db, const struct ej_ctx *ctx, long long group_id,
                          const long long *pupils, int npupils, int day, bool in,
                          struct ej_error *err);
/* A CSV file of members (columns «Номер» — the pupil's number — or «Фамилия»,
 * «Имя» and optionally «Отчество»; other columns ignored): every row is matched
 * with a pupil of the group's class on day.  Problems, one per line ("строка 3:
 * …"), go to *problems (caller frees, "" when none).  EJ_EINVAL when there are
 * any (nothing written); with apply, the pupils are put in as db_group_move does.
 * *count: the pupils in the file. */
enum ej_err db_group_import(struct ej_db *db, const struct ej_ctx *ctx, long long group_id,
                            int day, const void *data, size_t len, bool apply, char **problems,
                            int *count, struct ej_error *err);
#endif
