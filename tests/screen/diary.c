/* tests/screen/diary — the real ejournal on a PTY read through libvterm, as the demo parent and pupil: they land in the diary, the parent of two switches children, the week, subjects and timetable views, a mark and an absence saved by teachers (the real `ejournal journal mark` in another process) appear on the open diary by NOTIFY, the class teacher turns «Н» into «Б», terminal escapes in a topic are drawn inert, and the layout holds at 80×24 and 200×60. */
#include "ejtest.h"
#include "ejvt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WAIT 30000 /* generous: CI machines may be loaded; a pass is usually instant */

static const char *db;

static long long pupil_id(const char *surname, const char *name)
{
    return ejt_qll(db, "SELECT id FROM pupil WHERE surname = '%s' AND name = '%s'", surname, name);
}

/* Today's (2026-11-26) lesson of a 7А subject. */
static long long lesson_today(const char *subject)
{
    return ejt_qll(db,
                   "SELECT l.id FROM lesson l JOIN course co ON co.id = l.course_id "
                   "JOIN class cl ON cl.id = co.class_id JOIN subject s ON s.id = co.subject_id "
                   "WHERE cl.grade = 7 AND cl.letter = 'А' AND s.name = '%s' "
                   "AND l.date = '2026-11-26' ORDER BY l.num LIMIT 1",
                   subject);
}

static char *run_as(const char *login, const char *args, int *status)
{
    return ejt_run_as(db, login, args, true, status);
}

/* The screen row showing a lesson: the row after the day's header whose text has the
 * subject; -1 if none. */
static int lesson_row(struct ejvt *v, const char *day_header, const char *subject)
{
    int d = ejvt_find_row(v, day_header);
    if (d < 0)
        return -1;
    for (int r = d + 1; r < d + 10; r++) {
        char *row = ejvt_row(v, r);
        bool hit = strstr(row, subject) != NULL;
        bool next_day = strstr(row, ", ") && strstr(row, " ноября") && !strstr(row, ":");
        free(row);
        if (hit)
            return r;
        if (next_day)
            return -1;
    }
    return -1;
}

static bool row_has(struct ejvt *v, int row, const char *text)
{
    char *r = ejvt_row(v, row);
    bool has = strstr(r, text) != NULL;
    free(r);
    return has;
}

/* Wait until the lesson's row shows text (the diary is woken by NOTIFY). */
static bool wait_row(struct ejvt *v, const char *day, const char *subject, const char *text)
{
    for (int i = 0; i < 100; i++) {
        int r = lesson_row(v, day, subject);
        if (r >= 0 && row_has(v, r, text))
            return true;
        ejvt_pump(v, 50);
    }
    return false;
}

START_TEST(parent_lands_in_diary_and_switches)
{
    db = ejt_db_new();
    struct ejvt *v = ejvt_start(db, "roditel", 24, 80, NULL, NULL);
    /* The youngest child first: Анна, 3Б. */
    ck_assert_msg(ejvt_wait(v, "Соколова Анна", WAIT), "no diary:\n%s", ejvt_screen(v));
    ck_assert(ejvt_has(v, "3Б"));
    ck_assert(ejvt_has(v, "[Неделя]"));
    ck_assert(ejvt_has(v, "неделя 23.11–27.11.2026"));
    ck_assert_msg(ejvt_has(v, "4Ребёнок"), "F4 is offered to a parent of two:\n%s",
                  ejvt_screen(v));
    /* No journals, nothing of a teacher's home screen. */
    ck_assert(!ejvt_has(v, "журналы") && !ejvt_has(v, "Журналы"));
    ejvt_key(v, "F4");
    ck_assert_msg(ejvt_wait(v, "Соколов Михаил", WAIT), "%s", ejvt_screen(v));
    ck_assert(ejvt_has(v, "7А"));
    ck_assert(!ejvt_has(v, "3Б"));
    /* The page opens at today (Thursday); Home goes to Monday 23.11: the lab work in
     * physics, marked 5, its topic and homework in full below. */
    ck_assert(ejvt_has(v, "Четверг, 26 ноября"));
    ejvt_key(v, "Home");
    ck_assert_msg(ejvt_wait(v, "Понедельник, 23 ноября", WAIT), "%s", ejvt_screen(v));
    int r = lesson_row(v, "Понедельник, 23 ноября", "Физика");
    ck_assert_msg(r >= 0, "%s", ejvt_screen(v));
    ck_assert(row_has(v, r, "5"));
    ck_assert(row_has(v, r, "§ 11"));
    ck_assert(ejvt_has(v, "Тема:"));
    ck_assert(ejvt_has(v, "Д/з:"));
    /* The previous week and back. */
    ejvt_key(v, "Left");
    ck_assert_msg(ejvt_wait(v, "неделя 16.11–20.11.2026", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "Right");
    ck_assert(ejvt_wait(v, "неделя 23.11–27.11.2026", WAIT));
    /* Subjects: the period's marks and averages; the first quarter's finals. */
    ejvt_key(v, "Tab");
    ck_assert_msg(ejvt_wait(v, "[Предметы]", WAIT), "%s", ejvt_screen(v));
    ck_assert_msg(ejvt_has(v, "2 четверть"), "%s", ejvt_screen(v));
    int alg = ejvt_find_row(v, "Алгебра");
    ck_assert(alg >= 0);
    ck_assert_msg(row_has(v, alg, "4.17"), "%s", ejvt_screen(v));
    ejvt_key(v, "Left");
    ck_assert_msg(ejvt_wait(v, "1 четверть", WAIT), "%s", ejvt_screen(v));
    ck_assert_msg(row_has(v, ejvt_find_row(v, "Алгебра"), "4.29"), "%s", ejvt_screen(v));
    /* Timetable with bells and rooms. */
    ejvt_key(v, "Tab");
    ck_assert_msg(ejvt_wait(v, "[Расписание]", WAIT), "%s", ejvt_screen(v));
    ck_assert(ejvt_has(v, "08:00–08:40"));
    ck_assert(ejvt_has(v, "Понедельник"));
    /* Esc at the bottom of the stack stays; F10 leaves. */
    ejvt_key(v, "Esc");
    ejvt_pump(v, 300);
    ck_assert(ejvt_has(v, "[Расписание]"));
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
}
END_TEST

START_TEST(teachers_save_parent_sees)
{
    db = ejt_db_new();
    long long misha = pupil_id("Соколов", "Михаил");
    long long alg = lesson_today("Алгебра"), eng = lesson_today("Русский язык");
    ck_assert(misha > 0 && alg > 0 && eng > 0);
    struct ejvt *v = ejvt_start(db, "uchenik", 24, 80, NULL, NULL);
    ck_assert_msg(ejvt_wait(v, "Соколов Михаил", WAIT), "%s", ejvt_screen(v));
    ck_assert(!ejvt_has(v, "4Ребёнок")); /* one pupil: no switching */
    int r = lesson_row(v, "Четверг, 26 ноября", "Алгебра");
    ck_assert_msg(r >= 0, "%s", ejvt_screen(v));
    ck_assert(!row_has(v, r, " 5"));
    /* petrov (Алгебра) saves a 5 in another process. */
    int st;
    char *args = ejt_fmt("journal mark %lld %lld 5", alg, misha);
    char *out = run_as("petrov", args, &st);
    ck_assert_msg(st == 0, "%s", out);
    free(out);
    free(args);
    ck_assert_msg(wait_row(v, "Четверг, 26 ноября", "Алгебра", "5"),
                  "the mark did not appear:\n%s", ejvt_screen(v));
    /* ivanova teaches Русский язык: she marks Н; as the class teacher of 7А she
     * turns it into Б when the reason is known. */
    args = ejt_fmt("journal mark %lld %lld Н", eng, misha);
    out = run_as("ivanova", args, &st);
    ck_assert_msg(st == 0, "%s", out);
    free(out);
    free(args);
    ck_assert_msg(wait_row(v, "Четверг, 26 ноября", "Русский", "Н"), "%s", ejvt_screen(v));
    args = ejt_fmt("journal mark %lld %lld Б", eng, misha);
    out = run_as("ivanova", args, &st);
    ck_assert_msg(st == 0, "%s", out);
    free(out);
    free(args);
    ck_assert_msg(wait_row(v, "Четверг, 26 ноября", "Русский", "Б"), "%s", ejvt_screen(v));
    ck_assert_str_eq(ejt_q(db, "SELECT code FROM attendance WHERE lesson_id = %lld AND pupil_id = %lld",
                           eng, misha),
                     "Б");
    /* petrov is no class teacher of 7А: his Б is refused and changes nothing. */
    args = ejt_fmt("journal mark %lld %lld Б", alg, misha);
    out = run_as("petrov", args, &st);
    ck_assert_int_eq(st, 1);
    ck_assert_msg(strstr(out, "классный руководитель"), "%s", out);
    free(out);
    free(args);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM attendance WHERE lesson_id = %lld", alg), 0);
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
}
END_TEST

/* Both sessions on screens: the class teacher's day (F4) sets Б for the whole day; the
 * pupil's open diary shows it on every lesson of that day. */
START_TEST(class_teacher_screen_pupil_screen)
{
    db = ejt_db_new();
    struct ejvt *p = ejvt_start(db, "uchenik", 24, 80, NULL, NULL);
    ck_assert_msg(ejvt_wait(p, "Соколов Михаил", WAIT), "%s", ejvt_screen(p));
    struct ejvt *t = ejvt_start(db, "ivanova", 30, 100, NULL, NULL);
    ck_assert_msg(ejvt_wait(t, "Мой класс", WAIT), "%s", ejvt_screen(t));
    ejvt_key(t, "F4");
    ck_assert_msg(ejvt_wait(t, "7А · посещаемость", WAIT), "%s", ejvt_screen(t));
    bool on = false;
    for (int i = 0; i < 40 && !on; i++) {
        int r = ejvt_highlight_row(t, 3, 0);
        char *row = r >= 0 ? ejvt_row(t, r) : NULL;
        on = row && !strncmp(row, "Соколов Михаил", strlen("Соколов Михаил"));
        free(row);
        if (!on) {
            ejvt_key(t, "Down");
            ejvt_pump(t, 60);
        }
    }
    ck_assert_msg(on, "%s", ejvt_screen(t));
    ejvt_send(t, "б");
    ck_assert_msg(ejvt_wait(t, "Сохранено", WAIT), "%s", ejvt_screen(t));
    ck_assert_msg(wait_row(p, "Четверг, 26 ноября", "Алгебра", "Б"), "%s", ejvt_screen(p));
    ck_assert(wait_row(p, "Четверг, 26 ноября", "География", "Б"));
    ejvt_key(t, "F10");
    ejvt_finish(t, WAIT);
    ejvt_key(p, "F10");
    ck_assert_int_eq(ejvt_finish(p, WAIT), 0);
}
END_TEST

START_TEST(escapes_in_a_topic_are_inert)
{
    db = ejt_db_new();
    long long alg = lesson_today("Алгебра");
    ejt_sql_as(db, ejvt_account(db, "petrov"),
               ejt_fmt("UPDATE lesson SET homework = E'\\033[2J\\033]0;pwned\\007Ловушка' "
                       "WHERE id = %lld", alg),
               NULL);
    struct ejvt *v = ejvt_start(db, "uchenik", 24, 80, NULL, NULL);
    ck_assert_msg(ejvt_wait(v, "Ловушка", WAIT), "%s", ejvt_screen(v));
    /* The screen was not cleared by the sequence: the header is still there. */
    ck_assert(ejvt_has(v, "Соколов Михаил"));
    ck_assert(ejvt_has(v, "?[2J"));
    /* The command prints it inert too. */
    int st;
    char *out = run_as("uchenik", "diary", &st);
    ck_assert_int_eq(st, 0);
    ck_assert(strstr(out, "Ловушка"));
    ck_assert(!strchr(out, '\033') && !strchr(out, '\007'));
    free(out);
    ejvt_key(v, "F10");
    ejvt_finish(v, WAIT);
}
END_TEST

START_TEST(sizes)
{
    db = ejt_db_new();
    struct ejvt *v = ejvt_start(db, "uchenik", 60, 200, NULL, NULL);
    ck_assert_msg(ejvt_wait(v, "Соколов Михаил", WAIT), "%s", ejvt_screen(v));
    /* Wide: full subject names and the whole week at once. */
    ck_assert_msg(ejvt_wait(v, "Пятница, 27 ноября", WAIT), "%s", ejvt_screen(v));
    ck_assert(ejvt_has(v, "Изобразительное искусство"));
    ck_assert(ejvt_has(v, "[Неделя]  Предметы   Расписание") ||
              ejvt_has(v, "[Неделя] Предметы  Расписание") || ejvt_has(v, "[Неделя]"));
    ejvt_resize(v, 24, 80);
    ejvt_pump(v, 500);
    ck_assert_msg(ejvt_has(v, "Соколов Михаил"), "%s", ejvt_screen(v));
    /* Scrolling down reaches Friday. */
    for (int i = 0; i < 40; i++)
        ejvt_key(v, "Down");
    ck_assert_msg(ejvt_wait(v, "Пятница, 27 ноября", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "F1");
    ck_assert_msg(ejvt_wait(v, "Ребёнок", WAIT) || ejvt_wait(v, "неделя", WAIT), "%s",
                  ejvt_screen(v));
    ejvt_key(v, "Esc");
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("screen-diary");
    TCase *tc = ejt_tcase("diary", 120);
    tcase_add_test(tc, parent_lands_in_diary_and_switches);
    tcase_add_test(tc, teachers_save_parent_sees);
    tcase_add_test(tc, class_teacher_screen_pupil_screen);
    tcase_add_test(tc, escapes_in_a_topic_are_inert);
    tcase_add_test(tc, sizes);
    suite_add_tcase(s, tc);
    return ejt_run(s, "screen-diary");
}
