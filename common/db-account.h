/*
 * db-account — reading an account with its roles into a struct ej_ctx.
 */
#ifndef EJ_DB_ACCOUNT_H
#define EJ_DB_ACCOUNT_H
#include "ctx.h"
#include "db.h"

/* Fills ctx->login, display_name, school, roles, staff/guardian/pupil links, must_change.
 * EJ_EDENIED if the account does not exist, is locked or inactive. */
enum ej_err db_account_load(struct ej_db *db, long long account_id, struct ej_ctx *ctx,
                            struct ej_error *err);
/* Account id by login (0 if none). */
long long db_account_id_by_login(struct ej_db *db, const char *login, struct ej_error *err);
/* The account's previous successful login (before the current session's own):
 * time "DD.MM.YYYY HH:MI" in the school's zone and address.  false if none. */
bool db_account_last_login(struct ej_db *db, long long account_id, char when[32], char addr[64],
                           struct ej_error *err);
/* Printing: the school's CUPS queue ("" none) and the account's terminal printer
 * character set ("utf8", "cp866", "cp1251"). */
enum ej_err db_account_print_prefs(struct ej_db *db, const struct ej_ctx *ctx, char queue[128],
                                   char charset[16], struct ej_error *err);
/* Remember the terminal printer's character set (one of the three). */
enum ej_err db_account_set_print_charset(struct ej_db *db, const struct ej_ctx *ctx,
                                         const char *charset, struct ej_error *err);
#endif
