/* tests/db/pupils — pupils and class lists on the demo school through common/db-pupils.c: a class list checked, then written with its enrollments, listed back, and refused as duplicates the second time. */
#include "calendar.h"
#include "ctx.h"
#include "db-pupils.h"
#include "ejtest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *dbn;

static long long account(const char *login)
{
    long long id = ejt_qll(dbn, "SELECT id FROM account WHERE login = '%s'", login);
    ck_assert_msg(id > 0, "no account %s", login);
    return id;
}

static long long npupils(void)
{
    return ejt_qll(dbn, "SELECT count(*) FROM pupil");
}

/* ------------------------------------------------------ the db layer itself */

START_TEST(db_layer)
{
    dbn = ejt_db_new();
    struct ej_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    long long id = account("sekretar");
    struct ej_db *h = ejt_connect(dbn, "ej_app", id);
    struct ej_error err;
    ck_assert_msg(ctx_load_account(&ctx, h, id, &err) == EJ_OK, "%s", err.msg);
    static const char csv[] = "Фамилия;Имя;Дата рождения;Пол\nТестов;Илья;05.05.2013;М\n"
                              "Тестова;Ия;06.06.2013;Ж\n";
    struct db_pupils_import a = { "9Б", cal_days(2026, 11, 23), "№ 1", false };
    struct pupil_sheet s;
    int imported = -1;
    long long p0 = npupils();
    ck_assert_int_eq(db_pupils_import(ctx.db, &ctx, &a, csv, sizeof csv - 1, &s, &imported, &err),
                     EJ_OK);
    ck_assert_int_eq(s.nrows, 2);
    ck_assert_int_eq(imported, 0);
    ck_assert_int_eq(npupils(), p0);
    pupils_sheet_free(&s);
    a.apply = true;
    ck_assert_int_eq(db_pupils_import(ctx.db, &ctx, &a, csv, sizeof csv - 1, &s, &imported, &err),
                     EJ_OK);
    ck_assert_int_eq(imported, 2);
    pupils_sheet_free(&s);
    struct db_pupil *v;
    int n;
    ck_assert_int_eq(db_pupils_list(ctx.db, &ctx, "9б", &v, &n, &err), EJ_OK);
    int found = 0;
    for (int i = 0; i < n; i++) {
        if (!strcmp(v[i].surname, "Тестова")) {
            found++;
            ck_assert_str_eq(v[i].class_name, "9Б");
            ck_assert_int_eq(v[i].from, cal_days(2026, 11, 23));
            ck_assert_int_eq(v[i].birth, cal_days(2013, 6, 6));
            ck_assert_str_eq(v[i].order_in, "№ 1");
        }
    }
    ck_assert_int_eq(found, 1);
    db_pupils_free(v, n);
    /* again: both are now duplicates, the error counts them */
    ck_assert_int_eq(db_pupils_import(ctx.db, &ctx, &a, csv, sizeof csv - 1, &s, &imported, &err),
                     EJ_EINVAL);
    ck_assert_int_eq(s.nproblems, 2);
    ck_assert_int_eq(s.problems[0].line, 2);
    ck_assert_int_eq(s.problems[1].line, 3);
    pupils_sheet_free(&s);
    ctx_close(&ctx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("db-pupils");
    TCase *tc = ejt_tcase("pupils", 120);
    tcase_add_test(tc, db_layer);
    suite_add_tcase(s, tc);
    return ejt_run(s, "db/pupils");
}
