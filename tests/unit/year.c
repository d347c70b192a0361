/* tests/unit/year — common/year: weekdays, bell times, date ranges and school-year names as people type them (and what is refused), period schemes, and spreadsheet headers mapped to columns (case, «ё», spaces and «(hints)» aside; a missing or doubled column refused naming it). */
#include "calendar.h"
#include "ejtest.h"
#include "year.h"

#include <stdlib.h>
#include <string.h>

START_TEST(weekdays)
{
    const char *mon[] = { "1", "пн", "Пн", "ПН", "понедельник", "Понедельник", "mon", "Monday" };
    for (size_t i = 0; i < sizeof mon / sizeof mon[0]; i++)
        ck_assert_msg(year_weekday_parse(mon[i]) == 1, "%s", mon[i]);
    ck_assert_int_eq(year_weekday_parse("сб"), 6);
    ck_assert_int_eq(year_weekday_parse("суббота"), 6);
    ck_assert_int_eq(year_weekday_parse("7"), 7);
    ck_assert_int_eq(year_weekday_parse("четверг"), 4);
    const char *bad[] = { "", "0", "8", "12", "пон", "понедельники", "-1", "1 ", "x" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(year_weekday_parse(bad[i]) == 0, "«%s»", bad[i]);
    ck_assert_int_eq(year_weekday_parse(NULL), 0);
}
END_TEST

START_TEST(times)
{
    ck_assert_int_eq(year_time_parse("08:30"), 8 * 60 + 30);
    ck_assert_int_eq(year_time_parse("8:30"), 8 * 60 + 30);
    ck_assert_int_eq(year_time_parse("0:00"), 0);
    ck_assert_int_eq(year_time_parse("23:59"), 23 * 60 + 59);
    const char *bad[] = { "", "24:00", "8:60", "8.30", "830", "8:3", "08:300", "a8:30", "-1:00", "8:30 " };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(year_time_parse(bad[i]) == -1, "«%s»", bad[i]);
}
END_TEST

START_TEST(ranges_and_years)
{
    int a, b;
    ck_assert(year_range_parse("01.09.2027-23.10.2027", &a, &b));
    ck_assert_int_eq(a, cal_days(2027, 9, 1));
    ck_assert_int_eq(b, cal_days(2027, 10, 23));
    ck_assert(year_range_parse("2027-09-01-2027-10-23", &a, &b));
    ck_assert_int_eq(b, cal_days(2027, 10, 23));
    ck_assert(year_range_parse("04.11.2027–04.11.2027", &a, &b)); /* an en dash */
    ck_assert_int_eq(a, b);
    const char *bad[] = { "", "01.09.2027", "23.10.2027-01.09.2027", "31.02.2027-01.03.2027",
                          "01.09.2027-", "-01.09.2027", "1.9.2027-2.9.2027", "01.09.2027 - 02.09.2027" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!year_range_parse(bad[i], &a, &b), "«%s»", bad[i]);
    int first;
    ck_assert(year_name_parse("2027/2028", &first));
    ck_assert_int_eq(first, 2027);
    const char *badyears[] = { "2027/2029", "2027-2028", "27/28", "2027/2028 ", "2028/2027", "abcd/efgh" };
    for (size_t i = 0; i < sizeof badyears / sizeof badyears[0]; i++)
        ck_assert_msg(!year_name_parse(badyears[i], &first), "«%s»", badyears[i]);
}
END_TEST

START_TEST(schemes)
{
    ck_assert_int_eq(year_scheme_periods("quarter"), 4);
    ck_assert_int_eq(year_scheme_periods("trimester"), 3);
    ck_assert_int_eq(year_scheme_periods("half"), 2);
    ck_assert_int_eq(year_scheme_periods("year"), 0);
    ck_assert_int_eq(year_scheme_periods(NULL), 0);
    char name[64];
    ck_assert_str_eq(year_scheme_period_name("quarter", 2, name), "2 quarter");
    ck_assert_str_eq(year_scheme_period_name("half", 1, name), "1 half-year");
}
END_TEST

static struct csv_table *sheet(const char *text)
{
    struct csv_table *t;
    struct ej_error err;
    ck_assert_msg(csv_read(text, strlen(text), &t, &err) == EJ_OK, "%s", err.msg);
    return t;
}

static const struct sheet_col cols[] = {
    { "День", "weekday", true }, { "Урок", NULL, true }, { "Кабинет", "room", false }
};

START_TEST(headers)
{
    int idx[3];
    struct ej_error err;
    struct csv_table *t = sheet("Кабинет;  урок ;ДЕНЬ (пн…сб);Учитель\n12; 3 ;пн;x\n");
    ck_assert_int_eq(sheet_map(t, cols, 3, idx, &err), EJ_OK);
    ck_assert_int_eq(idx[0], 2);
    ck_assert_int_eq(idx[1], 1);
    ck_assert_int_eq(idx[2], 0);
    ck_assert_str_eq(sheet_get(&t->records[1], idx[1]), "3");
    ck_assert_str_eq(sheet_get(&t->records[1], idx[0]), "пн");
    ck_assert_str_eq(sheet_get(&t->records[1], -1), "");
    ck_assert_str_eq(sheet_get(&t->records[1], 9), "");
    csv_free(t);
    t = sheet("weekday;Урок\n1;2\n");
    ck_assert_int_eq(sheet_map(t, cols, 3, idx, &err), EJ_OK);
    ck_assert_int_eq(idx[2], -1);
    csv_free(t);
    t = sheet("Урок;Кабинет\n1;2\n");
    ck_assert_int_eq(sheet_map(t, cols, 3, idx, &err), EJ_EINVAL);
    ck_assert_msg(strstr(err.msg, "line 1") && strstr(err.msg, "День"), "%s", err.msg);
    csv_free(t);
    t = sheet("День;Урок;weekday\n1;2;3\n");
    ck_assert_int_eq(sheet_map(t, cols, 3, idx, &err), EJ_EINVAL);
    ck_assert_msg(strstr(err.msg, "twice") && strstr(err.msg, "День"), "%s", err.msg);
    csv_free(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("unit-year");
    TCase *tc = tcase_create("year");
    tcase_add_test(tc, weekdays);
    tcase_add_test(tc, times);
    tcase_add_test(tc, ranges_and_years);
    tcase_add_test(tc, schemes);
    tcase_add_test(tc, headers);
    suite_add_tcase(s, tc);
    return ejt_run(s, "unit-year");
}
