/*
 * calendar — school dates as whole days: parsing and formatting ISO dates, the
 * weekday, and Russian short names for headers.  A date is an int counting days
 * from 1970-01-01 (proleptic Gregorian), so date arithmetic is plain integer
 * arithmetic and comparison.  Pure functions, no time zones: "today" always comes
 * from the database clock (db_today), never from the client's.  And one clock for
 * intervals (timeouts, idle times), which never gives a date.
 */
#ifndef EJ_CALENDAR_H
#define EJ_CALENDAR_H
#include <stdbool.h>

/* Seconds on CLOCK_MONOTONIC: for measuring intervals only. */
double cal_mono_s(void);
/* Days from 1970-01-01 for a civil date (month 1–12, day 1–31). */
int cal_days(int year, int month, int day);
/* The civil date of a day number. */
void cal_civil(int days, int *year, int *month, int *day);
/* Parse "YYYY-MM-DD" (exactly; a valid calendar date).  false if malformed. */
bool cal_parse(const char *iso, int *days);
/* A date as people type it: "DD.MM.YYYY", or "YYYY-MM-DD"; false if it is neither
 * or no such day (31.02). */
bool cal_parse_user(const char *s, int *days);
/* "YYYY-MM-DD" into out (11 bytes). */
void cal_iso(int days, char out[11]);
/* "DD.MM" into out (6 bytes), "DD.MM.YYYY" into out (11 bytes). */
void cal_ddmm(int days, char out[6]);
void cal_ddmmyyyy(int days, char out[11]);
/* ISO weekday: 1 = Monday … 7 = Sunday. */
int cal_weekday(int days);
/* Short Russian weekday name ("пн" … "вс") and month name in the nominative
 * ("январь"…), and in the genitive ("января"…), through gettext; static storage. */
const char *cal_weekday_short(int days);
const char *cal_weekday_long(int days);
const char *cal_month_name(int month);
const char *cal_month_genitive(int month);
#endif
