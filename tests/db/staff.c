/* tests/db/staff — the staff list for HR through the real `ejournal staff` command: the list with subjects and logins, a new teacher gets a login and a temporary password that matches the stored hash, bad subjects and roles are refused, only HR and the administrator change it (the deputy reads), and deactivating a leaver locks the account and ends an open session (a real process, killed) while their marks stay. */
#include "ejtest.h"
#include "passwd.h"
#include "procinfo.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *db;

START_TEST(hr_keeps_staff)
{
    db = ejt_db_new();
    int st;
    char *out = ejt_run_as(db, "kadry", "staff list", false, &st);
    ck_assert_msg(st == 0 && strstr(out, "\tПетров\t") && strstr(out, "Алгебра") && strstr(out, "\tpetrov\t") &&
                  strstr(out, "\tactive\n"), "%s", out);
    free(out);
    free(out = ejt_run_as(db, "zavuch", "staff list", false, &st));
    ck_assert_int_eq(st, 0);
    long long staff = ejt_qll(db, "SELECT count(*) FROM staff"), accounts = ejt_qll(db, "SELECT count(*) FROM account");
    /* Refusals change nothing. */
    const char *bad[][2] = {
        { "kadry", "staff add --surname Орлова --name Елена --subjects Алхимия" },
        { "kadry", "staff add --surname Орлова --name Елена --role admin" },
        { "kadry", "staff add --surname '' --name Елена" },
        { "zavuch", "staff add --surname Орлова --name Елена" },
        { "petrov", "staff add --surname Орлова --name Елена" },
        { "roditel", "staff list" },
    };
    for (int i = 0; i < 6; i++) {
        out = ejt_run_as(db, bad[i][0], bad[i][1], false, &st);
        ck_assert_msg(st == 1 && !*out, "%s `%s`: %d %s", bad[i][0], bad[i][1], st, out);
        free(out);
    }
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM staff"), staff);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM account"), accounts);
    /* A new chemistry teacher: login and temporary password, once. */
    out = ejt_run_as(db, "kadry", "staff add --surname Орлова --name Елена --patronymic Викторовна "
                                  "--position 'учитель химии' --subjects 'Химия, Биология' --role teacher",
                     false, &st);
    ck_assert_msg(st == 0, "%d %s", st, out);
    long long id;
    char login[40], pw[16];
    ck_assert_int_eq(sscanf(out, "%lld\t%39[^\t]\t%15s", &id, login, pw), 3);
    free(out);
    ck_assert_str_eq(login, "orlova.ev");
    char *hash = ejt_q(db, "SELECT password_hash FROM account WHERE login = '%s'", login);
    ck_assert(passwd_verify(pw, hash));
    free(hash);
    ck_assert_str_eq(ejt_q(db, "SELECT must_change::text FROM account WHERE login = '%s'", login), "true");
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM staff_subject WHERE staff_id = %lld", id), 2);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM audit WHERE tbl = 'account' AND op = 'INSERT' "
                                 "AND account_id = %lld", ejt_account(db, "kadry")), 1);
    out = ejt_run_as(db, "kadry", "staff list", false, &st);
    ck_assert_msg(strstr(out, "\tОрлова\tЕлена\tВикторовна\tучитель химии\t") && strstr(out, "\torlova.ev\tteacher\t"),
                  "%s", out);
    free(out);
}
END_TEST

/* staff set: a new position and subjects (names or short names); refusals change
 * nothing. */
START_TEST(hr_changes_subjects)
{
    db = ejt_db_new();
    long long petrov = ejt_qll(db, "SELECT id FROM staff WHERE surname = 'Петров'");
    const char *subj = "SELECT string_agg(su.name, ',' ORDER BY su.name) FROM staff_subject ss "
                       "JOIN subject su ON su.id = ss.subject_id WHERE ss.staff_id = %lld";
    char *before = ejt_q(db, subj, petrov);
    int st;
    char *args[] = {
        ejt_fmt("staff set --staff %lld --subjects 'Алгебра,Астрология'", petrov),
        ejt_fmt("staff set --staff %lld", petrov),
        ejt_fmt("staff set --staff 999999 --position x"),
    };
    const int want[] = { 1, 2, 1 };
    for (int i = 0; i < 3; i++) {
        char *out = ejt_run_as(db, "kadry", args[i], true, &st);
        ck_assert_msg(st == want[i], "%s: %d %s", args[i], st, out);
        free(out);
    }
    char *out = ejt_run_as(db, "petrov", args[0], true, &st);
    ck_assert_int_eq(st, 1);
    free(out);
    char *after = ejt_q(db, subj, petrov);
    ck_assert_str_eq(before, after);
    free(after);
    char *good = ejt_fmt("staff set --staff %lld --position 'учитель математики и физики' --subjects 'Алгебра,Физ'",
                         petrov);
    out = ejt_run_as(db, "kadry", good, true, &st);
    ck_assert_msg(st == 0, "%s", out);
    free(out);
    after = ejt_q(db, subj, petrov);
    ck_assert_str_eq(after, "Алгебра,Физика");
    ck_assert_str_eq(ejt_q(db, "SELECT position FROM staff WHERE id = %lld", petrov), "учитель математики и физики");
    free(after);
    free(before);
    free(good);
    for (int i = 0; i < 3; i++)
        free(args[i]);
}
END_TEST

START_TEST(leaver_deactivated)
{
    db = ejt_db_new();
    long long petrov = ejt_qll(db, "SELECT staff_id FROM account_role WHERE account_id = %lld AND role = 'teacher'",
                               ejt_account(db, "petrov"));
    long long marks = ejt_qll(db, "SELECT count(*) FROM mark");
    /* An open session of petrov's: a real process standing in for it. */
    pid_t pid = fork();
    if (pid == 0) {
        execlp("sleep", "sleep", "60", (char *)NULL);
        _exit(127);
    }
    usleep(200 * 1000);
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    long long ps = proc_start_time(pid);
    ck_assert(ps > 0);
    char *sql = ejt_fmt("INSERT INTO ssh_session (account_id, host, pid, proc_start, client_addr, kind) "
                        "VALUES (%lld, '%s', %d, %lld, '127.0.0.1', 'pty') RETURNING id",
                        ejt_account(db, "petrov"), host, (int)pid, ps);
    char *sid = ejt_sql(db, sql, NULL);
    ck_assert(sid && *sid);
    int st;
    char *args = ejt_fmt("staff deactivate --staff %lld", petrov);
    char *out = ejt_run_as(db, "zavuch", args, false, &st);
    ck_assert_int_eq(st, 1); /* the deputy reads, does not change */
    free(out);
    out = ejt_run_as(db, "kadry", args, false, &st);
    ck_assert_msg(st == 0 && !strcmp(out, "deactivated\t1\n"), "%d %s", st, out);
    free(out);
    free(args);
    int ws;
    ck_assert_int_eq(waitpid(pid, &ws, 0), pid);
    ck_assert(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGTERM);
    ck_assert_str_eq(ejt_q(db, "SELECT end_reason FROM ssh_session WHERE id = %s", sid), "admin");
    ck_assert_str_eq(ejt_q(db, "SELECT locked::text || active::text FROM account WHERE login = 'petrov'"),
                     "truefalse");
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM mark"), marks);
    out = ejt_run_as(db, "petrov", "whoami", false, &st);
    ck_assert_int_ne(st, 0);
    free(out);
    out = ejt_run_as(db, "kadry", "staff list", false, &st);
    ck_assert_msg(strstr(out, "\tПетров\t") && strstr(out, "\tleft\n"), "%s", out);
    free(out);
    /* Usage. */
    const char *usage[] = { "staff", "staff deactivate", "staff deactivate --staff x", "staff add --name X",
                            "staff frob" };
    for (int i = 0; i < 5; i++) {
        out = ejt_run_as(db, "kadry", usage[i], false, &st);
        ck_assert_msg(st == 2 && !*out, "`%s`: %d", usage[i], st);
        free(out);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("db-staff");
    TCase *tc = ejt_tcase("staff", 120);
    tcase_add_test(tc, hr_keeps_staff);
    tcase_add_test(tc, leaver_deactivated);
    tcase_add_test(tc, hr_changes_subjects);
    suite_add_tcase(s, tc);
    return ejt_run(s, "db-staff");
}
