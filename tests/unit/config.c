/* Unit tests of common/config: defaults, the example file, every kind of bad input
 * (syntax, unknown key or section, wrong type, out of bounds) named with its line,
 * and man/ejournal.conf.5 documenting exactly the keys of the table. */
#include "ejtest.h"
#include "config.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct ej_config cfg;
static struct ej_error err;

static enum ej_err load(const char *text)
{
    config_defaults(&cfg);
    return config_load_string(&cfg, text, "test.conf", &err);
}

START_TEST(defaults_are_sane)
{
    config_defaults(&cfg);
    ck_assert_int_eq(cfg.port, 2222);
    ck_assert_int_eq(cfg.nlisten, 1);
    ck_assert_str_eq(cfg.listen[0], "127.0.0.1");
    ck_assert_int_eq(cfg.login_grace_time, 60);
    ck_assert_int_eq(cfg.login_max_auth_tries, 5);
    ck_assert_str_eq(cfg.db_conninfo, "");
    config_free(&cfg);
}
END_TEST

START_TEST(example_file_loads)
{
    char *path = ejt_fmt("%s/ejournal.conf", ejt_env("EJ_TEST_SRC"));
    config_defaults(&cfg);
    ck_assert_msg(config_load(&cfg, path, &err) == EJ_OK, "%s", err.msg);
    ck_assert_int_eq(cfg.port, 2222);
    ck_assert_int_eq(cfg.session_idle_lock, 900);
    ck_assert_int_eq(cfg.session_db_release, 60);
    config_free(&cfg);
    free(path);
}
END_TEST

START_TEST(values_are_read)
{
    ck_assert_int_eq(load("listen = [ \"127.0.0.1\", \"::1\" ];\nport = 0;\n"
                          "login: { grace_time = 5; };\nstate_dir = \"/tmp/x\";\n"),
                     EJ_OK);
    ck_assert_int_eq(cfg.nlisten, 2);
    ck_assert_str_eq(cfg.listen[1], "::1");
    ck_assert_int_eq(cfg.port, 0);
    ck_assert_int_eq(cfg.login_grace_time, 5);
    ck_assert_str_eq(cfg.state_dir, "/tmp/x");
    config_free(&cfg);
}
END_TEST

static const struct {
    const char *text;
    const char *expect; /* substring of the message */
} bad[] = {
    { "port = \"2222\";\n", "test.conf:1:" },
    { "\n\nport = 70000;\n", "test.conf:3:" },
    { "port = -1;\n", "0..65535" },
    { "prot = 2222;\n", "\"prot\"" },
    { "logn: { grace_time = 5; };\n", "\"logn\"" },
    { "login: { grace_tme = 5; };\n", "\"login.grace_tme\"" },
    { "login: { grace_time = 0; };\n", "1..600" },
    { "log_level = \"verbose\";\n", "debug|info|warning|error" },
    { "state_dir = 5;\n", "\"state_dir\"" },
    { "port = 2222;\nstate_dir = ;\n", "test.conf:2:" },
    { "listen = [ ];\n", "\"listen\"" },
    { "listen = [ \"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\", \"i\" ];\n", "\"listen\"" },
    { "database: { conninfo = 1; };\n", "\"database.conninfo\"" },
    { "session: { max_sessions = 2.5; };\n", "\"session.max_sessions\"" },
    { "session: { db_release = -1; };\n", "0..86400" },
    { "session: { db_release = \"60\"; };\n", "\"session.db_release\"" },
};

START_TEST(bad_input_names_line_and_rule)
{
    ck_assert_int_eq(load(bad[_i].text), EJ_ECONFIG);
    ck_assert_msg(strstr(err.msg, bad[_i].expect) != NULL, "case %d: \"%s\" lacks \"%s\"", _i,
                  err.msg, bad[_i].expect);
    ck_assert_int_eq(ej_err_exit_status(err.code), 78);
    /* Nothing of the bad file is kept. */
    ck_assert_int_eq(cfg.port, 2222);
    config_free(&cfg);
}
END_TEST

START_TEST(messages_are_russian)
{
    i18n_init();
    ck_assert_int_eq(load("prot = 1;\n"), EJ_ECONFIG);
    ck_assert_msg(strstr(err.msg, "неизвестный параметр") != NULL, "%s", err.msg);
    config_free(&cfg);
}
END_TEST

START_TEST(missing_file_is_an_error)
{
    config_defaults(&cfg);
    ck_assert_int_eq(config_load(&cfg, "/nonexistent/ejournal.conf", &err), EJ_ECONFIG);
    ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/ejournal.conf"));
    config_free(&cfg);
}
END_TEST

START_TEST(man_page_matches_table)
{
    char *path = ejt_fmt("%s/man/ejournal.conf.5", ejt_env("EJ_TEST_SRC"));
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "%s", path);
    char line[512];
    int in_keys = 0, documented = 0;
    char prev[512] = "";
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, ".SH", 3) == 0)
            in_keys = strcmp(line, ".SH KEYS") == 0;
        /* A key is the ".B name" line right after ".TP" in the KEYS section. */
        if (in_keys && strcmp(prev, ".TP") == 0 && strncmp(line, ".B ", 3) == 0) {
            const char *key = line + 3;
            int found = 0;
            for (int i = 0; i < config_nkeys; i++)
                found |= strcmp(config_keys[i].path, key) == 0;
            ck_assert_msg(found, "man page documents unknown key %s", key);
            documented++;
        }
        snprintf(prev, sizeof prev, "%s", line);
    }
    fclose(f);
    free(path);
    ck_assert_int_eq(documented, config_nkeys);
}
END_TEST

START_TEST(print_round_trips)
{
    config_defaults(&cfg);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    config_print(&cfg, f);
    fclose(f);
    struct ej_config again;
    config_defaults(&again);
    ck_assert_msg(config_load_string(&again, buf, "printed", &err) == EJ_OK, "%s\n%s", err.msg, buf);
    ck_assert_int_eq(again.port, cfg.port);
    ck_assert_str_eq(again.state_dir, cfg.state_dir);
    config_free(&again);
    config_free(&cfg);
    free(buf);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("config");
    TCase *tc = ejt_tcase("config", 10);
    tcase_add_test(tc, defaults_are_sane);
    tcase_add_test(tc, example_file_loads);
    tcase_add_test(tc, values_are_read);
    tcase_add_loop_test(tc, bad_input_names_line_and_rule, 0, (int)(sizeof bad / sizeof bad[0]));
    tcase_add_test(tc, messages_are_russian);
    tcase_add_test(tc, missing_file_is_an_error);
    tcase_add_test(tc, man_page_matches_table);
    tcase_add_test(tc, print_round_trips);
    suite_add_tcase(s, tc);
    return ejt_run(s, "unit/config");
}
