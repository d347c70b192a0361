/* tests/db/periods — the period lock through the real `ejournal period` and `journal mark` commands: the deputy locks the first quarter, then a mark in it is refused by the database itself with the locker's name, other periods stay open, a teacher cannot lock or unlock, unlocking is audited and the mark goes in again. */
#include "ejtest.h"

#include <stdlib.h>
#include <string.h>

static const char *db;

START_TEST(lock_refuses_with_name)
{
    db = ejt_db_new();
    int st;
    char *out = ejt_run_as(db, "petrov", "period list", false, &st);
    ck_assert_msg(st == 0 && strstr(out, "quarter\t1\t") && strstr(out, "2026-09-01"), "%s", out);
    free(out);
    /* A lesson of Q1 (October) and one of Q2 (today) in petrov's 7А algebra. */
    long long course = ejt_qll(db, "SELECT co.id FROM course co JOIN class cl ON cl.id = co.class_id "
                                   "JOIN subject s ON s.id = co.subject_id WHERE cl.grade = 7 AND cl.letter = 'А' "
                                   "AND s.name = 'Алгебра'");
    long long q1 = ejt_qll(db, "SELECT id FROM lesson WHERE course_id = %lld AND date = "
                               "(SELECT min(date) FROM lesson WHERE course_id = %lld AND date >= '2026-10-01')",
                           course, course);
    long long q2 = ejt_qll(db, "SELECT id FROM lesson WHERE course_id = %lld AND date = '2026-11-26' LIMIT 1", course);
    long long pupil = ejt_qll(db, "SELECT id FROM pupil WHERE surname = 'Соколов' AND name = 'Михаил'");
    out = ejt_run_as(db, "petrov", "period lock --period 1", true, &st);
    ck_assert_int_eq(st, 1); /* a teacher may not */
    free(out);
    out = ejt_run_as(db, "zavuch", "period lock --period 1", true, &st);
    ck_assert_msg(st == 0, "%s", out);
    free(out);
    out = ejt_run_as(db, "zavuch", "period lock --period 1", true, &st);
    ck_assert_int_eq(st, 1); /* already */
    free(out);
    char *args = ejt_fmt("journal mark %lld %lld Н", q1, pupil);
    out = ejt_run_as(db, "petrov", args, true, &st);
    ck_assert_msg(st == 1 && strstr(out, "закрыт") && strstr(out, "1 четверть"), "%d %s", st, out);
    char *who = ejt_q(db, "SELECT display_name FROM account WHERE login = 'zavuch'");
    ck_assert_msg(strstr(out, who), "%s (%s)", out, who);
    free(who);
    free(out);
    char *args2 = ejt_fmt("journal mark %lld %lld Н", q2, pupil);
    out = ejt_run_as(db, "petrov", args2, true, &st);
    ck_assert_msg(st == 0, "%s", out); /* the second quarter is open */
    free(out);
    out = ejt_run_as(db, "petrov", "period list", false, &st);
    ck_assert_msg(strstr(out, "quarter\t1\t") && strstr(out, "\t26.11.2026 "), "%s", out);
    free(out);
    out = ejt_run_as(db, "zavuch", "period unlock --period 1", true, &st);
    ck_assert_msg(st == 0, "%s", out);
    free(out);
    ck_assert_int_ge(ejt_qll(db, "SELECT count(*) FROM audit WHERE tbl = 'period' AND account_id = %lld",
                             ejt_account(db, "zavuch")), 2);
    out = ejt_run_as(db, "petrov", args, true, &st);
    ck_assert_msg(st == 0, "%s", out);
    free(out);
    free(args);
    free(args2);
    const char *usage[] = { "period", "period lock", "period lock --period 7", "period lock --period 1 --scheme week",
                            "period frob" };
    for (int i = 0; i < 5; i++) {
        out = ejt_run_as(db, "zavuch", usage[i], false, &st);
        ck_assert_msg(st == 2, "`%s`: %d", usage[i], st);
        free(out);
    }
    out = ejt_run_as(db, "zavuch", "period lock --period 4 --scheme half", true, &st);
    ck_assert_int_eq(st, 1); /* no such period */
    free(out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("db-periods");
    TCase *tc = ejt_tcase("periods", 120);
    tcase_add_test(tc, lock_refuses_with_name);
    suite_add_tcase(s, tc);
    return ejt_run(s, "db-periods");
}
