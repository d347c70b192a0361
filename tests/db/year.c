/* tests/db/year — the deputy director sets up 2027/2028 with the real `ejournal` commands only (year, classes promote, curriculum, load, timetable, plan, period): lessons land on the right dates (holidays skipped, a moved working day honoured, an extra day off), a clash is refused and named, a changed timetable moves a lesson with a mark and keeps one with homework, a КТП import fills the next lessons in order and a lesson not held passes its topic on, a substitute edits the lesson they gave, a locked period refuses a mark naming the locker; bad input is refused with nothing changed; teachers cannot set up the year. */
#include "ctx.h"
#include "db-year.h"
#include "ejtest.h"

#include <stdlib.h>
#include <string.h>

#define Y " --year 2027/2028"

static const char *db;

/* Run as login; the exit status must be want (stdout and stderr in the message). */
static char *run(const char *login, const char *args, int want)
{
    int st;
    char *out = ejt_run_as(db, login, args, true, &st);
    ck_assert_msg(st == want, "%s: %s → %d, not %d:\n%s", login, args, st, want, out);
    return out;
}

static char *run_in(const char *login, const char *args, const char *input, int want)
{
    int st;
    char *out = ejt_run_as_in(db, login, args, input, true, &st);
    ck_assert_msg(st == want, "%s: %s → %d, not %d:\n%s", login, args, st, want, out);
    return out;
}

static void ok(const char *login, const char *args)
{
    free(run(login, args, 0));
}

/* Refused with a message containing `needle`. */
static void refused(const char *login, const char *args, int want, const char *needle)
{
    char *out = run(login, args, want);
    ck_assert_msg(!needle || strstr(out, needle), "%s: «%s» not in:\n%s", args, needle, out);
    free(out);
}

static long long course_of(const char *cls, const char *subject)
{
    return ejt_qll(db, "SELECT co.id FROM course co JOIN class c ON c.id = co.class_id "
                       "JOIN academic_year y ON y.id = c.year_id JOIN subject s ON s.id = co.subject_id "
                       "WHERE y.name = '2027/2028' AND c.grade::text || c.letter = '%s' AND s.name = '%s' "
                       "AND co.group_id IS NULL",
                   cls, subject);
}

static long long lessons_on(long long course, const char *day)
{
    return ejt_qll(db, "SELECT count(*) FROM lesson WHERE course_id = %lld AND date = '%s'", course, day);
}

/* Everything the year setup writes, as one fingerprint (for "nothing changed"): row
 * counts, and the dates the timetable and the load cover (a refused change must not
 * have shortened a range either). */
static char *state(void)
{
    return ejt_q(db, "SELECT concat_ws('/', (SELECT count(*) FROM academic_year), (SELECT count(*) FROM period), "
                     "(SELECT count(*) FROM holiday), (SELECT count(*) FROM calendar_day), "
                     "(SELECT count(*) FROM class), (SELECT count(*) FROM curriculum), "
                     "(SELECT count(*) FROM course), (SELECT count(*) FROM course_teacher), "
                     "(SELECT count(*) FROM timetable_slot), (SELECT count(*) FROM lesson), "
                     "(SELECT count(*) FROM plan_item), (SELECT count(*) FROM bell), "
                     "(SELECT count(*) FROM subject), (SELECT sum(hours_per_week) FROM curriculum), "
                     "(SELECT sum(upper(valid) - lower(valid)) FROM timetable_slot), "
                     "(SELECT sum(upper(during) - lower(during)) FROM course_teacher), "
                     "(SELECT string_agg(DISTINCT topic, ',') FROM lesson WHERE plan_item_id IS NOT NULL))");
}

static const char *timetable_8a = "День;Урок;Предмет;Группа;Кабинет\r\n"
                                  "Пн;1;Алгебра;;21\r\nПн;2;Рус;;12\r\nвторник;1;Геометрия;;21\r\n"
                                  "3;1;Алгебра;;21\r\nЧт;3;Русский язык;;12\r\nПт;2;алгебра;;21\r\n";

START_TEST(prepare_a_year)
{
    db = ejt_db_new();
    char *before = state();
    /* Teachers read the setup and change nothing of it. */
    refused("petrov", "year create 2027/2028 --from 01.09.2027 --to 31.05.2028", 1, "заместитель директора");
    refused("sekretar", "timetable generate --apply", 1, "заместитель директора");
    /* Bad input: nothing written. */
    refused("zavuch", "year create 2027/2029 --from 01.09.2027 --to 31.05.2028", 1, "не учебный год");
    refused("zavuch", "year create 2027/2028 --from 31.02.2027 --to 31.05.2028", 1, "не дата");
    refused("zavuch", "year create 2027/2028 --from 01.09.2026 --to 31.05.2027", 1, "2027");
    refused("zavuch", "year create 2026/2027 --from 01.09.2026 --to 31.05.2027", 1, "уже есть");
    refused("zavuch", "year create 2027/2028", 2, "использование");
    refused("zavuch", "year frob", 2, "использование");
    char *after = state();
    ck_assert_str_eq(before, after);
    free(after);

    ok("zavuch", "year create 2027/2028 --from 01.09.2027 --to 31.05.2028");
    refused("zavuch", "year periods" Y " --scheme quarter 01.09.2027-23.10.2027 20.10.2027-28.12.2027 "
                      "11.01.2028-20.03.2028 30.03.2028-31.05.2028", 1, "после конца периода 1");
    refused("zavuch", "year periods" Y " --scheme quarter 01.09.2027-23.10.2027", 1, "4");
    refused("zavuch", "year periods" Y " --scheme week 01.09.2027-23.10.2027", 1, "quarter");
    ok("zavuch", "year periods" Y " --scheme quarter 01.09.2027-23.10.2027 02.11.2027-28.12.2027 "
                 "11.01.2028-20.03.2028 30.03.2028-31.05.2028");
    free(run("zavuch", "year holiday add" Y " 'Осенние каникулы' 24.10.2027-01.11.2027", 0));
    free(run("zavuch", "year holiday add" Y " 'День народного единства' 04.11.2027-04.11.2027", 0));
    refused("zavuch", "year holiday add" Y " 'Летние' 01.06.2028-31.08.2028", 1, "внутри учебного года");
    /* Saturday 06.11.2027 is worked as a Monday; Monday 08.11.2027 is off instead. */
    ok("zavuch", "year day" Y " 06.11.2027 --as пн --note 'перенос с 08.11'");
    ok("zavuch", "year day" Y " 08.11.2027 --off");
    refused("zavuch", "year day" Y " 09.11.2027 --as вс", 1, "не учебный день");
    ok("zavuch", "year day" Y " 10.11.2027 --off");
    ok("zavuch", "year day" Y " 10.11.2027 --clear");
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM calendar_day WHERE day = '2027-11-10'"), 0);
    refused("zavuch", "year day" Y " 09.11.2027 --off --clear", 2, NULL);
    char *show = run("petrov", "year show" Y, 0);
    ck_assert_msg(strstr(show, "period\tquarter\t1\t1 четверть\t2027-09-01\t2027-10-23\t38\t") &&
                      strstr(show, "holiday\t") && strstr(show, "Осенние каникулы\t2027-10-24\t2027-11-01") &&
                      strstr(show, "day\t2027-11-06\tпн\tперенос с 08.11") &&
                      strstr(show, "day\t2027-11-08\tвыходной"),
                  "%s", show);
    free(show);

    /* The secretary moves the pupils up; the deputy names 8А's class teacher. */
    ok("sekretar", "classes promote --from 2026/2027 --to 2027/2028 --apply");
    ok("zavuch", "year class" Y " 8А --teacher petrov --shift 1");
    refused("zavuch", "year class" Y " 8А --teacher nobody", 1, "Нет сотрудника");
    refused("zavuch", "year class" Y " 8А --scheme week", 1, "quarter");

    /* Curriculum: last year's 8th grade in one step, then a change. */
    ok("zavuch", "curriculum copy --grade 8 --from 2026/2027 --to 2027/2028");
    char *cur = run("petrov", "curriculum list --class 8А" Y, 0);
    ck_assert_msg(strstr(cur, "Алгебра\tАлг\t3\tда\t0\n") && strstr(cur, "Геометрия\tГеом\t2\tда"), "%s", cur);
    free(cur);
    before = state();
    refused("zavuch", "curriculum set --class 8А" Y " Алгебра 0", 1, "не часы");
    refused("zavuch", "curriculum set --class 8А" Y " Алгебра 2,25", 1, "не часы");
    refused("zavuch", "curriculum set --class 8А" Y " Астрология 1", 1, "Нет предмета «Астрология»");
    refused("zavuch", "curriculum set --class 8Я" Y " Алгебра 1", 1, "Класса 8Я нет");
    refused("zavuch", "curriculum set --class 8А --year 2030/2031 Алгебра 1", 1, "2030/2031");
    free(run_in("zavuch", "curriculum import --class 8А" Y, "Предмет;Часов в неделю\r\nАлгебра;4\r\nКосмос;1\r\n", 1));
    after = state();
    ck_assert_str_eq(before, after);
    free(after);
    free(before);
    free(run_in("zavuch", "curriculum import --class 8А" Y,
                "Предмет;Часов в неделю;Оценивается\r\nАлгебра;4;да\r\nМузыка;1;нет\r\n", 0));
    cur = run("zavuch", "curriculum list --class 8А --csv" Y, 0);
    ck_assert_msg(strstr(cur, "Алгебра;Алг;4;да;0") && strstr(cur, "Музыка;Муз;1;нет;0"), "%s", cur);
    free(cur);

    /* Teaching load, with history: Физика changes hands on 01.11.2027. */
    ok("zavuch", "load set --class 8А" Y " Алгебра --teacher petrov");
    ok("zavuch", "load set --class 8А" Y " Геометрия --teacher petrov");
    ok("zavuch", "load set --class 8А" Y " 'Русский язык' --teacher ivanova");
    ok("zavuch", "load set --class 8А" Y " Физика --teacher ivanova");
    ok("zavuch", "load set --class 8А" Y " Физика --teacher petrov --from 01.11.2027");
    refused("zavuch", "load set --class 8А" Y " Астрономия --teacher petrov", 1, "Астрономия");
    refused("zavuch", "load set --class 8А" Y " Химия --teacher petrov --group 'Гр 1'", 1, "нет группы");
    char *load = run("petrov", "load list --class 8А" Y, 0);
    ck_assert_msg(strstr(load, "8А\t\tФизика\tИванова М. П.\tivanova\t01.09.2027\t31.10.2027\t") &&
                      strstr(load, "8А\t\tФизика\tПетров С. Н.\tpetrov\t01.11.2027\t\t"),
                  "%s", load);
    free(load);

    /* The timetable, and clashes named. */
    free(run_in("zavuch", "timetable set --class 8А" Y, timetable_8a, 0));
    ok("zavuch", "year class" Y " 9А");
    ok("zavuch", "curriculum set --class 9А" Y " Геометрия 2");
    ok("zavuch", "load set --class 9А" Y " Геометрия --teacher petrov");
    before = state();
    char *out = run_in("zavuch", "timetable set --class 9А" Y, "День;Урок;Предмет\nпн;1;Геометрия\n", 1);
    ck_assert_msg(strstr(out, "Накладка: пн, 1-й урок") && strstr(out, "Петров С. Н.") &&
                      strstr(out, "8А «Алгебра»") && strstr(out, "9А «Геометрия»"),
                  "%s", out);
    free(out);
    out = run_in("zavuch", "timetable set --class 9А" Y, "День;Урок;Предмет;Кабинет\nпн;2;Геометрия;12\n", 1);
    ck_assert_msg(strstr(out, "в кабинете 12") && strstr(out, "8А «Русский язык»"), "%s", out);
    free(out);
    out = run_in("zavuch", "timetable set --class 8А" Y, "День;Урок;Предмет\nпн;4;Алгебра\nпн;4;Геометрия\n", 1);
    ck_assert_msg(strstr(out, "у 8А одновременно «Алгебра» и «Геометрия»"), "%s", out);
    free(out);
    out = run_in("zavuch", "timetable set --class 9А" Y, "День;Урок;Предмет\nсб;3;Геометрия\n", 1);
    ck_assert_msg(strstr(out, "строка 2") && strstr(out, "пятидневная"), "%s", out);
    free(out);
    out = run_in("zavuch", "timetable set --class 9А" Y, "День;Урок;Предмет\nпн;3;Химия\n", 1);
    ck_assert_msg(strstr(out, "строка 2") && strstr(out, "нет в учебном плане 9А"), "%s", out);
    free(out);
    out = run_in("zavuch", "timetable set --class 9А" Y, "Day;Lesson\n1;2\n", 1);
    ck_assert_msg(strstr(out, "нет столбца «День»"), "%s", out);
    free(out);
    after = state();
    ck_assert_str_eq(before, after);
    free(after);
    free(before);
    /* A teacher moving to another lesson number later in the year is no clash. */
    free(run_in("zavuch", "timetable set --class 9А" Y, "День;Урок;Предмет\nпн;3;Геометрия\n", 0));
    char *mine = run("petrov", "timetable show --teacher petrov --on 13.09.2027" Y, 0);
    ck_assert_msg(strstr(mine, "пн\t1\tАлгебра\t\t21\tПетров С. Н.\t08:00–08:40\t8А\n") &&
                      strstr(mine, "пн\t3\tГеометрия\t\t\tПетров С. Н.\t09:45–10:25\t9А\n") &&
                      !strstr(mine, "Русский"),
                  "%s", mine);
    free(mine);
    refused("petrov", "timetable show --class 8А --teacher petrov" Y, 2, NULL);
    char *tt = run("ivanova", "timetable show --class 8А --on 13.09.2027" Y, 0);
    ck_assert_msg(strstr(tt, "пн\t1\tАлгебра\t\t21\tПетров С. Н.\t08:") &&
                      strstr(tt, "пт\t2\tАлгебра\t\t21\tПетров С. Н."),
                  "%s", tt);
    free(tt);

    /* Lessons: a plan first, then for real, then again (idempotent). */
    long long alg = course_of("8А", "Алгебра"), geo = course_of("8А", "Геометрия"),
              rus = course_of("8А", "Русский язык");
    long long n0 = ejt_qll(db, "SELECT count(*) FROM lesson");
    out = run("zavuch", "timetable generate --class 8А" Y, 0);
    ck_assert_msg(strstr(out, "без --apply ничего не меняется"), "%s", out);
    free(out);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM lesson"), n0);
    out = run("zavuch", "timetable generate --class 8А --apply" Y, 0);
    free(out);
    /* Q1 algebra: 7 Mondays, 8 Wednesdays, 8 Fridays between 01.09 and 23.10. */
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM lesson WHERE course_id = %lld AND date <= '2027-10-23'", alg), 23);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM lesson WHERE course_id IN (%lld, %lld, %lld) "
                                 "AND (date BETWEEN '2027-10-24' AND '2027-11-01' OR date IN ('2027-11-04', '2027-11-08'))",
                             alg, geo, rus),
                     0);
    ck_assert_int_eq(lessons_on(alg, "2027-11-06"), 1); /* Saturday as Monday */
    ck_assert_int_eq(lessons_on(rus, "2027-11-06"), 1);
    ck_assert_int_eq(lessons_on(geo, "2027-11-06"), 0);
    ck_assert_int_eq(ejt_qll(db, "SELECT num FROM lesson WHERE course_id = %lld AND date = '2027-11-06'", rus), 2);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM lesson WHERE course_id = %lld AND date = '2028-05-31'", alg), 1);
    long long total = ejt_qll(db, "SELECT count(*) FROM lesson");
    out = run("zavuch", "timetable generate --class 8А --apply" Y, 0);
    ck_assert_msg(strstr(out, "уроков добавлено: 0, пустых удалено: 0"), "%s", out);
    free(out);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM lesson"), total);

    /* The КТП of geometry (Tuesdays): 2 + 1 + 3 hours over the first six lessons. */
    before = state();
    char *bad = ejt_fmt("plan import %lld", geo);
    free(run_in("petrov", bad, "Тема;Часов\nПараллелограмм;0\n", 1));
    free(run_in("petrov", bad, "Часов\n2\n", 1));
    free(run_in("ivanova", bad, "Тема;Часов\nПараллелограмм;2\n", 1));
    after = state();
    ck_assert_str_eq(before, after);
    free(after);
    free(before);
    out = run_in("petrov", bad, "№;Тема;Часов (всего)\n1;Четырёхугольники;2\n2;\"Параллелограмм; его свойства\";1\n3;Трапеция;3\n", 0);
    ck_assert_msg(strstr(out, "тем в плане: 3; уроков получили темы: 6"), "%s", out);
    free(out);
    free(bad);
    char *topics = ejt_q(db, "SELECT string_agg(to_char(date, 'DD.MM') || ' ' || topic, ', ' ORDER BY date) FROM lesson "
                             "WHERE course_id = %lld AND date < '2027-10-20'", geo);
    ck_assert_str_eq(topics, "07.09 Четырёхугольники, 14.09 Четырёхугольники, 21.09 Параллелограмм; его свойства, "
                             "28.09 Трапеция, 05.10 Трапеция, 12.10 Трапеция, 19.10 ");
    free(topics);

    /* The school day is now 20.09.2027: marks, homework, a lesson not held. */
    ejt_q(db, "UPDATE sys_clock SET clock_offset = timestamptz '2027-09-20 12:00 Europe/Moscow' - now() RETURNING 1");
    long long petrov = ejt_account(db, "petrov");
    long long pupil = ejt_qll(db, "SELECT e.pupil_id FROM enrollment e JOIN class c ON c.id = e.class_id "
                                  "JOIN academic_year y ON y.id = c.year_id WHERE y.name = '2027/2028' "
                                  "AND c.grade = 8 AND c.letter = 'А' ORDER BY e.pupil_id LIMIT 1");
    long long mon13 = ejt_qll(db, "SELECT id FROM lesson WHERE course_id = %lld AND date = '2027-09-13'", alg);
    long long fri17 = ejt_qll(db, "SELECT id FROM lesson WHERE course_id = %lld AND date = '2027-09-17'", alg);
    char *args = ejt_fmt("journal mark %lld %lld 5", mon13, pupil);
    ok("petrov", args);
    free(args);
    char *err = NULL;
    char *r = ejt_sql_as(db, petrov, ejt_fmt("UPDATE lesson SET homework = '№ 12' WHERE id = %lld", fri17), &err);
    ck_assert_msg(r != NULL, "%s", err ? err : "");
    free(r);
    /* Geometry on 14.09 did not take place: its topic goes on to the next lesson. */
    long long tue14 = ejt_qll(db, "SELECT id FROM lesson WHERE course_id = %lld AND date = '2027-09-14'", geo);
    r = ejt_sql_as(db, petrov, ejt_fmt("UPDATE lesson SET held = false WHERE id = %lld", tue14), &err);
    ck_assert_msg(r != NULL, "%s", err ? err : "");
    free(r);
    topics = ejt_q(db, "SELECT string_agg(to_char(date, 'DD.MM') || ' ' || topic, ', ' ORDER BY date) FROM lesson "
                       "WHERE course_id = %lld AND date < '2027-10-20'", geo);
    ck_assert_str_eq(topics, "07.09 Четырёхугольники, 14.09 , 21.09 Четырёхугольники, 28.09 Параллелограмм; его свойства, "
                             "05.10 Трапеция, 12.10 Трапеция, 19.10 Трапеция");
    free(topics);
    /* A topic of the teacher's own on 21.09 stays, and the КТП goes on after it; so
     * does a form that sends its own text with a plan item picked earlier. */
    long long tue21 = ejt_qll(db, "SELECT id FROM lesson WHERE course_id = %lld AND date = '2027-09-21'", geo);
    r = ejt_sql_as(db, petrov, ejt_fmt("UPDATE lesson SET topic = 'Своя тема' WHERE id = %lld", tue21), &err);
    ck_assert_msg(r != NULL, "%s", err ? err : "");
    free(r);
    long long tue28 = ejt_qll(db, "SELECT id FROM lesson WHERE course_id = %lld AND date = '2027-09-28'", geo);
    long long item3 = ejt_qll(db, "SELECT id FROM plan_item WHERE course_id = %lld AND num = 3", geo);
    r = ejt_sql_as(db, petrov, ejt_fmt("UPDATE lesson SET topic = 'Другая', plan_item_id = %lld WHERE id = %lld",
                                       item3, tue28), &err);
    ck_assert_msg(r != NULL, "%s", err ? err : "");
    free(r);
    char *spread = ejt_fmt("plan spread %lld", geo);
    ok("petrov", spread);
    free(spread);
    topics = ejt_q(db, "SELECT string_agg(to_char(date, 'DD.MM') || ' ' || topic, ', ' ORDER BY date) FROM lesson "
                       "WHERE course_id = %lld AND date < '2027-10-27'", geo);
    ck_assert_str_eq(topics, "07.09 Четырёхугольники, 14.09 , 21.09 Своя тема, 28.09 Другая, 05.10 Четырёхугольники, "
                             "12.10 Параллелограмм; его свойства, 19.10 Трапеция");
    free(topics);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM lesson WHERE id IN (%lld, %lld) AND plan_item_id IS NULL",
                             tue21, tue28),
                     2);
    out = ejt_run_as(db, "petrov", ejt_fmt("plan list %lld", geo), false, NULL);
    ck_assert_msg(strstr(out, "1\tЧетырёхугольники\t2\t07.09.2027\t05.10.2027"), "%s", out);
    free(out);

    /* From 13.09 algebra moves from the 1st to the 4th lesson on Mondays and Friday's
     * algebra becomes geometry: the lesson with the mark moves (same row, mark kept),
     * the one with homework stays, the empty ones go. */
    long long marks = ejt_qll(db, "SELECT count(*) FROM mark");
    free(run_in("zavuch", "timetable set --class 8А --from 13.09.2027" Y,
                "День;Урок;Предмет;Кабинет\nПн;4;Алгебра;21\nПн;2;Рус;12\nВт;1;Геометрия;21\n"
                "Ср;1;Алгебра;21\nЧт;3;Русский язык;12\nПт;2;Геометрия;21\n",
                0));
    out = run("zavuch", "timetable generate --class 8А --from 13.09.2027 --apply" Y, 0);
    ck_assert_msg(strstr(out, ">\t13.09.2027\t8А\tАлгебра\t\t1\t4\n") &&
                      strstr(out, "=\t17.09.2027\t8А\tАлгебра\t\t2\t\n") && strstr(out, "перенесено: 1") &&
                      strstr(out, "оставлено (в них отметки, посещаемость, тема или задание): 1"),
                  "%s", out);
    free(out);
    ck_assert_int_eq(ejt_qll(db, "SELECT num FROM lesson WHERE id = %lld", mon13), 4);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM lesson WHERE id = %lld AND homework = '№ 12'", fri17), 1);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM mark"), marks);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM lesson WHERE course_id = %lld AND date = '2027-09-06' AND num = 1", alg), 1);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM lesson WHERE course_id = %lld AND date = '2027-09-20' AND num = 1", alg), 0);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM lesson WHERE course_id = %lld AND date = '2027-09-20' AND num = 4", alg), 1);
    ck_assert_int_eq(lessons_on(geo, "2027-09-24"), 1);
    ck_assert_int_eq(lessons_on(alg, "2027-09-24"), 0);

    /* A substitution: sidorov gives the algebra of 15.09 and marks in it. */
    long long wed15 = ejt_qll(db, "SELECT id FROM lesson WHERE course_id = %lld AND date = '2027-09-15'", alg);
    args = ejt_fmt("journal mark %lld %lld 4", wed15, pupil);
    refused("sidorov", args, 1, NULL);
    char *sub = ejt_fmt("timetable substitute %lld --teacher sidorov", wed15);
    refused("petrov", sub, 1, "заместитель директора");
    ok("zavuch", sub);
    ok("sidorov", args);
    free(args);
    free(sub);

    /* The deputy locks the first quarter: a mark there is refused, naming her. */
    ok("zavuch", "period lock --period 1" Y);
    long long wed22 = ejt_qll(db, "SELECT id FROM lesson WHERE course_id = %lld AND date = '2027-09-22'", alg);
    args = ejt_fmt("journal mark %lld %lld 3", wed22, pupil);
    out = run("petrov", args, 1);
    ck_assert_msg(strstr(out, "1 четверть") && strstr(out, "Смирнова Е. В."), "%s", out);
    free(out);
    free(args);
    /* …and the lessons of a locked quarter are not regenerated. */
    free(run_in("zavuch", "timetable set --class 8А --from 01.10.2027" Y, "День;Урок;Предмет\nПн;5;Алгебра\n", 0));
    out = run("zavuch", "timetable generate --class 8А --apply" Y, 0);
    free(out);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM lesson WHERE course_id = %lld AND date = '2027-10-04' AND num = 4", alg), 1);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM lesson WHERE course_id = %lld AND date = '2027-11-15' AND num = 5", alg), 1);

    /* A day off decided after the lessons were made: regenerating takes its empty
     * lessons away (15.11.2027, a Monday with algebra). */
    ck_assert_int_eq(lessons_on(alg, "2027-11-15"), 1);
    free(run("zavuch", "year holiday add" Y " 'Выходной' 15.11.2027-15.11.2027", 0));
    out = run("zavuch", "timetable generate --class 8А --apply" Y, 0);
    ck_assert_msg(strstr(out, "пустых удалено: 1"), "%s", out);
    free(out);
    ck_assert_int_eq(lessons_on(alg, "2027-11-15"), 0);

    /* Every class at once: 9А's geometry (Mondays, 3rd) is made too; 8А's is in place. */
    long long geo9 = course_of("9А", "Геометрия");
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM lesson WHERE course_id = %lld", geo9), 0);
    out = run("zavuch", "timetable generate --apply" Y, 0);
    free(out);
    /* Mondays of the 2nd to 4th quarters: the 1st is locked by now. */
    ck_assert_int_ge(ejt_qll(db, "SELECT count(*) FROM lesson WHERE course_id = %lld", geo9), 25);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM lesson WHERE course_id = %lld AND date < '2027-11-02'", geo9), 0);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM lesson WHERE course_id = %lld AND extract(isodow FROM date) <> 1 "
                                 "AND date <> '2027-11-06'", geo9), 0);
    out = run("zavuch", "timetable generate" Y, 0);
    ck_assert_msg(strstr(out, "добавить уроков: 0, удалить пустых: 0"), "%s", out);
    free(out);

    /* Every change is in the audit log under the deputy's name. */
    ck_assert_int_ge(ejt_qll(db, "SELECT count(DISTINCT tbl) FROM audit WHERE account_id = %lld AND tbl IN "
                                 "('academic_year', 'holiday', 'calendar_day', 'curriculum', 'course_teacher', "
                                 "'timetable_slot', 'lesson', 'class')",
                             ejt_account(db, "zavuch")),
                     8);
}
END_TEST

START_TEST(bells_and_week)
{
    db = ejt_db_new();
    char *bells = run("zavuch", "year bells --shift 1 --csv", 0);
    ck_assert_msg(strstr(bells, "Смена;Урок;Начало;Конец") && strstr(bells, "1;1;08:00;08:40"), "%s", bells);
    free(bells);
    refused("zavuch", "year bells --shift 3", 2, NULL);
    free(run_in("zavuch", "year bells --shift 2 --set", "Урок;Начало;Конец\n1;14:00;14:40\n2;14:30;15:30\n", 1));
    free(run_in("zavuch", "year bells --shift 2 --set", "Урок;Начало;Конец\n1;14:00;25:40\n", 1));
    free(run_in("petrov", "year bells --shift 2 --set", "Урок;Начало;Конец\n1;14:00;14:40\n", 1));
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM bell WHERE shift = 2"), 0);
    char *out = run_in("zavuch", "year bells --shift 2 --set", "Урок;Начало;Конец\n1;14:00;14:40\n2;14:50;15:30\n", 0);
    ck_assert_msg(strstr(out, "записано 2 звонка 2-й смены"), "%s", out);
    free(out);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM bell WHERE shift = 2"), 2);
    ok("zavuch", "year week 6");
    ck_assert_str_eq(ejt_q(db, "SELECT six_day_week::text FROM school"), "true");
    ok("zavuch", "year week 5");
    refused("zavuch", "year week 7", 2, NULL);
    char *subj = run("zavuch", "subjects add 'Астрономия' Астр", 0);
    free(subj);
    refused("zavuch", "subjects add 'астрономия' Астро", 1, "уже есть");
    refused("petrov", "subjects add 'Черчение' Черч", 1, NULL);
    subj = run("petrov", "subjects list", 0);
    ck_assert_msg(strstr(subj, "\tАстрономия\tАстр\n"), "%s", subj);
    free(subj);
    refused("roditel", "year list", 1, NULL);
    ok("zavuch", "year create 2027/2028 --from 01.09.2027 --to 31.05.2028");
    ok("zavuch", "year periods --year 2027/2028 --scheme quarter 01.09.2027-23.10.2027 02.11.2027-28.12.2027 "
                 "11.01.2028-20.03.2028 30.03.2028-31.05.2028");
    ok("zavuch", "year class --year 2027/2028 1А --scheme half");
    refused("zavuch", "timetable generate --year 2027/2028", 1, "нет таких периодов");
}
END_TEST

/* The load goes out as a spreadsheet and comes back (as schools keep it in Excel);
 * a bad line is named and nothing is written; a teacher types a topic into the КТП. */
START_TEST(load_csv_and_plan_add)
{
    db = ejt_db_new();
    char *csv = run("zavuch", "load list --class 7А --csv", 0);
    ck_assert_msg(strstr(csv, "Класс;Группа;Предмет;Учитель;Логин;С;По;Журнал") &&
                      strstr(csv, "7А;;Алгебра;Петров С. Н.;petrov;01.09.2026;;"),
                  "%s", csv);
    char *before = state();
    char *load = ejt_q(db, "SELECT string_agg(course_id || ':' || staff_id || ':' || during::text, ',' "
                           "ORDER BY course_id, lower(during)) FROM course_teacher");
    /* stdout only: the file as written */
    free(csv);
    int st;
    csv = ejt_run_as(db, "zavuch", "load list --class 7А --csv", false, &st);
    free(run_in("zavuch", "load import", csv, 0));
    free(csv);
    char *after = state();
    char *load2 = ejt_q(db, "SELECT string_agg(course_id || ':' || staff_id || ':' || during::text, ',' "
                            "ORDER BY course_id, lower(during)) FROM course_teacher");
    ck_assert_str_eq(before, after);
    ck_assert_str_eq(load, load2);
    free(after);
    free(load2);
    char *out = run_in("zavuch", "load import", "Класс;Предмет;Логин;С\n7А;Алгебра;petrov;01.12.2026\n"
                                                "7А;Геометрия;nobody;01.12.2026\n", 1);
    ck_assert_msg(strstr(out, "строка 3") && strstr(out, "nobody"), "%s", out);
    free(out);
    out = run_in("zavuch", "load import", "Класс;Предмет;Логин;С\n7А;Алгебра;sidorov;31.12.2099\n", 1);
    ck_assert_msg(strstr(out, "строка 2"), "%s", out);
    free(out);
    load2 = ejt_q(db, "SELECT string_agg(course_id || ':' || staff_id || ':' || during::text, ',' "
                      "ORDER BY course_id, lower(during)) FROM course_teacher");
    ck_assert_str_eq(load, load2);
    free(load2);
    free(load);
    free(before);
    /* A busy teacher is a clash; a new one takes algebra from 01.12 (by number, the
     * «Учитель» column when there is no «Логин»). */
    out = run_in("zavuch", "load import", "Класс;Предмет;Логин;С\n7А;Алгебра;sidorov;01.12.2026\n", 1);
    ck_assert_msg(strstr(out, "Накладка") && strstr(out, "Сидоров М. А."), "%s", out);
    free(out);
    ok("kadry", "staff add --surname Орлова --name Елена --patronymic Павловна --subjects Алгебра");
    long long orlova = ejt_qll(db, "SELECT id FROM staff WHERE surname = 'Орлова' AND name = 'Елена'");
    /* sorted by teacher, not by date: the later range comes first in the file */
    char *in = ejt_fmt("Класс;Предмет;Учитель;С;По\n7А;Алгебра;%lld;01.12.2026;\n"
                       "7А;Алгебра;petrov;01.09.2026;30.11.2026\n", orlova);
    free(run_in("zavuch", "load import", in, 0));
    free(in);
    char *list = run("zavuch", "load list --class 7А", 0);
    ck_assert_msg(strstr(list, "7А\t\tАлгебра\tПетров С. Н.\tpetrov\t01.09.2026\t30.11.2026\t") &&
                      strstr(list, "7А\t\tАлгебра\tОрлова Е. П.\t"),
                  "%s", list);
    free(list);

    /* A topic typed at the end of the КТП of a 2026 journal by its teacher. */
    long long geo = ejt_qll(db, "SELECT co.id FROM course co JOIN class c ON c.id = co.class_id "
                                "JOIN subject s ON s.id = co.subject_id WHERE c.grade = 7 AND c.letter = 'А' "
                                "AND s.name = 'Геометрия' AND co.group_id IS NULL");
    long long items = ejt_qll(db, "SELECT count(*) FROM plan_item WHERE course_id = %lld", geo);
    char *args = ejt_fmt("plan add %lld 'Повторение за год' --hours 2", geo);
    ok("petrov", args);
    refused("ivanova", args, 1, "КТП");
    free(args);
    args = ejt_fmt("plan add %lld 'Ещё' --hours 0", geo);
    refused("petrov", args, 1, "не число часов");
    free(args);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM plan_item WHERE course_id = %lld", geo), items + 1);
    out = ejt_run_as(db, "petrov", ejt_fmt("plan list %lld --csv", geo), false, &st);
    ck_assert_msg(st == 0 && strstr(out, "Повторение за год;2"), "%s", out);
    free(out);
}
END_TEST

/* One cell of the timetable at a time (the year screen's editor): a clash is named, a
 * Saturday in a five-day school refused, a group's lesson sits beside the other
 * group's, nothing before the day changes. */
START_TEST(timetable_cell)
{
    db = ejt_db_new();
    struct ej_ctx ctx;
    ejt_ctx_as(db, "zavuch", &ctx);
    struct ej_error err;
    int dec1 = 20788; /* 2026-12-01 */
    /* Where petrov teaches another class than 7А (Monday to Friday). */
    char *busy = ejt_q(db, "SELECT ts.weekday || ' ' || ts.num FROM timetable_slot ts JOIN course co ON co.id = ts.course_id "
                           "JOIN course_teacher ct ON ct.course_id = co.id JOIN staff st ON st.id = ct.staff_id "
                           "JOIN class c ON c.id = co.class_id WHERE st.surname = 'Петров' AND NOT (c.grade = 7 "
                           "AND c.letter = 'А') AND ts.valid @> date '2026-12-01' ORDER BY 1 LIMIT 1");
    int wd = atoi(busy), num = atoi(strchr(busy, ' ') + 1);
    free(busy);
    char *before = ejt_q(db, "SELECT count(*) || '/' || coalesce(sum(upper(valid) - lower(valid)), 0) FROM timetable_slot");
    ck_assert_int_eq(db_timetable_cell_set(ctx.db, &ctx, NULL, "7А", wd, num, "Алгебра", NULL, "21", dec1, &err),
                     EJ_ECONFLICT);
    ck_assert_msg(strstr(err.msg, "Петров С. Н.") && strstr(err.msg, "7А"), "%s", err.msg);
    ck_assert_int_eq(db_timetable_cell_set(ctx.db, &ctx, NULL, "7А", 6, 1, "Алгебра", NULL, "", dec1, &err), EJ_EINVAL);
    ck_assert_int_eq(db_timetable_cell_set(ctx.db, &ctx, NULL, "7А", 1, 1, "Астрология", NULL, "", dec1, &err),
                     EJ_ENOTFOUND);
    ck_assert_int_eq(db_timetable_cell_set(ctx.db, &ctx, NULL, "7А", 1, 1, "Алгебра", "Нет такой", "", dec1, &err),
                     EJ_ENOTFOUND);
    char *after = ejt_q(db, "SELECT count(*) || '/' || coalesce(sum(upper(valid) - lower(valid)), 0) FROM timetable_slot");
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    /* 7А's English groups: a lesson time when 7А and its groups' teachers are free. */
    char *free_at = ejt_q(db,
        "WITH t AS (SELECT ct.staff_id FROM course co JOIN study_group g ON g.id = co.group_id "
        "           JOIN class c ON c.id = co.class_id JOIN course_teacher ct ON ct.course_id = co.id "
        "          WHERE c.grade = 7 AND c.letter = 'А' AND c.year_id = "
        "                (SELECT id FROM academic_year WHERE name = '2026/2027')) "
        "SELECT w || ' ' || n FROM generate_series(1, 5) w, generate_series(1, 7) n "
        " WHERE NOT EXISTS (SELECT 1 FROM timetable_slot ts JOIN course co ON co.id = ts.course_id "
        "        LEFT JOIN course_teacher ct ON ct.course_id = co.id JOIN class c ON c.id = ts.class_id "
        "        JOIN academic_year y ON y.id = c.year_id "
        "       WHERE ts.weekday = w AND ts.num = n AND ts.valid @> date '2026-12-01' "
        "         AND ((c.grade = 7 AND c.letter = 'А' AND y.name = '2026/2027') "
        "              OR ct.staff_id IN (SELECT staff_id FROM t))) "
        " ORDER BY w DESC, n DESC LIMIT 1");
    int fw = atoi(free_at), fn = atoi(strchr(free_at, ' ') + 1);
    free(free_at);
    char *cell = ejt_fmt("SELECT count(*) FROM timetable_slot ts JOIN class c ON c.id = ts.class_id "
                         "JOIN academic_year y ON y.id = c.year_id WHERE c.grade = 7 AND c.letter = 'А' "
                         "AND y.name = '2026/2027' AND ts.weekday = %d AND ts.num = %d "
                         "AND ts.valid @> date '2026-12-04'", fw, fn);
    ck_assert_int_eq(ejt_qll(db, "%s", cell), 0);
    ck_assert_msg(db_timetable_cell_set(ctx.db, &ctx, NULL, "7А", fw, fn, "Англ", "1 группа", "", dec1, &err) == EJ_OK,
                  "%s", err.msg);
    ck_assert_msg(db_timetable_cell_set(ctx.db, &ctx, NULL, "7А", fw, fn, "Англ", "2 группа", "", dec1, &err) == EJ_OK,
                  "%s", err.msg);
    ck_assert_int_eq(ejt_qll(db, "%s", cell), 2);
    /* The same group again replaces only itself. */
    ck_assert_msg(db_timetable_cell_set(ctx.db, &ctx, NULL, "7А", fw, fn, "Англ", "2 группа", "", dec1, &err) == EJ_OK,
                  "%s", err.msg);
    ck_assert_int_eq(ejt_qll(db, "%s", cell), 2);
    /* A whole-class lesson takes the cell from both groups; the past stays. */
    ck_assert_int_eq(db_timetable_cell_set(ctx.db, &ctx, NULL, "7А", fw, fn, NULL, NULL, NULL, dec1, &err), EJ_OK);
    ck_assert_int_eq(ejt_qll(db, "%s", cell), 0);
    free(cell);
    ck_assert_int_ge(ejt_qll(db, "SELECT count(*) FROM timetable_slot WHERE lower(valid) < '2026-12-01'"), 1);
    ctx_close(&ctx);
}
END_TEST

/* Bad input to every year-setup command: a clear message, the exit status, nothing
 * changed. */
START_TEST(bad_inputs)
{
    db = ejt_db_new();
    long long lesson = ejt_qll(db, "SELECT min(id) FROM lesson");
    char *before = state();
    char *sub_nobody = ejt_fmt("timetable substitute %lld --teacher nobody", lesson);
    char *sub_both = ejt_fmt("timetable substitute %lld --teacher sidorov --clear", lesson);
    const struct {
        const char *login, *args;
        int status;
        const char *says;
    } bad[] = {
        { "zavuch", "timetable substitute 999999999 --teacher sidorov", 1, "Нет урока 999999999" },
        { "zavuch", sub_nobody, 1, "Нет сотрудника «nobody»" },
        { "zavuch", sub_both, 2, "использование" },
        { "zavuch", "timetable substitute x --clear", 2, "использование" },
        { "zavuch", "year holiday remove 999999999", 1, "Нет каникул" },
        { "zavuch", "year holiday remove абв", 2, "использование" },
        { "zavuch", "year class 7А --shift 3", 2, "использование" },
        { "zavuch", "year bells --shift 0", 2, "использование" },
        { "zavuch", "plan list 999999999", 1, "Нет такого журнала" },
        { "zavuch", "plan add 1 ''", 1, "Тема" },
        { "zavuch", "plan list", 2, "использование" },
        { "zavuch", "curriculum remove --class 7А Алгебра", 1, "уже есть уроки" },
        { "zavuch", "curriculum remove --class 7А Астрология", 1, "Астрология" },
        { "zavuch", "curriculum list", 2, "использование" },
        { "zavuch", "curriculum copy --grade 12 --from 2026/2027 --to 2026/2027", 1, "от 1 до 11" },
        { "zavuch", "subjects add '' Пусто", 1, "Предмет" },
        { "zavuch", "subjects add Черчение ''", 1, "Сокращение" },
        { "zavuch", "load set --class 7А Алгебра --teacher petrov --from 01.09.2030", 1, "внутри учебного года" },
        { "zavuch", "load set --class 7А Алгебра --teacher petrov --from 31.02.2027", 1, "не дата" },
        { "zavuch", "timetable generate --from 10.10.2026 --to 01.10.2026", 1, "позже последнего" },
        { "zavuch", "timetable show", 2, "использование" },
        { "zavuch", "year periods --scheme quarter 01.09.2026", 1, "не промежуток дат" },
        { "zavuch", "year day 32.01.2027 --off", 1, "не дата" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        refused(bad[i].login, bad[i].args, bad[i].status, bad[i].says);
    char *after = state();
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    free(sub_nobody);
    free(sub_both);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("db-year");
    TCase *tc = tcase_create("year");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, prepare_a_year);
    tcase_add_test(tc, bells_and_week);
    tcase_add_test(tc, load_csv_and_plan_add);
    tcase_add_test(tc, timetable_cell);
    tcase_add_test(tc, bad_inputs);
    suite_add_tcase(s, tc);
    return ejt_run(s, "db-year");
}
