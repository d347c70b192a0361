/* Database tests of the demo school (ejournald demo, common/demo.c) as the harness
 * built it into the template: the facts other tests rely on (7А and its leaver and
 * arrival, the accounts and roles, the Соколов family), the rules the load must keep
 * with triggers off, and determinism (two builds from one seed are identical). */
#include "ejtest.h"
#include "db.h"
#include "db-admin.h"
#include "demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *dbn;

static char *q(const char *sql)
{
    char *err = NULL;
    char *v = ejt_sql(dbn, sql, &err);
    ck_assert_msg(v != NULL, "%s: %s", sql, err ? err : "?");
    return v;
}

static long long qn(const char *sql)
{
    char *v = q(sql);
    long long n = atoll(v);
    free(v);
    return n;
}

static void setup(void)
{
    dbn = strdup(ejt_db_new());
}

START_TEST(school_and_year)
{
    setup();
    ck_assert_str_eq(q("SELECT short_name FROM school WHERE id = 1"), "МБОУ «ООШ №5»");
    ck_assert_str_eq(q("SELECT string_agg(name || ':' || starts || '..' || ends, ' ' ORDER BY num) FROM period "
                       "WHERE scheme = 'quarter'"),
                     "1 четверть:2026-09-01..2026-10-24 2 четверть:2026-11-05..2026-12-28 "
                     "3 четверть:2027-01-12..2027-03-20 4 четверть:2027-03-30..2027-05-26");
    ck_assert_int_eq(qn("SELECT count(*) FROM class"), 18);
    ck_assert_int_eq(qn("SELECT count(*) FROM (SELECT class_id FROM enrollment GROUP BY class_id "
                        "HAVING count(*) NOT BETWEEN 24 AND 27) x"),
                     0);
    ck_assert_int_ge(qn("SELECT count(*) FROM staff"), 30);
    ck_assert_str_eq(q("SELECT ej_today(1)::text"), "2026-11-26");
}
END_TEST

START_TEST(class_7a)
{
    setup();
    ck_assert_int_eq(qn("SELECT count(*) FROM enrollment e JOIN class c ON c.id = e.class_id "
                        "WHERE c.grade = 7 AND c.letter = 'А'"),
                     26);
    ck_assert_str_eq(q("SELECT e.during::text || ' ' || e.order_out FROM enrollment e JOIN pupil p ON p.id = e.pupil_id "
                       "WHERE p.surname = 'Кузнецов' AND p.name = 'Артём'"),
                     "[2026-09-01,2026-10-11) № 112-у от 10.10.2026");
    ck_assert_str_eq(q("SELECT e.during::text FROM enrollment e JOIN pupil p ON p.id = e.pupil_id "
                       "WHERE p.surname = 'Новикова' AND p.name = 'Дарья'"),
                     "[2026-11-09,)");
    ck_assert_str_eq(q("SELECT s.surname || ' ' || s.name FROM class c JOIN staff s ON s.id = c.teacher_id "
                       "WHERE c.grade = 7 AND c.letter = 'А'"),
                     "Иванова Мария");
}
END_TEST

START_TEST(accounts_and_roles)
{
    setup();
    static const char *expect[][2] = { { "admin", "admin" },     { "zavuch", "deputy" }, { "sekretar", "secretary" },
                                       { "kadry", "hr" },        { "ivanova", "teacher" }, { "petrov", "teacher" },
                                       { "roditel", "parent" },  { "uchenik", "pupil" } };
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        char *sql = ejt_fmt("SELECT string_agg(r.role, ',') FROM account a JOIN account_role r ON r.account_id = a.id "
                            "WHERE a.login = '%s' AND NOT a.must_change AND a.active AND NOT a.locked",
                            expect[i][0]);
        ck_assert_str_eq(q(sql), expect[i][1]);
    }
    /* Every teacher can log in; nobody's password is temporary in the demo. */
    ck_assert_int_eq(qn("SELECT count(*) FROM course_teacher ct WHERE NOT EXISTS (SELECT 1 FROM account_role r "
                        "WHERE r.staff_id = ct.staff_id AND r.role = 'teacher')"),
                     0);
    ck_assert_str_eq(q("SELECT string_agg(p.surname || ' ' || p.name, ', ' ORDER BY p.surname DESC) FROM account a "
                       "JOIN account_role r ON r.account_id = a.id JOIN pupil_guardian pg ON pg.guardian_id = r.guardian_id "
                       "JOIN pupil p ON p.id = pg.pupil_id WHERE a.login = 'roditel'"),
                     "Соколова Анна, Соколов Михаил");
    ck_assert_str_eq(q("SELECT p.surname || ' ' || p.name FROM account a JOIN account_role r ON r.account_id = a.id "
                       "JOIN pupil p ON p.id = r.pupil_id WHERE a.login = 'uchenik'"),
                     "Соколов Михаил");
    ck_assert_str_eq(q("SELECT string_agg(DISTINCT s.short_name, ',') FROM course_teacher ct JOIN staff st ON st.id = ct.staff_id "
                       "JOIN course c ON c.id = ct.course_id JOIN subject s ON s.id = c.subject_id WHERE st.surname = 'Петров'"),
                     "Алг,Геом");
}
END_TEST

START_TEST(rules_kept)
{
    setup();
    ck_assert_int_eq(qn("SELECT count(*) FROM mark m JOIN work w ON w.id = m.work_id JOIN lesson l ON l.id = w.lesson_id "
                        "JOIN course c ON c.id = l.course_id WHERE NOT ej_pupil_in(1, c.class_id, c.group_id, m.pupil_id, l.date)"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM attendance a JOIN lesson l ON l.id = a.lesson_id JOIN course c ON c.id = l.course_id "
                        "WHERE NOT ej_pupil_in(1, c.class_id, c.group_id, a.pupil_id, l.date)"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM mark m JOIN work w ON w.id = m.work_id JOIN lesson l ON l.id = w.lesson_id "
                        "JOIN course c ON c.id = l.course_id JOIN class cl ON cl.id = c.class_id JOIN curriculum cu "
                        "ON cu.class_id = c.class_id AND cu.subject_id = c.subject_id WHERE cl.grade = 1 OR NOT cu.graded"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM mark m JOIN work w ON w.id = m.work_id JOIN lesson l ON l.id = w.lesson_id "
                        "WHERE l.date >= date '2026-11-26'"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM lesson l WHERE extract(isodow FROM l.date) > 5 OR EXISTS "
                        "(SELECT 1 FROM holiday h WHERE l.date BETWEEN h.starts AND h.ends)"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM final_mark f JOIN course c ON c.id = f.course_id JOIN curriculum cu "
                        "ON cu.class_id = c.class_id AND cu.subject_id = c.subject_id WHERE f.value = 'К' AND cu.graded"),
                     0);
    /* The timetable is clash-free and gives every subject its weekly hours. */
    ck_assert_int_eq(qn("SELECT count(*) FROM (SELECT ct.staff_id, t.weekday, t.num FROM timetable_slot t JOIN course_teacher ct "
                        "ON ct.course_id = t.course_id GROUP BY 1, 2, 3 HAVING count(*) > 1) x"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM course c JOIN curriculum cu ON cu.class_id = c.class_id AND cu.subject_id = c.subject_id "
                        "WHERE (SELECT count(*) FROM timetable_slot t WHERE t.course_id = c.id) <> cu.hours_per_week"),
                     0);
    /* Late marks: about 5 %, each entered after its due time. */
    long long late = qn("SELECT round(1000.0 * avg(late::int)) FROM mark");
    ck_assert_int_ge(late, 30);
    ck_assert_int_le(late, 70);
    ck_assert_int_eq(qn("SELECT count(*) FROM mark WHERE late <> (entered_at > due_at)"), 0);
    /* Quarter 1 finals exist, a few are «Н»; today's lessons have no attendance taken. */
    ck_assert_int_gt(qn("SELECT count(*) FROM final_mark"), 1000);
    ck_assert_int_gt(qn("SELECT count(*) FROM final_mark WHERE value = 'Н'"), 0);
    ck_assert_int_eq(qn("SELECT count(*) FROM lesson WHERE date >= '2026-11-26' AND attendance_taken_at IS NOT NULL"), 0);
    ck_assert_int_gt(qn("SELECT count(*) FROM lesson WHERE date > '2026-11-26' AND homework <> ''"), 0);
    ck_assert_int_gt(qn("SELECT count(*) FROM lesson WHERE date = '2026-11-26'"), 50);
}
END_TEST

static char *fresh_demo(const char *name, int schools)
{
    char *admin = ejt_conninfo("postgres", "ejournal");
    struct ej_error err;
    db_admin_drop_database(admin, name, &err);
    ck_assert_msg(db_admin_create_database(admin, name, NULL, &err) == EJ_OK, "%s", err.msg);
    struct ej_db *db = ejt_connect(name, "ejournal", 0);
    ck_assert_msg(db_migrate(db, NULL, &err) == EJ_OK, "%s", err.msg);
    struct demo_opts o = { .schools = schools, .seed = 5, .today = "2026-11-26" };
    ck_assert_msg(demo_build(db, &o, &err) == EJ_OK, "%s", err.msg);
    /* A second build into the same database is refused and changes nothing. */
    ck_assert_int_eq(demo_build(db, &o, &err), EJ_ECONFLICT);
    db_close(db);
    free(admin);
    return ejt_fmt("%s", name);
}

static const char *digest_sql =
    "SELECT md5(string_agg(x, '|' ORDER BY x)) FROM ("
    " SELECT concat_ws(',', id, work_id, pupil_id, value, entered_at, late) AS x FROM mark"
    " UNION ALL SELECT concat_ws(',', lesson_id, pupil_id, code) FROM attendance"
    " UNION ALL SELECT concat_ws(',', id, course_id, date, num, topic, homework) FROM lesson"
    " UNION ALL SELECT concat_ws(',', id, surname, name, patronymic, birth_date) FROM pupil"
    " UNION ALL SELECT concat_ws(',', id, login, display_name) FROM account) t";

START_TEST(deterministic)
{
    char *a = fresh_demo(ejt_fmt("demo_a_%d", (int)getpid()), 1);
    char *b = fresh_demo(ejt_fmt("demo_b_%d", (int)getpid()), 1);
    dbn = a;
    char *da = q(digest_sql);
    dbn = b;
    char *db = q(digest_sql);
    ck_assert_str_eq(da, db);
    /* And it equals the template the harness built with the same seed. */
    dbn = ejt_env("EJ_TEST_TEMPLATE");
    setup();
    ck_assert_str_eq(q(digest_sql), da);
}
END_TEST

START_TEST(district)
{
    dbn = fresh_demo(ejt_fmt("demo_d_%d", (int)getpid()), 3);
    ck_assert_int_eq(qn("SELECT count(*) FROM school"), 3);
    ck_assert_int_eq(qn("SELECT count(DISTINCT short_name) FROM school"), 3);
    ck_assert_str_eq(q("SELECT string_agg(login, ',' ORDER BY login) FROM account WHERE login LIKE 'ivanova%'"),
                     "ivanova,ivanova.s2,ivanova.s3");
    ck_assert_int_eq(qn("SELECT count(*) FROM account a JOIN account_role r ON r.account_id = a.id "
                        "WHERE a.login = 'roditel.s3' AND r.school_id = 3"),
                     1);
    ck_assert_int_eq(qn("SELECT count(DISTINCT school_id) FROM mark"), 3);
    /* New rows after the load get fresh ids. */
    ck_assert_int_gt(qn("SELECT nextval(pg_get_serial_sequence('mark', 'id'))"), qn("SELECT max(id) FROM mark"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("demo");
    TCase *tc = ejt_tcase("demo", 240);
    tcase_add_test(tc, school_and_year);
    tcase_add_test(tc, class_7a);
    tcase_add_test(tc, accounts_and_roles);
    tcase_add_test(tc, rules_kept);
    tcase_add_test(tc, deterministic);
    tcase_add_test(tc, district);
    suite_add_tcase(s, tc);
    return ejt_run(s, "db/demo");
}
