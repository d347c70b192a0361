/*
 * db-demo — the SQL of the demo generator: bulk load with COPY in one transaction,
 * row triggers off (demo.c computes what they would have written), identity
 * sequences moved past the loaded ids, fresh statistics.  The data comes from demo.c.
 */
#include "db-demo.h"
#include "db-internal.h"
#include "i18n.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *table;
    const char *columns;
    bool identity; /* has an id column whose sequence must follow the loaded ids */
} tables[DT_NTABLES] = {
    [DT_SCHOOL] = { "school", "id, name, short_name, tz, director, address", true },
    [DT_YEAR] = { "academic_year", "school_id, id, name, starts, ends", true },
    [DT_PERIOD] = { "period", "school_id, id, year_id, scheme, num, name, starts, ends", true },
    [DT_HOLIDAY] = { "holiday", "school_id, id, year_id, name, starts, ends", true },
    [DT_BELL] = { "bell", "school_id, shift, num, starts, ends", false },
    [DT_WORK_TYPE] = { "work_type", "school_id, id, name, short_name, weight, written, sort", true },
    [DT_SUBJECT] = { "subject", "school_id, id, name, short_name, sort", true },
    [DT_STAFF] = { "staff", "school_id, id, surname, name, patronymic, position, phone", true },
    [DT_STAFF_SUBJECT] = { "staff_subject", "school_id, staff_id, subject_id", false },
    [DT_CLASS] = { "class", "school_id, id, year_id, grade, letter, teacher_id", true },
    [DT_CURRICULUM] = { "curriculum", "school_id, class_id, subject_id, hours_per_week, graded", false },
    [DT_STUDY_GROUP] = { "study_group", "school_id, id, class_id, subject_id, name", true },
    [DT_PUPIL] = { "pupil", "school_id, id, surname, name, patronymic, birth_date, sex, file_no, address, paper_reports", true },
    [DT_ENROLLMENT] = { "enrollment", "school_id, id, pupil_id, class_id, during, order_in, reason_in, order_out, reason_out, destination", true },
    [DT_GROUP_MEMBER] = { "group_member", "school_id, id, group_id, pupil_id, during", true },
    [DT_GUARDIAN] = { "guardian", "school_id, id, surname, name, patronymic, phone, address", true },
    [DT_PUPIL_GUARDIAN] = { "pupil_guardian", "school_id, pupil_id, guardian_id, relation", false },
    [DT_ACCOUNT] = { "account", "id, school_id, login, password_hash, must_change, display_name, created_at", true },
    [DT_ACCOUNT_ROLE] = { "account_role", "id, school_id, account_id, role, staff_id, guardian_id, pupil_id", true },
    [DT_COURSE] = { "course", "school_id, id, class_id, group_id, subject_id", true },
    [DT_COURSE_TEACHER] = { "course_teacher", "school_id, id, course_id, staff_id, during", true },
    [DT_PLAN_ITEM] = { "plan_item", "school_id, id, course_id, num, topic, hours", true },
    [DT_TIMETABLE_SLOT] = { "timetable_slot", "school_id, id, class_id, course_id, weekday, num, room, valid", true },
    [DT_LESSON] = { "lesson", "school_id, id, course_id, date, num, topic, homework, plan_item_id, teacher_id, "
                              "attendance_taken_at, attendance_taken_by, topic_set_at, homework_set_at, updated_at", true },
    [DT_WORK] = { "work", "school_id, id, lesson_id, work_type_id, pos", true },
    [DT_MARK] = { "mark", "school_id, id, work_id, pupil_id, seq, value, entered_at, entered_by, due_at, late, updated_at", true },
    [DT_ATTENDANCE] = { "attendance", "school_id, lesson_id, pupil_id, code, set_by, set_at", false },
    [DT_FINAL_MARK] = { "final_mark", "school_id, id, course_id, pupil_id, period_id, kind, value, set_by, set_at", true },
};

const char *db_demo_columns(enum demo_table t)
{
    return tables[t].columns;
}

enum ej_err db_demo_has_school(struct ej_db *db, bool *has, struct ej_error *err)
{
    PGresult *r = db_exec(db, err, "SELECT EXISTS (SELECT 1 FROM school)", 0, NULL);
    if (!r)
        return err ? err->code : EJ_ETEMP;
    *has = strcmp(db_str(r, 0, 0), "t") == 0;
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_demo_begin(struct ej_db *db, const char *tz, struct ej_error *err)
{
    enum ej_err e = db_tx_begin(db, err);
    if (e != EJ_OK)
        return e;
    const char *p[] = { tz };
    e = db_run(db, err, "SELECT set_config('TimeZone', $1, true)", 1, p);
    if (e != EJ_OK)
        goto fail;
    /* Row triggers off for the load (no rule, audit or notification trigger fires).
     * A superuser (the embedded cluster's owner) skips foreign-key checks too with
     * session_replication_role; a mere owner of the tables disables its own triggers
     * for this transaction (ALTER TABLE is transactional) and keeps the key checks. */
    PGresult *r = db_exec(db, err, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user", 0, NULL);
    if (!r) {
        e = err ? err->code : EJ_ETEMP;
        goto fail;
    }
    bool super = PQntuples(r) == 1 && strcmp(db_str(r, 0, 0), "t") == 0;
    PQclear(r);
    if (super) {
        e = db_run(db, err, "SELECT set_config('session_replication_role', 'replica', true)", 0, NULL);
    } else {
        for (int t = 0; t < DT_NTABLES && e == EJ_OK; t++) {
            char sql[128];
            snprintf(sql, sizeof sql, "ALTER TABLE %s DISABLE TRIGGER USER", tables[t].table);
            e = db_run(db, err, sql, 0, NULL);
        }
    }
    if (e == EJ_OK)
        return EJ_OK;
fail:
    db_tx_rollback(db);
    return e;
}

enum ej_err db_demo_now(struct ej_db *db, char out[20], struct ej_error *err)
{
    PGresult *r = db_exec(db, err, "SELECT to_char(ej_now(), 'YYYY-MM-DD HH24:MI:SS')", 0, NULL);
    if (!r)
        return err ? err->code : EJ_ETEMP;
    snprintf(out, 20, "%s", db_str(r, 0, 0));
    PQclear(r);
    return EJ_OK;
}

void db_demo_rollback(struct ej_db *db)
{
    db_tx_rollback(db);
}

enum ej_err db_demo_copy(struct ej_db *db, enum demo_table t, const char *data, size_t len,
                         struct ej_error *err)
{
    char sql[512];
    snprintf(sql, sizeof sql, "COPY %s (%s) FROM STDIN", tables[t].table, tables[t].columns);
    PGresult *r = PQexec(db->conn, sql);
    if (!r || PQresultStatus(r) != PGRES_COPY_IN) {
        enum ej_err e = db_error_from(db, r, err);
        PQclear(r);
        return e;
    }
    PQclear(r);
    const size_t chunk = 1 << 20;
    for (size_t off = 0; off < len; off += chunk) {
        size_t n = len - off < chunk ? len - off : chunk;
        if (PQputCopyData(db->conn, data + off, (int)n) != 1)
            return ej_error_set(err, EJ_ETEMP, _("Database unavailable: %s"), PQerrorMessage(db->conn));
    }
    if (PQputCopyEnd(db->conn, NULL) != 1)
        return ej_error_set(err, EJ_ETEMP, _("Database unavailable: %s"), PQerrorMessage(db->conn));
    enum ej_err e = EJ_OK;
    while ((r = PQgetResult(db->conn)) != NULL) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && e == EJ_OK) {
            e = ej_error_set(err, EJ_EINTERNAL, _("Demo load into %s failed: %s"), tables[t].table,
                             PQresultErrorMessage(r));
        }
        PQclear(r);
    }
    return e;
}

enum ej_err db_demo_commit(struct ej_db *db, struct ej_error *err)
{
    PGresult *r = db_exec(db, err, "SELECT current_setting('session_replication_role')", 0, NULL);
    if (!r) {
        db_tx_rollback(db);
        return err ? err->code : EJ_EINTERNAL;
    }
    bool replica = strcmp(db_str(r, 0, 0), "replica") == 0;
    PQclear(r);
    for (int t = 0; t < DT_NTABLES && !replica; t++) {
        char sql[128];
        snprintf(sql, sizeof sql, "ALTER TABLE %s ENABLE TRIGGER USER", tables[t].table);
        if (db_run(db, err, sql, 0, NULL) != EJ_OK) {
            db_tx_rollback(db);
            return err ? err->code : EJ_EINTERNAL;
        }
    }
    for (int t = 0; t < DT_NTABLES; t++) {
        if (!tables[t].identity)
            continue;
        char sql[300];
        snprintf(sql, sizeof sql,
                 "SELECT setval(pg_get_serial_sequence('%s', 'id'), "
                 "coalesce((SELECT max(id) FROM %s), 0) + 1, false)",
                 tables[t].table, tables[t].table);
        if (db_run(db, err, sql, 0, NULL) != EJ_OK) {
            db_tx_rollback(db);
            return err ? err->code : EJ_EINTERNAL;
        }
    }
    /* Fresh statistics for the loaded tables: the first queries plan well. */
    char analyze[1024] = "ANALYZE ";
    for (int t = 0; t < DT_NTABLES; t++) {
        strncat(analyze, tables[t].table, sizeof analyze - strlen(analyze) - 3);
        if (t + 1 < DT_NTABLES)
            strcat(analyze, ", ");
    }
    if (db_run(db, err, analyze, 0, NULL) != EJ_OK) {
        db_tx_rollback(db);
        return err ? err->code : EJ_EINTERNAL;
    }
    return db_tx_commit(db, err);
}
