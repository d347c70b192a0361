/*
 * pupils — a class list from a spreadsheet as data, before any database: the
 * header row mapped to the pupil's fields, every row checked, every problem
 * collected with its line (issue #5, clause 3.3).  No SQL (db-pupils.c adds the
 * checks that need the database: the class, pupils already in the school) and
 * no terminal (client/cmd-pupils.c prints the problems).
 *
 * The file format: one header row, then one pupil per row.  Columns, in any
 * order, matched without regard to case, «ё», spaces, and a trailing
 * parenthesised hint («Дата рождения (ДД.ММ.ГГГГ)»):
 *   Фамилия*, Имя*, Отчество, Дата рождения* (ДД.ММ.ГГГГ or ГГГГ-ММ-ДД),
 *   Пол* (М/Ж), Номер личного дела, Адрес, Класс (if present, must be the target
 *   class: so that a list exported by `pupils list --csv` imports back).
 * (* required.)  The column names are the file format, the same in every
 * language, so they are not translated.  Unknown columns are warnings: they are
 * listed and ignored.  Rows whose cells are all empty are skipped.
 */
#ifndef EJ_PUPILS_H
#define EJ_PUPILS_H
#include "csv.h"
#include "err.h"
#include <stdbool.h>
#include <stddef.h>

/* A class list holds at most this many rows of pupils, well-formed or not (the
 * rest of the file is refused): this bounds the problems listed too. */
#define PUPILS_MAX_ROWS 1000

enum pupil_field {
    PF_SURNAME,
    PF_NAME,
    PF_PATRONYMIC,
    PF_BIRTH,
    PF_SEX,
    PF_FILE_NO,
    PF_ADDRESS,
    PF_CLASS,
    PF_COUNT
};

struct pupil_row {
    int line;             /* where the row starts in the file */
    char *f[PF_COUNT];    /* trimmed UTF-8, "" when the column is absent */
    int birth;            /* day number (calendar.h), valid when ok */
    bool ok;              /* no problem found in this row */
};

struct pupil_problem {
    int line;  /* 0: the message names its line itself (a CSV error) */
    char *msg; /* translated, without the "line N: " prefix unless line is 0 */
};

struct pupil_sheet {
    enum csv_encoding encoding;
    char sep;
    struct pupil_row *rows;
    int nrows;
    struct pupil_problem *problems; /* block the import */
    int nproblems;
    struct pupil_problem *warnings; /* do not (unknown columns) */
    int nwarnings;
};

/* The header name of a field in the file format ("Фамилия"…); static storage. */
const char *pupils_column(enum pupil_field f);

/*
 * Read a class list from len bytes of a CSV file for class `class_name` ("7А"),
 * the pupils to be enrolled on day `enroll_day`.  Fills *s (free with
 * pupils_sheet_free) with the rows and every problem found; an unreadable file is
 * one problem.  Returns the number of problems.
 */
int pupils_sheet_read(const void *data, size_t len, const char *class_name, int enroll_day,
                      struct pupil_sheet *s);
void pupils_sheet_free(struct pupil_sheet *s);
/* Add a problem (line > 0: the message is without the line) to the sheet. */
void pupils_problem_add(struct pupil_sheet *s, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Problems in the order of their lines (header first). */
void pupils_problems_sort(struct pupil_sheet *s);
/* A change of one pupil's personal data (`pupils edit`, the pupil's card):
 * f[PF_SURNAME … PF_ADDRESS] as typed, NULL leaving a field as it is (PF_CLASS
 * is not changed here: that is a transfer).  The birth date is DD.MM.YYYY (or
 * YYYY-MM-DD), the sex М or Ж as a file may spell it (м, ж, муж., f…). */
struct pupil_change {
    const char *f[PF_COUNT];
    const char *paper; /* weekly reports on paper (3.10): "да"/"нет" (yes/no), NULL stays */
};
/* Check a change before anything is written: names not blank, every field one
 * line within its length, a real birth date that makes the pupil 4 to 25 on day
 * `today`, a sex, yes or no for paper.  *birth gets the date (if given), sex[]
 * the letter «М» / «Ж» (if given), *paper 1 or 0 (-1 if not given).  EJ_EINVAL
 * with the field named. */
enum ej_err pupil_change_check(const struct pupil_change *c, int today, int *birth, char sex[4],
                               int *paper, struct ej_error *err);
/* Fold a name for comparison: lower case, «ё» as «е», spaces collapsed.  Caller
 * frees. */
char *pupils_fold(const char *s);
#endif
