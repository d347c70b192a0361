/* tests/ssh/relay — ejournald's notification relay (server/relay.c, common/relay.h) with the real OpenSSH client: a message sent by another session (`message send` over ssh) shows in an open terminal session's title through the relay; while the relay is stopped (SIGSTOP) nothing arrives, so the application does not LISTEN itself; after SIGCONT it does; when the relay is killed the open session falls back to a LISTEN of its own and still hears changes, and ejournald starts a new relay that new sessions use. */
#include "db-journal.h"
#include "db.h"
#include "ejtest.h"
#include "ejvt.h"
#include "relay.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *dbn;
static struct ejt_server *srv;

/* The pid of the relay ejournald started last, from its log ("… relay started (pid N)"). */
static pid_t relay_pid(int nth)
{
    for (int tries = 0; tries < 100; tries++) {
        FILE *f = fopen(srv->log, "r");
        ck_assert(f);
        char line[512];
        int seen = 0;
        pid_t pid = 0;
        while (fgets(line, sizeof line, f)) {
            const char *p = strstr(line, "notification relay started (pid ");
            if (p && ++seen == nth)
                pid = (pid_t)atoi(p + strlen("notification relay started (pid "));
        }
        fclose(f);
        if (pid > 0)
            return pid;
        usleep(100 * 1000);
    }
    ck_abort_msg("no relay number %d in the log", nth);
    return 0;
}

static struct ejvt *terminal(const char *login)
{
    char *port = ejt_fmt("%d", srv->port);
    char *full = ejt_fmt("%s@127.0.0.1", login);
    const char *argv[] = { "sshpass", "-e", "ssh", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
                           "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-p", port, "-t",
                           full, NULL };
    const char *env[] = { "SSHPASS=demo2026", NULL };
    struct ejvt *v = ejvt_start_argv(argv, 24, 100, NULL, env);
    ck_assert_msg(ejvt_wait(v, "Последний вход", 20000), "%s", ejvt_screen(v));
    free(port);
    free(full);
    return v;
}

/* zavuch writes to ivanova over ssh: the application's write, its wake-up after COMMIT. */
static void send_message(int n)
{
    char *text = ejt_fmt("Сообщение %d", n);
    char *in = ejt_file(srv->dir, text, strlen(text));
    int st;
    char *err = NULL;
    char *out = ejt_ssh(srv, "zavuch", "message send --to ivanova", in, &st, &err);
    ck_assert_msg(st == 0, "%d %s %s", st, out, err ? err : "");
    free(out);
    free(err);
    free(in);
    free(text);
}

/* Does the title come to say n unread messages within ms? */
static bool unread_shows(struct ejvt *v, int n, int ms)
{
    char *want = ejt_fmt("новых: %d", n);
    bool ok = ejvt_wait(v, want, ms);
    free(want);
    return ok;
}

START_TEST(changes_through_the_relay)
{
    dbn = strdup(ejt_db_new());
    srv = ejt_server_start(dbn, NULL);
    ejt_sql(dbn, "DELETE FROM message_recipient WHERE account_id = (SELECT id FROM account WHERE login = 'ivanova')",
            NULL);
    pid_t relay = relay_pid(1);
    struct ejvt *v = terminal("ivanova");
    send_message(1);
    ck_assert_msg(unread_shows(v, 1, 5000), "%s", ejvt_screen(v));

    /* The relay stopped: the session hears nothing (it does not LISTEN itself) … */
    ck_assert_int_eq(kill(relay, SIGSTOP), 0);
    send_message(2);
    ck_assert_msg(!unread_shows(v, 2, 3000), "heard without the relay:\n%s", ejvt_screen(v));
    /* … until it runs again. */
    ck_assert_int_eq(kill(relay, SIGCONT), 0);
    ck_assert_msg(unread_shows(v, 2, 5000), "%s", ejvt_screen(v));

    /* The relay killed: the open session listens itself; ejournald starts another. */
    ck_assert_int_eq(kill(relay, SIGKILL), 0);
    pid_t again = relay_pid(2);
    ck_assert_int_ne(again, relay);
    usleep(300 * 1000); /* the session notices the closed socket */
    ejvt_pump(v, 300);
    send_message(3);
    ck_assert_msg(unread_shows(v, 3, 5000), "%s", ejvt_screen(v));

    /* A new session uses the new relay: stopped, it hears nothing; running, it does. */
    struct ejvt *w = terminal("ivanova");
    ck_assert_int_eq(kill(again, SIGSTOP), 0);
    send_message(4);
    ck_assert_msg(unread_shows(v, 4, 5000), "%s", ejvt_screen(v)); /* the first: its own LISTEN */
    ck_assert_msg(!unread_shows(w, 4, 1500), "heard without the relay:\n%s", ejvt_screen(w));
    ck_assert_int_eq(kill(again, SIGCONT), 0);
    ck_assert_msg(unread_shows(w, 4, 5000), "%s", ejvt_screen(w));

    ejvt_key(v, "F10");
    ejvt_key(w, "F10");
    ck_assert_int_eq(ejvt_finish(v, 10000), 0);
    ck_assert_int_eq(ejvt_finish(w, 10000), 0);
    /* The socket goes with the server. */
    char *path = ejt_fmt("%s/state/notify", srv->dir);
    ck_assert_int_eq(access(path, F_OK), 0);
    ck_assert_int_eq(ejt_server_stop(srv), 0);
    ck_assert_msg(access(path, F_OK) != 0, "%s is left behind", path);
    free(path);
}
END_TEST

/* The PostgreSQL backends of the application role in this test's database. */
static long long app_backends(void)
{
    return ejt_qll(dbn, "SELECT count(*) FROM pg_stat_activity WHERE datname = '%s' AND usename = 'ej_app'",
                   dbn);
}

/* Does the number of backends come down to n within ms? */
static bool backends_drop_to(long long n, int ms, struct ejvt *v)
{
    for (int t = 0; t < ms; t += 100) {
        if (app_backends() == n)
            return true;
        ejvt_pump(v, 100);
    }
    return false;
}

/* session.db_release: an idle session gives its database connection back, and still
 * hears changes (the relay wakes it; it reconnects to re-read), and writes with a new
 * connection at the next key, saved as ever. */
START_TEST(idle_session_gives_back_its_connection)
{
    dbn = strdup(ejt_db_new());
    srv = ejt_server_start(dbn, "session: { db_release = 1; };");
    relay_pid(1);
    ejt_sql(dbn, "DELETE FROM message_recipient WHERE account_id = (SELECT id FROM account WHERE login = 'ivanova')",
            NULL);
    long long base = app_backends(); /* the relay's */
    struct ejvt *v = terminal("ivanova");
    ck_assert_msg(backends_drop_to(base, 5000, v), "an idle session kept its connection: %lld > %lld",
                  app_backends(), base);
    /* A change while released reaches the screen. */
    send_message(1);
    ck_assert_msg(unread_shows(v, 1, 5000), "%s", ejvt_screen(v));
    ck_assert(backends_drop_to(base, 5000, v));
    /* A key: the journal (today's first lesson) opens on a new connection; a mark typed
     * after the next release is saved.  The journal warms its connection's write path
     * (db_journal_warm) even with a dialog opened over it at once: a work id is taken
     * for that, and one for the mark's work. */
    const char *next_work = "SELECT last_value + is_called::int FROM work_id_seq";
    long long ids = ejt_qll(dbn, "%s", next_work);
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "Итог", 10000), "%s", ejvt_screen(v));
    ejvt_key(v, "F7");
    ck_assert_msg(ejvt_wait(v, "Урок вне расписания", 10000), "%s", ejvt_screen(v));
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "Урок добавлен", 10000), "%s", ejvt_screen(v));
    ejvt_key(v, "PgUp");
    ck_assert(backends_drop_to(base, 5000, v));
    long long before = ejt_qll(dbn, "SELECT count(*) FROM mark WHERE entered_by = %lld",
                               ejt_account(dbn, "ivanova"));
    ejvt_send(v, "5");
    ck_assert_msg(ejvt_wait(v, "Сохранено", 10000), "%s", ejvt_screen(v));
    ck_assert_int_eq(ejt_qll(dbn, "SELECT count(*) FROM mark WHERE entered_by = %lld",
                             ejt_account(dbn, "ivanova")),
                     before + 1);
    ck_assert_int_eq(ejt_qll(dbn, "%s", next_work), ids + 2);
    ck_assert(backends_drop_to(base, 5000, v));
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, 10000), 0);
    ck_assert_int_eq(ejt_server_stop(srv), 0);
}
END_TEST

/* The protocol itself, as an application speaks it (common/relay.h): a published
 * wake-up reaches the channel's readers at once with the publisher's pid, and is sent
 * on by NOTIFY to a listener the relay does not serve; a reader that breaks the
 * protocol is dropped, the others are served on. */
struct got {
    char payload[64];
    int pid;
    int n;
};

static void got_one(const char *channel, const char *payload, int pid, void *arg)
{
    struct got *g = arg;
    ck_assert_str_eq(channel, "ej_change_1");
    snprintf(g->payload, sizeof g->payload, "%s", payload);
    g->pid = pid;
    g->n++;
}

static void read_for(struct relay *r, struct got *g, int ms)
{
    bool reset = false;
    for (int t = 0; t < ms && g->n == 0; t += 20) {
        ck_assert_int_ge(relay_read(r, got_one, g, &reset), 0);
        usleep(20 * 1000);
    }
}

static void heard_one(const char *payload, bool own, void *arg)
{
    (void)own;
    struct got *g = arg;
    snprintf(g->payload, sizeof g->payload, "%s", payload);
    g->n++;
}

/* A server of its own for a protocol test, once its relay runs: the relay's socket. */
static char *relay_server(void)
{
    dbn = strdup(ejt_db_new());
    srv = ejt_server_start(dbn, NULL);
    relay_pid(1);
    return ejt_fmt("%s/state/notify", srv->dir);
}

/* A client of the relay at path, listening on ej_change_1 when listen is set. */
static struct relay *relay_client(const char *path, bool listen)
{
    struct relay *r = relay_open(path);
    ck_assert(r);
    ck_assert(!listen || relay_listen(r, "ej_change_1"));
    return r;
}

START_TEST(the_protocol)
{
    char *path = relay_server();
    struct relay *a = relay_client(path, true), *b = relay_client(path, false),
                 *bad = relay_client(path, true);
    struct ej_error err;
    struct ej_db *listener = ejt_connect(dbn, "ej_app", 0);
    ck_assert_int_eq(db_listen(listener, "ej_change_1", &err), EJ_OK);
    usleep(200 * 1000); /* the subscriptions are read before the publication */
    /* bad input: not the protocol; its reader is dropped */
    ck_assert_int_eq(write(relay_fd(bad), "X nonsense\n", 11), 11);
    ck_assert(!relay_publish(b, "ej_change_1", 4242, "course 7")); /* refused by the client side */
    ck_assert(relay_publish(b, "ej_change_1", 4242, "course:7"));
    struct got g = { "", 0, 0 };
    read_for(a, &g, 3000);
    ck_assert_int_eq(g.n, 1);
    ck_assert_str_eq(g.payload, "course:7");
    ck_assert_int_eq(g.pid, 4242);
    struct got h = { "", 0, 0 };
    for (int t = 0; t < 3000 && h.n == 0; t += 20) {
        ck_assert_int_ge(db_journal_notifications(listener, heard_one, &h), 0);
        usleep(20 * 1000);
    }
    ck_assert_int_eq(h.n, 1);
    ck_assert_str_eq(h.payload, "course:7");
    bool reset = false;
    int n = 0;
    for (int t = 0; t < 2000 && n >= 0; t += 20) {
        n = relay_read(bad, NULL, NULL, &reset);
        usleep(20 * 1000);
    }
    ck_assert_msg(n < 0, "the relay kept a reader that broke the protocol");
    relay_close(a);
    relay_close(b);
    relay_close(bad);
    db_close(listener);
    free(path);
    ck_assert_int_eq(ejt_server_stop(srv), 0);
}
END_TEST

/* A reader that does not read falls behind: the relay keeps what its socket does not
 * take and writes it when the socket takes more; past 64 KiB it forgets the lines and
 * tells the reader to re-read everything ("R").  The reader that keeps up gets every
 * line in order meanwhile, and the slow one is served again once it has caught up. */
struct tally {
    int n, next;
    bool in_order;
};

static void count_one(const char *channel, const char *payload, int pid, void *arg)
{
    (void)channel;
    (void)pid;
    struct tally *t = arg;
    int k = atoi(payload + strlen("course:"));
    t->in_order &= k == t->next;
    t->next = k + 1;
    t->n++;
}

START_TEST(a_slow_reader_is_told_to_reread)
{
    char *path = relay_server();
    struct relay *fast = relay_client(path, true), *slow = relay_client(path, true),
                 *pub = relay_client(path, false);
    usleep(200 * 1000);
    enum { N = 20000 }; /* 620 KB: more than the socket and the 64 KiB kept for it */
    struct tally f = { 0, 0, true };
    for (int i = 0; i < N; i++) {
        char payload[32];
        snprintf(payload, sizeof payload, "course:%d", i);
        for (int tries = 0; !relay_publish(pub, "ej_change_1", 4242, payload); tries++) {
            ck_assert_int_lt(tries, 5000);
            ck_assert_int_ge(relay_read(fast, count_one, &f, NULL), 0);
            usleep(1000);
        }
        if (i % 50 == 0)
            ck_assert_int_ge(relay_read(fast, count_one, &f, NULL), 0);
    }
    for (int t = 0; t < 5000 && f.n < N; t += 10) {
        ck_assert_int_ge(relay_read(fast, count_one, &f, NULL), 0);
        usleep(10 * 1000);
    }
    ck_assert_int_eq(f.n, N);
    ck_assert(f.in_order);
    /* The slow reader now reads: the lines its socket held, then "R". */
    struct tally sl = { 0, 0, true };
    bool reset = false;
    for (int t = 0, quiet = 0; t < 5000 && quiet < 300; t += 10) {
        int n = relay_read(slow, count_one, &sl, &reset);
        ck_assert_int_ge(n, 0);
        quiet = n > 0 ? 0 : quiet + 10;
        usleep(10 * 1000);
    }
    ck_assert(reset);
    ck_assert_int_gt(sl.n, 0);
    ck_assert_int_lt(sl.n, N);
    ck_assert(sl.in_order); /* what it got is the first lines, none skipped among them */
    /* Caught up, it is served again. */
    ck_assert(relay_publish(pub, "ej_change_1", 4242, "course:999999"));
    struct got g = { "", 0, 0 };
    read_for(slow, &g, 3000);
    ck_assert_int_eq(g.n, 1);
    ck_assert_str_eq(g.payload, "course:999999");
    relay_close(fast);
    relay_close(slow);
    relay_close(pub);
    free(path);
    ck_assert_int_eq(ejt_server_stop(srv), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ssh-relay");
    TCase *tc = tcase_create("relay");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, changes_through_the_relay);
    tcase_add_test(tc, the_protocol);
    tcase_add_test(tc, a_slow_reader_is_told_to_reread);
    tcase_add_test(tc, idle_session_gives_back_its_connection);
    suite_add_tcase(s, tc);
    return ejt_run(s, "ssh/relay");
}
