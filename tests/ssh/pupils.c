/* tests/ssh/pupils — class lists over the real OpenSSH client and a real ejournald: the secretary checks and imports a Windows-1251 file from standard input, lists the class as CSV; a teacher's import and a bad file exit 1 with nothing written; bad usage exits 2. */
#include "ejtest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *dbn;
static struct ejt_server *srv;

#define ssh_pupils(login, remote, input, status, errout) ejt_ssh(srv, login, remote, input, status, errout)
#define file_of(data, len) ejt_file(srv->dir, data, len)

START_TEST(import_and_list_over_ssh)
{
    dbn = strdup(ejt_db_new());
    srv = ejt_server_start(dbn, NULL);
    long long p0 = ejt_qll(dbn, "SELECT count(*) FROM pupil");
    /* «Фамилия;Имя;Дата рождения;Пол» / «Юрлова;Яна;13.01.2013;Ж» / «Сёмин;Пётр;12.12.2012;М»
     * in Windows-1251 */
    static const char cp[] = "\xd4\xe0\xec\xe8\xeb\xe8\xff;\xc8\xec\xff;\xc4\xe0\xf2\xe0 "
                             "\xf0\xee\xe6\xe4\xe5\xed\xe8\xff;\xcf\xee\xeb\r\n"
                             "\xde\xf0\xeb\xee\xe2\xe0;\xdf\xed\xe0;13.01.2013;\xc6\r\n"
                             "\xd1\xb8\xec\xe8\xed;\xcf\xb8\xf2\xf0;12.12.2012;\xcc\r\n";
    char *f = file_of(cp, sizeof cp - 1);
    int st;
    char *err;
    /* the check */
    char *out = ssh_pupils("sekretar", "pupils import --class 7А", f, &st, &err);
    ck_assert_msg(st == 0, "%d: %s", st, err);
    ck_assert_ptr_nonnull(strstr(out, "2\tЮрлова\tЯна\t\t13.01.2013\tЖ"));
    ck_assert_ptr_nonnull(strstr(err, "Windows-1251"));
    ck_assert_int_eq(ejt_qll(dbn, "SELECT count(*) FROM pupil"), p0);
    free(out);
    free(err);
    /* a teacher may not import, even into her own class */
    out = ssh_pupils("ivanova", "pupils import --class 7А --apply", f, &st, &err);
    ck_assert_int_eq(st, 1);
    ck_assert_msg(strstr(err, "п. 3.3") != NULL, "%s", err);
    ck_assert_int_eq(ejt_qll(dbn, "SELECT count(*) FROM pupil"), p0);
    free(out);
    free(err);
    /* the import */
    out = ssh_pupils("sekretar", "pupils import --class 7А --order 120-у --apply", f, &st, &err);
    ck_assert_msg(st == 0, "%d: %s", st, err);
    ck_assert_int_eq(ejt_qll(dbn, "SELECT count(*) FROM pupil"), p0 + 2);
    ck_assert_int_eq(ejt_qll(dbn, "SELECT count(*) FROM enrollment WHERE order_in = '120-у'"), 2);
    free(out);
    free(err);
    unlink(f);
    free(f);
    /* the class as CSV for a spreadsheet, with them in it */
    out = ssh_pupils("zavuch", "pupils list --class 7А --csv", "/dev/null", &st, NULL);
    ck_assert_int_eq(st, 0);
    ck_assert_int_eq(strncmp(out, "\xef\xbb\xbf" "Фамилия;Имя;", 3 + strlen("Фамилия;Имя;")), 0);
    ck_assert_ptr_nonnull(strstr(out, "\r\nСёмин;Пётр;;12.12.2012;М;;;7А\r\n"));
    free(out);
    /* a bad file: its line on stderr, nothing written */
    static const char bad[] = "Фамилия;Имя;Дата рождения;Пол\nОрлов;Фёдор;31.02.2013;М\n";
    f = file_of(bad, sizeof bad - 1);
    out = ssh_pupils("sekretar", "pupils import --class 7А --apply", f, &st, &err);
    ck_assert_int_eq(st, 1);
    ck_assert_msg(strstr(err, "строка 2: «31.02.2013» — не дата") != NULL, "%s", err);
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(ejt_qll(dbn, "SELECT count(*) FROM pupil"), p0 + 2);
    free(out);
    free(err);
    unlink(f);
    free(f);
    /* usage */
    out = ssh_pupils("sekretar", "pupils import", "/dev/null", &st, NULL);
    ck_assert_int_eq(st, 2);
    free(out);
    ck_assert_int_eq(ejt_server_stop(srv), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ssh-pupils");
    TCase *tc = ejt_tcase("pupils", 120);
    tcase_add_test(tc, import_and_list_over_ssh);
    suite_add_tcase(s, tc);
    return ejt_run(s, "ssh/pupils");
}
