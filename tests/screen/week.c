/* tests/screen/week — the class teacher's week and printing on the real ejournal through libvterm: F3 from the home screen shows 7А's week with the pupils who have a 2 or an unexcused absence first; F5 prints the class's weekly reports on the school's CUPS queue (a stand-in lp on PATH receives a PDF), on the terminal's own printer (ESC [5i … ESC [4i in the character set chosen and remembered), or shows the download command; a refusing queue is reported; a parent prints only their own child's report from the diary. */
#include "ejtest.h"
#include "ejvt.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WAIT 30000 /* generous: CI machines may be loaded; a pass is usually instant */

static const char *db;

/* The newest file in $EJ_TEST_TMP/lp with the suffix, read whole (caller frees), NULL if none. */
static char *lp_file(const char *suffix, size_t *len)
{
    char *dir = ejt_fmt("%s/lp", ejt_env("EJ_TEST_TMP"));
    DIR *d = opendir(dir);
    char *best = NULL;
    long bestn = -1;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        size_t l = strlen(e->d_name), sl = strlen(suffix);
        if (l > sl && !strcmp(e->d_name + l - sl, suffix) && atol(e->d_name) > bestn) {
            bestn = atol(e->d_name);
            free(best);
            best = ejt_fmt("%s/%s", dir, e->d_name);
        }
    }
    if (d)
        closedir(d);
    free(dir);
    if (!best)
        return NULL;
    FILE *f = fopen(best, "rb");
    free(best);
    if (!f)
        return NULL;
    char *buf = malloc(8 << 20);
    size_t n = fread(buf, 1, (8 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    if (len)
        *len = n;
    return buf;
}

/* The screen for a failure message, cut short (check's messages are limited). */
static char *shot(struct ejvt *v)
{
    static char buf[3000];
    char *s = ejvt_screen(v);
    snprintf(buf, sizeof buf, "%s", s);
    free(s);
    return buf;
}

static void choose(struct ejvt *v, const char *item)
{
    for (int i = 0; i < 8; i++) {
        int r = ejvt_find_row(v, item);
        if (r >= 0 && ejvt_highlighted(v, r, 66)) /* inside the dialog box */
            break;
        ejvt_key(v, "Down");
        ejvt_pump(v, 80);
    }
    ejvt_key(v, "Enter");
}

START_TEST(class_week_and_print)
{
    db = ejt_db_new();
    const char *env[] = { "EJ_SSH_HINT=ssh -t -p 2222 ivanova@school.example", NULL };
    struct ejvt *v = ejvt_start(db, "ivanova", 30, 132, NULL, env);
    ck_assert_msg(ejvt_wait(v, "Мой класс", WAIT), "%s", shot(v));
    ejvt_key(v, "F3");
    ck_assert_msg(ejvt_wait(v, "7А · неделя 23.11–29.11.2026", WAIT), "%s", shot(v));
    /* Problems first: Гусева (absent without a reason on 25.11) above every pupil
     * with neither a 2 nor an Н this week. */
    char *calm = ejt_q(db,
        "SELECT p.surname || ' ' || p.name FROM pupil p JOIN enrollment e ON e.pupil_id = p.id "
        "JOIN class cl ON cl.id = e.class_id WHERE cl.grade = 7 AND cl.letter = 'А' "
        "AND e.during @> DATE '2026-11-26' AND NOT EXISTS (SELECT 1 FROM attendance a JOIN lesson l "
        "ON l.id = a.lesson_id WHERE a.pupil_id = p.id AND a.code = 'Н' AND l.date BETWEEN "
        "'2026-11-23' AND '2026-11-29') AND NOT EXISTS (SELECT 1 FROM mark m JOIN work w ON w.id = m.work_id "
        "JOIN lesson l ON l.id = w.lesson_id WHERE m.pupil_id = p.id AND m.value = 2 AND l.date "
        "BETWEEN '2026-11-23' AND '2026-11-29') ORDER BY 1 LIMIT 1");
    ck_assert(*calm);
    int g = ejvt_find_row(v, "Гусева Наталья"), c = ejvt_find_row(v, calm);
    ck_assert_msg(g >= 0 && c >= 0 && g < c, "Гусева %d, %s %d:\n%s", g, calm, c, shot(v));
    free(calm);
    ck_assert(ejvt_has(v, "5Печать"));
    /* The terminal's printer, in CP866 (chosen once, remembered). */
    ejvt_key(v, "F5");
    ck_assert_msg(ejvt_wait(v, "Печать: Еженедельные отчёты, 7А", WAIT), "%s", shot(v));
    ck_assert(!ejvt_has(v, "Принтер школы")); /* no queue configured */
    choose(v, "Кодировка принтера этого терминала");
    ck_assert_msg(ejvt_wait(v, "CP1251", WAIT), "%s", shot(v));
    choose(v, "CP866");
    ck_assert_msg(ejvt_wait(v, "Принтер этого терминала (cp866)", WAIT), "%s", shot(v));
    size_t before;
    ejvt_raw(v, &before);
    choose(v, "Принтер этого терминала");
    ck_assert_msg(ejvt_wait(v, "Отправлено на принтер вашего терминала (cp866)", WAIT), "%s",
                  shot(v));
    size_t len;
    const char *raw = ejvt_raw(v, &len);
    const char *start = strstr(raw + before, "\033[5i"), *end = start ? strstr(start, "\033[4i") : NULL;
    ck_assert_msg(start && end && end - start > 1000, "no framed print job");
    /* «Соколов» in CP866 (С is 0x91 there), not in UTF-8. */
    ck_assert(memmem(start, (size_t)(end - start), "\x91\xae\xaa\xae\xab\xae\xa2", 7) != NULL);
    ck_assert(memmem(start, (size_t)(end - start), "Соколов", strlen("Соколов")) == NULL);
    ck_assert_str_eq(ejt_q(db, "SELECT print_charset FROM account WHERE login = 'ivanova'"), "cp866");
    /* The school's queue: the PDF goes to lp. */
    ejt_sql_as(db, 0, "UPDATE school SET print_queue = 'kabinet12'", NULL);
    ejvt_key(v, "F5");
    ck_assert_msg(ejvt_wait(v, "Принтер школы (очередь «kabinet12»)", WAIT), "%s", shot(v));
    choose(v, "Принтер школы");
    ck_assert_msg(ejvt_wait(v, "Отправлено на принтер «kabinet12»: request id is stand-in", WAIT),
                  "%s", shot(v));
    char *args = lp_file(".args", NULL);
    ck_assert_msg(args && strstr(args, "-d\nkabinet12\n-t\nЕженедельные отчёты, 7А"), "%s", args);
    free(args);
    size_t plen;
    char *pdf = lp_file(".data", &plen);
    ck_assert(pdf && plen > 1000 && !memcmp(pdf, "%PDF-", 5));
    free(pdf);
    /* A queue that refuses: the message says so. */
    ejt_sql_as(db, 0, "UPDATE school SET print_queue = 'broken'", NULL);
    ejvt_key(v, "F5");
    ck_assert(ejvt_wait(v, "очередь «broken»", WAIT));
    choose(v, "Принтер школы");
    ck_assert_msg(ejvt_wait(v, "Принтер «broken» не принял документ", WAIT), "%s", shot(v));
    /* Download: the exact command. */
    ejvt_key(v, "F5");
    ck_assert(ejvt_wait(v, "Скачать PDF", WAIT));
    choose(v, "Скачать PDF");
    ck_assert_msg(ejvt_wait(v, "ssh -p 2222 ivanova@school.example report weekly --class 7А --week "
                               "2026-11-23 --format pdf > 7А-2026", WAIT),
                  "%s", shot(v));
    ejvt_key(v, "Esc");
    /* The previous week. */
    ejvt_key(v, "F7");
    ck_assert_msg(ejvt_wait(v, "7А · неделя 16.11–22.11.2026", WAIT), "%s", shot(v));
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
}
END_TEST

START_TEST(parent_prints_own)
{
    db = ejt_db_new();
    long long anna = ejt_qll(db, "SELECT id FROM pupil WHERE surname = 'Соколова' AND name = 'Анна'");
    const char *env[] = { "EJ_SSH_HINT=ssh -t -p 2222 roditel@school.example", NULL };
    struct ejvt *v = ejvt_start(db, "roditel", 30, 132, NULL, env);
    ck_assert_msg(ejvt_wait(v, "Соколова Анна", WAIT), "%s", shot(v));
    ejvt_key(v, "F5");
    ck_assert_msg(ejvt_wait(v, "Печать: Отчёт за неделю, Соколова Анна", WAIT), "%s", shot(v));
    choose(v, "Скачать PDF");
    char *want = ejt_fmt("report weekly --pupil %lld --week 2026-11-23 --format pdf", anna);
    ck_assert_msg(ejvt_wait(v, want, WAIT), "%s", shot(v));
    free(want);
    ejvt_key(v, "Esc");
    ejvt_key(v, "F5");
    ck_assert(ejvt_wait(v, "Принтер этого терминала", WAIT));
    size_t before;
    ejvt_raw(v, &before);
    choose(v, "Принтер этого терминала");
    ck_assert_msg(ejvt_wait(v, "Отправлено на принтер вашего терминала (utf8)", WAIT), "%s",
                  shot(v));
    const char *raw = ejvt_raw(v, NULL);
    ck_assert(strstr(raw + before, "\033[5i") && strstr(raw + before, "Соколова Анна"));
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("screen-week");
    TCase *tc = ejt_tcase("week", 120);
    tcase_add_test(tc, class_week_and_print);
    tcase_add_test(tc, parent_prints_own);
    suite_add_tcase(s, tc);
    return ejt_run(s, "screen-week");
}
