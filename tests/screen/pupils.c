/* tests/screen/pupils — the pupils list on the real ejournal through libvterm: the secretary opens it from the home screen (F6), typing a surname in lower case narrows the list (Backspace widens it), F3 steps through the classes, Enter opens the card with the parents and the history; a class teacher sees only their class, a subject teacher gets no such key.  The card: the secretary changes a field with Enter and every field with F2 (the paper reports by a question) (saved, shown after the commit; a bad birth date named and nothing changed), adds a parent (F7, a bad phone refused) and links her to a sister (F8); the class teacher keeps parents but gets no «Правка». */
#include "ejtest.h"
#include "ejvt.h"

#include <stdlib.h>
#include <string.h>

#define WAIT 30000 /* generous: CI machines may be loaded; a pass is usually instant */

static const char *db;

/* login's application, from home (F6) to the pupils of every class. */
static struct ejvt *open_pupils(const char *login, int rows)
{
    struct ejvt *v = ejvt_start(db, login, rows, 100, NULL, NULL);
    ck_assert_msg(ejvt_wait(v, "6Ученики", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "F6");
    ck_assert_msg(ejvt_wait(v, "Ученики · все классы", WAIT), "%s", ejvt_screen(v));
    return v;
}

START_TEST(secretary_searches)
{
    db = ejt_db_new();
    struct ejvt *v = open_pupils("sekretar", 24);
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

/* F7: a pupil arrives in the class shown; a duplicate of her is refused, naming her. */
START_TEST(secretary_enrolls_one)
{
    db = ejt_db_new();
    long long before = ejt_qll(db, "SELECT count(*) FROM pupil");
    struct ejvt *v = open_pupils("sekretar", 24);
    for (int round = 0; round < 2; round++) {
        ejvt_key(v, "F7");
        ck_assert_msg(ejvt_wait(v, "Класс (например, 7А)", WAIT), "%s", ejvt_screen(v));
        for (int i = 0; i < 4; i++)
            ejvt_key(v, "Backspace");
        ejvt_send(v, "7Б\r");
        const char *answers[][2] = { { "Фамилия:", "Новикова\r" },
                                     { "Имя:", "Анна\r" },
                                     { "Отчество", "Сергеевна\r" },
                                     { "Дата рождения", "12.03.2013\r" },
                                     { "Пол (М/Ж)", "Ж\r" },
                                     { "Номер личного дела", "Н-77\r" },
                                     { "Адрес", "ул. Мира, 5\r" } };
        for (int i = 0; i < 7; i++) {
            ck_assert_msg(ejvt_wait(v, answers[i][0], WAIT), "%s", ejvt_screen(v));
            ejvt_send(v, answers[i][1]);
        }
        ck_assert_msg(ejvt_wait(v, "С какого дня", WAIT), "%s", ejvt_screen(v));
        ejvt_send(v, "\r"); /* today */
        ck_assert_msg(ejvt_wait(v, "Номер приказа", WAIT), "%s", ejvt_screen(v));
        ejvt_send(v, "130-у\r");
        if (round == 0) {
            ck_assert_msg(ejvt_wait(v, "Записано: Новикова Анна в 7Б", WAIT), "%s", ejvt_screen(v));
            ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM pupil"), before + 1);
            ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM enrollment e JOIN pupil p ON p.id = e.pupil_id "
                                         "JOIN class c ON c.id = e.class_id WHERE p.surname = 'Новикова' "
                                         "AND p.file_no = 'Н-77' AND c.grade = 7 AND c.letter = 'Б' "
                                         "AND e.order_in = '130-у' AND lower(e.during) = '2026-11-26'"),
                             1);
        } else {
            ck_assert_msg(ejvt_wait(v, "уже есть в школе", WAIT), "%s", ejvt_screen(v));
            ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM pupil"), before + 1);
        }
    }
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
}
END_TEST

/* F2: a class list pasted from a spreadsheet (tab-separated): a bad date is named by its
 * line and nothing is written; the good list is enrolled on «д» in one go. */
START_TEST(secretary_pastes_a_list)
{
    db = ejt_db_new();
    long long before = ejt_qll(db, "SELECT count(*) FROM pupil");
    struct ejvt *v = open_pupils("sekretar", 24);
    const char *lists[] = { "Фамилия\tИмя\tДата рождения\tПол\rЮрлова\tЯна\t31.02.2013\tЖ\r",
                            "Фамилия\tИмя\tДата рождения\tПол\rЮрлова\tЯна\t13.01.2013\tЖ\r"
                            "Сёмин\tПётр\t12.12.2012\tМ\r" };
    for (int round = 0; round < 2; round++) {
        ejvt_key(v, "F2");
        ck_assert_msg(ejvt_wait(v, "Класс (например, 7А)", WAIT), "%s", ejvt_screen(v));
        for (int i = 0; i < 4; i++)
            ejvt_key(v, "Backspace");
        ejvt_send(v, "7Б\r");
        ck_assert_msg(ejvt_wait(v, "С какого дня", WAIT), "%s", ejvt_screen(v));
        ejvt_send(v, "\r");
        ck_assert_msg(ejvt_wait(v, "Номер приказа", WAIT), "%s", ejvt_screen(v));
        ejvt_send(v, "140-у\r");
        ck_assert_msg(ejvt_wait(v, "Вставьте список", WAIT), "%s", ejvt_screen(v));
        ejvt_send(v, lists[round]);
        ck_assert_msg(ejvt_wait(v, round ? "Строк: 3" : "Строк: 2", WAIT), "%s", ejvt_screen(v));
        ejvt_key(v, "F2");
        if (round == 0) {
            ck_assert_msg(ejvt_wait(v, "строка 2", WAIT) && ejvt_has(v, "31.02.2013"), "%s", ejvt_screen(v));
            ejvt_key(v, "Enter");
            ck_assert_msg(ejvt_wait(v, "Ничего не записано", WAIT), "%s", ejvt_screen(v));
            ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM pupil"), before);
        } else {
            ck_assert_msg(ejvt_wait(v, "учеников: 2", WAIT), "%s", ejvt_screen(v));
            ejvt_key(v, "Enter");
            ck_assert_msg(ejvt_wait(v, "Зачислить?", WAIT), "%s", ejvt_screen(v));
            ejvt_send(v, "д");
            ck_assert_msg(ejvt_wait(v, "Записано: зачислено в 7Б учеников: 2", WAIT), "%s", ejvt_screen(v));
            ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM pupil"), before + 2);
            ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM enrollment WHERE order_in = '140-у'"), 2);
        }
    }
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
}
END_TEST

/* F6: the movement register of the school year so far: per class, the school's
 * totals, and an arrival on 20.11 by date; F3 changes the period. */
START_TEST(register_view)
{
    db = ejt_db_new();
    int st;
    char *out = ejt_run_as(db, "sekretar", "pupils add --class 7Б --surname Котова --name Ирина --birth 05.05.2013 "
                                           "--sex Ж --date 20.11.2026 --order 118-у", true, &st);
    ck_assert_msg(st == 0, "%s", out);
    free(out);
    struct ejvt *v = open_pupils("sekretar", 30);
    ejvt_key(v, "F6");
    ck_assert_msg(ejvt_wait(v, "Книга движения · 01.09.2026–26.11.2026", WAIT), "%s", ejvt_screen(v));
    ck_assert_msg(ejvt_has(v, "на начало") && ejvt_has(v, "Школа") && ejvt_has(v, "7Б"), "%s", ejvt_screen(v));
    bool seen = false;
    for (int i = 0; i < 10 && !seen; i++) {
        seen = ejvt_has(v, "20.11.2026  7Б  прибытие · Котова Ирина · приказ 118-у");
        if (!seen) {
            ejvt_key(v, "PgDn");
            ejvt_pump(v, 100);
        }
    }
    ck_assert_msg(seen, "%s", ejvt_screen(v));
    ejvt_key(v, "F3");
    ck_assert_msg(ejvt_wait(v, "С (ДД.ММ.ГГГГ)", WAIT), "%s", ejvt_screen(v));
    for (int i = 0; i < 12; i++)
        ejvt_key(v, "Backspace");
    ejvt_send(v, "21.11.2026\r");
    ck_assert_msg(ejvt_wait(v, "По (ДД.ММ.ГГГГ)", WAIT), "%s", ejvt_screen(v));
    ejvt_send(v, "\r");
    ck_assert_msg(ejvt_wait(v, "Книга движения · 21.11.2026–26.11.2026", WAIT), "%s", ejvt_screen(v));
    ck_assert_msg(!ejvt_has(v, "Котова Ирина"), "%s", ejvt_screen(v));
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
}
END_TEST

/* F3 past the last class: the pupils who left this year, with the day. */
START_TEST(who_left_view)
{
    db = ejt_db_new();
    char *who = ejt_q(db, "SELECT p.surname || ' ' || p.name || '|' || to_char(upper(e.during), 'DD.MM.YYYY') "
                          "FROM enrollment e JOIN pupil p ON p.id = e.pupil_id WHERE e.reason_out <> '' "
                          "AND NOT upper_inf(e.during) ORDER BY e.id LIMIT 1");
    char *bar = strchr(who, '|');
    *bar = '\0';
    struct ejvt *v = open_pupils("sekretar", 30);
    ck_assert(!ejvt_has(v, who));
    bool seen = false;
    for (int i = 0; i < 40 && !seen; i++) {
        ejvt_key(v, "F3");
        ejvt_pump(v, 60);
        seen = ejvt_has(v, "выбывшие в этом году");
    }
    ck_assert_msg(seen, "%s", ejvt_screen(v));
    char *when = ejt_fmt("выбыл %s", bar + 1);
    ck_assert_msg(ejvt_wait(v, who, WAIT) && ejvt_has(v, when), "%s %s\n%s", who, when, ejvt_screen(v));
    free(when);
    ejvt_key(v, "F3");
    ck_assert_msg(ejvt_wait(v, "Ученики · все классы", WAIT), "%s", ejvt_screen(v));
    ck_assert(!ejvt_has(v, who));
    free(who);
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

START_TEST(card_edit)
{
    db = ejt_db_new();
    long long misha = ejt_qll(db, "SELECT id FROM pupil WHERE surname = 'Соколов' AND name = 'Михаил'");
    struct ejvt *v = open_pupils("sekretar", 24);
    ejvt_send(v, "соколов");
    ck_assert(ejvt_wait(v, "· 2 из ", WAIT));
    ejvt_key(v, "Down");
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "Ученик · Соколов Михаил Игоревич · 7А", WAIT), "%s", ejvt_screen(v));
    ck_assert_msg(ejvt_has(v, "2Правка") && ejvt_has(v, "7Родит.+") && ejvt_has(v, "История:"), "%s",
                  ejvt_screen(v));
    /* Enter on the address: saved, and the card shows it only then. */
    for (int i = 0; i < 6; i++)
        ejvt_key(v, "Down");
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "Адрес:", WAIT), "%s", ejvt_screen(v));
    ejvt_retype(v, "ул. Новая, 1");
    ck_assert_msg(ejvt_wait_gone(v, "Адрес:", WAIT), "%s", ejvt_screen(v));
    ck_assert_msg(ejvt_wait(v, "ул. Новая, 1", WAIT) && ejvt_has(v, "Сохранено"), "%s", ejvt_screen(v));
    ck_assert_str_eq(ejt_q(db, "SELECT address FROM pupil WHERE id = %lld", misha), "ул. Новая, 1");
    /* A birth date that is not one: named, nothing changed. */
    char *birth = ejt_q(db, "SELECT birth_date FROM pupil WHERE id = %lld", misha);
    for (int i = 0; i < 3; i++)
        ejvt_key(v, "Up");
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "Дата рождения:", WAIT), "%s", ejvt_screen(v));
    ejvt_retype(v, "31.02.2013");
    ck_assert_msg(ejvt_wait(v, "Дата рождения: «31.02.2013» — не дата", WAIT), "%s", ejvt_screen(v));
    ck_assert_str_eq(ejt_q(db, "SELECT birth_date FROM pupil WHERE id = %lld", misha), birth);
    free(birth);
    /* F2: every field in turn, one transaction; the title changes after the commit. */
    ejvt_key(v, "F2");
    ck_assert_msg(ejvt_wait(v, "Фамилия:", WAIT), "%s", ejvt_screen(v));
    ejvt_retype(v, "Соколовский");
    const char *next[] = { "Имя:", "Отчество:", "Дата рождения:", "Пол:", "Номер личного дела:", "Адрес:" };
    for (int i = 0; i < 6; i++) {
        ck_assert_msg(ejvt_wait(v, next[i], WAIT), "%s\n%s", next[i], ejvt_screen(v));
        if (i == 4)
            ejvt_retype(v, "Л-42");
        else
            ejvt_send(v, "\r");
    }
    /* Last, the paper reports: a yes-or-no question. */
    ck_assert_msg(ejvt_wait(v, "на бумаге", WAIT), "%s", ejvt_screen(v));
    ck_assert_str_eq(ejt_q(db, "SELECT paper_reports::text FROM pupil WHERE id = %lld", misha), "true");
    ejvt_send(v, "н");
    ck_assert_msg(ejvt_wait(v, "Ученик · Соколовский Михаил", WAIT), "%s", ejvt_screen(v));
    ck_assert_str_eq(ejt_q(db, "SELECT surname || '|' || file_no || '|' || address || '|' || paper_reports "
                               "FROM pupil WHERE id = %lld", misha),
                     "Соколовский|Л-42|ул. Новая, 1|false");
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM audit WHERE tbl = 'pupil' AND row_id = '%lld'", misha), 2);
    /* F7: a grandmother; a bad phone first (refused, nobody added). */
    long long guardians = ejt_qll(db, "SELECT count(*) FROM guardian");
    ejvt_key(v, "F7");
    ck_assert_msg(ejvt_wait(v, "бабушка", WAIT), "%s", ejvt_screen(v));
    for (int i = 0; i < 3; i++)
        ejvt_key(v, "Down");
    ejvt_key(v, "Enter");
    const char *granny[] = { "Петрова", "Нина", "", "12ab" };
    const char *prompts[] = { "Фамилия:", "Имя:", "Отчество:", "Телефон:" };
    for (int i = 0; i < 4; i++) {
        ck_assert_msg(ejvt_wait(v, prompts[i], WAIT), "%s", ejvt_screen(v));
        ejvt_retype(v, granny[i]);
    }
    ck_assert_msg(ejvt_wait(v, "Телефон: только цифры", WAIT), "%s", ejvt_screen(v));
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM guardian"), guardians);
    ejvt_key(v, "F7");
    ck_assert_msg(ejvt_wait(v, "бабушка", WAIT), "%s", ejvt_screen(v));
    for (int i = 0; i < 3; i++)
        ejvt_key(v, "Down");
    ejvt_key(v, "Enter");
    granny[3] = "+7 900 111-22-33";
    for (int i = 0; i < 4; i++) {
        ck_assert_msg(ejvt_wait(v, prompts[i], WAIT), "%s", ejvt_screen(v));
        ejvt_retype(v, granny[i]);
    }
    ck_assert_msg(ejvt_wait(v, "бабушка: Петрова Нина", WAIT), "%s", ejvt_screen(v));
    long long nina = ejt_qll(db, "SELECT id FROM guardian WHERE surname = 'Петрова' AND name = 'Нина'");
    ck_assert_int_gt(nina, 0);
    /* F8 on his sister's card: the same grandmother, found by her surname. */
    ejvt_key(v, "Esc");
    ck_assert_msg(ejvt_wait_gone(v, "Ученик · ", WAIT), "%s", ejvt_screen(v));
    ck_assert_msg(ejvt_wait(v, "Соколовский Михаил", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "Up");
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "Ученик · Соколова Анна", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "F8");
    ck_assert_msg(ejvt_wait(v, "Фамилия родителя", WAIT), "%s", ejvt_screen(v));
    ejvt_send(v, "петрова\r");
    ck_assert_msg(ejvt_wait(v, "Петрова Нина — Соколовский Михаил 7А", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "дедушка", WAIT), "%s", ejvt_screen(v));
    for (int i = 0; i < 3; i++)
        ejvt_key(v, "Down");
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "бабушка: Петрова Нина", WAIT), "%s", ejvt_screen(v));
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM pupil_guardian WHERE guardian_id = %lld", nina), 2);
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
    /* The class teacher: parents yes, personal data no. */
    v = ejvt_start(db, "ivanova", 24, 100, NULL, NULL);
    ck_assert_msg(ejvt_wait(v, "6Ученики", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "F6");
    ck_assert_msg(ejvt_wait(v, "Ученики · все классы", WAIT), "%s", ejvt_screen(v));
    ejvt_send(v, "соколовс");
    ck_assert(ejvt_wait(v, "· 1 из ", WAIT));
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "Ученик · Соколовский Михаил", WAIT), "%s", ejvt_screen(v));
    ck_assert_msg(ejvt_has(v, "7Родит.+") && !ejvt_has(v, "2Правка") && !ejvt_has(v, "8Связать"), "%s",
                  ejvt_screen(v));
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "только секретарь (п. 3.3)", WAIT), "%s", ejvt_screen(v));
    ejvt_key(v, "F10");
    ck_assert_int_eq(ejvt_finish(v, WAIT), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("screen-pupils");
    TCase *tc = ejt_tcase("pupils", 240);
    tcase_add_test(tc, secretary_searches);
    tcase_add_test(tc, secretary_enrolls_one);
    tcase_add_test(tc, secretary_pastes_a_list);
    tcase_add_test(tc, register_view);
    tcase_add_test(tc, who_left_view);
    tcase_add_test(tc, class_teacher_and_teacher);
    tcase_add_test(tc, card_edit);
    suite_add_tcase(s, tc);
    return ejt_run(s, "screen-pupils");
}
