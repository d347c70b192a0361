/* tests/screen/groups — a class's study groups on the real ejournal through libvterm: from the pupils list (F5 on a 7А pupil) the secretary adds a group (a duplicate name refused), takes a pupil out of his English group from a date and puts him into the new one (first refused while he is still in the other), each shown only after the commit; the class teacher sees the groups without the keys that change them. */
#include "ejtest.h"
#include "ejvt.h"

#include <stdlib.h>
#include <string.h>

#define WAIT 30000 /* generous: CI machines may be loaded; a pass is usually instant */

static const char *db;

static void down(struct ejvt *v, long long n)
{
    for (long long i = 0; i < n; i++)
        ejvt_key(v, "Down");
}

/* From the home screen to the groups of 7А, through Соколов Михаил in the pupils list. */
static void open_groups(struct ejvt *v)
{
    ck_assert_msg(ejvt_wait(v, "6Ученики", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "F6");
    ck_assert_msg(ejvt_wait(v, "Ученики · все классы", WAIT), "%s", ejvt_screen(v));
    ejvt_send(v, "соколов");
    ck_assert(ejvt_wait(v, "поиск: соколов", WAIT));
    if (!ejvt_has(v, "· 1 из "))
        ejvt_key(v, "Down"); /* the secretary sees his sister (3Б) first */
    ejvt_key(v, "F5");
    ck_assert_msg(ejvt_wait(v, "Учебные группы · 7А", WAIT), "%s", ejvt_screen(v));
}

START_TEST(secretary_edits_groups)
{
    db = ejt_db_new();
    long long misha = ejt_qll(db, "SELECT id FROM pupil WHERE surname = 'Соколов' AND name = 'Михаил'");
    struct ejvt *v = ejvt_start(db, "sekretar", 24, 100, NULL, NULL);
    open_groups(v);
    ck_assert_msg(ejvt_has(v, "1 группа") && ejvt_has(v, "7Группа+"), "%s", ejvt_screen(v));
    /* A new group for English; the same name again is refused. */
    ejvt_key(v, "F7");
    ck_assert_msg(ejvt_wait(v, "Предмет (", WAIT), "%s", ejvt_screen(v));
    ejvt_retype(v, "Англ");
    ck_assert_msg(ejvt_wait(v, "Название группы:", WAIT), "%s", ejvt_screen(v));
    ejvt_retype(v, "Сильная");
    ck_assert_msg(ejvt_wait_gone(v, "Название группы:", WAIT), "%s", ejvt_screen(v));
    ck_assert_msg(ejvt_wait(v, "Сильная", WAIT), "%s", ejvt_screen(v));
    long long groups = ejt_qll(db, "SELECT count(*) FROM study_group");
    ejvt_key(v, "F7");
    ck_assert_msg(ejvt_wait(v, "Предмет (", WAIT), "%s", ejvt_screen(v));
    ejvt_retype(v, "Англ");
    ck_assert_msg(ejvt_wait(v, "Название группы:", WAIT), "%s", ejvt_screen(v));
    ejvt_retype(v, "сильная");
    ck_assert_msg(ejvt_wait(v, "уже есть группа «сильная»", WAIT), "%s", ejvt_screen(v));
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM study_group"), groups);
    /* English groups come first: «1 группа», «2 группа», «Сильная». */
    down(v, 2);
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "Группа «Сильная»", WAIT) && ejvt_wait(v, "В группе никого нет", WAIT), "%s",
                  ejvt_screen(v));
    /* Миша is in «2 группа»: refused, nothing written. */
    long long k = ejt_qll(db, "SELECT n - 1 FROM (SELECT p.id, row_number() OVER (ORDER BY p.surname COLLATE \"ru-x-icu\", "
                              "p.name COLLATE \"ru-x-icu\", p.patronymic COLLATE \"ru-x-icu\", p.id) n FROM pupil p "
                              "JOIN enrollment e ON e.pupil_id = p.id JOIN class cl ON cl.id = e.class_id "
                              "WHERE cl.grade = 7 AND cl.letter = 'А' AND upper_inf(e.during)) x WHERE id = %lld", misha);
    long long members = ejt_qll(db, "SELECT count(*) FROM group_member");
    ejvt_key(v, "F7");
    ck_assert_msg(ejvt_wait(v, "В группу «Сильная»", WAIT), "%s", ejvt_screen(v));
    down(v, k);
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "С какого дня в группе", WAIT), "%s", ejvt_screen(v));
    ejvt_retype(v, "01.12.2026");
    ck_assert_msg(ejvt_wait(v, "в группе «2 группа» по этому предмету", WAIT), "%s", ejvt_screen(v));
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM group_member"), members);
    /* Out of «2 группа» from 01.12: his spell there now ends on 30.11. */
    ejvt_key(v, "Esc");
    ck_assert_msg(ejvt_wait(v, "Учебные группы · 7А", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "Up");
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "Группа «2 группа»", WAIT), "%s", ejvt_screen(v));
    long long g2 = ejt_qll(db, "SELECT g.id FROM study_group g JOIN class cl ON cl.id = g.class_id JOIN subject su "
                               "ON su.id = g.subject_id WHERE cl.grade = 7 AND cl.letter = 'А' AND g.name = '2 группа' "
                               "AND su.name LIKE 'Иностранный%%'");
    long long m = ejt_qll(db, "SELECT n - 1 FROM (SELECT gm.pupil_id, row_number() OVER (ORDER BY p.surname COLLATE "
                              "\"ru-x-icu\", p.name COLLATE \"ru-x-icu\", p.id, lower(gm.during)) n FROM group_member gm "
                              "JOIN pupil p ON p.id = gm.pupil_id WHERE gm.group_id = %lld) x WHERE pupil_id = %lld",
                      g2, misha);
    down(v, m);
    ejvt_key(v, "F8");
    ck_assert_msg(ejvt_wait(v, "С какого дня не в группе", WAIT), "%s", ejvt_screen(v));
    ejvt_retype(v, "01.12.2026");
    ck_assert_msg(ejvt_wait(v, "01.09.2026 – 30.11.2026", WAIT), "%s", ejvt_screen(v));
    /* Now into «Сильная». */
    ejvt_key(v, "Esc");
    ck_assert_msg(ejvt_wait(v, "Учебные группы · 7А", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "Down");
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "Группа «Сильная»", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "F7");
    ck_assert_msg(ejvt_wait(v, "В группу «Сильная»", WAIT), "%s", ejvt_screen(v));
    down(v, k);
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "С какого дня в группе", WAIT), "%s", ejvt_screen(v));
    ejvt_retype(v, "01.12.2026");
    ck_assert_msg(ejvt_wait(v, "с 01.12.2026", WAIT), "%s", ejvt_screen(v));
    ck_assert_msg(ejvt_has(v, "Соколов Михаил"), "%s", ejvt_screen(v));
    ck_assert_str_eq(ejt_q(db, "SELECT during::text FROM group_member gm JOIN study_group g ON g.id = gm.group_id "
                               "WHERE g.name = 'Сильная' AND gm.pupil_id = %lld", misha),
                     "[2026-12-01,)");
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
}
END_TEST

START_TEST(class_teacher_reads)
{
    db = ejt_db_new();
    struct ejvt *v = ejvt_start(db, "ivanova", 24, 100, NULL, NULL);
    open_groups(v);
    ck_assert_msg(ejvt_has(v, "1 группа") && !ejvt_has(v, "7Группа+") && !ejvt_has(v, "8Удалить"), "%s",
                  ejvt_screen(v));
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "Группа «1 группа»", WAIT), "%s", ejvt_screen(v));
    ck_assert_msg(!ejvt_has(v, "7Включ."), "%s", ejvt_screen(v));
    ejvt_key(v, "F7");
    ck_assert_msg(ejvt_wait(v, "только секретарь", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("screen-groups");
    TCase *tc = ejt_tcase("groups", 180);
    tcase_add_test(tc, secretary_edits_groups);
    tcase_add_test(tc, class_teacher_reads);
    suite_add_tcase(s, tc);
    return ejt_run(s, "screen/groups");
}
