/*
 * db-admin — cluster-level statements for the embedded cluster and the tests:
 * creating databases (also from a template).
 */
#ifndef EJ_DB_ADMIN_H
#define EJ_DB_ADMIN_H
#include "err.h"

/* Connect with `admin_conninfo` (a superuser, database postgres) and create database
 * `name` unless it exists.  `template` may be NULL. */
enum ej_err db_admin_ensure_database(const char *admin_conninfo, const char *name,
                                     struct ej_error *err);
enum ej_err db_admin_create_database(const char *admin_conninfo, const char *name,
                                     const char *template_db, struct ej_error *err);
enum ej_err db_admin_drop_database(const char *admin_conninfo, const char *name,
                                   struct ej_error *err);
#endif
