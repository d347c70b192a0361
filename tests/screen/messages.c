/* tests/screen/messages — messages on the real ejournal through libvterm: a teacher's message (sent by the real command in another process, with terminal escapes in it) appears as an unread count in the parent's title line by NOTIFY, F9 lists it, the thread shows the text inert and marks it read, F4 answers in the thread, F2/F3 write a new message to someone chosen from the policy's list, and leaving unsent text asks first. */
#include "ejtest.h"
#include "ejvt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WAIT 30000 /* generous: CI machines may be loaded; a pass is usually instant */

static const char *db;

START_TEST(parent_reads_and_answers)
{
    db = ejt_db_new();
    struct ejvt *v = ejvt_start(db, "roditel", 24, 80, NULL, NULL);
    ck_assert_msg(ejvt_wait(v, "Соколова Анна", WAIT), "%s", ejvt_screen(v));
    ck_assert(!ejvt_has(v, "новых"));
    ck_assert_msg(ejvt_wait(v, "9Почта", WAIT), "%s", ejvt_screen(v));
    /* petrov writes (another process, the real command), escapes and all. */
    char *ci = ejt_conninfo(db, "ej_app");
    char *cmd = ejt_fmt("printf 'Михаил молодец!\\033[2J\\033]0;pwned\\007 Контрольная в пятницу.' | "
                        "EJ_ACCOUNT=%lld EJ_CONNINFO='%s' LANGUAGE=ru %s/ejournal message send --to roditel "
                        "--subject 'Алгебра' 2>&1",
                        ejt_account(db, "petrov"), ci, ejt_env("EJ_TEST_BIN"));
    int st;
    char *out = ejt_run_cmd(cmd, &st);
    ck_assert_msg(st == 0, "%s", out);
    long long first = atoll(out + 5);
    free(out);
    free(cmd);
    free(ci);
    ck_assert_msg(ejvt_wait(v, "✉ новых: 1 (F9)", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "F9");
    ck_assert_msg(ejvt_wait(v, "Сообщения: входящие", WAIT), "%s", ejvt_screen(v));
    ck_assert(ejvt_has(v, "Петров") && ejvt_has(v, "Алгебра") && ejvt_has(v, "●"));
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "Михаил молодец!", WAIT), "%s", ejvt_screen(v));
    /* Inert: the screen was not cleared, the sequence shows as text. */
    ck_assert_msg(ejvt_has(v, "[2J") && ejvt_has(v, "Контрольная в пятницу."), "%s", ejvt_screen(v));
    ck_assert(ejvt_has(v, "ЭЖ · "));
    ck_assert_msg(ejvt_wait_gone(v, "новых: 1", WAIT), "%s", ejvt_screen(v));
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM message_recipient WHERE read_at IS NULL"), 0);
    /* F4: the answer goes to the sender, in the thread. */
    ejvt_key(v, "F4");
    ck_assert_msg(ejvt_wait(v, "Ответ", WAIT) && ejvt_has(v, "Петров"), "%s", ejvt_screen(v));
    ejvt_send(v, "Спасибо, подготовимся.");
    ejvt_key(v, "F2");
    ck_assert_msg(ejvt_wait(v, "Сообщение отправлено", WAIT), "%s", ejvt_screen(v));
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM message m JOIN account a ON a.id = m.sender_id "
                                 "WHERE a.login = 'roditel' AND m.thread_id = %lld "
                                 "AND m.body = 'Спасибо, подготовимся.'", first), 1);
    /* Back to the list, then a new message: F2, F3 chooses, subject, text, F2. */
    ejvt_key(v, "Esc");
    ck_assert(ejvt_wait(v, "Сообщения: входящие", WAIT));
    ejvt_key(v, "F2");
    ck_assert_msg(ejvt_wait(v, "Новое сообщение", WAIT), "%s", ejvt_screen(v));
    /* Leaving with typed text asks. */
    ejvt_key(v, "Tab");
    ejvt_key(v, "Tab");
    ejvt_send(v, "черновик");
    ejvt_key(v, "Esc");
    ck_assert_msg(ejvt_wait(v, "не отправлено", WAIT), "%s", ejvt_screen(v));
    ejvt_send(v, "н");
    ejvt_pump(v, 300);
    ck_assert(ejvt_has(v, "Новое сообщение"));
    ejvt_key(v, "Tab"); /* to the recipients */
    ejvt_key(v, "F3");
    ck_assert_msg(ejvt_wait(v, "Кому написать", WAIT), "%s", ejvt_screen(v));
    ck_assert(!ejvt_has(v, "Анисимов")); /* no other families */
    ejvt_key(v, "Enter");
    ejvt_pump(v, 300);
    ejvt_key(v, "Tab");
    ejvt_send(v, "Справка");
    ejvt_key(v, "F2");
    /* The status line may still say so from the reply: wait for the compose form to
     * close (it does after COMMIT), then the row is there. */
    ck_assert_msg(ejvt_wait_gone(v, "Новое сообщение", WAIT), "%s", ejvt_screen(v));
    ck_assert(ejvt_has(v, "Сообщение отправлено"));
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM message m JOIN account a ON a.id = m.sender_id "
                                 "WHERE a.login = 'roditel' AND m.subject = 'Справка' "
                                 "AND m.body = 'черновик'"), 1);
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("screen-messages");
    TCase *tc = ejt_tcase("messages", 120);
    tcase_add_test(tc, parent_reads_and_answers);
    suite_add_tcase(s, tc);
    return ejt_run(s, "screen-messages");
}
