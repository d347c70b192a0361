/* tests/db/diary — a pupil's diary from the database layer on the demo school: the year's lessons of the pupil's class and study groups only, marks and finals as stored, the enrollment spells of the pupil who left and the one who arrived, averages under the school's rule, the parent's and pupil's own children, and isolation: every path a parent or a pupil has (db_diary_load and every command with another family's pupil id) refuses and prints nothing of that pupil. */
#include "calendar.h"
#include "ctx.h"
#include "diary.h"
#include "ejtest.h"

#include <stdlib.h>
#include <string.h>

static const char *db;

static long long pupil_named(const char *surname, const char *name)
{
    long long id = ejt_qll(db, "SELECT id FROM pupil WHERE surname = '%s' AND name = '%s'",
                           surname, name);
    ck_assert_msg(id > 0, "no pupil %s %s", surname, name);
    return id;
}

static struct diary *load_as(const char *login, long long pupil, int day, enum ej_err want)
{
    struct ej_ctx ctx;
    ejt_ctx_as(db, login, &ctx);
    struct diary *d = NULL;
    struct ej_error err = { 0 };
    enum ej_err e = db_diary_load(ctx.db, &ctx, pupil, day, &d, &err);
    ck_assert_msg(e == want, "%s loading pupil %lld: got %d (%s), want %d", login, pupil, e,
                  err.msg, want);
    ck_assert(e == EJ_OK ? d != NULL : d == NULL);
    ctx_close(&ctx);
    return d;
}

START_TEST(year_of_a_pupil)
{
    db = ejt_db_new();
    long long misha = pupil_named("Соколов", "Михаил");
    struct diary *d = load_as("roditel", misha, -1, EJ_OK);
    ck_assert_str_eq(d->class_name, "7А");
    ck_assert_str_eq(d->year, "2026/2027");
    ck_assert_int_eq(d->today, cal_days(2026, 11, 26));
    /* Every mark of the pupil this year, as stored. */
    ck_assert_int_eq(d->nmarks, ejt_qll(db, "SELECT count(*) FROM mark WHERE pupil_id = %lld", misha));
    /* Lessons: the class's whole-class courses and only his study groups. */
    long long want = ejt_qll(db,
        "SELECT count(*) FROM lesson l JOIN course co ON co.id = l.course_id "
        "JOIN class cl ON cl.id = co.class_id WHERE cl.grade = 7 AND cl.letter = 'А' "
        "AND (co.group_id IS NULL OR EXISTS (SELECT 1 FROM group_member gm WHERE "
        "gm.group_id = co.group_id AND gm.pupil_id = %lld AND gm.during @> l.date))", misha);
    ck_assert_int_eq(d->nlessons, want);
    for (int i = 1; i < d->nlessons; i++)
        ck_assert(d->lessons[i - 1].date <= d->lessons[i].date);
    /* The week of 23.11: five days of lessons with bell times. */
    int mon = diary_monday(cal_days(2026, 11, 26));
    ck_assert_int_eq(mon, cal_days(2026, 11, 23));
    int first, n = diary_lessons_between(d, mon, mon + 7, &first);
    ck_assert_int_ge(n, 25);
    ck_assert_str_eq(d->lessons[first].starts, "08:00");
    /* Marks of each lesson are the lesson's. */
    for (int i = 0; i < d->nlessons; i++)
        for (int k = 0; k < d->lessons[i].nmarks; k++)
            ck_assert(d->marks[d->lessons[i].mark0 + k].lesson_id == d->lessons[i].id);
    /* Averages as the marks command and the journal compute them; a final as stored. */
    ck_assert_int_eq(d->nperiods, 4);
    int alg = -1;
    for (int c = 0; c < d->ncourses; c++)
        if (!strcmp(d->courses[c].subject, "Алгебра"))
            alg = c;
    ck_assert(alg >= 0);
    int count;
    double avg = diary_average(d, alg, d->periods[0].starts, d->periods[0].ends, &count);
    ck_assert_int_gt(count, 0);
    ck_assert(avg >= 2 && avg <= 5);
    char *fin = ejt_q(db, "SELECT f.value FROM final_mark f JOIN course co ON co.id = f.course_id "
                          "JOIN subject s ON s.id = co.subject_id WHERE f.pupil_id = %lld AND "
                          "s.name = 'Алгебра' AND f.kind = 'period' AND f.period_id = %lld",
                      misha, d->periods[0].id);
    ck_assert_str_eq(rules_value_str(diary_final(d, alg, "period", d->periods[0].id)), fin);
    free(fin);
    ck_assert_int_gt(d->nslots, 20);
    diary_free(d);
}
END_TEST

START_TEST(left_and_arrived)
{
    db = ejt_db_new();
    long long left = pupil_named("Кузнецов", "Артём"), came = pupil_named("Новикова", "Дарья");
    struct diary *d = load_as("zavuch", left, -1, EJ_OK);
    ck_assert_int_gt(d->nlessons, 0);
    ck_assert_int_lt(d->lessons[d->nlessons - 1].date, cal_days(2026, 10, 10));
    ck_assert_int_eq(d->nmarks, ejt_qll(db, "SELECT count(*) FROM mark WHERE pupil_id = %lld", left));
    diary_free(d);
    d = load_as("ivanova", came, -1, EJ_OK); /* the class teacher of 7А */
    ck_assert_int_gt(d->nlessons, 0);
    ck_assert_int_ge(d->lessons[0].date, cal_days(2026, 11, 9));
    diary_free(d);
}
END_TEST

START_TEST(own_children)
{
    db = ejt_db_new();
    struct ej_ctx ctx;
    ejt_ctx_as(db, "roditel", &ctx);
    struct diary_child *c;
    int n;
    struct ej_error err;
    ck_assert(db_diary_children(ctx.db, &ctx, &c, &n, &err) == EJ_OK);
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(c[0].name, "Соколова Анна");
    ck_assert_str_eq(c[0].class_name, "3Б");
    ck_assert_str_eq(c[1].name, "Соколов Михаил");
    free(c);
    ctx_close(&ctx);
    ejt_ctx_as(db, "uchenik", &ctx);
    ck_assert(db_diary_children(ctx.db, &ctx, &c, &n, &err) == EJ_OK);
    ck_assert_int_eq(n, 1);
    ck_assert_str_eq(c[0].name, "Соколов Михаил");
    free(c);
    ctx_close(&ctx);
    ejt_ctx_as(db, "petrov", &ctx); /* staff: no own diaries */
    ck_assert(db_diary_children(ctx.db, &ctx, &c, &n, &err) == EJ_OK);
    ck_assert_int_eq(n, 0);
    free(c);
    ctx_close(&ctx);
}
END_TEST

START_TEST(who_may_read)
{
    db = ejt_db_new();
    long long misha = pupil_named("Соколов", "Михаил"), anna = pupil_named("Соколова", "Анна");
    long long other = pupil_named("Новикова", "Дарья");
    long long nobody = ejt_qll(db, "SELECT max(id) + 1000 FROM pupil");
    diary_free(load_as("roditel", anna, -1, EJ_OK));
    diary_free(load_as("uchenik", misha, -1, EJ_OK));
    /* Another family's child, the sister, an id that does not exist: the same
     * refusal for a parent or a pupil (no telling which ids exist). */
    load_as("roditel", other, -1, EJ_EDENIED);
    load_as("roditel", nobody, -1, EJ_EDENIED);
    load_as("uchenik", anna, -1, EJ_EDENIED);
    load_as("uchenik", other, -1, EJ_EDENIED);
    load_as("uchenik", 0, -1, EJ_ENOTFOUND);
    /* Staff: the office, the class teacher, a teacher of the class. */
    diary_free(load_as("zavuch", other, -1, EJ_OK));
    load_as("zavuch", nobody, -1, EJ_ENOTFOUND);
    diary_free(load_as("ivanova", other, -1, EJ_OK));
    diary_free(load_as("petrov", other, -1, EJ_OK)); /* teaches Алгебра in 7А */
    load_as("petrov", anna, -1, EJ_EDENIED);         /* no lessons in 3Б */
    load_as("kadry", other, -1, EJ_EDENIED);         /* HR: staff, not pupils */
}
END_TEST

/* Every command a parent can run, with another family's pupil: exit 1 (or 2 for a
 * malformed id), and not a byte of that pupil's data on stdout. */
START_TEST(commands_refuse_other_families)
{
    db = ejt_db_new();
    long long other = pupil_named("Новикова", "Дарья");
    long long course = ejt_qll(db, "SELECT co.id FROM course co JOIN class cl ON cl.id = co.class_id "
                                   "WHERE cl.grade = 7 AND cl.letter = 'А' LIMIT 1");
    long long lesson = ejt_qll(db, "SELECT id FROM lesson WHERE course_id = %lld LIMIT 1", course);
    const char *fmts[] = {
        "diary --pupil %lld", "marks --pupil %lld", "diary --week 16.11.2026 --pupil %lld",
        "marks --period 1 --pupil %lld", "report weekly --pupil %lld",
        "report weekly --pupil %lld --format txt", "journal show %lld", "journal mark %lld %lld 5",
        "report journal --course %lld --period 2", "report summary --class 7А",
        "report weekly --class 7А",
    };
    long long before = ejt_qll(db, "SELECT count(*) FROM audit");
    for (size_t i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
        char *args;
        if (strstr(fmts[i], "journal show") || strstr(fmts[i], "--course"))
            args = ejt_fmt(fmts[i], course);
        else if (strstr(fmts[i], "journal mark"))
            args = ejt_fmt(fmts[i], lesson, other);
        else if (strstr(fmts[i], "%lld"))
            args = ejt_fmt(fmts[i], other);
        else
            args = ejt_fmt("%s", fmts[i]);
        for (int who = 0; who < 2; who++) {
            const char *login = who ? "uchenik" : "roditel";
            int st;
            char *out = ejt_run_as(db, login, args, false, &st);
            ck_assert_msg(st == 1, "%s: `%s` exited %d:\n%s", login, args, st, out);
            ck_assert_msg(!strstr(out, "Новикова") && !strstr(out, "Дарья") && strlen(out) == 0,
                          "%s: `%s` printed:\n%s", login, args, out);
            free(out);
            char *msg = ejt_run_as(db, login, args, true, &st);
            ck_assert_msg(strstr(msg, "ejournal: "), "%s: `%s`: no message:\n%s", login, args, msg);
            free(msg);
        }
        free(args);
    }
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM audit"), before);
    /* Bad arguments: usage (2), nothing printed on stdout. */
    const char *bad[] = { "diary --pupil abc", "diary --week 31.02.2026", "diary --pupil",
                          "marks --period 9", "diary --bogus 1", "children extra" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int st;
        char *out = ejt_run_as(db, "roditel", bad[i], false, &st);
        ck_assert_msg(st == 2 && !*out, "`%s` exited %d: %s", bad[i], st, out);
        free(out);
    }
    /* A parent of two must choose; the pupil has one diary. */
    int st;
    char *out = ejt_run_as(db, "roditel", "diary", true, &st);
    ck_assert_int_eq(st, 2);
    ck_assert_msg(strstr(out, "несколько детей"), "%s", out);
    free(out);
    out = ejt_run_as(db, "uchenik", "diary --week 23.11.2026", false, &st);
    ck_assert_int_eq(st, 0);
    ck_assert_msg(strstr(out, "Соколов Михаил") && strstr(out, "2026-11-23\t3\t09:45\tФизика\t5 Лаб"),
                  "%s", out);
    free(out);
    out = ejt_run_as(db, "roditel", "children", false, &st);
    ck_assert_int_eq(st, 0);
    ck_assert_msg(strstr(out, "\tСоколова Анна\t3Б\n") && strstr(out, "\tСоколов Михаил\t7А\n"),
                  "%s", out);
    free(out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("db-diary");
    TCase *tc = ejt_tcase("diary", 120);
    tcase_add_test(tc, year_of_a_pupil);
    tcase_add_test(tc, left_and_arrived);
    tcase_add_test(tc, own_children);
    tcase_add_test(tc, who_may_read);
    tcase_add_test(tc, commands_refuse_other_families);
    suite_add_tcase(s, tc);
    return ejt_run(s, "db-diary");
}
