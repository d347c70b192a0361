/* SSH tests with the real OpenSSH client against a real ejournald on a free loopback
 * port: password login, wrong password and unknown login refused alike, locked
 * account, a temporary password, exec output and exit status, shell metacharacters
 * kept inert, a pty session showing the home screen and redrawing on resize,
 * subsystems refused, many sessions at once, kill -9 of one session. */
#include "ejtest.h"
#include "ejvt.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *dbn;
static struct ejt_server *srv;

static void up_with(const char *conf)
{
    dbn = strdup(ejt_db_new());
    srv = ejt_server_start(dbn, conf);
}

static void up(void)
{
    up_with(NULL);
}

static void down(void)
{
    ck_assert_int_eq(ejt_server_stop(srv), 0);
}

/* ssh with a password, no terminal, a private known_hosts, standard input from `input`
 * (a file); returns stdout+stderr. */
static char *ssh_run_in(const char *login, const char *password, const char *remote, const char *input,
                        int *status)
{
    char *cmd = ejt_fmt("SSHPASS='%s' sshpass -e ssh -F /dev/null -o StrictHostKeyChecking=no "
                        "-o UserKnownHostsFile=%s/known_hosts -o LogLevel=ERROR -o NumberOfPasswordPrompts=1 "
                        "-o PreferredAuthentications=password -o PubkeyAuthentication=no "
                        "-p %d %s@127.0.0.1 %s 2>&1 <%s",
                        password, srv->dir, srv->port, login, remote, input);
    char *out = ejt_run_cmd(cmd, status);
    free(cmd);
    return out;
}

static char *ssh_run(const char *login, const char *password, const char *remote, int *status)
{
    return ssh_run_in(login, password, remote, "/dev/null", status);
}

START_TEST(password_login_and_exec)
{
    up();
    int st;
    char *out = ssh_run("ivanova", "demo2026", "whoami", &st);
    ck_assert_msg(st == 0, "status %d: %s", st, out);
    ck_assert_ptr_nonnull(strstr(out, "login\tivanova"));
    ck_assert_ptr_nonnull(strstr(out, "roles\tteacher"));
    /* The application's exit status comes back: 2 for an unknown command. */
    out = ssh_run("ivanova", "demo2026", "nosuchcommand", &st);
    ck_assert_int_eq(st, 2);
    ck_assert_ptr_nonnull(strstr(out, "неизвестная команда"));
    /* The login is recorded. */
    ck_assert_int_ge(atoi(ejt_sql(dbn, "SELECT count(*) FROM login_event e JOIN account a ON a.id = e.account_id "
                                       "WHERE a.login = 'ivanova' AND e.ok AND e.method = 'password'", NULL)),
                     2);
    down();
}
END_TEST

START_TEST(refusals_look_alike)
{
    up();
    int st1, st2, st3;
    char *wrong = ssh_run("ivanova", "not-the-password", "whoami", &st1);
    char *unknown = ssh_run("nosuchuser", "demo2026", "whoami", &st2);
    ejt_sql_as(dbn, 0, "UPDATE account SET locked = true WHERE login = 'petrov'", NULL);
    char *locked = ssh_run("petrov", "demo2026", "whoami", &st3);
    ck_assert_int_eq(st1, 255);
    ck_assert_int_eq(st2, 255);
    ck_assert_int_eq(st3, 255);
    ck_assert_ptr_nonnull(strstr(wrong, "Permission denied"));
    ck_assert_ptr_nonnull(strstr(unknown, "Permission denied"));
    ck_assert_ptr_nonnull(strstr(locked, "Permission denied"));
    ck_assert_ptr_null(strstr(locked, "login\t"));
    /* Failures are recorded too, the unknown login made inert. */
    ck_assert_int_ge(atoi(ejt_sql(dbn, "SELECT count(*) FROM login_event WHERE NOT ok", NULL)), 3);
    down();
}
END_TEST

START_TEST(metacharacters_are_plain_text)
{
    up();
    int st;
    char *out = ssh_run("ivanova", "demo2026", "'whoami; touch /tmp/ej-pwned-$$ | echo $(id) `id`'", &st);
    ck_assert_int_ne(st, 0);
    ck_assert_ptr_null(strstr(out, "uid="));
    ck_assert_ptr_null(strstr(out, "login\t"));
    ck_assert_int_ne(access("/tmp/ej-pwned-$$", F_OK), 0);
    down();
}
END_TEST

START_TEST(temporary_password_forces_change)
{
    up();
    ejt_sql_as(dbn, 0, "UPDATE account SET must_change = true WHERE login = 'ivanova'", NULL);
    int st;
    char *out = ssh_run("ivanova", "demo2026", "whoami", &st);
    ck_assert_int_eq(st, 1);
    ck_assert_msg(strstr(out, "Смените пароль") != NULL, "%s", out);
    ck_assert_ptr_null(strstr(out, "login\t"));
    down();
}
END_TEST

START_TEST(temporary_password_in_the_terminal)
{
    up();
    ejt_sql_as(dbn, 0, "UPDATE account SET must_change = true WHERE login = 'ivanova'", NULL);
    char *port = ejt_fmt("%d", srv->port);
    const char *argv[] = { "sshpass", "-e", "ssh", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
                           "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-p", port, "-t",
                           "ivanova@127.0.0.1", NULL };
    const char *env[] = { "SSHPASS=demo2026", NULL };
    struct ejvt *v = ejvt_start_argv(argv, 24, 80, NULL, env);
    ck_assert_msg(ejvt_wait(v, "временный", 20000), "%s", ejvt_screen(v));
    /* Nothing else is shown before the change. */
    ck_assert(!ejvt_has(v, "Мои журналы"));
    /* Too short, then different, then the old one: each refused with its rule. */
    ejvt_send(v, "abc\r");
    ejvt_send(v, "abc\r");
    ck_assert_msg(ejvt_wait(v, "символ", 5000), "%s", ejvt_screen(v));
    ejvt_send(v, "Novyi-parol-1\r");
    ejvt_send(v, "Novyi-parol-2\r");
    ck_assert_msg(ejvt_wait(v, "не совпадают", 5000), "%s", ejvt_screen(v));
    ejvt_send(v, "demo2026\r");
    ejvt_send(v, "demo2026\r");
    ck_assert_msg(ejvt_wait(v, "отличаться", 5000), "%s", ejvt_screen(v));
    ejvt_send(v, "Novyi-parol-1\r");
    ejvt_send(v, "Novyi-parol-1\r");
    ck_assert_msg(ejvt_wait(v, "Мои журналы", 10000), "%s", ejvt_screen(v));
    ejvt_key(v, "F10");
    ejvt_finish(v, 10000);
    /* The new password works for commands; the temporary one no longer does. */
    int st;
    char *out = ssh_run("ivanova", "Novyi-parol-1", "whoami", &st);
    ck_assert_msg(st == 0, "%s", out);
    out = ssh_run("ivanova", "demo2026", "whoami", &st);
    ck_assert_int_eq(st, 255);
    down();
}
END_TEST

/* 200 clients that connect from another address and send nothing hold what the
 * per-address cap lets them; a real user from elsewhere still logs in meanwhile. */
START_TEST(slow_clients_do_not_lock_out)
{
    up_with("login: { grace_time = 20; };");
    char *res = ejt_fmt("%s/slow.out", srv->dir);
    char *cmd = ejt_fmt("/usr/bin/python3 %s/tests/fixtures/raw_ssh.py slow %d 200 12 127.0.0.2 >%s 2>&1 &",
                        ejt_env("EJ_TEST_SRC"), srv->port, res);
    ck_assert_int_eq(system(cmd), 0);
    /* Wait until all 200 have connected (or been dropped). */
    for (int i = 0; i < 100; i++) {
        char *o = ejt_run_cmd(ejt_fmt("cat %s", res), NULL);
        bool up = strstr(o, "connected") != NULL;
        free(o);
        if (up)
            break;
        usleep(100 * 1000);
    }
    int st;
    char *out = ssh_run("ivanova", "demo2026", "whoami", &st);
    ck_assert_msg(st == 0 && strstr(out, "login\tivanova"), "%d: %s", st, out);
    /* The slow ones: no more kept than the per-address cap (30 by default). */
    char *o = NULL;
    for (int i = 0; i < 300; i++) {
        free(o);
        o = ejt_run_cmd(ejt_fmt("cat %s", res), NULL);
        if (strstr(o, "ok kept"))
            break;
        usleep(100 * 1000);
    }
    const char *k = strstr(o, "ok kept ");
    ck_assert_msg(k, "%s", o);
    int kept = atoi(k + 8);
    ck_assert_msg(kept >= 1 && kept <= 30, "kept %d", kept);
    free(o);
    down();
}
END_TEST

/* The delay after failed logins grows: 1, 2, 4 … times login.throttle_base_ms. */
START_TEST(growing_delay)
{
    up_with("login: { throttle_base_ms = 400; };");
    int st;
    long last = 0;
    for (int round = 1; round <= 3; round++) {
        char *out = ssh_run("petrov", "wrong-password", "whoami", &st); /* a failure */
        ck_assert_int_eq(st, 255);
        free(out);
        out = ssh_run("petrov", "wrong-password", "whoami", &st); /* at once: throttled */
        ck_assert_int_eq(st, 255);
        free(out);
        /* The server logs how long is left; it must grow round by round. */
        char *log = ejt_run_cmd(ejt_fmt("grep -o 'throttled password for petrov from 127.0.0.1 ([0-9]* ms left)' %s "
                                        "| tail -1 | grep -o '[0-9]* ms' | grep -o '[0-9]*'",
                                        srv->log),
                                NULL);
        long left = atol(log);
        free(log);
        ck_assert_msg(left > last, "round %d: %ld ms left, before %ld", round, left, last);
        last = left;
        usleep((useconds_t)(left + 300) * 1000);
    }
    ck_assert_int_gt(last, 800); /* the third round waits for 4 × 400 ms */
    /* And a correct password after the wait still works, and resets it. */
    usleep(2000 * 1000);
    ck_assert_str_eq(ejt_sql(dbn, "SELECT count(*) FROM auth_throttle WHERE key = 'login:petrov' AND failures > 0",
                             NULL),
                     "1");
    char *out = ssh_run("petrov", "demo2026", "whoami", &st);
    ck_assert_msg(st == 0, "%s", out);
    free(out);
    /* One transaction: the success recorded, and both counters gone. */
    ck_assert_str_eq(ejt_sql(dbn, "SELECT count(*) FROM login_event WHERE login = 'petrov' AND ok "
                                  "AND method = 'password' AND reason = ''",
                             NULL),
                     "1");
    ck_assert_str_eq(ejt_sql(dbn, "SELECT count(*) FROM auth_throttle WHERE key IN ('login:petrov', "
                                  "'addr:127.0.0.1')",
                             NULL),
                     "0");
    down();
}
END_TEST

START_TEST(second_server_on_one_state_refused)
{
    up();
    int st;
    char *out = ejt_run_cmd(ejt_fmt("timeout 20 %s/ejournald -c %s 2>&1", ejt_env("EJ_TEST_BIN"), srv->conf), &st);
    ck_assert_int_eq(st, 78);
    ck_assert_msg(strstr(out, "уже работает другой ejournald") != NULL, "%s", out);
    /* The first one serves on. */
    out = ssh_run("ivanova", "demo2026", "whoami", &st);
    ck_assert_msg(st == 0, "%s", out);
    down();
}
END_TEST

static char *ssh_key_run(const char *login, const char *key, const char *remote, int *status)
{
    char *cmd = ejt_fmt("ssh -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
                        "-o LogLevel=ERROR -o BatchMode=yes -o IdentitiesOnly=yes "
                        "-o PreferredAuthentications=publickey -i %s -p %d %s@127.0.0.1 %s 2>&1 </dev/null",
                        key, srv->port, login, remote);
    char *out = ejt_run_cmd(cmd, status);
    free(cmd);
    return out;
}

START_TEST(public_keys)
{
    up();
    char *key = ejt_fmt("%s/id_ed25519", srv->dir);
    int st;
    free(ejt_run_cmd(ejt_fmt("ssh-keygen -q -t ed25519 -N '' -C 'учительская' -f %s", key), &st));
    ck_assert_int_eq(st, 0);
    /* Not yet known: refused without a password prompt. */
    char *out = ssh_key_run("ivanova", key, "whoami", &st);
    ck_assert_int_eq(st, 255);
    /* Added over SSH with the password, from standard input. */
    out = ssh_run_in("ivanova", "demo2026", "keys add", ejt_fmt("%s.pub", key), &st);
    ck_assert_msg(st == 0, "%s", out);
    long long id = atoll(out);
    ck_assert_int_gt(id, 0);
    out = ssh_key_run("ivanova", key, "whoami", &st);
    ck_assert_msg(st == 0 && strstr(out, "login\tivanova"), "%d: %s", st, out);
    out = ssh_key_run("ivanova", key, "keys list", &st);
    ck_assert_msg(strstr(out, "ssh-ed25519") && strstr(out, "SHA256:") && strstr(out, "учительская"), "%s", out);
    /* The key is ivanova's only: petrov cannot use it. */
    out = ssh_key_run("petrov", key, "whoami", &st);
    ck_assert_int_eq(st, 255);
    /* Bad input changes nothing. */
    static const char *bad[] = { "garbage", "ssh-ed25519 !!!notbase64", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==",
                                 "ssh-dss AAAAB3NzaC1kc3MAAACBAP8=" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *f = ejt_fmt("%s/bad.pub", srv->dir);
        FILE *fp = fopen(f, "w");
        fprintf(fp, "%s\n", bad[i]);
        fclose(fp);
        out = ssh_run_in("ivanova", "demo2026", "keys add", f, &st);
        ck_assert_msg(st == 1, "\"%s\" gave %d: %s", bad[i], st, out);
    }
    ck_assert_str_eq(ejt_sql(dbn, "SELECT count(*) FROM account_key", NULL), "1");
    /* Removed: the key no longer opens the door. */
    out = ssh_key_run("ivanova", key, ejt_fmt("keys rm %lld", id), &st);
    ck_assert_msg(st == 0, "%s", out);
    out = ssh_key_run("ivanova", key, "whoami", &st);
    ck_assert_int_eq(st, 255);
    down();
}
END_TEST

START_TEST(grace_time_and_attempts)
{
    up_with("login: { grace_time = 2; max_auth_tries = 3; };");
    /* A client that connects and sends nothing is dropped after the grace time. */
    int st;
    char *out = ejt_run_cmd(ejt_fmt("timeout 15 bash -c 'exec 3<>/dev/tcp/127.0.0.1/%d; cat <&3 >/dev/null'; echo $?",
                                    srv->port),
                            &st);
    ck_assert_msg(atoi(out) == 0, "the silent client was not dropped: %s", out);
    /* Wrong passwords: at most max_auth_tries attempts on one connection. */
    out = ejt_run_cmd(ejt_fmt("SSHPASS=wrong sshpass -e ssh -F /dev/null -o StrictHostKeyChecking=no "
                              "-o UserKnownHostsFile=/dev/null -o NumberOfPasswordPrompts=10 "
                              "-o PreferredAuthentications=password -p %d petrov@127.0.0.1 whoami 2>&1 </dev/null",
                              srv->port),
                      &st);
    ck_assert_int_ne(st, 0); /* sshpass: 5, wrong password */
    ck_assert_int_le(atoi(ejt_sql(dbn, "SELECT count(*) FROM login_event WHERE login = 'petrov' AND NOT ok", NULL)), 3);
    /* The failures slow down the next attempts of that login (kept in the database). */
    ck_assert_int_ge(atoi(ejt_sql(dbn, "SELECT coalesce(max(failures), 0) FROM auth_throttle", NULL)), 1);
    down();
}
END_TEST

START_TEST(admin_ends_a_session)
{
    up();
    char *port = ejt_fmt("%d", srv->port);
    const char *argv[] = { "sshpass", "-e", "ssh", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
                           "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-p", port, "-t",
                           "petrov@127.0.0.1", NULL };
    const char *env[] = { "SSHPASS=demo2026", NULL };
    struct ejvt *v = ejvt_start_argv(argv, 24, 80, NULL, env);
    ck_assert(ejvt_wait(v, "Петров", 20000));
    int st;
    /* Not for a teacher. */
    char *out = ssh_run("ivanova", "demo2026", "sessions", &st);
    ck_assert_int_eq(st, 1);
    out = ssh_run("admin", "demo2026", "sessions --login petrov", &st);
    ck_assert_msg(st == 0 && strstr(out, "\tpetrov\tpty\t"), "%d: %s", st, out);
    long long id = atoll(out);
    out = ssh_run("admin", "demo2026", ejt_fmt("sessions end %lld", id), &st);
    ck_assert_msg(st == 0, "%s", out);
    /* The user is told why, on their own terminal, and the session ends by itself:
     * ssh exits without being killed. */
    ck_assert_msg(ejvt_wait(v, "Сеанс завершён администратором", 15000), "%s", ejvt_screen(v));
    ck_assert_int_ne(ejvt_finish(v, 15000), -1);
    ck_assert_str_eq(ejt_sql(dbn, ejt_fmt("SELECT end_reason FROM ssh_session WHERE id = %lld", id), NULL), "admin");
    out = ssh_run("admin", "demo2026", "sessions end 999999", &st);
    ck_assert_int_eq(st, 1);
    down();
}
END_TEST

START_TEST(raw_protocol_probes)
{
    up();
    int st;
    /* First the probes that log in (a failed login below throttles this address). */
    char *out;
    /* Forwarding of ports and of the agent is refused; the session still works. */
    out = ejt_run_cmd(ejt_fmt("/usr/bin/python3 %s/tests/fixtures/raw_ssh.py forward %d ivanova demo2026 2>&1",
                              ejt_env("EJ_TEST_SRC"), srv->port),
                      &st);
    ck_assert_msg(st == 0, "%s", out);
    /* A registered key offered without a signature (a query) gets no session. */
    char *key = ejt_fmt("%s/probe_ed25519", srv->dir);
    free(ejt_run_cmd(ejt_fmt("ssh-keygen -q -t ed25519 -N '' -f %s", key), &st));
    ck_assert_int_eq(st, 0);
    out = ssh_run_in("ivanova", "demo2026", "keys add", ejt_fmt("%s.pub", key), &st);
    ck_assert_msg(st == 0, "%s", out);
    out = ejt_run_cmd(ejt_fmt("/usr/bin/python3 %s/tests/fixtures/raw_ssh.py unsigned %d ivanova %s 2>&1",
                              ejt_env("EJ_TEST_SRC"), srv->port, key),
                      &st);
    ck_assert_msg(st == 0, "%s", out);
    /* Clients that vanish in the middle of authentication leave no process behind. */
    for (int i = 0; i < 5; i++) {
        out = ejt_run_cmd(ejt_fmt("/usr/bin/python3 %s/tests/fixtures/raw_ssh.py midauth %d 2>&1",
                                  ejt_env("EJ_TEST_SRC"), srv->port),
                          &st);
        ck_assert_msg(st == 0, "%s", out);
    }
    int children = -1;
    for (int i = 0; i < 100 && children != 0; i++) {
        char *n = ejt_run_cmd(ejt_fmt("pgrep -x -P %d ejournald | wc -l", (int)srv->pid), NULL);
        children = atoi(n);
        free(n);
        if (children)
            usleep(100 * 1000);
    }
    ck_assert_msg(children == 0, "%d connection processes left after the clients vanished", children);
    out = ejt_run_cmd(ejt_fmt("/usr/bin/python3 %s/tests/fixtures/raw_ssh.py bypass %d 2>&1",
                                    ejt_env("EJ_TEST_SRC"), srv->port),
                            &st);
    ck_assert_msg(st == 0, "%s", out);
    out = ejt_run_cmd(ejt_fmt("/usr/bin/python3 %s/tests/fixtures/raw_ssh.py badname %d 2>&1",
                              ejt_env("EJ_TEST_SRC"), srv->port),
                      &st);
    ck_assert_msg(st == 0, "%s", out);
    /* Neither the log nor the login record holds the raw escape. */
    char *log = ejt_run_cmd(ejt_fmt("grep -c $(printf '\\033') %s || true", srv->log), NULL);
    ck_assert_int_eq(atoi(log), 0);
    ck_assert_str_eq(ejt_sql(dbn, "SELECT count(*) FROM login_event WHERE login ~ '[\\x01-\\x1f]'", NULL), "0");
    down();
}
END_TEST

static int count_fds(pid_t pid)
{
    char *out = ejt_run_cmd(ejt_fmt("ls /proc/%d/fd | wc -l", (int)pid), NULL);
    int n = atoi(out);
    free(out);
    return n;
}

static int count_children(pid_t pid)
{
    char *out = ejt_run_cmd(ejt_fmt("pgrep -c -x -P %d ejournald || true", (int)pid), NULL);
    int n = atoi(out);
    free(out);
    return n;
}

START_TEST(five_hundred_dropped_connections)
{
    up_with("login: { per_address_startups = 1000; startups_begin = 1000; startups_full = 2000; };");
    int st;
    /* One real session first, so that everything lazily opened is open. */
    free(ssh_run("ivanova", "demo2026", "whoami", &st));
    int fds = count_fds(srv->pid);
    free(ejt_run_cmd(ejt_fmt("bash -c 'for i in $(seq 1 500); do exec 3<>/dev/tcp/127.0.0.1/%d; exec 3>&-; done'", srv->port),
                     &st));
    ck_assert_int_eq(st, 0);
    /* Give the connection processes a moment to notice and end. */
    int kids = -1, now = -1;
    for (int i = 0; i < 100; i++) {
        kids = count_children(srv->pid);
        now = count_fds(srv->pid);
        if (kids == 0 && now <= fds)
            break;
        usleep(100000);
    }
    ck_assert_msg(kids == 0, "%d connection processes left", kids);
    /* (The count before may still include the first session's control socket.) */
    ck_assert_msg(now <= fds, "listener fds %d, before %d", now, fds);
    char *z = ejt_run_cmd(ejt_fmt("ps -o stat= --ppid %d | grep -c Z || true", (int)srv->pid), NULL);
    ck_assert_int_eq(atoi(z), 0);
    char *out = ssh_run("ivanova", "demo2026", "whoami", &st);
    ck_assert_msg(st == 0, "%s", out);
    down();
}
END_TEST

START_TEST(subsystems_refused)
{
    up();
    char *cmd = ejt_fmt("SSHPASS=demo2026 sshpass -e ssh -F /dev/null -o StrictHostKeyChecking=no "
                        "-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -p %d -s ivanova@127.0.0.1 sftp "
                        "</dev/null 2>&1",
                        srv->port);
    int st;
    char *out = ejt_run_cmd(cmd, &st);
    ck_assert_msg(st != 0, "sftp subsystem accepted: %s", out);
    /* Port forwarding: the session still works but no tunnel is opened. */
    down();
}
END_TEST

START_TEST(pty_session_shows_the_application)
{
    up();
    char *port = ejt_fmt("%d", srv->port);
    char *kh = ejt_fmt("UserKnownHostsFile=%s/known_hosts", srv->dir);
    const char *argv[] = { "sshpass", "-e", "ssh", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
                           "-o", kh, "-o", "LogLevel=ERROR", "-p", port, "-t", "ivanova@127.0.0.1", NULL };
    const char *env[] = { "SSHPASS=demo2026", NULL };
    struct ejvt *v = ejvt_start_argv(argv, 24, 80, "xterm-256color", env);
    ck_assert_msg(ejvt_wait(v, "Иванова М. П.", 20000), "%s", ejvt_screen(v));
    ck_assert(ejvt_wait(v, "Мои журналы", 5000));
    /* window-change: the application redraws for the new size */
    ejvt_resize(v, 30, 132);
    ck_assert_msg(ejvt_wait(v, "10Выход", 5000), "%s", ejvt_screen(v));
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, 10000), 0);
    down();
}
END_TEST

START_TEST(many_sessions_and_a_killed_one)
{
    /* 50 clients from one address at once: above the default per-address cap. */
    up_with("login: { per_address_startups = 100; startups_begin = 100; };\n"
            "session: { max_per_account = 100; };");
    /* A long-lived pty session, whose processes we kill -9 in the middle. */
    char *port = ejt_fmt("%d", srv->port);
    const char *argv[] = { "sshpass", "-e", "ssh", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
                           "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-p", port, "-t",
                           "petrov@127.0.0.1", NULL };
    const char *env[] = { "SSHPASS=demo2026", NULL };
    struct ejvt *v = ejvt_start_argv(argv, 24, 80, NULL, env);
    ck_assert_msg(ejvt_wait(v, "Петров", 60000), "%s", ejvt_screen(v)); /* a loaded CI box is slow */
    /* 50 sessions at once. */
    char *cmd = ejt_fmt("for i in $(seq 1 50); do (SSHPASS=demo2026 sshpass -e ssh -F /dev/null "
                        "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR "
                        "-p %d kadry@127.0.0.1 whoami </dev/null | grep -c '^login' > %s/out.$i) & done; wait; "
                        "cat %s/out.* | grep -c '^1$'",
                        srv->port, srv->dir, srv->dir);
    int st;
    char *out = ejt_run_cmd(cmd, &st);
    ck_assert_msg(atoi(out) == 50, "only %s of 50 sessions worked", out);
    /* kill -9 the application of petrov's session: the server and others live on. */
    /* Only this server's processes: its connection processes and their applications. */
    char *pids = ejt_run_cmd(ejt_fmt("for c in $(pgrep -x -P %d ejournald); do pgrep -P $c; echo $c; done", (int)srv->pid), NULL);
    ck_assert_msg(*pids != '\0', "no application process found");
    for (char *p = strtok(pids, "\n"); p; p = strtok(NULL, "\n"))
        kill(atoi(p), SIGKILL);
    ejvt_finish(v, 10000);
    out = ssh_run("ivanova", "demo2026", "whoami", &st);
    ck_assert_msg(st == 0, "%s", out);
    down();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ssh-login");
    TCase *tc = ejt_tcase("login", 180);
    tcase_add_test(tc, password_login_and_exec);
    tcase_add_test(tc, refusals_look_alike);
    tcase_add_test(tc, metacharacters_are_plain_text);
    tcase_add_test(tc, temporary_password_forces_change);
    tcase_add_test(tc, slow_clients_do_not_lock_out);
    tcase_add_test(tc, growing_delay);
    tcase_add_test(tc, temporary_password_in_the_terminal);
    tcase_add_test(tc, second_server_on_one_state_refused);
    tcase_add_test(tc, public_keys);
    tcase_add_test(tc, grace_time_and_attempts);
    tcase_add_test(tc, admin_ends_a_session);
    tcase_add_test(tc, raw_protocol_probes);
    tcase_add_test(tc, five_hundred_dropped_connections);
    tcase_add_test(tc, subsystems_refused);
    tcase_add_test(tc, pty_session_shows_the_application);
    tcase_add_test(tc, many_sessions_and_a_killed_one);
    suite_add_tcase(s, tc);
    return ejt_run(s, "ssh/login");
}
