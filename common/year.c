/*
 * year — weekdays, bell times, date ranges, period schemes and spreadsheet
 * headers of the year setup (year.h).
 */
#include "year.h"
#include "calendar.h"
#include "i18n.h"
#include "pupils.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int year_weekday_parse(const char *s)
{
    if (!s)
        return 0;
    if (s[0] >= '1' && s[0] <= '7' && !s[1])
        return s[0] - '0';
    static const char *const names[7][4] = {
        { "пн", "понедельник", "mon", "monday" },  { "вт", "вторник", "tue", "tuesday" },
        { "ср", "среда", "wed", "wednesday" },     { "чт", "четверг", "thu", "thursday" },
        { "пт", "пятница", "fri", "friday" },      { "сб", "суббота", "sat", "saturday" },
        { "вс", "воскресенье", "sun", "sunday" },
    };
    char *f = pupils_fold(s);
    int wd = 0;
    for (int i = 0; i < 7 && !wd; i++)
        for (int k = 0; k < 4; k++)
            if (!strcmp(f, names[i][k]))
                wd = i + 1;
    free(f);
    return wd;
}

const char *year_weekday_name(int wd)
{
    /* 2024-01-01 was a Monday. */
    return wd >= 1 && wd <= 7 ? cal_weekday_short(cal_days(2024, 1, wd)) : "?";
}

int year_time_parse(const char *s)
{
    if (!s)
        return -1;
    int h = 0, m = 0, i = 0;
    if (s[i] < '0' || s[i] > '9')
        return -1;
    h = s[i++] - '0';
    if (s[i] >= '0' && s[i] <= '9')
        h = h * 10 + (s[i++] - '0');
    if (s[i++] != ':' || s[i] < '0' || s[i] > '5' || s[i + 1] < '0' || s[i + 1] > '9' || s[i + 2])
        return -1;
    m = (s[i] - '0') * 10 + (s[i + 1] - '0');
    return h < 24 ? h * 60 + m : -1;
}

bool year_range_parse(const char *s, int *from, int *to)
{
    if (!s)
        return false;
    const char *dash = strchr(s, '-');
    size_t skip = 1;
    /* An ISO date has dashes of its own: a range of two is 21 characters. */
    if (strlen(s) == 21 && s[10] == '-')
        dash = s + 10;
    else if (strstr(s, "–")) { /* an en dash, as word processors type it */
        dash = strstr(s, "–");
        skip = strlen("–");
    }
    if (!dash || dash - s > 10)
        return false;
    char a[11];
    memcpy(a, s, (size_t)(dash - s));
    a[dash - s] = '\0';
    return cal_parse_user(a, from) && cal_parse_user(dash + skip, to) && *from <= *to;
}

int year_scheme_periods(const char *scheme)
{
    if (!scheme)
        return 0;
    return !strcmp(scheme, "quarter") ? 4 : !strcmp(scheme, "trimester") ? 3 : !strcmp(scheme, "half") ? 2 : 0;
}

const char *year_scheme_period_name(const char *scheme, int k, char out[64])
{
    const char *what = !strcmp(scheme, "quarter")     ? _("quarter")
                       : !strcmp(scheme, "trimester") ? _("trimester")
                                                      : _("half-year");
    snprintf(out, 64, "%d %s", k, what);
    return out;
}

bool year_name_parse(const char *s, int *first)
{
    if (!s || strlen(s) != 9 || s[4] != '/')
        return false;
    for (int i = 0; i < 9; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            return false;
    int a = atoi(s), b = atoi(s + 5);
    if (b != a + 1 || a < 2000 || a > 2200)
        return false;
    *first = a;
    return true;
}

/* The header cell as a key: folded, without a trailing «(…)» hint. */
static char *header_key(const char *s)
{
    char *f = pupils_fold(s);
    char *paren = strchr(f, '(');
    if (paren && strchr(paren, ')')) {
        *paren = '\0';
        size_t n = strlen(f);
        while (n && f[n - 1] == ' ')
            f[--n] = '\0';
    }
    return f;
}

enum ej_err sheet_map(const struct csv_table *t, const struct sheet_col *cols, int n, int *idx,
                      struct ej_error *err)
{
    const struct csv_record *h = &t->records[0];
    for (int i = 0; i < n; i++)
        idx[i] = -1;
    enum ej_err e = EJ_OK;
    for (int c = 0; c < h->nfields && e == EJ_OK; c++) {
        char *key = header_key(h->fields[c]);
        for (int i = 0; i < n; i++) {
            char *a = header_key(cols[i].name), *b = cols[i].alias ? header_key(cols[i].alias) : NULL;
            bool hit = !strcmp(key, a) || (b && !strcmp(key, b));
            free(a);
            free(b);
            if (!hit)
                continue;
            if (idx[i] >= 0)
                e = ej_error_set(err, EJ_EINVAL, _("line %d: the column «%s» is given twice"),
                                 h->line, cols[i].name);
            idx[i] = c;
            break;
        }
        free(key);
    }
    for (int i = 0; i < n && e == EJ_OK; i++)
        if (cols[i].required && idx[i] < 0)
            e = ej_error_set(err, EJ_EINVAL,
                             _("line %d: the first line must name the columns; «%s» is missing"),
                             h->line, cols[i].name);
    return e;
}

const char *sheet_get(struct csv_record *r, int idx)
{
    if (idx < 0 || idx >= r->nfields)
        return "";
    char *s = r->fields[idx];
    while (*s == ' ' || *s == '\t')
        memmove(s, s + 1, strlen(s));
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}
