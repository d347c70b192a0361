/* tests/db/groups — editing study groups on the demo school through the real `ejournal classes groups` command and common/db-groups.c: the secretary creates, renames and deletes (only an empty) group, puts pupils in and takes them out from a date with the history kept and audited; a pupil of another class, an unknown pupil or group, a bad date, a duplicate name or membership, a pupil still in the subject's other group and marks after the date are each refused in Russian with nothing changed; others may not edit; the members' CSV export imports back, a bad list is named by line and writes nothing. */
#include "ejtest.h"

#include <stdlib.h>
#include <string.h>

static const char *db;

static long long pupil_named(const char *surname, const char *name)
{
    long long id = ejt_qll(db, "SELECT id FROM pupil WHERE surname = '%s' AND name = '%s'", surname, name);
    ck_assert_msg(id > 0, "no pupil %s %s", surname, name);
    return id;
}

/* The id of group `name` of 7А for English. */
static long long english(const char *name)
{
    return ejt_qll(db, "SELECT g.id FROM study_group g JOIN class cl ON cl.id = g.class_id "
                       "JOIN subject su ON su.id = g.subject_id WHERE cl.grade = 7 AND cl.letter = 'А' "
                       "AND su.name = 'Иностранный язык (английский)' AND g.name = '%s'", name);
}

static long long count(const char *table)
{
    return ejt_qll(db, "SELECT count(*) FROM %s", table);
}

/* `ejournal classes groups ARGS` as login; exit status wanted, stderr must hold `msg`. */
static char *expect(const char *login, const char *args, int status, const char *msg)
{
    char *a = ejt_fmt("classes groups %s", args);
    struct ejt_run r = ejt_run_in(db, login, a, NULL);
    ck_assert_msg(r.status == status && (!msg || strstr(r.err, msg)), "`%s` as %s: %d\n%s%s", a, login,
                  r.status, r.out, r.err);
    free(a);
    free(r.err);
    return r.out;
}

START_TEST(create_rename_delete)
{
    db = ejt_db_new();
    long long audit = ejt_qll(db, "SELECT count(*) FROM audit WHERE tbl = 'study_group'");
    char *out = expect("sekretar", "list --class 7А", 0, NULL);
    char *want = ejt_fmt("%lld\tИностранный язык (английский)\t1 группа\t", english("1 группа"));
    ck_assert_msg(strstr(out, want), "%s", out);
    free(want);
    free(out);
    out = expect("sekretar", "add --class 7А --subject 'иностранный язык (английский)' --name '3 группа'", 0, NULL);
    ck_assert_msg(!strncmp(out, "added\t", 6), "%s", out);
    long long g3 = atoll(out + 6);
    free(out);
    ck_assert_int_eq(g3, english("3 группа"));
    long long groups = count("study_group");
    /* Refused, nothing added: a duplicate (any case), an unknown subject or class, an empty name. */
    free(expect("sekretar", "add --class 7А --subject Англ --name '3 ГРУППА'", 1, "уже есть группа «3 ГРУППА»"));
    free(expect("sekretar", "add --class 7А --subject Астрология --name A", 1, "нет предмета «Астрология»"));
    free(expect("sekretar", "add --class 7Я --subject Англ --name A", 1, NULL));
    free(expect("sekretar", "add --class 7А --subject Англ --name ''", 1, "Название группы"));
    free(expect("sekretar", "add --class 7А --subject Англ", 2, NULL));
    /* Only the secretary: not a teacher, not the class teacher, not HR. */
    const char *others[] = { "petrov", "ivanova", "kadry" };
    for (int i = 0; i < 3; i++)
        free(expect(others[i], "add --class 7А --subject Англ --name '4 группа'", 1, NULL));
    ck_assert_int_eq(count("study_group"), groups);
    /* Rename; a name another group has is refused. */
    char *a = ejt_fmt("rename --group %lld --name 'Группа Б'", g3);
    free(expect("sekretar", a, 0, NULL));
    free(a);
    ck_assert_str_eq(ejt_q(db, "SELECT name FROM study_group WHERE id = %lld", g3), "Группа Б");
    a = ejt_fmt("rename --group %lld --name '1 группа'", g3);
    free(expect("sekretar", a, 1, "уже есть группа «1 группа»"));
    free(a);
    free(expect("sekretar", "rename --group 999999 --name X", 1, "нет учебной группы 999999"));
    /* Delete: not a group with pupils (its history), nor one with a journal; the empty one goes. */
    a = ejt_fmt("delete --group %lld", english("1 группа"));
    free(expect("sekretar", a, 1, "хранит их историю"));
    free(a);
    ck_assert_int_gt(english("1 группа"), 0);
    a = ejt_fmt("delete --group %lld", g3);
    free(expect("petrov", a, 1, NULL));
    free(expect("sekretar", a, 0, NULL));
    free(a);
    ck_assert_int_eq(count("study_group"), groups - 1);
    /* Audited: the insert, the rename, the delete, by the secretary. */
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM audit WHERE tbl = 'study_group' AND account_id = %lld",
                             ejt_account(db, "sekretar")), 3);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM audit WHERE tbl = 'study_group'"), audit + 3);
}
END_TEST

START_TEST(members_in_and_out)
{
    db = ejt_db_new();
    long long misha = pupil_named("Соколов", "Михаил"), anna = pupil_named("Соколова", "Анна");
    long long g1 = english("1 группа"), g2 = english("2 группа");
    char *out = expect("sekretar", "add --class 7А --subject Англ --name 'Продвинутая'", 0, NULL);
    long long g3 = atoll(out + 6);
    free(out);
    long long members = count("group_member");
    /* Миша is in «2 группа» for English: not in a second group of the subject at once. */
    char *a = ejt_fmt("put --group %lld --pupil %lld --date 01.12.2026", g3, misha);
    free(expect("sekretar", a, 1, "в группе «2 группа» по этому предмету"));
    /* Анна is in 3Б: refused by name and class; so is a list with her in it. */
    char *b = ejt_fmt("put --group %lld --pupil %lld --date 01.12.2026", g1, anna);
    free(expect("sekretar", b, 1, "Соколова Анна не учится в классе 7А на 01.12.2026"));
    free(b);
    b = ejt_fmt("put --group %lld --pupil 999999 --date 01.12.2026", g1);
    free(expect("sekretar", b, 1, "нет ученика с номером 999999"));
    free(b);
    b = ejt_fmt("put --group %lld --pupil %lld --date 31.02.2026", g1, misha);
    free(expect("sekretar", b, 1, "31.02.2026"));
    free(b);
    b = ejt_fmt("put --group 999999 --pupil %lld --date 01.12.2026", misha);
    free(expect("sekretar", b, 1, "нет учебной группы"));
    free(b);
    b = ejt_fmt("put --group %lld --pupil %lld --date 01.12.2026", g2, misha);
    free(expect("sekretar", b, 1, "уже в группе «2 группа» с 01.09.2026"));
    free(b);
    b = ejt_fmt("put --group %lld --pupil %lld --date 01.12.2026", g3, misha);
    free(expect("ivanova", b, 1, NULL));
    free(b);
    /* Out of «2 группа» in September: his marks there are after that, refused. */
    b = ejt_fmt("remove --group %lld --pupil %lld --date 15.09.2026", g2, misha);
    free(expect("sekretar", b, 1, "поставьте дату после них"));
    free(b);
    b = ejt_fmt("remove --group %lld --pupil %lld --date 01.12.2026", g1, misha);
    free(expect("sekretar", b, 1, "не в группе «1 группа» на 01.12.2026"));
    free(b);
    ck_assert_int_eq(count("group_member"), members);
    /* From 01.12 out of «2 группа» and into the new one: the history keeps both. */
    b = ejt_fmt("remove --group %lld --pupil %lld --date 01.12.2026", g2, misha);
    out = expect("sekretar", b, 0, NULL);
    ck_assert_str_eq(out, "removed\t1\n");
    free(out);
    free(b);
    free(expect("sekretar", a, 0, NULL));
    free(a);
    ck_assert_str_eq(ejt_q(db, "SELECT string_agg(g.name || ' ' || gm.during::text, ', ' ORDER BY lower(gm.during)) "
                               "FROM group_member gm JOIN study_group g ON g.id = gm.group_id "
                               "JOIN subject su ON su.id = g.subject_id "
                               "WHERE gm.pupil_id = %lld AND su.name LIKE 'Иностранный%%'", misha),
                     "2 группа [2026-09-01,2026-12-01), Продвинутая [2026-12-01,)");
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM audit WHERE tbl = 'group_member' AND account_id = %lld",
                             ejt_account(db, "sekretar")), 2);
    /* Members: now, on a date, every spell; the class teacher may read them. */
    a = ejt_fmt("members --group %lld", g3);
    out = expect("ivanova", a, 0, NULL);
    char *want = ejt_fmt("%lld\tСоколов\tМихаил\t", misha);
    ck_assert_msg(strstr(out, want) && strstr(out, "\t2026-12-01\t\n"), "%s", out);
    free(want);
    free(out);
    free(expect("petrov", a, 1, NULL));
    free(a);
    a = ejt_fmt("members --group %lld --date 26.11.2026", g2);
    out = expect("sekretar", a, 0, NULL);
    ck_assert_msg(strstr(out, "\tСоколов\tМихаил\tИгоревич\t2026-09-01\t2026-12-01\n"), "%s", out);
    free(out);
    free(a);
    a = ejt_fmt("members --group %lld --date 02.12.2026", g2);
    out = expect("sekretar", a, 0, NULL);
    ck_assert_msg(!strstr(out, "Соколов\tМихаил"), "%s", out);
    free(out);
    free(a);
    /* Taken out on the first day: the spell never was. */
    a = ejt_fmt("remove --group %lld --pupil %lld --date 01.12.2026", g3, misha);
    free(expect("sekretar", a, 0, NULL));
    free(a);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM group_member WHERE group_id = %lld", g3), 0);
    /* Several at once: all or none. */
    long long dasha = ejt_qll(db, "SELECT gm.pupil_id FROM group_member gm WHERE gm.group_id = %lld "
                                  "AND gm.pupil_id <> %lld AND upper_inf(gm.during) LIMIT 1", g2, misha);
    members = count("group_member");
    a = ejt_fmt("remove --group %lld --pupil %lld,%lld --date 01.12.2026", g2, dasha, misha);
    free(expect("sekretar", a, 1, "не в группе"));
    free(a);
    ck_assert_int_eq(count("group_member"), members);
    free(expect("sekretar", "put --group 1 --pupil x --date 01.12.2026", 2, NULL));
}
END_TEST

START_TEST(members_csv)
{
    db = ejt_db_new();
    long long g1 = english("1 группа");
    char *out = expect("sekretar", "add --class 7А --subject Англ --name Новая", 0, NULL);
    long long g3 = atoll(out + 6);
    free(out);
    /* The export: UTF-8 with a mark, for a spreadsheet. */
    char *a = ejt_fmt("members --group %lld --date 26.11.2026 --csv", g1);
    out = expect("sekretar", a, 0, NULL);
    free(a);
    ck_assert_msg(!strncmp(out, "\xEF\xBB\xBFНомер;Фамилия;Имя;Отчество;Класс;Группа;С;По\r\n", 58), "%s", out);
    long long n1 = ejt_qll(db, "SELECT count(*) FROM group_member WHERE group_id = %lld "
                               "AND during @> DATE '2026-11-26'", g1);
    /* Imported back into the new group: refused (they are in «1 группа»), by line. */
    char *f = ejt_file(ejt_env("EJ_TEST_TMP"), out, strlen(out));
    free(out);
    long long members = count("group_member");
    a = ejt_fmt("classes groups import --group %lld --date 01.12.2026 --apply", g3);
    struct ejt_run r = ejt_run_in(db, "sekretar", a, f);
    ck_assert_msg(r.status == 1 && strstr(r.err, "строка 2: ") && strstr(r.err, "сначала исключите"), "%s", r.err);
    ejt_run_free(&r);
    free(a);
    free(f);
    ck_assert_int_eq(count("group_member"), members);
    /* By name, Windows style: one of another class, one twice, one unknown: each named. */
    long long kirill = ejt_qll(db, "SELECT p.id FROM pupil p JOIN enrollment e ON e.pupil_id = p.id "
                                   "JOIN class cl ON cl.id = e.class_id WHERE cl.grade = 7 AND cl.letter = 'А' "
                                   "AND upper_inf(e.during) ORDER BY p.id LIMIT 1");
    char *ks = ejt_q(db, "SELECT surname FROM pupil WHERE id = %lld", kirill);
    char *kn = ejt_q(db, "SELECT name FROM pupil WHERE id = %lld", kirill);
    char *csv = ejt_fmt("Фамилия;Имя\r\nСоколова;Анна\r\n%s;%s\r\n%s;%s\r\nНеизвестный;Ученик\r\n", ks, kn, ks, kn);
    f = ejt_file(ejt_env("EJ_TEST_TMP"), csv, strlen(csv));
    a = ejt_fmt("classes groups import --group %lld --date 01.12.2026", g3);
    r = ejt_run_in(db, "sekretar", a, f);
    ck_assert_msg(r.status == 1 && strstr(r.err, "строка 2: Соколова Анна не учится в классе 7А") &&
                      strstr(r.err, "строка 3: ") && strstr(r.err, "строка 4: тот же ученик, что в строке 3") &&
                      strstr(r.err, "строка 5: Неизвестный Ученик не учится"),
                  "%s", r.err);
    ejt_run_free(&r);
    free(f);
    free(csv);
    ck_assert_int_eq(count("group_member"), members);
    /* A clean list: the number column; preview, then apply.  Take him out of his group first. */
    long long old = ejt_qll(db, "SELECT group_id FROM group_member gm JOIN study_group g ON g.id = gm.group_id "
                                "WHERE gm.pupil_id = %lld AND g.subject_id = (SELECT subject_id FROM study_group "
                                "WHERE id = %lld) AND upper_inf(gm.during)", kirill, g3);
    char *rm = ejt_fmt("remove --group %lld --pupil %lld --date 01.12.2026", old, kirill);
    free(expect("sekretar", rm, 0, NULL));
    free(rm);
    csv = ejt_fmt("Номер;Фамилия\n%lld;%s\n", kirill, ks);
    f = ejt_file(ejt_env("EJ_TEST_TMP"), csv, strlen(csv));
    r = ejt_run_in(db, "sekretar", a, f);
    ck_assert_msg(r.status == 0 && strstr(r.err, "пока ничего не записано"), "%s", r.err);
    ejt_run_free(&r);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM group_member WHERE group_id = %lld", g3), 0);
    free(a);
    a = ejt_fmt("classes groups import --group %lld --date 01.12.2026 --apply", g3);
    r = ejt_run_in(db, "petrov", a, f);
    ck_assert_int_eq(r.status, 1);
    ejt_run_free(&r);
    r = ejt_run_in(db, "sekretar", a, f);
    ck_assert_msg(r.status == 0 && strstr(r.err, "включён 1 ученик"), "%s", r.err);
    ejt_run_free(&r);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM group_member WHERE group_id = %lld "
                                 "AND during = daterange('2026-12-01', NULL)", g3), 1);
    /* A header without the columns; an empty file. */
    free(f);
    f = ejt_file(ejt_env("EJ_TEST_TMP"), "Класс;Группа\n7А;1\n", strlen("Класс;Группа\n7А;1\n"));
    r = ejt_run_in(db, "sekretar", a, f);
    ck_assert_msg(r.status == 1 && strstr(r.err, "строка 1: в заголовке нужен столбец «Номер»"), "%s", r.err);
    ejt_run_free(&r);
    free(f);
    f = ejt_file(ejt_env("EJ_TEST_TMP"), "", 0);
    r = ejt_run_in(db, "sekretar", a, f);
    ck_assert_msg(r.status == 1, "%s", r.err);
    ejt_run_free(&r);
    free(f);
    free(a);
    free(ks);
    free(kn);
    ck_assert_int_gt(n1, 0);
}
END_TEST

/* A pupil who is to leave the class: in a group only until then, and not after. */
START_TEST(membership_ends_with_the_class)
{
    db = ejt_db_new();
    long long misha = pupil_named("Соколов", "Михаил"), g2 = english("2 группа");
    int st;
    char *args = ejt_fmt("pupils transfer --pupil %lld --to 7Б --date 10.12.2026 --order 130-у", misha);
    char *out = ejt_run_as(db, "sekretar", args, true, &st);
    ck_assert_msg(st == 0, "%s", out);
    free(out);
    free(args);
    out = expect("sekretar", "add --class 7А --subject Англ --name Сильная", 0, NULL);
    long long g3 = atoll(out + 6);
    free(out);
    char *a = ejt_fmt("remove --group %lld --pupil %lld --date 01.12.2026", g2, misha);
    free(expect("sekretar", a, 0, NULL));
    free(a);
    a = ejt_fmt("put --group %lld --pupil %lld --date 15.12.2026", g3, misha);
    free(expect("sekretar", a, 1, "не учится в классе 7А на 15.12.2026"));
    free(a);
    a = ejt_fmt("put --group %lld --pupil %lld --date 01.12.2026", g3, misha);
    free(expect("sekretar", a, 0, NULL));
    free(a);
    ck_assert_str_eq(ejt_q(db, "SELECT during::text FROM group_member WHERE group_id = %lld AND pupil_id = %lld",
                           g3, misha),
                     "[2026-12-01,2026-12-10)");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("db-groups");
    TCase *tc = ejt_tcase("groups", 120);
    tcase_add_test(tc, create_rename_delete);
    tcase_add_test(tc, members_in_and_out);
    tcase_add_test(tc, members_csv);
    tcase_add_test(tc, membership_ends_with_the_class);
    suite_add_tcase(s, tc);
    return ejt_run(s, "db/groups");
}
