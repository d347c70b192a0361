/* tests/unit/rules — the regulation's codes (keys in both layouts, refusals), deadlines, retakes, rounding, calendar. */
#include "calendar.h"
#include "ejtest.h"
#include "rules.h"

#include <string.h>

START_TEST(keys_marks_and_letters)
{
    ck_assert_int_eq(rules_key('2'), RV_2);
    ck_assert_int_eq(rules_key('5'), RV_5);
    /* н/n, б/b, у/u, к/k in both cases and layouts */
    const uint32_t n[] = { 0x41d, 0x43d, 'N', 'n' }, b[] = { 0x411, 0x431, 'B', 'b' },
                   u[] = { 0x423, 0x443, 'U', 'u' }, k[] = { 0x41a, 0x43a, 'K', 'k' };
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(rules_key(n[i]), RV_N);
        ck_assert_int_eq(rules_key(b[i]), RV_B);
        ck_assert_int_eq(rules_key(u[i]), RV_U);
        ck_assert_int_eq(rules_key(k[i]), RV_K);
    }
}
END_TEST

START_TEST(keys_refused)
{
    const uint32_t bad[] = { '0', '1', '6', '9', '+', '-', '.', ',', ' ', 'a', 'z', 0x2212 /* − */,
                             0x430 /* а */, 'x', 0x44f /* я */ };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_int_eq(rules_key(bad[i]), RV_NONE);
}
END_TEST

START_TEST(check_cells)
{
    struct ej_error err;
    ck_assert_int_eq(rules_check(RULES_CELL_MARK, RV_4, true, &err), EJ_OK);
    ck_assert_int_eq(rules_check(RULES_CELL_MARK, RV_N, true, &err), EJ_OK);
    ck_assert_int_eq(rules_check(RULES_CELL_MARK, RV_K, true, &err), EJ_EINVAL);
    ck_assert_int_eq(rules_check(RULES_CELL_MARK, RV_NONE, true, &err), EJ_EINVAL);
    ck_assert_int_eq(rules_check(RULES_CELL_MARK, RV_5, false, &err), EJ_EINVAL);
    ck_assert_int_eq(rules_check(RULES_CELL_MARK, RV_B, false, &err), EJ_OK);
    /* finals: К only without marks, 2–5 only with */
    ck_assert_int_eq(rules_check(RULES_CELL_FINAL, RV_K, true, &err), EJ_EINVAL);
    ck_assert_int_eq(rules_check(RULES_CELL_FINAL, RV_K, false, &err), EJ_OK);
    ck_assert_int_eq(rules_check(RULES_CELL_FINAL, RV_3, false, &err), EJ_EINVAL);
    ck_assert_int_eq(rules_check(RULES_CELL_FINAL, RV_3, true, &err), EJ_OK);
    ck_assert_int_eq(rules_check(RULES_CELL_FINAL, RV_U, true, &err), EJ_OK);
    ck_assert_ptr_nonnull(strstr(rules_refusal(RULES_CELL_MARK, true), "3.5"));
}
END_TEST

START_TEST(value_strings)
{
    const enum rules_value all[] = { RV_2, RV_3, RV_4, RV_5, RV_N, RV_B, RV_U, RV_K };
    for (size_t i = 0; i < 8; i++)
        ck_assert_int_eq(rules_value_parse(rules_value_str(all[i])), all[i]);
    ck_assert_str_eq(rules_value_str(RV_N), "Н");
    ck_assert_int_eq(rules_value_parse("5+"), RV_NONE);
    ck_assert_int_eq(rules_value_parse(""), RV_NONE);
    ck_assert_int_eq(rules_value_parse("НБ"), RV_NONE);
    ck_assert_int_eq(rules_value_parse(NULL), RV_NONE);
}
END_TEST

START_TEST(deadlines)
{
    int thu;
    ck_assert(cal_parse("2026-11-26", &thu));
    ck_assert_int_eq(rules_due_days(false), 1);
    ck_assert_int_eq(rules_due_days(true), 5);
    /* a classwork mark of Thursday is due by the end of Friday */
    ck_assert_int_eq(rules_days_left(thu, false, thu), 1);
    ck_assert_int_eq(rules_days_left(thu, false, thu + 2), -1);
    /* a test written on Monday 23.11: 2 days of 5 left on Thursday */
    ck_assert_int_eq(rules_days_left(thu - 3, true, thu), 2);
}
END_TEST

START_TEST(retakes)
{
    int marks[] = { 2, 4, 3 }, idx[3];
    ck_assert_int_eq(rules_retake_pick(RETAKE_ALL, marks, 3, idx), 3);
    ck_assert_int_eq(rules_retake_pick(RETAKE_FIRST, marks, 3, idx), 1);
    ck_assert_int_eq(marks[idx[0]], 2);
    ck_assert_int_eq(rules_retake_pick(RETAKE_LAST, marks, 3, idx), 1);
    ck_assert_int_eq(marks[idx[0]], 3);
    ck_assert_int_eq(rules_retake_pick(RETAKE_BEST, marks, 3, idx), 1);
    ck_assert_int_eq(marks[idx[0]], 4);
    ck_assert_int_eq(rules_retake_parse("best"), RETAKE_BEST);
    ck_assert_int_eq(rules_retake_parse("nonsense"), RETAKE_ALL);
}
END_TEST

START_TEST(rounding)
{
    ck_assert_int_eq(rules_suggest(3.60, 0.60), RV_4);
    ck_assert_int_eq(rules_suggest(3.59, 0.60), RV_3);
    ck_assert_int_eq(rules_suggest(3.5, 0.5), RV_4);
    ck_assert_int_eq(rules_suggest(4.99, 0.60), RV_5);
    ck_assert_int_eq(rules_suggest(5.0, 0.60), RV_5);
    ck_assert_int_eq(rules_suggest(1.0, 0.60), RV_2);
    ck_assert_int_eq(rules_suggest(0, 0.60), RV_NONE);
}
END_TEST

START_TEST(calendar_days)
{
    int d;
    ck_assert(cal_parse("2026-11-26", &d));
    ck_assert_int_eq(cal_weekday(d), 4); /* Thursday */
    ck_assert(cal_parse("1970-01-01", &d));
    ck_assert_int_eq(d, 0);
    ck_assert(!cal_parse("2026-02-29", &d));
    ck_assert(cal_parse("2028-02-29", &d));
    ck_assert(!cal_parse("2026-1-01", &d));
    ck_assert(!cal_parse("2026-13-01", &d));
    ck_assert(cal_parse("2026-12-31", &d));
    char iso[11], dm[6], dmy[11];
    cal_iso(d + 1, iso);
    ck_assert_str_eq(iso, "2027-01-01");
    cal_ddmm(d, dm);
    ck_assert_str_eq(dm, "31.12");
    cal_ddmmyyyy(d, dmy);
    ck_assert_str_eq(dmy, "31.12.2026");
    for (int k = -1000; k < 1000; k += 37) {
        cal_iso(d + k, iso);
        int back;
        ck_assert(cal_parse(iso, &back));
        ck_assert_int_eq(back, d + k);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rules");
    TCase *tc = ejt_tcase("rules", 10);
    tcase_add_test(tc, keys_marks_and_letters);
    tcase_add_test(tc, keys_refused);
    tcase_add_test(tc, check_cells);
    tcase_add_test(tc, value_strings);
    tcase_add_test(tc, deadlines);
    tcase_add_test(tc, retakes);
    tcase_add_test(tc, rounding);
    tcase_add_test(tc, calendar_days);
    suite_add_tcase(s, tc);
    return ejt_run(s, "unit/rules");
}
