/*
 * pupils — the class list file as data: header mapping and the checks of each
 * row that need no database (the rules are in pupils.h).
 */
#include "pupils.h"
#include "calendar.h"
#include "i18n.h"
#include "report.h"
#include "utf8.h"
#include "xmalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The longest name, number or address accepted, in characters. */
#define MAX_NAME 100
#define MAX_TEXT 500

/* Column names: the file format, not user interface text (pupils.h). */
static const char *const columns[PF_COUNT] = {
    [PF_SURNAME] = "Фамилия",
    [PF_NAME] = "Имя",
    [PF_PATRONYMIC] = "Отчество",
    [PF_BIRTH] = "Дата рождения",
    [PF_SEX] = "Пол",
    [PF_FILE_NO] = "Номер личного дела",
    [PF_ADDRESS] = "Адрес",
    [PF_CLASS] = "Класс",
};

/* Other spellings seen in real files, folded (pupils_fold). */
static const struct {
    const char *name;
    enum pupil_field f;
} aliases[] = {
    { "surname", PF_SURNAME },        { "last name", PF_SURNAME },
    { "name", PF_NAME },              { "first name", PF_NAME },
    { "patronymic", PF_PATRONYMIC },  { "middle name", PF_PATRONYMIC },
    { "birth date", PF_BIRTH },       { "date of birth", PF_BIRTH },
    { "дата рожд.", PF_BIRTH },       { "sex", PF_SEX },
    { "личное дело", PF_FILE_NO },    { "№ личного дела", PF_FILE_NO },
    { "номер л/д", PF_FILE_NO },      { "file no", PF_FILE_NO },
    { "address", PF_ADDRESS },        { "адрес проживания", PF_ADDRESS },
    { "class", PF_CLASS },
};

static const bool required[PF_COUNT] = {
    [PF_SURNAME] = true, [PF_NAME] = true, [PF_BIRTH] = true, [PF_SEX] = true,
};

const char *pupils_column(enum pupil_field f)
{
    return (unsigned)f < PF_COUNT ? columns[f] : "?";
}

char *pupils_fold(const char *s)
{
    struct ej_buf b;
    buf_init(&b);
    bool space = false;
    while (*s) {
        uint32_t cp;
        size_t l = utf8_decode(s, &cp);
        if (l == 0) {
            s++;
            continue;
        }
        s += l;
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xa0 || cp == '_') {
            space = b.len > 0;
            continue;
        }
        if (cp >= 'A' && cp <= 'Z')
            cp += 32;
        else if (cp >= 0x410 && cp <= 0x42f)
            cp += 0x20;
        else if (cp == 0x401 || cp == 0x451)
            cp = 0x435; /* Ё, ё as е */
        char enc[4];
        size_t n = utf8_encode(cp, enc);
        if (space)
            buf_append(&b, " ", 1);
        space = false;
        buf_append(&b, enc, n);
    }
    return buf_steal(&b);
}

/* Which field a header cell names; -1 if none. */
static int header_field(const char *cell)
{
    char *h = pupils_fold(cell);
    /* «Дата рождения (ДД.ММ.ГГГГ)», «Пол (М/Ж)»: the hint is not the name */
    size_t n = strlen(h);
    if (n && h[n - 1] == ')') {
        char *open = strrchr(h, '(');
        if (open) {
            while (open > h && open[-1] == ' ')
                open--;
            *open = '\0';
        }
    }
    int f = -1;
    for (int k = 0; k < PF_COUNT && f < 0; k++) {
        char *c = pupils_fold(columns[k]);
        if (strcmp(c, h) == 0)
            f = k;
        free(c);
    }
    for (size_t k = 0; k < sizeof aliases / sizeof aliases[0] && f < 0; k++)
        if (strcmp(aliases[k].name, h) == 0)
            f = (int)aliases[k].f;
    free(h);
    return f;
}

static void add(struct pupil_problem **v, int *n, int line, char *msg)
{
    *v = xreallocarray(*v, (size_t)*n + 1, sizeof **v);
    (*v)[*n].line = line;
    (*v)[*n].msg = msg;
    (*n)++;
}

void pupils_problem_add(struct pupil_sheet *s, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    add(&s->problems, &s->nproblems, line, msg);
}

static int by_line(const void *a, const void *b)
{
    const struct pupil_problem *x = a, *y = b;
    return (x->line > y->line) - (x->line < y->line);
}

void pupils_problems_sort(struct pupil_sheet *s)
{
    /* Insertion sort: stable (problems of one line keep the order they were found
     * in), and the lists are short. */
    int n = s->nproblems;
    if (n < 2)
        return;
    struct pupil_problem *v = s->problems;
    for (int i = 1; i < n; i++) {
        struct pupil_problem x = v[i];
        int j = i - 1;
        while (j >= 0 && by_line(&v[j], &x) > 0) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
}

/* A cell's value: spaces trimmed, line breaks and tabs inside made spaces. */
static char *clean(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    char *v = xstrdup(s);
    for (char *p = v; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    size_t n = strlen(v);
    while (n && v[n - 1] == ' ')
        v[--n] = '\0';
    return v;
}

/* "ДД.ММ.ГГГГ" (day and month may have one digit) or "ГГГГ-ММ-ДД", a real date. */
static bool parse_birth(const char *s, int *day)
{
    if (cal_parse(s, day))
        return true;
    int d, m, y, used = 0;
    if (sscanf(s, "%2d.%2d.%4d%n", &d, &m, &y, &used) != 3 || s[used] != '\0' ||
        strspn(s, "0123456789.") != strlen(s) || y < 1000)
        return false;
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    int z = cal_days(y, m, d), yy, mm, dd;
    cal_civil(z, &yy, &mm, &dd);
    if (yy != y || mm != m || dd != d)
        return false; /* 31.02 */
    *day = z;
    return true;
}

/* «М» or «Ж» for what the cell says, NULL if neither. */
static const char *parse_sex(const char *v)
{
    char *f = pupils_fold(v);
    const char *r = NULL;
    static const char *const male[] = { "м", "m", "муж", "муж.", "мужской" };
    static const char *const female[] = { "ж", "f", "жен", "жен.", "женский" };
    for (size_t i = 0; i < sizeof male / sizeof male[0] && !r; i++) {
        if (!strcmp(f, male[i]))
            r = "М";
        else if (!strcmp(f, female[i]))
            r = "Ж";
    }
    free(f);
    return r;
}

enum ej_err pupil_change_check(const struct pupil_change *c, int today, int *birth, char sex[4],
                               int *paper, struct ej_error *err)
{
    static const struct {
        enum pupil_field f;
        const char *what;
        size_t max;
        bool required;
    } text[] = {
        { PF_SURNAME, N_("Surname"), MAX_NAME, true },
        { PF_NAME, N_("Name"), MAX_NAME, true },
        { PF_PATRONYMIC, N_("Patronymic"), MAX_NAME, false },
        { PF_FILE_NO, N_("Personal file number"), MAX_NAME, false },
        { PF_ADDRESS, N_("Address"), MAX_TEXT, false },
    };
    enum ej_err e;
    for (size_t k = 0; k < sizeof text / sizeof text[0]; k++)
        if (c->f[text[k].f] &&
            (e = utf8_field_check(c->f[text[k].f], _(text[k].what), text[k].max,
                                  text[k].required, err)) != EJ_OK)
            return e;
    const char *b = c->f[PF_BIRTH];
    if (b) {
        if (!parse_birth(b, birth))
            return ej_error_set(err, EJ_EINVAL,
                                _("%s: \"%s\" is not a date: DD.MM.YYYY, e.g. 01.09.2012"),
                                _("Birth date"), b);
        int age = (int)((today - *birth) / 365.25);
        if (*birth >= today || age < 4 || age > 25)
            return ej_error_set(err, EJ_EINVAL, _("%s %s: the pupil would be %d today"),
                                _("Birth date"), b, *birth >= today ? 0 : age);
    }
    if (c->f[PF_SEX]) {
        const char *v = parse_sex(c->f[PF_SEX]);
        if (!v)
            return ej_error_set(err, EJ_EINVAL, _("%s \"%s\": only М or Ж"), _("Sex"),
                                c->f[PF_SEX]);
        snprintf(sex, 4, "%s", v);
    }
    *paper = -1;
    if (c->paper) {
        static const char *const yes[] = { "да", "yes", "1" }, *const no[] = { "нет", "no", "0" };
        char *f = pupils_fold(c->paper);
        for (int i = 0; i < 3 && *paper < 0; i++)
            *paper = !strcmp(f, yes[i]) ? 1 : !strcmp(f, no[i]) ? 0 : -1;
        free(f);
        if (*paper < 0)
            return ej_error_set(err, EJ_EINVAL, _("%s \"%s\": да or нет"), _("Paper reports"),
                                c->paper);
    }
    return EJ_OK;
}

static void check_row(struct pupil_sheet *s, struct pupil_row *r, int target_grade,
                      const char *target_letter, int enroll_day)
{
    int before = s->nproblems;
    int line = r->line;
    if (!*r->f[PF_SURNAME])
        pupils_problem_add(s, line, "%s", _("the surname (Фамилия) is missing"));
    if (!*r->f[PF_NAME])
        pupils_problem_add(s, line, "%s", _("the first name (Имя) is missing"));
    static const enum pupil_field names[] = { PF_SURNAME, PF_NAME, PF_PATRONYMIC, PF_FILE_NO };
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (utf8_len(r->f[names[k]]) > MAX_NAME)
            pupils_problem_add(s, line, _("%s: longer than %d characters"), columns[names[k]],
                               MAX_NAME);
    if (utf8_len(r->f[PF_ADDRESS]) > MAX_TEXT)
        pupils_problem_add(s, line, _("%s: longer than %d characters"), columns[PF_ADDRESS],
                           MAX_TEXT);
    const char *b = r->f[PF_BIRTH];
    if (!*b) {
        pupils_problem_add(s, line, "%s", _("the birth date (Дата рождения) is missing"));
    } else if (!parse_birth(b, &r->birth)) {
        pupils_problem_add(s, line, _("\"%s\" is not a date: the birth date is DD.MM.YYYY, e.g. "
                                      "01.09.2012"),
                           b);
    } else {
        /* a pupil of a basic school is between 4 and 25 on the enrollment date */
        int age = (int)((enroll_day - r->birth) / 365.25);
        if (r->birth >= enroll_day || age < 4 || age > 25) {
            char when[11];
            cal_ddmmyyyy(enroll_day, when);
            pupils_problem_add(s, line,
                               _("birth date %s: the pupil would be %d on the enrollment date %s"),
                               b, r->birth >= enroll_day ? 0 : age, when);
        }
    }
    const char *sex = parse_sex(r->f[PF_SEX]);
    if (!*r->f[PF_SEX]) {
        pupils_problem_add(s, line, "%s", _("the sex (Пол: М or Ж) is missing"));
    } else if (!sex) {
        pupils_problem_add(s, line, _("sex \"%s\": only М or Ж"), r->f[PF_SEX]);
    } else {
        free(r->f[PF_SEX]);
        r->f[PF_SEX] = xstrdup(sex);
    }
    if (*r->f[PF_CLASS]) {
        int g;
        char letter[8];
        if (!report_parse_class(r->f[PF_CLASS], &g, letter) || g != target_grade ||
            strcmp(letter, target_letter) != 0)
            pupils_problem_add(s, line, _("the class column says \"%s\", but the list is for %d%s"),
                               r->f[PF_CLASS], target_grade, target_letter);
    }
    r->ok = s->nproblems == before;
}

/* Rows by (birth date, folded surname, folded name), then by position. */
struct rowkey {
    char *key;
    int row;
};

static int by_key(const void *a, const void *b)
{
    const struct rowkey *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->row > y->row) - (x->row < y->row);
}

/* The same pupil twice in the file (surname, first name and birth date, case and
 * «ё» aside): the later rows are problems that name the first.  Sorting keeps
 * it O(n log n) for a file of any size. */
static void same_pupil_twice(struct pupil_sheet *s)
{
    struct rowkey *k = xcalloc(s->nrows ? (size_t)s->nrows : 1, sizeof *k);
    int n = 0;
    for (int i = 0; i < s->nrows; i++) {
        const struct pupil_row *r = &s->rows[i];
        if (!r->ok)
            continue;
        char *sf = pupils_fold(r->f[PF_SURNAME]), *nf = pupils_fold(r->f[PF_NAME]);
        k[n].key = xasprintf("%d\x1f%s\x1f%s", r->birth, sf, nf);
        k[n].row = i;
        n++;
        free(sf);
        free(nf);
    }
    qsort(k, (size_t)n, sizeof *k, by_key);
    for (int i = 1, first = 0; i < n; i++) {
        if (strcmp(k[i].key, k[first].key) != 0) {
            first = i;
            continue;
        }
        struct pupil_row *a = &s->rows[k[i].row];
        const struct pupil_row *b = &s->rows[k[first].row];
        pupils_problem_add(s, a->line, _("the same pupil as on line %d (%s %s, %s)"), b->line,
                           a->f[PF_SURNAME], a->f[PF_NAME], a->f[PF_BIRTH]);
        a->ok = false;
    }
    for (int i = 0; i < n; i++)
        free(k[i].key);
    free(k);
}

int pupils_sheet_read(const void *data, size_t len, const char *class_name, int enroll_day,
                      struct pupil_sheet *s)
{
    memset(s, 0, sizeof *s);
    int grade = 0;
    char letter[8] = "";
    report_parse_class(class_name, &grade, letter);
    struct csv_table *t;
    struct ej_error err;
    if (csv_read(data, len, &t, &err) != EJ_OK) {
        add(&s->problems, &s->nproblems, 0, xstrdup(err.msg));
        return s->nproblems;
    }
    s->encoding = t->encoding;
    s->sep = t->sep;

    /* The header. */
    const struct csv_record *h = &t->records[0];
    int col[PF_COUNT];
    for (int k = 0; k < PF_COUNT; k++)
        col[k] = -1;
    bool any_known = false;
    for (int i = 0; i < h->nfields; i++) {
        int f = header_field(h->fields[i]);
        if (f < 0) {
            if (*h->fields[i])
                add(&s->warnings, &s->nwarnings, h->line,
                    xasprintf(_("column \"%s\" is not known and is ignored (known: Фамилия, Имя, "
                                "Отчество, Дата рождения, Пол, Номер личного дела, Адрес)"),
                              h->fields[i]));
            continue;
        }
        any_known = true;
        if (col[f] >= 0) {
            pupils_problem_add(s, h->line, _("column \"%s\" is given twice"), columns[f]);
            continue;
        }
        col[f] = i;
    }
    if (!any_known) {
        pupils_problem_add(s, h->line, "%s",
                           _("the first line must name the columns: Фамилия; Имя; Отчество; Дата "
                             "рождения; Пол; Номер личного дела; Адрес"));
        csv_free(t);
        return s->nproblems;
    }
    bool missing = false;
    for (int k = 0; k < PF_COUNT; k++) {
        if (required[k] && col[k] < 0) {
            pupils_problem_add(s, h->line, _("the required column \"%s\" is missing"),
                               columns[k]);
            missing = true;
        }
    }
    if (missing) {
        csv_free(t);
        return s->nproblems;
    }

    /* The rows. */
    s->rows = xcalloc((size_t)t->nrecords, sizeof *s->rows);
    int seen = 0; /* non-blank rows, good or not: bounds the problems too */
    for (int i = 1; i < t->nrecords; i++) {
        const struct csv_record *rec = &t->records[i];
        bool blank = true;
        for (int k = 0; k < rec->nfields && blank; k++) {
            char *v = clean(rec->fields[k]);
            blank = !*v;
            free(v);
        }
        if (blank)
            continue;
        if (seen++ == PUPILS_MAX_ROWS) {
            pupils_problem_add(s, rec->line,
                               _("more than %d pupils in one class list: import one class at a "
                                 "time"),
                               PUPILS_MAX_ROWS);
            break;
        }
        if (rec->nfields != h->nfields) {
            pupils_problem_add(s, rec->line, _("%d columns, but the header has %d"), rec->nfields,
                               h->nfields);
            continue;
        }
        struct pupil_row *r = &s->rows[s->nrows++];
        r->line = rec->line;
        for (int k = 0; k < PF_COUNT; k++)
            r->f[k] = clean(col[k] >= 0 ? rec->fields[col[k]] : "");
        check_row(s, r, grade, letter, enroll_day);
    }
    if (s->nrows == 0 && s->nproblems == 0)
        pupils_problem_add(s, h->line, "%s", _("the file has a header but no pupils"));

    same_pupil_twice(s);
    csv_free(t);
    pupils_problems_sort(s);
    return s->nproblems;
}

static void problems_free(struct pupil_problem *v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i].msg);
    free(v);
}

void pupils_sheet_free(struct pupil_sheet *s)
{
    for (int i = 0; i < s->nrows; i++)
        for (int k = 0; k < PF_COUNT; k++)
            free(s->rows[i].f[k]);
    free(s->rows);
    problems_free(s->problems, s->nproblems);
    problems_free(s->warnings, s->nwarnings);
    memset(s, 0, sizeof *s);
}
