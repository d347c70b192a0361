/* tests/unit/pupils — common/pupils without a database: the header mapped in any order and case (hints in brackets, aliases, ё), unknown columns as warnings, required columns, values cleaned, dates (DD.MM.YYYY, D.M.YYYY, ISO, 31.02, ages), sex, the class column, blank rows skipped, the same pupil twice, problems sorted by line. */
#include "calendar.h"
#include "ejtest.h"
#include "pupils.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int enroll(void)
{
    return cal_days(2026, 9, 1);
}

static int has(const struct pupil_sheet *s, int line, const char *text)
{
    for (int i = 0; i < s->nproblems; i++)
        if (s->problems[i].line == line && strstr(s->problems[i].msg, text))
            return 1;
    return 0;
}

static void dump(const struct pupil_sheet *s, char *buf, size_t n)
{
    buf[0] = '\0';
    for (int i = 0; i < s->nproblems; i++) {
        size_t l = strlen(buf);
        snprintf(buf + l, n - l, "[%d] %s\n", s->problems[i].line, s->problems[i].msg);
    }
}

#define READ(lit, s) pupils_sheet_read(lit, sizeof(lit) - 1, "7А", enroll(), s)

START_TEST(header_any_order_and_case)
{
    struct pupil_sheet s;
    char buf[4096];
    int n = READ("ПОЛ (М/Ж);дата  рождения (ДД.ММ.ГГГГ);имя;ФАМИЛИЯ;Номер Личного Дела;Хобби;"
                 "Адрес;отчество\n"
                 "ж;01.02.2014; Алёна ;  Ёжикова;Ё-1;шахматы;\"г. Тула,\nул. Мира\";Ивановна\n",
                 &s);
    dump(&s, buf, sizeof buf);
    ck_assert_msg(n == 0, "%s", buf);
    ck_assert_int_eq(s.nrows, 1);
    const struct pupil_row *r = &s.rows[0];
    ck_assert(r->ok);
    ck_assert_int_eq(r->line, 2);
    ck_assert_str_eq(r->f[PF_SURNAME], "Ёжикова");
    ck_assert_str_eq(r->f[PF_NAME], "Алёна");
    ck_assert_str_eq(r->f[PF_PATRONYMIC], "Ивановна");
    ck_assert_str_eq(r->f[PF_SEX], "Ж");
    ck_assert_str_eq(r->f[PF_FILE_NO], "Ё-1");
    ck_assert_str_eq(r->f[PF_ADDRESS], "г. Тула, ул. Мира");
    ck_assert_int_eq(r->birth, cal_days(2014, 2, 1));
    /* the unknown column is a warning on line 1, not a problem */
    ck_assert_int_eq(s.nwarnings, 1);
    ck_assert_int_eq(s.warnings[0].line, 1);
    ck_assert_ptr_nonnull(strstr(s.warnings[0].msg, "Хобби"));
    pupils_sheet_free(&s);
    /* English aliases */
    n = READ("surname,first name,date of birth,sex\nOrlov,Fedor,2014-02-01,m\n", &s);
    dump(&s, buf, sizeof buf);
    ck_assert_msg(n == 0, "%s", buf);
    ck_assert_str_eq(s.rows[0].f[PF_SEX], "М");
    pupils_sheet_free(&s);
}
END_TEST

START_TEST(header_problems)
{
    struct pupil_sheet s;
    /* required columns missing */
    ck_assert_int_eq(READ("Фамилия;Имя;Адрес\nОрлов;Фёдор;\n", &s), 2);
    ck_assert(has(&s, 1, "Дата рождения"));
    ck_assert(has(&s, 1, "Пол"));
    pupils_sheet_free(&s);
    /* a column twice */
    ck_assert_int_eq(READ("Фамилия;Имя;Дата рождения;Пол;фамилия\nА;Б;01.01.2014;М;В\n", &s), 1);
    ck_assert(has(&s, 1, "twice"));
    pupils_sheet_free(&s);
    /* no header at all: the first line is a pupil */
    ck_assert_int_eq(READ("Орлов;Фёдор;01.01.2014;М\n", &s), 1);
    ck_assert(has(&s, 1, "must name the columns"));
    pupils_sheet_free(&s);
    /* an unreadable file is one problem with its line in the message */
    ck_assert_int_eq(READ("", &s), 1);
    ck_assert_int_eq(s.problems[0].line, 0);
    ck_assert_ptr_nonnull(strstr(s.problems[0].msg, "line 1:"));
    pupils_sheet_free(&s);
}
END_TEST

START_TEST(row_problems)
{
    struct pupil_sheet s;
    char buf[4096];
    READ("Фамилия;Имя;Дата рождения;Пол;Класс\n"
         ";Иван;01.01.2014;М;\n"            /* 2: no surname */
         "Орлов;;31.02.2014;М;\n"           /* 3: no name, 31.02 */
         "Орлов;Фёдор;1.2.2014;муж;7а\n"    /* 4: fine */
         ";;;;\n"                           /* 5: blank, skipped */
         "Белов;Ян;01.01.2025;X;\n"         /* 6: too young, bad sex */
         "Белов;Ян;01.01.1990;Ж;\n"         /* 7: too old */
         "Серов;Ян;01.01.2014;м;7Б\n"       /* 8: another class */
         "орлов;федор;01.02.2014;М;\n"      /* 9: the same as line 4 */
         "Белова;Ия;01.01.2014;Ж\n"         /* 10: 4 columns */
         "Белова;Ия;;;\n",                  /* 11: no date, no sex */
         &s);
    dump(&s, buf, sizeof buf);
    ck_assert_msg(has(&s, 2, "surname"), "%s", buf);
    ck_assert_msg(has(&s, 3, "first name"), "%s", buf);
    ck_assert_msg(has(&s, 3, "\"31.02.2014\" is not a date"), "%s", buf);
    ck_assert_msg(has(&s, 6, "would be 1 "), "%s", buf);
    ck_assert_msg(has(&s, 6, "sex \"X\""), "%s", buf);
    ck_assert_msg(has(&s, 7, "would be 36"), "%s", buf);
    ck_assert_msg(has(&s, 8, "\"7Б\""), "%s", buf);
    ck_assert_msg(has(&s, 9, "same pupil as on line 4"), "%s", buf);
    ck_assert_msg(has(&s, 10, "4 columns, but the header has 5"), "%s", buf);
    ck_assert_msg(has(&s, 11, "birth date"), "%s", buf);
    ck_assert_msg(has(&s, 11, "sex (Пол"), "%s", buf);
    ck_assert_msg(s.nproblems == 11, "%s", buf);
    /* sorted by line */
    for (int i = 1; i < s.nproblems; i++)
        ck_assert_int_le(s.problems[i - 1].line, s.problems[i].line);
    /* the rows are kept, the good one marked ok; the blank one is not a row */
    ck_assert_int_eq(s.nrows, 8);
    int ok = 0;
    for (int i = 0; i < s.nrows; i++)
        ok += s.rows[i].ok;
    ck_assert_int_eq(ok, 1);
    pupils_sheet_free(&s);
    /* a header and blank rows only */
    ck_assert_int_eq(READ("Фамилия;Имя;Дата рождения;Пол\n;;;\n", &s), 1);
    ck_assert(has(&s, 1, "no pupils"));
    pupils_sheet_free(&s);
}
END_TEST

START_TEST(many_rows)
{
    /* 1001 pupils: the file is refused at the 1001st; duplicates among many rows are
     * found by sorting, each naming the first */
    struct ej_buf b;
    buf_init(&b);
    buf_puts(&b, "Фамилия;Имя;Дата рождения;Пол\n");
    for (int i = 0; i <= PUPILS_MAX_ROWS; i++)
        buf_printf(&b, "Ф%d;И;01.01.2014;М\n", i % 600);
    struct pupil_sheet s;
    pupils_sheet_read(b.data, b.len, "7А", enroll(), &s);
    ck_assert_int_eq(s.nrows, PUPILS_MAX_ROWS);
    ck_assert(has(&s, PUPILS_MAX_ROWS + 2, "more than 1000 pupils"));
    ck_assert(has(&s, 602, "same pupil as on line 2 "));
    ck_assert(has(&s, 1001, "same pupil as on line 401 "));
    ck_assert_int_eq(s.nproblems, 1 + (PUPILS_MAX_ROWS - 600));
    pupils_sheet_free(&s);
    /* malformed rows count towards the limit: a file of them lists at most 1000 */
    buf_reset(&b);
    buf_puts(&b, "Фамилия;Имя;Дата рождения;Пол\n");
    for (int i = 0; i < 100000; i++)
        buf_puts(&b, "x\n");
    pupils_sheet_read(b.data, b.len, "7А", enroll(), &s);
    ck_assert_int_eq(s.nrows, 0);
    ck_assert_int_eq(s.nproblems, PUPILS_MAX_ROWS + 1);
    ck_assert(has(&s, PUPILS_MAX_ROWS + 2, "more than 1000 pupils"));
    pupils_sheet_free(&s);
    buf_free(&b);
}
END_TEST

START_TEST(fold)
{
    char *f = pupils_fold("  ЁЖИКОВА  Алёна\tN ");
    ck_assert_str_eq(f, "ежикова алена n");
    free(f);
    ck_assert_str_eq(pupils_column(PF_BIRTH), "Дата рождения");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pupils");
    TCase *tc = ejt_tcase("pupils", 10);
    tcase_add_test(tc, header_any_order_and_case);
    tcase_add_test(tc, header_problems);
    tcase_add_test(tc, row_problems);
    tcase_add_test(tc, many_rows);
    tcase_add_test(tc, fold);
    suite_add_tcase(s, tc);
    return ejt_run(s, "unit/pupils");
}
