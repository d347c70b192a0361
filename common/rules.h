/*
 * rules — the regulation's codes and deadlines (clauses 3.4, 3.5; DESIGN.md §10).
 *
 * One value type, enum rules_value, covers every code a journal cell may hold:
 * marks 2–5, absences Н/Б/У, and the finals' К.  Which of them a given cell
 * accepts is decided here too (a current mark cell: 2–5 and Н/Б/У; a final: 2–5,
 * Н, Б, У, and К only for a subject without marks).  Keys are letters, not
 * physical keys: н/n, б/b, у/u, к/k in either case and either layout.
 *
 * Deadlines flag, they never block: classwork is due by the end of the day after
 * the lesson, written work by the end of the fifth calendar day after it.
 */
#ifndef EJ_RULES_H
#define EJ_RULES_H
#include "err.h"
#include <stdbool.h>
#include <stdint.h>

enum rules_value {
    RV_NONE = 0,
    RV_2 = 2,
    RV_3 = 3,
    RV_4 = 4,
    RV_5 = 5,
    RV_N = 10, /* Н: absent without a reason / not attested, unexcused */
    RV_B = 11, /* Б: ill */
    RV_U = 12, /* У: excused reason */
    RV_K = 13, /* К: qualitative attestation (finals of subjects without marks) */
};

/* Which kind of cell a key is typed into. */
enum rules_cell { RULES_CELL_MARK, RULES_CELL_FINAL };

static inline bool rules_is_mark(enum rules_value v) { return v >= RV_2 && v <= RV_5; }
static inline bool rules_is_absence(enum rules_value v) { return v >= RV_N && v <= RV_U; }

/* The value a typed character stands for: '2'…'5', н/n, б/b, у/u, к/k (any case,
 * Cyrillic or Latin).  RV_NONE for anything else ('1', '0', '+', '-', '.', …). */
enum rules_value rules_key(uint32_t wc);
/* Check a value for a cell.  graded: the subject has marks in this class (false
 * for grade 1 and subjects such as ОРКСЭ).  EJ_EINVAL with the clause's message
 * when refused. */
enum ej_err rules_check(enum rules_cell cell, enum rules_value v, bool graded,
                        struct ej_error *err);
/* The message for a refused key in a cell, naming the rule. */
const char *rules_refusal(enum rules_cell cell, bool graded);
/* "5", "Н", "К" …; "" for RV_NONE.  Static storage. */
const char *rules_value_str(enum rules_value v);
/* Parse "2"…"5", "Н", "Б", "У", "К" (also Latin n/b/u/k, any case); RV_NONE if not. */
enum rules_value rules_value_parse(const char *s);

/* Deadline of a mark under 3.5: days after the lesson's date by whose END the mark
 * is due (1 for classwork, 5 for written work). */
int rules_due_days(bool written);
/* Days left before a mark for a lesson on `lesson_day` is late, seen on `today`
 * (both day numbers): 0 = due today, negative = overdue by that many days. */
int rules_days_left(int lesson_day, bool written, int today);

/* Retake rule of the school (school.retake_rule). */
enum rules_retake { RETAKE_ALL, RETAKE_LAST, RETAKE_BEST, RETAKE_FIRST };
enum rules_retake rules_retake_parse(const char *s);
/* The marks of one pupil in one work (in order of entry, n ≥ 1) that count in the
 * average under rule r: writes their indices to idx, returns how many. */
int rules_retake_pick(enum rules_retake r, const int *marks, int n, int *idx);
/* Suggested final from an average: the whole part, plus one when the fraction
 * reaches the school's threshold (0.60: 3.60 → 4, 3.59 → 3); clamped to 2…5.
 * RV_NONE when there is no average (avg <= 0). */
enum rules_value rules_suggest(double avg, double threshold);
#endif
