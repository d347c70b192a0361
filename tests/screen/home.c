/* tests/screen/home — the home screen on the real ejournal through libvterm: when the list reloads (another session's change) while an alert row is selected, the cursor stays on that alert; a change made while the journal is open on top reaches the home screen when it comes back on top. */
#include "ejtest.h"
#include "ejvt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WAIT 30000 /* generous: CI machines may be loaded; a pass is usually instant */

static const char *db;

/* The screen for a failure message, cut short (check's messages are limited). */
static char *shot(struct ejvt *v)
{
    static char buf[3000];
    char *s = ejvt_screen(v);
    snprintf(buf, sizeof buf, "%s", s);
    free(s);
    return buf;
}

/* ivanova's lessons without homework in the current period before today, oldest
 * first: the "no homework" alerts of her home screen.  id and "DD.MM" of the k-th. */
static long long alert_lesson(int k, char ddmm[6])
{
    char *q = ejt_fmt("SELECT l.id || ' ' || to_char(l.date, 'DD.MM') FROM lesson l "
                      "JOIN account_role ar ON ar.staff_id = l.teacher_id AND ar.role = 'teacher' "
                      "JOIN account a ON a.id = ar.account_id AND a.login = 'ivanova' "
                      "WHERE l.held AND l.homework = '' AND l.date < ej_today(l.school_id) "
                      "AND l.date >= '2026-11-05' ORDER BY l.date, l.id OFFSET %d LIMIT 1", k);
    char *v = ejt_q(db, "%s", q);
    free(q);
    long long id = 0;
    ck_assert_msg(sscanf(v, "%lld %5s", &id, ddmm) == 2, "no alert %d", k);
    free(v);
    return id;
}

/* Give lesson id homework, as another session would. */
static void set_homework(long long id)
{
    char *q = ejt_fmt("UPDATE lesson SET homework = 'упр. 12' WHERE id = %lld", id);
    char *err = NULL;
    char *r = ejt_sql_as(db, ejt_account(db, "ivanova"), q, &err);
    ck_assert_msg(r != NULL, "%s", err ? err : "");
    free(r);
    free(q);
}

/* The highlighted row of the list (column 3), as text; "" if none. */
static char *selected(struct ejvt *v)
{
    int r = ejvt_highlight_row(v, 1, 3);
    return r >= 0 ? ejvt_row(v, r) : strdup("");
}

/* Move the cursor down to the row holding text. */
static void select_row(struct ejvt *v, const char *text)
{
    for (int i = 0; i < 60; i++) {
        char *row = selected(v);
        bool found = strstr(row, text) != NULL;
        free(row);
        if (found)
            return;
        ejvt_key(v, "Down");
        ejvt_pump(v, 50);
    }
    ck_abort_msg("no row %s to select:\n%s", text, shot(v));
}

START_TEST(alert_row_kept_on_reload)
{
    db = ejt_db_new();
    char first[6], second[6];
    long long l1 = alert_lesson(0, first);
    alert_lesson(1, second);
    struct ejvt *v = ejvt_start(db, "ivanova", 30, 100, NULL, NULL);
    ck_assert_msg(ejvt_wait(v, "Требует внимания", WAIT), "%s", shot(v));
    ck_assert_msg(ejvt_wait(v, second, WAIT), "%s", shot(v));
    select_row(v, second);
    /* Another session deals with the first alert: the list reloads without it. */
    set_homework(l1);
    ck_assert_msg(ejvt_wait_gone(v, first, WAIT), "the list did not reload:\n%s", shot(v));
    ejvt_pump(v, 200);
    char *row = selected(v);
    ck_assert_msg(strstr(row, second) && strstr(row, "нет домашнего задания"),
                  "the cursor left the alert: «%s»\n%s", row, shot(v));
    free(row);
    ejvt_key(v, "F10");
    ejvt_finish(v, 5000);
}
END_TEST

START_TEST(reload_when_back_on_top)
{
    db = ejt_db_new();
    char first[6];
    long long l1 = alert_lesson(0, first);
    struct ejvt *v = ejvt_start(db, "ivanova", 30, 100, NULL, NULL);
    ck_assert_msg(ejvt_wait(v, "Требует внимания", WAIT), "%s", shot(v));
    select_row(v, first);
    ejvt_key(v, "Enter");
    ck_assert_msg(ejvt_wait(v, "Итог", WAIT), "the grid did not open:\n%s", shot(v));
    /* Changed while the journal is on top: the home screen hears of it on its return. */
    set_homework(l1);
    ejvt_pump(v, 1500);
    ejvt_key(v, "Esc");
    ck_assert_msg(ejvt_wait(v, "Требует внимания", WAIT) || ejvt_wait(v, "Мои журналы", WAIT),
                  "%s", shot(v));
    ck_assert_msg(ejvt_wait_gone(v, first, WAIT), "the home screen kept the old list:\n%s",
                  shot(v));
    ejvt_key(v, "F10");
    ejvt_finish(v, 5000);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("screen-home");
    TCase *tc = ejt_tcase("home", 240);
    tcase_add_test(tc, alert_row_kept_on_reload);
    tcase_add_test(tc, reload_when_back_on_top);
    suite_add_tcase(s, tc);
    return ejt_run(s, "screen/home");
}
