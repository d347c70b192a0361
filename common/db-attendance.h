/*
 * db-attendance — a class's day as the class teacher keeps it (clause 3.4):
 * pupils × that day's lessons with what the subject teachers marked, and the
 * attendance summary per pupil over a period (lessons missed by reason).
 * Reading needs the policy's CLASS_READ (the class teacher, the office); every
 * write goes through db_journal_absence_set[_many], which asks the policy per
 * lesson (who may set Н, who Б and У).
 */
#ifndef EJ_DB_ATTENDANCE_H
#define EJ_DB_ATTENDANCE_H
#include "ctx.h"
#include "db.h"
#include "rules.h"
#include <stdbool.h>

struct att_lesson {
    long long id, course_id;
    int num;              /* -1: outside the bell schedule */
    char subject[64];     /* short name; a group's number after it: "Англ 1" */
    char teacher[128];    /* "Петров С. Н." */
    bool held, taken;     /* taken: the teacher took attendance */
    bool mine;            /* ctx teaches it (may set Н) */
};

struct att_pupil {
    long long id;
    char name[200];       /* "Соколов Михаил" */
};

/* Cell values: ATT_NA — the pupil does not attend that lesson (another study
 * group); otherwise an enum rules_value (RV_NONE present or not yet marked). */
#define ATT_NA (-1)

struct att_day {
    long long class_id, class_teacher;
    char class_name[16];
    int day, today;
    struct att_lesson *lessons;
    int nlessons;
    struct att_pupil *pupils;
    int npupils;
    int *cells;           /* npupils × nlessons, row by pupil */
};

static inline int att_cell(const struct att_day *a, int p, int l)
{
    return a->cells[p * a->nlessons + l];
}

/* The day (a day number; < 0: today) of class `class_name` ("7А", the current
 * year).  EJ_EDENIED / EJ_ENOTFOUND / EJ_EINVAL.  Free with db_attendance_free. */
enum ej_err db_attendance_day(struct ej_db *db, const struct ej_ctx *ctx, const char *class_name,
                              int day, struct att_day **out, struct ej_error *err);
void db_attendance_free(struct att_day *a);

/* The classes ctx is class teacher of this year ("7А"), for the home screen. */
enum ej_err db_attendance_my_classes(struct ej_db *db, const struct ej_ctx *ctx, char (*names)[16],
                                     int max, int *n, struct ej_error *err);

/* Lessons missed per pupil over [from, to] (inclusive day numbers). */
struct att_summary {
    long long pupil_id;
    char name[200];
    int lessons;          /* lessons held that the pupil had to attend */
    int n, b, u;          /* missed: without reason, ill, excused */
};
enum ej_err db_attendance_summary(struct ej_db *db, const struct ej_ctx *ctx,
                                  const char *class_name, int from, int to,
                                  struct att_summary **out, int *n, struct ej_error *err);
#endif
