/*
 * demo — the demo school МБОУ «ООШ №5» (docs/DEMO.md), or a district of N such
 * schools, generated deterministically from a seed and bulk-loaded with COPY.
 *
 * Every row obeys the rules the triggers enforce (they are off during the load):
 * marks only for pupils enrolled (or in the group) on the lesson's date, none in
 * grade 1 or in ungraded subjects, none after "today"; К finals only for ungraded
 * subjects; deadlines and late flags computed as schema/003_rules.sql would
 * (classwork due at the end of the day after the lesson, written work at the end of
 * the fifth day after it, Moscow time: UTC+3 all year).
 */
#include "demo.h"
#include "db-demo.h"
#include "db.h"
#include "demo-data.h"
#include "i18n.h"
#include "log.h"
#include "passwd.h"
#include "utf8.h"
#include "xmalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const struct demo_account demo_accounts[] = {
    { "ivanova", "demo2026", N_("teacher of Russian and literature (7А, 7Б, 8А, 8Б), class teacher of 7А") },
    { "petrov", "demo2026", N_("teacher of algebra and geometry (7-9)") },
    { "zavuch", "demo2026", N_("deputy director") },
    { "sekretar", "demo2026", N_("school secretary") },
    { "kadry", "demo2026", N_("HR") },
    { "roditel", "demo2026", N_("parent of two pupils (7А and 3Б)") },
    { "uchenik", "demo2026", N_("pupil of 7А") },
    { "admin", "demo2026", N_("administrator") },
};
const int demo_naccounts = (int)(sizeof demo_accounts / sizeof demo_accounts[0]);

/* ---- deterministic randomness ---------------------------------------------------- */

struct rng {
    uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
    /* splitmix64: small, fast and the same everywhere */
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int rng_int(struct rng *r, int lo, int hi) /* inclusive */
{
    return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static int rng_pct(struct rng *r, double pct)
{
    return (double)(rng_next(r) % 100000) < pct * 1000.0;
}

/* ---- dates as day numbers ----------------------------------------------------------- */

static int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int z, int *y, int *m, int *d)
{
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yy + (*m <= 2);
}

static int weekday(int day) /* 1 = Monday … 7 = Sunday */
{
    return ((day + 3) % 7 + 7) % 7 + 1;
}

static const char *ds(int day, char buf[16])
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    snprintf(buf, 16, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    return buf;
}

static int D(int y, int m, int d)
{
    return days_from_civil(y, m, d);
}

/* ---- the school's fixed frame -------------------------------------------------------- */

#define NGRADES 9
#define NCLASS 18
#define MAXPUP 28
#define NSTAFF 30
#define MAXCOURSE 24
#define NSLOT 8 /* lesson numbers 1..7 */

static const struct {
    int s, e;
    const char *name;
} holiday_def[] = {
    { 0, 0, "Осенние каникулы" }, { 0, 0, "Зимние каникулы" }, { 0, 0, "День защитника Отечества" },
    { 0, 0, "Международный женский день" }, { 0, 0, "Весенние каникулы" }, { 0, 0, "Праздник Весны и Труда" },
    { 0, 0, "День Победы (перенос)" },
};

static void holidays(int out[][2])
{
    out[0][0] = D(2026, 10, 25), out[0][1] = D(2026, 11, 4);
    out[1][0] = D(2026, 12, 29), out[1][1] = D(2027, 1, 11);
    out[2][0] = out[2][1] = D(2027, 2, 23);
    out[3][0] = out[3][1] = D(2027, 3, 8);
    out[4][0] = D(2027, 3, 21), out[4][1] = D(2027, 3, 29);
    out[5][0] = out[5][1] = D(2027, 5, 1);
    out[6][0] = out[6][1] = D(2027, 5, 10);
}
#define NHOLIDAY 7

static const char *const bell_times[8][2] = {
    { "", "" },           { "08:00", "08:40" }, { "08:50", "09:30" }, { "09:45", "10:25" },
    { "10:45", "11:25" }, { "11:35", "12:15" }, { "12:25", "13:05" }, { "13:15", "13:55" },
};

/* name, short, weight, written */
static const struct {
    const char *name, *short_name, *weight;
    int written;
} work_types[] = {
    { "Ответ на уроке", "Отв", "1.0", 0 },        { "Домашняя работа", "Д/з", "1.0", 0 },
    { "Самостоятельная работа", "С/р", "1.5", 0 }, { "Практическая работа", "Пр/р", "1.5", 0 },
    { "Лабораторная работа", "Лаб", "1.5", 0 },   { "Тест", "Тест", "1.5", 1 },
    { "Диктант", "Дикт", "2.0", 1 },              { "Контрольная работа", "К/р", "2.0", 1 },
    { "Зачётная работа", "Зач", "2.0", 1 },
};
enum { WT_ANSWER, WT_HOME, WT_SR, WT_PR, WT_LAB, WT_TEST, WT_DICT, WT_KR, WT_ZACH, NWT };

/* Staff: fixed people, their positions, and who has which login. */
enum {
    ST_DIRECTOR, ST_DEPUTY, ST_SECRETARY, ST_HR, ST_ADMIN,
    ST_PRIMARY0 = 5, /* 5..12: the primary class teachers of 1А..4Б */
    ST_IVANOVA = 13, ST_RUS_B, ST_RUS_C, ST_PETROV, ST_MATH_B,
    ST_ENG_A, ST_ENG_B, ST_ENG_C, ST_PHYS, ST_HIST, ST_GEO, ST_BIO, ST_MUSIC,
    ST_TRUD_A, ST_TRUD_B, ST_PE_A, ST_PE_B,
};

static const struct {
    const char *surname, *name, *patronymic, *position;
    int female;
} fixed_staff[NSTAFF] = {
    [ST_DIRECTOR] = { "Смирнов", "Андрей", "Викторович", "директор", 0 },
    [ST_DEPUTY] = { "Смирнова", "Елена", "Викторовна", "заместитель директора по УВР", 1 },
    [ST_SECRETARY] = { "Орлова", "Татьяна", "Николаевна", "секретарь", 1 },
    [ST_HR] = { "Белова", "Ирина", "Сергеевна", "специалист по кадрам", 1 },
    [ST_ADMIN] = { "Фёдоров", "Павел", "Андреевич", "инженер-программист", 0 },
    [ST_IVANOVA] = { "Иванова", "Мария", "Петровна", "учитель русского языка и литературы", 1 },
    [ST_PETROV] = { "Петров", "Сергей", "Николаевич", "учитель математики", 0 },
};

static const char *position_of(int st)
{
    if (st >= ST_PRIMARY0 && st < ST_PRIMARY0 + 8)
        return "учитель начальных классов";
    switch (st) {
    case ST_RUS_B: case ST_RUS_C: return "учитель русского языка и литературы";
    case ST_MATH_B: return "учитель математики";
    case ST_ENG_A: case ST_ENG_B: case ST_ENG_C: return "учитель английского языка";
    case ST_PHYS: return "учитель физики и информатики";
    case ST_HIST: return "учитель истории и обществознания";
    case ST_GEO: return "учитель географии";
    case ST_BIO: return "учитель биологии и химии";
    case ST_MUSIC: return "учитель музыки и ИЗО";
    case ST_TRUD_A: case ST_TRUD_B: return "учитель труда (технологии)";
    case ST_PE_A: case ST_PE_B: return "учитель физической культуры";
    default: return fixed_staff[st].position;
    }
}

/* Who teaches subject s to class (grade g, letter l: 0 А, 1 Б), group 0/1/2 (0: whole). */
static int teacher_for(int g, int l, int s, int group)
{
    const char *sh = demo_subjects[s].short_name;
    int cls = (g - 1) * 2 + l;
    if (!strcmp(sh, "Англ"))
        return g <= 4 ? ST_ENG_A : (group == 1 ? ST_ENG_B : ST_ENG_C);
    if (!strcmp(sh, "Физ-ра"))
        return g <= 5 ? ST_PE_A : ST_PE_B;
    if (!strcmp(sh, "Муз"))
        return ST_MUSIC;
    if (g <= 4)
        return ST_PRIMARY0 + cls;
    if (!strcmp(sh, "Рус") || !strcmp(sh, "Лит"))
        return (g == 7 || g == 8) ? ST_IVANOVA : (g == 5 || (g == 6 && l == 1)) ? ST_RUS_B : ST_RUS_C;
    if (!strcmp(sh, "Алг") || !strcmp(sh, "Геом"))
        return ST_PETROV;
    if (!strcmp(sh, "Мат") || !strcmp(sh, "ВиС"))
        return ST_MATH_B;
    if (!strcmp(sh, "Физ") || !strcmp(sh, "Инф"))
        return ST_PHYS;
    if (!strcmp(sh, "Ист") || !strcmp(sh, "Общ"))
        return ST_HIST;
    if (!strcmp(sh, "Геогр") || !strcmp(sh, "ОДНКНР"))
        return ST_GEO;
    if (!strcmp(sh, "Биол") || !strcmp(sh, "Хим"))
        return ST_BIO;
    if (!strcmp(sh, "ИЗО"))
        return ST_MUSIC;
    if (!strcmp(sh, "Труд"))
        return group == 2 ? ST_TRUD_B : ST_TRUD_A;
    if (!strcmp(sh, "ОБЗР"))
        return ST_PE_B;
    fatal("demo: nobody teaches %s", sh);
}

static const int class_teacher_mid[10] = { ST_RUS_B, ST_HIST, ST_RUS_C, ST_GEO, ST_IVANOVA,
                                           ST_BIO,   ST_PHYS, ST_MUSIC, ST_MATH_B, ST_PE_B };

/* ---- generation state ----------------------------------------------------------------- */

struct pupil {
    long long id;
    int first, last; /* enrolled [first, last) in day numbers; last = INT32_MAX if staying */
    int group;       /* 1 or 2 in grades 5-9 */
    double ability;
    int ill_left;    /* days of the current absence still to come */
    char ill_code[4];
    int absent_today;
};

struct course {
    long long id;
    int cls, subj, group, teacher;
    int hours;
    long long plan0;
    int nplan;
    int nlessons;
    double sum[MAXPUP], wsum[MAXPUP]; /* quarter 1 weighted marks per pupil */
};

struct klass {
    long long id;
    int grade, letter;
    int npup;
    struct pupil pup[MAXPUP];
    int slots[6][NSLOT][2]; /* weekday 1..5 × num 1..7: course indexes (two for groups), -1 */
    int maxday;
};

struct gen {
    struct rng r;
    int k;               /* school index, 1-based */
    long long id[DT_NTABLES];
    struct ej_buf out[DT_NTABLES];
    const char *hash;
    int today, end;      /* day numbers */
    long long school, year, period_q[5], period_h[3], period_y;
    long long wt[NWT];
    long long subj[32];
    long long staff[NSTAFF];
    long long account_of[NSTAFF];
    struct klass cls[NCLASS];
    struct course course[NCLASS * MAXCOURSE];
    int ncourse;
    int busy[NSTAFF][6][NSLOT];
    long long marks, lessons;
};

static long long next_id(struct gen *g, enum demo_table t)
{
    return ++g->id[t];
}

static void row(struct gen *g, enum demo_table t, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void row(struct gen *g, enum demo_table t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    buf_puts(&g->out[t], s);
    buf_append(&g->out[t], "\n", 1);
    free(s);
}

static char *login_for(struct gen *g, const char *base)
{
    if (g->k == 1)
        return xstrdup(base);
    return xasprintf("%s.s%d", base, g->k);
}

static void initials(char *out, size_t n, const char *surname, const char *name, const char *patr)
{
    char a[8] = "", b[8] = "";
    size_t la = utf8_valid_prefix(name), lb = utf8_valid_prefix(patr);
    memcpy(a, name, la);
    memcpy(b, patr, lb);
    snprintf(out, n, "%s %s. %s.", surname, a, b);
}

/* ---- parts of a school ----------------------------------------------------------------- */

static void gen_calendar(struct gen *g)
{
    char a[16], b[16];
    g->school = g->k;
    g->id[DT_SCHOOL] = g->k;
    if (g->k == 1)
        row(g, DT_SCHOOL, "%lld\tМуниципальное бюджетное общеобразовательное учреждение «Основная "
                          "общеобразовательная школа №5»\tМБОУ «ООШ №5»\tEurope/Moscow\tСмирнов Андрей Викторович\t"
                          "г. Берёзовск, ул. Школьная, 5",
            g->school);
    else
        row(g, DT_SCHOOL, "%lld\tМуниципальное бюджетное общеобразовательное учреждение «Основная "
                          "общеобразовательная школа №%d»\tМБОУ «ООШ №%d»\tEurope/Moscow\tСмирнов Андрей Викторович\t"
                          "г. Берёзовск, ул. Школьная, %d",
            g->school, g->k + 4, g->k + 4, g->k + 4);
    g->year = next_id(g, DT_YEAR);
    row(g, DT_YEAR, "%lld\t%lld\t2026/2027\t2026-09-01\t2027-05-31", g->school, g->year);
    static const int q[5][2][3] = { { { 0 } },
                                    { { 2026, 9, 1 }, { 2026, 10, 24 } },
                                    { { 2026, 11, 5 }, { 2026, 12, 28 } },
                                    { { 2027, 1, 12 }, { 2027, 3, 20 } },
                                    { { 2027, 3, 30 }, { 2027, 5, 26 } } };
    for (int i = 1; i <= 4; i++) {
        g->period_q[i] = next_id(g, DT_PERIOD);
        row(g, DT_PERIOD, "%lld\t%lld\t%lld\tquarter\t%d\t%d четверть\t%s\t%s", g->school, g->period_q[i],
            g->year, i, i, ds(D(q[i][0][0], q[i][0][1], q[i][0][2]), a), ds(D(q[i][1][0], q[i][1][1], q[i][1][2]), b));
    }
    g->period_h[1] = next_id(g, DT_PERIOD);
    row(g, DT_PERIOD, "%lld\t%lld\t%lld\thalf\t1\t1 полугодие\t2026-09-01\t2026-12-28", g->school, g->period_h[1], g->year);
    g->period_h[2] = next_id(g, DT_PERIOD);
    row(g, DT_PERIOD, "%lld\t%lld\t%lld\thalf\t2\t2 полугодие\t2027-01-12\t2027-05-26", g->school, g->period_h[2], g->year);
    g->period_y = next_id(g, DT_PERIOD);
    row(g, DT_PERIOD, "%lld\t%lld\t%lld\tyear\t1\tГод\t2026-09-01\t2027-05-26", g->school, g->period_y, g->year);
    int hol[NHOLIDAY][2];
    holidays(hol);
    for (int i = 0; i < NHOLIDAY; i++)
        row(g, DT_HOLIDAY, "%lld\t%lld\t%lld\t%s\t%s\t%s", g->school, next_id(g, DT_HOLIDAY), g->year,
            holiday_def[i].name, ds(hol[i][0], a), ds(hol[i][1], b));
    for (int n = 1; n <= 7; n++)
        row(g, DT_BELL, "%lld\t1\t%d\t%s\t%s", g->school, n, bell_times[n][0], bell_times[n][1]);
    for (int i = 0; i < NWT; i++) {
        g->wt[i] = next_id(g, DT_WORK_TYPE);
        row(g, DT_WORK_TYPE, "%lld\t%lld\t%s\t%s\t%s\t%s\t%d", g->school, g->wt[i], work_types[i].name,
            work_types[i].short_name, work_types[i].weight, work_types[i].written ? "t" : "f", i + 1);
    }
    for (int i = 0; i < demo_nsubjects; i++) {
        g->subj[i] = next_id(g, DT_SUBJECT);
        row(g, DT_SUBJECT, "%lld\t%lld\t%s\t%s\t%d", g->school, g->subj[i], demo_subjects[i].name,
            demo_subjects[i].short_name, i + 1);
    }
}

static int is_school_day(int day)
{
    int wd = weekday(day);
    if (wd > 5 || day < D(2026, 9, 1) || day > D(2027, 5, 26))
        return 0;
    int hol[NHOLIDAY][2];
    holidays(hol);
    for (int i = 0; i < NHOLIDAY; i++)
        if (day >= hol[i][0] && day <= hol[i][1])
            return 0;
    return 1;
}

static void phone(struct gen *g, char *out, size_t n)
{
    snprintf(out, n, "+7 9%02d %03d-%02d-%02d", rng_int(&g->r, 0, 99), rng_int(&g->r, 0, 999),
             rng_int(&g->r, 0, 99), rng_int(&g->r, 0, 99));
}

static void gen_staff(struct gen *g)
{
    char used[NSTAFF][40];
    for (int st = 0; st < NSTAFF; st++) {
        const char *sur, *name, *patr;
        char *fem = NULL;
        if (fixed_staff[st].surname) {
            sur = fixed_staff[st].surname;
            name = fixed_staff[st].name;
            patr = fixed_staff[st].patronymic;
        } else {
            int female = st < ST_PRIMARY0 + 8 || rng_pct(&g->r, 70);
            const char *base;
            do
                base = demo_surnames[rng_int(&g->r, 0, demo_nsurnames - 1)];
            while (!strcmp(base, "Иванов") || !strcmp(base, "Петров") || !strcmp(base, "Соколов") ||
                   !strcmp(base, "Кузнецов") || !strcmp(base, "Новиков"));
            sur = female ? (fem = demo_feminine(base)) : base;
            name = female ? demo_female_names[rng_int(&g->r, 24, demo_nfemale - 1)]
                          : demo_male_names[rng_int(&g->r, 0, demo_nmale - 1)];
            patr = demo_fathers[rng_int(&g->r, 0, demo_nfathers - 1)][female ? 2 : 1];
        }
        g->staff[st] = next_id(g, DT_STAFF);
        char ph[32];
        phone(g, ph, sizeof ph);
        row(g, DT_STAFF, "%lld\t%lld\t%s\t%s\t%s\t%s\t%s", g->school, g->staff[st], sur, name, patr,
            position_of(st), ph);
        /* Accounts: fixed logins, and every teacher by the transliterated surname. */
        const char *fixed = st == ST_DEPUTY ? "zavuch" : st == ST_SECRETARY ? "sekretar" : st == ST_HR ? "kadry"
                          : st == ST_ADMIN ? "admin" : st == ST_IVANOVA ? "ivanova" : st == ST_PETROV ? "petrov" : NULL;
        g->account_of[st] = 0;
        if (st != ST_DIRECTOR) {
            char *base = fixed ? xstrdup(fixed) : demo_translit(sur);
            snprintf(used[st], sizeof used[st], "%s", base);
            /* A teacher's login is the surname, with a digit when it is taken. */
            for (int n = 2; !fixed; n++) {
                int taken = !strcmp(used[st], "zavuch") || !strcmp(used[st], "sekretar") ||
                            !strcmp(used[st], "kadry") || !strcmp(used[st], "admin") ||
                            !strcmp(used[st], "ivanova") || !strcmp(used[st], "petrov") ||
                            !strcmp(used[st], "roditel") || !strcmp(used[st], "uchenik");
                for (int other = 0; other < st && !taken; other++)
                    taken = !strcmp(used[other], used[st]);
                if (!taken)
                    break;
                snprintf(used[st], sizeof used[st], "%s%d", base, n);
            }
            free(base);
            char *login = login_for(g, used[st]);
            char disp[200];
            initials(disp, sizeof disp, sur, name, patr);
            g->account_of[st] = next_id(g, DT_ACCOUNT);
            row(g, DT_ACCOUNT, "%lld\t%lld\t%s\t%s\tf\t%s\t2026-08-25 10:00:00+03", g->account_of[st], g->school,
                login, g->hash, disp);
            const char *role = st == ST_DEPUTY ? "deputy" : st == ST_SECRETARY ? "secretary" : st == ST_HR ? "hr"
                             : st == ST_ADMIN ? "admin" : "teacher";
            row(g, DT_ACCOUNT_ROLE, "%lld\t%lld\t%lld\t%s\t%lld\t\\N\t\\N", next_id(g, DT_ACCOUNT_ROLE), g->school,
                g->account_of[st], role, g->staff[st]);
            free(login);
        } else {
            used[st][0] = '\0';
        }
        free(fem);
    }
}

/* One pupil: a name, a family (guardians), a birth date fitting the grade. */
struct family {
    long long mother, father;
};

static long long gen_guardian(struct gen *g, const char *sur, const char *name, const char *patr, const char *addr)
{
    long long id = next_id(g, DT_GUARDIAN);
    char ph[32];
    phone(g, ph, sizeof ph);
    row(g, DT_GUARDIAN, "%lld\t%lld\t%s\t%s\t%s\t%s\t%s", g->school, id, sur, name, patr, ph, addr);
    return id;
}

static long long gen_pupil(struct gen *g, struct klass *c, const char *base, int female, const char *name,
                           int father, struct family *fam_out, const struct family *fam_in)
{
    char a[16], addr[120];
    char *fem = demo_feminine(base);
    const char *sur = female ? fem : base;
    const char *patr = demo_fathers[father][female ? 2 : 1];
    int born = D(2020 - c->grade, 9, 1) + rng_int(&g->r, 0, 364);
    snprintf(addr, sizeof addr, "г. Берёзовск, %s, д. %d, кв. %d", demo_streets[rng_int(&g->r, 0, demo_nstreets - 1)],
             rng_int(&g->r, 1, 60), rng_int(&g->r, 1, 120));
    long long id = next_id(g, DT_PUPIL);
    row(g, DT_PUPIL, "%lld\t%lld\t%s\t%s\t%s\t%s\t%s\tЛД-%05lld\t%s\t%s", g->school, id, sur, name, patr, ds(born, a),
        female ? "Ж" : "М", id, addr, rng_pct(&g->r, 4) ? "t" : "f");
    struct family fam = { 0, 0 };
    if (fam_in) {
        fam = *fam_in;
    } else {
        if (rng_pct(&g->r, 92))
            fam.mother = gen_guardian(g, fem, demo_female_names[rng_int(&g->r, 24, demo_nfemale - 1)],
                                      demo_fathers[rng_int(&g->r, 0, demo_nfathers - 1)][2], addr);
        if (!fam.mother || rng_pct(&g->r, 60))
            fam.father = gen_guardian(g, base, demo_fathers[father][0],
                                      demo_fathers[rng_int(&g->r, 0, demo_nfathers - 1)][1], addr);
    }
    if (fam.mother)
        row(g, DT_PUPIL_GUARDIAN, "%lld\t%lld\t%lld\tмать", g->school, id, fam.mother);
    if (fam.father)
        row(g, DT_PUPIL_GUARDIAN, "%lld\t%lld\t%lld\tотец", g->school, id, fam.father);
    if (fam_out)
        *fam_out = fam;
    free(fem);
    return id;
}

static int reserved_surname(const char *s)
{
    return !strcmp(s, "Соколов") || !strcmp(s, "Кузнецов") || !strcmp(s, "Новиков");
}

static void add_to_class(struct gen *g, struct klass *c, long long pid, int first, int last)
{
    struct pupil *p = &c->pup[c->npup++];
    memset(p, 0, sizeof *p);
    p->id = pid;
    p->first = first;
    p->last = last;
    p->ability = 2.9 + (double)rng_int(&g->r, 0, 190) / 100.0;
}

static void gen_classes(struct gen *g)
{
    struct family sokolov = { 0, 0 };
    for (int ci = 0; ci < NCLASS; ci++) {
        struct klass *c = &g->cls[ci];
        memset(c, 0, sizeof *c);
        memset(c->slots, -1, sizeof c->slots);
        c->grade = ci / 2 + 1;
        c->letter = ci % 2;
        c->maxday = c->grade == 1 ? 4 : c->grade <= 4 ? 5 : c->grade <= 6 ? 6 : 7;
        c->id = next_id(g, DT_CLASS);
        int teacher = c->grade <= 4 ? ST_PRIMARY0 + ci : class_teacher_mid[ci - 8];
        row(g, DT_CLASS, "%lld\t%lld\t%lld\t%d\t%s\t%lld", g->school, c->id, g->year, c->grade,
            c->letter ? "Б" : "А", g->staff[teacher]);
        for (int s = 0; s < demo_nsubjects; s++) {
            int h = demo_subjects[s].hours[c->grade - 1];
            if (h)
                row(g, DT_CURRICULUM, "%lld\t%lld\t%lld\t%d\t%s", g->school, c->id, g->subj[s], h,
                    demo_subjects[s].graded && c->grade > 1 ? "t" : "f");
        }
        int n = (ci == 12) ? 23 : rng_int(&g->r, 24, 27); /* 7А: 23 + Соколов Михаил = 24 */
        if (ci == 5)
            n--; /* 3Б: room for Соколова Анна */
        int start = D(2026, 9, 1);
        for (int i = 0; i < n; i++) {
            const char *base;
            do
                base = demo_surnames[rng_int(&g->r, 0, demo_nsurnames - 1)];
            while (reserved_surname(base));
            int female = rng_pct(&g->r, 50);
            const char *name = female ? demo_female_names[rng_int(&g->r, 0, 23)]
                                      : demo_male_names[rng_int(&g->r, 0, demo_nmale - 1)];
            long long pid = gen_pupil(g, c, base, female, name, rng_int(&g->r, 0, demo_nfathers - 1), NULL, NULL);
            add_to_class(g, c, pid, start, INT32_MAX);
        }
        if (ci == 12 || ci == 5) {
            /* The Соколов family: one mother, two children (7А, 3Б). */
            int igor = 7; /* Игорь */
            long long pid;
            if (!sokolov.mother) {
                sokolov.mother = gen_guardian(g, "Соколова", "Ольга", "Ивановна", "г. Берёзовск, ул. Садовая, д. 12, кв. 4");
                sokolov.father = gen_guardian(g, "Соколов", "Игорь", "Викторович", "г. Берёзовск, ул. Садовая, д. 12, кв. 4");
            }
            if (ci == 5)
                pid = gen_pupil(g, c, "Соколов", 1, "Анна", igor, NULL, &sokolov);
            else
                pid = gen_pupil(g, c, "Соколов", 0, "Михаил", igor, NULL, &sokolov);
            add_to_class(g, c, pid, start, INT32_MAX);
        }
        if (ci == 12) {
            long long left = gen_pupil(g, c, "Кузнецов", 0, "Артём", 1, NULL, NULL);
            add_to_class(g, c, left, start, D(2026, 10, 11));
            long long arrived = gen_pupil(g, c, "Новиков", 1, "Дарья", 2, NULL, NULL);
            add_to_class(g, c, arrived, D(2026, 11, 9), INT32_MAX);
        }
        char a[16], b[16];
        for (int i = 0; i < c->npup; i++) {
            struct pupil *p = &c->pup[i];
            p->group = i < c->npup / 2 ? 1 : 2;
            if (p->last == INT32_MAX)
                row(g, DT_ENROLLMENT, "%lld\t%lld\t%lld\t%lld\t[%s,)\t%s\t%s\t\t\t", g->school, next_id(g, DT_ENROLLMENT),
                    p->id, c->id, ds(p->first, a), p->first == start ? "" : "№ 131-у от 09.11.2026",
                    p->first == start ? "" : "прибыла из МБОУ «СОШ №3»");
            else
                row(g, DT_ENROLLMENT, "%lld\t%lld\t%lld\t%lld\t[%s,%s)\t\t\t№ 112-у от 10.10.2026\tвыбыл в другую "
                                      "школу\tМБОУ «СОШ №12»",
                    g->school, next_id(g, DT_ENROLLMENT), p->id, c->id, ds(p->first, a), ds(p->last, b));
        }
    }
    /* The parent and the pupil accounts of the Соколов family. */
    char *lp = login_for(g, "roditel"), *lu = login_for(g, "uchenik");
    long long ap = next_id(g, DT_ACCOUNT), au = next_id(g, DT_ACCOUNT);
    row(g, DT_ACCOUNT, "%lld\t%lld\t%s\t%s\tf\tСоколова О. И.\t2026-09-01 10:00:00+03", ap, g->school, lp, g->hash);
    row(g, DT_ACCOUNT_ROLE, "%lld\t%lld\t%lld\tparent\t\\N\t%lld\t\\N", next_id(g, DT_ACCOUNT_ROLE), g->school, ap,
        sokolov.mother);
    long long misha = 0;
    for (int i = 0; i < g->cls[12].npup; i++)
        if (i == 23)
            misha = g->cls[12].pup[i].id;
    row(g, DT_ACCOUNT, "%lld\t%lld\t%s\t%s\tf\tСоколов М. И.\t2026-09-01 10:00:00+03", au, g->school, lu, g->hash);
    row(g, DT_ACCOUNT_ROLE, "%lld\t%lld\t%lld\tpupil\t\\N\t\\N\t%lld", next_id(g, DT_ACCOUNT_ROLE), g->school, au, misha);
    free(lp);
    free(lu);
}

static void gen_courses(struct gen *g)
{
    char a[16];
    int groups_made[NCLASS][32][3];
    memset(groups_made, 0, sizeof groups_made);
    for (int ci = 0; ci < NCLASS; ci++) {
        struct klass *c = &g->cls[ci];
        for (int s = 0; s < demo_nsubjects; s++) {
            int h = demo_subjects[s].hours[c->grade - 1];
            if (!h)
                continue;
            int ngroups = demo_subjects[s].groups && c->grade >= 5 ? 2 : 0;
            for (int gi = ngroups ? 1 : 0; gi <= ngroups; gi++) {
                struct course *co = &g->course[g->ncourse++];
                memset(co, 0, sizeof *co);
                co->id = next_id(g, DT_COURSE);
                co->cls = ci;
                co->subj = s;
                co->group = gi;
                co->hours = h;
                co->teacher = teacher_for(c->grade, c->letter, s, gi);
                long long group_id = 0;
                if (gi) {
                    group_id = next_id(g, DT_STUDY_GROUP);
                    row(g, DT_STUDY_GROUP, "%lld\t%lld\t%lld\t%lld\t%d группа", g->school, group_id, c->id, g->subj[s], gi);
                    for (int i = 0; i < c->npup; i++) {
                        struct pupil *p = &c->pup[i];
                        if (p->group != gi)
                            continue;
                        char b[16];
                        if (p->last == INT32_MAX)
                            row(g, DT_GROUP_MEMBER, "%lld\t%lld\t%lld\t%lld\t[%s,)", g->school, next_id(g, DT_GROUP_MEMBER),
                                group_id, p->id, ds(p->first, a));
                        else
                            row(g, DT_GROUP_MEMBER, "%lld\t%lld\t%lld\t%lld\t[%s,%s)", g->school,
                                next_id(g, DT_GROUP_MEMBER), group_id, p->id, ds(p->first, a), ds(p->last, b));
                    }
                }
                if (gi)
                    row(g, DT_COURSE, "%lld\t%lld\t%lld\t%lld\t%lld", g->school, co->id, c->id, group_id, g->subj[s]);
                else
                    row(g, DT_COURSE, "%lld\t%lld\t%lld\t\\N\t%lld", g->school, co->id, c->id, g->subj[s]);
                row(g, DT_COURSE_TEACHER, "%lld\t%lld\t%lld\t%lld\t[2026-09-01,2027-06-01)", g->school,
                    next_id(g, DT_COURSE_TEACHER), co->id, g->staff[co->teacher]);
                /* The calendar-thematic plan: one topic per lesson of the year. */
                const char *const *topics = demo_subjects[s].topics;
                int nt = 0;
                while (topics[nt])
                    nt++;
                co->nplan = h * 33;
                for (int i = 0; i < co->nplan; i++) {
                    long long pid = next_id(g, DT_PLAN_ITEM);
                    if (i == 0)
                        co->plan0 = pid;
                    int t = i * nt / co->nplan;
                    row(g, DT_PLAN_ITEM, "%lld\t%lld\t%lld\t%d\t%s (урок %d)\t1", g->school, pid, co->id, i + 1,
                        topics[t], i + 1);
                }
            }
        }
    }
    (void)groups_made;
}

/* Weekly timetable: a deterministic greedy allocation; no teacher and no class in two
 * places at once, a subject at most once a day while it fits. */
static int teacher_load(struct gen *g, int st)
{
    int n = 0;
    for (int i = 0; i < g->ncourse; i++)
        if (g->course[i].teacher == st)
            n += g->course[i].hours;
    return n;
}

static int day_count(struct klass *c, int day, int co)
{
    int n = 0;
    for (int num = 1; num < NSLOT; num++)
        n += c->slots[day][num][0] == co;
    return n;
}

static int lessons_on(struct klass *c, int day)
{
    int n = 0;
    for (int num = 1; num < NSLOT; num++)
        n += c->slots[day][num][0] >= 0;
    return n;
}

static int place(struct gen *g, int co, int co2, int strict)
{
    struct course *a = &g->course[co];
    struct klass *c = &g->cls[a->cls];
    int maxnum = strict ? c->maxday : 7;
    int best_day = -1, best_num = -1, best_score = 1 << 30;
    for (int day = 1; day <= 5; day++) {
        int dc = day_count(c, day, co);
        if (strict && dc >= 1 + (a->hours > 5))
            continue;
        int n = lessons_on(c, day);
        for (int num = 1; num <= maxnum; num++) {
            if (c->slots[day][num][0] >= 0 || g->busy[a->teacher][day][num])
                continue;
            if (co2 >= 0 && g->busy[g->course[co2].teacher][day][num])
                continue;
            int score = dc * 1000 + n * 20 + num * 3 + (day + a->cls + co) % 5;
            if (score < best_score) {
                best_score = score;
                best_day = day;
                best_num = num;
            }
            break; /* the first free number of the day keeps the day contiguous */
        }
    }
    if (best_day < 0)
        return 0;
    c->slots[best_day][best_num][0] = co;
    c->slots[best_day][best_num][1] = co2;
    g->busy[a->teacher][best_day][best_num] = 1;
    if (co2 >= 0)
        g->busy[g->course[co2].teacher][best_day][best_num] = 1;
    return 1;
}

static int teachers_free(struct gen *g, int co, int co2, int day, int num)
{
    return !g->busy[g->course[co].teacher][day][num] && (co2 < 0 || !g->busy[g->course[co2].teacher][day][num]);
}

static void set_busy(struct gen *g, int co, int co2, int day, int num, int v)
{
    g->busy[g->course[co].teacher][day][num] = v;
    if (co2 >= 0)
        g->busy[g->course[co2].teacher][day][num] = v;
}

/* No free slot fits: move one lesson of the class to another free slot to make room. */
static int place_repair(struct gen *g, int co, int co2)
{
    struct klass *c = &g->cls[g->course[co].cls];
    for (int day = 1; day <= 5; day++)
        for (int num = 1; num <= 7; num++) {
            int x = c->slots[day][num][0], x2 = c->slots[day][num][1];
            if (x < 0 || !teachers_free(g, co, co2, day, num))
                continue;
            for (int d2 = 1; d2 <= 5; d2++)
                for (int n2 = 1; n2 <= 7; n2++) {
                    if (c->slots[d2][n2][0] >= 0 || !teachers_free(g, x, x2, d2, n2))
                        continue;
                    set_busy(g, x, x2, day, num, 0);
                    set_busy(g, x, x2, d2, n2, 1);
                    c->slots[d2][n2][0] = x;
                    c->slots[d2][n2][1] = x2;
                    c->slots[day][num][0] = co;
                    c->slots[day][num][1] = co2;
                    set_busy(g, co, co2, day, num, 1);
                    return 1;
                }
        }
    return 0;
}

static void gen_timetable(struct gen *g)
{
    /* Items: a course, or the pair of group courses taught at the same time. */
    int items[NCLASS * MAXCOURSE][2], load[NCLASS * MAXCOURSE], nitems = 0;
    for (int i = 0; i < g->ncourse; i++) {
        if (g->course[i].group == 2)
            continue;
        items[nitems][0] = i;
        items[nitems][1] = g->course[i].group == 1 ? i + 1 : -1;
        load[nitems] = teacher_load(g, g->course[i].teacher) * 100 + g->course[i].hours;
        if (items[nitems][1] >= 0)
            load[nitems] += teacher_load(g, g->course[i + 1].teacher) * 100;
        nitems++;
    }
    /* Busiest teachers first (insertion sort: stable, deterministic). */
    for (int i = 1; i < nitems; i++)
        for (int j = i; j > 0 && load[j] > load[j - 1]; j--) {
            int t0 = items[j][0], t1 = items[j][1], tl = load[j];
            items[j][0] = items[j - 1][0], items[j][1] = items[j - 1][1], load[j] = load[j - 1];
            items[j - 1][0] = t0, items[j - 1][1] = t1, load[j - 1] = tl;
        }
    for (int i = 0; i < nitems; i++)
        for (int h = 0; h < g->course[items[i][0]].hours; h++)
            if (!place(g, items[i][0], items[i][1], 1) && !place(g, items[i][0], items[i][1], 0) &&
                !place_repair(g, items[i][0], items[i][1]))
                log_warn("demo: no room in the timetable for course %lld", g->course[items[i][0]].id);
    for (int ci = 0; ci < NCLASS; ci++)
        for (int day = 1; day <= 5; day++)
            for (int num = 1; num < NSLOT; num++)
                for (int k = 0; k < 2; k++) {
                    int co = g->cls[ci].slots[day][num][k];
                    if (co < 0)
                        continue;
                    row(g, DT_TIMETABLE_SLOT, "%lld\t%lld\t%lld\t%lld\t%d\t%d\t%d\t[2026-09-01,2027-06-01)", g->school,
                        next_id(g, DT_TIMETABLE_SLOT), g->cls[ci].id, g->course[co].id, day, num,
                        100 + g->course[co].teacher);
                }
}

/* ---- the year so far ------------------------------------------------------------------ */

static int in_course(const struct course *co, const struct pupil *p, int day)
{
    return day >= p->first && day < p->last && (co->group == 0 || co->group == p->group);
}

static void ts(char *out, size_t n, int day, int minutes) /* local time, +03 */
{
    char d[16];
    day += minutes / 1440;
    minutes %= 1440;
    snprintf(out, n, "%s %02d:%02d:00+03", ds(day, d), minutes / 60, minutes % 60);
}

static void mark_row(struct gen *g, struct course *co, long long work, int pi, struct pupil *p, int day, int written,
                     double weight)
{
    int v = (int)(p->ability + (double)rng_int(&g->r, -80, 80) / 100.0 + 0.5);
    v = v < 2 ? 2 : v > 5 ? 5 : v;
    int due = (day + (written ? 6 : 2)) * 1440; /* minutes since the epoch, local */
    int entered;
    if (rng_pct(&g->r, 5))
        entered = due + rng_int(&g->r, 60, 72 * 60);
    else if (written)
        entered = (day + rng_int(&g->r, 1, 4)) * 1440 + rng_int(&g->r, 15 * 60, 21 * 60);
    else
        entered = day * 1440 + rng_int(&g->r, 14 * 60, 21 * 60);
    /* Nothing is entered after "now" (today 08:00): such a mark would still be owed. */
    if (entered >= g->today * 1440 + 8 * 60)
        entered = g->today * 1440 + 7 * 60 + rng_int(&g->r, 0, 59);
    char e[40], du[40];
    ts(e, sizeof e, entered / 1440, entered % 1440);
    ts(du, sizeof du, due / 1440, 0);
    row(g, DT_MARK, "%lld\t%lld\t%lld\t%lld\t1\t%d\t%s\t%lld\t%s\t%s\t%s", g->school, next_id(g, DT_MARK), work, p->id,
        v, e, g->account_of[co->teacher], du, entered > due ? "t" : "f", e);
    g->marks++;
    if (day <= D(2026, 10, 24)) {
        co->sum[pi] += v * weight;
        co->wsum[pi] += weight;
    }
}

static void gen_lesson(struct gen *g, struct course *co, int day, int num)
{
    struct klass *c = &g->cls[co->cls];
    const struct demo_subject *s = &demo_subjects[co->subj];
    int idx = co->nlessons++;
    long long id = next_id(g, DT_LESSON);
    int pidx = idx < co->nplan ? idx : co->nplan - 1;
    long long plan = co->plan0 + pidx;
    int nt = 0;
    while (s->topics[nt])
        nt++;
    char topic[300] = "", hw[200] = "", taken[40] = "\\N", by[32] = "\\N", tset[40] = "\\N", hset[40] = "\\N";
    int bell = atoi(bell_times[num][0]) * 60 + atoi(bell_times[num][0] + 3);
    int past = day < g->today;
    /* Topics from the plan (entered ahead for some future lessons, 3.6); a few past
     * lessons still lack them, and so do some of today's (the home screen flags them). */
    if ((past && !rng_pct(&g->r, 2)) || (day == g->today && rng_pct(&g->r, 50)) ||
        (day > g->today && rng_pct(&g->r, 30))) {
        snprintf(topic, sizeof topic, "%s (урок %d)", s->topics[pidx * nt / co->nplan], pidx + 1);
        ts(tset, sizeof tset, day > g->today ? g->today - 1 : day, bell + 10);
    }
    if ((past && !rng_pct(&g->r, 3)) || (day > g->today && rng_pct(&g->r, 30))) {
        snprintf(hw, sizeof hw, s->homework, idx + 3, (idx * 7) % 40 + 1);
        ts(hset, sizeof hset, day > g->today ? g->today - 1 : day, bell + 40);
    }
    if (past) {
        ts(taken, sizeof taken, day, bell + 5);
        snprintf(by, sizeof by, "%lld", g->account_of[co->teacher]);
    }
    const char *updated = past ? taken : hset[0] != '\\' ? hset : tset[0] != '\\' ? tset : "2026-09-01 08:00:00+03";
    char plan_s[32] = "\\N", d[16];
    if (topic[0])
        snprintf(plan_s, sizeof plan_s, "%lld", plan);
    row(g, DT_LESSON, "%lld\t%lld\t%lld\t%s\t%d\t%s\t%s\t%s\t%lld\t%s\t%s\t%s\t%s\t%s", g->school, id, co->id,
        ds(day, d), num, topic, hw, plan_s, g->staff[co->teacher], taken, by, tset, hset, updated);
    g->lessons++;
    if (!past)
        return;
    /* Absences of the day (and a few of single lessons). */
    char absent[MAXPUP] = { 0 };
    for (int i = 0; i < c->npup; i++) {
        struct pupil *p = &c->pup[i];
        if (!in_course(co, p, day))
            continue;
        const char *code = p->absent_today ? p->ill_code : rng_pct(&g->r, 0.4) ? "Н" : NULL;
        absent[i] = code != NULL;
        if (code)
            row(g, DT_ATTENDANCE, "%lld\t%lld\t%lld\t%s\t%s\t%s", g->school, id, p->id, code, by, taken);
    }
    int graded = s->graded && c->grade > 1;
    if (!graded)
        return;
    int written = idx % 8 == 7;
    int wt = WT_ANSWER;
    if (written)
        wt = !strcmp(s->short_name, "Рус") ? ((idx / 8) % 2 ? WT_DICT : WT_KR) : ((idx / 8) % 2 ? WT_TEST : WT_KR);
    else if (idx % 5 == 2)
        wt = WT_SR;
    long long work = next_id(g, DT_WORK);
    row(g, DT_WORK, "%lld\t%lld\t%lld\t%lld\t1", g->school, work, id, g->wt[wt]);
    double weight = atof(work_types[wt].weight);
    int want = written || wt == WT_SR ? 100 : rng_int(&g->r, 3, 6);
    int given = 0;
    int startp = rng_int(&g->r, 0, c->npup - 1);
    for (int k = 0; k < c->npup && given < want; k++) {
        int i = (startp + k) % c->npup;
        struct pupil *p = &c->pup[i];
        if (!in_course(co, p, day) || absent[i])
            continue;
        mark_row(g, co, work, i, p, day, work_types[wt].written, weight);
        given++;
    }
}

static void gen_year(struct gen *g)
{
    for (int day = D(2026, 9, 1); day <= g->end; day++) {
        if (!is_school_day(day))
            continue;
        int wd = weekday(day);
        for (int ci = 0; ci < NCLASS; ci++) {
            struct klass *c = &g->cls[ci];
            for (int i = 0; i < c->npup; i++) {
                struct pupil *p = &c->pup[i];
                if (p->ill_left > 0) {
                    p->ill_left--;
                    p->absent_today = 1;
                } else if (rng_pct(&g->r, 2.5)) {
                    int r = rng_int(&g->r, 0, 99);
                    snprintf(p->ill_code, sizeof p->ill_code, "%s", r < 40 ? "Б" : r < 80 ? "Н" : "У");
                    p->ill_left = r < 40 ? rng_int(&g->r, 0, 3) : 0;
                    p->absent_today = 1;
                } else {
                    p->absent_today = 0;
                }
            }
            for (int num = 1; num < NSLOT; num++)
                for (int k = 0; k < 2; k++)
                    if (c->slots[wd][num][k] >= 0)
                        gen_lesson(g, &g->course[c->slots[wd][num][k]], day, num);
        }
    }
}

static void gen_finals(struct gen *g)
{
    if (g->today <= D(2026, 10, 24))
        return;
    for (int i = 0; i < g->ncourse; i++) {
        struct course *co = &g->course[i];
        struct klass *c = &g->cls[co->cls];
        if (c->grade == 1)
            continue;
        int graded = demo_subjects[co->subj].graded;
        for (int pi = 0; pi < c->npup; pi++) {
            struct pupil *p = &c->pup[pi];
            if (p->first > D(2026, 10, 24) || (co->group && co->group != p->group))
                continue;
            char v[8];
            if (!graded) {
                snprintf(v, sizeof v, "К");
            } else if (co->wsum[pi] == 0 || rng_pct(&g->r, 0.3)) {
                snprintf(v, sizeof v, "Н");
            } else {
                double avg = co->sum[pi] / co->wsum[pi];
                int m = (int)avg + (avg - (int)avg >= 0.6 - 1e-9);
                snprintf(v, sizeof v, "%d", m < 2 ? 2 : m > 5 ? 5 : m);
            }
            row(g, DT_FINAL_MARK, "%lld\t%lld\t%lld\t%lld\t%lld\tperiod\t%s\t%lld\t2026-10-23 16:00:00+03", g->school,
                next_id(g, DT_FINAL_MARK), co->id, p->id, g->period_q[1], v, g->account_of[co->teacher]);
        }
    }
}

static enum ej_err flush(struct gen *g, struct ej_db *db, struct ej_error *err)
{
    for (int t = 0; t < DT_NTABLES; t++) {
        if (g->out[t].len == 0)
            continue;
        enum ej_err e = db_demo_copy(db, (enum demo_table)t, g->out[t].data, g->out[t].len, err);
        if (e != EJ_OK)
            return e;
        buf_reset(&g->out[t]);
    }
    return EJ_OK;
}

static int real_today(void)
{
    time_t now = time(NULL) + 3 * 3600; /* Europe/Moscow: UTC+3 all year */
    struct tm tm;
    gmtime_r(&now, &tm);
    return D(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

enum ej_err demo_build(struct ej_db *db, const struct demo_opts *opts, struct ej_error *err)
{
    bool has = false;
    enum ej_err e = db_demo_has_school(db, &has, err);
    if (e != EJ_OK)
        return e;
    if (has)
        return ej_error_set(err, EJ_ECONFLICT, _("The database already holds a school: the demo is built "
                                                 "only into an empty database"));
    struct gen *g = xcalloc(1, sizeof *g);
    if (opts->today) {
        int y, m, d;
        sscanf(opts->today, "%d-%d-%d", &y, &m, &d);
        g->today = D(y, m, d);
    } else {
        g->today = real_today();
    }
    int wd = weekday(g->today);
    g->end = g->today + (5 - wd + 7) % 7;
    char *hash = passwd_hash("demo2026");
    if (!hash)
        fatal("demo: libcrypt refused to hash a password");
    g->hash = hash;
    for (int t = 0; t < DT_NTABLES; t++)
        buf_init(&g->out[t]);
    e = db_demo_begin(db, err);
    for (int k = 1; e == EJ_OK && k <= opts->schools; k++) {
        g->k = k;
        g->r.s = (uint64_t)opts->seed * 1000003u + (uint64_t)k;
        g->ncourse = 0;
        memset(g->busy, 0, sizeof g->busy);
        gen_calendar(g);
        gen_staff(g);
        gen_classes(g);
        gen_courses(g);
        gen_timetable(g);
        gen_year(g);
        gen_finals(g);
        e = flush(g, db, err);
        if (opts->schools > 1)
            log_info("demo: school %d of %d loaded", k, opts->schools);
    }
    if (e == EJ_OK)
        e = db_demo_commit(db, err);
    else
        db_demo_rollback(db);
    if (e == EJ_OK && opts->today) {
        char when[64];
        snprintf(when, sizeof when, "%s 08:00:00 Europe/Moscow", opts->today);
        e = db_clock_pin(db, when, err);
    }
    if (e == EJ_OK)
        log_info("demo: %d school(s), %lld lessons, %lld marks", opts->schools, g->lessons, g->marks);
    for (int t = 0; t < DT_NTABLES; t++)
        buf_free(&g->out[t]);
    free(hash);
    free(g);
    return e;
}

void demo_print_accounts(FILE *out, const char *ssh_host, int port)
{
    fprintf(out, "%s\n", _("Demo accounts of МБОУ «ООШ №5» (password for each: demo2026):"));
    for (int i = 0; i < demo_naccounts; i++)
        fprintf(out, "  %-10s %s\n", demo_accounts[i].login, _(demo_accounts[i].who));
    fprintf(out, _("Other teachers: their surname in Latin letters (see docs/DEMO.md).\n"));
    fprintf(out, _("Try first:  ssh -p %d ivanova@%s\n"), port, ssh_host);
}
