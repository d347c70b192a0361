/* tests/ssh/pupils — class lists over the real OpenSSH client and a real ejournald: the secretary checks and imports a Windows-1251 file from standard input, lists the class as CSV; a teacher's import and a bad file exit 1 with nothing written; bad usage exits 2.  Over the same path: a pupil's data changed with a quoted address (a bad birth date refused), a study group added, a pupil of another class refused from it and the members imported from a CSV file. */
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

START_TEST(edit_and_groups_over_ssh)
{
    dbn = strdup(ejt_db_new());
    srv = ejt_server_start(dbn, NULL);
    long long misha = ejt_qll(dbn, "SELECT id FROM pupil WHERE surname = 'Соколов' AND name = 'Михаил'");
    long long anna = ejt_qll(dbn, "SELECT id FROM pupil WHERE surname = 'Соколова' AND name = 'Анна'");
    int st;
    char *err;
    /* The remote command is split by ejournald as a shell would: the quotes survive ssh. */
    char *cmd = ejt_fmt("\"pupils edit %lld --address 'ул. Новая, д. 1' --birth 31.02.2013\"", misha);
    char *out = ssh_pupils("sekretar", cmd, "/dev/null", &st, &err);
    ck_assert_msg(st == 1 && strstr(err, "Дата рождения: «31.02.2013» — не дата"), "%d %s", st, err);
    free(out);
    free(err);
    free(cmd);
    cmd = ejt_fmt("\"pupils edit %lld --address 'ул. Новая, д. 1'\"", misha);
    out = ssh_pupils("sekretar", cmd, "/dev/null", &st, &err);
    ck_assert_msg(st == 0 && !strcmp(out, "saved\n"), "%d %s", st, err);
    free(out);
    free(err);
    free(cmd);
    ck_assert_str_eq(ejt_q(dbn, "SELECT address FROM pupil WHERE id = %lld", misha), "ул. Новая, д. 1");
    /* A group; his sister from 3Б refused; a CSV of members (him, after his old group). */
    out = ssh_pupils("sekretar", "\"classes groups add --class 7А --subject Англ --name 'Группа Б'\"", "/dev/null",
                     &st, &err);
    ck_assert_msg(st == 0 && !strncmp(out, "added\t", 6), "%d %s", st, err);
    long long g = atoll(out + 6);
    free(out);
    free(err);
    cmd = ejt_fmt("classes groups put --group %lld --pupil %lld --date 01.12.2026", g, anna);
    out = ssh_pupils("sekretar", cmd, "/dev/null", &st, &err);
    ck_assert_msg(st == 1 && strstr(err, "не учится в классе 7А"), "%d %s", st, err);
    free(out);
    free(err);
    free(cmd);
    long long old = ejt_qll(dbn, "SELECT gm.group_id FROM group_member gm JOIN study_group sg ON sg.id = gm.group_id "
                                 "JOIN subject su ON su.id = sg.subject_id WHERE gm.pupil_id = %lld "
                                 "AND su.name LIKE 'Иностранный%%'", misha);
    cmd = ejt_fmt("classes groups remove --group %lld --pupil %lld --date 01.12.2026", old, misha);
    free(ssh_pupils("sekretar", cmd, "/dev/null", &st, NULL));
    ck_assert_int_eq(st, 0);
    free(cmd);
    static const char csv[] = "Фамилия;Имя\r\nСоколов;Михаил\r\n";
    char *f = file_of(csv, sizeof csv - 1);
    cmd = ejt_fmt("classes groups import --group %lld --date 01.12.2026 --apply", g);
    out = ssh_pupils("sekretar", cmd, f, &st, &err);
    ck_assert_msg(st == 0 && strstr(err, "включён 1 ученик"), "%d %s", st, err);
    free(out);
    free(err);
    free(cmd);
    unlink(f);
    free(f);
    ck_assert_int_eq(ejt_qll(dbn, "SELECT count(*) FROM group_member WHERE group_id = %lld AND pupil_id = %lld",
                             g, misha), 1);
    ck_assert_int_eq(ejt_server_stop(srv), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ssh-pupils");
    TCase *tc = ejt_tcase("pupils", 120);
    tcase_add_test(tc, import_and_list_over_ssh);
    tcase_add_test(tc, edit_and_groups_over_ssh);
    suite_add_tcase(s, tc);
    return ejt_run(s, "ssh/pupils");
}
