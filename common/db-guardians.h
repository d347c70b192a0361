/*
 * db-guardians — parents' data (clause 3.4): a pupil's parents or other legal
 * representatives with their relation and contacts, kept by the class teacher
 * of the pupil's class and by the office (policy GUARDIAN_EDIT, for reading as
 * well: these are personal data).  A parent of several pupils is one guardian
 * row linked to each child, so one login serves all of them.  Every change is
 * one audited transaction.
 */
#ifndef EJ_DB_GUARDIANS_H
#define EJ_DB_GUARDIANS_H
#include "ctx.h"
#include "db.h"
#include <stdbool.h>

/* The relations a link may name, as stored (Russian words: data, not messages);
 * the last is "" (not said). */
#define GUARDIAN_NRELATIONS 7
extern const char *const guardian_relations[GUARDIAN_NRELATIONS];

struct guardian_rec {
    long long id;
    char relation[32];   /* мать, отец, опекун, бабушка, дедушка, другое, "" */
    char surname[100], name[100], patronymic[100];
    char phone[64], email[128], address[300], work[300];
    char login[40];      /* "" if no login yet */
};

/* The fields a change sets; NULL leaves a field as it is. */
struct guardian_change {
    const char *surname, *name, *patronymic, *phone, *email, *address, *work, *relation;
};

/* A pupil's guardians.  EJ_EDENIED / EJ_ENOTFOUND (no pupil of the school). */
enum ej_err db_guardians_of(struct ej_db *db, const struct ej_ctx *ctx, long long pupil_id,
                            struct guardian_rec **out, int *n, struct ej_error *err);
/* Check a change before anything is written: names not empty, a phone of digits
 * and + ( ) - and spaces, an e-mail with one @, a relation from the list, each
 * field one line within its length.  EJ_EINVAL naming the field. */
enum ej_err guardian_change_check(const struct guardian_change *c, bool adding,
                                  struct ej_error *err);
/* A new guardian of the pupil (surname and name required). *id_out: the guardian. */
enum ej_err db_guardian_add(struct ej_db *db, const struct ej_ctx *ctx, long long pupil_id,
                            const struct guardian_change *c, long long *id_out,
                            struct ej_error *err);
/* Change a guardian of the pupil (the relation is the pupil's link). */
enum ej_err db_guardian_set(struct ej_db *db, const struct ej_ctx *ctx, long long pupil_id,
                            long long guardian_id, const struct guardian_change *c,
                            struct ej_error *err);
/* Link an existing guardian (a sibling's parent) to the pupil / remove the link. */
enum ej_err db_guardian_link(struct ej_db *db, const struct ej_ctx *ctx, long long pupil_id,
                             long long guardian_id, const char *relation, bool link,
                             struct ej_error *err);
/* Guardians of the school whose surname begins with `prefix` (either case, «ё»
 * as «е»), each with their children ("Соколов Михаил 7А, Соколова Анна 3Б"): to
 * link a sibling's parent instead of typing them again.  Parents of the whole
 * school are the office's to see (GUARDIAN_EDIT of no one class).  At most 50,
 * by surname; caller frees *out. */
struct guardian_found {
    long long id;
    char name[300], children[400];
};
enum ej_err db_guardians_find(struct ej_db *db, const struct ej_ctx *ctx, const char *prefix,
                              struct guardian_found **out, int *n, struct ej_error *err);
#endif
