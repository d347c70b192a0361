/*
 * db-journal — all SQL for journals: the courses an account may open, the
 * teacher's home screen facts, loading one course × period into a struct journal
 * (three round trips), and every journal write (mark, absence, final, lesson,
 * work), each in one transaction that first asks the policy module.
 *
 * Writes: EJ_OK means COMMIT returned (or, after a lost COMMIT reply, that the
 * value was re-read from the database and found there).  A connection found dead
 * before the transaction is reconnected and the write tried once more.
 * EJ_ETEMP means "not saved" — the caller must not show the value as saved.
 */
#ifndef EJ_DB_JOURNAL_H
#define EJ_DB_JOURNAL_H
#include "ctx.h"
#include "db.h"
#include "journal.h"
#include <stddef.h>

struct db_course {
    long long id;
    char class_name[16];  /* "7А" */
    char group_name[64];  /* "1 группа" or "" */
    char subject[128];
    char teacher[128];    /* "Иванова М. П." */
    bool mine;            /* ctx teaches it this year */
    bool my_class;        /* ctx is the class teacher */
};
/* The courses ctx may open (policy JOURNAL_READ), by class and subject.  Caller
 * frees *out. */
enum ej_err db_journal_courses(struct ej_db *db, const struct ej_ctx *ctx,
                               struct db_course **out, int *n, struct ej_error *err);

/* The school's short name and today (a day number) for the title line. */
enum ej_err db_journal_school(struct ej_db *db, long long school_id, char *short_name, size_t n,
                              int *today, struct ej_error *err);

/* Today's lessons of a teacher, each flagged for what is missing. */
struct db_home_lesson {
    long long lesson_id, course_id;
    int num;
    char starts[6];       /* bell "08:00" or "" */
    char class_name[16], group_name[64], subject[128];
    bool has_topic, has_homework, attendance_taken, held;
};
/* Something due or overdue under the regulation's deadlines. */
enum db_alert_kind { ALERT_NO_TOPIC, ALERT_NO_ATTENDANCE, ALERT_NO_HOMEWORK, ALERT_WRITTEN_UNMARKED };
struct db_home_alert {
    enum db_alert_kind kind;
    long long lesson_id, course_id;
    int date;
    int days_left;        /* ALERT_WRITTEN_UNMARKED: days of the 5 left (negative: overdue) */
    char class_name[16], group_name[64], subject[128], work_type[32];
};
struct db_home {
    char school_short[200];
    int today;
    struct db_home_lesson *lessons;
    int nlessons;
    struct db_home_alert *alerts;
    int nalerts;
};
/* School name and today (for every account); lessons and alerts for a teacher. */
enum ej_err db_journal_home(struct ej_db *db, const struct ej_ctx *ctx, struct db_home *out,
                            struct ej_error *err);
void db_journal_home_free(struct db_home *h);

/* Load course × period (period_id 0: the period containing today, else the latest
 * one begun, else the first).  EJ_EDENIED when ctx may not read it, EJ_ENOTFOUND
 * when there is no such course in ctx's school.  Caller journal_free()s. */
enum ej_err db_journal_load(struct ej_db *db, const struct ej_ctx *ctx, long long course_id,
                            long long period_id, struct journal **out, struct ej_error *err);

/* Re-read the marks, absences and final of one pupil of journal j (as loaded by
 * db_journal_load: its course and period) after a write to that row: one query
 * instead of the whole journal's three.  On an error the row is left empty and the
 * caller must reload the journal. */
enum ej_err db_journal_reload_pupil(struct ej_db *db, const struct ej_ctx *ctx, struct journal *j,
                                    long long pupil_id, struct ej_error *err);

/* A mark in work `work_id` (0: create a work of the school's default type on the
 * lesson first; *work_out gets its id) for pupil at retake seq (1…3); value 0
 * clears that mark. */
enum ej_err db_journal_mark_set(struct ej_db *db, const struct ej_ctx *ctx, long long lesson_id,
                                long long work_id, long long pupil_id, int seq, int value,
                                long long *work_out, struct ej_error *err);
/* A new connection's first mark costs ~10 ms of PostgreSQL's CPU (its triggers'
 * PL/pgSQL compiled, their plans and the catalogs they read cached), later ones ~1 ms.
 * This pays it ahead, when a journal has opened for writing and the user reads it: the
 * first mark of the lesson (and its work), written and rolled back.  Once per backend;
 * nothing when the connection is released or down.  Nothing is kept, whatever the
 * triggers say. */
void db_journal_warm(struct ej_db *db, const struct ej_ctx *ctx, long long lesson_id,
                     long long pupil_id);
/* Absence code RV_N/RV_B/RV_U, or RV_NONE to clear.  Setting Н (or any code by the
 * lesson's teacher) records that attendance was taken. */
enum ej_err db_journal_absence_set(struct ej_db *db, const struct ej_ctx *ctx, long long lesson_id,
                                   long long pupil_id, enum rules_value code,
                                   struct ej_error *err);
/* The same code for several lessons of one pupil (a whole day) in ONE transaction:
 * all or nothing, each lesson under the policy. */
enum ej_err db_journal_absence_set_many(struct ej_db *db, const struct ej_ctx *ctx,
                                        const long long *lesson_ids, int n, long long pupil_id,
                                        enum rules_value code, struct ej_error *err);
/* Attendance taken: everybody without an absence was present. */
enum ej_err db_journal_attendance_taken(struct ej_db *db, const struct ej_ctx *ctx,
                                        long long lesson_id, struct ej_error *err);
/* Period final (RV_NONE clears). */
enum ej_err db_journal_final_set(struct ej_db *db, const struct ej_ctx *ctx, long long course_id,
                                 long long period_id, long long pupil_id, enum rules_value v,
                                 struct ej_error *err);

/* The lesson editor's change set, saved in one transaction. */
struct db_lesson_edit {
    long long lesson_id;
    const char *topic;        /* UTF-8 */
    long long plan_item_id;   /* 0: none */
    const char *homework;
    bool held;
    int nworks;               /* existing works, in order, with their (new) type */
    long long work_ids[JOURNAL_MAX_WORKS];
    long long work_types[JOURNAL_MAX_WORKS];
    long long new_work_type;  /* add one work of this type (0: none) */
};
enum ej_err db_journal_lesson_save(struct ej_db *db, const struct ej_ctx *ctx,
                                   const struct db_lesson_edit *e, struct ej_error *err);
/* Remove a work that holds no marks (EJ_EINVAL if it does). */
enum ej_err db_journal_work_delete(struct ej_db *db, const struct ej_ctx *ctx, long long work_id,
                                   struct ej_error *err);
/* A lesson outside the timetable (a replacement) on `date` (a day number) with
 * number num (0: none); its id in *id_out. */
enum ej_err db_journal_lesson_add(struct ej_db *db, const struct ej_ctx *ctx, long long course_id,
                                  int date, int num, long long *id_out, struct ej_error *err);

/* The calendar-thematic plan of a course. */
struct db_plan_item {
    long long id;
    int num;
    char *topic;
};
enum ej_err db_journal_plan(struct ej_db *db, long long course_id, struct db_plan_item **out,
                            int *n, struct ej_error *err);
void db_journal_plan_free(struct db_plan_item *items, int n);

/* The account's password hash, for the idle lock (caller wipes and frees); NULL on error. */
char *db_journal_password_hash(struct ej_db *db, long long account_id, struct ej_error *err);
/* Drain notifications of the school's channel ej_change_<school id>: calls fn(payload,
 * own, arg) for each; own when this connection's own write sent it.
 * Returns how many; -1 when the connection is down. */
int db_journal_notifications(struct ej_db *db,
                             void (*fn)(const char *payload, bool own, void *arg), void *arg);
#endif
