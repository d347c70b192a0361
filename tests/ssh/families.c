/* tests/ssh/families — the class teacher and a family end to end over the real OpenSSH client against a real ejournald: the class teacher marks a pupil and issues the parents' logins as slips over `ssh … logins issue`, the old password stops working, the parent logs in with the printed temporary password, must choose a new one, lands in the diary and sees the mark just entered; a pupil's login cannot run staff commands. */
#include "ejtest.h"
#include "ejvt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *dbn;
static struct ejt_server *srv;

static char *ssh_run(const char *login, const char *password, const char *remote, bool with_stderr,
                     int *status)
{
    char *cmd = ejt_fmt("SSHPASS='%s' sshpass -e ssh -F /dev/null -o StrictHostKeyChecking=no "
                        "-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o NumberOfPasswordPrompts=1 "
                        "-o PreferredAuthentications=password -o PubkeyAuthentication=no "
                        "-p %d %s@127.0.0.1 %s %s </dev/null",
                        password, srv->port, login, remote, with_stderr ? "2>&1" : "2>/dev/null");
    char *out = ejt_run_cmd(cmd, status);
    free(cmd);
    return out;
}

/* Cell k of a text-table line split at '|' (caller frees), NULL if none. */
static char *cell(const char *line, size_t len, int k)
{
    const char *p = line, *end = line + len;
    for (int i = 0; i <= k; i++) {
        p = memchr(p, '|', (size_t)(end - p));
        if (!p)
            return NULL;
        p++;
    }
    const char *q = memchr(p, '|', (size_t)(end - p));
    return q ? strndup(p, (size_t)(q - p)) : NULL;
}

/* The temporary password printed on the slip of `login` in the text slips. */
static char *password_on_slip(const char *slips, const char *login)
{
    char *want = ejt_fmt("Логин: %s ", login);
    for (const char *l = slips; l && *l;) {
        const char *e = strchr(l, '\n');
        size_t len = e ? (size_t)(e - l) : strlen(l);
        for (int k = 0; k < 2; k++) {
            char *c = cell(l, len, k);
            bool hit = c && strstr(c, want);
            free(c);
            if (!hit || !e)
                continue;
            const char *n = e + 1, *ne = strchr(n, '\n');
            char *pc = cell(n, ne ? (size_t)(ne - n) : strlen(n), k);
            char *pw = pc ? strstr(pc, "Временный пароль: ") : NULL;
            char *out = NULL;
            if (pw) {
                pw += strlen("Временный пароль: ");
                out = strndup(pw, strspn(pw, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"));
            }
            free(pc);
            free(want);
            return out;
        }
        l = e ? e + 1 : NULL;
    }
    free(want);
    return NULL;
}

START_TEST(class_teacher_issues_parent_logs_in)
{
    dbn = strdup(ejt_db_new());
    srv = ejt_server_start(dbn, NULL);
    long long misha = ejt_qll(dbn, "SELECT id FROM pupil WHERE surname = 'Соколов' AND name = 'Михаил'");
    long long lesson = ejt_qll(dbn, "SELECT l.id FROM lesson l JOIN course co ON co.id = l.course_id "
                                    "JOIN class cl ON cl.id = co.class_id JOIN subject s ON s.id = co.subject_id "
                                    "WHERE cl.grade = 7 AND cl.letter = 'А' AND s.name = 'Русский язык' "
                                    "AND l.date = '2026-11-26'");
    int st;
    /* The class teacher enters a mark for today's lesson. */
    char *args = ejt_fmt("journal mark %lld %lld 4", lesson, misha);
    char *out = ssh_run("ivanova", "demo2026", args, true, &st);
    ck_assert_msg(st == 0, "%s", out);
    free(out);
    free(args);
    /* … and issues the parents' logins of the pupil: the slips come on stdout. */
    args = ejt_fmt("logins issue --class 7А --pupil %lld --parents --format txt", misha);
    char *slips = ssh_run("ivanova", "demo2026", args, false, &st);
    ck_assert_msg(st == 0, "%s", slips);
    ck_assert_msg(strstr(slips, "ssh -p ") && strstr(slips, "roditel@127.0.0.1"), "%s", slips);
    char *pw = password_on_slip(slips, "roditel");
    ck_assert_msg(pw && strlen(pw) == 10, "no password on the slip:\n%s", slips);
    /* The old password is dead at once; the temporary one allows only the change. */
    out = ssh_run("roditel", "demo2026", "children", true, &st);
    ck_assert_int_eq(st, 255);
    free(out);
    usleep(1500 * 1000); /* the failure's throttle (login.throttle_base_ms) passes */
    out = ssh_run("roditel", pw, "children", true, &st);
    ck_assert_msg(st == 1, "%d %s [%s]\n%s", st, out, pw, slips);
    ck_assert_msg(strstr(out, "Смените пароль"), "%s", out);
    free(out);
    /* In the terminal: the change form, then the diary with the mark. */
    char *port = ejt_fmt("%d", srv->port);
    const char *argv[] = { "sshpass", "-e", "ssh", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
                           "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-p", port, "-t",
                           "roditel@127.0.0.1", NULL };
    char *envpw = ejt_fmt("SSHPASS=%s", pw);
    const char *env[] = { envpw, NULL };
    struct ejvt *v = ejvt_start_argv(argv, 24, 80, NULL, env);
    ck_assert_msg(ejvt_wait(v, "временный", 20000), "%s", ejvt_screen(v));
    ejvt_send(v, "Semya-Sokolovyh-7\r");
    ejvt_send(v, "Semya-Sokolovyh-7\r");
    ck_assert_msg(ejvt_wait(v, "Соколова Анна", 15000), "%s", ejvt_screen(v));
    ejvt_key(v, "F4");
    ck_assert_msg(ejvt_wait(v, "Соколов Михаил", 15000), "%s", ejvt_screen(v));
    int day = ejvt_find_row(v, "Четверг, 26 ноября");
    ck_assert_msg(day >= 0, "%s", ejvt_screen(v));
    bool seen = false;
    for (int r = day + 1; r < day + 8 && !seen; r++) {
        char *row = ejvt_row(v, r);
        seen = strstr(row, "Русский язык") && strstr(row, " 4");
        free(row);
    }
    ck_assert_msg(seen, "the mark is not in the diary:\n%s", ejvt_screen(v));
    ejvt_key(v, "F10");
    ejvt_finish(v, 10000);
    /* The new password works; the slip's no longer does. */
    out = ssh_run("roditel", "Semya-Sokolovyh-7", "children", false, &st);
    ck_assert_msg(st == 0 && strstr(out, "Соколов Михаил\t7А"), "%d %s", st, out);
    free(out);
    out = ssh_run("roditel", pw, "children", true, &st);
    ck_assert_int_eq(st, 255);
    usleep(1500 * 1000);
    free(out);
    /* A family's account cannot run staff commands. */
    out = ssh_run("roditel", "Semya-Sokolovyh-7", "logins list --class 7А", true, &st);
    ck_assert_int_eq(st, 1);
    free(out);
    out = ssh_run("uchenik", "demo2026", "journal list", true, &st);
    ck_assert_int_eq(st, 1);
    free(out);
    free(pw);
    free(slips);
    free(args);
    ck_assert_int_eq(ejt_server_stop(srv), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ssh-families");
    TCase *tc = ejt_tcase("families", 180);
    tcase_add_test(tc, class_teacher_issues_parent_logs_in);
    suite_add_tcase(s, tc);
    return ejt_run(s, "ssh-families");
}
