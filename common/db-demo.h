/*
 * db-demo — the SQL behind the demo generator: one transaction, bulk COPY into
 * each table in an order that satisfies the foreign keys, then the identity
 * sequences moved past the ids the generator chose.  Row triggers are skipped
 * (session_replication_role = replica) during the load: demo.c computes what the
 * triggers would (deadlines, late flags) and keeps every rule they enforce.
 */
#ifndef EJ_DB_DEMO_H
#define EJ_DB_DEMO_H
#include "db.h"
#include <stddef.h>

enum demo_table {
    DT_SCHOOL, DT_YEAR, DT_PERIOD, DT_HOLIDAY, DT_BELL, DT_WORK_TYPE, DT_SUBJECT, DT_STAFF,
    DT_STAFF_SUBJECT, DT_CLASS, DT_CURRICULUM, DT_STUDY_GROUP, DT_PUPIL, DT_ENROLLMENT,
    DT_GROUP_MEMBER, DT_GUARDIAN, DT_PUPIL_GUARDIAN, DT_ACCOUNT, DT_ACCOUNT_ROLE, DT_COURSE,
    DT_COURSE_TEACHER, DT_PLAN_ITEM, DT_TIMETABLE_SLOT, DT_LESSON, DT_WORK, DT_MARK,
    DT_ATTENDANCE, DT_FINAL_MARK,
    DT_NTABLES
};

/* The COPY column list of each table, in the order demo.c writes its fields. */
const char *db_demo_columns(enum demo_table t);
/* True if the database already holds a school. */
enum ej_err db_demo_has_school(struct ej_db *db, bool *has, struct ej_error *err);
/* BEGIN, audit context of the system, triggers off for the load, and the session
 * time zone set to `tz`, so that the generator's local timestamps are read as
 * school time. */
enum ej_err db_demo_begin(struct ej_db *db, const char *tz, struct ej_error *err);
/* The database clock (ej_now()) in the session time zone, "YYYY-MM-DD HH:MM:SS". */
enum ej_err db_demo_now(struct ej_db *db, char out[20], struct ej_error *err);
/* COPY rows (text format: tab-separated, newline-terminated) into a table. */
enum ej_err db_demo_copy(struct ej_db *db, enum demo_table t, const char *data, size_t len,
                         struct ej_error *err);
void db_demo_rollback(struct ej_db *db);
/* Move the identity sequences past the loaded ids, ANALYZE and COMMIT. */
enum ej_err db_demo_commit(struct ej_db *db, struct ej_error *err);
/* Abandon the load. */
void db_demo_rollback(struct ej_db *db);
#endif
