/* tests/ssh/year — a new school year set up from scratch over the real OpenSSH client and a real ejournald, commands only: the deputy creates 2027/2028 with its half-years and holidays, the secretary moves the pupils up, the deputy copies the curriculum, sets the load and sends the timetable as a Windows-1251 spreadsheet on standard input, makes the lessons; the teacher sends the КТП as UTF-8 with a BOM and reads where its topics fell; a clash comes back on stderr with exit 1. */
#include "ejtest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *dbn;
static struct ejt_server *srv;

#define ssh_as(login, remote, input, status, errout) ejt_ssh(srv, login, remote, input, status, errout)
#define file_of(data, len) ejt_file(srv->dir, data, len)

/* Over ssh, no input; exit status want; stdout returned. */
static char *ssh_ok(const char *login, const char *remote, int want)
{
    int st;
    char *err;
    char *out = ssh_as(login, remote, "/dev/null", &st, &err);
    ck_assert_msg(st == want, "%s: %s → %d\n%s", login, remote, st, err);
    free(err);
    return out;
}

START_TEST(year_from_scratch_over_ssh)
{
    dbn = strdup(ejt_db_new());
    srv = ejt_server_start(dbn, NULL);
    free(ssh_ok("zavuch", "year create 2027/2028 --from 01.09.2027 --to 31.05.2028", 0));
    free(ssh_ok("zavuch", "year periods --year 2027/2028 --scheme half 01.09.2027-28.12.2027 "
                          "11.01.2028-31.05.2028", 0));
    free(ssh_ok("zavuch", "year holiday add --year 2027/2028 \"'Осенние каникулы'\" 24.10.2027-01.11.2027", 0));
    free(ssh_ok("sekretar", "classes promote --from 2026/2027 --to 2027/2028 --apply", 0));
    free(ssh_ok("zavuch", "year class --year 2027/2028 8А --teacher petrov --scheme half", 0));
    free(ssh_ok("zavuch", "curriculum copy --grade 8 --from 2026/2027 --to 2027/2028", 0));
    char *course = ssh_ok("zavuch", "load set --class 8А --year 2027/2028 Алгебра --teacher petrov", 0);
    long long journal = atoll(course);
    ck_assert_int_gt(journal, 0);
    free(course);
    /* «День;Урок;Предмет;Кабинет» / «Пн;1;Алгебра;21» / «Чт;2;Алгебра;21» in Windows-1251 */
    static const char cp[] = "\xc4\xe5\xed\xfc;\xd3\xf0\xee\xea;\xcf\xf0\xe5\xe4\xec\xe5\xf2;"
                             "\xca\xe0\xe1\xe8\xed\xe5\xf2\r\n"
                             "\xcf\xed;1;\xc0\xeb\xe3\xe5\xe1\xf0\xe0;21\r\n"
                             "\xd7\xf2;2;\xc0\xeb\xe3\xe5\xe1\xf0\xe0;21\r\n";
    char *f = file_of(cp, sizeof cp - 1);
    int st;
    char *err;
    char *out = ssh_as("zavuch", "timetable set --class 8А --year 2027/2028", f, &st, &err);
    ck_assert_msg(st == 0, "%d: %s", st, err);
    ck_assert_msg(strstr(err, "в неделю в расписании 8А: 2"), "%s", err);
    free(out);
    free(err);
    unlink(f);
    free(f);
    out = ssh_ok("ivanova", "timetable show --class 8А --year 2027/2028", 0);
    ck_assert_msg(strstr(out, "пн\t1\tАлгебра\t\t21\tПетров С. Н.\t") &&
                      strstr(out, "чт\t2\tАлгебра\t\t21\tПетров С. Н.\t"),
                  "%s", out);
    free(out);
    /* A clash: 9А's geometry with the same teacher at the same time. */
    free(ssh_ok("zavuch", "year class --year 2027/2028 9А", 0));
    free(ssh_ok("zavuch", "curriculum set --class 9А --year 2027/2028 Геометрия 2", 0));
    free(ssh_ok("zavuch", "load set --class 9А --year 2027/2028 Геометрия --teacher petrov", 0));
    static const char clash[] = "День;Урок;Предмет\nпн;1;Геометрия\n";
    f = file_of(clash, sizeof clash - 1);
    out = ssh_as("zavuch", "timetable set --class 9А --year 2027/2028", f, &st, &err);
    ck_assert_int_eq(st, 1);
    ck_assert_msg(strstr(err, "Накладка: пн, 1-й урок") && strstr(err, "Петров С. Н."), "%s", err);
    free(out);
    free(err);
    unlink(f);
    free(f);
    /* The lessons: the plan, then for real. */
    long long n0 = ejt_qll(dbn, "SELECT count(*) FROM lesson");
    out = ssh_as("zavuch", "timetable generate --class 8А --year 2027/2028", "/dev/null", &st, &err);
    ck_assert_msg(st == 0 && strstr(err, "без --apply"), "%s", err);
    ck_assert_int_eq(ejt_qll(dbn, "SELECT count(*) FROM lesson"), n0);
    free(out);
    free(err);
    free(ssh_ok("zavuch", "timetable generate --class 8А --year 2027/2028 --apply", 0));
    ck_assert_int_eq(ejt_qll(dbn, "SELECT count(*) FROM lesson WHERE course_id = %lld AND "
                                  "date BETWEEN '2027-10-24' AND '2027-11-01'", journal), 0);
    ck_assert_str_eq(ejt_q(dbn, "SELECT min(date)::text FROM lesson WHERE course_id = %lld", journal),
                     "2027-09-02");
    /* The teacher's КТП, UTF-8 with a BOM. */
    static const char ktp[] = "\xef\xbb\xbfТема;Часов\r\nПовторение;3\r\nКвадратные корни;4\r\n";
    f = file_of(ktp, sizeof ktp - 1);
    char *cmd = ejt_fmt("plan import %lld", journal);
    out = ssh_as("petrov", cmd, f, &st, &err);
    ck_assert_msg(st == 0 && strstr(err, "тем в плане: 2; уроков получили темы: 7"), "%d %s", st, err);
    free(out);
    free(err);
    out = ssh_as("ivanova", cmd, f, &st, &err);
    ck_assert_int_eq(st, 1);
    free(out);
    free(err);
    unlink(f);
    free(f);
    free(cmd);
    cmd = ejt_fmt("plan list %lld", journal);
    out = ssh_ok("petrov", cmd, 0);
    ck_assert_msg(strstr(out, "1\tПовторение\t3\t02.09.2027\t09.09.2027\n") &&
                      strstr(out, "2\tКвадратные корни\t4\t13.09.2027\t23.09.2027\n"),
                  "%s", out);
    free(out);
    free(cmd);
    ck_assert_int_eq(ejt_server_stop(srv), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ssh-year");
    TCase *tc = ejt_tcase("year", 180);
    tcase_add_test(tc, year_from_scratch_over_ssh);
    suite_add_tcase(s, tc);
    return ejt_run(s, "ssh/year");
}
