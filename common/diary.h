/*
 * diary — a pupil's diary as data (clauses 3.7, 3.8): every lesson of the
 * academic year the pupil attends (their class's courses on the days they were
 * enrolled, a study group's only while a member), with bell times, topic,
 * homework (posted ahead too), the pupil's marks with work types and absences;
 * the periods of the class's scheme, the pupil's finals and the class's weekly
 * timetable.  Loaded in one go (db-diary.c, five queries) and then cut into
 * weeks and subjects here, with no SQL and no terminal: the diary screen, the
 * `diary`/`marks` commands and the tests all read the same struct.
 *
 * Dates are day numbers (calendar.h).  Strings are owned by the diary and
 * freed with it.
 */
#ifndef EJ_DIARY_H
#define EJ_DIARY_H
#include "ctx.h"
#include "db.h"
#include "rules.h"
#include <stdbool.h>
#include <stddef.h>

struct diary_course {
    long long id;
    char *subject, *short_name, *group_name, *teacher; /* teacher: "Иванова М. П." */
    bool graded;
    int sort;
};

struct diary_mark {
    long long lesson_id, work_id;
    int course;        /* index into courses */
    int date, seq, value, pos;
    char *work, *work_short;
    double weight;
};

struct diary_lesson {
    long long id;
    int course;        /* index into courses */
    int date, num;     /* num -1: outside the bell schedule */
    char starts[6], ends[6];
    char *topic, *homework;
    bool held;
    enum rules_value absence; /* RV_NONE, RV_N, RV_B, RV_U */
    int mark0, nmarks; /* the lesson's marks: marks[mark0 .. mark0+nmarks) */
};

struct diary_period {
    long long id;
    int num, starts, ends; /* inclusive */
    char *name;
};

struct diary_final {
    int course;        /* index into courses */
    long long period_id;
    char kind[8];      /* period, year, exam, final */
    enum rules_value value;
};

struct diary_slot {
    int weekday, num;  /* 1 = Monday */
    int course;
    char starts[6], ends[6];
    char *room;
};

struct diary {
    long long school_id, pupil_id, class_id, year_id;
    char pupil[200];     /* "Соколов Михаил Андреевич" */
    char pupil_short[200]; /* "Соколов Михаил" */
    char class_name[16]; /* the class on the asked day (else the latest of the year) */
    char year[16];       /* "2026/2027" */
    int year_starts, year_ends, today;
    bool weighted;
    double threshold;
    enum rules_retake retake;
    bool six_day_week;

    struct diary_course *courses;
    int ncourses;
    struct diary_lesson *lessons; /* by date, then number */
    int nlessons;
    struct diary_mark *marks;     /* by lesson (same order), work position, seq */
    int nmarks;
    struct diary_period *periods;
    int nperiods;
    struct diary_final *finals;
    int nfinals;
    struct diary_slot *slots;     /* the class's timetable on the asked day */
    int nslots;
};

/* A pupil the account may open a diary of: a parent's children, a pupil themself. */
struct diary_child {
    long long pupil_id;
    char name[200];      /* "Соколов Михаил" */
    char class_name[16]; /* current class, "" if none */
};

/* The pupils whose diaries are the account's own: a parent's children (by
 * pupil_guardian), a pupil themself.  Caller frees *out. */
enum ej_err db_diary_children(struct ej_db *db, const struct ej_ctx *ctx, struct diary_child **out,
                              int *n, struct ej_error *err);

/* Load the diary of a pupil for the academic year containing `day` (a day
 * number; < 0: today).  The policy decides (DIARY_READ) before anything of the
 * pupil is read: EJ_EDENIED for another family's pupil, EJ_ENOTFOUND for an id
 * that is no pupil of the school (told apart only for those allowed to know).
 * Caller diary_free()s. */
enum ej_err db_diary_load(struct ej_db *db, const struct ej_ctx *ctx, long long pupil_id, int day,
                          struct diary **out, struct ej_error *err);
void diary_free(struct diary *d);

/* ---- views (diary.c) */

/* The Monday of the week containing `day`. */
int diary_monday(int day);
/* Lessons on days [from, to): index of the first in *first, count returned. */
int diary_lessons_between(const struct diary *d, int from, int to, int *first);
/* The period containing `day` (else the latest begun, else the first); -1 if none. */
int diary_period_at(const struct diary *d, int day);
/* Average of the pupil's marks in course c over days [from, to] inclusive, under
 * the school's retake rule; weighted by work types when the school says so.
 * 0 when there are none; *count gets how many marks counted. */
double diary_average(const struct diary *d, int course, int from, int to, int *count);
/* The final of kind ("period", "year") for course c in period_id (year: 0). */
enum rules_value diary_final(const struct diary *d, int course, const char *kind,
                             long long period_id);
/* "5", "2/4" (retakes), "Н" — the text of a lesson's marks in one work, or all of
 * them separated by spaces (work_id 0). */
void diary_marks_text(const struct diary *d, const struct diary_lesson *l, char *out, size_t n);
#endif
