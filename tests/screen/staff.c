/* tests/screen/staff — the staff screen on the real ejournal through libvterm: HR opens it from the home screen (F7), typing a surname narrows the list, F7 adds a member of staff with an account whose temporary password is shown once (an empty surname refused, nobody added), F8 deactivates a leaver only after «да» (the account locked); the deputy director reads the list without the keys that change it, the secretary does not get the screen. */
#include "ejtest.h"
#include "ejvt.h"

#include <stdlib.h>
#include <string.h>

#define WAIT 30000 /* generous: CI machines may be loaded; a pass is usually instant */

static const char *db;

/* F7 and the five prompts, then the first role (учитель). */
static void add_form(struct ejvt *v, const char *const answers[5])
{
    static const char *const prompts[] = { "Фамилия:", "Имя:", "Отчество:", "Должность:", "Предметы" };
    ejvt_key(v, "F7");
    for (int i = 0; i < 5; i++) {
        ck_assert_msg(ejvt_wait(v, prompts[i], WAIT), "%s\n%s", prompts[i], ejvt_screen(v));
        ejvt_retype(v, answers[i]);
    }
    ck_assert_msg(ejvt_wait(v, "Роль учётной записи", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "Enter");
}

START_TEST(hr_adds_and_deactivates)
{
    db = ejt_db_new();
    struct ejvt *v = ejvt_start(db, "kadry", 24, 100, NULL, NULL);
    ck_assert_msg(ejvt_wait(v, "7Кадры", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "F7");
    ck_assert_msg(ejvt_wait(v, "Сотрудники · ", WAIT), "%s", ejvt_screen(v));
    ck_assert_msg(ejvt_has(v, "7Принять") && ejvt_has(v, "8Уволить"), "%s", ejvt_screen(v));
    ejvt_send(v, "петр");
    ck_assert_msg(ejvt_wait(v, "поиск: петр", WAIT), "%s", ejvt_screen(v));
    ck_assert_msg(ejvt_has(v, "Петров") && !ejvt_has(v, "Иванова"), "%s", ejvt_screen(v));
    /* An empty surname: refused with the field named, nobody added. */
    long long staff = ejt_qll(db, "SELECT count(*) FROM staff");
    const char *bad[] = { "", "Елена", "", "", "" };
    add_form(v, bad);
    ck_assert_msg(ejvt_wait(v, "Фамилия: обязательное поле", WAIT), "%s", ejvt_screen(v));
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM staff"), staff);
    /* A chemistry teacher: the login and the password, once. */
    const char *good[] = { "Орлова", "Елена", "Павловна", "учитель химии", "Химия" };
    add_form(v, good);
    ck_assert_msg(ejvt_wait(v, "Временный пароль", WAIT), "%s", ejvt_screen(v));
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM staff"), staff + 1);
    char *login = ejt_q(db, "SELECT a.login FROM account a JOIN account_role ar ON ar.account_id = a.id "
                            "JOIN staff s ON s.id = ar.staff_id WHERE s.surname = 'Орлова' AND a.must_change");
    ck_assert_msg(*login && ejvt_has(v, login), "%s\n%s", login, ejvt_screen(v));
    free(login);
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait_gone(v, "Временный пароль", WAIT), "%s", ejvt_screen(v));
    /* F8 on Петров: «нет» changes nothing, «да» locks the account. */
    long long petrov = ejt_qll(db, "SELECT s.id FROM staff s JOIN account_role ar ON ar.staff_id = s.id "
                                   "JOIN account a ON a.id = ar.account_id WHERE a.login = 'petrov'");
    ejvt_key(v, "F8");
    ck_assert_msg(ejvt_wait(v, "Уволить Петров", WAIT), "%s", ejvt_screen(v));
    ejvt_send(v, "н");
    ck_assert_msg(ejvt_wait_gone(v, "Уволить Петров", WAIT), "%s", ejvt_screen(v));
    ck_assert_str_eq(ejt_q(db, "SELECT active::text FROM staff WHERE id = %lld", petrov), "true");
    ejvt_key(v, "F8");
    ck_assert_msg(ejvt_wait(v, "Уволить Петров", WAIT), "%s", ejvt_screen(v));
    ejvt_send(v, "д");
    ck_assert_msg(ejvt_wait(v, "уволен", WAIT), "%s", ejvt_screen(v));
    ck_assert_str_eq(ejt_q(db, "SELECT active::text FROM staff WHERE id = %lld", petrov), "false");
    ck_assert_str_eq(ejt_q(db, "SELECT locked::text FROM account WHERE login = 'petrov'"), "true");
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
}
END_TEST

/* F4: HR changes a teacher's position and subjects. */
START_TEST(hr_edits)
{
    db = ejt_db_new();
    struct ejvt *v = ejvt_start(db, "kadry", 24, 100, NULL, NULL);
    ck_assert_msg(ejvt_wait(v, "7Кадры", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "F7");
    ck_assert_msg(ejvt_wait(v, "Сотрудники · ", WAIT), "%s", ejvt_screen(v));
    ejvt_send(v, "петров");
    ck_assert_msg(ejvt_wait(v, "поиск: петров", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "F4");
    ck_assert_msg(ejvt_wait(v, "Должность:", WAIT), "%s", ejvt_screen(v));
    for (int i = 0; i < 60; i++)
        ejvt_key(v, "Backspace");
    ejvt_send(v, "завуч по ИКТ\r");
    ck_assert_msg(ejvt_wait(v, "Предметы через запятую:", WAIT), "%s", ejvt_screen(v));
    for (int i = 0; i < 80; i++)
        ejvt_key(v, "Backspace");
    ejvt_send(v, "Информатика\r");
    ck_assert_msg(ejvt_wait(v, "завуч по ИКТ", WAIT), "%s", ejvt_screen(v));
    ck_assert_str_eq(ejt_q(db, "SELECT string_agg(su.name, ',') FROM staff_subject ss JOIN subject su "
                               "ON su.id = ss.subject_id JOIN staff st ON st.id = ss.staff_id "
                               "WHERE st.surname = 'Петров'"),
                     "Информатика");
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
}
END_TEST

START_TEST(who_sees_it)
{
    db = ejt_db_new();
    struct ejvt *v = ejvt_start(db, "zavuch", 24, 100, NULL, NULL);
    ck_assert_msg(ejvt_wait(v, "7Кадры", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "F7");
    ck_assert_msg(ejvt_wait(v, "Сотрудники · ", WAIT), "%s", ejvt_screen(v));
    ck_assert_msg(!ejvt_has(v, "7Принять") && !ejvt_has(v, "8Уволить"), "%s", ejvt_screen(v));
    long long staff = ejt_qll(db, "SELECT count(*) FROM staff");
    ejvt_key(v, "F7"); /* not bound for the deputy's rights: nothing happens */
    ejvt_pump(v, 500);
    ck_assert(!ejvt_has(v, "Фамилия:"));
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM staff"), staff);
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
    v = ejvt_start(db, "sekretar", 24, 100, NULL, NULL);
    ck_assert_msg(ejvt_wait(v, "6Ученики", WAIT), "%s", ejvt_screen(v));
    ck_assert_msg(!ejvt_has(v, "7Кадры"), "%s", ejvt_screen(v));
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("screen-staff");
    TCase *tc = ejt_tcase("staff", 180);
    tcase_add_test(tc, hr_adds_and_deactivates);
    tcase_add_test(tc, who_sees_it);
    tcase_add_test(tc, hr_edits);
    suite_add_tcase(s, tc);
    return ejt_run(s, "screen/staff");
}
