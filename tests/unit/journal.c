/* tests/unit/journal — the grid model: layout of columns, enrollment spells, cells, averages (arithmetic, weighted, retakes), suggested finals, policy facts. */
#include "calendar.h"
#include "ejtest.h"
#include "journal.h"

#include <stdlib.h>
#include <string.h>

static int day(const char *iso)
{
    int d = 0;
    ck_assert(cal_parse(iso, &d));
    return d;
}

/* Three pupils (one left on 10.10, one arrived on 09.11), four lessons, the second
 * with two works (answer 1.0, test 2.0 written), the fourth without works. */
static struct journal *sample(void)
{
    struct journal *j = journal_new();
    j->school_id = 1;
    j->course_id = 7;
    j->today = day("2026-11-26");
    j->threshold = 0.6;
    j->class_teacher = 20;
    journal_set_course(j, "7А", "", "Русский язык", "Иванова М. П.");
    journal_add_teacher(j, 10, day("2026-09-01"), day("2027-06-01"));
    j->period = journal_add_period(j, 100, 2, "2 четверть", day("2026-11-05"), day("2026-12-28"), false);
    journal_add_type(j, 1, "Ответ на уроке", "Отв", 1.0, false);
    journal_add_type(j, 2, "Контрольная работа", "К/р", 2.0, true);
    journal_add_pupil(j, 501, "Алексеев", "Антон", "Иванович", day("2026-09-01"), JOURNAL_OPEN_END);
    journal_add_pupil(j, 502, "Кузнецов", "Артём", "Сергеевич", day("2026-09-01"), day("2026-11-11"));
    journal_add_pupil(j, 503, "Новикова", "Дарья", "Андреевна", day("2026-11-20"), JOURNAL_OPEN_END);
    int l0 = journal_add_lesson(j, 1001, day("2026-11-09"), 2, "Тема 1", "Упр. 1", true, true);
    int l1 = journal_add_lesson(j, 1002, day("2026-11-23"), 2, "Тема 2", "", true, true);
    journal_add_lesson(j, 1003, day("2026-11-26"), 2, "", "", true, false);
    journal_add_lesson(j, 1004, day("2026-11-27"), 2, "", "Упр. 9", true, false);
    ck_assert(journal_add_work(j, l0, 11, 1, 1));
    ck_assert(journal_add_work(j, l1, 12, 1, 1));
    ck_assert(journal_add_work(j, l1, 13, 2, 2));
    ck_assert(!journal_add_work(j, l1, 14, 99, 3)); /* unknown type */
    journal_finish(j);
    return j;
}

START_TEST(layout)
{
    struct journal *j = sample();
    ck_assert_int_eq(j->npupils, 3);
    ck_assert_int_eq(j->nlessons, 4);
    ck_assert_int_eq(j->ncols, 5); /* 1 + 2 + 1 (no work) + 1 (no work) */
    ck_assert_int_eq(j->lessons[1].first_col, 1);
    ck_assert_int_eq(j->lessons[2].first_col, 3);
    ck_assert_int_eq(journal_col_of_work(j, 13), 2);
    ck_assert_ptr_null(journal_col_work(j, 3));
    ck_assert_str_eq(j->pupils[1].label, "Кузнецов А. С.");
    ck_assert_int_eq(journal_pupil_index(j, 503), 2);
    ck_assert_int_eq(journal_lesson_index(j, 1004), 3);
    ck_assert_int_eq(journal_lesson_index(j, 999), -1);
    ck_assert_int_eq(journal_default_type(j), 0);
    journal_free(j);
}
END_TEST

START_TEST(enrollment_cells)
{
    struct journal *j = sample();
    /* Кузнецов left on 10.11: cells on 09.11 only */
    ck_assert(journal_cell_active(j, 1, 0));
    ck_assert(!journal_cell_active(j, 1, 1));
    ck_assert(!journal_cell_active(j, 1, 4));
    /* Новикова arrived on 20.11: no cell on 09.11 */
    ck_assert(!journal_cell_active(j, 2, 0));
    ck_assert(journal_cell_active(j, 2, 1));
    ck_assert(!journal_put_mark(j, 502, 99, 1, 5));
    /* a second spell of the same pupil */
    journal_free(j);
    j = journal_new();
    journal_add_pupil(j, 1, "А", "Б", "В", 10, 20);
    journal_add_pupil(j, 1, "А", "Б", "В", 30, 40);
    journal_finish(j);
    ck_assert_int_eq(j->npupils, 1);
    ck_assert(journal_enrolled(j, 0, 15));
    ck_assert(!journal_enrolled(j, 0, 25));
    ck_assert(journal_enrolled(j, 0, 35));
    ck_assert(!journal_enrolled(j, 0, 40));
    journal_free(j);
}
END_TEST

START_TEST(cells_text)
{
    struct journal *j = sample();
    char t[16];
    ck_assert(journal_put_mark(j, 501, 12, 1, 2));
    ck_assert(journal_put_mark(j, 501, 12, 2, 4));
    ck_assert(journal_put_absence(j, 501, 1002, RV_N));
    ck_assert(!journal_put_mark(j, 501, 12, 1, 6));
    ck_assert(!journal_put_absence(j, 501, 1002, RV_5));
    journal_cell_text(j, 0, 1, t);
    ck_assert_str_eq(t, "Н2/4");
    journal_cell_text(j, 0, 2, t); /* the absence shows in the lesson's first column only */
    ck_assert_str_eq(t, "");
    ck_assert_int_eq(journal_nmarks(j, 0, 1), 2);
    ck_assert_int_eq(journal_mark(j, 0, 1, 2), 4);
    journal_cell_text(j, 1, 1, t); /* not enrolled: no cell */
    ck_assert_str_eq(t, "");
    ck_assert(journal_put_final(j, 503, RV_K));
    ck_assert_int_eq(j->finals[2], RV_K);
    journal_free(j);
}
END_TEST

/* A saved write applied to the grid without a re-read: a value at its seq; clearing
 * a mark clears its retakes; out-of-range cells and seqs change nothing. */
START_TEST(set_mark_as_written)
{
    struct journal *j = sample();
    char t[16];
    journal_set_mark(j, 0, 1, 1, 2);
    journal_set_mark(j, 0, 1, 2, 4);
    journal_cell_text(j, 0, 1, t);
    ck_assert_str_eq(t, "2/4");
    journal_set_mark(j, 0, 1, 2, 5); /* the retake corrected */
    ck_assert_int_eq(journal_mark(j, 0, 1, 2), 5);
    journal_set_mark(j, 0, 1, 1, 0); /* the first cleared: the retake goes with it */
    ck_assert_int_eq(journal_nmarks(j, 0, 1), 0);
    journal_set_mark(j, 0, 2, 1, 3);
    journal_set_mark(j, 0, 2, JOURNAL_MAX_SEQ + 1, 4);
    journal_set_mark(j, 9, 2, 1, 4);
    journal_set_mark(j, 0, j->ncols, 1, 4);
    journal_set_mark(j, 0, 2, 1, 7); /* not a mark */
    journal_set_mark(j, 0, 2, 1, -1);
    ck_assert_int_eq(journal_nmarks(j, 0, 2), 1);
    ck_assert_int_eq(journal_mark(j, 0, 2, 1), 3);
    journal_free(j);
}
END_TEST

START_TEST(averages)
{
    struct journal *j = sample();
    /* answer 5 (w 1), test 3 (w 2) */
    journal_put_mark(j, 501, 12, 1, 5);
    journal_put_mark(j, 501, 13, 1, 3);
    struct journal_avg a;
    journal_average(j, 0, &a);
    ck_assert_int_eq(a.count, 2);
    ck_assert(a.arith > 3.999 && a.arith < 4.001);
    ck_assert(a.weighted > 3.666 && a.weighted < 3.667); /* (5 + 6) / 3 */
    j->weighted = true;
    ck_assert_int_eq(journal_suggest(j, 0), RV_4);     /* 3.67 ≥ 3.60 */
    j->threshold = 0.7;
    ck_assert_int_eq(journal_suggest(j, 0), RV_3);
    j->weighted = false;
    ck_assert_int_eq(journal_suggest(j, 0), RV_4);     /* arithmetic 4.00 */
    /* retakes: 2 then 4 in the first work */
    journal_put_mark(j, 501, 11, 1, 2);
    journal_put_mark(j, 501, 11, 2, 4);
    j->retake = RETAKE_ALL;
    journal_average(j, 0, &a);
    ck_assert_int_eq(a.count, 4);
    j->retake = RETAKE_LAST;
    journal_average(j, 0, &a);
    ck_assert_int_eq(a.count, 3);
    ck_assert(a.arith > 3.999 && a.arith < 4.001);
    /* no marks: no average, no suggestion */
    journal_average(j, 2, &a);
    ck_assert_int_eq(a.count, 0);
    ck_assert_int_eq(journal_suggest(j, 2), RV_NONE);
    j->graded = false;
    ck_assert_int_eq(journal_suggest(j, 0), RV_NONE);
    char *f = journal_formula(j);
    ck_assert_ptr_nonnull(strstr(f, "0,70"));
    free(f);
    journal_free(j);
}
END_TEST

START_TEST(policy_facts)
{
    struct journal *j = sample();
    struct ej_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.school_id = 1;
    ctx.roles = ROLE_TEACHER;
    ctx.staff_id = 10;
    struct policy_object o;
    journal_policy_object(j, &ctx, 1, 0, &o);
    ck_assert(o.course_teacher);
    ck_assert(!o.lesson_teacher);
    ck_assert_int_eq(o.class_teacher, 20);
    ck_assert(policy_allows(&ctx, POLICY_MARK_SET, &o));
    /* a substitute taught lesson 2 */
    j->lessons[2].teacher_id = 30;
    ctx.staff_id = 30;
    journal_policy_object(j, &ctx, 2, 0, &o);
    ck_assert(!o.course_teacher);
    ck_assert(o.lesson_teacher);
    ck_assert(o.taught_any);
    ck_assert(policy_allows(&ctx, POLICY_MARK_SET, &o));
    journal_policy_object(j, &ctx, 1, 0, &o);
    ck_assert(!policy_allows(&ctx, POLICY_MARK_SET, &o));
    ck_assert(policy_allows(&ctx, POLICY_JOURNAL_READ, &o));
    /* the course's teacher outside their dates */
    ctx.staff_id = 10;
    ck_assert(journal_teacher_on(j, 10, day("2026-12-01")));
    ck_assert(!journal_teacher_on(j, 10, day("2027-06-01")));
    ck_assert(journal_teacher_on(j, 10, -1));
    ck_assert(!journal_teacher_on(j, 0, -1));
    journal_free(j);
}
END_TEST

START_TEST(big_grid)
{
    /* 35 pupils × 60 lessons: builds, lays out, averages stay in range. */
    struct journal *j = journal_new();
    journal_add_type(j, 1, "Ответ", "Отв", 1.0, false);
    for (int p = 0; p < 35; p++)
        journal_add_pupil(j, 100 + p, "Фамилия", "Имя", "Отчество", 0, JOURNAL_OPEN_END);
    for (int l = 0; l < 60; l++) {
        int li = journal_add_lesson(j, 1000 + l, 100 + l, 1, "", "", true, true);
        journal_add_work(j, li, 5000 + l, 1, 1);
    }
    journal_finish(j);
    ck_assert_int_eq(j->ncols, 60);
    for (int p = 0; p < 35; p++)
        for (int l = 0; l < 60; l++)
            ck_assert(journal_put_mark(j, 100 + p, 5000 + l, 1, 2 + (p + l) % 4));
    for (int p = 0; p < 35; p++) {
        struct journal_avg a;
        journal_average(j, p, &a);
        ck_assert_int_eq(a.count, 60);
        ck_assert(a.arith >= 2 && a.arith <= 5);
    }
    journal_free(j);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("journal");
    TCase *tc = ejt_tcase("journal", 20);
    tcase_add_test(tc, layout);
    tcase_add_test(tc, enrollment_cells);
    tcase_add_test(tc, cells_text);
    tcase_add_test(tc, set_mark_as_written);
    tcase_add_test(tc, averages);
    tcase_add_test(tc, policy_facts);
    tcase_add_test(tc, big_grid);
    suite_add_tcase(s, tc);
    return ejt_run(s, "unit/journal");
}
