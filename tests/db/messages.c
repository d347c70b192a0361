/* tests/db/messages — messages on the demo school through the database layer and the real `ejournal message(s)` commands: whom a parent, a teacher and HR may write to (contacts = what a send accepts), a thread with a reply and read marks, the unread count, all parents of a class, refusals (another family unless the school allows it, a class not taught, an unknown login) that store nothing, text kept as typed but printed inert, bad texts refused, and a thread hidden from whoever is not in it. */
#include "ctx.h"
#include "db-logins.h"
#include "db-messages.h"
#include "ejtest.h"

#include <stdlib.h>
#include <string.h>

static const char *db;

static bool has_contact(const char *as, const char *login)
{
    struct ej_ctx ctx;
    ejt_ctx_as(db, as, &ctx);
    struct msg_contact *v;
    int n;
    struct ej_error err;
    ck_assert(db_msg_contacts(ctx.db, &ctx, &v, &n, &err) == EJ_OK);
    bool found = false;
    for (int i = 0; i < n; i++)
        found |= !strcmp(v[i].login, login);
    free(v);
    ctx_close(&ctx);
    return found;
}

static enum ej_err send_as(const char *as, const char *to, const char *cls, long long reply,
                           const char *subject, const char *body, long long *id,
                           struct ej_error *err)
{
    struct ej_ctx ctx;
    ejt_ctx_as(db, as, &ctx);
    const char *logins[] = { to };
    enum ej_err e = db_msg_send(ctx.db, &ctx, logins, to ? 1 : 0, cls, reply, subject, body, id, err);
    ctx_close(&ctx);
    return e;
}

static int unread(const char *as)
{
    struct ej_ctx ctx;
    ejt_ctx_as(db, as, &ctx);
    int n = -1;
    struct ej_error err;
    ck_assert(db_msg_unread(ctx.db, &ctx, &n, &err) == EJ_OK);
    ctx_close(&ctx);
    return n;
}

/* Parent accounts for 7А (the demo has only roditel): the class teacher issues them. */
static void issue_7a_parents(void)
{
    struct ej_ctx ctx;
    ejt_ctx_as(db, "ivanova", &ctx);
    struct db_login_issued *v;
    int n;
    struct ej_error err;
    ck_assert_msg(db_logins_issue(ctx.db, &ctx, "7А", 0, LOGINS_PARENTS, &v, &n, &err) == EJ_OK, "%s",
                  err.msg);
    db_logins_free(v, n);
    ctx_close(&ctx);
}

START_TEST(who_writes_to_whom)
{
    db = ejt_db_new();
    issue_7a_parents();
    /* Another family's parent: Анисимова (7А). */
    char *other = ejt_q(db, "SELECT a.login FROM account a JOIN account_role ar ON ar.account_id = a.id "
                            "JOIN guardian g ON g.id = ar.guardian_id WHERE g.surname = 'Анисимова' LIMIT 1");
    ck_assert(*other);
    ck_assert(has_contact("roditel", "petrov"));  /* Михаил's algebra */
    ck_assert(has_contact("roditel", "ivanova")); /* Михаил's class teacher */
    ck_assert(has_contact("roditel", "zavuch"));  /* the office */
    ck_assert(!has_contact("roditel", "kadry"));  /* HR: not their teacher, not the office */
    ck_assert(!has_contact("roditel", other));
    ck_assert(has_contact("uchenik", "petrov") && !has_contact("uchenik", other));
    ck_assert(has_contact("petrov", other));      /* a family of a class he teaches */
    ck_assert(has_contact("kadry", "petrov") && !has_contact("kadry", other));
    ck_assert(has_contact("zavuch", other));
    long long before = ejt_qll(db, "SELECT count(*) FROM message");
    long long id;
    struct ej_error err;
    ck_assert_int_eq(send_as("roditel", other, NULL, 0, "", "Здравствуйте!", &id, &err), EJ_EDENIED);
    ck_assert_int_eq(send_as("roditel", "kadry", NULL, 0, "", "Здравствуйте!", &id, &err), EJ_EDENIED);
    ck_assert_int_eq(send_as("kadry", other, NULL, 0, "", "Здравствуйте!", &id, &err), EJ_EDENIED);
    ck_assert_int_eq(send_as("roditel", "nosuchlogin", NULL, 0, "", "Здравствуйте!", &id, &err),
                     EJ_ENOTFOUND);
    ck_assert_int_eq(send_as("roditel", "roditel", NULL, 0, "", "Себе", &id, &err), EJ_EDENIED);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM message"), before);
    /* The school allows families to write to each other. */
    ejt_sql_as(db, 0, "UPDATE school SET parents_write_parents = true", NULL);
    ck_assert(has_contact("roditel", other));
    ck_assert_int_eq(send_as("roditel", other, NULL, 0, "", "Здравствуйте!", &id, &err), EJ_OK);
    free(other);
}
END_TEST

START_TEST(thread_reply_read)
{
    db = ejt_db_new();
    long long id1, id2;
    struct ej_error err;
    ck_assert_int_eq(unread("petrov"), 0);
    ck_assert_msg(send_as("roditel", "petrov", NULL, 0, "Контрольная", "Михаил болел, можно переписать?",
                          &id1, &err) == EJ_OK, "%s", err.msg);
    ck_assert_int_eq(unread("petrov"), 1);
    /* petrov reads the thread: read, the count drops. */
    struct ej_ctx ctx;
    ejt_ctx_as(db, "petrov", &ctx);
    struct msg_item *v;
    int n;
    ck_assert(db_msg_thread(ctx.db, &ctx, id1, &v, &n, &err) == EJ_OK);
    ck_assert_int_eq(n, 1);
    ck_assert_str_eq(v[0].subject, "Контрольная");
    ck_assert_str_eq(v[0].from_login, "roditel");
    db_msg_free(v, n);
    ctx_close(&ctx);
    ck_assert_int_eq(unread("petrov"), 0);
    /* The reply joins the thread; its subject follows. */
    ck_assert(send_as("petrov", "roditel", NULL, id1, "", "Да, в четверг.", &id2, &err) == EJ_OK);
    ck_assert_int_eq(ejt_qll(db, "SELECT thread_id FROM message WHERE id = %lld", id2), id1);
    ck_assert_str_eq(ejt_q(db, "SELECT subject FROM message WHERE id = %lld", id2), "Re: Контрольная");
    ck_assert_int_eq(unread("roditel"), 1);
    /* Someone outside the thread sees nothing of it, by any id. */
    ejt_ctx_as(db, "uchenik", &ctx);
    ck_assert_int_eq(db_msg_thread(ctx.db, &ctx, id1, &v, &n, &err), EJ_ENOTFOUND);
    ck_assert_int_eq(db_msg_thread(ctx.db, &ctx, id2, &v, &n, &err), EJ_ENOTFOUND);
    ctx_close(&ctx);
    ck_assert_int_eq(send_as("uchenik", "petrov", NULL, id1, "", "Я тоже!", &id2, &err), EJ_ENOTFOUND);
    /* Commands: the same, and the text printed inert. */
    int st;
    char *out = ejt_run_as(db, "roditel", "messages", false, &st);
    ck_assert_msg(st == 0 && strstr(out, "Петров") && strstr(out, "\tnew\tRe: Контрольная"), "%s", out);
    free(out);
    char *args = ejt_fmt("message show %lld", id1);
    out = ejt_run_as(db, "uchenik", args, true, &st);
    ck_assert_int_eq(st, 1);
    ck_assert(!strstr(out, "переписать"));
    free(out);
    out = ejt_run_as(db, "roditel", args, false, &st);
    ck_assert_msg(st == 0 && strstr(out, "Михаил болел") && strstr(out, "Да, в четверг."), "%s", out);
    free(out);
    free(args);
    ck_assert_int_eq(unread("roditel"), 0);
}
END_TEST

START_TEST(class_parents)
{
    db = ejt_db_new();
    issue_7a_parents();
    long long parents = ejt_qll(db, "SELECT count(DISTINCT ar.account_id) FROM enrollment e "
                                    "JOIN class cl ON cl.id = e.class_id JOIN pupil_guardian pg ON pg.pupil_id = e.pupil_id "
                                    "JOIN account_role ar ON ar.guardian_id = pg.guardian_id AND ar.role = 'parent' "
                                    "WHERE cl.grade = 7 AND cl.letter = 'А' AND e.during @> DATE '2026-11-26'");
    ck_assert_int_gt(parents, 20);
    long long id;
    struct ej_error err;
    ck_assert_msg(send_as("petrov", NULL, "7А", 0, "Олимпиада", "Приглашаем на олимпиаду.", &id, &err) == EJ_OK,
                  "%s", err.msg);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM message_recipient WHERE message_id = %lld", id), parents);
    ck_assert_int_eq(unread("roditel"), 1);
    /* ivanova teaches no lesson in 3Б and does not lead it. */
    long long before = ejt_qll(db, "SELECT count(*) FROM message");
    /* Even though roditel (a 3Б parent) is also a 7А parent she may write to. */
    ck_assert_int_eq(send_as("ivanova", NULL, "3Б", 0, "", "Текст", &id, &err), EJ_EDENIED);
    ck_assert_int_eq(send_as("roditel", NULL, "7А", 0, "", "Всем!", &id, &err), EJ_EDENIED);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM message"), before);
}
END_TEST

START_TEST(texts)
{
    db = ejt_db_new();
    long long id;
    struct ej_error err;
    long long before = ejt_qll(db, "SELECT count(*) FROM message");
    ck_assert_int_eq(send_as("roditel", "petrov", NULL, 0, "", "", &id, &err), EJ_EINVAL);
    ck_assert_int_eq(send_as("roditel", "petrov", NULL, 0, "", " \n\t ", &id, &err), EJ_EINVAL);
    ck_assert_int_eq(send_as("roditel", "petrov", NULL, 0, "", "\xff\xfe", &id, &err), EJ_EINVAL);
    ck_assert_int_eq(send_as("roditel", "petrov", NULL, 0, "две\nстроки", "текст", &id, &err), EJ_EINVAL);
    char *big = malloc(MSG_MAX_BODY + 2);
    memset(big, 'a', MSG_MAX_BODY + 1);
    big[MSG_MAX_BODY + 1] = '\0';
    ck_assert_int_eq(send_as("roditel", "petrov", NULL, 0, "", big, &id, &err), EJ_EINVAL);
    big[MSG_MAX_BODY] = '\0';
    ck_assert_int_eq(send_as("roditel", "petrov", NULL, 0, "", big, &id, &err), EJ_OK);
    free(big);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM message"), before + 1);
    /* Escapes: stored as typed, printed inert by the command. */
    /* A lone C1 byte is no UTF-8: refused. */
    const char *evil = "Смотрите\x9b" "31mтут";
    ck_assert_int_eq(send_as("roditel", "petrov", NULL, 0, "Тема", evil, &id, &err), EJ_EINVAL);
    const char *evil2 = "Смотрите\033[2J\033]0;pwned\007 сюда\r\nи тут";
    ck_assert_msg(send_as("roditel", "petrov", NULL, 0, "Тема\033[5m", evil2, &id, &err) == EJ_OK, "%s",
                  err.msg);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM message WHERE id = %lld AND body LIKE '%%' || chr(27) || '%%'", id), 1);
    int st;
    char *args = ejt_fmt("message show %lld", id);
    char *out = ejt_run_as(db, "petrov", args, false, &st);
    ck_assert_msg(st == 0 && strstr(out, "Смотрите") && strstr(out, "и тут"), "%s", out);
    ck_assert(!strchr(out, '\033') && !strchr(out, '\007') && !strchr(out, '\r'));
    free(out);
    free(args);
    out = ejt_run_as(db, "petrov", "messages", false, &st);
    ck_assert(!strchr(out, '\033'));
    free(out);
    /* The command: the text on standard input; usage and refusals. */
    char *ci = ejt_conninfo(db, "ej_app");
    char *cmd = ejt_fmt("printf 'Добрый день' | EJ_ACCOUNT=%lld EJ_CONNINFO='%s' LANGUAGE=ru %s/ejournal "
                        "message send --to petrov --subject 'Вопрос' 2>&1",
                        ejt_account(db, "roditel"), ci, ejt_env("EJ_TEST_BIN"));
    out = ejt_run_cmd(cmd, &st);
    ck_assert_msg(st == 0 && !strncmp(out, "sent\t", 5), "%s", out);
    free(out);
    free(cmd);
    free(ci);
    const char *usage[] = { "message", "message send", "message send --to petrov --class 7А",
                            "message show x", "messages --bogus", "message send --to petrov --reply x" };
    for (size_t i = 0; i < sizeof usage / sizeof usage[0]; i++) {
        out = ejt_run_as(db, "roditel", usage[i], false, &st);
        ck_assert_msg(st == 2 && !*out, "`%s`: %d %s", usage[i], st, out);
        free(out);
    }
    out = ejt_run_as(db, "roditel", "message send --to kadry", true, &st);
    ck_assert_int_eq(st, 1);
    free(out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("db-messages");
    TCase *tc = ejt_tcase("messages", 180);
    tcase_add_test(tc, who_writes_to_whom);
    tcase_add_test(tc, thread_reply_read);
    tcase_add_test(tc, class_parents);
    tcase_add_test(tc, texts);
    suite_add_tcase(s, tc);
    return ejt_run(s, "db-messages");
}
