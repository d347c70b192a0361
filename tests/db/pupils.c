/* tests/db/pupils — pupils and class lists on the demo school through the real `ejournal pupils` command and common/db-pupils.c: imports of good files in every encoding (UTF-8, UTF-8 with BOM, Windows-1251) and separator, applied in one transaction with their enrollment, order and audit; bad files (invalid bytes, a 1 MB line, a wrong column count, an empty file, a duplicate pupil, 31.02, a good row beside a bad one, an unknown class) each named by line with nothing written; who may list and import; usage; the CSV export read back by the import. */
#include "calendar.h"
#include "ctx.h"
#include "db-pupils.h"
#include "ejtest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *dbn;

static long long account(const char *login)
{
    long long id = ejt_qll(dbn, "SELECT id FROM account WHERE login = '%s'", login);
    ck_assert_msg(id > 0, "no account %s", login);
    return id;
}

static long long npupils(void)
{
    return ejt_qll(dbn, "SELECT count(*) FROM pupil");
}

static long long nenroll(void)
{
    return ejt_qll(dbn, "SELECT count(*) FROM enrollment");
}

/* `ejournal pupils ARGS < input` as login (input NULL: /dev/null), in Russian. */
static struct ejt_run pupils(const char *login, const char *args, const char *input)
{
    char *a = ejt_fmt("pupils %s", args);
    struct ejt_run r = ejt_run_in(dbn, login, a, input);
    free(a);
    return r;
}

#define HEADER_U8 "Фамилия;Имя;Отчество;Дата рождения (ДД.ММ.ГГГГ);Пол (М/Ж);Номер личного дела;Адрес\n"

/* ------------------------------------------------------------ good files */

START_TEST(import_preview_then_apply)
{
    dbn = ejt_db_new();
    long long p0 = npupils(), e0 = nenroll();
    static const char csv[] = HEADER_U8 "Новиков;Артём;Сергеевич;01.02.2013;М;Н-900;"
                                        "\"г. Заречный; ул. Мира, д. 1\"\n"
                                        "Петрова;Анна;;3.2.2013;ж;;\n";
    char *f = ejt_file(ejt_env("EJ_TEST_TMP"), csv, sizeof csv - 1);
    /* the check writes nothing and lists the pupils on stdout */
    struct ejt_run r = pupils("sekretar", "import --class 7А --order '№ 120-у'", f);
    ck_assert_msg(r.status == 0, "%d: %s", r.status, r.err);
    ck_assert_ptr_nonnull(strstr(r.out, "2\tНовиков\tАртём\tСергеевич\t01.02.2013\tМ\tН-900\t"
                                        "г. Заречный; ул. Мира, д. 1\n"));
    ck_assert_ptr_nonnull(strstr(r.out, "3\tПетрова\tАнна\t\t03.02.2013\tЖ\t\t\n"));
    ck_assert_ptr_nonnull(strstr(r.err, "--apply"));
    ck_assert_int_eq(npupils(), p0);
    ck_assert_int_eq(nenroll(), e0);
    ejt_run_free(&r);
    /* --apply: both, each with an enrollment from the date and the order */
    r = pupils("sekretar", "import --class 7А --date 20.11.2026 --order '№ 120-у' --apply", f);
    ck_assert_msg(r.status == 0, "%d: %s", r.status, r.err);
    ck_assert_int_eq(npupils(), p0 + 2);
    ck_assert_int_eq(nenroll(), e0 + 2);
    ck_assert_int_eq(ejt_qll(dbn, "SELECT count(*) FROM pupil p JOIN enrollment e ON e.pupil_id = "
                                  "p.id JOIN class c ON c.id = e.class_id WHERE c.grade = 7 AND "
                                  "c.letter = 'А' AND e.during = daterange('2026-11-20', NULL) "
                                  "AND e.order_in = '№ 120-у' AND p.surname IN ('Новиков', "
                                  "'Петрова') AND p.birth_date IN ('2013-02-01', '2013-02-03')"),
                     2);
    char *v = ejt_q(dbn, "SELECT sex || '|' || address || '|' || file_no || '|' || patronymic "
                         "FROM pupil WHERE surname = 'Новиков' AND name = 'Артём'");
    ck_assert_str_eq(v, "М|г. Заречный; ул. Мира, д. 1|Н-900|Сергеевич");
    free(v);
    /* who did it is in the audit log */
    ck_assert_int_eq(ejt_qll(dbn, "SELECT count(*) FROM audit WHERE tbl IN ('pupil', "
                                  "'enrollment') AND op = 'INSERT' AND account_id = %lld",
                             account("sekretar")),
                     4);
    ejt_run_free(&r);
    /* the class teacher sees them in the list */
    r = pupils("ivanova", "list --class 7А", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "\t7А\tНовиков\tАртём\tСергеевич\t01.02.2013\tМ\tН-900\t"
                                        "г. Заречный; ул. Мира, д. 1\t20.11.2026\t№ 120-у\n"));
    ejt_run_free(&r);
    /* a second import of the same file: every row is a duplicate, nothing written */
    r = pupils("sekretar", "import --class 7А --apply", f);
    ck_assert_int_eq(r.status, 1);
    ck_assert_ptr_nonnull(strstr(r.err, "строка 2: Новиков Артём"));
    ck_assert_ptr_nonnull(strstr(r.err, "строка 3: Петрова Анна"));
    ck_assert_int_eq(npupils(), p0 + 2);
    ejt_run_free(&r);
    unlink(f);
    free(f);
}
END_TEST

START_TEST(import_default_date_is_today)
{
    dbn = ejt_db_new();
    static const char csv[] = "Фамилия;Имя;Дата рождения;Пол\nТестов;Илья;05.05.2013;М\n";
    char *f = ejt_file(ejt_env("EJ_TEST_TMP"), csv, sizeof csv - 1);
    struct ejt_run r = pupils("sekretar", "import --class 7Б --apply", f);
    ck_assert_msg(r.status == 0, "%d: %s", r.status, r.err);
    char *v = ejt_q(dbn, "SELECT lower(e.during)::text || ' ' || ej_today(1)::text FROM "
                         "enrollment e JOIN pupil p ON p.id = e.pupil_id WHERE p.surname = "
                         "'Тестов'");
    ck_assert_str_eq(v, "2026-11-26 2026-11-26");
    free(v);
    ejt_run_free(&r);
    unlink(f);
    free(f);
}
END_TEST

/* One file per encoding and separator, each a different pupil. */
START_TEST(import_every_encoding)
{
    dbn = ejt_db_new();
    long long p0 = npupils();
    /* UTF-8 without a mark, commas, CRLF, a quoted address across two lines */
    static const char u8[] = "Фамилия,Имя,Дата рождения,Пол,Адрес\r\n"
                             "Орлов,Фёдор,10.10.2013,М,\"г. Заречный,\r\nул. Мира, 2\"\r\n";
    /* UTF-8 with the mark, semicolons, columns in another order, other case */
    static const char bom[] = "\xef\xbb\xbf" "ПОЛ;имя;фамилия;дата рождения\nЖ;Алёна;Ёжикова;"
                              "11.11.2012\n";
    /* Windows-1251, semicolons: «Фамилия;Имя;Дата рождения;Пол» / «Сёмин;Пётр;12.12.2012;М» */
    static const char cp[] = "\xd4\xe0\xec\xe8\xeb\xe8\xff;\xc8\xec\xff;\xc4\xe0\xf2\xe0 "
                             "\xf0\xee\xe6\xe4\xe5\xed\xe8\xff;\xcf\xee\xeb\r\n"
                             "\xd1\xb8\xec\xe8\xed;\xcf\xb8\xf2\xf0;12.12.2012;\xcc\r\n";
    /* Windows-1251, commas: «Фамилия,Имя,Дата рождения,Пол» / «Юрлова,Яна,13.01.2013,Ж» */
    static const char cpc[] = "\xd4\xe0\xec\xe8\xeb\xe8\xff,\xc8\xec\xff,\xc4\xe0\xf2\xe0 "
                              "\xf0\xee\xe6\xe4\xe5\xed\xe8\xff,\xcf\xee\xeb\n"
                              "\xde\xf0\xeb\xee\xe2\xe0,\xdf\xed\xe0,13.01.2013,\xc6\n";
    struct {
        const char *data;
        size_t len;
        const char *enc, *sep, *who;
    } files[] = {
        { u8, sizeof u8 - 1, "UTF-8", ",", "Орлов|Фёдор|М|г. Заречный, ул. Мира, 2" },
        { bom, sizeof bom - 1, "UTF-8 (BOM)", ";", "Ёжикова|Алёна|Ж|" },
        { cp, sizeof cp - 1, "Windows-1251", ";", "Сёмин|Пётр|М|" },
        { cpc, sizeof cpc - 1, "Windows-1251", ",", "Юрлова|Яна|Ж|" },
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *f = ejt_file(ejt_env("EJ_TEST_TMP"), files[i].data, files[i].len);
        struct ejt_run r = pupils("sekretar", "import --class 8А --order 7 --apply", f);
        ck_assert_msg(r.status == 0, "file %zu: %d: %s", i, r.status, r.err);
        char *want = ejt_fmt("%s, разделитель «%s»", files[i].enc, files[i].sep);
        ck_assert_msg(strstr(r.err, want) != NULL, "file %zu: %s", i, r.err);
        free(want);
        char *surname = ejt_fmt("%.*s", (int)(strchr(files[i].who, '|') - files[i].who),
                                files[i].who);
        char *v = ejt_q(dbn, "SELECT p.surname || '|' || p.name || '|' || p.sex || '|' || "
                             "p.address FROM pupil p JOIN enrollment e ON e.pupil_id = p.id "
                             "JOIN class c ON c.id = e.class_id AND c.grade = 8 AND c.letter = "
                             "'А' WHERE p.surname = '%s'",
                        surname);
        ck_assert_str_eq(v, files[i].who);
        free(v);
        free(surname);
        ejt_run_free(&r);
        unlink(f);
        free(f);
    }
    ck_assert_int_eq(npupils(), p0 + 4);
}
END_TEST

/* ------------------------------------------------------------- bad files */

/* The import of data refused with exit 1, stderr holding each of `want` (NULL
 * ends), and nothing written. */
static void refused(const char *args, const void *data, size_t len, const char *const *want)
{
    long long p0 = npupils(), e0 = nenroll(), a0 = ejt_qll(dbn, "SELECT count(*) FROM audit");
    char *f = ejt_file(ejt_env("EJ_TEST_TMP"), data, len);
    struct ejt_run r = pupils("sekretar", args, f);
    ck_assert_msg(r.status == 1, "exit %d, stderr: %s", r.status, r.err);
    for (const char *const *w = want; *w; w++)
        ck_assert_msg(strstr(r.err, *w) != NULL, "\"%s\" not in: %s", *w, r.err);
    ck_assert_str_eq(r.out, "");
    ck_assert_int_eq(npupils(), p0);
    ck_assert_int_eq(nenroll(), e0);
    ck_assert_int_eq(ejt_qll(dbn, "SELECT count(*) FROM audit"), a0);
    ejt_run_free(&r);
    unlink(f);
    free(f);
}
#define REFUSED(args, lit, ...)                                                                  \
    do {                                                                                         \
        const char *const w_[] = { __VA_ARGS__, NULL };                                         \
        refused(args, lit, sizeof(lit) - 1, w_);                                                 \
    } while (0)

START_TEST(import_bad_files)
{
    dbn = ejt_db_new();
    const char *apply = "import --class 7А --apply";
    /* invalid bytes: UTF-8 damaged on line 3; 0x98 in a Windows-1251 file */
    REFUSED(apply, HEADER_U8 "Орлов;Фёдор;;10.10.2013;М;;\nСоко\xff;Ия;;10.10.2013;Ж;;\n",
            "строка 3: неверный UTF-8");
    REFUSED(apply, "\xd4\xe0\xec\xe8\xeb\xe8\xff;\xc8\xec\xff\n\xc8\x98;1\n",
            "строка 2: байт 0x98");
    /* a wrong column count */
    REFUSED(apply, HEADER_U8 "Орлов;Фёдор;;10.10.2013;М;;\nСоколова;Ия;10.10.2013;Ж\n",
            "строка 3: столбцов: 4, а в заголовке: 7");
    /* an empty file, a header only, a header without the required columns */
    REFUSED(apply, "", "строка 1: файл пуст");
    REFUSED(apply, HEADER_U8, "строка 1: в файле есть заголовок, но нет ни одного ученика");
    REFUSED(apply, "Фамилия;Имя\nОрлов;Фёдор\n", "строка 1: нет обязательного столбца «Дата "
                                                   "рождения»",
            "строка 1: нет обязательного столбца «Пол»");
    /* a pupil already in the school (the demo's Соколов Михаил), case and ё aside */
    char *sok = ejt_q(dbn, "SELECT upper(surname) || ';' || name || ';;' || to_char(birth_date, "
                           "'DD.MM.YYYY') || ';' || sex || ';;' FROM pupil WHERE surname = "
                           "'Соколов' AND name = 'Михаил'");
    ck_assert_str_ne(sok, "");
    char *dup = ejt_fmt(HEADER_U8 "Орлов;Фёдор;;10.10.2013;М;;\n%s\n", sok);
    const char *const wd[] = { "строка 3: СОКОЛОВ Михаил", "уже есть в школе", NULL };
    refused(apply, dup, strlen(dup), wd);
    free(dup);
    free(sok);
    /* 31.02, a missing surname, a bad sex; the same pupil twice in the file; the
     * good rows beside them are not written either */
    REFUSED(apply,
            HEADER_U8 "Орлов;Фёдор;;10.10.2013;М;;\nБелова;Ия;;31.02.2012;Ж;;\n;Иван;;01.01.2013;М;;\n"
                      "Белов;Ян;;01.01.2013;X;;\nорлов;федор;;10.10.2013;м;;\n",
            "строка 3: «31.02.2012» — не дата", "строка 4: не указана фамилия",
            "строка 5: пол «X»", "строка 6: тот же ученик, что в строке 2",
            "В файле 4 ошибки: ничего не загружено");
    /* a 1 MB line */
    size_t n = 1024 * 1024;
    char *big = malloc(n + 600);
    int k = snprintf(big, 600, HEADER_U8 "Орлов;Фёдор;;10.10.2013;М;;");
    memset(big + k, 'x', n);
    big[k + n] = '\n';
    const char *const wl[] = { "строка 2: строка длиннее 64 КиБ", NULL };
    refused(apply, big, (size_t)k + n + 1, wl);
    free(big);
    /* a binary file */
    REFUSED(apply, "PK\x03\x04\x14\0\0\0", "строка 1: это файл электронной таблицы");
    /* an unknown class, and a class that is not a class */
    REFUSED("import --class 7Я --apply", HEADER_U8 "Орлов;Фёдор;;10.10.2013;М;;\n",
            "Нет класса 7Я в учебном году, к которому относится 26.11.2026");
    REFUSED("import --class 7 --apply", HEADER_U8 "Орлов;Фёдор;;10.10.2013;М;;\n",
            "не класс");
    /* a date outside every academic year */
    REFUSED("import --class 7А --date 01.07.2030 --apply", HEADER_U8 "Орлов;Фёдор;;10.10.2013;М;;\n",
            "Нет класса 7А в учебном году, к которому относится 01.07.2030");
    /* a bad --date and --order are invalid input */
    REFUSED("import --class 7А --date 31.02.2027", HEADER_U8, "не дата");
}
END_TEST

/* ---------------------------------------------------------------- policy */

/* pupils add: one pupil arrives, with the same checks as a class list of one row. */
START_TEST(add_one_pupil)
{
    dbn = ejt_db_new();
    long long p0 = npupils(), e0 = nenroll();
    struct ejt_run r = pupils("sekretar", "add --class 7А --surname Котова --name Ирина --patronymic Олеговна "
                                          "--birth 05.05.2013 --sex Ж --file-no К-12 --address 'ул. Лесная, 3' "
                                          "--date 30.11.2026 --order 131-у", NULL);
    ck_assert_msg(r.status == 0, "%s", r.err);
    ck_assert_str_eq(r.out, "saved\n");
    ejt_run_free(&r);
    ck_assert_int_eq(npupils(), p0 + 1);
    ck_assert_int_eq(ejt_qll(dbn, "SELECT count(*) FROM pupil p JOIN enrollment e ON e.pupil_id = p.id "
                                  "WHERE p.surname = 'Котова' AND p.address = 'ул. Лесная, 3' AND p.file_no = 'К-12' "
                                  "AND e.order_in = '131-у' AND lower(e.during) = '2026-11-30'"),
                     1);
    /* refused, nothing written: the same pupil again, a bad date, no sex, a teacher, usage */
    const char *const bad[][3] = {
        { "sekretar", "add --class 7А --surname котова --name ирина --birth 05.05.2013 --sex Ж", "уже есть в школе" },
        { "sekretar", "add --class 7А --surname Орлов --name Пётр --birth 31.02.2013 --sex М", "не дата" },
        { "sekretar", "add --class 7А --surname Орлов --name Пётр --birth 01.02.2013", "пол" },
        { "sekretar", "add --class 7Я --surname Орлов --name Пётр --birth 01.02.2013 --sex М", "7Я" },
        { "petrov", "add --class 7А --surname Орлов --name Пётр --birth 01.02.2013 --sex М", "п. 3.3" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = pupils(bad[i][0], bad[i][1], NULL);
        ck_assert_msg(r.status == 1 && strstr(r.err, bad[i][2]), "%s: %d %s", bad[i][1], r.status, r.err);
        ejt_run_free(&r);
    }
    r = pupils("sekretar", "add --surname Орлов", NULL);
    ck_assert_int_eq(r.status, 2);
    ejt_run_free(&r);
    ck_assert_int_eq(npupils(), p0 + 1);
    ck_assert_int_eq(nenroll(), e0 + 1);
}
END_TEST

/* pupils list --left: who left the school this year, for the office only. */
START_TEST(list_who_left)
{
    dbn = ejt_db_new();
    struct ejt_run r = pupils("sekretar", "list --left", NULL);
    ck_assert_msg(r.status == 0, "%s", r.err);
    long long gone = ejt_qll(dbn, "SELECT count(DISTINCT e.pupil_id) FROM enrollment e WHERE NOT upper_inf(e.during) "
                                  "AND e.reason_out <> '' AND NOT EXISTS (SELECT 1 FROM enrollment e2 "
                                  "WHERE e2.pupil_id = e.pupil_id AND (upper_inf(e2.during) OR e2.during @> upper(e.during)))");
    ck_assert_int_gt(gone, 0);
    int lines = 0;
    for (const char *q = r.out; *q; q++)
        lines += *q == '\n';
    ck_assert_int_eq(lines, gone);
    char *who = ejt_q(dbn, "SELECT p.surname || E'\t' || p.name FROM enrollment e JOIN pupil p ON p.id = e.pupil_id "
                           "WHERE e.reason_out <> '' AND NOT upper_inf(e.during) ORDER BY e.id LIMIT 1");
    ck_assert_msg(strstr(r.out, who), "%s not in\n%s", who, r.out);
    free(who);
    ejt_run_free(&r);
    r = pupils("ivanova", "list --left", NULL);
    ck_assert_int_eq(r.status, 1);
    ck_assert_str_eq(r.out, "");
    ejt_run_free(&r);
    r = pupils("sekretar", "list --left --class 7А", NULL);
    ck_assert_int_eq(r.status, 2);
    ejt_run_free(&r);
}
END_TEST

START_TEST(who_may_list_and_import)
{
    dbn = ejt_db_new();
    static const char csv[] = "Фамилия;Имя;Дата рождения;Пол\nКотов;Илья;05.05.2013;М\n";
    /* a teacher (the class teacher of 7А included), the deputy, the administrator:
     * exit 1, nothing changes */
    const char *const denied[] = { "ivanova", "petrov", "zavuch", "admin", NULL };
    for (const char *const *who = denied; *who; who++) {
        long long p0 = npupils();
        char *f = ejt_file(ejt_env("EJ_TEST_TMP"), csv, sizeof csv - 1);
        struct ejt_run r = pupils(*who, "import --class 7А --apply", f);
        ck_assert_msg(r.status == 1, "%s: %d %s", *who, r.status, r.err);
        ck_assert_msg(strstr(r.err, "п. 3.3") != NULL, "%s: %s", *who, r.err);
        ck_assert_int_eq(npupils(), p0);
        ejt_run_free(&r);
        unlink(f);
        free(f);
    }
    /* the class teacher lists only her class */
    struct ejt_run r = pupils("ivanova", "list", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "\t7А\t"));
    ck_assert_ptr_null(strstr(r.out, "\t7Б\t"));
    long long n7a = ejt_qll(dbn, "SELECT count(*) FROM enrollment e JOIN class c ON c.id = "
                                 "e.class_id WHERE c.grade = 7 AND c.letter = 'А' AND "
                                 "(upper_inf(e.during) OR upper(e.during) > ej_today(1))");
    int lines = 0;
    for (const char *p = r.out; *p; p++)
        lines += *p == '\n';
    ck_assert_int_eq(lines, n7a);
    ejt_run_free(&r);
    r = pupils("ivanova", "list --class 7Б", NULL);
    ck_assert_int_eq(r.status, 1);
    ck_assert_ptr_nonnull(strstr(r.err, "п. 3.3"));
    ck_assert_str_eq(r.out, "");
    ejt_run_free(&r);
    /* a subject teacher who is no class teacher sees no list */
    r = pupils("petrov", "list", NULL);
    ck_assert_int_eq(r.status, 1);
    ejt_run_free(&r);
    /* the deputy and the secretary see every class; a parent may not run it */
    r = pupils("zavuch", "list", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "\t9Б\t"));
    ejt_run_free(&r);
    r = pupils("sekretar", "list --class 1А", NULL);
    ck_assert_int_eq(r.status, 0);
    ejt_run_free(&r);
    r = pupils("roditel", "list", NULL);
    ck_assert_int_eq(r.status, 1);
    ejt_run_free(&r);
}
END_TEST

START_TEST(usage)
{
    dbn = ejt_db_new();
    const char *const bad[] = { "", "show", "import", "import --apply", "list --bogus",
                                "list --class", "list --apply", "import --class 7А --csv", NULL };
    for (const char *const *a = bad; *a; a++) {
        struct ejt_run r = pupils("sekretar", *a, NULL);
        ck_assert_msg(r.status == 2, "\"%s\": %d", *a, r.status);
        ck_assert_ptr_nonnull(strstr(r.err, "pupils import --class"));
        ejt_run_free(&r);
    }
}
END_TEST

/* -------------------------------------------------------- export, import */

START_TEST(export_reads_back)
{
    dbn = ejt_db_new();
    struct ejt_run r = pupils("sekretar", "list --class 7А --csv", NULL);
    ck_assert_int_eq(r.status, 0);
    ck_assert_mem_eq(r.out, "\xef\xbb\xbf" "Фамилия;Имя;Отчество;Дата рождения;Пол;Номер "
                            "личного дела;Адрес;Класс\r\n",
                     strlen("\xef\xbb\xbf" "Фамилия;Имя;Отчество;Дата рождения;Пол;Номер "
                            "личного дела;Адрес;Класс\r\n"));
    char *f = ejt_file(ejt_env("EJ_TEST_TMP"), r.out, strlen(r.out));
    ejt_run_free(&r);
    /* into its own class: every pupil is already there */
    long long p0 = npupils();
    r = pupils("sekretar", "import --class 7А", f);
    ck_assert_int_eq(r.status, 1);
    ck_assert_ptr_nonnull(strstr(r.err, "уже есть в школе"));
    ck_assert_ptr_null(strstr(r.err, "неизвестен"));
    ejt_run_free(&r);
    /* into another class: the class column says otherwise */
    r = pupils("sekretar", "import --class 7Б", f);
    ck_assert_int_eq(r.status, 1);
    ck_assert_ptr_nonnull(strstr(r.err, "строка 2: в столбце «Класс» указан «7А», а список "
                                        "загружается в 7Б"));
    ck_assert_int_eq(npupils(), p0);
    ejt_run_free(&r);
    unlink(f);
    free(f);
}
END_TEST

/* ------------------------------------------------------ the db layer itself */

START_TEST(db_layer)
{
    dbn = ejt_db_new();
    struct ej_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    long long id = account("sekretar");
    struct ej_db *h = ejt_connect(dbn, "ej_app", id);
    struct ej_error err;
    ck_assert_msg(ctx_load_account(&ctx, h, id, &err) == EJ_OK, "%s", err.msg);
    static const char csv[] = "Фамилия;Имя;Дата рождения;Пол\nТестов;Илья;05.05.2013;М\n"
                              "Тестова;Ия;06.06.2013;Ж\n";
    /* an open journal of 9Б hears about its new pupils */
    struct ej_db *listener = ejt_connect(dbn, "ej_app", id);
    ck_assert_int_eq(db_listen(listener, "ej_change_1", &err), EJ_OK);
    struct db_pupils_import a = { "9Б", cal_days(2026, 11, 23), "№ 1", false };
    struct pupil_sheet s;
    int imported = -1;
    long long p0 = npupils();
    ck_assert_int_eq(db_pupils_import(ctx.db, &ctx, &a, csv, sizeof csv - 1, &s, &imported, &err),
                     EJ_OK);
    ck_assert_int_eq(s.nrows, 2);
    ck_assert_int_eq(imported, 0);
    ck_assert_int_eq(npupils(), p0);
    pupils_sheet_free(&s);
    a.apply = true;
    ck_assert_int_eq(db_pupils_import(ctx.db, &ctx, &a, csv, sizeof csv - 1, &s, &imported, &err),
                     EJ_OK);
    ck_assert_int_eq(imported, 2);
    pupils_sheet_free(&s);
    long long courses = ejt_qll(dbn, "SELECT count(*) FROM course co JOIN class c ON c.id = "
                                     "co.class_id WHERE c.grade = 9 AND c.letter = 'Б'");
    ck_assert_int_gt(courses, 0);
    int heard = 0;
    for (int i = 0; i < 50 && heard < courses; i++) {
        heard += db_notifies(listener, NULL, NULL);
        usleep(20000);
    }
    ck_assert_int_eq(heard, courses);
    db_close(listener);
    struct db_pupil *v;
    int n;
    ck_assert_int_eq(db_pupils_list(ctx.db, &ctx, "9б", &v, &n, &err), EJ_OK);
    int found = 0;
    for (int i = 0; i < n; i++) {
        if (!strcmp(v[i].surname, "Тестова")) {
            found++;
            ck_assert_str_eq(v[i].class_name, "9Б");
            ck_assert_int_eq(v[i].from, cal_days(2026, 11, 23));
            ck_assert_int_eq(v[i].birth, cal_days(2013, 6, 6));
            ck_assert_str_eq(v[i].order_in, "№ 1");
        }
    }
    ck_assert_int_eq(found, 1);
    db_pupils_free(v, n);
    /* again: both are now duplicates, the error counts them */
    ck_assert_int_eq(db_pupils_import(ctx.db, &ctx, &a, csv, sizeof csv - 1, &s, &imported, &err),
                     EJ_EINVAL);
    ck_assert_int_eq(s.nproblems, 2);
    ck_assert_int_eq(s.problems[0].line, 2);
    ck_assert_int_eq(s.problems[1].line, 3);
    pupils_sheet_free(&s);
    ctx_close(&ctx);
}
END_TEST

/* The personal data of one pupil: every field in one audited transaction; a bad value
 * names its field and changes nothing; a change that copies another pupil is refused. */
START_TEST(edit_personal_data)
{
    dbn = ejt_db_new();
    long long misha = ejt_qll(dbn, "SELECT id FROM pupil WHERE surname = 'Соколов' AND name = 'Михаил'");
#define ROW_SQL "SELECT concat_ws('|', surname, name, patronymic, birth_date, sex, file_no, address) FROM pupil WHERE id = %lld"
    char *before = ejt_q(dbn, ROW_SQL, misha);
    long long audit = ejt_qll(dbn, "SELECT count(*) FROM audit WHERE tbl = 'pupil'");
    static const struct {
        const char *args, *msg;
        int status;
    } bad[] = {
        { "--surname Соколовский --birth 31.02.2013", "Дата рождения: «31.02.2013» — не дата", 1 },
        { "--birth 01.01.2025", "Дата рождения 01.01.2025: ученику сегодня было бы 1", 1 },
        { "--sex X", "Пол «X»: только М или Ж", 1 },
        { "--paper может", "Бумажные отчёты «может»: да или нет", 1 },
        { "--surname ' '", "Фамилия", 1 },
        { "--name \"$(printf 'Ми\\033[2Jша')\"", "Имя", 1 },
        { "--address \"$(head -c 600 /dev/zero | tr '\\0' 'д')\"", "Адрес", 1 },
        { "COPY", "уже есть в школе", 1 }, /* his sister's names and birth date */
        { "--frob x", NULL, 2 },
        { "", NULL, 2 },
    };
    char *anna_birth = ejt_q(dbn, "SELECT to_char(birth_date, 'DD.MM.YYYY') FROM pupil "
                                  "WHERE surname = 'Соколова' AND name = 'Анна'");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *args = ejt_fmt("edit %lld %s", misha, bad[i].args);
        if (!strcmp(bad[i].args, "COPY")) {
            free(args);
            args = ejt_fmt("edit %lld --surname Соколова --name Анна --birth %s", misha, anna_birth);
        }
        struct ejt_run r = pupils("sekretar", args, NULL);
        ck_assert_msg(r.status == bad[i].status && (!bad[i].msg || strstr(r.err, bad[i].msg)), "%s: %d %s",
                      args, r.status, r.err);
        ejt_run_free(&r);
        free(args);
    }
    free(anna_birth);
    /* Unknown pupil; others than the secretary. */
    struct ejt_run r = pupils("sekretar", "edit 999999 --name Иван", NULL);
    ck_assert_msg(r.status == 1 && strstr(r.err, "нет ученика с номером 999999"), "%s", r.err);
    ejt_run_free(&r);
    char *args = ejt_fmt("edit %lld --name Миша", misha);
    const char *others[] = { "ivanova", "petrov", "kadry", "zavuch" };
    for (int i = 0; i < 4; i++) {
        r = pupils(others[i], args, NULL);
        ck_assert_msg(r.status == 1, "%s: %d %s", others[i], r.status, r.err);
        ejt_run_free(&r);
    }
    free(args);
    r = pupils("sekretar", "edit abc --name Миша", NULL);
    ck_assert_int_eq(r.status, 2);
    ejt_run_free(&r);
    char *now = ejt_q(dbn, ROW_SQL, misha);
    ck_assert_str_eq(now, before);
    free(now);
    ck_assert_int_eq(ejt_qll(dbn, "SELECT count(*) FROM audit WHERE tbl = 'pupil'"), audit);
    /* Every field at once: saved, audited as one update by the secretary. */
    args = ejt_fmt("edit %lld --surname Соколовский --name Михаил --patronymic Игоревич --birth 1.3.2013 "
                   "--sex м --file-no 'Л-77' --address 'ул. Ленина, 5, кв. 2' --paper ДА", misha);
    r = pupils("sekretar", args, NULL);
    ck_assert_msg(r.status == 0 && !strcmp(r.out, "saved\n"), "%d %s%s", r.status, r.out, r.err);
    ejt_run_free(&r);
    free(args);
    now = ejt_q(dbn, ROW_SQL, misha);
    ck_assert_str_eq(now, "Соколовский|Михаил|Игоревич|2013-03-01|М|Л-77|ул. Ленина, 5, кв. 2");
    free(now);
    ck_assert_str_eq(ejt_q(dbn, "SELECT paper_reports::text FROM pupil WHERE id = %lld", misha), "true");
    args = ejt_fmt("edit %lld --paper no", misha);
    r = pupils("sekretar", args, NULL);
    ck_assert_int_eq(r.status, 0);
    ejt_run_free(&r);
    free(args);
    ck_assert_str_eq(ejt_q(dbn, "SELECT paper_reports::text FROM pupil WHERE id = %lld", misha), "false");
    ck_assert_int_eq(ejt_qll(dbn, "SELECT count(*) FROM audit WHERE tbl = 'pupil' AND op = 'UPDATE' "
                                  "AND account_id = %lld AND (old->>'surname') = 'Соколов' "
                                  "AND (new->>'surname') = 'Соколовский'", account("sekretar")), 1);
    free(before);
#undef ROW_SQL
}
END_TEST

int main(void)
{
    Suite *s = suite_create("db-pupils");
    TCase *tc = ejt_tcase("pupils", 120);
    tcase_add_test(tc, import_preview_then_apply);
    tcase_add_test(tc, add_one_pupil);
    tcase_add_test(tc, list_who_left);
    tcase_add_test(tc, import_default_date_is_today);
    tcase_add_test(tc, import_every_encoding);
    tcase_add_test(tc, import_bad_files);
    tcase_add_test(tc, who_may_list_and_import);
    tcase_add_test(tc, usage);
    tcase_add_test(tc, export_reads_back);
    tcase_add_test(tc, db_layer);
    tcase_add_test(tc, edit_personal_data);
    suite_add_tcase(s, tc);
    return ejt_run(s, "db/pupils");
}
