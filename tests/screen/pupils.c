/* tests/screen/pupils — the pupils list on the real ejournal through libvterm: the secretary opens it from the home screen (F6), typing a surname in lower case narrows the list (Backspace widens it), F3 steps through the classes, Enter opens the card with the parents and the history; a class teacher sees only their class, a subject teacher gets no such key. */
#include "ejtest.h"
#include "ejvt.h"

#include <stdlib.h>
#include <string.h>

#define WAIT 30000 /* generous: CI machines may be loaded; a pass is usually instant */

static const char *db;

START_TEST(secretary_searches)
{
    db = ejt_db_new();
    struct ejvt *v = ejvt_start(db, "sekretar", 24, 100, NULL, NULL);
    ck_assert_msg(ejvt_wait(v, "6Ученики", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "F6");
    ck_assert_msg(ejvt_wait(v, "Ученики · все классы", WAIT), "%s", ejvt_screen(v));
    ejvt_send(v, "соколов");
    ck_assert_msg(ejvt_wait(v, "поиск: соколов", WAIT), "%s", ejvt_screen(v));
    ck_assert_msg(ejvt_has(v, "· 2 из ") && ejvt_has(v, "Соколова Анна") && ejvt_has(v, "Соколов Михаил"),
                  "%s", ejvt_screen(v));
    ejvt_send(v, "а");
    ck_assert_msg(ejvt_wait(v, "· 1 из ", WAIT), "%s", ejvt_screen(v));
    ck_assert(!ejvt_has(v, "Соколов Михаил"));
    ejvt_key(v, "Backspace");
    ck_assert_msg(ejvt_wait(v, "· 2 из ", WAIT), "%s", ejvt_screen(v));
    /* The card of the first (3Б before 7А): parents and history. */
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "История:", WAIT), "%s", ejvt_screen(v));
    ck_assert(ejvt_has(v, "мать") && ejvt_has(v, "Соколова"));
    ejvt_key(v, "Esc");
    ejvt_pump(v, 300);
    for (int i = 0; i < 8; i++)
        ejvt_key(v, "Backspace");
    ck_assert_msg(ejvt_wait(v, "поиск: наберите фамилию", WAIT), "%s", ejvt_screen(v));
    /* F4: transfer Соколов Михаил to 7Б from 30.11 with an order — then he shows in 7Б. */
    ejvt_send(v, "соколов");
    ck_assert(ejvt_wait(v, "· 2 из ", WAIT));
    ejvt_key(v, "Down");
    ejvt_key(v, "F4");
    ck_assert_msg(ejvt_wait(v, "В класс", WAIT), "%s", ejvt_screen(v));
    ejvt_send(v, "7Б\r");
    ck_assert_msg(ejvt_wait(v, "С какого дня", WAIT), "%s", ejvt_screen(v));
    for (int i = 0; i < 12; i++)
        ejvt_key(v, "Backspace");
    ejvt_send(v, "30.11.2026\r");
    ck_assert_msg(ejvt_wait(v, "Номер приказа", WAIT), "%s", ejvt_screen(v));
    ejvt_send(v, "115-у\r");
    ck_assert_msg(ejvt_wait(v, "Сохранено", WAIT), "%s", ejvt_screen(v));
    ck_assert_str_eq(ejt_q(db, "SELECT string_agg(cl.grade::text || cl.letter, ',' ORDER BY lower(e.during)) "
                               "FROM enrollment e JOIN class cl ON cl.id = e.class_id JOIN pupil p ON p.id = e.pupil_id "
                               "WHERE p.surname = 'Соколов' AND p.name = 'Михаил'"),
                     "7А,7Б");
    for (int i = 0; i < 8; i++)
        ejvt_key(v, "Backspace");
    ck_assert_msg(ejvt_wait(v, "поиск: наберите фамилию", WAIT), "%s", ejvt_screen(v));
    /* F3: one class at a time. */
    ejvt_key(v, "Backspace");
    for (int i = 0; i < 7; i++)
        ejvt_key(v, "Backspace");
    ejvt_key(v, "F3");
    ck_assert_msg(ejvt_wait(v, "Ученики · 1А", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
}
END_TEST

START_TEST(class_teacher_and_teacher)
{
    db = ejt_db_new();
    struct ejvt *v = ejvt_start(db, "ivanova", 24, 100, NULL, NULL);
    ck_assert_msg(ejvt_wait(v, "6Ученики", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "F6");
    ck_assert_msg(ejvt_wait(v, "Ученики · все классы", WAIT), "%s", ejvt_screen(v));
    long long n7a = ejt_qll(db, "SELECT count(*) FROM enrollment e JOIN class cl ON cl.id = e.class_id "
                                "WHERE cl.grade = 7 AND cl.letter = 'А' AND upper_inf(e.during)");
    char *want = ejt_fmt("· %lld из %lld ·", n7a, n7a);
    ck_assert_msg(ejvt_has(v, want), "%s\n%s", want, ejvt_screen(v));
    free(want);
    ck_assert(!ejvt_has(v, "3Б"));
    ck_assert(!ejvt_has(v, "4Перевод")); /* moves are the secretary's */
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
    v = ejvt_start(db, "petrov", 24, 100, NULL, NULL);
    ck_assert_msg(ejvt_wait(v, "10Выход", WAIT), "%s", ejvt_screen(v));
    ck_assert(!ejvt_has(v, "6Ученики"));
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("screen-pupils");
    TCase *tc = ejt_tcase("pupils", 120);
    tcase_add_test(tc, secretary_searches);
    tcase_add_test(tc, class_teacher_and_teacher);
    suite_add_tcase(s, tc);
    return ejt_run(s, "screen-pupils");
}
