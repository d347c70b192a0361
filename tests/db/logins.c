/* tests/db/logins — issuing logins to a class's families on the demo school: everyone of the class gets a login and a temporary password that matches the stored yescrypt hash (and nothing else stores it: not the audit log), re-issuing keeps the login and kills the old password, a parent of children in two classes keeps one account, the policy (class teacher and office only), bad classes and a pupil from another class change nothing, the commands' usage and refusals. */
#include "ctx.h"
#include "db-logins.h"
#include "ejtest.h"
#include "passwd.h"

#include <stdlib.h>
#include <string.h>

static const char *db;

static char *hash_of(const char *login)
{
    return ejt_q(db, "SELECT password_hash FROM account WHERE login = '%s'", login);
}

static enum ej_err issue_as(const char *login, const char *cls, long long pupil, unsigned who,
                            struct db_login_issued **v, int *n, struct ej_error *err)
{
    struct ej_ctx ctx;
    ejt_ctx_as(db, login, &ctx);
    enum ej_err e = db_logins_issue(ctx.db, &ctx, cls, pupil, who, v, n, err);
    ctx_close(&ctx);
    return e;
}

static long long pupil_named(const char *surname, const char *name)
{
    return ejt_qll(db, "SELECT id FROM pupil WHERE surname = '%s' AND name = '%s'", surname, name);
}

START_TEST(whole_class)
{
    db = ejt_db_new();
    long long pupils = ejt_qll(db, "SELECT count(*) FROM enrollment e JOIN class cl ON cl.id = e.class_id "
                                   "WHERE cl.grade = 7 AND cl.letter = 'А' AND e.during @> DATE '2026-11-26'");
    long long parents = ejt_qll(db, "SELECT count(DISTINCT pg.guardian_id) FROM pupil_guardian pg "
                                    "JOIN enrollment e ON e.pupil_id = pg.pupil_id JOIN class cl ON cl.id = e.class_id "
                                    "WHERE cl.grade = 7 AND cl.letter = 'А' AND e.during @> DATE '2026-11-26'");
    char *old = hash_of("roditel");
    struct db_login_issued *v;
    int n;
    struct ej_error err;
    ck_assert_msg(issue_as("ivanova", "7А", 0, LOGINS_PARENTS | LOGINS_PUPILS, &v, &n, &err) == EJ_OK,
                  "%s", err.msg);
    ck_assert_int_eq(n, pupils + parents);
    int created = 0, roditel = -1;
    for (int i = 0; i < n; i++) {
        ck_assert_int_eq(strlen(v[i].password), 10);
        char *h = hash_of(v[i].login);
        ck_assert_msg(passwd_verify(v[i].password, h), "%s: the password does not match", v[i].login);
        free(h);
        ck_assert_str_eq(ejt_q(db, "SELECT must_change FROM account WHERE login = '%s'", v[i].login), "t");
        created += v[i].created;
        if (!strcmp(v[i].login, "roditel"))
            roditel = i;
        /* Logins follow the rule and are unique. */
        for (int k = 0; k < i; k++)
            ck_assert_str_ne(v[k].login, v[i].login);
    }
    /* The demo parent and pupil keep their logins; everyone else is new. */
    ck_assert_int_ge(roditel, 0);
    ck_assert_int_eq(created, n - 2);
    ck_assert_msg(strstr(v[roditel].role, "Соколов Михаил (7А)") && strstr(v[roditel].role, "Соколова Анна (3Б)"),
                  "%s", v[roditel].role);
    /* The old password is dead; the audit log has the accounts but no hash. */
    char *now = hash_of("roditel");
    ck_assert_str_ne(old, now);
    ck_assert(!passwd_verify("demo2026", now));
    ck_assert_int_ge(ejt_qll(db, "SELECT count(*) FROM audit WHERE tbl = 'account' AND op = 'INSERT'"), created);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM audit WHERE tbl = 'account' AND "
                                 "(coalesce(new::text, '') LIKE '%%$y$%%' OR coalesce(old::text, '') LIKE '%%$y$%%')"),
                     0);
    /* Re-issuing: the same logins, new passwords, the first ones dead. */
    struct db_login_issued *w;
    int m;
    ck_assert(issue_as("zavuch", "7а", 0, LOGINS_PARENTS | LOGINS_PUPILS, &w, &m, &err) == EJ_OK);
    ck_assert_int_eq(m, n);
    for (int i = 0; i < m; i++) {
        ck_assert_str_eq(w[i].login, v[i].login);
        ck_assert(!w[i].created);
        char *h = hash_of(w[i].login);
        ck_assert(passwd_verify(w[i].password, h));
        ck_assert(!passwd_verify(v[i].password, h));
        free(h);
    }
    db_logins_free(v, n);
    db_logins_free(w, m);
    free(old);
    free(now);
}
END_TEST

START_TEST(one_family_one_login)
{
    db = ejt_db_new();
    long long anna = pupil_named("Соколова", "Анна"), misha = pupil_named("Соколов", "Михаил");
    struct db_login_issued *v;
    int n;
    struct ej_error err;
    /* The 3Б side: only Анна's parents, through the office. */
    ck_assert_msg(issue_as("sekretar", "3Б", anna, LOGINS_PARENTS, &v, &n, &err) == EJ_OK, "%s", err.msg);
    bool found = false;
    for (int i = 0; i < n; i++)
        found |= !strcmp(v[i].login, "roditel");
    ck_assert(found);
    db_logins_free(v, n);
    /* The 7А side: the same account, not a second one. */
    ck_assert(issue_as("ivanova", "7А", misha, LOGINS_PARENTS, &v, &n, &err) == EJ_OK);
    long long accounts = ejt_qll(db, "SELECT count(DISTINCT ar.account_id) FROM account_role ar "
                                     "JOIN pupil_guardian pg ON pg.guardian_id = ar.guardian_id "
                                     "WHERE ar.role = 'parent' AND pg.pupil_id IN (%lld, %lld)", anna, misha);
    long long guardians = ejt_qll(db, "SELECT count(DISTINCT guardian_id) FROM pupil_guardian "
                                      "WHERE pupil_id IN (%lld, %lld)", anna, misha);
    ck_assert_int_eq(accounts, guardians);
    /* Only parents were asked for: the pupil's own login is untouched. */
    for (int i = 0; i < n; i++)
        ck_assert_str_ne(v[i].login, "uchenik");
    db_logins_free(v, n);
}
END_TEST

START_TEST(refusals_change_nothing)
{
    db = ejt_db_new();
    long long accounts = ejt_qll(db, "SELECT count(*) FROM account");
    char *hash = hash_of("roditel");
    struct db_login_issued *v = NULL;
    int n = 0;
    struct ej_error err;
    /* A teacher who is not the class teacher; the parent and the pupil themselves. */
    ck_assert_int_eq(issue_as("petrov", "7А", 0, LOGINS_PARENTS, &v, &n, &err), EJ_EDENIED);
    ck_assert_msg(strstr(err.msg, "3.4, 5.1"), "%s", err.msg);
    ck_assert_int_eq(issue_as("roditel", "7А", 0, LOGINS_PARENTS, &v, &n, &err), EJ_EDENIED);
    ck_assert_int_eq(issue_as("kadry", "7А", 0, LOGINS_PARENTS, &v, &n, &err), EJ_EDENIED);
    /* ivanova is class teacher of 7А, not of 7Б. */
    ck_assert_int_eq(issue_as("ivanova", "7Б", 0, LOGINS_PARENTS, &v, &n, &err), EJ_EDENIED);
    ck_assert_int_eq(issue_as("ivanova", "7Я", 0, LOGINS_PARENTS, &v, &n, &err), EJ_ENOTFOUND);
    ck_assert_int_eq(issue_as("ivanova", "77", 0, LOGINS_PARENTS, &v, &n, &err), EJ_EINVAL);
    ck_assert_int_eq(issue_as("ivanova", "7А", pupil_named("Соколова", "Анна"), LOGINS_PARENTS, &v, &n, &err),
                     EJ_ENOTFOUND);
    /* The pupil who left on 10.10 is no longer in the class. */
    ck_assert_int_eq(issue_as("ivanova", "7А", pupil_named("Кузнецов", "Артём"), LOGINS_PUPILS, &v, &n, &err),
                     EJ_ENOTFOUND);
    ck_assert_ptr_null(v);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM account"), accounts);
    char *after = hash_of("roditel");
    ck_assert_str_eq(hash, after);
    free(hash);
    free(after);
}
END_TEST

START_TEST(commands)
{
    db = ejt_db_new();
    int st;
    char *out = ejt_run_as(db, "ivanova", "logins list --class 7А", false, &st);
    ck_assert_int_eq(st, 0);
    ck_assert_msg(strstr(out, "\tСоколов Михаил\tpupil\tСоколов Михаил Игоревич\t\tuchenik\tchanged\t"),
                  "%s", out);
    ck_assert(strstr(out, "\tparent\t") && strstr(out, "\tnone\t"));
    free(out);
    out = ejt_run_as(db, "ivanova", "logins issue --class 7А --pupils --format txt", true, &st);
    ck_assert_msg(st == 0, "%s", out);
    ck_assert_msg(strstr(out, "Временный пароль: ") && strstr(out, "Логин: uchenik"), "%s", out);
    ck_assert_msg(strstr(out, "ученик, класс 7А") && strstr(out, "прежние пароли больше не действуют"),
                  "%s", out);
    free(out);
    out = ejt_run_as(db, "ivanova", "logins list --class 7А", false, &st);
    ck_assert_msg(strstr(out, "\tuchenik\ttemporary\t"), "%s", out);
    free(out);
    /* Refusals and usage: nothing on stdout, nothing changed. */
    long long accounts = ejt_qll(db, "SELECT count(*) FROM account");
    const char *refused[] = { "logins issue --class 7Б --format txt", "logins list --class 7Б",
                              "logins issue --class 7Я --format txt" };
    for (size_t i = 0; i < 3; i++) {
        out = ejt_run_as(db, "ivanova", refused[i], false, &st);
        ck_assert_msg(st == 1 && !*out, "`%s`: %d %s", refused[i], st, out);
        free(out);
    }
    out = ejt_run_as(db, "roditel", "logins list --class 7А", true, &st);
    ck_assert_int_eq(st, 1);
    free(out);
    const char *usage[] = { "logins", "logins issue", "logins issue --class", "logins list --class 7А --pupils",
                            "logins issue --class 7А --pupil x", "logins frob --class 7А",
                            "logins issue --class 7А --format doc" };
    for (size_t i = 0; i < sizeof usage / sizeof usage[0]; i++) {
        out = ejt_run_as(db, "ivanova", usage[i], false, &st);
        ck_assert_msg((st == 2 || (st == 1 && strstr(usage[i], "doc"))) && !*out, "`%s`: %d %s",
                      usage[i], st, out);
        free(out);
    }
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM account"), accounts);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("db-logins");
    TCase *tc = ejt_tcase("logins", 240);
    tcase_add_test(tc, whole_class);
    tcase_add_test(tc, one_family_one_login);
    tcase_add_test(tc, refusals_change_nothing);
    tcase_add_test(tc, commands);
    suite_add_tcase(s, tc);
    return ejt_run(s, "db-logins");
}
