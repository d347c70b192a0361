/*
 * calendar — day numbers and their names.  The algorithm for civil dates is the
 * well-known "days from civil" by era (400-year cycles), valid far beyond any
 * school year.  Also the one monotonic clock for intervals.
 */
#include "calendar.h"
#include "i18n.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

double cal_mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cal_days(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void cal_civil(int z, int *year, int *month, int *day)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int d = doy - (153 * mp + 2) / 5 + 1;
    int m = mp < 10 ? mp + 3 : mp - 9;
    *year = y + (m <= 2);
    *month = m;
    *day = d;
}

bool cal_parse(const char *s, int *days)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    int n = cal_days(y, m, d);
    int yy, mm, dd;
    cal_civil(n, &yy, &mm, &dd);
    if (yy != y || mm != m || dd != d)
        return false;
    *days = n;
    return true;
}

bool cal_parse_user(const char *s, int *days)
{
    if (s && strlen(s) == 10 && s[2] == '.' && s[5] == '.') {
        char iso[11] = { s[6], s[7], s[8], s[9], '-', s[3], s[4], '-', s[0], s[1], '\0' };
        return cal_parse(iso, days);
    }
    return cal_parse(s, days);
}

void cal_iso(int days, char out[11])
{
    int y, m, d;
    cal_civil(days, &y, &m, &d);
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}

void cal_ddmm(int days, char out[6])
{
    int y, m, d;
    cal_civil(days, &y, &m, &d);
    snprintf(out, 6, "%02u.%02u", (unsigned)d % 100u, (unsigned)m % 100u);
}

void cal_ddmmyyyy(int days, char out[11])
{
    int y, m, d;
    cal_civil(days, &y, &m, &d);
    snprintf(out, 11, "%02u.%02u.%04u", (unsigned)d % 100u, (unsigned)m % 100u, (unsigned)y % 10000u);
}

int cal_weekday(int days)
{
    /* 1970-01-01 was a Thursday (4). */
    int w = (days % 7 + 7 + 3) % 7;
    return w + 1;
}

const char *cal_weekday_short(int days)
{
    static const char *const names[] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
                                         N_("Fri"), N_("Sat"), N_("Sun") };
    return _(names[cal_weekday(days) - 1]);
}

const char *cal_weekday_long(int days)
{
    static const char *const names[] = { N_("Monday"), N_("Tuesday"), N_("Wednesday"),
                                         N_("Thursday"), N_("Friday"), N_("Saturday"),
                                         N_("Sunday") };
    return _(names[cal_weekday(days) - 1]);
}

const char *cal_month_name(int month)
{
    static const char *const names[] = { N_("January"), N_("February"), N_("March"),
                                         N_("April"),   N_("May"),      N_("June"),
                                         N_("July"),    N_("August"),   N_("September"),
                                         N_("October"), N_("November"), N_("December") };
    return month >= 1 && month <= 12 ? _(names[month - 1]) : "";
}

const char *cal_month_genitive(int month)
{
    /* Separate msgids: Russian needs the genitive after a day number. */
    static const char *const names[] = {
        N_("of January"), N_("of February"), N_("of March"),     N_("of April"),
        N_("of May"),     N_("of June"),     N_("of July"),      N_("of August"),
        N_("of September"), N_("of October"), N_("of November"), N_("of December")
    };
    return month >= 1 && month <= 12 ? _(names[month - 1]) : "";
}
