/* tests/db/movement — the movement of pupils through the real `ejournal pupils transfer|leave|history` commands on the demo school: a transfer on a date moves the pupil between the two classes' journals (inactive before/after the date, earlier marks kept) with the order numbers and the audit, a date before marks already entered is refused, leaving records reason and destination, only the secretary moves, and bad input changes nothing. */
#include "ejtest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *db;

static long long pupil_named(const char *surname, const char *name)
{
    return ejt_qll(db, "SELECT id FROM pupil WHERE surname = '%s' AND name = '%s'", surname, name);
}

static long long course_of(int grade, const char *letter, const char *subject)
{
    return ejt_qll(db, "SELECT co.id FROM course co JOIN class cl ON cl.id = co.class_id "
                       "JOIN subject s ON s.id = co.subject_id WHERE cl.grade = %d AND cl.letter = '%s' "
                       "AND s.name = '%s' AND co.group_id IS NULL", grade, letter, subject);
}

static char *spells(long long pupil)
{
    return ejt_q(db, "SELECT string_agg(cl.grade::text || cl.letter || ':' || e.during::text || ':' || "
                     "e.order_in || '/' || e.order_out, ' ' ORDER BY lower(e.during)) FROM enrollment e "
                     "JOIN class cl ON cl.id = e.class_id WHERE e.pupil_id = %lld", pupil);
}

/* The cells of a pupil's row in `journal show` (caller frees), NULL if the row is absent. */
static char *journal_row(const char *login, long long course, const char *label)
{
    int st;
    char *args = ejt_fmt("journal show %lld", course);
    char *out = ejt_run_as(db, login, args, false, &st);
    free(args);
    ck_assert_int_eq(st, 0);
    char *row = strstr(out, label);
    char *res = NULL;
    if (row) {
        char *nl = strchr(row, '\n');
        res = strndup(row, nl ? (size_t)(nl - row) : strlen(row));
    }
    free(out);
    return res;
}

START_TEST(transfer_between_journals)
{
    db = ejt_db_new();
    long long misha = pupil_named("Соколов", "Михаил");
    char *before = spells(misha);
    long long audit = ejt_qll(db, "SELECT count(*) FROM audit WHERE tbl = 'enrollment'");
    int st;
    /* Too early: 7А already has his marks after 20.11 — refused, nothing changes. */
    char *args = ejt_fmt("pupils transfer --pupil %lld --to 7Б --date 20.11.2026 --order 112-у", misha);
    char *out = ejt_run_as(db, "sekretar", args, true, &st);
    ck_assert_msg(st == 1 && strstr(out, "7А"), "%d %s", st, out);
    free(out);
    free(args);
    ck_assert_str_eq(spells(misha), before);
    /* A teacher may not; the class teacher of 7А neither. */
    args = ejt_fmt("pupils transfer --pupil %lld --to 7Б --date 30.11.2026 --order 112-у", misha);
    out = ejt_run_as(db, "ivanova", args, true, &st);
    ck_assert_int_eq(st, 1);
    free(out);
    ck_assert_str_eq(spells(misha), before);
    /* The secretary, from Monday 30.11. */
    out = ejt_run_as(db, "sekretar", args, true, &st);
    ck_assert_msg(st == 0 && !strcmp(out, "transferred\n"), "%d %s", st, out);
    free(out);
    free(args);
    char *after = spells(misha);
    ck_assert_msg(strstr(after, "7А:[2026-09-01,2026-11-30):") && strstr(after, "/112-у 7Б:[2026-11-30,") &&
                  strstr(after, ":112-у/"), "%s", after);
    free(after);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM audit WHERE tbl = 'enrollment' AND account_id = %lld",
                             ejt_account(db, "sekretar")), 2);
    ck_assert_int_ge(ejt_qll(db, "SELECT count(*) FROM audit WHERE tbl = 'enrollment'"), audit + 2);
    /* Both journals: in 7А his marks stay; in 7Б he appears, with the lessons before
     * 30.11 not his ("x"). */
    char *a = journal_row("zavuch", course_of(7, "А", "Алгебра"), "Соколов М.");
    ck_assert_msg(a && strchr(a, '4'), "%s", a ? a : "(no row)");
    free(a);
    char *b = journal_row("zavuch", course_of(7, "Б", "Алгебра"), "Соколов М.");
    ck_assert_msg(b && strstr(b, "\tx"), "%s", b ? b : "(no row)");
    free(b);
    /* His diary follows: from 30.11 the class is 7Б. */
    out = ejt_run_as(db, "uchenik", "diary --week 30.11.2026", false, &st);
    ck_assert_msg(st == 0 && strstr(out, "\t7Б\t2026-11-30\t"), "%s", out);
    free(out);
    /* The history. */
    args = ejt_fmt("pupils history --pupil %lld", misha);
    out = ejt_run_as(db, "sekretar", args, false, &st);
    ck_assert_msg(st == 0 && strstr(out, "7А\t2026/2027\t2026-09-01\t2026-11-30\t") &&
                  strstr(out, "перевод в 7Б") && strstr(out, "7Б\t2026/2027\t2026-11-30\t\t112-у\tперевод из 7А"),
                  "%s", out);
    free(out);
    out = ejt_run_as(db, "roditel", args, false, &st);
    ck_assert_int_eq(st, 1);
    free(out);
    free(args);
}
END_TEST

START_TEST(leave_and_bad_input)
{
    db = ejt_db_new();
    long long dasha = pupil_named("Новикова", "Дарья"), left = pupil_named("Кузнецов", "Артём");
    int st;
    char *args = ejt_fmt("pupils leave --pupil %lld --date 01.12.2026 --order 120-у --reason переезд "
                         "--to-school 'МБОУ «СОШ №2», г. Ижевск'", dasha);
    char *out = ejt_run_as(db, "sekretar", args, true, &st);
    ck_assert_msg(st == 0 && !strcmp(out, "left\n"), "%d %s", st, out);
    free(out);
    free(args);
    ck_assert_str_eq(ejt_q(db, "SELECT upper(during)::text || '|' || order_out || '|' || reason_out || '|' || destination "
                               "FROM enrollment WHERE pupil_id = %lld", dasha),
                     "2026-12-01|120-у|переезд|МБОУ «СОШ №2», г. Ижевск");
    char *before = ejt_q(db, "SELECT string_agg(during::text || class_id, ',' ORDER BY id) FROM enrollment");
    const char *refused[] = {
        "pupils transfer --pupil %lld --to 7Я --date 30.11.2026 --order 1",       /* no such class */
        "pupils transfer --pupil %lld --to 7А --date 30.11.2026 --order 1",       /* the same class */
        "pupils transfer --pupil %lld --to 8А --date 15.12.2026 --order 1",       /* she has left by then */
        "pupils leave --pupil %lld --date 30.11.2026 --order ' ' --reason x",     /* empty order */
    };
    for (int i = 0; i < 4; i++) {
        args = ejt_fmt(refused[i], dasha);
        out = ejt_run_as(db, "sekretar", args, false, &st);
        ck_assert_msg(st == 1 && !*out, "`%s`: %d %s", args, st, out);
        free(out);
        free(args);
    }
    args = ejt_fmt("pupils transfer --pupil %lld --to 7Б --date 20.11.2026 --order 1", left);
    out = ejt_run_as(db, "sekretar", args, true, &st);
    ck_assert_msg(st == 1, "%d %s", st, out); /* left on 10.10: in no class on 20.11 */
    free(out);
    free(args);
    const char *usage[] = { "pupils transfer --pupil 1 --to 7Б --date 31.02.2026 --order 1",
                            "pupils transfer --pupil 1 --to 7Б --date 30.11.2026",
                            "pupils leave --pupil 1 --date 30.11.2026 --order 1",
                            "pupils transfer --pupil x --to 7Б --date 30.11.2026 --order 1",
                            "pupils history" };
    for (int i = 0; i < 5; i++) {
        out = ejt_run_as(db, "sekretar", usage[i], false, &st);
        ck_assert_msg(st == 2 && !*out, "`%s`: %d %s", usage[i], st, out);
        free(out);
    }
    ck_assert_str_eq(ejt_q(db, "SELECT string_agg(during::text || class_id, ',' ORDER BY id) FROM enrollment"),
                     before);
}
END_TEST

START_TEST(movement_register)
{
    db = ejt_db_new();
    long long misha = pupil_named("Соколов", "Михаил");
    int st;
    char *args = ejt_fmt("pupils transfer --pupil %lld --to 7Б --date 30.11.2026 --order 112-у", misha);
    char *out = ejt_run_as(db, "sekretar", args, false, &st);
    ck_assert_int_eq(st, 0);
    free(out);
    free(args);
    out = ejt_run_as(db, "zavuch", "pupils register --from 01.09.2026 --to 30.11.2026", false, &st);
    ck_assert_msg(st == 0, "%d %s", st, out);
    ck_assert_msg(strstr(out, "2026-10-11\tКузнецов Артём\t7А\tleft\t") &&
                  strstr(out, "2026-11-09\tНовикова Дарья\t7А\tarrived\t") &&
                  strstr(out, "2026-11-30\tСоколов Михаил\t7А\ttransferred-out\t112-у") &&
                  strstr(out, "2026-11-30\tСоколов Михаил\t7Б\ttransferred-in\t112-у"), "%s", out);
    /* Every class balances: start + arrived + in − left − out = end. */
    char *p = strstr(out, "# class\t");
    ck_assert(p);
    p = strchr(p, '\n') + 1;
    int classes = 0;
    while (*p) {
        char name[32];
        int a, b, c, d, e, f;
        ck_assert_int_eq(sscanf(p, "%31[^\t]\t%d\t%d\t%d\t%d\t%d\t%d", name, &a, &b, &c, &d, &e, &f), 7);
        ck_assert_msg(a + b + d - c - e == f, "%s does not balance", name);
        if (!strcmp(name, "7А"))
            ck_assert_msg(b == 1 && c == 1 && e == 1, "7А: arrived %d left %d out %d", b, c, e);
        classes++;
        p = strchr(p, '\n');
        if (!p)
            break;
        p++;
    }
    ck_assert_int_ge(classes, 18);
    free(out);
    /* A teacher may not read the school's register. */
    out = ejt_run_as(db, "ivanova", "pupils register --from 01.09.2026 --to 30.11.2026", false, &st);
    ck_assert_int_eq(st, 1);
    free(out);
    out = ejt_run_as(db, "zavuch", "pupils register --from 30.11.2026 --to 01.09.2026", false, &st);
    ck_assert_int_eq(st, 2);
    free(out);
}
END_TEST

START_TEST(classes_and_groups)
{
    db = ejt_db_new();
    int st;
    char *out = ejt_run_as(db, "petrov", "classes list", false, &st);
    long long n7a = ejt_qll(db, "SELECT count(*) FROM enrollment e JOIN class cl ON cl.id = e.class_id "
                                "WHERE cl.grade = 7 AND cl.letter = 'А' AND e.during @> DATE '2026-11-26'");
    char *want = ejt_fmt("7А\t2026/2027\tИванова М. П.\t%lld\tquarter\t1\n", n7a);
    ck_assert_msg(st == 0 && strstr(out, want), "%s", out);
    free(want);
    free(out);
    out = ejt_run_as(db, "ivanova", "classes groups --class 7А", false, &st);
    ck_assert_msg(st == 0 && strstr(out, "Иностранный язык (английский)\t2 группа\tСоколов Михаил\t2026-09-01\t"),
                  "%s", out);
    free(out);
    /* The groups are pupils' data: not another class's teacher's, not a parent's. */
    out = ejt_run_as(db, "ivanova", "classes groups --class 9А", false, &st);
    ck_assert_int_eq(st, 1);
    free(out);
    out = ejt_run_as(db, "roditel", "classes list", false, &st);
    ck_assert_int_eq(st, 1);
    free(out);
    out = ejt_run_as(db, "zavuch", "classes list --year 1999/2000", false, &st);
    ck_assert_int_eq(st, 1);
    free(out);
    out = ejt_run_as(db, "zavuch", "classes frob", false, &st);
    ck_assert_int_eq(st, 2);
    free(out);
}
END_TEST

/* The year rollover: 7А becomes 8А of 2027/2028, one pupil kept back, one leaving,
 * 9А (the last grade of a basic school) graduates; the old year stays as it was. */
START_TEST(year_rollover)
{
    db = ejt_db_new();
    ejt_sql_as(db, 0, "INSERT INTO academic_year (school_id, name, starts, ends) "
                      "VALUES (1, '2027/2028', '2027-09-01', '2028-05-31')", NULL);
    long long misha = pupil_named("Соколов", "Михаил"), dasha = pupil_named("Новикова", "Дарья");
    long long n7a = ejt_qll(db, "SELECT count(*) FROM enrollment e JOIN class cl ON cl.id = e.class_id "
                                "WHERE cl.grade = 7 AND cl.letter = 'А' AND upper_inf(e.during)");
    long long before = ejt_qll(db, "SELECT count(*) FROM enrollment");
    int st;
    char *args = ejt_fmt("classes promote --from 2026/2027 --to 2027/2028 --keep-back %lld --leave %lld "
                         "--order 200-у", misha, dasha);
    char *out = ejt_run_as(db, "sekretar", args, false, &st);
    char *want = ejt_fmt("8А\t7А\t%lld\n", n7a - 2);
    ck_assert_msg(st == 0 && strstr(out, want) && strstr(out, "7А\t7А\t1\n") && !strstr(out, "10А"),
                  "%s", out);
    free(out);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM enrollment"), before); /* a preview */
    out = ejt_run_as(db, "ivanova", ejt_fmt("%s --apply", args), false, &st);
    ck_assert_int_eq(st, 1); /* the secretary's */
    free(out);
    out = ejt_run_as(db, "sekretar", ejt_fmt("%s --apply", args), false, &st);
    ck_assert_msg(st == 0 && strstr(out, want), "%s", out);
    free(out);
    free(want);
    free(args);
    ck_assert_str_eq(ejt_q(db, "SELECT cl.grade::text || cl.letter || ':' || e.during::text FROM enrollment e "
                               "JOIN class cl ON cl.id = e.class_id JOIN academic_year y ON y.id = cl.year_id "
                               "WHERE e.pupil_id = %lld AND y.name = '2027/2028'", misha),
                     "7А:[2027-09-01,)");
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM enrollment e JOIN class cl ON cl.id = e.class_id "
                                 "JOIN academic_year y ON y.id = cl.year_id WHERE e.pupil_id = %lld "
                                 "AND y.name = '2027/2028'", dasha), 0);
    ck_assert_str_eq(ejt_q(db, "SELECT upper(during)::text FROM enrollment WHERE pupil_id = %lld", dasha),
                     "2027-06-01");
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM class cl JOIN academic_year y ON y.id = cl.year_id "
                                 "WHERE y.name = '2027/2028' AND cl.grade = 10"), 0);
    ck_assert_str_eq(ejt_q(db, "SELECT coalesce(min(e.reason_out), '') FROM enrollment e JOIN class cl ON cl.id = e.class_id "
                               "JOIN academic_year y ON y.id = cl.year_id WHERE y.name = '2026/2027' AND cl.grade = 9"),
                     "окончил(а) школу");
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM class cl JOIN academic_year y ON y.id = cl.year_id "
                                 "WHERE y.name = '2027/2028' AND cl.grade = 8 AND cl.letter = 'А' "
                                 "AND cl.teacher_id IS NOT NULL AND cl.prev_class_id IS NOT NULL"), 1);
    /* Once is enough: nobody is in the old year at its end without a next class any more. */
    out = ejt_run_as(db, "sekretar", "classes promote --from 2026/2027 --to 2027/2028 --keep-back 999999", false, &st);
    ck_assert_int_eq(st, 1);
    free(out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("db-movement");
    TCase *tc = ejt_tcase("movement", 120);
    tcase_add_test(tc, transfer_between_journals);
    tcase_add_test(tc, leave_and_bad_input);
    tcase_add_test(tc, movement_register);
    tcase_add_test(tc, classes_and_groups);
    tcase_add_test(tc, year_rollover);
    suite_add_tcase(s, tc);
    return ejt_run(s, "db-movement");
}
