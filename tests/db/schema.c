/* Database tests of the schema's rules (schema/NNN_.sql files) on the demo school: every
 * CHECK and trigger tried with its bad values and refused, the good ones accepted
 * and audited, lessons never deleted with their marks, locked periods, roles, and
 * migrations that are a no-op the second time. */
#include "ejtest.h"
#include "db.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *dbn;
static long long admin_id;

/* First value of a query as the owner (must succeed). */
#define q(...) ejt_q(dbn, __VA_ARGS__)
#define qll(sql) ejt_qll(dbn, "%s", sql)

/* A write with the audit context; returns NULL on success or the error message. */
static char *w(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *w(const char *fmt, ...)
{
    va_list ap;
    char *sql;
    va_start(ap, fmt);
    ck_assert(vasprintf(&sql, fmt, ap) >= 0);
    va_end(ap);
    char *err = NULL;
    char *v = ejt_sql_as(dbn, admin_id, sql, &err);
    free(sql);
    if (v) {
        free(v);
        free(err);
        return NULL;
    }
    return err ? err : strdup("?");
}

#define REFUSED(msgpart, ...)                                                                      \
    do {                                                                                           \
        char *e_ = w(__VA_ARGS__);                                                                 \
        ck_assert_msg(e_ != NULL, "accepted but must be refused");                                 \
        ck_assert_msg(strstr(e_, msgpart) != NULL, "refused with \"%s\", expected \"%s\"", e_,      \
                      msgpart);                                                                    \
        free(e_);                                                                                  \
    } while (0)
#define ACCEPTED(...)                                                                              \
    do {                                                                                           \
        char *e_ = w(__VA_ARGS__);                                                                 \
        ck_assert_msg(e_ == NULL, "refused: %s", e_);                                              \
    } while (0)

static long long class_id(int grade, const char *letter)
{
    char *v = q("SELECT c.id FROM class c JOIN academic_year y ON y.school_id = c.school_id AND "
                "y.id = c.year_id WHERE y.name = '2026/2027' AND c.school_id = 1 AND c.grade = %d "
                "AND c.letter = '%s'",
                grade, letter);
    long long id = atoll(v);
    free(v);
    ck_assert_int_gt(id, 0);
    return id;
}

/* The course of a class in a graded (or ungraded) subject without a study group. */
static long long course_of(long long cls, bool graded)
{
    char *v = q("SELECT co.id FROM course co LEFT JOIN curriculum cu ON cu.school_id = co.school_id "
                "AND cu.class_id = co.class_id AND cu.subject_id = co.subject_id "
                "WHERE co.school_id = 1 AND co.class_id = %lld AND co.group_id IS NULL "
                "AND coalesce(cu.graded, true) = %s ORDER BY co.id LIMIT 1",
                cls, graded ? "true" : "false");
    long long id = atoll(v);
    free(v);
    ck_assert_msg(id > 0, "no %s course in class %lld", graded ? "graded" : "ungraded", cls);
    return id;
}

/* A new lesson of the course on `date` (outside the timetable) with one work. */
static long long new_work(long long course, const char *date)
{
    ACCEPTED("INSERT INTO lesson (school_id, course_id, date, from_timetable) VALUES (1, %lld, '%s', false)",
             course, date);
    long long lesson = atoll(q("SELECT max(id) FROM lesson WHERE school_id = 1 AND course_id = %lld AND date = '%s'",
                               course, date));
    ACCEPTED("INSERT INTO work (school_id, lesson_id, work_type_id) VALUES (1, %lld, "
             "(SELECT min(id) FROM work_type WHERE school_id = 1 AND NOT written))",
             lesson);
    return atoll(q("SELECT id FROM work WHERE school_id = 1 AND lesson_id = %lld", lesson));
}

static long long pupil_named(const char *surname, const char *name)
{
    char *v = q("SELECT id FROM pupil WHERE school_id = 1 AND surname = '%s' AND name = '%s'", surname, name);
    long long id = atoll(v);
    free(v);
    ck_assert_msg(id > 0, "no pupil %s %s", surname, name);
    return id;
}

/* A pupil enrolled in the class for the whole year. */
static long long steady_pupil(long long cls)
{
    return atoll(q("SELECT pupil_id FROM enrollment WHERE school_id = 1 AND class_id = %lld "
                   "AND during @> date '2026-09-01' AND upper_inf(during) ORDER BY pupil_id LIMIT 1",
                   cls));
}

static void setup(void)
{
    dbn = strdup(ejt_db_new());
    admin_id = atoll(q("SELECT id FROM account WHERE login = 'admin'"));
    ck_assert_int_gt(admin_id, 0);
}

START_TEST(mark_values)
{
    setup();
    long long cls = class_id(7, "А");
    long long work = new_work(course_of(cls, true), "2026-11-20");
    long long p = steady_pupil(cls);
    static const char *bad[] = { "1", "0", "6", "-5", "'5+'", "''", "'5.'", "NULL" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *e = w("INSERT INTO mark (school_id, work_id, pupil_id, value) VALUES (1, %lld, %lld, %s)",
                    work, p, bad[i]);
        ck_assert_msg(e != NULL, "mark %s accepted", bad[i]);
        free(e);
    }
    REFUSED("mark_value_check", "INSERT INTO mark (school_id, work_id, pupil_id, value) VALUES (1, %lld, %lld, 1)",
            work, p);
    ck_assert_int_eq(qll("SELECT count(*) FROM mark WHERE work_id = " "(SELECT max(id) FROM work)"), 0);
    for (int v = 2; v <= 5; v++) {
        ACCEPTED("INSERT INTO mark (school_id, work_id, pupil_id, value, seq) VALUES (1, %lld, %lld, %d, %d)",
                 work, p, v, v == 5 ? 1 : (v == 2 ? 2 : 3));
        if (v >= 3)
            ACCEPTED("DELETE FROM mark WHERE work_id = %lld AND pupil_id = %lld AND seq = 3", work, p);
    }
}
END_TEST

START_TEST(attendance_codes)
{
    setup();
    long long cls = class_id(7, "А");
    long long work = new_work(course_of(cls, true), "2026-11-20");
    long long lesson = atoll(q("SELECT lesson_id FROM work WHERE id = %lld", work));
    long long p = steady_pupil(cls);
    static const char *bad[] = { "Н ", "H", "n", "н", "", "НБ", "К", " Н" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        REFUSED("attendance_code_check",
                "INSERT INTO attendance (school_id, lesson_id, pupil_id, code) VALUES (1, %lld, %lld, '%s')",
                lesson, p, bad[i]);
    static const char *good[] = { "Н", "Б", "У" };
    for (int i = 0; i < 3; i++) {
        ACCEPTED("INSERT INTO attendance (school_id, lesson_id, pupil_id, code) VALUES (1, %lld, %lld, '%s') "
                 "ON CONFLICT (school_id, lesson_id, pupil_id) DO UPDATE SET code = EXCLUDED.code",
                 lesson, p, good[i]);
        char *v = q("SELECT code FROM attendance WHERE lesson_id = %lld AND pupil_id = %lld", lesson, p);
        ck_assert_str_eq(v, good[i]);
        free(v);
    }
}
END_TEST

START_TEST(not_enrolled)
{
    setup();
    long long cls = class_id(7, "А");
    long long course = course_of(cls, true);
    long long left = pupil_named("Кузнецов", "Артём");
    long long arrived = pupil_named("Новикова", "Дарья");
    long long before = new_work(course, "2026-10-09");
    long long after = new_work(course, "2026-10-12");
    /* The pupil left on 10 October: a mark the day before counts, after it is refused. */
    ACCEPTED("INSERT INTO mark (school_id, work_id, pupil_id, value) VALUES (1, %lld, %lld, 4)", before, left);
    REFUSED("ej:not_enrolled", "INSERT INTO mark (school_id, work_id, pupil_id, value) VALUES (1, %lld, %lld, 4)",
            after, left);
    long long lesson_after = atoll(q("SELECT lesson_id FROM work WHERE id = %lld", after));
    REFUSED("ej:not_enrolled",
            "INSERT INTO attendance (school_id, lesson_id, pupil_id, code) VALUES (1, %lld, %lld, 'Н')",
            lesson_after, left);
    /* The pupil who arrived on 9 November has no place in October. */
    REFUSED("ej:not_enrolled", "INSERT INTO mark (school_id, work_id, pupil_id, value) VALUES (1, %lld, %lld, 5)",
            before, arrived);
    /* A pupil of another class. */
    long long other = steady_pupil(class_id(7, "Б"));
    REFUSED("ej:not_enrolled", "INSERT INTO mark (school_id, work_id, pupil_id, value) VALUES (1, %lld, %lld, 5)",
            after, other);
}
END_TEST

START_TEST(grade1_and_ungraded)
{
    setup();
    long long c1 = class_id(1, "А");
    long long work = new_work(course_of(c1, false), "2026-11-20");
    long long p = steady_pupil(c1);
    REFUSED("ej:grade1_no_marks", "INSERT INTO mark (school_id, work_id, pupil_id, value) VALUES (1, %lld, %lld, 5)",
            work, p);
    long long course1 = course_of(c1, false);
    long long q2 = atoll(q("SELECT id FROM period WHERE school_id = 1 AND scheme = 'quarter' AND num = 2"));
    REFUSED("ej:final_mark_ungraded",
            "INSERT INTO final_mark (school_id, course_id, pupil_id, period_id, value) VALUES (1, %lld, %lld, %lld, '5')",
            course1, p, q2);
    ACCEPTED("INSERT INTO final_mark (school_id, course_id, pupil_id, period_id, value) VALUES (1, %lld, %lld, %lld, 'К')",
             course1, p, q2);
    /* К is refused for a graded subject; the codes and 2–5 are accepted. */
    long long c7 = class_id(7, "А");
    long long course7 = course_of(c7, true);
    long long p7 = steady_pupil(c7);
    REFUSED("ej:final_k_graded",
            "INSERT INTO final_mark (school_id, course_id, pupil_id, period_id, value) VALUES (1, %lld, %lld, %lld, 'К')",
            course7, p7, q2);
    REFUSED("final_mark_value_check",
            "INSERT INTO final_mark (school_id, course_id, pupil_id, period_id, value) VALUES (1, %lld, %lld, %lld, '5-')",
            course7, p7, q2);
    static const char *good[] = { "Н", "Б", "У", "2", "5" };
    for (int i = 0; i < 5; i++)
        ACCEPTED("INSERT INTO final_mark (school_id, course_id, pupil_id, period_id, value) VALUES (1, %lld, %lld, %lld, '%s') "
                 "ON CONFLICT (school_id, course_id, pupil_id, period_id, kind) DO UPDATE SET value = EXCLUDED.value",
                 course7, p7, q2, good[i]);
}
END_TEST

/* The rules of a mark, in the order the trigger checks them (one lookup since
 * schema/064), and what it stamps on an accepted one. */
START_TEST(ungraded_and_not_held)
{
    setup();
    /* ОРКСЭ in grade 4 is not graded. */
    long long c4 = class_id(4, "А");
    long long orkse = new_work(course_of(c4, false), "2026-11-20");
    REFUSED("ej:subject_not_graded",
            "INSERT INTO mark (school_id, work_id, pupil_id, value) VALUES (1, %lld, %lld, 5)", orkse,
            steady_pupil(c4));
    /* A lesson that did not take place takes no marks; once it did, it does. */
    long long c7 = class_id(7, "А");
    long long work = new_work(course_of(c7, true), "2026-11-20");
    long long lesson = ejt_qll(dbn, "SELECT lesson_id FROM work WHERE id = %lld", work);
    long long p = steady_pupil(c7);
    ACCEPTED("UPDATE lesson SET held = false WHERE school_id = 1 AND id = %lld", lesson);
    REFUSED("ej:lesson_not_held", "INSERT INTO mark (school_id, work_id, pupil_id, value) VALUES (1, %lld, %lld, 5)",
            work, p);
    /* not held comes before not enrolled, as before */
    REFUSED("ej:lesson_not_held", "INSERT INTO mark (school_id, work_id, pupil_id, value) VALUES (1, %lld, %lld, 5)",
            work, steady_pupil(class_id(7, "Б")));
    ACCEPTED("UPDATE lesson SET held = true WHERE school_id = 1 AND id = %lld", lesson);
    ACCEPTED("INSERT INTO mark (school_id, work_id, pupil_id, value) VALUES (1, %lld, %lld, 5)", work, p);
    /* Classwork of Friday 20.11 is due by the end of Saturday (school time); typed on
     * the demo's Thursday 26.11 it is late; who and when are the writer and the clock. */
    ck_assert_int_eq(ejt_qll(dbn, "SELECT count(*) FROM mark m JOIN school s ON s.id = m.school_id "
                         "WHERE m.school_id = 1 AND m.work_id = %lld AND m.pupil_id = %lld AND m.late "
                         "AND m.due_at = timestamp '2026-11-22 00:00' AT TIME ZONE s.tz "
                         "AND m.entered_by = %lld AND m.entered_at = m.updated_at "
                         "AND (m.entered_at AT TIME ZONE s.tz)::date = date '2026-11-26'",
                         work, p, admin_id),
                     1);
    /* A new value keeps the first stamp and moves updated_at only. */
    ACCEPTED("UPDATE mark SET value = 4 WHERE school_id = 1 AND work_id = %lld AND pupil_id = %lld", work, p);
    ck_assert_int_eq(ejt_qll(dbn, "SELECT count(*) FROM mark WHERE school_id = 1 AND work_id = %lld AND pupil_id = %lld "
                         "AND value = 4 AND late AND entered_by = %lld AND updated_at >= entered_at",
                         work, p, admin_id),
                     1);
}
END_TEST

START_TEST(no_future_marks)
{
    setup();
    long long cls = class_id(7, "А");
    long long work = new_work(course_of(cls, true), "2026-11-27");
    long long p = steady_pupil(cls);
    REFUSED("ej:future_mark", "INSERT INTO mark (school_id, work_id, pupil_id, value) VALUES (1, %lld, %lld, 5)",
            work, p);
    /* An absence entered ahead (a parent's note for tomorrow) is allowed. */
    long long lesson = atoll(q("SELECT lesson_id FROM work WHERE id = %lld", work));
    ACCEPTED("INSERT INTO attendance (school_id, lesson_id, pupil_id, code) VALUES (1, %lld, %lld, 'У')", lesson, p);
}
END_TEST

START_TEST(lesson_with_marks_is_not_deleted)
{
    setup();
    long long cls = class_id(7, "А");
    long long course = course_of(cls, true);
    long long work = new_work(course, "2026-11-19");
    long long lesson = atoll(q("SELECT lesson_id FROM work WHERE id = %lld", work));
    ACCEPTED("INSERT INTO mark (school_id, work_id, pupil_id, value) VALUES (1, %lld, %lld, 3)", work,
             steady_pupil(cls));
    REFUSED("ej:lesson_has_data", "DELETE FROM lesson WHERE school_id = 1 AND id = %lld", lesson);
    ck_assert_int_eq(qll(ejt_fmt("SELECT count(*) FROM mark WHERE work_id = %lld", work)), 1);
    /* A lesson with absences only is kept as well; an empty one may go. */
    long long work2 = new_work(course, "2026-11-18");
    long long lesson2 = atoll(q("SELECT lesson_id FROM work WHERE id = %lld", work2));
    ACCEPTED("INSERT INTO attendance (school_id, lesson_id, pupil_id, code) VALUES (1, %lld, %lld, 'Н')", lesson2,
             steady_pupil(cls));
    REFUSED("ej:lesson_has_data", "DELETE FROM lesson WHERE school_id = 1 AND id = %lld", lesson2);
    long long work3 = new_work(course, "2026-11-17");
    long long lesson3 = atoll(q("SELECT lesson_id FROM work WHERE id = %lld", work3));
    ACCEPTED("DELETE FROM lesson WHERE school_id = 1 AND id = %lld", lesson3);
    /* A demo lesson with marks from the timetable is protected too. */
    long long demo_lesson = qll("SELECT w.lesson_id FROM mark m JOIN work w ON w.school_id = m.school_id "
                                "AND w.id = m.work_id WHERE m.school_id = 1 ORDER BY m.id LIMIT 1");
    REFUSED("ej:lesson_has_data", "DELETE FROM lesson WHERE school_id = 1 AND id = %lld", demo_lesson);
}
END_TEST

START_TEST(audit_rows_for_every_change)
{
    setup();
    long long cls = class_id(7, "А");
    long long work = new_work(course_of(cls, true), "2026-11-20");
    long long p = steady_pupil(cls);
    long long before = qll("SELECT count(*) FROM audit");
    ACCEPTED("INSERT INTO mark (school_id, work_id, pupil_id, value) VALUES (1, %lld, %lld, 4)", work, p);
    ACCEPTED("UPDATE mark SET value = 5 WHERE work_id = %lld AND pupil_id = %lld", work, p);
    ACCEPTED("DELETE FROM mark WHERE work_id = %lld AND pupil_id = %lld", work, p);
    ck_assert_int_eq(qll("SELECT count(*) FROM audit") - before, 3);
    char *v = q("SELECT string_agg(op || ':' || coalesce(old->>'value', '-') || '>' || coalesce(new->>'value', '-') "
                "|| ':' || account_id || ':' || client_addr, ',' ORDER BY id) FROM audit WHERE tbl = 'mark' "
                "AND id > (SELECT max(id) - 3 FROM audit)");
    char *expect = ejt_fmt("INSERT:->4:%lld:test,UPDATE:4>5:%lld:test,DELETE:5>-:%lld:test", admin_id, admin_id,
                           admin_id);
    ck_assert_str_eq(v, expect);
    /* Lessons, attendance, finals, enrollments and accounts are audited too. */
    long long lesson = atoll(q("SELECT lesson_id FROM work WHERE id = %lld", work));
    ACCEPTED("UPDATE lesson SET topic = 'Причастный оборот' WHERE id = %lld", lesson);
    ACCEPTED("INSERT INTO attendance (school_id, lesson_id, pupil_id, code) VALUES (1, %lld, %lld, 'Н')", lesson, p);
    ACCEPTED("UPDATE account SET display_name = 'Админ' WHERE login = 'admin'");
    ACCEPTED("UPDATE enrollment SET order_in = 'тест' WHERE school_id = 1 AND pupil_id = %lld", p);
    ck_assert_int_ge(qll("SELECT count(DISTINCT tbl) FROM audit WHERE tbl IN ('lesson','attendance','account','enrollment') "
                         "AND at >= ej_now() - interval '1 hour'"),
                     4);
    /* The password hash never reaches the audit log. */
    ACCEPTED("UPDATE account SET password_hash = 'x' WHERE login = 'admin'");
    ck_assert_int_eq(qll("SELECT count(*) FROM audit WHERE tbl = 'account' AND (old ? 'password_hash' OR new ? 'password_hash')"), 0);
}
END_TEST

START_TEST(write_without_audit_context_is_refused)
{
    setup();
    long long cls = class_id(7, "А");
    long long course = course_of(cls, true);
    char *err = NULL;
    char *v = ejt_sql(dbn, ejt_fmt("UPDATE lesson SET topic = 'x' WHERE school_id = 1 AND course_id = %lld", course),
                      &err);
    ck_assert_ptr_null(v);
    ck_assert_ptr_nonnull(strstr(err, "ej:no_audit_context"));
}
END_TEST

START_TEST(locked_period_refuses)
{
    setup();
    long long cls = class_id(7, "А");
    long long course = course_of(cls, true);
    long long work = new_work(course, "2026-10-05");
    long long zavuch = qll("SELECT id FROM account WHERE login = 'zavuch'");
    ACCEPTED("UPDATE period SET locked_at = ej_now(), locked_by = %lld WHERE school_id = 1 AND scheme = 'quarter' AND num = 1",
             zavuch);
    char *e = w("INSERT INTO mark (school_id, work_id, pupil_id, value) VALUES (1, %lld, %lld, 5)", work,
                steady_pupil(cls));
    ck_assert_ptr_nonnull(e);
    ck_assert_ptr_nonnull(strstr(e, "ej:period_locked"));
    ck_assert_msg(strstr(e, "Смирнова") != NULL, "the locker is not named: %s", e);
    /* Unlocking is audited. */
    ACCEPTED("UPDATE period SET locked_at = NULL, locked_by = NULL WHERE school_id = 1 AND scheme = 'quarter' AND num = 1");
    ck_assert_int_ge(qll("SELECT count(*) FROM audit WHERE tbl = 'period' AND new->>'locked_at' IS NULL AND old->>'locked_at' IS NOT NULL"), 1);
    ACCEPTED("INSERT INTO mark (school_id, work_id, pupil_id, value) VALUES (1, %lld, %lld, 5)", work, steady_pupil(cls));
}
END_TEST

START_TEST(enrollment_overlap_refused)
{
    setup();
    long long p = steady_pupil(class_id(7, "А"));
    REFUSED("enrollment_no_overlap",
            "INSERT INTO enrollment (school_id, pupil_id, class_id, during) VALUES (1, %lld, %lld, '[2026-11-01,)')", p,
            class_id(7, "Б"));
}
END_TEST

START_TEST(app_role_is_not_owner)
{
    setup();
    ck_assert_str_eq(q("SELECT rolsuper::text FROM pg_roles WHERE rolname = 'ej_app'"), "false");
    char *ci = ejt_conninfo(dbn, "ej_app");
    char *cmd = ejt_fmt("LANGUAGE=C LC_ALL=C psql -X -q -v ON_ERROR_STOP=1 -v VERBOSITY=verbose '%s' -c \"UPDATE sys_clock SET clock_offset = '1 day'\" 2>&1", ci);
    int st;
    char *out = ejt_run_cmd(cmd, &st);
    ck_assert_int_ne(st, 0);
    ck_assert_msg(strstr(out, "42501") != NULL, "%s", out);
    cmd = ejt_fmt("LANGUAGE=C LC_ALL=C psql -X -q -v ON_ERROR_STOP=1 -v VERBOSITY=verbose '%s' -c \"DELETE FROM audit\" 2>&1", ci);
    out = ejt_run_cmd(cmd, &st);
    ck_assert_int_ne(st, 0);
    ck_assert_msg(strstr(out, "42501") != NULL, "%s", out);
}
END_TEST

START_TEST(migrate_twice_is_a_noop)
{
    setup();
    struct ej_db *db = ejt_connect(dbn, "ejournal", 0);
    int applied = -1;
    struct ej_error err;
    long long before = qll("SELECT count(*) FROM schema_migrations");
    ck_assert_msg(db_migrate(db, &applied, &err) == EJ_OK, "%s", err.msg);
    ck_assert_int_eq(applied, 0);
    ck_assert_int_eq(qll("SELECT count(*) FROM schema_migrations"), before);
    db_close(db);
}
END_TEST

START_TEST(clock_is_pinned)
{
    setup();
    char *v = q("SELECT ej_today(1)::text");
    ck_assert_str_eq(v, "2026-11-26");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("schema");
    TCase *tc = ejt_tcase("schema", 120);
    tcase_add_test(tc, mark_values);
    tcase_add_test(tc, attendance_codes);
    tcase_add_test(tc, not_enrolled);
    tcase_add_test(tc, grade1_and_ungraded);
    tcase_add_test(tc, no_future_marks);
    tcase_add_test(tc, ungraded_and_not_held);
    tcase_add_test(tc, lesson_with_marks_is_not_deleted);
    tcase_add_test(tc, audit_rows_for_every_change);
    tcase_add_test(tc, write_without_audit_context_is_refused);
    tcase_add_test(tc, locked_period_refuses);
    tcase_add_test(tc, enrollment_overlap_refused);
    tcase_add_test(tc, app_role_is_not_owner);
    tcase_add_test(tc, migrate_twice_is_a_noop);
    tcase_add_test(tc, clock_is_pinned);
    suite_add_tcase(s, tc);
    return ejt_run(s, "db/schema");
}
