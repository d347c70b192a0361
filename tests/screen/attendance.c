/* tests/screen/attendance — the class teacher's day on the real ejournal through libvterm: the home screen offers «Мой класс» only to a class teacher, F4 opens pupils × today's lessons with what subject teachers marked, Б typed in the «День» column sets every lesson of the pupil in one transaction, Н on another teacher's lesson is refused by the policy and changes nothing, a parent's note is entered for tomorrow, Del clears, another session's change shows by NOTIFY; the same through `attendance` commands. */
#include "ejtest.h"
#include "ejvt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WAIT 30000 /* generous: CI machines may be loaded; a pass is usually instant */

static const char *db;

static long long pupil_named(const char *surname, const char *name)
{
    return ejt_qll(db, "SELECT id FROM pupil WHERE surname = '%s' AND name = '%s'", surname, name);
}

/* Codes of a pupil's lessons in 7А on a day, in lesson order ("" present). */
static char *codes(long long pupil, const char *date)
{
    return ejt_q(db,
                 "SELECT string_agg(coalesce(a.code, '.'), '' ORDER BY l.num, l.id) FROM lesson l "
                 "JOIN course co ON co.id = l.course_id JOIN class cl ON cl.id = co.class_id "
                 "LEFT JOIN attendance a ON a.lesson_id = l.id AND a.pupil_id = %lld "
                 "WHERE cl.grade = 7 AND cl.letter = 'А' AND l.date = '%s' AND (co.group_id IS NULL "
                 "OR EXISTS (SELECT 1 FROM group_member gm WHERE gm.group_id = co.group_id "
                 "AND gm.pupil_id = %lld AND gm.during @> l.date))",
                 pupil, date, pupil);
}

/* Move the cursor down to the pupil's row (the name is highlighted). */
static void to_pupil(struct ejvt *v, const char *name)
{
    for (int i = 0; i < 3; i++)
        ejvt_key(v, "PgUp");
    ejvt_pump(v, 100);
    for (int i = 0; i < 40; i++) {
        int r = ejvt_highlight_row(v, 3, 0);
        if (r >= 0) {
            char *row = ejvt_row(v, r);
            bool hit = strncmp(row, name, strlen(name)) == 0;
            free(row);
            if (hit)
                return;
        }
        ejvt_key(v, "Down");
        ejvt_pump(v, 60);
    }
    ck_abort_msg("no row for %s:\n%s", name, ejvt_screen(v));
}

START_TEST(class_teacher_day)
{
    db = ejt_db_new();
    long long misha = pupil_named("Соколов", "Михаил"), guseva = pupil_named("Гусева", "Наталья");
    struct ejvt *v = ejvt_start(db, "ivanova", 30, 100, NULL, NULL);
    ck_assert_msg(ejvt_wait(v, "Мой класс", WAIT), "%s", ejvt_screen(v));
    ck_assert(ejvt_has(v, "7А: посещаемость за день"));
    ck_assert(ejvt_has(v, "4Класс"));
    ejvt_key(v, "F4");
    ck_assert_msg(ejvt_wait(v, "7А · посещаемость · четверг, 26 ноября 2026", WAIT), "%s",
                  ejvt_screen(v));
    /* The title may arrive before the rest of the same update: wait for its last line. */
    ck_assert_msg(ejvt_wait(v, "8День>", WAIT), "%s", ejvt_screen(v));
    ck_assert(ejvt_has(v, "День") && ejvt_has(v, "Алг"));
    ck_assert(ejvt_has(v, "7<День"));
    /* The whole day ill: one step, every lesson he attends. */
    to_pupil(v, "Соколов Михаил");
    ck_assert_msg(ejvt_has(v, "Соколов Михаил за неделю: пропущено"), "%s", ejvt_screen(v));
    long long audit = ejt_qll(db, "SELECT count(*) FROM audit WHERE tbl = 'attendance'");
    ejvt_send(v, "б");
    ck_assert_msg(ejvt_wait(v, "Сохранено", WAIT), "%s", ejvt_screen(v));
    char *c = codes(misha, "2026-11-26");
    ck_assert_msg(strspn(c, "Б") == strlen(c) && strlen(c) >= 5 * strlen("Б"), "%s", c);
    long long lessons = (long long)(strlen(c) / strlen("Б"));
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM audit WHERE tbl = 'attendance'"), audit + lessons);
    free(c);
    /* Н on lesson 1 (Алгебра, petrov's): the class teacher may not; nothing changes. */
    to_pupil(v, "Соколов Михаил");
    ejvt_key(v, "Right");
    ejvt_send(v, "н");
    ck_assert_msg(ejvt_wait(v, "п. 3.5", WAIT), "%s", ejvt_screen(v));
    c = codes(misha, "2026-11-26");
    ck_assert(strncmp(c, "Б", strlen("Б")) == 0);
    free(c);
    /* Del on that lesson: clearing a reason is the subject teacher's too — refused. */
    /* Tomorrow: a parent's note for Гусева, excused, entered ahead. */
    ejvt_key(v, "F8");
    ck_assert_msg(ejvt_wait(v, "пятница, 27 ноября 2026", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "Home");
    to_pupil(v, "Гусева Наталья");
    ejvt_send(v, "у");
    ck_assert_msg(ejvt_wait(v, "Сохранено", WAIT), "%s", ejvt_screen(v));
    c = codes(guseva, "2026-11-27");
    ck_assert_msg(strspn(c, "У") == strlen(c) && *c, "%s", c);
    free(c);
    /* Changed her mind: Del clears the whole day. */
    to_pupil(v, "Гусева Наталья");
    ejvt_key(v, "Del");
    /* "Сохранено" is still there from the last save: wait for her row to clear. */
    bool cleared = false;
    for (int i = 0; i < 100 && !cleared; i++) {
        ejvt_pump(v, 50);
        int r = ejvt_find_row(v, "Гусева Наталья");
        char *t = r >= 0 ? ejvt_row(v, r) : NULL;
        cleared = t && !strstr(t, "У");
        free(t);
    }
    ck_assert_msg(cleared, "%s", ejvt_screen(v));
    c = codes(guseva, "2026-11-27");
    ck_assert_msg(strspn(c, ".") == strlen(c), "%s", c);
    free(c);
    /* Back to today; another session (petrov, Алгебра) marks Гусева Н: it shows. */
    ejvt_key(v, "F6");
    ck_assert_msg(ejvt_wait(v, "четверг, 26 ноября 2026", WAIT), "%s", ejvt_screen(v));
    long long alg = ejt_qll(db, "SELECT l.id FROM lesson l JOIN course co ON co.id = l.course_id "
                                "JOIN class cl ON cl.id = co.class_id JOIN subject s ON s.id = co.subject_id "
                                "WHERE cl.grade = 7 AND cl.letter = 'А' AND s.name = 'Алгебра' "
                                "AND l.date = '2026-11-26'");
    int st;
    char *args = ejt_fmt("journal mark %lld %lld Н", alg, guseva);
    char *out = ejt_run_as(db, "petrov", args, true, &st);
    ck_assert_msg(st == 0, "%s", out);
    free(out);
    free(args);
    int row = -1;
    for (int i = 0; i < 60 && row < 0; i++) {
        ejvt_pump(v, 50);
        int r = ejvt_find_row(v, "Гусева Наталья");
        char *t = r >= 0 ? ejvt_row(v, r) : NULL;
        if (t && strstr(t, "Н"))
            row = r;
        free(t);
    }
    ck_assert_msg(row >= 0, "the other session's Н did not show:\n%s", ejvt_screen(v));
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
}
END_TEST

START_TEST(not_a_class_teacher)
{
    db = ejt_db_new();
    struct ejvt *v = ejvt_start(db, "petrov", 24, 80, NULL, NULL);
    ck_assert_msg(ejvt_wait(v, "журналы", WAIT) || ejvt_wait(v, "Журналы", 1000), "%s", ejvt_screen(v));
    ck_assert(!ejvt_has(v, "Мой класс"));
    ck_assert(!ejvt_has(v, "4Класс"));
    ejvt_key(v, "F4");
    ejvt_pump(v, 300);
    ck_assert(!ejvt_has(v, "посещаемость ·"));
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
}
END_TEST

START_TEST(commands)
{
    db = ejt_db_new();
    long long misha = pupil_named("Соколов", "Михаил");
    int st;
    char *out = ejt_run_as(db, "ivanova", "attendance --class 7А --date 25.11.2026", false, &st);
    ck_assert_msg(st == 0 && strstr(out, "# 7А\t2026-11-25\npupil\tname\t1 Физ-ра\t2 Геом"), "%s", out);
    ck_assert_msg(strstr(out, "\tГусева Наталья\tН\tН\tН\tН\tН\tН\n"), "%s", out);
    free(out);
    /* The whole day ahead, then one lesson; a group's lesson is "-". */
    char *args = ejt_fmt("attendance set --class 7А --pupil %lld --code Б --date 27.11.2026", misha);
    out = ejt_run_as(db, "ivanova", args, false, &st);
    ck_assert_msg(st == 0 && !strcmp(out, "saved\t5\n"), "%d %s", st, out);
    free(out);
    free(args);
    out = ejt_run_as(db, "ivanova", "attendance --class 7А --date 2026-11-27", false, &st);
    ck_assert_msg(strstr(out, "\tСоколов Михаил\tБ\t-\tБ\tБ\tБ\tБ\n"), "%s", out);
    free(out);
    /* Н for the whole day by the class teacher: other teachers' lessons — refused,
     * all or nothing. */
    args = ejt_fmt("attendance set --class 7А --pupil %lld --code Н --date 27.11.2026", misha);
    out = ejt_run_as(db, "ivanova", args, true, &st);
    ck_assert_int_eq(st, 1);
    free(out);
    free(args);
    /* The subject teacher may not withdraw the reason the class teacher set. */
    long long alg27 = ejt_qll(db, "SELECT l.id FROM lesson l JOIN course co ON co.id = l.course_id "
                                  "JOIN class cl ON cl.id = co.class_id JOIN subject s ON s.id = co.subject_id "
                                  "WHERE cl.grade = 7 AND cl.letter = 'А' AND s.name = 'Алгебра' "
                                  "AND l.date = '2026-11-27'");
    args = ejt_fmt("journal mark %lld %lld -", alg27, misha);
    out = ejt_run_as(db, "petrov", args, true, &st);
    ck_assert_msg(st == 1, "%d %s", st, out);
    free(out);
    free(args);
    char *c = codes(misha, "2026-11-27");
    ck_assert_msg(strspn(c, "Б") == strlen(c), "%s", c);
    free(c);
    /* The subject teacher sets Н on their own lesson by number. */
    args = ejt_fmt("attendance set --class 7А --pupil %lld --code Н --date 26.11.2026 --lesson 1", misha);
    out = ejt_run_as(db, "petrov", args, true, &st);
    ck_assert_int_eq(st, 1); /* petrov is no class teacher: CLASS_READ refuses the day */
    free(out);
    free(args);
    /* Summary: lessons missed by reason. */
    out = ejt_run_as(db, "ivanova", "attendance summary --class 7А --week 25.11.2026", false, &st);
    ck_assert_msg(st == 0 && strstr(out, "# 7А\t2026-11-23\t2026-11-29\n"), "%s", out);
    ck_assert_msg(strstr(out, "\tСоколов Михаил\t"), "%s", out);
    char *line = strstr(out, "\tГусева Наталья\t");
    ck_assert(line);
    int lessons, missed, n, b, u;
    ck_assert_int_eq(sscanf(line, "\tГусева Наталья\t%d\t%d\t%d\t%d\t%d", &lessons, &missed, &n, &b, &u), 5);
    ck_assert_int_ge(n, 6);
    ck_assert_int_eq(missed, n + b + u);
    free(out);
    /* Refusals and usage. */
    const char *bad[] = { "attendance --class 7Б", "attendance set --class 7А --pupil 1 --code Б",
                          "attendance set --class 7А --pupil 999999 --code X" };
    int want[] = { 1, 1, 1 };
    for (int i = 0; i < 3; i++) {
        out = ejt_run_as(db, "ivanova", bad[i], false, &st);
        ck_assert_msg(st == want[i] && !*out, "`%s`: %d %s", bad[i], st, out);
        free(out);
    }
    const char *usage[] = { "attendance", "attendance --class 7А --date 31.02.2026",
                            "attendance set --class 7А", "attendance summary --class 7А --from 01.09.2026",
                            "attendance --class 7А --bogus 1", "attendance set --class 7А --pupil x --code Б" };
    for (size_t i = 0; i < sizeof usage / sizeof usage[0]; i++) {
        out = ejt_run_as(db, "ivanova", usage[i], false, &st);
        ck_assert_msg(st == 2 && !*out, "`%s`: %d %s", usage[i], st, out);
        free(out);
    }
    out = ejt_run_as(db, "roditel", "attendance --class 7А", false, &st);
    ck_assert_int_eq(st, 1);
    free(out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("screen-attendance");
    TCase *tc = ejt_tcase("attendance", 120);
    tcase_add_test(tc, class_teacher_day);
    tcase_add_test(tc, not_a_class_teacher);
    tcase_add_test(tc, commands);
    suite_add_tcase(s, tc);
    return ejt_run(s, "screen-attendance");
}
