/* tests/db/guardians — parents' data on the demo school through the real `ejournal guardians` command: the class teacher of the pupil's class and the office read and change it, others (another class's teacher, HR, the parent) are refused and change nothing; adding, changing, linking a sibling's parent and unlinking are audited; bad phones, e-mails, relations and empty names are refused with the field named. */
#include "ejtest.h"

#include <stdlib.h>
#include <string.h>

static const char *db;

static char *run(const char *login, const char *args, int *st)
{
    return ejt_run_as(db, login, args, true, st);
}

START_TEST(class_teacher_keeps_parents)
{
    db = ejt_db_new();
    long long misha = ejt_qll(db, "SELECT id FROM pupil WHERE surname = 'Соколов' AND name = 'Михаил'");
    long long anna = ejt_qll(db, "SELECT id FROM pupil WHERE surname = 'Соколова' AND name = 'Анна'");
    int st;
    char *args = ejt_fmt("guardians --pupil %lld", misha);
    char *out = run("ivanova", args, &st);
    ck_assert_msg(st == 0 && strstr(out, "\tмать\tСоколова\tОльга\tИвановна\t") && strstr(out, "\troditel\n"),
                  "%s", out);
    free(out);
    /* Others: refused, nothing shown. */
    const char *others[] = { "petrov", "kadry", "roditel", "uchenik" };
    for (int i = 0; i < 4; i++) {
        out = ejt_run_as(db, others[i], args, false, &st);
        ck_assert_msg(st == 1 && !*out, "%s: %d %s", others[i], st, out);
        free(out);
    }
    free(out = run("sekretar", args, &st));
    ck_assert_int_eq(st, 0);
    free(args);
    /* Change the mother's phone: audited. */
    long long mother = ejt_qll(db, "SELECT g.id FROM guardian g JOIN pupil_guardian pg ON pg.guardian_id = g.id "
                                   "WHERE pg.pupil_id = %lld AND pg.relation = 'мать'", misha);
    long long audit = ejt_qll(db, "SELECT count(*) FROM audit WHERE tbl = 'guardian'");
    args = ejt_fmt("guardians set --pupil %lld --guardian %lld --phone '+7 912 345-67-89' --email o.sokolova@mail.ru",
                   misha, mother);
    out = run("ivanova", args, &st);
    ck_assert_msg(st == 0, "%s", out);
    free(out);
    free(args);
    ck_assert_str_eq(ejt_q(db, "SELECT phone || '|' || email FROM guardian WHERE id = %lld", mother),
                     "+7 912 345-67-89|o.sokolova@mail.ru");
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM audit WHERE tbl = 'guardian' AND op = 'UPDATE' "
                                 "AND account_id = %lld", ejt_account(db, "ivanova")), 1);
    ck_assert_int_ge(ejt_qll(db, "SELECT count(*) FROM audit WHERE tbl = 'guardian'"), audit + 1);
    /* A grandmother added; bad values refused, nothing written. */
    args = ejt_fmt("guardians add --pupil %lld --surname Петрова --name Нина --patronymic Ивановна "
                   "--relation бабушка --phone '8 (3412) 55-66-77'", misha);
    out = run("ivanova", args, &st);
    ck_assert_msg(st == 0 && !strncmp(out, "added\t", 6), "%s", out);
    long long granny = atoll(out + 6);
    free(out);
    free(args);
    long long guardians = ejt_qll(db, "SELECT count(*) FROM guardian");
    const char *bad[] = { "--surname '' --name Нина", "--surname Петрова", "--surname Петрова --name Нина --phone 12ab",
                          "--surname Петрова --name Нина --phone 123", "--surname Петрова --name Нина --email nobody",
                          "--surname Петрова --name Нина --relation тётя", "--surname \"$(printf 'Пет\\033[2Jрова')\" --name Нина" };
    const char *field[] = { "Фамилия", "Имя", "Телефон", "Телефон", "Эл. почта", "Кем приходится", "Фамилия" };
    for (int i = 0; i < 7; i++) {
        args = ejt_fmt("guardians add --pupil %lld %s", misha, bad[i]);
        out = run("ivanova", args, &st);
        ck_assert_msg(st == 1 && strstr(out, field[i]), "`%s`: %d %s", bad[i], st, out);
        free(out);
        free(args);
    }
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM guardian"), guardians);
    /* Анна (3Б) is not ivanova's: linking the grandmother to her is the office's. */
    args = ejt_fmt("guardians link --pupil %lld --guardian %lld --relation бабушка", anna, granny);
    out = run("ivanova", args, &st);
    ck_assert_int_eq(st, 1);
    free(out);
    out = run("sekretar", args, &st);
    ck_assert_msg(st == 0, "%s", out);
    free(out);
    free(args);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM pupil_guardian WHERE guardian_id = %lld", granny), 2);
    /* A parent of another class is not ivanova's to link to her pupil. */
    long long stranger = ejt_qll(db, "SELECT pg.guardian_id FROM pupil_guardian pg JOIN enrollment e "
                                     "ON e.pupil_id = pg.pupil_id JOIN class cl ON cl.id = e.class_id "
                                     "WHERE cl.grade = 9 LIMIT 1");
    args = ejt_fmt("guardians link --pupil %lld --guardian %lld", misha, stranger);
    out = run("ivanova", args, &st);
    ck_assert_int_eq(st, 1);
    free(out);
    free(args);
    /* Unlink the grandmother from Михаил. */
    args = ejt_fmt("guardians unlink --pupil %lld --guardian %lld", misha, granny);
    out = run("ivanova", args, &st);
    ck_assert_msg(st == 0, "%s", out);
    free(out);
    out = run("ivanova", args, &st);
    ck_assert_int_eq(st, 1); /* not linked any more */
    free(out);
    free(args);
    /* Usage. */
    const char *usage[] = { "guardians", "guardians --pupil x", "guardians set --pupil 1",
                            "guardians frob --pupil 1", "guardians --pupil 1 --phone 1" };
    for (int i = 0; i < 5; i++) {
        out = ejt_run_as(db, "ivanova", usage[i], false, &st);
        ck_assert_msg(st == 2 && !*out, "`%s`: %d", usage[i], st);
        free(out);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("db-guardians");
    TCase *tc = ejt_tcase("guardians", 120);
    tcase_add_test(tc, class_teacher_keeps_parents);
    suite_add_tcase(s, tc);
    return ejt_run(s, "db-guardians");
}
