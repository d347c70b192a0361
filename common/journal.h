/*
 * journal — one course's journal for one period as data: pupils down, columns
 * across (one per work of a lesson; one for a lesson without works), marks and
 * absences in the cells, averages and the period final on the right.  No SQL and
 * no terminal here: db-journal.c fills it (journal_add_*), the grid screen and
 * the commands read it, and tests/unit/journal.c builds it by hand.
 *
 * Dates are day numbers (calendar.h).  Indices (pupil p, column c, lesson l) are
 * positions in the arrays below, valid until the journal is freed.
 */
#ifndef EJ_JOURNAL_H
#define EJ_JOURNAL_H
#include "policy.h"
#include "rules.h"
#include <stdbool.h>

#define JOURNAL_MAX_WORKS 5   /* work.pos 1…5 */
#define JOURNAL_MAX_SEQ 3     /* mark.seq 1…3: a first mark and up to two retakes */
#define JOURNAL_MAX_RANGES 8  /* enrollment spells of one pupil in one period */
#define JOURNAL_OPEN_END 0x3fffffff

struct journal_period {
    long long id;
    int num;
    char *name;
    int starts, ends; /* inclusive */
    bool locked;
};

struct journal_work_type {
    long long id;
    char *name, *short_name;
    double weight;
    bool written;
};

struct journal_work {
    long long id;
    int type; /* index into types */
    int pos;
};

struct journal_lesson {
    long long id;
    int date;
    int num;          /* lesson number of the day; 0 when not from the bells */
    char *topic, *homework;
    long long plan_item_id;
    long long teacher_id; /* who actually taught it (0: the course's teacher) */
    bool held, from_timetable, attendance_taken;
    int nworks;
    struct journal_work works[JOURNAL_MAX_WORKS];
    int first_col; /* its first column */
};

struct journal_range {
    int from, to; /* [from, to) */
};

struct journal_pupil {
    long long id;
    char *surname, *name, *patronymic;
    char *label; /* "Фамилия И. О." */
    int nranges;
    struct journal_range ranges[JOURNAL_MAX_RANGES];
};

struct journal_col {
    int lesson;
    int work; /* index into the lesson's works, -1 when it has none */
};

struct journal_marks {
    signed char v[JOURNAL_MAX_SEQ]; /* by seq - 1; 0 = none */
};

struct journal_teacher {
    long long staff_id;
    int from, to; /* [from, to) */
};

struct journal {
    long long school_id, course_id, class_id, group_id, subject_id;
    char *class_name, *group_name, *subject_name, *teacher_name;
    int grade;
    bool graded;
    long long class_teacher; /* staff id, 0 if none */
    bool weighted;           /* the school shows the weighted average */
    double threshold;        /* rounding threshold of the suggested final */
    enum rules_retake retake;
    int today;

    struct journal_teacher *teachers;
    int nteachers;
    struct journal_period *periods;
    int nperiods;
    int period; /* index of the period shown */
    struct journal_work_type *types;
    int ntypes;
    struct journal_pupil *pupils;
    int npupils;
    struct journal_lesson *lessons;
    int nlessons;
    struct journal_col *cols;
    int ncols;
    struct journal_marks *marks; /* [npupils * ncols] */
    unsigned char *att;          /* [npupils * nlessons], enum rules_value */
    unsigned char *finals;       /* [npupils], enum rules_value */
};

struct journal *journal_new(void);
void journal_free(struct journal *j);

/* Building (db-journal.c, tests).  Strings are copied.  Pupils and lessons must be
 * added in display order; journal_finish() then lays out the columns and the
 * cells, after which marks, absences and finals are added. */
void journal_set_course(struct journal *j, const char *class_name, const char *group_name,
                        const char *subject, const char *teacher);
void journal_add_teacher(struct journal *j, long long staff_id, int from, int to);
int journal_add_period(struct journal *j, long long id, int num, const char *name, int starts,
                       int ends, bool locked);
int journal_add_type(struct journal *j, long long id, const char *name, const char *short_name,
                     double weight, bool written);
/* Adds a pupil, or a further enrollment spell to the last one added when id repeats. */
int journal_add_pupil(struct journal *j, long long id, const char *surname, const char *name,
                      const char *patronymic, int from, int to);
int journal_add_lesson(struct journal *j, long long id, int date, int num, const char *topic,
                       const char *homework, bool held, bool attendance_taken);
/* A work of lesson index l, with its type's id; false if the type is unknown or
 * the lesson is full. */
bool journal_add_work(struct journal *j, int l, long long id, long long type_id, int pos);
void journal_finish(struct journal *j);
/* Loaded values by database ids; false when the pupil/work/lesson is not shown. */
bool journal_put_mark(struct journal *j, long long pupil_id, long long work_id, int seq,
                      int value);
bool journal_put_absence(struct journal *j, long long pupil_id, long long lesson_id,
                         enum rules_value code);
bool journal_put_final(struct journal *j, long long pupil_id, enum rules_value v);
/* A work `id` of type index `type` just created on lesson l, which had none: its one
 * column (so far without a work) now holds it.  false when l already has works. */
bool journal_first_work(struct journal *j, int l, long long id, int type);
/* What a saved mark write did to cell (p, c): value at seq (2-5), or 0: seq and its
 * retakes cleared (a retake needs the mark before it), as db_journal_mark_set does.
 * Anything else changes nothing. */
void journal_set_mark(struct journal *j, int p, int c, int seq, int value);
/* Forget pupil p's marks, absences and final (before re-reading that one row). */
void journal_clear_pupil(struct journal *j, int p);

/* Lookups: index or -1. */
int journal_pupil_index(const struct journal *j, long long pupil_id);
int journal_lesson_index(const struct journal *j, long long lesson_id);
int journal_col_of_work(const struct journal *j, long long work_id);
int journal_type_index(const struct journal *j, long long type_id);
/* The default work type for a new work (the first one: «Ответ на уроке»); -1 if none. */
int journal_default_type(const struct journal *j);

/* Was pupil p in the class (group) on day d? */
bool journal_enrolled(const struct journal *j, int p, int day);
/* Does cell (p, c) exist (the pupil was enrolled on the lesson's date)? */
bool journal_cell_active(const struct journal *j, int p, int c);
/* The work of column c, or NULL. */
const struct journal_work *journal_col_work(const struct journal *j, int c);
/* Mark seq (1…3) of cell (p, c), 0 if none; number of marks in the cell. */
int journal_mark(const struct journal *j, int p, int c, int seq);
int journal_nmarks(const struct journal *j, int p, int c);
enum rules_value journal_absence(const struct journal *j, int p, int l);
/* The text of cell (p, c) for the screen: "5", "2/4", "Н", "Н5", "" (UTF-8, ≤ 15 bytes). */
void journal_cell_text(const struct journal *j, int p, int c, char out[16]);

/* Averages of pupil p over the period's marks (the school's retake rule applies):
 * arithmetic, weighted by the work types' weights; 0 when the pupil has no marks. */
struct journal_avg {
    double arith, weighted;
    int count;
};
void journal_average(const struct journal *j, int p, struct journal_avg *out);
/* The average the school chose (weighted or arithmetic) and the final suggested from
 * it under the school's rounding threshold.  Never stored by itself. */
double journal_school_average(const struct journal *j, int p);
enum rules_value journal_suggest(const struct journal *j, int p);
/* A line naming the averages' formulas and the rounding rule (translated; caller frees). */
char *journal_formula(const struct journal *j);

/* Is staff s the course's teacher on day d (any day of the journal's year when d < 0)? */
bool journal_teacher_on(const struct journal *j, long long staff_id, int day);
/* The facts the policy needs for an action on lesson l (-1: the course as a whole)
 * and pupil p (-1: none), for ctx. */
void journal_policy_object(const struct journal *j, const struct ej_ctx *ctx, int l, int p,
                           struct policy_object *o);
/* The period shown. */
const struct journal_period *journal_period(const struct journal *j);
/* "Фамилия И. О." of surname/name/patronymic (caller frees). */
char *journal_short_name(const char *surname, const char *name, const char *patronymic);
#endif
