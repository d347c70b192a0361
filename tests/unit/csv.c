/* tests/unit/csv — common/csv: encodings (UTF-8, UTF-8 with BOM, Windows-1251, damaged UTF-8, UTF-16, binary), separators, RFC 4180 quoting and line breaks, line numbers, limits, empty files, and the writer (BOM, ';', CRLF, quoting, formulas neutralised) read back by the reader. */
#include "csv.h"
#include "ejtest.h"

#include <stdlib.h>
#include <string.h>

static struct csv_table *ok(const char *s, size_t len)
{
    struct csv_table *t = NULL;
    struct ej_error err;
    ej_error_clear(&err);
    enum ej_err e = csv_read(s, len, &t, &err);
    ck_assert_msg(e == EJ_OK, "refused: %s", err.msg);
    ck_assert_ptr_nonnull(t);
    return t;
}
#define OK(lit) ok(lit, sizeof(lit) - 1)

/* Refused with EJ_EINVAL and a message starting with "line <line>:". */
static void bad_len(const char *s, size_t len, int line, const char *what)
{
    struct csv_table *t = (struct csv_table *)1;
    struct ej_error err;
    ej_error_clear(&err);
    enum ej_err e = csv_read(s, len, &t, &err);
    ck_assert_msg(e == EJ_EINVAL, "%s: expected a refusal, got %d", what, e);
    ck_assert_ptr_null(t);
    char *want = ejt_fmt("line %d:", line);
    ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0, "%s: message \"%s\", want \"%s…\"",
                  what, err.msg, want);
    free(want);
}
#define BAD(lit, line) bad_len(lit, sizeof(lit) - 1, line, #lit)

static void field_is(const struct csv_table *t, int rec, int f, const char *want)
{
    ck_assert_int_lt(rec, t->nrecords);
    ck_assert_msg(f < t->records[rec].nfields, "record %d has %d fields", rec,
                  t->records[rec].nfields);
    ck_assert_str_eq(t->records[rec].fields[f], want);
}

START_TEST(utf8_semicolons)
{
    struct csv_table *t = OK("Фамилия;Имя;Дата рождения\nИванов;Пётр;01.09.2012\n"
                             "Ёлкина;Анна;31.12.2013\n");
    ck_assert_int_eq(t->encoding, CSV_UTF8);
    ck_assert_int_eq(t->sep, ';');
    ck_assert_int_eq(t->nrecords, 3);
    ck_assert_int_eq(t->records[0].nfields, 3);
    field_is(t, 0, 0, "Фамилия");
    field_is(t, 1, 1, "Пётр");
    field_is(t, 2, 0, "Ёлкина");
    field_is(t, 2, 2, "31.12.2013");
    ck_assert_int_eq(t->records[2].line, 3);
    ck_assert_str_eq(csv_encoding_name(t->encoding), "UTF-8");
    csv_free(t);
}
END_TEST

START_TEST(utf8_bom_commas_crlf)
{
    struct csv_table *t = OK("\xef\xbb\xbf" "Фамилия,Имя\r\nИванов,Пётр\r\nПетрова,Мария");
    ck_assert_int_eq(t->encoding, CSV_UTF8_BOM);
    ck_assert_int_eq(t->sep, ',');
    ck_assert_int_eq(t->nrecords, 3);
    field_is(t, 0, 0, "Фамилия"); /* the BOM is not part of the first field */
    field_is(t, 2, 1, "Мария");   /* the last line has no line end */
    ck_assert_int_eq(t->records[2].line, 3);
    csv_free(t);
}
END_TEST

START_TEST(cp1251)
{
    /* «Фамилия;Имя\r\nФёдоров;Семён\r\n№ 5;«Ёж»\r\n» in Windows-1251: ё is B8, which
     * after a capital letter happens to form a valid UTF-8 pair (D4 B8) */
    static const char s[] = "\xd4\xe0\xec\xe8\xeb\xe8\xff;\xc8\xec\xff\r\n"
                            "\xd4\xb8\xe4\xee\xf0\xee\xe2;\xd1\xe5\xec\xb8\xed\r\n"
                            "\xb9 5;\xab\xa8\xe6\xbb\r\n";
    struct csv_table *t = ok(s, sizeof s - 1);
    ck_assert_int_eq(t->encoding, CSV_CP1251);
    ck_assert_int_eq(t->sep, ';');
    ck_assert_int_eq(t->nrecords, 3);
    field_is(t, 0, 0, "Фамилия");
    field_is(t, 0, 1, "Имя");
    field_is(t, 1, 0, "Фёдоров");
    field_is(t, 1, 1, "Семён");
    field_is(t, 2, 0, "№ 5");
    field_is(t, 2, 1, "«Ёж»");
    csv_free(t);
}
END_TEST

START_TEST(cp1251_commas)
{
    static const char s[] = "\xd4\xe0\xec\xe8\xeb\xe8\xff,\xc8\xec\xff\n\xc8\xe2\xe0\xed\xee\xe2,"
                            "\xcf\xb8\xf2\xf0\n";
    struct csv_table *t = ok(s, sizeof s - 1);
    ck_assert_int_eq(t->encoding, CSV_CP1251);
    ck_assert_int_eq(t->sep, ',');
    field_is(t, 1, 0, "Иванов");
    field_is(t, 1, 1, "Пётр");
    csv_free(t);
}
END_TEST

START_TEST(separator_detection)
{
    /* the header decides: more semicolons than commas outside quotes */
    struct csv_table *t = OK("\"Фамилия, имя\";Адрес\nИванов;\"г. Тула, ул. Мира, 5\"\n");
    ck_assert_int_eq(t->sep, ';');
    field_is(t, 0, 0, "Фамилия, имя");
    field_is(t, 1, 1, "г. Тула, ул. Мира, 5");
    csv_free(t);
    /* one column: neither separator */
    t = OK("Фамилия\nИванов\n");
    ck_assert_int_eq(t->sep, ';');
    ck_assert_int_eq(t->records[1].nfields, 1);
    csv_free(t);
    /* Excel's separator line */
    t = OK("sep=,\r\na;b,c\r\n1;2,3\r\n");
    ck_assert_int_eq(t->sep, ',');
    ck_assert_int_eq(t->nrecords, 2);
    ck_assert_int_eq(t->records[0].line, 2);
    field_is(t, 0, 0, "a;b");
    field_is(t, 1, 1, "3");
    csv_free(t);
    t = OK("sep=\t\nФамилия\tИмя\nИванов\tПётр");
    ck_assert_int_eq(t->sep, '\t');
    field_is(t, 1, 1, "Пётр");
    csv_free(t);
    BAD("sep=;\r\n", 1);
    /* a tie goes to ';' */
    t = OK("a;b,c\n1;2,3\n");
    ck_assert_int_eq(t->sep, ';');
    field_is(t, 1, 1, "2,3");
    csv_free(t);
}
END_TEST

START_TEST(quoting)
{
    struct csv_table *t = OK("a;b;c\n"
                             "\"Иванов \"\"младший\"\"\";\"x;y\";\"\"\n"
                             "\"строка 1\r\nстрока 2\nстрока 3\";2;3\n"
                             "после;\"\";;\n"
                             "О\"Нил;z;\"\"\"\"\n");
    ck_assert_int_eq(t->nrecords, 5);
    field_is(t, 1, 0, "Иванов \"младший\"");
    field_is(t, 1, 1, "x;y");
    field_is(t, 1, 2, "");
    /* a line break inside quotes belongs to the field (as LF); the record starts on
     * line 3 and the next one on line 6 */
    field_is(t, 2, 0, "строка 1\nстрока 2\nстрока 3");
    ck_assert_int_eq(t->records[2].line, 3);
    ck_assert_int_eq(t->records[3].line, 6);
    /* empty fields, a trailing separator is an empty last field */
    ck_assert_int_eq(t->records[3].nfields, 4);
    field_is(t, 3, 3, "");
    /* a quote inside an unquoted field is an ordinary character */
    field_is(t, 4, 0, "О\"Нил");
    field_is(t, 4, 2, "\"");
    ck_assert_int_eq(t->records[4].line, 7);
    csv_free(t);
}
END_TEST

START_TEST(line_ends_and_empty_lines)
{
    struct csv_table *t = OK("\n\na;b\r\n\r\n1;2\r3;4\n\n5;6\n\n");
    ck_assert_int_eq(t->nrecords, 4);
    ck_assert_int_eq(t->records[0].line, 3);
    ck_assert_int_eq(t->records[1].line, 5);
    ck_assert_int_eq(t->records[2].line, 6);
    ck_assert_int_eq(t->records[3].line, 8);
    field_is(t, 2, 1, "4");
    field_is(t, 3, 0, "5");
    csv_free(t);
}
END_TEST

START_TEST(empty_files)
{
    bad_len("", 0, 1, "no bytes");
    BAD("\xef\xbb\xbf", 1);
    BAD("\n\r\n\n", 1);
    struct ej_error err;
    struct csv_table *t;
    csv_read("", 0, &t, &err);
    ck_assert_ptr_nonnull(strstr(err.msg, "empty"));
}
END_TEST

START_TEST(bad_encodings)
{
    /* UTF-8 with one damaged byte on line 3: not read as Windows-1251 */
    BAD("Фамилия;Имя\nИванов;Пётр\nПетр\xff;Мария\nСидоров;Иван\n", 3);
    /* a UTF-8 mark, then a Windows-1251 line */
    BAD("\xef\xbb\xbf" "a;b\n\xc8\xe2\xe0\xed\xee\xe2;1\n", 2);
    /* Windows-1251 does not define 0x98 */
    BAD("\xd4\xe0\xec;\xc8\xec\n\xc8\xe2\x98\xed;1\n", 2);
    /* UTF-16 and a zipped spreadsheet */
    BAD("\xff\xfe" "a\0;\0b\0", 1);
    BAD("PK\x03\x04\x14\0\0\0", 1);
    /* binary: NUL and other control bytes, with their line */
    BAD("a;b\n1;2\n3\0;4\n", 3);
    BAD("a;b\n1;\x1b[2J\n", 2);
    struct ej_error err;
    struct csv_table *t;
    ck_assert_int_eq(csv_read("a;b\nx\xff\xfe\xfd\xd0\xd0;\xd0\x98\n", 13, &t, &err), EJ_EINVAL);
}
END_TEST

START_TEST(quote_errors)
{
    /* the quoted field opened on line 2 is never closed */
    BAD("a;b\n\"Иванов;1\n2;3\n", 2);
    /* text after the closing quote */
    BAD("a;b\n1;2\n\"Иванов\" Пётр;3\n", 3);
}
END_TEST

START_TEST(limits)
{
    /* a line of 64 KiB + 1 on line 2; exactly 64 KiB is fine */
    size_t n = CSV_MAX_LINE + 1;
    char *s = malloc(n + 16);
    memcpy(s, "a;b\n", 4);
    memset(s + 4, 'x', n);
    memcpy(s + 4 + n, "\n1;2\n", 5);
    bad_len(s, 4 + n + 5, 2, "long line");
    free(s);
    n = CSV_MAX_LINE;
    s = malloc(n + 16);
    memcpy(s, "a;b\n", 4);
    memset(s + 4, 'x', n);
    memcpy(s + 4 + n, "\n1;2\n", 5);
    struct csv_table *t = ok(s, 4 + n + 5);
    ck_assert_int_eq(t->nrecords, 3);
    ck_assert_uint_eq(strlen(t->records[1].fields[0]), CSV_MAX_LINE);
    csv_free(t);
    free(s);

    /* a 1 MB line */
    n = 1024 * 1024;
    s = malloc(n + 16);
    memcpy(s, "a;b\n1;2\n", 8);
    memset(s + 8, 'y', n);
    bad_len(s, 8 + n, 3, "1 MB line");
    free(s);

    /* a quoted field of short lines, longer than 64 KiB in all, starting on line 2 */
    n = 3000;
    s = malloc(n * 30 + 16);
    size_t k = 0;
    memcpy(s + k, "a\n\"", 3);
    k += 3;
    for (size_t i = 0; i < n; i++) {
        memcpy(s + k, "0123456789012345678901234\n", 26);
        k += 26;
    }
    s[k++] = '"';
    bad_len(s, k, 2, "long field");
    free(s);

    /* a file over CSV_MAX_FILE: short lines, the line where the limit is crossed */
    n = CSV_MAX_FILE + 100;
    s = malloc(n);
    for (size_t i = 0; i < n; i += 8)
        memcpy(s + i, "1234567\n", n - i < 8 ? n - i : 8);
    bad_len(s, n, CSV_MAX_FILE / 8 + 1, "big file");
    free(s);
}
END_TEST

START_TEST(writer)
{
    struct ej_buf b;
    buf_init(&b);
    csv_write_begin(&b);
    const char *head[] = { "Фамилия", "Имя", "Адрес" };
    csv_write_row(&b, head, 3);
    const char *row[] = { "Иванов \"младший\"", NULL, "г. Тула; ул. Мира\nкв. 5" };
    csv_write_row(&b, row, 3);
    const char *evil[] = { "=HYPERLINK(\"http://x\")", "+7 900", "-1", "@SUM(A1)", "\tx", "a=b" };
    csv_write_row(&b, evil, 6);
    const char *cr[] = { "\rx" };
    csv_write_row(&b, cr, 1);
    ck_assert_str_eq(b.data, "\xef\xbb\xbf"
                             "Фамилия;Имя;Адрес\r\n"
                             "\"Иванов \"\"младший\"\"\";;\"г. Тула; ул. Мира\nкв. 5\"\r\n"
                             "\"'=HYPERLINK(\"\"http://x\"\")\";'+7 900;'-1;'@SUM(A1);'\tx;a=b\r\n"
                             "\"'\rx\"\r\n");
    /* what the writer wrote, the reader reads back */
    struct csv_table *t = ok(b.data, b.len);
    ck_assert_int_eq(t->encoding, CSV_UTF8_BOM);
    ck_assert_int_eq(t->sep, ';');
    ck_assert_int_eq(t->nrecords, 4);
    field_is(t, 1, 0, "Иванов \"младший\"");
    field_is(t, 1, 1, "");
    field_is(t, 1, 2, "г. Тула; ул. Мира\nкв. 5");
    field_is(t, 2, 0, "'=HYPERLINK(\"http://x\")");
    ck_assert_int_eq(t->records[2].line, 4);
    csv_free(t);
    buf_free(&b);
}
END_TEST

/* Cells copied from a spreadsheet and pasted are tab-separated. */
START_TEST(tab_separated)
{
    struct csv_table *t = OK("Фамилия\tИмя\tДата рождения\r\nИванов\tПётр\t01.09.2012\r\n"
                             "Сидорова\t\"Анна; Мария\"\t02.02.2013\r\n");
    ck_assert_int_eq(t->sep, '\t');
    ck_assert_int_eq(t->nrecords, 3);
    field_is(t, 1, 2, "01.09.2012");
    field_is(t, 2, 1, "Анна; Мария");
    csv_free(t);
    /* a tab inside a ';' file's header does not win against more ';' */
    t = OK("Фамилия;Имя;Адрес\tдом\nИванов;Пётр;Мира\t5\n");
    ck_assert_int_eq(t->sep, ';');
    csv_free(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("csv");
    TCase *tc = ejt_tcase("csv", 30);
    tcase_add_test(tc, tab_separated);
    tcase_add_test(tc, utf8_semicolons);
    tcase_add_test(tc, utf8_bom_commas_crlf);
    tcase_add_test(tc, cp1251);
    tcase_add_test(tc, cp1251_commas);
    tcase_add_test(tc, separator_detection);
    tcase_add_test(tc, quoting);
    tcase_add_test(tc, line_ends_and_empty_lines);
    tcase_add_test(tc, empty_files);
    tcase_add_test(tc, bad_encodings);
    tcase_add_test(tc, quote_errors);
    tcase_add_test(tc, limits);
    tcase_add_test(tc, writer);
    suite_add_tcase(s, tc);
    return ejt_run(s, "unit/csv");
}
