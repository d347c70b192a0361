/* Database tests of the demo school (ejournald demo, common/demo.c): the facts of the
 * demo spec other tests rely on, as the harness built them into the template (the
 * school, its year and calendar, classes and counts, 7А with its leaver and arrival,
 * accounts and roles, the Соколов family, teachers), every rule the load must keep with
 * triggers off (enrollment, grade 1, ungraded subjects, no future marks, deadlines and
 * late flags, К finals, school days only, foreign keys), the realism of the year so
 * far (late marks, absences, finals, today and the rest of the week), determinism, a
 * district of three schools with suffixed logins, and the printed account list. */
#include "ejtest.h"
#include "db-admin.h"
#include "db.h"
#include "demo.h"
#include "passwd.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *dbn;

#define q(sql) ejt_q(dbn, "%s", sql)
#define qn(sql) ejt_qll(dbn, "%s", sql)

#define QEQ(sql, expect)                                                                           \
    do {                                                                                           \
        char *v_ = q(sql);                                                                         \
        ck_assert_str_eq(v_, expect);                                                              \
        free(v_);                                                                                  \
    } while (0)

static void setup(void)
{
    dbn = strdup(ejt_db_new());
}

START_TEST(school_and_year)
{
    setup();
    QEQ("SELECT name || '|' || short_name || '|' || tz || '|' || director FROM school WHERE id = 1",
        "Муниципальное бюджетное общеобразовательное учреждение «Основная общеобразовательная школа №5»|"
        "МБОУ «ООШ №5»|Europe/Moscow|Смирнов Андрей Викторович");
    QEQ("SELECT name || ' ' || starts || '..' || ends FROM academic_year", "2026/2027 2026-09-01..2027-05-31");
    QEQ("SELECT string_agg(scheme || num || ':' || starts || '..' || ends, ' ' ORDER BY scheme, num) FROM period",
        "half1:2026-09-01..2026-12-28 half2:2027-01-12..2027-05-26 "
        "quarter1:2026-09-01..2026-10-24 quarter2:2026-11-05..2026-12-28 "
        "quarter3:2027-01-12..2027-03-20 quarter4:2027-03-30..2027-05-26 year1:2026-09-01..2027-05-26");
    QEQ("SELECT string_agg(starts || '..' || ends, ' ' ORDER BY starts) FROM holiday",
        "2026-10-25..2026-11-04 2026-12-29..2027-01-11 2027-02-23..2027-02-23 2027-03-08..2027-03-08 "
        "2027-03-21..2027-03-29 2027-05-01..2027-05-01 2027-05-10..2027-05-10");
    QEQ("SELECT string_agg(num || ' ' || to_char(starts, 'HH24:MI') || '-' || to_char(ends, 'HH24:MI'), ', ' "
        "ORDER BY num) FROM bell WHERE shift = 1",
        "1 08:00-08:40, 2 08:50-09:30, 3 09:45-10:25, 4 10:45-11:25, 5 11:35-12:15, 6 12:25-13:05, "
        "7 13:15-13:55");
    QEQ("SELECT string_agg(short_name || ' ' || weight || CASE WHEN written THEN ' w' ELSE '' END, ', ' ORDER BY sort) "
        "FROM work_type",
        "Отв 1.00, Д/з 1.00, С/р 1.50, Пр/р 1.50, Лаб 1.50, Тест 1.50 w, Дикт 2.00 w, К/р 2.00 w, Зач 2.00 w");
    QEQ("SELECT ej_today(1)::text || ' ' || to_char(ej_now() AT TIME ZONE 'Europe/Moscow', 'HH24')",
        "2026-11-26 08");
}
END_TEST

START_TEST(classes_and_curriculum)
{
    setup();
    QEQ("SELECT string_agg(grade || letter, ' ' ORDER BY grade, letter) FROM class",
        "1А 1Б 2А 2Б 3А 3Б 4А 4Б 5А 5Б 6А 6Б 7А 7Б 8А 8Б 9А 9Б");
    ck_assert_int_eq(qn("SELECT count(*) FROM class WHERE period_scheme <> 'quarter' OR teacher_id IS NULL"), 0);
    /* 24–27 pupils in every class at any day of the year. */
    ck_assert_int_eq(qn("SELECT count(*) FROM class c, (VALUES (date '2026-09-01'), (date '2026-10-20'), "
                        "(date '2026-11-26')) d(day) WHERE (SELECT count(*) FROM enrollment e WHERE e.class_id = c.id "
                        "AND e.during @> d.day) NOT BETWEEN 24 AND 27"),
                     0);
    /* Birth dates fit the grade: a first grader of 2026 was born from 09.2018 to 08.2019. */
    ck_assert_int_eq(qn("SELECT count(*) FROM pupil p JOIN enrollment e ON e.pupil_id = p.id JOIN class c "
                        "ON c.id = e.class_id WHERE p.birth_date NOT BETWEEN make_date(2019 - c.grade, 9, 1) "
                        "AND make_date(2020 - c.grade, 8, 31)"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM pupil WHERE patronymic = '' OR file_no = '' OR sex NOT IN ('М', 'Ж')"), 0);
    ck_assert_int_eq(qn("SELECT count(DISTINCT file_no) FROM pupil"), qn("SELECT count(*) FROM pupil"));
    /* Every pupil has a guardian with a phone; Соколова Ольга Ивановна is the mother of two. */
    ck_assert_int_eq(qn("SELECT count(*) FROM pupil p WHERE NOT EXISTS (SELECT 1 FROM pupil_guardian pg JOIN "
                        "guardian g ON g.id = pg.guardian_id WHERE pg.pupil_id = p.id AND g.phone <> '')"),
                     0);
    /* Ungraded: all of grade 1 and ОРКСЭ, nothing else. */
    QEQ("SELECT string_agg(DISTINCT CASE WHEN c.grade = 1 THEN 'grade 1' ELSE s.name END, ', ') FROM curriculum cu "
        "JOIN class c ON c.id = cu.class_id JOIN subject s ON s.id = cu.subject_id WHERE NOT cu.graded",
        "grade 1, Основы религиозных культур и светской этики");
    ck_assert_int_eq(qn("SELECT count(*) FROM curriculum cu JOIN class c ON c.id = cu.class_id WHERE c.grade = 1 "
                        "AND cu.graded"),
                     0);
    /* The federal curriculum: weekly hours of a few subjects, grade 1 has the fewest lessons. */
    QEQ("SELECT string_agg(c.grade || ':' || cu.hours_per_week::int, ' ' ORDER BY c.grade) FROM curriculum cu "
        "JOIN class c ON c.id = cu.class_id JOIN subject s ON s.id = cu.subject_id "
        "WHERE s.name = 'Русский язык' AND c.letter = 'А'",
        "1:5 2:5 3:5 4:5 5:5 6:6 7:4 8:3 9:3");
    QEQ("SELECT string_agg(DISTINCT c.grade::text, '') FROM curriculum cu JOIN class c ON c.id = cu.class_id "
        "JOIN subject s ON s.id = cu.subject_id WHERE s.name = 'Алгебра'",
        "789");
    QEQ("SELECT string_agg(h::text, ' ' ORDER BY grade) FROM (SELECT c.grade, sum(cu.hours_per_week)::int h "
        "FROM curriculum cu JOIN class c ON c.id = cu.class_id WHERE c.letter = 'А' GROUP BY 1) x",
        "20 22 22 22 26 28 29 31 32");
    /* Study groups for English and Труд in grades 5-9, each pupil in exactly one of them. */
    QEQ("SELECT string_agg(DISTINCT s.short_name || ' ' || g.name, ', ') FROM study_group g "
        "JOIN subject s ON s.id = g.subject_id",
        "Англ 1 группа, Англ 2 группа, Труд 1 группа, Труд 2 группа");
    ck_assert_int_eq(qn("SELECT count(*) FROM study_group g JOIN class c ON c.id = g.class_id WHERE c.grade < 5"), 0);
    ck_assert_int_eq(qn("SELECT count(*) FROM study_group"), 10 * 4);
    ck_assert_int_eq(qn("SELECT count(*) FROM enrollment e JOIN class c ON c.id = e.class_id WHERE c.grade >= 5 "
                        "AND (SELECT count(*) FROM group_member m JOIN study_group g ON g.id = m.group_id "
                        "WHERE m.pupil_id = e.pupil_id AND g.class_id = c.id AND m.during = e.during) <> 2"),
                     0);
}
END_TEST

START_TEST(class_7a)
{
    setup();
    ck_assert_int_eq(qn("SELECT count(*) FROM enrollment e JOIN class c ON c.id = e.class_id "
                        "WHERE c.grade = 7 AND c.letter = 'А'"),
                     26);
    ck_assert_int_eq(qn("SELECT count(*) FROM enrollment e JOIN class c ON c.id = e.class_id "
                        "WHERE c.grade = 7 AND c.letter = 'А' AND e.during = '[2026-09-01,)'"),
                     24);
    QEQ("SELECT e.during::text || '|' || e.order_out || '|' || e.reason_out || '|' || p.patronymic "
        "FROM enrollment e JOIN pupil p ON p.id = e.pupil_id WHERE p.surname = 'Кузнецов' AND p.name = 'Артём'",
        "[2026-09-01,2026-10-11)|№ 112-у от 10.10.2026|выбыл в другую школу|Сергеевич");
    QEQ("SELECT e.during::text || '|' || e.order_in || '|' || p.patronymic FROM enrollment e JOIN pupil p "
        "ON p.id = e.pupil_id WHERE p.surname = 'Новикова' AND p.name = 'Дарья'",
        "[2026-11-09,)|№ 131-у от 09.11.2026|Андреевна");
    QEQ("SELECT c.grade || c.letter FROM enrollment e JOIN pupil p ON p.id = e.pupil_id JOIN class c "
        "ON c.id = e.class_id WHERE p.surname IN ('Кузнецов', 'Новикова') GROUP BY 1",
        "7А");
    QEQ("SELECT s.surname || ' ' || s.name || ' ' || s.patronymic FROM class c JOIN staff s ON s.id = c.teacher_id "
        "WHERE c.grade = 7 AND c.letter = 'А'",
        "Иванова Мария Петровна");
    /* The leaver has no mark or absence after he left; the newcomer none before she came. */
    ck_assert_int_eq(qn("SELECT count(*) FROM mark m JOIN work w ON w.id = m.work_id JOIN lesson l ON l.id = w.lesson_id "
                        "JOIN pupil p ON p.id = m.pupil_id WHERE (p.surname = 'Кузнецов' AND l.date >= '2026-10-11') "
                        "OR (p.surname = 'Новикова' AND l.date < '2026-11-09')"),
                     0);
    ck_assert_int_gt(qn("SELECT count(*) FROM mark m JOIN pupil p ON p.id = m.pupil_id WHERE p.surname = 'Кузнецов'"), 0);
    ck_assert_int_gt(qn("SELECT count(*) FROM mark m JOIN pupil p ON p.id = m.pupil_id WHERE p.surname = 'Новикова'"), 0);
}
END_TEST

START_TEST(accounts_and_roles)
{
    setup();
    static const char *expect[][3] = {
        { "admin", "admin", "Фёдоров П. А." },       { "zavuch", "deputy", "Смирнова Е. В." },
        { "sekretar", "secretary", "Орлова Т. Н." }, { "kadry", "hr", "Белова И. С." },
        { "ivanova", "teacher", "Иванова М. П." },   { "petrov", "teacher", "Петров С. Н." },
        { "roditel", "parent", "Соколова О. И." },   { "uchenik", "pupil", "Соколов М. И." },
    };
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        char *sql = ejt_fmt("SELECT string_agg(r.role || '|' || a.display_name, ',') FROM account a "
                            "JOIN account_role r ON r.account_id = a.id "
                            "WHERE a.login = '%s' AND NOT a.must_change AND a.active AND NOT a.locked AND r.school_id = 1",
                            expect[i][0]);
        char *want = ejt_fmt("%s|%s", expect[i][1], expect[i][2]);
        QEQ(sql, want);
        free(sql);
        free(want);
    }
    QEQ("SELECT s.position FROM account a JOIN account_role r ON r.account_id = a.id JOIN staff s ON s.id = r.staff_id "
        "WHERE a.login = 'zavuch'",
        "заместитель директора по УВР");
    /* One hash of demo2026 for everybody. */
    ck_assert_int_eq(qn("SELECT count(DISTINCT password_hash) FROM account"), 1);
    char *hash = q("SELECT password_hash FROM account WHERE login = 'ivanova'");
    ck_assert(passwd_verify("demo2026", hash));
    ck_assert(!passwd_verify("demo2027", hash));
    free(hash);
    /* Every teacher has an account, the login being the surname in Latin letters. */
    ck_assert_int_eq(qn("SELECT count(*) FROM course_teacher ct WHERE NOT EXISTS (SELECT 1 FROM account_role r "
                        "WHERE r.staff_id = ct.staff_id AND r.role = 'teacher')"),
                     0);
    ck_assert_int_ge(qn("SELECT count(DISTINCT staff_id) FROM course_teacher"), 25);
    ck_assert_int_ge(qn("SELECT count(*) FROM staff"), 30);
    ck_assert_int_le(qn("SELECT count(*) FROM staff"), 40);
    ck_assert_int_eq(qn("SELECT count(*) FROM account WHERE login !~ '^[a-z]+[0-9]?$'"), 0);
    ck_assert_int_eq(qn("SELECT count(*) FROM account a JOIN account_role r ON r.account_id = a.id "
                        "WHERE a.display_name !~ '^[А-ЯЁ][а-яё]+ [А-ЯЁ]\\. [А-ЯЁ]\\.$'"),
                     0);
    /* The parent of two, the pupil. */
    QEQ("SELECT string_agg(p.surname || ' ' || p.name || ' ' || c.grade || c.letter || ' ' || pg.relation, ', ' "
        "ORDER BY c.grade DESC) FROM account a JOIN account_role r ON r.account_id = a.id "
        "JOIN pupil_guardian pg ON pg.guardian_id = r.guardian_id JOIN pupil p ON p.id = pg.pupil_id "
        "JOIN enrollment e ON e.pupil_id = p.id JOIN class c ON c.id = e.class_id WHERE a.login = 'roditel'",
        "Соколов Михаил 7А мать, Соколова Анна 3Б мать");
    QEQ("SELECT g.surname || ' ' || g.name || ' ' || g.patronymic FROM account a JOIN account_role r "
        "ON r.account_id = a.id JOIN guardian g ON g.id = r.guardian_id WHERE a.login = 'roditel'",
        "Соколова Ольга Ивановна");
    QEQ("SELECT p.surname || ' ' || p.name || ' ' || c.grade || c.letter FROM account a JOIN account_role r "
        "ON r.account_id = a.id JOIN pupil p ON p.id = r.pupil_id JOIN enrollment e ON e.pupil_id = p.id "
        "JOIN class c ON c.id = e.class_id WHERE a.login = 'uchenik'",
        "Соколов Михаил 7А");
}
END_TEST

START_TEST(teachers)
{
    setup();
    /* ivanova: Русский язык and Литература in 7А, 7Б, 8А, 8Б, and nothing else. */
    QEQ("SELECT string_agg(c.grade || c.letter || ' ' || s.short_name, ', ' ORDER BY c.grade, c.letter, s.short_name) "
        "FROM course_teacher ct JOIN staff st ON st.id = ct.staff_id JOIN course co ON co.id = ct.course_id "
        "JOIN class c ON c.id = co.class_id JOIN subject s ON s.id = co.subject_id "
        "JOIN account_role r ON r.staff_id = st.id JOIN account a ON a.id = r.account_id WHERE a.login = 'ivanova'",
        "7А Лит, 7А Рус, 7Б Лит, 7Б Рус, 8А Лит, 8А Рус, 8Б Лит, 8Б Рус");
    /* petrov: algebra, geometry, probability and statistics in grades 7-9; no class of his own. */
    QEQ("SELECT string_agg(DISTINCT s.short_name, ',') || ' ' || string_agg(DISTINCT c.grade::text, '') "
        "FROM course_teacher ct JOIN staff st ON st.id = ct.staff_id JOIN course co ON co.id = ct.course_id "
        "JOIN class c ON c.id = co.class_id JOIN subject s ON s.id = co.subject_id WHERE st.surname = 'Петров'",
        "Алг,ВиС,Геом 789");
    ck_assert_int_eq(qn("SELECT count(*) FROM class c JOIN staff s ON s.id = c.teacher_id WHERE s.surname = 'Петров'"),
                     0);
    /* One teacher per course for the whole year, who teaches that subject (staff_subject). */
    ck_assert_int_eq(qn("SELECT count(*) FROM course co WHERE (SELECT count(*) FROM course_teacher ct "
                        "WHERE ct.course_id = co.id AND ct.during = '[2026-09-01,2027-06-01)') <> 1"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM course_teacher ct JOIN course co ON co.id = ct.course_id "
                        "WHERE NOT EXISTS (SELECT 1 FROM staff_subject ss WHERE ss.staff_id = ct.staff_id "
                        "AND ss.subject_id = co.subject_id)"),
                     0);
    /* The two groups of a class are taught by two teachers at the same time. */
    ck_assert_int_eq(qn("SELECT count(*) FROM (SELECT t.class_id, t.weekday, t.num FROM timetable_slot t "
                        "JOIN course co ON co.id = t.course_id WHERE co.group_id IS NOT NULL "
                        "GROUP BY 1, 2, 3 HAVING count(*) <> 2) x"),
                     0);
}
END_TEST

START_TEST(timetable)
{
    setup();
    /* No teacher and no class in two places at once. */
    ck_assert_int_eq(qn("SELECT count(*) FROM (SELECT ct.staff_id, t.weekday, t.num FROM timetable_slot t "
                        "JOIN course_teacher ct ON ct.course_id = t.course_id GROUP BY 1, 2, 3 HAVING count(*) > 1) x"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM (SELECT t.class_id, t.weekday, t.num FROM timetable_slot t "
                        "JOIN course co ON co.id = t.course_id GROUP BY 1, 2, 3 "
                        "HAVING count(DISTINCT co.subject_id) > 1) x"),
                     0);
    /* Every course its weekly hours, Monday to Friday, lessons 1-7 without gaps. */
    ck_assert_int_eq(qn("SELECT count(*) FROM course c JOIN curriculum cu ON cu.class_id = c.class_id "
                        "AND cu.subject_id = c.subject_id "
                        "WHERE (SELECT count(*) FROM timetable_slot t WHERE t.course_id = c.id) <> cu.hours_per_week"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM timetable_slot WHERE weekday NOT BETWEEN 1 AND 5 OR num NOT BETWEEN 1 AND 7 "
                        "OR valid <> '[2026-09-01,2027-06-01)'"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM (SELECT class_id, weekday, max(num) AS m, count(DISTINCT num) AS n "
                        "FROM timetable_slot GROUP BY 1, 2) x WHERE m <> n"),
                     0);
    /* Grade 1 has the shortest days. */
    ck_assert_int_eq(qn("SELECT max(num) FROM timetable_slot t JOIN class c ON c.id = t.class_id WHERE c.grade = 1"), 4);
    /* Lessons follow the timetable on school days only: none on weekends or holidays. */
    ck_assert_int_eq(qn("SELECT count(*) FROM lesson l WHERE extract(isodow FROM l.date) > 5 OR EXISTS "
                        "(SELECT 1 FROM holiday h WHERE l.date BETWEEN h.starts AND h.ends)"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM lesson l WHERE NOT EXISTS (SELECT 1 FROM timetable_slot t "
                        "WHERE t.course_id = l.course_id AND t.weekday = extract(isodow FROM l.date) AND t.num = l.num)"),
                     0);
    QEQ("SELECT min(date) || ' ' || max(date) FROM lesson", "2026-09-01 2026-11-27");
    /* Every school day has its full timetable. */
    ck_assert_int_eq(qn("SELECT count(*) FROM generate_series(date '2026-09-01', date '2026-11-27', '1 day') d "
                        "WHERE extract(isodow FROM d) <= 5 AND NOT EXISTS (SELECT 1 FROM holiday h "
                        "WHERE d BETWEEN h.starts AND h.ends) AND (SELECT count(*) FROM lesson WHERE date = d) <> "
                        "(SELECT count(*) FROM timetable_slot WHERE weekday = extract(isodow FROM d))"),
                     0);
}
END_TEST

/* Every foreign key holds (the load ran with triggers off, foreign-key checks included). */
static const char *fk_check =
    "DO $$ DECLARE c record; n bigint; bad text := ''; BEGIN "
    "FOR c IN SELECT con.conname, con.conrelid::regclass AS child, con.confrelid::regclass AS parent, "
    " (SELECT string_agg(format('c.%I', a.attname), ',' ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY k(n, i) "
    "   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n) AS ccols, "
    " (SELECT string_agg(format('p.%I', a.attname), ',' ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY k(n, i) "
    "   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n) AS pcols, "
    " (SELECT string_agg(format('c.%I IS NOT NULL', a.attname), ' AND ') FROM unnest(con.conkey) k(n) "
    "   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n) AS notnull "
    " FROM pg_constraint con WHERE con.contype = 'f' AND con.connamespace = 'public'::regnamespace LOOP "
    " EXECUTE format('SELECT count(*) FROM %s c WHERE %s AND NOT EXISTS (SELECT 1 FROM %s p WHERE (%s) = (%s))', "
    "   c.child, c.notnull, c.parent, c.ccols, c.pcols) INTO n; "
    " IF n > 0 THEN bad := bad || c.conname || ':' || n || ' '; END IF; "
    "END LOOP; "
    "IF bad <> '' THEN RAISE EXCEPTION 'orphans: %', bad; END IF; END $$";

START_TEST(rules_kept)
{
    setup();
    free(q(fk_check));
    ck_assert_int_eq(qn("SELECT count(*) FROM mark m JOIN work w ON w.id = m.work_id JOIN lesson l ON l.id = w.lesson_id "
                        "JOIN course c ON c.id = l.course_id WHERE NOT ej_pupil_in(1, c.class_id, c.group_id, m.pupil_id, l.date)"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM attendance a JOIN lesson l ON l.id = a.lesson_id JOIN course c ON c.id = l.course_id "
                        "WHERE NOT ej_pupil_in(1, c.class_id, c.group_id, a.pupil_id, l.date)"),
                     0);
    /* No mark in grade 1 or in an ungraded subject, none after yesterday, none for an absent pupil. */
    ck_assert_int_eq(qn("SELECT count(*) FROM mark m JOIN work w ON w.id = m.work_id JOIN lesson l ON l.id = w.lesson_id "
                        "JOIN course c ON c.id = l.course_id JOIN class cl ON cl.id = c.class_id JOIN curriculum cu "
                        "ON cu.class_id = c.class_id AND cu.subject_id = c.subject_id WHERE cl.grade = 1 OR NOT cu.graded"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM mark m JOIN work w ON w.id = m.work_id JOIN lesson l ON l.id = w.lesson_id "
                        "WHERE l.date >= date '2026-11-26'"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM work w JOIN lesson l ON l.id = w.lesson_id WHERE l.date >= date '2026-11-26'"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM mark m JOIN work w ON w.id = m.work_id JOIN attendance a "
                        "ON a.lesson_id = w.lesson_id AND a.pupil_id = m.pupil_id"),
                     0);
    /* What the triggers would have written: due times, late flags, who and when. */
    ck_assert_int_eq(qn("SELECT count(*) FROM mark m JOIN work w ON w.id = m.work_id JOIN work_type wt "
                        "ON wt.id = w.work_type_id JOIN lesson l ON l.id = w.lesson_id "
                        "WHERE m.due_at <> ((l.date + CASE WHEN wt.written THEN 6 ELSE 2 END)::timestamp) "
                        "AT TIME ZONE 'Europe/Moscow' OR m.late <> (m.entered_at > m.due_at) OR m.entered_by IS NULL "
                        "OR m.updated_at < m.entered_at"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM mark m JOIN work w ON w.id = m.work_id JOIN lesson l ON l.id = w.lesson_id "
                        "JOIN bell b ON b.school_id = l.school_id AND b.shift = 1 AND b.num = l.num "
                        "WHERE m.entered_at < (l.date + b.ends) AT TIME ZONE 'Europe/Moscow' OR m.entered_at > ej_now()"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM lesson WHERE (topic = '') <> (topic_set_at IS NULL) "
                        "OR (homework = '') <> (homework_set_at IS NULL) OR topic_set_at > ej_now() "
                        "OR homework_set_at > ej_now() OR attendance_taken_at > ej_now() OR updated_at > ej_now() "
                        "OR (attendance_taken_at IS NULL) <> (attendance_taken_by IS NULL)"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM attendance WHERE set_by IS NULL OR set_at > ej_now()"), 0);
    /* Finals: К only for an ungraded subject, marks only for graded ones, none in grade 1. */
    ck_assert_int_eq(qn("SELECT count(*) FROM final_mark f JOIN course c ON c.id = f.course_id JOIN curriculum cu "
                        "ON cu.class_id = c.class_id AND cu.subject_id = c.subject_id JOIN class cl ON cl.id = c.class_id "
                        "WHERE (f.value = 'К') = cu.graded OR cl.grade = 1"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM final_mark f JOIN course c ON c.id = f.course_id JOIN period p "
                        "ON p.id = f.period_id WHERE NOT EXISTS (SELECT 1 FROM enrollment e WHERE e.pupil_id = f.pupil_id "
                        "AND e.class_id = c.class_id AND e.during && daterange(p.starts, p.ends, '[]')) "
                        "OR f.set_at > ej_now() OR f.set_by IS NULL"),
                     0);
}
END_TEST

START_TEST(the_year_so_far)
{
    setup();
    /* Marks: about 5 % late, each late one entered after its due time. */
    long long late = qn("SELECT round(1000.0 * avg(late::int)) FROM mark");
    ck_assert_int_ge(late, 30);
    ck_assert_int_le(late, 80);
    ck_assert_int_gt(qn("SELECT count(*) FROM mark"), 20000);
    ck_assert_int_gt(qn("SELECT count(*) FROM mark WHERE seq = 2"), 0); /* a few retakes */
    /* Written work every few weeks in each graded course. */
    ck_assert_int_eq(qn("SELECT count(*) FROM course co JOIN class c ON c.id = co.class_id JOIN subject s "
                        "ON s.id = co.subject_id WHERE c.grade > 1 AND s.short_name IN ('Рус', 'Мат', 'Алг') "
                        "AND NOT EXISTS (SELECT 1 FROM lesson l JOIN work w ON w.lesson_id = l.id JOIN work_type wt "
                        "ON wt.id = w.work_type_id WHERE l.course_id = co.id AND wt.written)"),
                     0);
    /* Absences: about 3 % of the pupils' lessons, mostly Н and Б, some У. */
    long long abs = qn("SELECT round(1000.0 * (SELECT count(*) FROM attendance) / sum(n)) FROM (SELECT "
                       "(SELECT count(*) FROM course c JOIN enrollment e ON e.class_id = c.class_id "
                       "AND e.during @> l.date WHERE c.id = l.course_id AND c.group_id IS NULL) + "
                       "(SELECT count(*) FROM course c JOIN group_member g ON g.group_id = c.group_id "
                       "AND g.during @> l.date WHERE c.id = l.course_id) AS n "
                       "FROM lesson l WHERE l.attendance_taken_at IS NOT NULL) x");
    ck_assert_int_ge(abs, 20);
    ck_assert_int_le(abs, 45);
    QEQ("SELECT string_agg(code, '' ORDER BY code) FROM (SELECT DISTINCT code FROM attendance) x", "БНУ");
    /* Past lessons: topics and homework, a few deliberately missing; attendance taken. */
    long long past = qn("SELECT count(*) FROM lesson WHERE date < '2026-11-26'");
    long long notopic = qn("SELECT count(*) FROM lesson WHERE date < '2026-11-26' AND topic = ''");
    ck_assert_int_gt(notopic, 0);
    ck_assert_int_lt(notopic * 50, past);
    ck_assert_int_gt(qn("SELECT count(*) FROM lesson l JOIN course co ON co.id = l.course_id JOIN subject s "
                        "ON s.id = co.subject_id WHERE l.date < '2026-11-26' AND s.short_name = 'Рус' AND homework = '' "
                        "AND co.class_id IN (SELECT id FROM class WHERE grade > 1)"),
                     0);
    ck_assert_int_gt(qn("SELECT count(*) FROM lesson WHERE date < '2026-11-26' AND attendance_taken_at IS NULL"), 0);
    ck_assert_int_lt(qn("SELECT count(*) FROM lesson WHERE date < '2026-11-26' AND attendance_taken_at IS NULL") * 50, past);
    ck_assert_int_eq(qn("SELECT count(*) FROM lesson l JOIN course co ON co.id = l.course_id JOIN class c "
                        "ON c.id = co.class_id WHERE c.grade = 1 AND l.homework <> ''"),
                     0);
    ck_assert_int_eq(qn("SELECT count(*) FROM lesson WHERE date < '2026-11-26' AND topic <> '' AND plan_item_id IS NULL"),
                     0);
    /* Today: lessons without attendance, some without a topic yet; the rest of the week
     * without marks, some with homework posted ahead. */
    ck_assert_int_gt(qn("SELECT count(*) FROM lesson WHERE date = '2026-11-26'"), 50);
    ck_assert_int_eq(qn("SELECT count(*) FROM lesson WHERE date >= '2026-11-26' AND attendance_taken_at IS NOT NULL"), 0);
    ck_assert_int_gt(qn("SELECT count(*) FROM lesson WHERE date = '2026-11-26' AND topic = ''"), 0);
    ck_assert_int_gt(qn("SELECT count(*) FROM lesson WHERE date = '2026-11-26' AND topic <> ''"), 0);
    ck_assert_int_gt(qn("SELECT count(*) FROM lesson WHERE date = '2026-11-27'"), 50);
    ck_assert_int_gt(qn("SELECT count(*) FROM lesson WHERE date > '2026-11-26' AND homework <> ''"), 0);
    /* Quarter 1 finals for every graded course's pupils, a few not attested («Н»). */
    ck_assert_int_gt(qn("SELECT count(*) FROM final_mark WHERE value IN ('2', '3', '4', '5')"), 3000);
    long long n = qn("SELECT count(*) FROM final_mark WHERE value = 'Н'");
    ck_assert_int_gt(n, 0);
    ck_assert_int_lt(n, 60);
    ck_assert_int_gt(qn("SELECT count(*) FROM final_mark WHERE value = 'К'"), 0);
    QEQ("SELECT string_agg(DISTINCT p.scheme || p.num || ' ' || f.kind, ',') FROM final_mark f JOIN period p "
        "ON p.id = f.period_id",
        "quarter1 period");
    /* Соколов Михаил has Q1 finals in every graded subject of 7А. */
    ck_assert_int_eq(qn("SELECT count(*) FROM final_mark f JOIN pupil p ON p.id = f.pupil_id "
                        "WHERE p.surname = 'Соколов' AND p.name = 'Михаил'"),
                     qn("SELECT count(*) FROM curriculum cu JOIN class c ON c.id = cu.class_id "
                        "WHERE c.grade = 7 AND c.letter = 'А' AND cu.graded"));
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
    ck_assert_msg(strstr(err.msg, "школа") || strstr(err.msg, "school"), "%s", err.msg);
    db_close(db);
    free(admin);
    return ejt_fmt("%s", name);
}

static void drop(const char *name)
{
    char *admin = ejt_conninfo("postgres", "ejournal");
    struct ej_error err;
    db_admin_drop_database(admin, name, &err);
    free(admin);
}

/* A digest of the data of one school (everything but the random password salt and
 * the clock's offset, which follows the real time of the build). */
static char *digest(int school)
{
    static const char *tables[] = { "school", "academic_year", "period", "holiday", "bell", "work_type", "subject",
                                    "staff", "staff_subject", "class", "curriculum", "study_group", "pupil",
                                    "enrollment", "group_member", "guardian", "pupil_guardian", "course",
                                    "course_teacher", "plan_item", "timetable_slot", "lesson", "work", "mark",
                                    "attendance", "final_mark" };
    struct ej_buf b;
    buf_init(&b);
    buf_puts(&b, "SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (");
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        buf_printf(&b, "%sSELECT '%s' || t::text AS x FROM %s t WHERE %s = %d", i ? " UNION ALL " : "", tables[i],
                   tables[i], strcmp(tables[i], "school") ? "school_id" : "id", school);
    buf_printf(&b, " UNION ALL SELECT 'account' || (t.id, t.login, t.display_name, t.must_change, t.created_at)::text "
                   "FROM account t WHERE school_id = %d"
                   " UNION ALL SELECT 'role' || t::text FROM account_role t WHERE school_id = %d) d",
               school, school);
    char *v = q(b.data);
    buf_free(&b);
    return v;
}

/* A district of three schools; its school 1 is built from the same seed as the
 * template the harness made with `ejournald demo --today 2026-11-26`, so comparing the
 * two proves the build deterministic (all but the password hash: a fresh salt). */
START_TEST(district_and_determinism)
{
    setup();
    char *single = digest(1);
    char *pupils1 = q("SELECT md5(string_agg(surname || name, ',' ORDER BY id)) FROM pupil WHERE school_id = 1");
    dbn = fresh_demo(ejt_fmt("demo_d_%d", (int)getpid()), 3);
    ck_assert_int_eq(qn("SELECT count(*) FROM school"), 3);
    ck_assert_int_eq(qn("SELECT count(DISTINCT short_name) FROM school"), 3);
    QEQ("SELECT string_agg(login, ',' ORDER BY login) FROM account WHERE login LIKE 'ivanova%'",
        "ivanova,ivanova.s2,ivanova.s3");
    /* Every login of school k >= 2 has the suffix .s<k>; each school has every role. */
    ck_assert_int_eq(qn("SELECT count(*) FROM account WHERE school_id > 1 AND login NOT LIKE '%.s' || school_id"), 0);
    ck_assert_int_eq(qn("SELECT count(*) FROM account WHERE school_id = 1 AND login LIKE '%.s%'"), 0);
    ck_assert_int_eq(qn("SELECT count(*) FROM account a JOIN account_role r ON r.account_id = a.id "
                        "WHERE a.login = 'roditel.s3' AND r.school_id = 3 AND r.role = 'parent'"),
                     1);
    ck_assert_int_eq(qn("SELECT count(DISTINCT (school_id, role)) FROM account_role"), 3 * 7);
    ck_assert_int_eq(qn("SELECT count(DISTINCT school_id) FROM mark"), 3);
    ck_assert_int_eq(qn("SELECT count(*) FROM enrollment e JOIN class c ON c.id = e.class_id AND c.school_id = e.school_id "
                        "WHERE c.grade = 7 AND c.letter = 'А'"),
                     3 * 26);
    /* School 1 of the district is the demo school itself; the others have their own names. */
    ck_assert_str_eq(digest(1), single);
    char *hash = q("SELECT password_hash FROM account WHERE login = 'ivanova.s3'");
    ck_assert(passwd_verify("demo2026", hash));
    free(hash);
    char *pupils2 = q("SELECT md5(string_agg(surname || name, ',' ORDER BY id)) FROM pupil WHERE school_id = 2");
    ck_assert_str_ne(pupils1, pupils2);
    /* New rows after the load get fresh ids. */
    ck_assert_int_gt(qn("SELECT nextval(pg_get_serial_sequence('mark', 'id'))"), qn("SELECT max(id) FROM mark"));
    ck_assert_int_gt(qn("SELECT nextval(pg_get_serial_sequence('account', 'id'))"), qn("SELECT max(id) FROM account"));
    free(q(fk_check));
    drop(dbn);
}
END_TEST

START_TEST(refusals_and_accounts_list)
{
    setup();
    struct ej_error err;
    struct ej_db *db = ejt_connect(dbn, "ejournal", 0);
    struct demo_opts o = { .schools = 1, .seed = 5, .today = "2026-11-26" };
    ck_assert_int_eq(demo_build(db, &o, &err), EJ_ECONFLICT);
    o.today = "2026-02-30";
    ck_assert_int_eq(demo_build(db, &o, &err), EJ_EUSAGE);
    db_close(db);
    ck_assert_int_eq(qn("SELECT count(*) FROM school"), 1);

    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    demo_print_accounts(f, "127.0.0.1", 2222);
    fclose(f);
    ck_assert_msg(strstr(text, "\nssh -p 2222 ivanova@127.0.0.1\n") != NULL, "%s", text);
    for (int i = 0; i < demo_naccounts; i++)
        ck_assert_msg(strstr(text, demo_accounts[i].login) != NULL, "%s", text);
    ck_assert(strstr(text, "demo2026") != NULL);
    ck_assert_int_eq(demo_naccounts, 8);
    free(text);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("demo");
    TCase *tc = ejt_tcase("demo", 300);
    tcase_add_test(tc, school_and_year);
    tcase_add_test(tc, classes_and_curriculum);
    tcase_add_test(tc, class_7a);
    tcase_add_test(tc, accounts_and_roles);
    tcase_add_test(tc, teachers);
    tcase_add_test(tc, timetable);
    tcase_add_test(tc, rules_kept);
    tcase_add_test(tc, the_year_so_far);
    tcase_add_test(tc, district_and_determinism);
    tcase_add_test(tc, refusals_and_accounts_list);
    suite_add_tcase(s, tc);
    return ejt_run(s, "db/demo");
}
