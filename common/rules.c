/*
 * rules — codes, refusal messages, deadlines, retakes and rounding.  Pure
 * functions: the same rules the schema enforces (schema/003_rules.sql), applied
 * before a key reaches the database so that the refusal is instant and names the
 * clause.
 */
#include "rules.h"
#include "i18n.h"

#include <string.h>

enum rules_value rules_key(uint32_t wc)
{
    switch (wc) {
    case '2':
        return RV_2;
    case '3':
        return RV_3;
    case '4':
        return RV_4;
    case '5':
        return RV_5;
    case 0x41d: /* Н */
    case 0x43d: /* н */
    case 'N':
    case 'n':
        return RV_N;
    case 0x411: /* Б */
    case 0x431: /* б */
    case 'B':
    case 'b':
        return RV_B;
    case 0x423: /* У */
    case 0x443: /* у */
    case 'U':
    case 'u':
        return RV_U;
    case 0x41a: /* К */
    case 0x43a: /* к */
    case 'K':
    case 'k':
        return RV_K;
    default:
        return RV_NONE;
    }
}

const char *rules_refusal(enum rules_cell cell, bool graded)
{
    if (cell == RULES_CELL_FINAL)
        return graded ? _("Period final: only 2, 3, 4, 5, Н, Б or У (cl. 3.5)")
                      : _("Period final of a subject without marks: only К, Н, Б or У (cl. 3.5)");
    if (!graded)
        return _("This subject is not graded in this class: only absences Н, Б, У");
    return _("Mark: only 2, 3, 4 or 5, no dots, no + or - (cl. 3.5); absence: Н, Б, У");
}

enum ej_err rules_check(enum rules_cell cell, enum rules_value v, bool graded,
                        struct ej_error *err)
{
    bool ok;
    if (cell == RULES_CELL_FINAL)
        ok = rules_is_absence(v) || (graded ? rules_is_mark(v) : v == RV_K);
    else
        ok = rules_is_absence(v) || (graded && rules_is_mark(v));
    if (ok)
        return EJ_OK;
    if (cell == RULES_CELL_MARK && v == RV_K)
        return ej_error_set(err, EJ_EINVAL, "%s",
                            _("К is only a period final for a subject without marks (cl. 3.5)"));
    return ej_error_set(err, EJ_EINVAL, "%s", rules_refusal(cell, graded));
}

const char *rules_value_str(enum rules_value v)
{
    switch (v) {
    case RV_2:
        return "2";
    case RV_3:
        return "3";
    case RV_4:
        return "4";
    case RV_5:
        return "5";
    case RV_N:
        return "Н";
    case RV_B:
        return "Б";
    case RV_U:
        return "У";
    case RV_K:
        return "К";
    case RV_NONE:
        break;
    }
    return "";
}

enum rules_value rules_value_parse(const char *s)
{
    if (!s || !*s)
        return RV_NONE;
    /* One code point, then the end of the string. */
    uint32_t cp;
    const unsigned char *p = (const unsigned char *)s;
    size_t n;
    if (p[0] < 0x80) {
        cp = p[0];
        n = 1;
    } else if ((p[0] & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
        cp = ((uint32_t)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
        n = 2;
    } else {
        return RV_NONE;
    }
    if (s[n] != '\0')
        return RV_NONE;
    return rules_key(cp);
}

int rules_due_days(bool written)
{
    return written ? 5 : 1;
}

int rules_days_left(int lesson_day, bool written, int today)
{
    return lesson_day + rules_due_days(written) - today;
}

enum rules_retake rules_retake_parse(const char *s)
{
    if (s && strcmp(s, "last") == 0)
        return RETAKE_LAST;
    if (s && strcmp(s, "best") == 0)
        return RETAKE_BEST;
    if (s && strcmp(s, "first") == 0)
        return RETAKE_FIRST;
    return RETAKE_ALL;
}

int rules_retake_pick(enum rules_retake r, const int *marks, int n, int *idx)
{
    if (n <= 0)
        return 0;
    switch (r) {
    case RETAKE_ALL:
        for (int i = 0; i < n; i++)
            idx[i] = i;
        return n;
    case RETAKE_FIRST:
        idx[0] = 0;
        return 1;
    case RETAKE_LAST:
        idx[0] = n - 1;
        return 1;
    case RETAKE_BEST: {
        int best = 0;
        for (int i = 1; i < n; i++)
            if (marks[i] > marks[best])
                best = i;
        idx[0] = best;
        return 1;
    }
    }
    return 0;
}

enum rules_value rules_suggest(double avg, double threshold)
{
    if (!(avg > 0))
        return RV_NONE;
    /* Compare in hundredths: averages are shown with two decimals, and 3.6 must
     * not become 3.5999… */
    long h = (long)(avg * 100.0 + 0.5);
    long whole = h / 100, frac = h % 100;
    long th = (long)(threshold * 100.0 + 0.5);
    long v = whole + (frac >= th ? 1 : 0);
    if (v < 2)
        v = 2;
    if (v > 5)
        v = 5;
    return (enum rules_value)v;
}
