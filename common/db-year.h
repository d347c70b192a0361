/*
 * db-year — the deputy director prepares the school year (clause 3.2, issue #8):
 * the year and its periods, holidays, moved working days, the bells of each shift,
 * the classes of the year, subjects and the curriculum (учебный план), the teaching
 * load, the weekly timetable with its clash check, the lessons generated from it,
 * substitutions, and the calendar-thematic plan (КТП) of each course.
 *
 * Who may (common/policy.c): the deputy director and the administrator change all
 * of it (YEAR_EDIT); a course's teacher changes that course's КТП (PLAN_EDIT);
 * every member of staff reads it (YEAR_READ).  Every change is one transaction,
 * audited (schema/060_year.sql).
 *
 * Years are named "2027/2028"; NULL means the current one (containing today, else
 * the latest begun).  Classes are named "8А" within a year.  Subjects are named by
 * their name or short name, case aside.  A teacher is a staff id or a login.
 * Days are day numbers (calendar.h).  Every refusal is EJ_EINVAL / EJ_ENOTFOUND /
 * EJ_ECONFLICT / EJ_EDENIED with a translated message naming what is wrong, and
 * changes nothing.
 */
#ifndef EJ_DB_YEAR_H
#define EJ_DB_YEAR_H
#include "csv.h"
#include "ctx.h"
#include "db.h"
#include <stdbool.h>

/* ------------------------------------------------------------- the calendar */
struct db_year {
    long long id;
    char name[16];
    int starts, ends;
    int classes;      /* classes of the year */
    int workdays;     /* school days from the first to the last */
};
enum ej_err db_years_list(struct ej_db *db, const struct ej_ctx *ctx, struct db_year **out, int *n,
                          struct ej_error *err);
/* A new year "2027/2028" from starts to ends (within those two calendar years),
 * with its 'year' period (for the year's finals). */
enum ej_err db_year_create(struct ej_db *db, const struct ej_ctx *ctx, const char *name, int starts,
                           int ends, struct ej_error *err);
/* The periods of scheme ("quarter", "trimester", "half") in year: n ranges in order,
 * inside the year, not overlapping.  Replaces the scheme's periods unless one of them
 * is locked or has finals. */
enum ej_err db_year_periods_set(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                                const char *scheme, const int *starts, const int *ends, int n,
                                struct ej_error *err);
enum ej_err db_year_holiday_add(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                                const char *name, int starts, int ends, long long *id,
                                struct ej_error *err);
enum ej_err db_year_holiday_remove(struct ej_db *db, const struct ej_ctx *ctx, long long id,
                                   struct ej_error *err);
/* An exception to the calendar: as_weekday 1…6, the day is a school day taught as
 * that weekday (a moved working day); 0, the day is off; -1, the exception is
 * removed. */
enum ej_err db_year_day_set(struct ej_db *db, const struct ej_ctx *ctx, const char *year, int day,
                            int as_weekday, const char *note, struct ej_error *err);
/* Five or six school days a week (the school's). */
enum ej_err db_school_week_set(struct ej_db *db, const struct ej_ctx *ctx, bool six_days,
                               struct ej_error *err);

struct db_holiday {
    long long id;
    char name[512];
    int starts, ends;
};
struct db_calday {
    int day;
    int as_weekday; /* 0: off */
    char note[512];
};
struct db_year_period {
    char scheme[16], name[64];
    int num, starts, ends, workdays;
    char locked[512]; /* "who, DD.MM.YYYY HH:MI", "" when open */
};
struct db_year_class {
    long long id;
    char name[8], teacher[512], scheme[16];
    int shift, pupils, subjects, hours10; /* curriculum: subjects, weekly hours × 10 */
    int slots;   /* lessons a week in the timetable (on its first day, else today) */
    int lessons; /* lessons made for the year so far */
};
struct db_year_show {
    struct db_year year;
    bool six_days;
    struct db_year_period *periods;
    int nperiods;
    struct db_holiday *holidays;
    int nholidays;
    struct db_calday *days;
    int ndays;
    struct db_year_class *classes;
    int nclasses;
};
enum ej_err db_year_show(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                         struct db_year_show *out, struct ej_error *err);
void db_year_show_free(struct db_year_show *s);

/* A class of the year: created when it does not exist (scheme default "quarter",
 * shift 1), else changed; NULL / 0 keep what is there.  teacher "-" removes the
 * class teacher. */
enum ej_err db_year_class_set(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                              const char *cls, const char *teacher, const char *scheme, int shift,
                              bool *created, struct ej_error *err);

struct db_bell {
    int shift, num;
    int starts, ends; /* minutes after midnight */
};
enum ej_err db_bells_list(struct ej_db *db, const struct ej_ctx *ctx, int shift,
                          struct db_bell **out, int *n, struct ej_error *err);
/* Replace the bells of a shift (1, 2) with v[0…n): numbers 0…10, each once, times
 * in order and not overlapping. */
enum ej_err db_bells_set(struct ej_db *db, const struct ej_ctx *ctx, int shift,
                         const struct db_bell *v, int n, struct ej_error *err);

/* ----------------------------------------------- subjects and the curriculum */
struct db_subject {
    long long id;
    char name[512], short_name[64];
};
enum ej_err db_subjects_list(struct ej_db *db, const struct ej_ctx *ctx, struct db_subject **out,
                             int *n, struct ej_error *err);
enum ej_err db_subject_add(struct ej_db *db, const struct ej_ctx *ctx, const char *name,
                           const char *short_name, long long *id, struct ej_error *err);

struct db_curriculum {
    char subject[512], short_name[64];
    char hours[8]; /* "2", "1.5" */
    bool graded;
    int lessons;   /* lessons of its courses so far */
};
enum ej_err db_curriculum_list(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                               const char *cls, struct db_curriculum **out, int *n,
                               struct ej_error *err);
/* Set (add or change) one subject of a class's curriculum: hours "1"…"20" (halves
 * allowed), graded or not (К). */
enum ej_err db_curriculum_set(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                              const char *cls, const char *subject, const char *hours, bool graded,
                              struct ej_error *err);
/* Take a subject out (refused while its journals have lessons). */
enum ej_err db_curriculum_remove(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                                 const char *cls, const char *subject, struct ej_error *err);
/* A spreadsheet «Предмет; Часов в неделю; Оценивается (да/нет)» into a class's
 * curriculum, all rows or none; *rows set. */
enum ej_err db_curriculum_import(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                                 const char *cls, struct csv_table *t, int *rows,
                                 struct ej_error *err);
/* Last year's curriculum of a grade into this year's classes of that grade (each
 * class from last year's class of the same letter, else from the first class of
 * the grade); subjects a class already has are left as they are. */
enum ej_err db_curriculum_copy(struct ej_db *db, const struct ej_ctx *ctx, const char *from_year,
                               const char *to_year, int grade, int *classes, int *rows,
                               struct ej_error *err);

/* ---------------------------------------------------------- teaching load */
struct db_load {
    long long course_id, staff_id;
    char cls[8], group[512], subject[512], teacher[512], login[40];
    int from, to; /* to: the last day, 0 when open to the end of the year */
};
/* The load of a year, of one class (cls) and/or one teacher (teacher) when given. */
enum ej_err db_load_list(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                         const char *cls, const char *teacher, struct db_load **out, int *n,
                         struct ej_error *err);
/* From day `from`, `teacher` teaches `subject` (of the class's curriculum) to the
 * class or to its study group `group` (NULL: the whole class): the journal is
 * created when it does not exist; the previous teacher's range ends the day before
 * (their lessons stay theirs).  Refused when it puts the teacher in two places. */
enum ej_err db_load_set(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                        const char *cls, const char *subject, const char *group,
                        const char *teacher, int from, long long *course_id,
                        struct ej_error *err);

/* The load from a spreadsheet «Класс; Группа; Предмет; Логин; С» (what `load list
 * --csv` writes; «Логин» may be a staff number too), each line as db_load_set, all
 * lines or none.  *rows set. */
enum ej_err db_load_import(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                           struct csv_table *t, int *rows, struct ej_error *err);

/* ----------------------------------------------------------- the timetable */
struct db_slot {
    long long course_id;
    char cls[8];
    int weekday, num;
    char subject[512], group[512], room[96], teacher[512];
    char bell[32]; /* "08:30–09:15" when the shift has that bell */
    int from, to;  /* valid from, to (the last day) */
};
/* The timetable of a class (cls), or of a teacher across classes (teacher), valid
 * on `day` (0: today, or the year's first or last day outside it). */
enum ej_err db_timetable_show(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                              const char *cls, const char *teacher, int day, struct db_slot **out,
                              int *n, struct ej_error *err);
/* The class's weekly timetable from day `from` to the end of the year, from a
 * spreadsheet «День; Урок; Предмет; Группа; Кабинет»: what was valid before `from`
 * stays as it was.  All rows or none; a clash (a teacher, a room or the class in two
 * places at once) is refused and named.  *rows set. */
enum ej_err db_timetable_set(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                             const char *cls, int from, struct csv_table *t, int *rows,
                             struct ej_error *err);

/* One cell of the timetable (weekday, lesson number) from day `from` (0 or before
 * the year: its first day) on: `subject` (and study group `group`) in `room`, or
 * nothing when subject is NULL.  A lesson of the whole class takes the cell; a
 * group's lesson takes the place of the whole class's and of its own group's,
 * beside the other groups'.  A clash is refused and named. */
enum ej_err db_timetable_cell_set(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                                  const char *cls, int weekday, int num, const char *subject,
                                  const char *group, const char *room, int from,
                                  struct ej_error *err);

/* Lessons from the timetable for the school days of a class's periods (days in a
 * locked period are left alone), from..to (0: the whole year).  Without apply only
 * the plan.  A lesson the timetable no longer has is removed when it holds nothing,
 * moved to the course's new place on the same day when it holds marks,
 * attendance, a topic or homework and there is one, else kept. */
struct db_gen_item {
    char what;            /* '+' add, '-' remove, '>' move, '=' keep (has data) */
    char cls[8], subject[512], group[512];
    int day, num, new_num;
};
struct db_gen {
    int added, removed, moved, kept, unchanged;
    struct db_gen_item *items; /* moved and kept ones */
    int nitems;
};
enum ej_err db_lessons_generate(struct ej_db *db, const struct ej_ctx *ctx, const char *year,
                                const char *cls, int from, int to, bool apply,
                                struct db_gen *out, struct ej_error *err);
void db_gen_free(struct db_gen *g);
/* A substitution: `teacher` gives (and then edits) lesson `lesson_id`; teacher
 * NULL gives it back to the course's teacher. */
enum ej_err db_lesson_substitute(struct ej_db *db, const struct ej_ctx *ctx, long long lesson_id,
                                 const char *teacher, struct ej_error *err);

/* --------------------------------------------------------------- the КТП */
struct db_ktp_item {
    int num, hours;
    char topic[2048];
    int first_day, last_day; /* the lessons that take it, 0 when none yet */
};
/* The plan of a course (a journal id as `journal list` gives it). */
enum ej_err db_plan_list(struct ej_db *db, const struct ej_ctx *ctx, long long course_id,
                         struct db_ktp_item **out, int *n, struct ej_error *err);
/* Replace the plan of a course with a spreadsheet «Тема; Часов» (an optional «№»
 * column orders it) and lay it over the lessons; *items and *lessons set. */
enum ej_err db_plan_import(struct ej_db *db, const struct ej_ctx *ctx, long long course_id,
                           struct csv_table *t, int *items, int *lessons, struct ej_error *err);
/* Add a topic of `hours` hours at the end of the plan (typed by the teacher) and lay
 * the plan over the lessons; *lessons changed. */
enum ej_err db_plan_add(struct ej_db *db, const struct ej_ctx *ctx, long long course_id,
                        const char *topic, int hours, int *lessons, struct ej_error *err);
/* Lay the plan over the lessons again (after lessons were added); *lessons changed. */
enum ej_err db_plan_spread(struct ej_db *db, const struct ej_ctx *ctx, long long course_id,
                           int *lessons, struct ej_error *err);
#endif
