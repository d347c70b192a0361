/*
 * year — the deputy director's year setup as data, before any database (clause
 * 3.2, issue #8): weekdays, bell times and date ranges as people type them, the
 * period schemes, and the header row of the spreadsheets the setup reads
 * (timetable, КТП, curriculum).  No SQL (db-year.c and its neighbours) and no
 * terminal (client/cmd-year.c).
 */
#ifndef EJ_YEAR_H
#define EJ_YEAR_H
#include "csv.h"
#include "err.h"
#include <stdbool.h>

/* "1" … "7", «пн»/«Пн»/«понедельник» … , "mon"/"monday": 1 = Monday … 7; 0 when
 * it is not a weekday. */
int year_weekday_parse(const char *s);
/* «пн» … «вс» for 1 … 7 (translated; static storage). */
const char *year_weekday_name(int wd);
/* "8:30" or "08:30" as minutes after midnight; -1 when malformed. */
int year_time_parse(const char *s);
/* "01.09.2027-25.10.2027" (either date as cal_parse_user takes it; "–" too):
 * true and the two days, from <= to. */
bool year_range_parse(const char *s, int *from, int *to);
/* The number of periods of a scheme ("quarter" 4, "trimester" 3, "half" 2), 0 for
 * anything else; the Russian name of period k of it («2 четверть»), translated. */
int year_scheme_periods(const char *scheme);
const char *year_scheme_period_name(const char *scheme, int k, char out[64]);
/* "2027/2028" with the second year the next: true, and the first year. */
bool year_name_parse(const char *s, int *first);

/* The header row of a spreadsheet: cols[i] is a column name as the file format
 * spells it (matched without regard to case, «ё», spaces, and a trailing
 * parenthesised hint); alias an optional other spelling.  idx[i] becomes the
 * column's index or -1.  EJ_EINVAL naming a required column that is missing or a
 * column given twice.  Other columns are ignored. */
struct sheet_col {
    const char *name;
    const char *alias;
    bool required;
};
enum ej_err sheet_map(const struct csv_table *t, const struct sheet_col *cols, int n, int *idx,
                      struct ej_error *err);
/* The cell of record r in column idx, trimmed of spaces in place ("" when idx < 0
 * or the record is short). */
const char *sheet_get(struct csv_record *r, int idx);
#endif
