/* Unit tests of common/utf8 and log_safe: decoding, invalid sequences, and making
 * untrusted text inert before it reaches a terminal or a log. */
#include "ejtest.h"
#include "log.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

START_TEST(decodes_cyrillic)
{
    uint32_t cp;
    ck_assert_uint_eq(utf8_decode("Ж", &cp), 2);
    ck_assert_uint_eq(cp, 0x416);
    ck_assert_uint_eq(utf8_decode("€", &cp), 3);
    ck_assert_uint_eq(utf8_len("Иванова"), 7);
    ck_assert(utf8_valid("Ёжик 5"));
}
END_TEST

START_TEST(rejects_invalid)
{
    ck_assert(!utf8_valid("\xc0\xaf"));         /* overlong '/' */
    ck_assert(!utf8_valid("\xed\xa0\x80"));     /* surrogate */
    ck_assert(!utf8_valid("\xf4\x90\x80\x80")); /* above U+10FFFF */
    ck_assert(!utf8_valid("\xd0"));             /* truncated */
    ck_assert(!utf8_valid("\xff"));
}
END_TEST

START_TEST(inert_removes_controls)
{
    char *s = utf8_inert("a\x1b[2Jb\xc2\x9b" "c\n\xff", false);
    ck_assert_ptr_null(strchr(s, 0x1b));
    ck_assert_ptr_null(strstr(s, "\xc2\x9b"));
    ck_assert_ptr_null(strchr(s, '\n'));
    ck_assert(utf8_valid(s));
    free(s);
    s = utf8_inert("строка 1\nстрока 2\t!", true);
    ck_assert_str_eq(s, "строка 1\nстрока 2\t!");
    free(s);
}
END_TEST

START_TEST(log_safe_escapes)
{
    char out[128];
    log_safe("ivanova\x1b]0;pwned\x07", out, sizeof out);
    ck_assert_str_eq(out, "ivanova\\x1b]0;pwned\\x07");
    log_safe("Иванова", out, sizeof out);
    ck_assert_str_eq(out, "Иванова");
    log_safe("\xd0\x28", out, sizeof out);
    ck_assert_str_eq(out, "\\xd0(");
    log_safe("a\\b", out, sizeof out);
    ck_assert_str_eq(out, "a\\x5cb");
    char small[8];
    log_safe("abcdefghijkl", small, sizeof small);
    ck_assert_uint_lt(strlen(small), sizeof small);
}
END_TEST

START_TEST(fold_for_search)
{
    char *a = utf8_fold("Семёнов ЁЖ Abc"), *b = utf8_fold("семенов еж abc");
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    a = utf8_fold("\xff\xfeЯ");
    ck_assert_str_eq(a, "я");
    free(a);
    a = utf8_fold("");
    ck_assert_str_eq(a, "");
    free(a);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("utf8");
    TCase *tc = ejt_tcase("utf8", 10);
    tcase_add_test(tc, decodes_cyrillic);
    tcase_add_test(tc, rejects_invalid);
    tcase_add_test(tc, inert_removes_controls);
    tcase_add_test(tc, log_safe_escapes);
    tcase_add_test(tc, fold_for_search);
    suite_add_tcase(s, tc);
    return ejt_run(s, "unit/utf8");
}
