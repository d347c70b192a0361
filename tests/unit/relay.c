/* Unit tests of common/relay's line format: the lines the relay and the application
 * exchange are parsed whole, and anything else — a bad channel, a payload with a space
 * or a newline, a pid that is not a number, an unknown kind — is refused. */
#include "ejtest.h"
#include "relay.h"

#include <stdio.h>
#include <string.h>

static int parse(const char *line, const char **channel, int *pid, const char **payload)
{
    static char buf[RELAY_LINE_MAX + 1];
    snprintf(buf, sizeof buf, "%s", line);
    *channel = *payload = NULL;
    *pid = -1;
    return relay_parse(buf, strlen(buf), channel, pid, payload);
}

START_TEST(good_lines)
{
    const char *ch, *pl;
    int pid;
    ck_assert_int_eq(parse("N ej_change_12 4242 course:7", &ch, &pid, &pl), 'N');
    ck_assert_str_eq(ch, "ej_change_12");
    ck_assert_int_eq(pid, 4242);
    ck_assert_str_eq(pl, "course:7");
    ck_assert_int_eq(parse("P ej_change_1 0 pupil:33", &ch, &pid, &pl), 'P');
    ck_assert_str_eq(pl, "pupil:33");
    ck_assert_int_eq(parse("L ej_change_1", &ch, &pid, &pl), 'L');
    ck_assert_str_eq(ch, "ej_change_1");
    ck_assert_int_eq(parse("R", &ch, &pid, &pl), 'R');
}
END_TEST

START_TEST(bad_lines)
{
    const char *ch, *pl;
    int pid;
    static const char *const bad[] = {
        "",                                  /* empty */
        "X ej_change_1",                     /* unknown kind */
        "L",                                 /* no channel */
        "L Ej_change",                       /* upper case */
        "L 1channel",                        /* starts with a digit */
        "L ej_change_1 extra",               /* a word too many */
        "L ej-change",                       /* not an identifier */
        "N ej_change_1 course:7",            /* no pid */
        "N ej_change_1 12x course:7",        /* pid not a number */
        "N ej_change_1 -5 course:7",         /* negative pid */
        "N ej_change_1 99999999999 course:7", /* pid out of range */
        "N ej_change_1 5",                   /* no payload */
        "N ej_change_1 5 ",                  /* empty payload */
        "N ej_change_1 5 course 7",          /* a space in the payload */
        "P ej_change_1 5 курс:7",            /* not ASCII */
        "P ej_change_1 5 a;b",               /* a character outside the set */
        "RR",                                /* not "R" */
        "N",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(parse(bad[i], &ch, &pid, &pl) == 0, "accepted: \"%s\"", bad[i]);
    char longch[80];
    memset(longch, 'a', 64);
    longch[64] = '\0';
    ck_assert(!relay_channel_ok(longch)); /* 64 bytes: longer than an identifier */
    longch[63] = '\0';
    ck_assert(relay_channel_ok(longch));
    char longpl[256];
    memset(longpl, 'x', 201);
    longpl[201] = '\0';
    ck_assert(!relay_payload_ok(longpl));
    longpl[200] = '\0';
    ck_assert(relay_payload_ok(longpl));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("relay");
    TCase *tc = ejt_tcase("relay", 10);
    tcase_add_test(tc, good_lines);
    tcase_add_test(tc, bad_lines);
    suite_add_tcase(s, tc);
    return ejt_run(s, "unit/relay");
}
