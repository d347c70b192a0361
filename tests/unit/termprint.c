/* Unit tests of common/termprint: ANSI passthrough printing framed exactly (ESC[5i … ESC[4i),
 * CR LF line ends, CP866 and CP1251 bytes right for a Cyrillic word, control characters in the
 * text never reaching the terminal. */
#include "ejtest.h"
#include "termprint.h"

#include <locale.h>
#include <string.h>
#include <unistd.h>

static struct ej_buf frame(const char *text, enum termprint_charset cs)
{
    struct ej_buf b;
    buf_init(&b);
    struct ej_error err;
    ck_assert_int_eq(termprint_frame(text, strlen(text), cs, &b, &err), EJ_OK);
    return b;
}

START_TEST(utf8_framed_exactly)
{
    struct ej_buf b = frame("Привет 5\nдва\f", TERMPRINT_UTF8);
    const char want[] = "\033[5iПривет 5\r\nдва\f\033[4i";
    ck_assert_uint_eq(b.len, sizeof want - 1);
    ck_assert(memcmp(b.data, want, b.len) == 0);
    buf_free(&b);
}
END_TEST

START_TEST(cp866_bytes)
{
    setlocale(LC_ALL, "C.UTF-8");
    struct ej_buf b = frame("Привет\n", TERMPRINT_CP866);
    const unsigned char want[] = { 0x1b, '[', '5', 'i', 0x8f, 0xe0, 0xa8, 0xa2, 0xa5, 0xe2,
                                   '\r', '\n', 0x1b, '[', '4', 'i' };
    ck_assert_uint_eq(b.len, sizeof want);
    ck_assert(memcmp(b.data, want, sizeof want) == 0);
    buf_free(&b);
    /* Ё and № exist in CP866 (0xF0, 0xFC). */
    b = frame("Ё№", TERMPRINT_CP866);
    ck_assert_uint_eq(b.len, 10);
    ck_assert_uint_eq((unsigned char)b.data[4], 0xf0);
    ck_assert_uint_eq((unsigned char)b.data[5], 0xfc);
    buf_free(&b);
}
END_TEST

START_TEST(cp1251_bytes)
{
    setlocale(LC_ALL, "C.UTF-8");
    struct ej_buf b = frame("Привет «Ё»", TERMPRINT_CP1251);
    const unsigned char want[] = { 0x1b, '[', '5', 'i', 0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, ' ',
                                   0xab, 0xa8, 0xbb, 0x1b, '[', '4', 'i' };
    ck_assert_uint_eq(b.len, sizeof want);
    ck_assert(memcmp(b.data, want, sizeof want) == 0);
    buf_free(&b);
}
END_TEST

START_TEST(controls_cannot_escape)
{
    struct ej_buf b = frame("a\033[4i\033]0;x\007b\xc2\x9b" "c\xff", TERMPRINT_UTF8);
    /* Exactly one ESC at each end, nothing else. */
    int escs = 0;
    for (size_t i = 0; i < b.len; i++)
        escs += b.data[i] == '\033';
    ck_assert_int_eq(escs, 2);
    ck_assert(memcmp(b.data + b.len - 4, "\033[4i", 4) == 0);
    ck_assert_ptr_null(memchr(b.data, '\007', b.len));
    ck_assert_ptr_null(strstr(b.data, "\xc2\x9b"));
    buf_free(&b);
    b = frame("\033", TERMPRINT_CP866);
    ck_assert_uint_eq(b.len, 9);
    ck_assert_int_eq(b.data[4], '?');
    buf_free(&b);
}
END_TEST

START_TEST(charset_names_and_write)
{
    enum termprint_charset cs;
    ck_assert(termprint_charset_parse("CP866", &cs) && cs == TERMPRINT_CP866);
    ck_assert(termprint_charset_parse("utf-8", &cs) && cs == TERMPRINT_UTF8);
    ck_assert(termprint_charset_parse("cp1251", &cs) && cs == TERMPRINT_CP1251);
    ck_assert(!termprint_charset_parse("koi8-r", &cs));
    ck_assert_str_eq(termprint_charset_name(TERMPRINT_CP1251), "cp1251");
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    struct ej_error err;
    ck_assert_int_eq(termprint_write(fds[1], "ok\n", 3, TERMPRINT_UTF8, &err), EJ_OK);
    close(fds[1]);
    char got[64];
    ssize_t n = read(fds[0], got, sizeof got);
    ck_assert_int_eq(n, 12);
    ck_assert(memcmp(got, "\033[5iok\r\n\033[4i", 12) == 0);
    close(fds[0]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("termprint");
    TCase *tc = ejt_tcase("termprint", 20);
    tcase_add_test(tc, utf8_framed_exactly);
    tcase_add_test(tc, cp866_bytes);
    tcase_add_test(tc, cp1251_bytes);
    tcase_add_test(tc, controls_cannot_escape);
    tcase_add_test(tc, charset_names_and_write);
    suite_add_tcase(s, tc);
    return ejt_run(s, "unit-termprint");
}
