/* tests/screen/year — the year setup on the real ejournal through libvterm: after the deputy director prepared 2027/2028 for 8А with commands (periods, curriculum, load, timetable, КТП), she opens the year screen (F8 from home), goes to the next year, sees 8А's timetable and makes its lessons (F5: the plan in a dialog, then on «д» all of them); the teacher then finds the journal in next year's load and sees the generated lessons with the КТП's topics in the grid; a teacher has no F5 there. */
#include "ejtest.h"
#include "ejvt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WAIT 30000 /* generous: CI machines may be loaded; a pass is usually instant */
#define Y " --year 2027/2028"

static const char *db;

static char *shot(struct ejvt *v)
{
    static char buf[3000];
    char *s = ejvt_screen(v);
    snprintf(buf, sizeof buf, "%s", s);
    free(s);
    return buf;
}

/* Is a highlighted row (the cursor; headers are highlighted too) one holding a and b? */
static bool cursor_on(struct ejvt *v, const char *a, const char *b)
{
    bool found = false;
    for (int r = 1; r < 29 && !found; r++) {
        if (!ejvt_highlighted(v, r, 10))
            continue;
        char *row = ejvt_row(v, r);
        found = strstr(row, a) && (!b || strstr(row, b));
        free(row);
    }
    return found;
}

/* In a dialog list (centred): move down to the item, then Enter. */
static void choose(struct ejvt *v, const char *item)
{
    for (int i = 0; i < 30; i++) {
        int r = ejvt_find_row(v, item);
        if (r >= 0 && ejvt_highlighted(v, r, 60))
            break;
        ejvt_key(v, "Down");
        ejvt_pump(v, 60);
    }
    ejvt_key(v, "Enter");
}

static void ok(const char *login, const char *args, const char *input)
{
    int st;
    char *out = input ? ejt_run_as_in(db, login, args, input, true, &st)
                      : ejt_run_as(db, login, args, true, &st);
    ck_assert_msg(st == 0, "%s: %s → %d\n%s", login, args, st, out);
    free(out);
}

/* From home: the year screen, then the next year, then 8А. */
static void open_8a(struct ejvt *v)
{
    ck_assert_msg(ejvt_wait(v, "Год", WAIT), "no F8 Год on home:\n%s", shot(v));
    ejvt_key(v, "F8");
    ck_assert_msg(ejvt_wait(v, "Учебный год 2026/2027", WAIT), "%s", shot(v));
    ejvt_key(v, "F8");
    ck_assert_msg(ejvt_wait(v, "Учебный год 2027/2028", WAIT), "%s", shot(v));
    ck_assert_msg(ejvt_wait(v, "1 четверть 01.09–23.10", WAIT), "%s", shot(v));
    bool found = false;
    for (int i = 0; i < 20 && !found; i++) {
        found = cursor_on(v, "8А     Петров", NULL);
        if (!found) {
            ejvt_key(v, "Down");
            ejvt_pump(v, 30);
        }
    }
    ck_assert_msg(found, "8А not in the list:\n%s", shot(v));
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "8А, 2027/2028", WAIT), "%s", shot(v));
    ck_assert_msg(ejvt_wait(v, "Алгебра 21", WAIT), "the timetable is not shown:\n%s", shot(v));
}

START_TEST(deputy_makes_lessons_teacher_sees_topics)
{
    db = ejt_db_new();
    ok("zavuch", "year create 2027/2028 --from 01.09.2027 --to 31.05.2028", NULL);
    ok("zavuch", "year periods" Y " --scheme quarter 01.09.2027-23.10.2027 02.11.2027-28.12.2027 "
                 "11.01.2028-20.03.2028 30.03.2028-31.05.2028", NULL);
    ok("zavuch", "year holiday add" Y " 'Осенние каникулы' 24.10.2027-01.11.2027", NULL);
    ok("sekretar", "classes promote --from 2026/2027 --to 2027/2028 --apply", NULL);
    ok("zavuch", "year class" Y " 8А --teacher petrov", NULL);
    ok("zavuch", "curriculum copy --grade 8 --from 2026/2027 --to 2027/2028", NULL);
    ok("zavuch", "load set --class 8А" Y " Алгебра --teacher petrov", NULL);
    ok("zavuch", "timetable set --class 8А" Y, "День;Урок;Предмет;Кабинет\nПн;1;Алгебра;21\nСр;2;Алгебра;21\n");
    long long course = ejt_qll(db, "SELECT co.id FROM course co JOIN class c ON c.id = co.class_id "
                                   "JOIN academic_year y ON y.id = c.year_id JOIN subject s ON s.id = co.subject_id "
                                   "WHERE y.name = '2027/2028' AND s.name = 'Алгебра'");
    char *plan = ejt_fmt("plan import %lld", course);
    ok("petrov", plan, "Тема;Часов\nКвадратные корни;40\n");
    free(plan);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM lesson WHERE course_id = %lld", course), 0);

    struct ejvt *v = ejvt_start(db, "zavuch", 30, 120, NULL, NULL);
    open_8a(v);
    ejvt_key(v, "F5");
    ck_assert_msg(ejvt_wait(v, "Добавить уроков: ", WAIT), "no plan dialog:\n%s", shot(v));
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "Внести эти изменения?", WAIT), "%s", shot(v));
    ejvt_send(v, "н");
    ck_assert_msg(ejvt_wait(v, "Ничего не изменено", WAIT), "%s", shot(v));
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM lesson WHERE course_id = %lld", course), 0);
    ejvt_key(v, "F5");
    ck_assert_msg(ejvt_wait(v, "Добавить уроков: ", WAIT), "no plan dialog:\n%s", shot(v));
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "Внести эти изменения?", WAIT), "%s", shot(v));
    ejvt_send(v, "д");
    ck_assert_msg(ejvt_wait(v, "Записано: добавлено уроков", WAIT), "%s", shot(v));
    long long n = ejt_qll(db, "SELECT count(*) FROM lesson WHERE course_id = %lld", course);
    ck_assert_int_gt(n, 60);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM lesson WHERE course_id = %lld AND topic = 'Квадратные корни'",
                             course),
                     40);
    /* Tab into the timetable: Tuesday's first lesson becomes geometry in room 33, then
     * nothing again. */
    ejvt_key(v, "Tab");
    ejvt_key(v, "Right");
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "8А, вт, урок 1", WAIT), "no lesson editor:\n%s", shot(v));
    choose(v, "Геометрия");
    ck_assert_msg(ejvt_wait(v, "Кабинет:", WAIT), "%s", shot(v));
    ejvt_send(v, "33\r");
    ck_assert_msg(ejvt_wait(v, "Сохранено в расписании", WAIT), "%s", shot(v));
    ck_assert_msg(ejvt_wait(v, "Геометрия 33", WAIT), "%s", shot(v));
    const char *slot = "SELECT count(*) FROM timetable_slot ts JOIN course co ON co.id = ts.course_id "
                       "JOIN subject s ON s.id = co.subject_id WHERE ts.weekday = 2 AND ts.num = 1 "
                       "AND ts.room = '33' AND s.name = 'Геометрия' AND ts.class_id = co.class_id "
                       "AND lower(ts.valid) = '2027-09-01'";
    ck_assert_int_eq(ejt_qll(db, "%s", slot), 1);
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "8А, вт, урок 1", WAIT), "%s", shot(v));
    choose(v, "нет урока");
    ck_assert_msg(ejvt_wait_gone(v, "Геометрия 33", WAIT), "%s", shot(v));
    ck_assert_int_eq(ejt_qll(db, "%s", slot), 0);
    ejvt_key(v, "F10");
    ejvt_finish(v, WAIT);

    /* The teacher: the same way to the class, no F5, Enter on the load opens the journal. */
    v = ejvt_start(db, "petrov", 30, 120, NULL, NULL);
    open_8a(v);
    ck_assert_msg(!ejvt_has(v, "Уроки"), "a teacher may not make lessons:\n%s", shot(v));
    bool found = false;
    for (int i = 0; i < 30 && !found; i++) {
        found = cursor_on(v, "Алгебра", "Петров");
        if (!found) {
            ejvt_key(v, "Down");
            ejvt_pump(v, 30);
        }
    }
    ck_assert_msg(found, "no algebra in the load:\n%s", shot(v));
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "Итог", WAIT), "the grid did not open:\n%s", shot(v));
    ck_assert_msg(ejvt_wait(v, "Квадратные корни", WAIT), "no topic in the grid:\n%s", shot(v));
    ck_assert_msg(ejvt_has(v, "01.09"), "%s", shot(v));
    ejvt_key(v, "F10");
    ejvt_finish(v, WAIT);
}
END_TEST

/* The secretary moves the school up into 2027/2028 from the year screen (F6): one
 * pupil kept back by number; the plan first, then on «д». */
START_TEST(secretary_moves_up)
{
    db = ejt_db_new();
    ok("zavuch", "year create 2027/2028 --from 01.09.2027 --to 31.05.2028", NULL);
    long long kept = ejt_qll(db, "SELECT e.pupil_id FROM enrollment e JOIN class c ON c.id = e.class_id "
                                 "WHERE c.grade = 7 AND c.letter = 'А' AND upper_inf(e.during) "
                                 "ORDER BY e.pupil_id LIMIT 1");
    struct ejvt *v = ejvt_start(db, "sekretar", 30, 120, NULL, NULL);
    ck_assert_msg(ejvt_wait(v, "Год", WAIT), "%s", shot(v));
    ejvt_key(v, "F8");
    ck_assert_msg(ejvt_wait(v, "Учебный год 2026/2027", WAIT), "%s", shot(v));
    ejvt_key(v, "F8");
    ck_assert_msg(ejvt_wait(v, "Учебный год 2027/2028", WAIT), "%s", shot(v));
    ck_assert_msg(ejvt_has(v, "Перевод") && !ejvt_has(v, "5Уроки"), "%s", shot(v));
    ejvt_key(v, "F6");
    ck_assert_msg(ejvt_wait(v, "Номер приказа", WAIT), "%s", shot(v));
    ejvt_send(v, "200-у\r");
    ck_assert_msg(ejvt_wait(v, "Оставлены на второй год", WAIT), "%s", shot(v));
    char *ids = ejt_fmt("%lld\r", kept);
    ejvt_send(v, ids);
    free(ids);
    ck_assert_msg(ejvt_wait(v, "Выбывают", WAIT), "%s", shot(v));
    ejvt_send(v, "\r");
    ck_assert_msg(ejvt_wait(v, "Будет переведено учеников:", WAIT) && ejvt_has(v, "8А из 7А"), "%s", shot(v));
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM class c JOIN academic_year y ON y.id = c.year_id "
                                 "WHERE y.name = '2027/2028'"),
                     0);
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "Перевести?", WAIT), "%s", shot(v));
    ejvt_send(v, "д");
    ck_assert_msg(ejvt_wait(v, "Записано: переведено в 2027/2028", WAIT), "%s", shot(v));
    ck_assert_str_eq(ejt_q(db, "SELECT c.grade || c.letter FROM enrollment e JOIN class c ON c.id = e.class_id "
                               "JOIN academic_year y ON y.id = c.year_id WHERE y.name = '2027/2028' "
                               "AND e.pupil_id = %lld", kept),
                     "7А");
    ck_assert_int_gt(ejt_qll(db, "SELECT count(*) FROM enrollment e JOIN class c ON c.id = e.class_id "
                                 "JOIN academic_year y ON y.id = c.year_id WHERE y.name = '2027/2028' "
                                 "AND c.grade = 8 AND c.letter = 'А'"),
                     10);
    ejvt_key(v, "F10");
    ejvt_finish(v, WAIT);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("screen-year");
    TCase *tc = tcase_create("year");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, deputy_makes_lessons_teacher_sees_topics);
    tcase_add_test(tc, secretary_moves_up);
    suite_add_tcase(s, tc);
    return ejt_run(s, "screen-year");
}
