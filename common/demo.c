/*
 * demo — the demo school МБОУ «ООШ №5» and districts of such schools, generated
 * deterministically: the same seed and the same "today" give the same database
 * (except the password hash, whose salt is random).  docs/DEMO.md lists what it
 * holds; tests/db/demo.c checks the facts other code relies on.
 *
 * How it works: one pass per school builds every row in memory as COPY text
 * (one buffer per table), then db-demo.c loads the buffers with COPY in one
 * transaction with row triggers off.  Because the triggers do not run, this file
 * computes what they would (mark due/late per DESIGN.md §10, set_at, topic_set_at)
 * and keeps every rule they enforce: marks only for pupils in the lesson's class or
 * group on its date, only up to yesterday, never in grade 1 or an ungraded subject,
 * «К» finals only for ungraded subjects.  All timestamps are school-local seconds
 * (the session's TimeZone is the school's during the load).
 *
 * The weekly timetable is the same for every school (it depends on the structure,
 * not the seed): a deterministic greedy allocator with restarts fills each class's
 * Mon–Fri slots 1–7 with no teacher or class in two places at once.
 */
#include "demo.h"
#include "db-demo.h"
#include "db.h"
#include "demo-data.h"
#include "utf8.h"
#include "i18n.h"
#include "log.h"
#include "passwd.h"
#include "xmalloc.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_PASSWORD "demo2026"
#define DEMO_TZ "Europe/Moscow"

const struct demo_account demo_accounts[] = {
    { "ivanova", DEMO_PASSWORD, N_("teacher of Russian and literature in 7А, 7Б, 8А, 8Б; class teacher of 7А") },
    { "petrov", DEMO_PASSWORD, N_("teacher of algebra, geometry, probability and statistics in grades 7–9") },
    { "zavuch", DEMO_PASSWORD, N_("deputy director for teaching and learning") },
    { "sekretar", DEMO_PASSWORD, N_("school secretary") },
    { "kadry", DEMO_PASSWORD, N_("HR specialist") },
    { "roditel", DEMO_PASSWORD, N_("parent: mother of Sokolov Mikhail (7А) and Sokolova Anna (3Б)") },
    { "uchenik", DEMO_PASSWORD, N_("pupil of 7А (Sokolov Mikhail)") },
    { "admin", DEMO_PASSWORD, N_("administrator") },
};
const int demo_naccounts = (int)(sizeof demo_accounts / sizeof demo_accounts[0]);

/* ---------------------------------------------------------------- randomness */

struct rng {
    uint64_t s;
};

static uint64_t rng_u64(struct rng *r)
{
    /* splitmix64: tiny, fast, and the same on every platform */
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int rng_int(struct rng *r, int lo, int hi)
{
    return lo + (int)(rng_u64(r) % (uint64_t)(hi - lo + 1));
}

static bool rng_chance(struct rng *r, double p)
{
    return (double)(rng_u64(r) >> 11) * 0x1.0p-53 < p;
}

/* ---------------------------------------------------------------- dates */

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static int day_of(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil(int z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

/* ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
static int weekday(int day)
{
    return ((day % 7) + 7 + 3) % 7 + 1;
}

static bool parse_date(const char *s, int *day)
{
    int y, m, d;
    char extra;
    if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    int z = day_of(y, m, d);
    int y2, m2, d2;
    civil(z, &y2, &m2, &d2);
    if (y2 != y || m2 != m || d2 != d)
        return false;
    *day = z;
    return true;
}

#define DAY 86400LL
#define HM(h, m) ((h) * 3600LL + (m) * 60LL)

/* ---------------------------------------------------------------- the fixed calendar */

struct span {
    int from, to; /* inclusive */
};

static struct {
    int year_start, year_end;     /* 2026-09-01 … 2027-05-31 */
    struct span quarter[4];
    struct span half[2];
    struct span year;             /* the 'year' period: 2026-09-01 … 2027-05-26 */
    struct span holiday[7];
    int kuznetsov_out;            /* first day he is no longer enrolled: 2026-10-11 */
    int novikova_in;              /* 2026-11-09 */
    int setup_day;                /* 2026-08-28: accounts made, lessons generated */
} cal;

static const char *const holiday_names[7] = {
    "Осенние каникулы", "Зимние каникулы", "День защитника Отечества", "Международный женский день",
    "Весенние каникулы", "Праздник Весны и Труда", "Перенос выходного дня (День Победы)",
};

static void cal_init(void)
{
    cal.year_start = day_of(2026, 9, 1);
    cal.year_end = day_of(2027, 5, 31);
    cal.quarter[0] = (struct span){ day_of(2026, 9, 1), day_of(2026, 10, 24) };
    cal.quarter[1] = (struct span){ day_of(2026, 11, 5), day_of(2026, 12, 28) };
    cal.quarter[2] = (struct span){ day_of(2027, 1, 12), day_of(2027, 3, 20) };
    cal.quarter[3] = (struct span){ day_of(2027, 3, 30), day_of(2027, 5, 26) };
    cal.half[0] = (struct span){ day_of(2026, 9, 1), day_of(2026, 12, 28) };
    cal.half[1] = (struct span){ day_of(2027, 1, 12), day_of(2027, 5, 26) };
    cal.year = (struct span){ day_of(2026, 9, 1), day_of(2027, 5, 26) };
    cal.holiday[0] = (struct span){ day_of(2026, 10, 25), day_of(2026, 11, 4) };
    cal.holiday[1] = (struct span){ day_of(2026, 12, 29), day_of(2027, 1, 11) };
    cal.holiday[2] = (struct span){ day_of(2027, 2, 23), day_of(2027, 2, 23) };
    cal.holiday[3] = (struct span){ day_of(2027, 3, 8), day_of(2027, 3, 8) };
    cal.holiday[4] = (struct span){ day_of(2027, 3, 21), day_of(2027, 3, 29) };
    cal.holiday[5] = (struct span){ day_of(2027, 5, 1), day_of(2027, 5, 1) };
    cal.holiday[6] = (struct span){ day_of(2027, 5, 10), day_of(2027, 5, 10) };
    cal.kuznetsov_out = day_of(2026, 10, 11);
    cal.novikova_in = day_of(2026, 11, 9);
    cal.setup_day = day_of(2026, 8, 28);
}

/* Quarter (0–3) of a day, -1 outside them. */
static int quarter_of(int day)
{
    for (int q = 0; q < 4; q++)
        if (day >= cal.quarter[q].from && day <= cal.quarter[q].to)
            return q;
    return -1;
}

static bool school_day(int day)
{
    if (weekday(day) > 5 || quarter_of(day) < 0)
        return false;
    for (int i = 0; i < 7; i++)
        if (day >= cal.holiday[i].from && day <= cal.holiday[i].to)
            return false;
    return true;
}

/* Bells of shift 1 (minutes from midnight), lessons 1–7. */
static const int bell_start[7] = {
    8 * 60, 8 * 60 + 50, 9 * 60 + 45, 10 * 60 + 45, 11 * 60 + 35, 12 * 60 + 25, 13 * 60 + 15,
};
#define LESSON_MIN 40

/* ---------------------------------------------------------------- work types */

enum wt { WT_OTV, WT_DZ, WT_SR, WT_PR, WT_LAB, WT_TEST, WT_DICT, WT_KR, WT_ZACH, WT_N };
static const struct {
    const char *name, *short_name, *weight;
    double w;
    bool written;
} work_types[WT_N] = {
    [WT_OTV] = { "Ответ на уроке", "Отв", "1.0", 1.0, false },
    [WT_DZ] = { "Домашняя работа", "Д/з", "1.0", 1.0, false },
    [WT_SR] = { "Самостоятельная работа", "С/р", "1.5", 1.5, false },
    [WT_PR] = { "Практическая работа", "Пр/р", "1.5", 1.5, false },
    [WT_LAB] = { "Лабораторная работа", "Лаб", "1.5", 1.5, false },
    [WT_TEST] = { "Тест", "Тест", "1.5", 1.5, true },
    [WT_DICT] = { "Диктант", "Дикт", "2.0", 2.0, true },
    [WT_KR] = { "Контрольная работа", "К/р", "2.0", 2.0, true },
    [WT_ZACH] = { "Зачётная работа", "Зач", "2.0", 2.0, true },
};

/* ---------------------------------------------------------------- staff and teaching load */

enum staff_role {
    ST_DIRECTOR, ST_ZAVUCH, ST_SECRETARY, ST_HR, ST_OPERATOR, ST_PSYCH, ST_LIBRARIAN,
    ST_IVANOVA, ST_PETROV, ST_RUS1, ST_RUS2, ST_MATH2, ST_PHYS, ST_HIST1, ST_HIST2, ST_GEO,
    ST_BIO, ST_MUS, ST_ART, ST_TRUD, ST_ENG1, ST_ENG2, ST_ENG3, ST_ENG4, ST_PE1, ST_PE2,
    ST_PRIM1, ST_N = ST_PRIM1 + 8
};
#define FIRST_TEACHER ST_IVANOVA

static const struct {
    const char *position;
    bool male;
    const char *room;
} staff_roles[ST_N] = {
    [ST_DIRECTOR] = { "директор", true, "" },
    [ST_ZAVUCH] = { "заместитель директора по УВР", false, "" },
    [ST_SECRETARY] = { "секретарь учебной части", false, "" },
    [ST_HR] = { "специалист по кадрам", false, "" },
    [ST_OPERATOR] = { "оператор ЭВМ", true, "" },
    [ST_PSYCH] = { "педагог-психолог", false, "" },
    [ST_LIBRARIAN] = { "педагог-библиотекарь", false, "" },
    [ST_IVANOVA] = { "учитель русского языка и литературы", false, "21" },
    [ST_PETROV] = { "учитель математики", true, "24" },
    [ST_RUS1] = { "учитель русского языка и литературы", false, "22" },
    [ST_RUS2] = { "учитель русского языка и литературы", false, "23" },
    [ST_MATH2] = { "учитель математики", false, "25" },
    [ST_PHYS] = { "учитель физики и информатики", true, "31" },
    [ST_HIST1] = { "учитель истории и обществознания", false, "26" },
    [ST_HIST2] = { "учитель истории и обществознания", true, "27" },
    [ST_GEO] = { "учитель географии", false, "28" },
    [ST_BIO] = { "учитель биологии и химии", false, "32" },
    [ST_MUS] = { "учитель музыки", false, "41" },
    [ST_ART] = { "учитель изобразительного искусства и труда (технологии)", false, "42" },
    [ST_TRUD] = { "учитель труда (технологии)", true, "мастерская" },
    [ST_ENG1] = { "учитель английского языка", false, "33" },
    [ST_ENG2] = { "учитель английского языка", false, "34" },
    [ST_ENG3] = { "учитель английского языка", false, "35" },
    [ST_ENG4] = { "учитель английского языка", false, "36" },
    [ST_PE1] = { "учитель физической культуры и ОБЗР", true, "спортзал" },
    [ST_PE2] = { "учитель физической культуры", true, "спортзал" },
    [ST_PRIM1] = { "учитель начальных классов", false, "1" },
    [ST_PRIM1 + 1] = { "учитель начальных классов", false, "2" },
    [ST_PRIM1 + 2] = { "учитель начальных классов", false, "3" },
    [ST_PRIM1 + 3] = { "учитель начальных классов", false, "4" },
    [ST_PRIM1 + 4] = { "учитель начальных классов", false, "5" },
    [ST_PRIM1 + 5] = { "учитель начальных классов", false, "6" },
    [ST_PRIM1 + 6] = { "учитель начальных классов", false, "7" },
    [ST_PRIM1 + 7] = { "учитель начальных классов", false, "8" },
};

#define NCLASS 18 /* 1А, 1Б … 9А, 9Б: class index = (grade - 1) * 2 + letter */
static const char *const letters[2] = { "А", "Б" };
static int grade_of(int c)
{
    return c / 2 + 1;
}

/* Who teaches subject s in class c (group 0: the whole class, 1/2: a study group). */
static int teacher_for(int c, int s, int group)
{
    int g = grade_of(c), l = c % 2;
    if (g <= 4) {
        switch (s) {
        case SUBJ_ENG: return c <= 4 ? ST_ENG3 : ST_ENG4; /* 2А 2Б 3А | 3Б 4А 4Б */
        case SUBJ_MUS: return ST_MUS;
        case SUBJ_PE: return ST_PE1;
        default: return ST_PRIM1 + c;
        }
    }
    switch (s) {
    case SUBJ_RUS:
    case SUBJ_LIT:
        if (g == 5) return ST_RUS1;
        if (g == 6) return ST_RUS2;
        if (g <= 8) return ST_IVANOVA;
        return l == 0 ? ST_RUS1 : ST_RUS2;
    case SUBJ_MATH: return ST_MATH2;
    case SUBJ_ALG:
    case SUBJ_GEOM:
    case SUBJ_VIS:
        /* Petrov takes 7А–9А; 36 hours would not fit a 35-slot week, so 9Б goes to
         * the other mathematics teacher. */
        return c == (9 - 1) * 2 + 1 ? ST_MATH2 : ST_PETROV;
    case SUBJ_INF:
    case SUBJ_PHYS: return ST_PHYS;
    case SUBJ_HIST:
    case SUBJ_OBSH: return g <= 7 ? ST_HIST1 : ST_HIST2;
    case SUBJ_GEO: return ST_GEO;
    case SUBJ_BIO:
    case SUBJ_CHEM: return ST_BIO;
    case SUBJ_IZO: return ST_ART;
    case SUBJ_MUS: return ST_MUS;
    case SUBJ_TRUD: return group == 2 ? ST_ART : ST_TRUD;
    case SUBJ_OBZR: return ST_PE1;
    case SUBJ_PE: return ST_PE2;
    case SUBJ_ENG:
        if (g <= 7) return group == 2 ? ST_ENG2 : ST_ENG1;
        return group == 2 ? ST_ENG4 : ST_ENG3;
    default: return ST_PRIM1; /* not reached: other subjects are primary only */
    }
}

/* The class teacher of each class. */
static const int class_teacher[NCLASS] = {
    ST_PRIM1, ST_PRIM1 + 1, ST_PRIM1 + 2, ST_PRIM1 + 3, ST_PRIM1 + 4, ST_PRIM1 + 5, ST_PRIM1 + 6, ST_PRIM1 + 7,
    ST_RUS1, ST_MATH2, ST_RUS2, ST_ENG1, ST_IVANOVA, ST_HIST1, ST_PHYS, ST_BIO, ST_GEO, ST_HIST2,
};

static bool split_groups(int c, int s)
{
    return demo_subjects[s].groups && grade_of(c) >= 5;
}

static int hours(int c, int s)
{
    return demo_subjects[s].hours[grade_of(c) - 1];
}

/* ---------------------------------------------------------------- timetable */

/* tt[c][day][slot]: the subject taught (both study groups at once), -1 free. */
static signed char tt[NCLASS][5][7];

struct tt_unit {
    int c, s, hours, nteach;
    int teach[2];
    long key;
};

static int unit_cmp(const void *a, const void *b)
{
    const struct tt_unit *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

/* One attempt of the greedy allocator; false if some hour found no place. */
static bool tt_attempt(struct tt_unit *u, int nu, const int breadth[ST_N], const int load[ST_N], struct rng *r)
{
    static bool tbusy[ST_N][5][7];
    int daylen[NCLASS][5];
    static signed char cnt[NCLASS][SUBJ_N][5];
    memset(tbusy, 0, sizeof tbusy);
    memset(cnt, 0, sizeof cnt);
    memset(tt, -1, sizeof tt);
    for (int c = 0; c < NCLASS; c++) {
        int total = 0;
        for (int s = 0; s < SUBJ_N; s++)
            total += hours(c, s);
        for (int d = 0; d < 5; d++)
            daylen[c][d] = total / 5 + (d < total % 5);
    }
    /* The busiest teachers first; a primary teacher's own class (the most
     * flexible: she teaches nowhere else) last. */
    for (int i = 0; i < nu; i++) {
        int b = 0, l = 0;
        for (int t = 0; t < u[i].nteach; t++) {
            b = breadth[u[i].teach[t]] > b ? breadth[u[i].teach[t]] : b;
            l = load[u[i].teach[t]] > l ? load[u[i].teach[t]] : l;
        }
        u[i].key = -((long)(b > 1) * 1000000 + (long)l * 10000 + u[i].hours * 100) + rng_int(r, 0, 99);
    }
    qsort(u, (size_t)nu, sizeof *u, unit_cmp);
    for (int i = 0; i < nu; i++) {
        int c = u[i].c, s = u[i].s;
        for (int h = 0; h < u[i].hours; h++) {
            int best = -1, bestscore = INT_MAX;
            for (int lim = u[i].hours > 5 ? 2 : 1; lim <= 3 && best < 0; lim++) {
                for (int d = 0; d < 5; d++) {
                    if (cnt[c][s][d] >= lim)
                        continue;
                    for (int k = 0; k < daylen[c][d]; k++) {
                        if (tt[c][d][k] >= 0)
                            continue;
                        bool free = true;
                        for (int t = 0; t < u[i].nteach; t++)
                            free = free && !tbusy[u[i].teach[t]][d][k];
                        if (!free)
                            continue;
                        int score = cnt[c][s][d] * 1000;
                        if ((d > 0 && cnt[c][s][d - 1]) || (d < 4 && cnt[c][s][d + 1]))
                            score += 100;
                        score += rng_int(r, 0, 99);
                        if (score < bestscore) {
                            bestscore = score;
                            best = d * 7 + k;
                        }
                    }
                }
            }
            if (best < 0)
                return false;
            int d = best / 7, k = best % 7;
            tt[c][d][k] = (signed char)s;
            cnt[c][s][d]++;
            for (int t = 0; t < u[i].nteach; t++)
                tbusy[u[i].teach[t]][d][k] = true;
        }
    }
    return true;
}

static bool tt_build(void)
{
    static struct tt_unit u[NCLASS * SUBJ_N];
    int nu = 0, breadth[ST_N] = { 0 }, load[ST_N] = { 0 };
    bool seen[ST_N][NCLASS];
    memset(seen, 0, sizeof seen);
    for (int c = 0; c < NCLASS; c++) {
        for (int s = 0; s < SUBJ_N; s++) {
            if (!hours(c, s))
                continue;
            struct tt_unit *x = &u[nu++];
            x->c = c;
            x->s = s;
            x->hours = hours(c, s);
            if (split_groups(c, s)) {
                x->nteach = 2;
                x->teach[0] = teacher_for(c, s, 1);
                x->teach[1] = teacher_for(c, s, 2);
            } else {
                x->nteach = 1;
                x->teach[0] = teacher_for(c, s, 0);
            }
            for (int t = 0; t < x->nteach; t++) {
                load[x->teach[t]] += x->hours;
                if (!seen[x->teach[t]][c])
                    breadth[x->teach[t]]++;
                seen[x->teach[t]][c] = true;
            }
        }
    }
    struct rng r = { 20262027 };
    for (int attempt = 0; attempt < 2000; attempt++)
        if (tt_attempt(u, nu, breadth, load, &r))
            return true;
    return false;
}

/* ---------------------------------------------------------------- COPY rows */

/* Append one COPY text row.  Format letters: l long long, i int, s string (NULL:
 * \N), d day (< 0: \N), t local timestamp in seconds (< 0: \N), b bool, r a
 * daterange [from, to) of two ints (to == INT_MAX: unbounded), z an id (0: \N). */
static void row(struct ej_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (const char *f = fmt; *f; f++) {
        if (f != fmt)
            buf_append(b, "\t", 1);
        switch (*f) {
        case 'l':
            buf_printf(b, "%lld", va_arg(ap, long long));
            break;
        case 'z': {
            long long v = va_arg(ap, long long);
            if (v)
                buf_printf(b, "%lld", v);
            else
                buf_puts(b, "\\N");
            break;
        }
        case 'i':
            buf_printf(b, "%d", va_arg(ap, int));
            break;
        case 'b':
            buf_puts(b, va_arg(ap, int) ? "t" : "f");
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s) {
                buf_puts(b, "\\N");
                break;
            }
            for (const char *p = s; *p; p++) {
                if (*p == '\\' || *p == '\t' || *p == '\n' || *p == '\r') {
                    char esc[2] = { '\\', *p == '\t' ? 't' : *p == '\n' ? 'n' : *p == '\r' ? 'r' : '\\' };
                    buf_append(b, esc, 2);
                } else {
                    buf_append(b, p, 1);
                }
            }
            break;
        }
        case 'd': {
            int d = va_arg(ap, int);
            if (d < 0) {
                buf_puts(b, "\\N");
            } else {
                int y, m, dd;
                civil(d, &y, &m, &dd);
                buf_printf(b, "%04d-%02d-%02d", y, m, dd);
            }
            break;
        }
        case 't': {
            long long t = va_arg(ap, long long);
            if (t < 0) {
                buf_puts(b, "\\N");
            } else {
                int y, m, dd;
                civil((int)(t / DAY), &y, &m, &dd);
                int sec = (int)(t % DAY);
                buf_printf(b, "%04d-%02d-%02d %02d:%02d:%02d", y, m, dd, sec / 3600, sec / 60 % 60, sec % 60);
            }
            break;
        }
        case 'r': {
            int from = va_arg(ap, int), to = va_arg(ap, int);
            int y, m, dd;
            civil(from, &y, &m, &dd);
            buf_printf(b, "[%04d-%02d-%02d,", y, m, dd);
            if (to == INT_MAX) {
                buf_puts(b, ")");
            } else {
                civil(to, &y, &m, &dd);
                buf_printf(b, "%04d-%02d-%02d)", y, m, dd);
            }
            break;
        }
        default:
            fatal("demo: bad row format %c", *f);
        }
    }
    va_end(ap);
    buf_append(b, "\n", 1);
}

/* ---------------------------------------------------------------- the generator */

struct person {
    char *surname, *name, *patronymic;
    bool male;
    int father; /* index into demo_fathers: the father's name gives the patronymic */
};

struct pupil {
    long long id;
    struct person p;
    int base;      /* the family's surname (masculine) in demo_surnames */
    int cls;
    int from, to;  /* enrollment [from, to) */
    int grp[2];    /* study group (1 or 2) for English and for Труд, grades 5-9 */
    int birth;
    int ability;   /* mean mark × 100 */
    int truant;    /* chance of skipping a lesson, ‰ */
    char *absday;  /* absence code of each day before today (index: day - year start) */
};

struct staff {
    long long id, account;
    struct person p;
};

/* A pupil of one course (journal), with what the finals need. */
struct cpupil {
    struct pupil *pu;
    int from, to;
    int lessons[4], count[4];
    double sum[4], weight[4];
    int absent[4][3]; /* per quarter: Н, Б, У */
};

enum plan_kind { PK_PLAIN, PK_CONTROL, PK_PRACT, PK_REVIEW };

struct gen {
    struct ej_db *db;
    struct ej_buf buf[DT_NTABLES];
    long long next[DT_NTABLES];
    unsigned seed;
    char *hash;
    int today;          /* the database's today (school-local) */
    long long now;      /* the database clock, local seconds */
    int *sdays;         /* school days from the year start to the end of today's week */
    int nsdays;
    long long setup;    /* when the accounts and the lessons were made */
    /* per school */
    int k;
    struct rng r;
    long long school, year;
    long long period_q[4], period_year;
    long long wt[WT_N];
    long long subj[SUBJ_N];
    long long class_id[NCLASS];
    long long group_id[NCLASS][2][2]; /* [class][0 English, 1 Труд][group - 1] */
    struct staff staff[ST_N];
    struct pupil *pupils;
    int npupils;
    char **logins;
    int nlogins;
    long long sokolova, sokolov, sokolov_father; /* guardian, pupil, guardian */
    bool teaches[ST_N][SUBJ_N];
};

static long long next_id(struct gen *g, enum demo_table t)
{
    return g->next[t]++;
}

static void person_free(struct person *p)
{
    free(p->surname);
    free(p->name);
    free(p->patronymic);
    memset(p, 0, sizeof *p);
}

static int surname_index(const char *s)
{
    for (int i = 0; i < demo_nsurnames; i++)
        if (strcmp(demo_surnames[i], s) == 0)
            return i;
    fatal("demo: surname %s missing from the list", s);
}

/* Surnames of the fixed people: never drawn at random, so that a test finds exactly them. */
static bool excluded_surname(const char *s)
{
    static const char *const fixed[] = { "Иванов", "Петров", "Смирнов", "Соколов", "Кузнецов",
                                         "Новиков", "Орлов", "Белов", "Фёдоров" };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (strcmp(s, fixed[i]) == 0)
            return true;
    return false;
}

static void person_set(struct person *p, int base, bool male, const char *name, int father)
{
    p->male = male;
    p->surname = male ? xstrdup(demo_surnames[base]) : demo_feminine(demo_surnames[base]);
    p->name = xstrdup(name);
    p->father = father;
    p->patronymic = xstrdup(demo_fathers[father][male ? 1 : 2]);
}

static const char *name_random(struct gen *g, bool male, bool adult)
{
    if (adult)
        return male ? demo_adult_male_names[rng_int(&g->r, 0, demo_nadult_male - 1)]
                    : demo_adult_female_names[rng_int(&g->r, 0, demo_nadult_female - 1)];
    return male ? demo_male_names[rng_int(&g->r, 0, demo_nmale - 1)]
                : demo_female_names[rng_int(&g->r, 0, demo_nfemale - 1)];
}

/* A random person (a child or a grown-up); returns the masculine surname's index. */
static int person_random(struct gen *g, bool male, bool adult, struct person *p)
{
    int s;
    do {
        s = rng_int(&g->r, 0, demo_nsurnames - 1);
    } while (excluded_surname(demo_surnames[s]));
    person_set(p, s, male, name_random(g, male, adult), rng_int(&g->r, 0, demo_nfathers - 1));
    return s;
}

static int father_index(const char *name)
{
    for (int i = 0; i < demo_nfathers; i++)
        if (strcmp(demo_fathers[i][0], name) == 0)
            return i;
    fatal("demo: father's name %s missing from the list", name);
}

static void person_fixed(struct person *p, const char *surname_m, bool male, const char *name, const char *father)
{
    person_set(p, surname_index(surname_m), male, name, father_index(father));
}

/* Length in bytes of the first (UTF-8) character of s. */
static int first_len(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/* «Фамилия И. О.» */
static char *display_name(const struct person *p)
{
    return xasprintf("%s %.*s. %.*s.", p->surname, first_len(p->name), p->name, first_len(p->patronymic),
                     p->patronymic);
}

static char *phone(struct gen *g)
{
    return xasprintf("+7 9%02d %03d-%02d-%02d", rng_int(&g->r, 0, 99), rng_int(&g->r, 0, 999),
                     rng_int(&g->r, 0, 99), rng_int(&g->r, 0, 99));
}

static void login_add(struct gen *g, const char *l)
{
    g->logins = xreallocarray(g->logins, (size_t)g->nlogins + 1, sizeof *g->logins);
    g->logins[g->nlogins++] = xstrdup(l);
}

/* A teacher's login: the transliterated surname, a digit appended on a collision
 * within the school (the school suffix .s<k> makes it unique server-wide). */
static char *login_unique(struct gen *g, const char *base)
{
    for (int n = 1;; n++) {
        char *cand = n == 1 ? xstrdup(base) : xasprintf("%s%d", base, n);
        bool taken = false;
        for (int i = 0; i < g->nlogins && !taken; i++)
            taken = strcmp(g->logins[i], cand) == 0;
        if (!taken) {
            login_add(g, cand);
            return cand;
        }
        free(cand);
    }
}

/* An account with one role (staff/guardian/pupil: 0 for none); returns its id. */
static long long account(struct gen *g, const char *login, const struct person *p, const char *role,
                         long long staff, long long guardian, long long pupil)
{
    long long id = next_id(g, DT_ACCOUNT);
    char *full = g->k == 1 ? xstrdup(login) : xasprintf("%s.s%d", login, g->k);
    char *dn = display_name(p);
    row(&g->buf[DT_ACCOUNT], "llssbst", id, g->school, full, g->hash, 0, dn, g->setup);
    row(&g->buf[DT_ACCOUNT_ROLE], "lllszzz", next_id(g, DT_ACCOUNT_ROLE), g->school, id, role, staff, guardian,
        pupil);
    free(full);
    free(dn);
    return id;
}

/* ---- staff ---- */

static void gen_staff(struct gen *g)
{
    for (int i = 0; i < ST_N; i++) {
        struct staff *st = &g->staff[i];
        if (i == ST_DIRECTOR && g->k == 1) {
            person_fixed(&st->p, "Смирнов", true, "Андрей", "Виктор");
        } else if (i == ST_ZAVUCH) {
            person_fixed(&st->p, "Смирнов", false, "Елена", "Виктор");
        } else if (i == ST_IVANOVA) {
            person_fixed(&st->p, "Иванов", false, "Мария", "Пётр");
        } else if (i == ST_PETROV) {
            person_fixed(&st->p, "Петров", true, "Сергей", "Николай");
        } else if (i == ST_SECRETARY) {
            person_fixed(&st->p, "Орлов", false, "Татьяна", "Николай");
        } else if (i == ST_HR) {
            person_fixed(&st->p, "Белов", false, "Ирина", "Сергей");
        } else if (i == ST_OPERATOR) {
            person_fixed(&st->p, "Фёдоров", true, "Павел", "Андрей");
        } else {
            for (;;) { /* a surname no colleague has */
                person_random(g, staff_roles[i].male, true, &st->p);
                bool dup = false;
                for (int j = 0; j < i && !dup; j++)
                    dup = strcmp(g->staff[j].p.surname, st->p.surname) == 0;
                if (!dup)
                    break;
                person_free(&st->p);
            }
        }
        st->id = next_id(g, DT_STAFF);
        char *ph = phone(g);
        row(&g->buf[DT_STAFF], "llsssss", g->school, st->id, st->p.surname, st->p.name, st->p.patronymic,
            staff_roles[i].position, ph);
        free(ph);
    }
}

static void gen_staff_accounts(struct gen *g)
{
    static const struct {
        int staff;
        const char *login, *role;
    } fixed[] = {
        { ST_OPERATOR, "admin", "admin" },
        { ST_ZAVUCH, "zavuch", "deputy" },
        { ST_SECRETARY, "sekretar", "secretary" },
        { ST_HR, "kadry", "hr" },
    };
    /* The fixed logins are taken first, so that no teacher's transliteration gets one. */
    static const char *const reserved[] = { "admin", "zavuch", "sekretar", "kadry", "roditel", "uchenik",
                                            "ivanova", "petrov" };
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        login_add(g, reserved[i]);
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        struct staff *st = &g->staff[fixed[i].staff];
        st->account = account(g, fixed[i].login, &st->p, fixed[i].role, st->id, 0, 0);
    }
    for (int i = FIRST_TEACHER; i < ST_N; i++) {
        struct staff *st = &g->staff[i];
        char *login;
        if (i == ST_IVANOVA) {
            login = xstrdup("ivanova");
        } else if (i == ST_PETROV) {
            login = xstrdup("petrov");
        } else {
            char *base = utf8_translit(st->p.surname);
            login = login_unique(g, base);
            free(base);
        }
        st->account = account(g, login, &st->p, "teacher", st->id, 0, 0);
        free(login);
    }
}

/* ---- the school, its year, calendar, subjects, classes ---- */

static void gen_school(struct gen *g)
{
    int num = 4 + g->k; /* school 1 is №5 */
    char *name = xasprintf("Муниципальное бюджетное общеобразовательное учреждение "
                           "«Основная общеобразовательная школа №%d»",
                           num);
    char *short_name = xasprintf("МБОУ «ООШ №%d»", num);
    const struct person *d = &g->staff[ST_DIRECTOR].p;
    char *director = xasprintf("%s %s %s", d->surname, d->name, d->patronymic);
    char *address = xasprintf("г. Заречный, %s, д. %d", demo_streets[rng_int(&g->r, 0, demo_nstreets - 1)],
                              rng_int(&g->r, 1, 60));
    row(&g->buf[DT_SCHOOL], "lsssss", g->school, name, short_name, DEMO_TZ, director, address);
    free(name);
    free(short_name);
    free(director);
    free(address);

    g->year = next_id(g, DT_YEAR);
    row(&g->buf[DT_YEAR], "llsdd", g->school, g->year, "2026/2027", cal.year_start, cal.year_end);
    static const char *const qn[4] = { "1 четверть", "2 четверть", "3 четверть", "4 четверть" };
    for (int q = 0; q < 4; q++) {
        g->period_q[q] = next_id(g, DT_PERIOD);
        row(&g->buf[DT_PERIOD], "lllsisdd", g->school, g->period_q[q], g->year, "quarter", q + 1, qn[q],
            cal.quarter[q].from, cal.quarter[q].to);
    }
    static const char *const hn[2] = { "1 полугодие", "2 полугодие" };
    for (int h = 0; h < 2; h++)
        row(&g->buf[DT_PERIOD], "lllsisdd", g->school, next_id(g, DT_PERIOD), g->year, "half", h + 1, hn[h],
            cal.half[h].from, cal.half[h].to);
    g->period_year = next_id(g, DT_PERIOD);
    row(&g->buf[DT_PERIOD], "lllsisdd", g->school, g->period_year, g->year, "year", 1, "Учебный год",
        cal.year.from, cal.year.to);
    for (int i = 0; i < 7; i++)
        row(&g->buf[DT_HOLIDAY], "lllsdd", g->school, next_id(g, DT_HOLIDAY), g->year, holiday_names[i],
            cal.holiday[i].from, cal.holiday[i].to);
    for (int b = 0; b < 7; b++) {
        char s[16], e[16];
        int end = bell_start[b] + LESSON_MIN;
        snprintf(s, sizeof s, "%02d:%02d", bell_start[b] / 60, bell_start[b] % 60);
        snprintf(e, sizeof e, "%02d:%02d", end / 60, end % 60);
        row(&g->buf[DT_BELL], "liiss", g->school, 1, b + 1, s, e);
    }
    for (int w = 0; w < WT_N; w++) {
        g->wt[w] = next_id(g, DT_WORK_TYPE);
        row(&g->buf[DT_WORK_TYPE], "llsssbi", g->school, g->wt[w], work_types[w].name, work_types[w].short_name,
            work_types[w].weight, work_types[w].written, w + 1);
    }
    for (int s = 0; s < SUBJ_N; s++) {
        g->subj[s] = next_id(g, DT_SUBJECT);
        row(&g->buf[DT_SUBJECT], "llssi", g->school, g->subj[s], demo_subjects[s].name,
            demo_subjects[s].short_name, s + 1);
    }
}

static bool graded(int c, int s)
{
    return demo_subjects[s].graded && grade_of(c) > 1;
}

static void gen_classes(struct gen *g)
{
    for (int c = 0; c < NCLASS; c++) {
        g->class_id[c] = next_id(g, DT_CLASS);
        row(&g->buf[DT_CLASS], "lllisl", g->school, g->class_id[c], g->year, grade_of(c), letters[c % 2],
            g->staff[class_teacher[c]].id);
        for (int s = 0; s < SUBJ_N; s++) {
            if (!hours(c, s))
                continue;
            row(&g->buf[DT_CURRICULUM], "lllib", g->school, g->class_id[c], g->subj[s], hours(c, s), graded(c, s));
            if (!split_groups(c, s))
                continue;
            for (int k = 0; k < 2; k++) {
                long long id = next_id(g, DT_STUDY_GROUP);
                g->group_id[c][s == SUBJ_TRUD][k] = id;
                row(&g->buf[DT_STUDY_GROUP], "lllls", g->school, id, g->class_id[c], g->subj[s],
                    k == 0 ? "1 группа" : "2 группа");
            }
        }
    }
}

/* ---- pupils, their movement, study groups, guardians, absences ---- */

static struct pupil *pupil_add(struct gen *g, int c)
{
    g->pupils = xreallocarray(g->pupils, (size_t)g->npupils + 1, sizeof *g->pupils);
    struct pupil *p = &g->pupils[g->npupils++];
    memset(p, 0, sizeof *p);
    p->cls = c;
    p->from = cal.year_start;
    p->to = INT_MAX;
    p->ability = rng_int(&g->r, 270, 490);
    return p;
}

/* A birth date fitting the grade: grade 1 in 2026 was born from September 2018 to August 2019. */
static int birth_for(struct gen *g, int grade)
{
    return rng_int(&g->r, day_of(2019 - grade, 9, 1), day_of(2020 - grade, 8, 31));
}

static int cmp_by_name(const void *a, const void *b)
{
    const struct pupil *x = *(struct pupil *const *)a, *y = *(struct pupil *const *)b;
    int r = strcmp(x->p.surname, y->p.surname);
    return r ? r : strcmp(x->p.name, y->p.name);
}

static int cmp_by_sex_name(const void *a, const void *b)
{
    const struct pupil *x = *(struct pupil *const *)a, *y = *(struct pupil *const *)b;
    if (x->p.male != y->p.male)
        return x->p.male ? -1 : 1;
    return cmp_by_name(a, b);
}

static long long guardian_row(struct gen *g, const struct person *p, const char *address)
{
    long long id = next_id(g, DT_GUARDIAN);
    char *ph = phone(g);
    row(&g->buf[DT_GUARDIAN], "llsssss", g->school, id, p->surname, p->name, p->patronymic, ph, address);
    free(ph);
    return id;
}

static void gen_guardians(struct gen *g, const struct pupil *p, const char *address)
{
    if (p->base == surname_index("Соколов")) {
        /* Михаил (7А) and Анна (3Б): one family, the demo parent is their mother. */
        if (!g->sokolova) {
            struct person m, f;
            person_fixed(&m, "Соколов", false, "Ольга", "Иван");
            person_fixed(&f, "Соколов", true, "Игорь", "Владимир");
            g->sokolova = guardian_row(g, &m, address);
            g->sokolov_father = guardian_row(g, &f, address);
            account(g, "roditel", &m, "parent", 0, g->sokolova, 0);
            person_free(&m);
            person_free(&f);
        }
        row(&g->buf[DT_PUPIL_GUARDIAN], "llls", g->school, p->id, g->sokolova, "мать");
        row(&g->buf[DT_PUPIL_GUARDIAN], "llls", g->school, p->id, g->sokolov_father, "отец");
        return;
    }
    bool mother = rng_chance(&g->r, 0.93), father = rng_chance(&g->r, 0.72);
    if (!mother && !father)
        mother = true;
    if (mother) {
        struct person m;
        person_set(&m, p->base, false, name_random(g, false, true), rng_int(&g->r, 0, demo_nfathers - 1));
        row(&g->buf[DT_PUPIL_GUARDIAN], "llls", g->school, p->id, guardian_row(g, &m, address), "мать");
        person_free(&m);
    }
    if (father) {
        struct person f;
        person_set(&f, p->base, true, demo_fathers[p->p.father][0], rng_int(&g->r, 0, demo_nfathers - 1));
        row(&g->buf[DT_PUPIL_GUARDIAN], "llls", g->school, p->id, guardian_row(g, &f, address), "отец");
        person_free(&f);
    }
}

/* Which days before today the pupil missed entirely: illnesses of a few days (Б once
 * the class teacher has the note, Н until then), an excused day (У), a truant day (Н). */
static void gen_absences(struct gen *g, struct pupil *p)
{
    int n = g->today - cal.year_start;
    if (n <= 0)
        return;
    p->absday = xcalloc((size_t)n, 1);
    int left = 0;
    char ill = 0;
    int from = p->from > cal.year_start ? p->from : cal.year_start;
    int to = p->to < g->today ? p->to : g->today;
    for (int d = from; d < to; d++) {
        if (!school_day(d))
            continue;
        char code = 0;
        if (left > 0) {
            code = ill;
            left--;
        } else if (rng_chance(&g->r, 0.006)) {
            int len = rng_int(&g->r, 2, 6);
            left = len - 1;
            bool noted = d + len * 7 / 5 + 3 < g->today && rng_chance(&g->r, 0.9);
            ill = code = noted ? 'B' : 'N';
        } else if (rng_chance(&g->r, 0.0015)) {
            code = 'U';
        } else if (rng_chance(&g->r, 0.0015 + p->truant / 1000.0 * 0.2)) {
            code = 'N';
        }
        p->absday[d - cal.year_start] = code;
    }
}

/* The attendance code as stored. */
static const char *code_text(char c)
{
    return c == 'B' ? "Б" : c == 'U' ? "У" : "Н";
}

static void emit_pupil(struct gen *g, struct pupil *p, int *file_no)
{
    int c = p->cls;
    p->id = next_id(g, DT_PUPIL);
    char *fno = xasprintf("%.*s-%d", first_len(p->p.surname), p->p.surname, ++*file_no);
    char *address = xasprintf("г. Заречный, %s, д. %d, кв. %d", demo_streets[rng_int(&g->r, 0, demo_nstreets - 1)],
                              rng_int(&g->r, 1, 80), rng_int(&g->r, 1, 120));
    row(&g->buf[DT_PUPIL], "llsssdsssb", g->school, p->id, p->p.surname, p->p.name, p->p.patronymic, p->birth,
        p->p.male ? "М" : "Ж", fno, address, rng_chance(&g->r, 0.04));
    const char *order_in = grade_of(c) == 1 ? "№ 45-у от 15.06.2026" : "№ 98-у от 31.08.2026";
    const char *reason_in = grade_of(c) == 1 ? "приём в 1 класс" : "перевод в следующий класс";
    const char *order_out = "", *reason_out = "", *destination = "";
    if (p->to != INT_MAX) {
        order_out = "№ 112-у от 10.10.2026";
        reason_out = "выбыл в другую школу";
        destination = "МБОУ «СОШ №12» г. Заречного";
    }
    if (p->from != cal.year_start) {
        order_in = "№ 131-у от 09.11.2026";
        reason_in = "прибыла из другой школы";
    }
    row(&g->buf[DT_ENROLLMENT], "llllrsssss", g->school, next_id(g, DT_ENROLLMENT), p->id, g->class_id[c], p->from,
        p->to, order_in, reason_in, order_out, reason_out, destination);
    if (grade_of(c) >= 5)
        for (int k = 0; k < 2; k++)
            row(&g->buf[DT_GROUP_MEMBER], "llllr", g->school, next_id(g, DT_GROUP_MEMBER),
                g->group_id[c][k][p->grp[k] - 1], p->id, p->from, p->to);
    gen_guardians(g, p, address);
    free(fno);
    free(address);
}

static void gen_pupils(struct gen *g)
{
    const int c7a = (7 - 1) * 2, c3b = (3 - 1) * 2 + 1;
    int file_no = 0;
    for (int c = 0; c < NCLASS; c++) {
        int n = c == c7a ? 24 : rng_int(&g->r, 24, 27);
        int first = g->npupils;
        for (int i = 0; i < n; i++) {
            struct pupil *p = pupil_add(g, c);
            if (c == c7a && i == 0) {
                person_fixed(&p->p, "Соколов", true, "Михаил", "Игорь");
                p->base = surname_index("Соколов");
                p->birth = day_of(2013, 3, 14);
                p->ability = 430;
                continue;
            }
            if (c == c3b && i == 0) {
                person_fixed(&p->p, "Соколов", false, "Анна", "Игорь");
                p->base = surname_index("Соколов");
                p->birth = day_of(2017, 6, 2);
                p->ability = 460;
                continue;
            }
            for (;;) { /* one family of a surname per class */
                p->base = person_random(g, rng_chance(&g->r, 0.5), false, &p->p);
                bool dup = false;
                for (int j = first; j < g->npupils - 1 && !dup; j++)
                    dup = g->pupils[j].base == p->base;
                if (!dup)
                    break;
                person_free(&p->p);
            }
            p->birth = birth_for(g, grade_of(c));
        }
        if (c == c7a) {
            struct pupil *p = pupil_add(g, c);
            person_fixed(&p->p, "Кузнецов", true, "Артём", "Сергей");
            p->base = surname_index("Кузнецов");
            p->birth = day_of(2013, 1, 22);
            p->to = cal.kuznetsov_out;
            p = pupil_add(g, c);
            person_fixed(&p->p, "Новиков", false, "Дарья", "Андрей");
            p->base = surname_index("Новиков");
            p->birth = day_of(2013, 5, 7);
            p->from = cal.novikova_in;
        }
        /* study groups: English by the alphabet, Труд boys first, each in halves */
        int cn = g->npupils - first;
        if (grade_of(c) >= 5) {
            struct pupil **v = xcalloc((size_t)cn, sizeof *v);
            for (int k = 0; k < 2; k++) {
                for (int i = 0; i < cn; i++)
                    v[i] = &g->pupils[first + i];
                qsort(v, (size_t)cn, sizeof *v, k == 0 ? cmp_by_name : cmp_by_sex_name);
                for (int i = 0; i < cn; i++)
                    v[i]->grp[k] = i < (cn + 1) / 2 ? 1 : 2;
            }
            free(v);
        }
    }
    /* two truants in the upper grades: many «Н», a few not attested for quarter 1 */
    for (int t = 0; t < 2; t++) {
        int i;
        do {
            i = rng_int(&g->r, 0, g->npupils - 1);
        } while (grade_of(g->pupils[i].cls) < 6 || g->pupils[i].truant || g->pupils[i].base == surname_index("Соколов") ||
                 g->pupils[i].from != cal.year_start || g->pupils[i].to != INT_MAX);
        g->pupils[i].truant = 350;
        g->pupils[i].ability = 280;
    }
    for (int i = 0; i < g->npupils; i++) {
        struct pupil *p = &g->pupils[i];
        emit_pupil(g, p, &file_no);
        gen_absences(g, p);
        if (p->cls == c7a && p->base == surname_index("Соколов"))
            account(g, "uchenik", &p->p, "pupil", 0, 0, p->id);
    }
}

/* ---- courses: plan, timetable, lessons, works, marks, attendance, finals ---- */

struct plan {
    int n;
    char **topic;
    unsigned char *kind;
    long long first;
};

static void plan_build(struct gen *g, struct plan *pl, int s, int grade, int n, long long course)
{
    const struct demo_subject *sj = &demo_subjects[s];
    const char *sel[96];
    int nt = 0;
    char prefix[8];
    snprintf(prefix, sizeof prefix, "%d|", grade);
    for (int i = 0; sj->topics[i] && nt < 96; i++)
        if (strncmp(sj->topics[i], prefix, strlen(prefix)) == 0)
            sel[nt++] = sj->topics[i] + strlen(prefix);
    if (nt == 0) {
        for (int i = 0; sj->topics[i] && nt < 96; i++) {
            const char *bar = strchr(sj->topics[i], '|');
            sel[nt++] = bar ? bar + 1 : sj->topics[i];
        }
    }
    if (nt > n)
        nt = n;
    pl->n = n;
    pl->topic = xcalloc((size_t)n, sizeof *pl->topic);
    pl->kind = xcalloc((size_t)n, 1);
    pl->first = g->next[DT_PLAN_ITEM];
    bool lab = s == SUBJ_PHYS || s == SUBJ_CHEM || s == SUBJ_BIO;
    bool problems = sj->homework == HW_MATH || s == SUBJ_PHYS || s == SUBJ_CHEM;
    for (int i = 0; i < n; i++) {
        int t = i * nt / n;
        int f0 = (t * n + nt - 1) / nt, f1 = ((t + 1) * n + nt - 1) / nt;
        int len = f1 - f0, j = i - f0;
        const char *base = sel[t];
        char *topic;
        unsigned char kind = PK_PLAIN;
        if (j == 0) {
            topic = xstrdup(base);
        } else if (j == len - 1 && len >= 3 && sj->written != WR_NONE) {
            kind = PK_CONTROL;
            topic = sj->written == WR_CONTROL ? xasprintf("Контрольная работа: %s", base)
                    : sj->written == WR_DICTATION ? xasprintf("Контрольный диктант: %s", base)
                    : s == SUBJ_OBZR ? xasprintf("Зачётная работа: %s", base)
                                     : xasprintf("Тест: %s", base);
        } else if (j == len - 1 && len >= 3) {
            kind = PK_REVIEW;
            topic = xasprintf("%s. Обобщение", base);
        } else if (j == len - 2 && len >= 5) {
            kind = PK_REVIEW;
            topic = xasprintf("%s. Повторение и обобщение", base);
        } else if (sj->practical && j == 2 && len >= 5) {
            kind = PK_PRACT;
            topic = xasprintf(lab ? "Лабораторная работа: %s" : "Практическая работа: %s", base);
        } else {
            static const char *const solve[] = { "Решение задач", "Закрепление", "Практикум",
                                                 "Решение задач повышенной сложности" };
            static const char *const study[] = { "Закрепление", "Работа с учебником", "Практикум",
                                                 "Повторение" };
            static const char *const lang[] = { "Закрепление", "Упражнения", "Практикум",
                                                "Развитие речи" };
            const char *const *suffix = problems ? solve : s == SUBJ_RUS ? lang : study;
            topic = xasprintf("%s. %s", base, suffix[(j - 1) % 4]);
        }
        pl->topic[i] = topic;
        pl->kind[i] = kind;
        row(&g->buf[DT_PLAN_ITEM], "lllisi", g->school, next_id(g, DT_PLAN_ITEM), course, i + 1, topic, 1);
    }
}

static void plan_free(struct plan *pl)
{
    for (int i = 0; i < pl->n; i++)
        free(pl->topic[i]);
    free(pl->topic);
    free(pl->kind);
}

static char *homework_text(struct gen *g, int hw, int k)
{
    switch (hw) {
    case HW_RUS: return xasprintf("§ %d, упр. %d", k / 3 + 1, 10 + k * 2 + rng_int(&g->r, 0, 1));
    case HW_READ: {
        int p = 8 + k * 3;
        return xasprintf("Прочитать с. %d–%d, ответить на вопросы", p, p + rng_int(&g->r, 4, 9));
    }
    case HW_MATH: {
        int n = 20 + k * 4;
        return xasprintf("№ %d, %d, %d", n, n + 2, n + rng_int(&g->r, 3, 6));
    }
    case HW_PARA: return xasprintf("§ %d, вопросы 1–%d", k / 2 + 1, rng_int(&g->r, 3, 6));
    case HW_ENG: return xasprintf("Учебник с. %d, упр. %d; выучить слова", 10 + k * 2, rng_int(&g->r, 1, 6));
    case HW_TASK: return xasprintf("Рабочая тетрадь с. %d, задания 1–%d", k + 2, rng_int(&g->r, 2, 4));
    default: return xstrdup("");
    }
}

/* A mark around the pupil's ability (× 100), moved by `shift`. */
static int mark_value(struct rng *r, int ability, int shift)
{
    int x = ability + shift + rng_int(r, 0, 100) + rng_int(r, 0, 100) - 100;
    int v = (x + 50) / 100;
    return v < 2 ? 2 : v > 5 ? 5 : v;
}

#define MAXCP 64

struct course_ctx {
    int c, s, group, grade;
    bool graded;
    long long id;
    struct staff *teacher;
    long long office;        /* account that records the reasons of absences */
    struct plan plan;
    struct cpupil cp[MAXCP];
    int ncp;
};

struct sortkey {
    long long key;
    int j;
};

static int sortkey_cmp(const void *a, const void *b)
{
    const struct sortkey *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

/* One work (a journal column) with its marks: all present pupils (nsel 0) or the
 * nsel present pupils with the fewest marks this quarter, as a teacher spreads
 * questions.  Returns false (and writes nothing) if nobody was there. */
static bool gen_work(struct gen *g, struct course_ctx *cx, long long lesson, int d, long long end, int pos,
                     enum wt w, int nsel, const bool *in, const char *code)
{
    int q = quarter_of(d);
    struct sortkey sel[MAXCP];
    int n = 0;
    for (int j = 0; j < cx->ncp; j++)
        if (in[j] && !code[j])
            sel[n++] = (struct sortkey){ (long long)cx->cp[j].count[q] * 1000000 + rng_int(&g->r, 0, 999999), j };
    if (n == 0)
        return false;
    if (nsel > 0 && nsel < n) {
        qsort(sel, (size_t)n, sizeof *sel, sortkey_cmp);
        n = nsel;
    }
    long long wid = next_id(g, DT_WORK);
    row(&g->buf[DT_WORK], "lllli", g->school, wid, lesson, g->wt[w], pos);

    /* When the teacher entered the column: deadlines of DESIGN.md §10 (classwork by the
     * end of the next day, written work by the end of the fifth day), ~5% late. */
    bool written = work_types[w].written;
    long long due = (long long)(d + (written ? 6 : 2)) * DAY;
    long long t0;
    if (written)
        t0 = (long long)(d + rng_int(&g->r, 1, 4)) * DAY + rng_int(&g->r, 14 * 3600, 21 * 3600);
    else if (rng_chance(&g->r, 0.8))
        t0 = end + rng_int(&g->r, 300, 6 * 3600);
    else
        t0 = (long long)(d + 1) * DAY + rng_int(&g->r, 15 * 3600, 22 * 3600);
    if (rng_chance(&g->r, 0.045))
        t0 = due + rng_int(&g->r, 2 * 3600, 5 * 86400);
    if (t0 > g->now - 2 * 3600)
        t0 = g->now - 2 * 3600;
    if (t0 < end + 60)
        t0 = end + 60;
    int shift = written ? -30 : w == WT_OTV ? 10 : (w == WT_DZ || w == WT_PR) ? 20 : 0;
    double weight = work_types[w].w;
    long long t = t0;
    for (int i = 0; i < n; i++) {
        struct cpupil *cp = &cx->cp[sel[i].j];
        t += rng_int(&g->r, 10, 50);
        int v = mark_value(&g->r, cp->pu->ability, shift);
        row(&g->buf[DT_MARK], "lllliitltbt", g->school, next_id(g, DT_MARK), wid, cp->pu->id, 1, v, t,
            cx->teacher->account, due, t > due, t);
        cp->count[q]++;
        cp->sum[q] += v * weight;
        cp->weight[q] += weight;
        /* a retake of a failed written work: the first mark stays, the second follows */
        if (written && v == 2 && rng_chance(&g->r, 0.4)) {
            long long t2 = t + (long long)rng_int(&g->r, 3, 8) * DAY + rng_int(&g->r, 0, 3 * 3600);
            if (t2 <= g->now - 3600) {
                int v2 = rng_int(&g->r, 3, 4);
                row(&g->buf[DT_MARK], "lllliitltbt", g->school, next_id(g, DT_MARK), wid, cp->pu->id, 2, v2, t2,
                    cx->teacher->account, due, t2 > due, t2);
                cp->count[q]++;
                cp->sum[q] += v2 * weight;
                cp->weight[q] += weight;
            }
        }
    }
    return true;
}

static enum wt control_type(int s)
{
    switch (demo_subjects[s].written) {
    case WR_CONTROL: return WT_KR;
    case WR_DICTATION: return WT_DICT;
    default: return s == SUBJ_OBZR ? WT_ZACH : WT_TEST;
    }
}

static void gen_lesson(struct gen *g, struct course_ctx *cx, int d, int num, int pi, int k)
{
    const struct demo_subject *sj = &demo_subjects[cx->s];
    long long id = next_id(g, DT_LESSON);
    long long start = (long long)d * DAY + bell_start[num - 1] * 60LL, end = start + LESSON_MIN * 60;
    bool past = d < g->today;
    const char *topic = "";
    char *hw = NULL;
    long long plan_id = 0, topic_at = -1, hw_at = -1, att_at = -1, att_by = 0;
    /* topics and homework entered ahead of time (3.6): some for today and this week */
    long long ahead = g->now - rng_int(&g->r, 3600, 60 * 3600);
    if (ahead < g->setup)
        ahead = g->setup;
    bool set = past ? !rng_chance(&g->r, 0.01) : rng_chance(&g->r, d == g->today ? 0.5 : 0.25);
    if (set) {
        topic = pi >= 0 ? cx->plan.topic[pi] : "Повторение изученного";
        plan_id = pi >= 0 ? cx->plan.first + pi : 0;
        topic_at = past ? start + rng_int(&g->r, 180, 1800) : ahead;
    }
    bool gives_hw = sj->homework != HW_NONE && cx->grade > 1;
    if (gives_hw && (past ? !rng_chance(&g->r, 0.04) : set && rng_chance(&g->r, 0.8))) {
        hw = homework_text(g, sj->homework, k);
        hw_at = past ? end + rng_int(&g->r, -300, 5 * 3600) : ahead + rng_int(&g->r, 0, 600);
    }
    if (past && !rng_chance(&g->r, 0.01)) {
        att_at = start + rng_int(&g->r, 60, 600);
        att_by = cx->teacher->account;
    }
    long long updated = g->setup;
    if (topic_at > updated)
        updated = topic_at;
    if (hw_at > updated)
        updated = hw_at;
    if (att_at > updated)
        updated = att_at;
    row(&g->buf[DT_LESSON], "llldisszltzttt", g->school, id, cx->id, d, num, topic, hw ? hw : "", plan_id,
        cx->teacher->id, att_at, att_by, topic_at, hw_at, updated);
    free(hw);
    if (!past)
        return;

    /* who was there */
    int q = quarter_of(d);
    bool in[MAXCP];
    char code[MAXCP];
    for (int j = 0; j < cx->ncp; j++) {
        struct cpupil *cp = &cx->cp[j];
        in[j] = d >= cp->from && d < cp->to;
        code[j] = 0;
        if (!in[j])
            continue;
        code[j] = cp->pu->absday ? cp->pu->absday[d - cal.year_start] : 0;
        if (!code[j] && rng_chance(&g->r, 0.004 + cp->pu->truant / 1000.0))
            code[j] = 'N';
        cp->lessons[q]++;
        if (code[j])
            cp->absent[q][code[j] == 'N' ? 0 : code[j] == 'B' ? 1 : 2]++;
        if (code[j] && att_at >= 0) {
            /* the subject teacher marks Н; the office sets the reason from the note
             * the family brings (the class teacher may too: DESIGN.md §9) */
            bool reason = code[j] != 'N';
            long long at = reason ? (long long)d * DAY + HM(15, 0) + rng_int(&g->r, 0, 3 * 3600) : att_at;
            row(&g->buf[DT_ATTENDANCE], "lllslt", g->school, id, cp->pu->id, code_text(code[j]),
                reason ? cx->office : cx->teacher->account, at);
        }
    }
    if (!cx->graded)
        return;
    int pos = 0;
    int kind = pi >= 0 ? cx->plan.kind[pi] : PK_PLAIN;
    bool lab = cx->s == SUBJ_PHYS || cx->s == SUBJ_CHEM || cx->s == SUBJ_BIO;
    if (kind == PK_CONTROL)
        pos += gen_work(g, cx, id, d, end, pos + 1, control_type(cx->s), 0, in, code);
    else if (kind == PK_PRACT)
        pos += gen_work(g, cx, id, d, end, pos + 1, lab ? WT_LAB : WT_PR, 0, in, code);
    int h = hours(cx->c, cx->s);
    if (sj->written == WR_NONE) {
        /* art, music, труд, PE: practical work, the whole class at the end of a topic */
        if (kind == PK_REVIEW)
            pos += gen_work(g, cx, id, d, end, pos + 1, WT_PR, 0, in, code);
        else if (rng_chance(&g->r, 0.85))
            pos += gen_work(g, cx, id, d, end, pos + 1, WT_PR, h <= 2 ? rng_int(&g->r, 6, 10) : rng_int(&g->r, 3, 8),
                            in, code);
        return;
    }
    if (kind == PK_REVIEW && rng_chance(&g->r, 0.5))
        pos += gen_work(g, cx, id, d, end, pos + 1, WT_SR, 0, in, code);
    if (rng_chance(&g->r, 0.6))
        pos += gen_work(g, cx, id, d, end, pos + 1, WT_OTV, h <= 2 ? rng_int(&g->r, 4, 7) : rng_int(&g->r, 2, 5), in,
                        code);
    if (sj->homework != HW_NONE && rng_chance(&g->r, 0.22))
        pos += gen_work(g, cx, id, d, end, pos + 1, WT_DZ, rng_int(&g->r, 3, 6), in, code);
    if (kind == PK_PLAIN && rng_chance(&g->r, 0.04))
        pos += gen_work(g, cx, id, d, end, pos + 1, WT_SR, 0, in, code);
}

/* A period final from the weighted average (threshold .60), or not attested. */
static void final_value(const struct cpupil *cp, int q, char out[4])
{
    int absent = cp->absent[q][0] + cp->absent[q][1] + cp->absent[q][2];
    if (cp->count[q] == 0 || (cp->count[q] < 3 && absent * 2 > cp->lessons[q])) {
        int worst = 0;
        for (int i = 1; i < 3; i++)
            if (cp->absent[q][i] > cp->absent[q][worst])
                worst = i;
        snprintf(out, 4, "%s", worst == 0 ? "Н" : worst == 1 ? "Б" : "У");
        return;
    }
    double avg = cp->sum[q] / cp->weight[q];
    int v = (int)avg + (avg - (int)avg >= 0.6 - 1e-9);
    out[0] = (char)('0' + (v < 2 ? 2 : v > 5 ? 5 : v));
    out[1] = '\0';
}

static void gen_finals(struct gen *g, struct course_ctx *cx)
{
    if (cx->grade == 1)
        return; /* first graders are not attested */
    int qnum[MAXCP][4];
    memset(qnum, 0, sizeof qnum);
    for (int q = 0; q < 4; q++) {
        int qe = cal.quarter[q].to;
        if (qe >= g->today)
            continue;
        for (int j = 0; j < cx->ncp; j++) {
            struct cpupil *cp = &cx->cp[j];
            if (qe < cp->from || qe >= cp->to)
                continue;
            char v[4];
            if (cx->graded) {
                final_value(cp, q, v);
                if (v[0] >= '2' && v[0] <= '5')
                    qnum[j][q] = v[0] - '0';
            } else {
                snprintf(v, sizeof v, "К");
            }
            long long at = (long long)(qe - rng_int(&g->r, 1, 5)) * DAY + rng_int(&g->r, 14 * 3600, 20 * 3600);
            row(&g->buf[DT_FINAL_MARK], "lllllsslt", g->school, next_id(g, DT_FINAL_MARK), cx->id, cp->pu->id,
                g->period_q[q], "period", v, cx->teacher->account, at);
        }
    }
    if (cal.year.to >= g->today)
        return;
    for (int j = 0; j < cx->ncp; j++) {
        struct cpupil *cp = &cx->cp[j];
        if (cal.year.to < cp->from || cal.year.to >= cp->to)
            continue;
        char v[4];
        int n = 0, sum = 0;
        for (int q = 0; q < 4; q++)
            if (qnum[j][q]) {
                n++;
                sum += qnum[j][q];
            }
        if (!cx->graded)
            snprintf(v, sizeof v, "К");
        else if (n == 0)
            snprintf(v, sizeof v, "Н");
        else {
            v[0] = (char)('0' + (2 * sum + n) / (2 * n));
            v[1] = '\0';
        }
        long long at = (long long)(cal.year.to - rng_int(&g->r, 0, 3)) * DAY + rng_int(&g->r, 14 * 3600, 20 * 3600);
        row(&g->buf[DT_FINAL_MARK], "lllllsslt", g->school, next_id(g, DT_FINAL_MARK), cx->id, cp->pu->id,
            g->period_year, "year", v, cx->teacher->account, at);
    }
}

static void gen_course(struct gen *g, int c, int s, int group)
{
    struct course_ctx *cx = xcalloc(1, sizeof *cx);
    cx->c = c;
    cx->s = s;
    cx->group = group;
    cx->grade = grade_of(c);
    cx->graded = graded(c, s);
    cx->id = next_id(g, DT_COURSE);
    long long gid = group ? g->group_id[c][s == SUBJ_TRUD][group - 1] : 0;
    row(&g->buf[DT_COURSE], "lllzl", g->school, cx->id, g->class_id[c], gid, g->subj[s]);
    int role = teacher_for(c, s, group);
    g->teaches[role][s] = true;
    cx->teacher = &g->staff[role];
    cx->office = g->staff[ST_SECRETARY].account;
    row(&g->buf[DT_COURSE_TEACHER], "llllr", g->school, next_id(g, DT_COURSE_TEACHER), cx->id, cx->teacher->id,
        cal.year_start, cal.year_end + 1);

    int slot_wd[35], slot_num[35], nslots = 0;
    for (int d = 0; d < 5; d++)
        for (int k = 0; k < 7; k++)
            if (tt[c][d][k] == s) {
                slot_wd[nslots] = d + 1;
                slot_num[nslots++] = k + 1;
                row(&g->buf[DT_TIMETABLE_SLOT], "llllii" "sr", g->school, next_id(g, DT_TIMETABLE_SLOT),
                    g->class_id[c], cx->id, d + 1, k + 1, staff_roles[role].room, cal.year_start, cal.year_end + 1);
            }

    plan_build(g, &cx->plan, s, cx->grade, hours(c, s) * (cx->grade == 1 ? 33 : 34), cx->id);

    for (int i = 0; i < g->npupils && cx->ncp < MAXCP; i++) {
        struct pupil *p = &g->pupils[i];
        if (p->cls != c || (group && p->grp[s == SUBJ_TRUD] != group))
            continue;
        struct cpupil *cp = &cx->cp[cx->ncp++];
        cp->pu = p;
        cp->from = p->from;
        cp->to = p->to;
    }

    int k = 0;
    for (int i = 0; i < g->nsdays; i++) {
        int d = g->sdays[i], wd = weekday(d);
        for (int j = 0; j < nslots; j++) {
            if (slot_wd[j] != wd)
                continue;
            int pi = k < cx->plan.n ? k : -1;
            k++;
            gen_lesson(g, cx, d, slot_num[j], pi, k);
        }
    }
    gen_finals(g, cx);
    plan_free(&cx->plan);
    free(cx);
}

static void gen_courses(struct gen *g)
{
    for (int c = 0; c < NCLASS; c++)
        for (int s = 0; s < SUBJ_N; s++) {
            if (!hours(c, s))
                continue;
            if (split_groups(c, s)) {
                gen_course(g, c, s, 1);
                gen_course(g, c, s, 2);
            } else {
                gen_course(g, c, s, 0);
            }
        }
    for (int i = FIRST_TEACHER; i < ST_N; i++)
        for (int s = 0; s < SUBJ_N; s++)
            if (g->teaches[i][s])
                row(&g->buf[DT_STAFF_SUBJECT], "lll", g->school, g->staff[i].id, g->subj[s]);
}

/* ---- one school, the whole build ---- */

static void school_free(struct gen *g)
{
    for (int i = 0; i < ST_N; i++)
        person_free(&g->staff[i].p);
    for (int i = 0; i < g->npupils; i++) {
        person_free(&g->pupils[i].p);
        free(g->pupils[i].absday);
    }
    free(g->pupils);
    g->pupils = NULL;
    g->npupils = 0;
    for (int i = 0; i < g->nlogins; i++)
        free(g->logins[i]);
    free(g->logins);
    g->logins = NULL;
    g->nlogins = 0;
    g->sokolova = g->sokolov_father = 0;
    memset(g->teaches, 0, sizeof g->teaches);
}

static void school_build(struct gen *g, int k)
{
    g->k = k;
    /* Each school its own stream: the state is a hash of (seed, k), so that two streams
     * are never the same sequence shifted by a few draws. */
    struct rng h = { ((uint64_t)g->seed << 32) ^ (uint64_t)k };
    g->r.s = rng_u64(&h);
    g->school = next_id(g, DT_SCHOOL);
    gen_staff(g);
    gen_school(g);
    gen_classes(g);
    gen_staff_accounts(g);
    gen_pupils(g);
    gen_courses(g);
    school_free(g);
}

static enum ej_err flush(struct gen *g, struct ej_error *err)
{
    for (int t = 0; t < DT_NTABLES; t++) {
        if (!g->buf[t].len)
            continue;
        enum ej_err e = db_demo_copy(g->db, (enum demo_table)t, g->buf[t].data, g->buf[t].len, err);
        if (e != EJ_OK)
            return e;
        buf_reset(&g->buf[t]);
    }
    return EJ_OK;
}

enum ej_err demo_build(struct ej_db *db, const struct demo_opts *opts, struct ej_error *err)
{
    if (opts->schools < 1 || opts->schools > 500)
        return ej_error_set(err, EJ_EUSAGE, "%s", _("--schools takes a number from 1 to 500"));
    int pinned = 0;
    if (opts->today && !parse_date(opts->today, &pinned))
        return ej_error_set(err, EJ_EUSAGE, "%s", _("--today takes a date YYYY-MM-DD"));
    cal_init();
    if (!tt_build())
        return ej_error_set(err, EJ_EINTERNAL, "%s", _("The demo timetable could not be built"));
    bool has = false;
    enum ej_err e = db_demo_has_school(db, &has, err);
    if (e != EJ_OK)
        return e;
    if (has)
        return ej_error_set(err, EJ_ECONFLICT, "%s",
                            _("The database already holds a school: the demo is built only into an empty database"));

    struct gen g;
    memset(&g, 0, sizeof g);
    g.db = db;
    g.seed = opts->seed;
    for (int t = 0; t < DT_NTABLES; t++) {
        buf_init(&g.buf[t]);
        g.next[t] = 1;
    }
    e = db_demo_begin(db, DEMO_TZ, err);
    if (e != EJ_OK)
        goto out;
    if (opts->today) {
        char when[64];
        snprintf(when, sizeof when, "%s 08:00:00 %s", opts->today, DEMO_TZ);
        if ((e = db_clock_pin(db, when, err)) != EJ_OK)
            goto rollback;
    }
    char now[20];
    if ((e = db_demo_now(db, now, err)) != EJ_OK)
        goto rollback;
    int hh, mm, ss;
    char day[11];
    snprintf(day, sizeof day, "%.10s", now);
    if (!parse_date(day, &g.today) || sscanf(now + 10, " %d:%d:%d", &hh, &mm, &ss) != 3) {
        e = ej_error_set(err, EJ_EINTERNAL, "%s", _("The database clock could not be read"));
        goto rollback;
    }
    g.now = (long long)g.today * DAY + HM(hh, mm) + ss;
    g.setup = (long long)cal.setup_day * DAY + HM(12, 0);
    if (g.setup > g.now - DAY)
        g.setup = g.now - DAY;
    /* lessons: every school day from 1 September to the end of today's week (on a
     * weekend, to the end of the coming week, as a diary shows it then) */
    int last = g.today + (7 - weekday(g.today)) + (weekday(g.today) >= 6 ? 7 : 0);
    g.sdays = xcalloc((size_t)(cal.year_end - cal.year_start + 1), sizeof *g.sdays);
    for (int d = cal.year_start; d <= last && d <= cal.year_end; d++)
        if (school_day(d))
            g.sdays[g.nsdays++] = d;
    g.hash = passwd_hash(DEMO_PASSWORD);
    if (!g.hash)
        fatal("demo: libcrypt refused to hash the demo password");

    for (int k = 1; k <= opts->schools; k++) {
        school_build(&g, k);
        if ((e = flush(&g, err)) != EJ_OK)
            goto rollback;
        if (opts->schools > 1)
            log_info(_("Demo: school %d of %d loaded"), k, opts->schools);
    }
    e = db_demo_commit(db, err);
    if (e == EJ_OK)
        log_info(_("Demo: %d school(s), %lld lessons, %lld marks"), opts->schools, g.next[DT_LESSON] - 1,
                 g.next[DT_MARK] - 1);
    goto out;
rollback:
    db_demo_rollback(db);
out:
    for (int t = 0; t < DT_NTABLES; t++)
        buf_free(&g.buf[t]);
    free(g.sdays);
    free(g.hash);
    return e;
}

/* Print s padded with spaces to `width` characters (UTF-8 aware). */
static void pad(FILE *out, const char *s, int width)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xc0) != 0x80;
    fprintf(out, "%s%*s", s, width > n ? width - n : 0, "");
}

void demo_print_accounts(FILE *out, const char *ssh_host, int port)
{
    fprintf(out, _("Demo school «%s»: accounts (every password is %s, not temporary)"), "МБОУ «ООШ №5»",
            DEMO_PASSWORD);
    fputs("\n\n  ", out);
    pad(out, _("Login"), 10);
    pad(out, _("Password"), 10);
    fprintf(out, "%s\n", _("Who"));
    for (int i = 0; i < demo_naccounts; i++) {
        fputs("  ", out);
        pad(out, demo_accounts[i].login, 10);
        pad(out, demo_accounts[i].password, 10);
        fprintf(out, "%s\n", _(demo_accounts[i].who));
    }
    fprintf(out, "  %s\n", _("Every other teacher: the surname in Latin letters (Козлова: kozlova, a digit added when two share "
                "a surname), the same password."));
    fprintf(out, "\n%s\n", _("Try first:"));
    fprintf(out, "ssh -p %d ivanova@%s\n", port, ssh_host);
}
