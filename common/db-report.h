/*
 * db-report — every SQL statement behind the printed documents (common/report.c).
 * A document is built from a handful of set queries over a whole class (or one
 * course) and a date range — never one query per pupil or per day — so that a
 * school's weekly reports come from a few dozen queries.
 *
 * Dates are day numbers (calendar.h).  Ranges are half-open [from, to).  Strings
 * in the results are owned by the result and freed with it.  Reads only: nothing
 * here writes, so no audit context is needed.
 */
#ifndef EJ_DB_REPORT_H
#define EJ_DB_REPORT_H
#include "db.h"
#include <stdbool.h>
#include <limits.h>

#define RP_OPEN INT_MAX /* an enrollment without an end */

struct rp_class {
    long long id, school_id, year_id;
    int grade;
    char letter[8];
    char name[16];         /* "7А" */
    char scheme[16];       /* period scheme: quarter, half, trimester */
    long long teacher_id;  /* class teacher's staff id, 0 if none */
    char teacher[200];     /* "Иванова Мария Петровна" */
    char year[16];         /* "2026/2027" */
    int year_starts, year_ends;
    char school[400], school_short[200], director[200];
};

/* Find a class: by id (id > 0), or by grade and letter in the year named `year`
 * (NULL: the year containing `day`, or when day < 0 the current year).
 * EJ_ENOTFOUND if there is none. */
enum ej_err db_report_class(struct ej_db *db, long long school_id, long long id, int grade,
                            const char *letter, const char *year, int day, struct rp_class *out,
                            struct ej_error *err);
/* Every class of the school in the year containing `day` (day < 0: the current
 * year), by grade and letter.  Caller frees *out. */
enum ej_err db_report_classes(struct ej_db *db, long long school_id, int day,
                              struct rp_class **out, int *n, struct ej_error *err);
/* The class a pupil was in during [from, to) (the latest enrollment); EJ_ENOTFOUND. */
enum ej_err db_report_pupil_class(struct ej_db *db, long long school_id, long long pupil_id,
                                  int from, int to, long long *class_id, struct ej_error *err);
/* Is the pupil a child of one of these guardians? */
enum ej_err db_report_own_child(struct ej_db *db, long long school_id, const long long *guardians,
                                int n, long long pupil_id, bool *own, struct ej_error *err);

struct rp_pupil {
    long long id;
    char *surname, *name, *patronymic;
    int from, to;       /* first day in the class (or group), day after the last (RP_OPEN) */
    bool paper;         /* pupil.paper_reports */
    char *order_out, *reason_out;
};

struct rp_period {
    long long id;
    int num;
    char *name;
    int starts, ends;   /* inclusive */
};

struct rp_subject {
    long long id;
    char *name, *short_name;
    bool graded;
};

struct rp_course {
    long long id, class_id, group_id, subject_id;
    char *subject, *group_name;
    char *teachers;       /* full names, in order of teaching, ", "-separated */
    char *teacher_short;  /* the latest teacher "Иванова М. П." */
    bool graded;
    bool mine;            /* the asking staff teaches (or taught a lesson of) it */
};

struct rp_lesson {
    long long id, course_id, group_id, subject_id;
    int date, num;
    char *subject, *subject_short, *topic, *homework;
};

struct rp_work {
    long long id, lesson_id;
    int pos;
    char *short_name;
};

struct rp_mark {
    long long work_id, lesson_id, pupil_id;
    int seq, value;
};

struct rp_absence {
    long long lesson_id, pupil_id;
    char code[8];
};

struct rp_member {
    long long group_id, pupil_id;
    int from, to;
};

struct rp_final {
    long long course_id, subject_id, pupil_id, period_id;
    char kind[8], value[8];
};

/* What to load for a class (course_id 0: every course of the class) over [from, to). */
enum {
    RP_PUPILS = 1 << 0,   /* pupils enrolled in the class (or members of the course's group) */
    RP_LESSONS = 1 << 1,  /* lessons held, with works, marks and absences */
    RP_MEMBERS = 1 << 2,  /* study group membership in the class */
    RP_FINALS = 1 << 3,   /* finals of the courses (any date) */
    RP_ABSENCES = 1 << 4, /* absences only (RP_LESSONS loads them too) */
};

struct rp_data {
    struct rp_pupil *pupils;
    int npupils;
    struct rp_lesson *lessons;
    int nlessons;
    struct rp_work *works;
    int nworks;
    struct rp_mark *marks;
    int nmarks;
    struct rp_absence *absences;
    int nabsences;
    struct rp_member *members;
    int nmembers;
    struct rp_final *finals;
    int nfinals;
};

enum ej_err db_report_load(struct ej_db *db, long long school_id, long long class_id,
                           long long course_id, int from, int to, unsigned what,
                           struct rp_data *out, struct ej_error *err);
void db_report_data_free(struct rp_data *d);

/* Periods of a year in a scheme ("quarter", "half", "trimester", "year"), by number. */
enum ej_err db_report_periods(struct ej_db *db, long long school_id, long long year_id,
                              const char *scheme, struct rp_period **out, int *n,
                              struct ej_error *err);
void db_report_periods_free(struct rp_period *p, int n);
/* The subjects of a class's curriculum, in the school's order. */
enum ej_err db_report_subjects(struct ej_db *db, long long school_id, long long class_id,
                               struct rp_subject **out, int *n, struct ej_error *err);
void db_report_subjects_free(struct rp_subject *s, int n);
/* A course; `staff_id` (0: none) decides rp_course.mine.  EJ_ENOTFOUND. */
enum ej_err db_report_course(struct ej_db *db, long long school_id, long long course_id,
                             long long staff_id, struct rp_course *out, struct ej_error *err);
void db_report_course_free(struct rp_course *c);
#endif
