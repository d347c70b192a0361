/* The Russian catalog: every msgid used in common/, server/ and client/ has a
 * translation in po/ru/ (the interface is Russian; an untranslated string would show
 * English to a teacher), and the merged catalog compiles with msgfmt --check. */
#include "ejtest.h"

#include <stdlib.h>
#include <string.h>

START_TEST(every_message_is_translated)
{
    int st;
    char *out = ejt_run_cmd(ejt_fmt("sh %s/po/tools/check-po.sh 2>&1", ejt_env("EJ_TEST_SRC")), &st);
    if (st != 0 && strlen(out) > 1500)
        strcpy(out + 1500, "\n...");
    ck_assert_msg(st == 0, "untranslated messages:\n%s", out);
    free(out);
}
END_TEST

START_TEST(catalog_compiles)
{
    int st;
    char *out = ejt_run_cmd(ejt_fmt("cd %s && msgcat --use-first po/ru/*.po | msgfmt --check -o /dev/null - 2>&1",
                                    ejt_env("EJ_TEST_SRC")),
                            &st);
    ck_assert_msg(st == 0, "%s", out);
    free(out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("catalog");
    TCase *tc = ejt_tcase("catalog", 60);
    tcase_add_test(tc, every_message_is_translated);
    tcase_add_test(tc, catalog_compiles);
    suite_add_tcase(s, tc);
    return ejt_run(s, "unit/catalog");
}
