/* tests/db/journal — the journal's database layer on the demo school: courses visible per role, the home screen's facts, loading a course × period (enrollment spells of the pupil who left and the one who arrived), every write in one audited transaction, and the policy enforced in the database layer itself. */
#include "calendar.h"
#include "ctx.h"
#include "db-journal.h"
#include "db.h"
#include "ejtest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *db;

#define sql_ll(sql) ejt_qll(db, "%s", sql)

static long long login_id(const char *login)
{
    char *q = ejt_fmt("SELECT id FROM account WHERE login = '%s'", login);
    long long id = sql_ll(q);
    free(q);
    ck_assert_msg(id > 0, "no account %s", login);
    return id;
}

static void open_as(const char *login, struct ej_ctx *ctx)
{
    memset(ctx, 0, sizeof *ctx);
    long long id = login_id(login);
    struct ej_db *h = ejt_connect(db, "ej_app", id);
    struct ej_error err;
    ck_assert_msg(ctx_load_account(ctx, h, id, &err) == EJ_OK, "%s", err.msg);
}

static long long course_of(const char *letter, int grade, const char *subject)
{
    char *q = ejt_fmt("SELECT co.id FROM course co JOIN class cl ON cl.school_id = co.school_id "
                      "AND cl.id = co.class_id JOIN subject s ON s.school_id = co.school_id "
                      "AND s.id = co.subject_id WHERE cl.grade = %d AND cl.letter = '%s' "
                      "AND s.name = '%s' AND co.group_id IS NULL ORDER BY co.id LIMIT 1",
                      grade, letter, subject);
    long long id = sql_ll(q);
    free(q);
    ck_assert(id > 0);
    return id;
}

/* The latest lesson of a course on or before today. */
static long long last_lesson(long long course)
{
    char *q = ejt_fmt("SELECT id FROM lesson WHERE course_id = %lld AND held AND "
                      "date <= ej_today(school_id) ORDER BY date DESC, num DESC LIMIT 1", course);
    long long id = sql_ll(q);
    free(q);
    return id;
}

static long long pupil_named(const char *surname)
{
    char *q = ejt_fmt("SELECT id FROM pupil WHERE surname = '%s' ORDER BY id LIMIT 1", surname);
    long long id = sql_ll(q);
    free(q);
    return id;
}

/* A pupil enrolled in 7А for the whole year (not the ones who moved). */
static long long steady_pupil(long long course, int k)
{
    char *q = ejt_fmt("SELECT e.pupil_id FROM enrollment e JOIN course co ON co.class_id = e.class_id "
                      "JOIN pupil p ON p.id = e.pupil_id WHERE co.id = %lld AND upper(e.during) IS NULL "
                      "AND lower(e.during) <= '2026-09-01' ORDER BY p.surname COLLATE \"ru-x-icu\", "
                      "p.id OFFSET %d LIMIT 1", course, k);
    long long id = sql_ll(q);
    free(q);
    return id;
}

START_TEST(courses_per_role)
{
    db = ejt_db_new();
    struct ej_ctx ctx;
    struct db_course *c;
    int n;
    struct ej_error err;
    long long ru7a = course_of("А", 7, "Русский язык");

    open_as("ivanova", &ctx);
    ck_assert_int_eq(db_journal_courses(ctx.db, &ctx, &c, &n, &err), EJ_OK);
    bool mine = false, alg7a = false;
    for (int i = 0; i < n; i++) {
        if (c[i].id == ru7a)
            mine = c[i].mine;
        if (strcmp(c[i].class_name, "7А") == 0 && strcmp(c[i].subject, "Алгебра") == 0)
            alg7a = !c[i].mine && c[i].my_class;
    }
    ck_assert(mine);
    ck_assert(alg7a); /* her class: every course, read only */
    free(c);
    ctx_close(&ctx);

    open_as("petrov", &ctx);
    ck_assert_int_eq(db_journal_courses(ctx.db, &ctx, &c, &n, &err), EJ_OK);
    ck_assert_int_gt(n, 0);
    for (int i = 0; i < n; i++) {
        ck_assert(c[i].id != ru7a);
        ck_assert(c[i].mine);
    }
    free(c);
    ctx_close(&ctx);

    open_as("zavuch", &ctx);
    ck_assert_int_eq(db_journal_courses(ctx.db, &ctx, &c, &n, &err), EJ_OK);
    ck_assert_int_eq(n, (int)sql_ll("SELECT count(*) FROM course"));
    free(c);
    ctx_close(&ctx);
}
END_TEST

START_TEST(home_facts)
{
    db = ejt_db_new();
    struct ej_ctx ctx;
    struct db_home h;
    struct ej_error err;
    open_as("ivanova", &ctx);
    ck_assert_int_eq(db_journal_home(ctx.db, &ctx, &h, &err), EJ_OK);
    char iso[11];
    cal_iso(h.today, iso);
    ck_assert_str_eq(iso, "2026-11-26");
    ck_assert_str_eq(h.school_short, "МБОУ «ООШ №5»");
    ck_assert_int_gt(h.nlessons, 0);
    for (int i = 0; i < h.nlessons; i++)
        ck_assert(!h.lessons[i].attendance_taken); /* today: not taken yet */
    for (int i = 0; i < h.nalerts; i++)
        ck_assert_int_le(h.alerts[i].date, h.today);
    db_journal_home_free(&h);
    ctx_close(&ctx);
}
END_TEST

/* The home screen's alerts, as the query before issue #9 (ej_today() per row, every
 * course of the school) computed them: kind|lesson|date|days_left|work type, sorted. */
static char *home_reference(long long staff)
{
    char *q = ejt_fmt(
        "WITH mine AS ("
        "  SELECT le.id, le.school_id, le.course_id, le.date, le.topic, le.homework, "
        "         le.attendance_taken_at "
        "    FROM lesson le JOIN course co ON co.school_id = le.school_id AND co.id = le.course_id "
        "    JOIN class cl ON cl.school_id = co.school_id AND cl.id = co.class_id "
        "   WHERE le.school_id = 1 AND le.held AND le.date <= ej_today(1) "
        "     AND le.date >= coalesce((SELECT max(pe.starts) FROM period pe "
        "          WHERE pe.school_id = cl.school_id AND pe.year_id = cl.year_id "
        "            AND pe.scheme = cl.period_scheme AND pe.starts <= ej_today(1)), "
        "          ej_today(1) - 30) "
        "     AND (le.teacher_id = %lld OR (le.teacher_id IS NULL AND EXISTS (SELECT 1 "
        "          FROM course_teacher ct WHERE ct.school_id = le.school_id "
        "           AND ct.course_id = le.course_id AND ct.staff_id = %lld "
        "           AND ct.during @> le.date)))), "
        "a AS (SELECT 0 AS k, id, date, 0 AS dl, ''::text AS wt FROM mine "
        "       WHERE topic = '' AND date < ej_today(1) "
        "      UNION ALL SELECT 1, id, date, 0, '' FROM mine "
        "       WHERE attendance_taken_at IS NULL AND date < ej_today(1) "
        "      UNION ALL SELECT 2, id, date, 0, '' FROM mine "
        "       WHERE homework = '' AND date < ej_today(1) "
        "      UNION ALL SELECT 3, m.id, m.date, m.date + 5 - ej_today(1), wt.short_name "
        "        FROM mine m JOIN work w ON w.school_id = m.school_id AND w.lesson_id = m.id "
        "        JOIN work_type wt ON wt.school_id = w.school_id AND wt.id = w.work_type_id "
        "         AND wt.written "
        "       WHERE NOT EXISTS (SELECT 1 FROM mark mk WHERE mk.school_id = w.school_id "
        "                           AND mk.work_id = w.id)) "
        "SELECT coalesce(string_agg(k || '|' || id || '|' || date || '|' || dl || '|' || wt, "
        "       ';' ORDER BY k || '|' || id || '|' || date || '|' || dl || '|' || wt "
        "       COLLATE \"C\"), '') FROM a",
        staff, staff);
    char *v = ejt_q(db, "%s", q);
    free(q);
    return v;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* db_journal_home's alerts in the reference's form. */
static char *home_alerts(const struct db_home *h)
{
    char **v = calloc((size_t)h->nalerts + 1, sizeof *v);
    size_t len = 1;
    for (int i = 0; i < h->nalerts; i++) {
        char iso[11];
        cal_iso(h->alerts[i].date, iso);
        v[i] = ejt_fmt("%d|%lld|%s|%d|%s", (int)h->alerts[i].kind, h->alerts[i].lesson_id, iso,
                       h->alerts[i].days_left, h->alerts[i].work_type);
        len += strlen(v[i]) + 1;
    }
    qsort(v, (size_t)h->nalerts, sizeof *v, cmp_str);
    char *out = calloc(len, 1);
    for (int i = 0; i < h->nalerts; i++) {
        if (i)
            strcat(out, ";");
        strcat(out, v[i]);
        free(v[i]);
    }
    free(v);
    return out;
}

/* The cheap home queries (issue #9: today passed once, the teacher's own lessons
 * first) give exactly what the per-row ej_today() query gave, for every teacher;
 * the journal list of a teacher is every course the policy lets them read. */
START_TEST(home_same_as_before)
{
    db = ejt_db_new();
    /* Some lessons with nobody recorded: they count for the course's teacher. */
    char *uerr = NULL;
    char *u = ejt_sql_as(db, login_id("zavuch"),
                         "UPDATE lesson SET teacher_id = NULL WHERE id % 7 = 0", &uerr);
    ck_assert_msg(u != NULL, "%s", uerr ? uerr : "");
    free(u);
    char *logins = ejt_q(db, "%s",
                         "SELECT string_agg(a.login, ' ' ORDER BY a.login) FROM account a "
                         "JOIN account_role ar ON ar.account_id = a.id AND ar.role = 'teacher'");
    int checked = 0, with_alerts = 0;
    for (char *save = NULL, *login = strtok_r(logins, " ", &save); login;
         login = strtok_r(NULL, " ", &save)) {
        struct ej_ctx ctx;
        struct db_home h;
        struct ej_error err;
        open_as(login, &ctx);
        ck_assert_int_eq(db_journal_home(ctx.db, &ctx, &h, &err), EJ_OK);
        char *want = home_reference(ctx.staff_id);
        char *got = home_alerts(&h);
        ck_assert_msg(strcmp(want, got) == 0, "%s: want %s got %s", login, want, got);
        with_alerts += h.nalerts > 0;
        free(want);
        free(got);
        db_journal_home_free(&h);

        struct db_course *c;
        int n;
        ck_assert_int_eq(db_journal_courses(ctx.db, &ctx, &c, &n, &err), EJ_OK);
        char *q = ejt_fmt(
            "SELECT count(*) FROM course co JOIN class cl ON cl.id = co.class_id "
            " WHERE cl.year_id = (SELECT id FROM academic_year WHERE ej_today(1) "
            "       BETWEEN starts AND ends) "
            "   AND (cl.teacher_id = %lld "
            "        OR EXISTS (SELECT 1 FROM course_teacher ct WHERE ct.course_id = co.id "
            "                   AND ct.staff_id = %lld) "
            "        OR EXISTS (SELECT 1 FROM lesson le WHERE le.course_id = co.id "
            "                   AND le.teacher_id = %lld))",
            ctx.staff_id, ctx.staff_id, ctx.staff_id);
        if (!(ctx.roles & (ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY)))
            ck_assert_int_eq(n, (int)sql_ll(q));
        free(q);
        free(c);
        ctx_close(&ctx);
        checked++;
    }
    free(logins);
    ck_assert_int_gt(checked, 5);
    ck_assert_int_gt(with_alerts, 0);
}
END_TEST

START_TEST(load_enrollment)
{
    db = ejt_db_new();
    struct ej_ctx ctx;
    struct ej_error err;
    struct journal *j;
    long long course = course_of("А", 7, "Русский язык");
    open_as("ivanova", &ctx);
    ck_assert_int_eq(db_journal_load(ctx.db, &ctx, course, 0, &j, &err), EJ_OK);
    ck_assert_int_eq(journal_period(j)->num, 2);
    ck_assert_int_eq(j->npupils, 25); /* 24 + Новикова; Кузнецов left in quarter 1 */
    long long kuz = pupil_named("Кузнецов"), nov = pupil_named("Новикова");
    ck_assert_int_lt(journal_pupil_index(j, kuz), 0);
    int pn = journal_pupil_index(j, nov);
    ck_assert_int_ge(pn, 0);
    int arrived;
    ck_assert(cal_parse("2026-11-09", &arrived));
    ck_assert(!journal_enrolled(j, pn, arrived - 1));
    ck_assert(journal_enrolled(j, pn, arrived));
    ck_assert_int_gt(j->nlessons, 0);
    ck_assert(j->graded);
    ck_assert_int_gt(j->ntypes, 0);
    /* quarter 1 */
    long long q1 = j->periods[0].id;
    journal_free(j);
    ck_assert_int_eq(db_journal_load(ctx.db, &ctx, course, q1, &j, &err), EJ_OK);
    ck_assert_int_eq(journal_period(j)->num, 1);
    ck_assert_int_eq(j->npupils, 25); /* 24 + Кузнецов */
    int pk = journal_pupil_index(j, kuz);
    ck_assert_int_ge(pk, 0);
    int left;
    ck_assert(cal_parse("2026-10-10", &left));
    for (int c = 0; c < j->ncols; c++) {
        int d = j->lessons[j->cols[c].lesson].date;
        ck_assert_int_eq(journal_cell_active(j, pk, c), d <= left);
        if (d > left)
            ck_assert_int_eq(journal_nmarks(j, pk, c), 0);
    }
    journal_free(j);
    ctx_close(&ctx);
}
END_TEST

START_TEST(marks_written_and_audited)
{
    db = ejt_db_new();
    struct ej_ctx ctx;
    struct ej_error err;
    long long course = course_of("А", 7, "Русский язык");
    long long lesson = last_lesson(course), pupil = steady_pupil(course, 0);
    long long acct = login_id("ivanova");
    open_as("ivanova", &ctx);
    long long work = 0;
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, 0, pupil, 1, 5, &work, &err), EJ_OK);
    ck_assert_int_gt(work, 0);
    char *q = ejt_fmt("SELECT value FROM mark WHERE work_id = %lld AND pupil_id = %lld AND seq = 1",
                      work, pupil);
    ck_assert_int_eq(sql_ll(q), 5);
    free(q);
    /* overwrite, retake, clear */
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, work, pupil, 1, 2, NULL, &err), EJ_OK);
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, work, pupil, 2, 4, NULL, &err), EJ_OK);
    struct journal *j;
    ck_assert_int_eq(db_journal_load(ctx.db, &ctx, course, 0, &j, &err), EJ_OK);
    char cell[16];
    journal_cell_text(j, journal_pupil_index(j, pupil), journal_col_of_work(j, work), cell);
    ck_assert_str_eq(cell, "2/4");
    journal_free(j);
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, work, pupil, 1, 0, NULL, &err), EJ_OK);
    q = ejt_fmt("SELECT count(*) FROM mark WHERE work_id = %lld AND pupil_id = %lld", work, pupil);
    ck_assert_int_eq(sql_ll(q), 0);
    free(q);
    /* insert, update, the retake's insert, and clearing the first mark takes the retake */
    q = ejt_fmt("SELECT count(*) FROM audit WHERE tbl = 'mark' AND account_id = %lld", acct);
    ck_assert_int_eq(sql_ll(q), 5);
    free(q);
    /* refused by the rules: not a mark, a future lesson */
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, work, pupil, 1, 6, NULL, &err), EJ_EINVAL);
    q = ejt_fmt("SELECT id FROM lesson WHERE course_id = %lld AND date > ej_today(school_id) "
                "ORDER BY date LIMIT 1", course);
    long long future = sql_ll(q);
    free(q);
    if (future) {
        ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, future, 0, pupil, 1, 5, NULL, &err),
                         EJ_EINVAL);
        q = ejt_fmt("SELECT count(*) FROM work WHERE lesson_id = %lld", future);
        ck_assert_int_eq(sql_ll(q), 0); /* the work created first was rolled back */
        free(q);
    }
    /* the pupil who left: no mark after 10.10 */
    long long kuz = pupil_named("Кузнецов");
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, work, kuz, 1, 5, NULL, &err), EJ_EINVAL);
    /* The audit context is written into its statement (kept, prepared once): an address
     * is recorded as it is, quotes and all, and a new context is what the next write
     * records, not the statement prepared with the old one. */
    char quotes[64]; /* the longest address there is room for, all quotes */
    memset(quotes, '\'', sizeof quotes - 1);
    quotes[sizeof quotes - 1] = '\0';
    const char *addrs[] = { "10.0.0.7'); DROP TABLE mark; --", "192.168.1.20\\'x", quotes };
    for (int i = 0; i < 3; i++) {
        db_set_context(ctx.db, acct, addrs[i]);
        ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, work, pupil, 1, 3 + i, NULL, &err),
                         EJ_OK);
        char *got = ejt_q(db, "SELECT client_addr || '|' || account_id FROM audit WHERE tbl = 'mark' "
                              "ORDER BY id DESC LIMIT 1");
        char *want = ejt_fmt("%s|%lld", addrs[i], acct);
        ck_assert_str_eq(got, want);
        free(got);
        free(want);
    }
    ctx_close(&ctx);
}
END_TEST

/* Pupil p's row of j as text: every cell, the absences, the final, the averages. */
static char *row_text(const struct journal *j, int p)
{
    char *out = ejt_fmt("%s", "");
    for (int c = 0; c < j->ncols; c++) {
        char cell[16];
        journal_cell_text(j, p, c, cell);
        char *n = ejt_fmt("%s%s|", out, cell);
        free(out);
        out = n;
    }
    struct journal_avg a;
    journal_average(j, p, &a);
    char *n = ejt_fmt("%s final=%d avg=%.4f/%.4f/%d", out, j->finals[p], a.arith, a.weighted,
                      a.count);
    free(out);
    return n;
}

/* After a write the grid re-reads one pupil's row (issue #9): the row equals what a
 * full load reads, the other rows are untouched; a mark into a work of another lesson
 * is refused and writes nothing. */
START_TEST(reload_pupil_matches_full_load)
{
    db = ejt_db_new();
    struct ej_ctx ctx;
    struct ej_error err;
    long long course = course_of("А", 7, "Русский язык");
    long long lesson = last_lesson(course), pupil = steady_pupil(course, 2);
    long long other = steady_pupil(course, 3);
    open_as("ivanova", &ctx);
    struct journal *j, *full;
    ck_assert_int_eq(db_journal_load(ctx.db, &ctx, course, 0, &j, &err), EJ_OK);
    int p = journal_pupil_index(j, pupil), po = journal_pupil_index(j, other);
    ck_assert_int_ge(p, 0);
    ck_assert_int_ge(po, 0);
    char *other_before = row_text(j, po);

    /* A mark, its retake, an absence on another lesson, a final, by the screen's calls. */
    int l = journal_lesson_index(j, lesson);
    ck_assert_int_ge(l, 0);
    const struct journal_work *wk = journal_col_work(j, j->lessons[l].first_col);
    long long work = wk ? wk->id : 0, made = 0;
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, work, pupil, 1, 3, &made, &err),
                     EJ_OK);
    work = made;
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, work, pupil, 2, 5, NULL, &err),
                     EJ_OK);
    int l2 = l > 0 ? l - 1 : -1;
    if (l2 >= 0)
        ck_assert_int_eq(db_journal_absence_set(ctx.db, &ctx, j->lessons[l2].id, pupil, RV_N,
                                                &err), EJ_OK);
    ck_assert_int_eq(db_journal_final_set(ctx.db, &ctx, course, journal_period(j)->id, pupil,
                                          RV_4, &err), EJ_OK);
    /* The first mark made a work: the columns changed, so the row is compared on a
     * freshly loaded journal, re-read after a further change. */
    journal_free(j);
    ck_assert_int_eq(db_journal_load(ctx.db, &ctx, course, 0, &j, &err), EJ_OK);
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, work, pupil, 2, 4, NULL, &err),
                     EJ_OK);
    ck_assert_int_eq(db_journal_reload_pupil(ctx.db, &ctx, j, pupil, &err), EJ_OK);
    ck_assert_int_eq(db_journal_load(ctx.db, &ctx, course, 0, &full, &err), EJ_OK);
    char *got = row_text(j, p), *want = row_text(full, p);
    ck_assert_str_eq(got, want);
    ck_assert_ptr_nonnull(strstr(got, "3/4|"));
    char *other_after = row_text(j, po);
    ck_assert_str_eq(other_after, other_before);
    free(got);
    free(want);
    free(other_after);

    /* Clearing through the same path, then re-read again. */
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, work, pupil, 1, 0, NULL, &err),
                     EJ_OK);
    ck_assert_int_eq(db_journal_reload_pupil(ctx.db, &ctx, j, pupil, &err), EJ_OK);
    journal_free(full);
    ck_assert_int_eq(db_journal_load(ctx.db, &ctx, course, 0, &full, &err), EJ_OK);
    got = row_text(j, p);
    want = row_text(full, p);
    ck_assert_str_eq(got, want);
    free(got);
    free(want);

    /* A first mark into a new lesson creates its work with the mark: the grid puts the
     * work into the lesson's column and re-reads the row, as a full load shows it. */
    long long added = 0;
    ck_assert_int_eq(db_journal_lesson_add(ctx.db, &ctx, course, j->today, 0, &added, &err),
                     EJ_OK);
    journal_free(j);
    ck_assert_int_eq(db_journal_load(ctx.db, &ctx, course, 0, &j, &err), EJ_OK);
    p = journal_pupil_index(j, pupil);
    int la = journal_lesson_index(j, added);
    ck_assert_int_ge(la, 0);
    ck_assert_int_eq(j->lessons[la].nworks, 0);
    long long fresh = 0;
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, added, 0, pupil, 1, 5, &fresh, &err),
                     EJ_OK);
    ck_assert_int_gt(fresh, 0);
    ck_assert(journal_first_work(j, la, fresh, journal_default_type(j)));
    ck_assert(!journal_first_work(j, la, fresh, journal_default_type(j)));
    ck_assert_int_eq(db_journal_reload_pupil(ctx.db, &ctx, j, pupil, &err), EJ_OK);
    journal_free(full);
    ck_assert_int_eq(db_journal_load(ctx.db, &ctx, course, 0, &full, &err), EJ_OK);
    ck_assert_int_eq(j->ncols, full->ncols);
    ck_assert_int_eq(journal_col_work(j, j->lessons[la].first_col)->type,
                     journal_col_work(full, full->lessons[la].first_col)->type);
    got = row_text(j, p);
    want = row_text(full, p);
    ck_assert_str_eq(got, want);
    free(got);
    free(want);

    /* A work of another lesson: refused, nothing written. */
    long long before = sql_ll("SELECT count(*) FROM mark");
    long long prev = l2 >= 0 ? j->lessons[l2].id : 0;
    if (prev) {
        ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, prev, work, other, 1, 5, NULL, &err),
                         EJ_ENOTFOUND);
        ck_assert_int_eq(sql_ll("SELECT count(*) FROM mark"), before);
    }
    /* And the connection is usable afterwards (no transaction left open). */
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, work, other, 1, 5, NULL, &err),
                     EJ_OK);
    ck_assert_int_eq(sql_ll("SELECT count(*) FROM mark"), before + 1);
    free(other_before);
    journal_free(full);
    journal_free(j);
    ctx_close(&ctx);
}
END_TEST

START_TEST(policy_in_the_database_layer)
{
    db = ejt_db_new();
    struct ej_ctx ctx;
    struct ej_error err;
    long long ru = course_of("А", 7, "Русский язык"), alg = course_of("А", 7, "Алгебра");
    long long lesson = last_lesson(ru), alg_lesson = last_lesson(alg);
    long long pupil = steady_pupil(ru, 1);
    long long marks0 = sql_ll("SELECT count(*) FROM mark");
    const char *readers[] = { "zavuch", "petrov" };
    for (int i = 0; i < 2; i++) {
        open_as(readers[i], &ctx);
        ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, 0, pupil, 1, 5, NULL, &err),
                         EJ_EDENIED);
        ck_assert_int_eq(db_journal_absence_set(ctx.db, &ctx, lesson, pupil, RV_N, &err), EJ_EDENIED);
        ck_assert_int_eq(db_journal_final_set(ctx.db, &ctx, ru, sql_ll("SELECT min(id) FROM period"),
                                              pupil, RV_5, &err), EJ_EDENIED);
        struct db_lesson_edit e = { .lesson_id = lesson, .topic = "x", .homework = "y", .held = true };
        ck_assert_int_eq(db_journal_lesson_save(ctx.db, &ctx, &e, &err), EJ_EDENIED);
        ctx_close(&ctx);
    }
    /* petrov may not even read it; the deputy may */
    struct journal *j;
    open_as("petrov", &ctx);
    ck_assert_int_eq(db_journal_load(ctx.db, &ctx, ru, 0, &j, &err), EJ_EDENIED);
    ctx_close(&ctx);
    open_as("zavuch", &ctx);
    ck_assert_int_eq(db_journal_load(ctx.db, &ctx, ru, 0, &j, &err), EJ_OK);
    journal_free(j);
    ctx_close(&ctx);
    ck_assert_int_eq(sql_ll("SELECT count(*) FROM mark"), marks0);

    /* Absence codes by role: petrov marks Н in his lesson, not the reason; the class
     * teacher (ivanova) and the deputy set the reason. */
    open_as("petrov", &ctx);
    ck_assert_int_eq(db_journal_absence_set(ctx.db, &ctx, alg_lesson, pupil, RV_B, &err), EJ_EDENIED);
    ck_assert_int_eq(db_journal_absence_set(ctx.db, &ctx, alg_lesson, pupil, RV_N, &err), EJ_OK);
    ctx_close(&ctx);
    char *q = ejt_fmt("SELECT attendance_taken_at IS NOT NULL FROM lesson WHERE id = %lld", alg_lesson);
    char *taken = ejt_sql(db, q, NULL);
    ck_assert_str_eq(taken, "t");
    free(taken);
    free(q);
    open_as("ivanova", &ctx);
    ck_assert_int_eq(db_journal_absence_set(ctx.db, &ctx, alg_lesson, pupil, RV_B, &err), EJ_OK);
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, alg_lesson, 0, pupil, 1, 5, NULL, &err),
                     EJ_EDENIED);
    ctx_close(&ctx);
    open_as("zavuch", &ctx);
    ck_assert_int_eq(db_journal_absence_set(ctx.db, &ctx, alg_lesson, pupil, RV_U, &err), EJ_OK);
    ctx_close(&ctx);
    q = ejt_fmt("SELECT code FROM attendance WHERE lesson_id = %lld AND pupil_id = %lld",
                alg_lesson, pupil);
    char *code = ejt_sql(db, q, NULL);
    ck_assert_str_eq(code, "У");
    free(code);
    free(q);
}
END_TEST

START_TEST(finals_and_lessons)
{
    db = ejt_db_new();
    struct ej_ctx ctx;
    struct ej_error err;
    long long ru = course_of("А", 7, "Русский язык");
    long long pupil = steady_pupil(ru, 2);
    open_as("ivanova", &ctx);
    struct journal *j;
    ck_assert_int_eq(db_journal_load(ctx.db, &ctx, ru, 0, &j, &err), EJ_OK);
    long long period = journal_period(j)->id;
    int day = j->today;
    journal_free(j);
    ck_assert_int_eq(db_journal_final_set(ctx.db, &ctx, ru, period, pupil, RV_4, &err), EJ_OK);
    ck_assert_int_eq(db_journal_final_set(ctx.db, &ctx, ru, period, pupil, RV_K, &err), EJ_EINVAL);
    ck_assert_int_eq(db_journal_final_set(ctx.db, &ctx, ru, period, pupil, RV_N, &err), EJ_OK);
    ck_assert_int_eq(db_journal_load(ctx.db, &ctx, ru, period, &j, &err), EJ_OK);
    ck_assert_int_eq(j->finals[journal_pupil_index(j, pupil)], RV_N);
    journal_free(j);
    ck_assert_int_eq(db_journal_final_set(ctx.db, &ctx, ru, period, pupil, RV_NONE, &err), EJ_OK);

    /* a replacement lesson, its topic, homework ahead, a second work, not held */
    long long lid = 0;
    ck_assert_int_eq(db_journal_lesson_add(ctx.db, &ctx, ru, day, 0, &lid, &err), EJ_OK);
    ck_assert_int_gt(lid, 0);
    long long work = 0;
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lid, 0, pupil, 1, 3, &work, &err), EJ_OK);
    long long test_type = sql_ll("SELECT id FROM work_type WHERE written ORDER BY sort LIMIT 1");
    struct db_lesson_edit e = { .lesson_id = lid, .topic = "Замена: повторение", .homework = "§ 12\nупр. 3",
                                .held = true, .nworks = 1, .new_work_type = test_type };
    e.work_ids[0] = work;
    e.work_types[0] = work ? sql_ll("SELECT id FROM work_type ORDER BY sort LIMIT 1") : 0;
    ck_assert_int_eq(db_journal_lesson_save(ctx.db, &ctx, &e, &err), EJ_OK);
    char *q = ejt_fmt("SELECT count(*) FROM work WHERE lesson_id = %lld", lid);
    ck_assert_int_eq(sql_ll(q), 2);
    free(q);
    q = ejt_fmt("SELECT topic || '|' || homework || '|' || NOT from_timetable FROM lesson WHERE id = %lld", lid);
    char *t = ejt_sql(db, q, NULL);
    ck_assert_str_eq(t, "Замена: повторение|§ 12\nупр. 3|true");
    free(t);
    free(q);
    /* a work with marks is not deleted; the empty one is */
    ck_assert_int_eq(db_journal_work_delete(ctx.db, &ctx, work, &err), EJ_EINVAL);
    q = ejt_fmt("SELECT id FROM work WHERE lesson_id = %lld AND id <> %lld", lid, work);
    long long w2 = sql_ll(q);
    free(q);
    ck_assert_int_eq(db_journal_work_delete(ctx.db, &ctx, w2, &err), EJ_OK);
    /* homework ahead for a future lesson (3.6) */
    q = ejt_fmt("SELECT id FROM lesson WHERE course_id = %lld AND date > ej_today(school_id) "
                "ORDER BY date LIMIT 1", ru);
    long long future = sql_ll(q);
    free(q);
    if (future) {
        struct db_lesson_edit f = { .lesson_id = future, .topic = "Наперёд", .homework = "Прочитать",
                                    .held = true };
        ck_assert_int_eq(db_journal_lesson_save(ctx.db, &ctx, &f, &err), EJ_OK);
        ck_assert_int_eq(db_journal_attendance_taken(ctx.db, &ctx, future, &err), EJ_EINVAL);
    }
    /* the plan of the course */
    struct db_plan_item *items;
    int n;
    ck_assert_int_eq(db_journal_plan(ctx.db, ru, &items, &n, &err), EJ_OK);
    db_journal_plan_free(items, n);
    /* the idle lock reads the hash */
    char *hash = db_journal_password_hash(ctx.db, ctx.account_id, &err);
    ck_assert_ptr_nonnull(hash);
    free(hash);
    ctx_close(&ctx);
}
END_TEST

START_TEST(reconnect_after_backend_killed)
{
    db = ejt_db_new();
    struct ej_ctx ctx;
    struct ej_error err;
    long long ru = course_of("А", 7, "Русский язык");
    long long lesson = last_lesson(ru), pupil = steady_pupil(ru, 3);
    open_as("ivanova", &ctx);
    int before = db_backend(ctx.db);
    ck_assert_int_gt(before, 0);
    char *q = ejt_fmt("SELECT pg_terminate_backend(%d)::int", before);
    ck_assert_int_eq(sql_ll(q), 1);
    free(q);
    usleep(200000);
    /* the write finds the connection dead, reconnects and is saved */
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, 0, pupil, 1, 4, NULL, &err), EJ_OK);
    ck_assert_int_ne(db_backend(ctx.db), before);
    q = ejt_fmt("SELECT count(*) FROM mark WHERE pupil_id = %lld AND value = 4 AND entered_by = %lld",
                pupil, ctx.account_id);
    ck_assert_int_ge(sql_ll(q), 1);
    free(q);
    ctx_close(&ctx);
}
END_TEST

/* The wake-ups of other screens (LISTEN/NOTIFY, DESIGN.md §10) go out after the write has
 * committed, in a transaction of their own (061_notify_after_commit): a write of the
 * application only records them, a rollback drops them, ej_notify_flush() sends them;
 * any other writer (psql) still notifies at its own COMMIT. */
struct heard {
    char payload[8][48];
    int n;
};

static void hear(const char *payload, bool own, void *arg)
{
    (void)own;
    struct heard *h = arg;
    if (h->n < 8)
        snprintf(h->payload[h->n++], sizeof h->payload[0], "%s", payload);
}

/* What the listener hears within ms; stops early once it has heard want payloads. */
static void listen_for(struct ej_db *l, struct heard *h, int want, int ms)
{
    h->n = 0;
    for (int t = 0; t < ms && h->n < want; t += 20) {
        ck_assert_int_ge(db_journal_notifications(l, hear, h), 0);
        usleep(20000);
    }
}

static void sink(const char *channel, const char *payload, void *arg)
{
    ck_assert_str_eq(channel, "ej_change_1");
    hear(payload, false, arg);
}

static bool heard_of(const struct heard *h, const char *what, long long id)
{
    char want[48];
    snprintf(want, sizeof want, "%s:%lld", what, id);
    for (int i = 0; i < h->n; i++)
        if (!strcmp(h->payload[i], want))
            return true;
    return false;
}

START_TEST(wakeups_after_commit)
{
    db = ejt_db_new();
    struct ej_ctx ctx;
    struct ej_error err;
    long long ru = course_of("А", 7, "Русский язык");
    long long lesson = last_lesson(ru), pupil = steady_pupil(ru, 1);
    long long acct = login_id("ivanova");
    struct ej_db *listener = ejt_connect(db, "ej_app", login_id("petrov"));
    ck_assert_int_eq(db_listen(listener, "ej_change_1", &err), EJ_OK);
    struct heard h;
    /* the application's write: heard after its COMMIT */
    open_as("ivanova", &ctx);
    long long work = 0;
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, 0, pupil, 1, 5, &work, &err), EJ_OK);
    listen_for(listener, &h, 2, 3000);
    ck_assert_msg(heard_of(&h, "course", ru) && heard_of(&h, "pupil", pupil), "heard %d", h.n);
    /* with a sink (ejournald's relay): the wake-ups are handed over after COMMIT, and
     * nothing goes out by NOTIFY */
    struct heard sunk = { .n = 0 };
    db_set_notify_sink(ctx.db, sink, &sunk);
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, work, pupil, 1, 4, NULL, &err), EJ_OK);
    ck_assert_int_eq(sunk.n, 2);
    ck_assert(heard_of(&sunk, "course", ru) && heard_of(&sunk, "pupil", pupil));
    listen_for(listener, &h, 1, 500);
    ck_assert_int_eq(h.n, 0);
    /* a refused write hands over nothing */
    sunk.n = 0;
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, work, pupil, 1, 9, NULL, &err), EJ_EINVAL);
    ck_assert_int_eq(sunk.n, 0);
    db_set_notify_sink(ctx.db, NULL, NULL);
    ctx_close(&ctx);
    char *ctx_sql = ejt_fmt("BEGIN; SELECT set_config('ej.account', '%lld', true), "
                            "set_config('ej.client_addr', 'test', true), "
                            "set_config('ej.notify_later', 'on', true); "
                            "UPDATE mark SET value = 3 WHERE work_id = %lld AND pupil_id = %lld",
                            acct, work, pupil);
    /* rolled back: nothing recorded, nothing to send, nothing heard */
    char *v = ejt_q(db, "%s; ROLLBACK; SELECT ej_notify_flush()", ctx_sql);
    ck_assert_str_eq(v, "0");
    free(v);
    listen_for(listener, &h, 1, 500);
    ck_assert_int_eq(h.n, 0);
    /* committed: the write transaction itself woke nobody; its wake-ups wait for the flush */
    v = ejt_q(db, "%s; COMMIT; SELECT current_setting('ej.notify_pending')", ctx_sql);
    char *want = ejt_fmt("ej_change_1 course:%lld\nej_change_1 pupil:%lld\n", ru, pupil);
    ck_assert_str_eq(v, want);
    free(want);
    free(v);
    listen_for(listener, &h, 1, 500);
    ck_assert_int_eq(h.n, 0);
    v = ejt_q(db, "%s; COMMIT; SELECT ej_notify_flush()", ctx_sql);
    ck_assert_str_eq(v, "2");
    free(v);
    listen_for(listener, &h, 2, 3000);
    ck_assert(heard_of(&h, "course", ru) && heard_of(&h, "pupil", pupil));
    ck_assert_int_eq(ejt_qll(db, "SELECT value FROM mark WHERE work_id = %lld AND pupil_id = %lld",
                             work, pupil), 3);
    /* a writer that does not ask for later wake-ups (psql, the demo) notifies at COMMIT */
    char *q = ejt_fmt("UPDATE mark SET value = 4 WHERE work_id = %lld AND pupil_id = %lld", work, pupil);
    char *emsg = NULL;
    v = ejt_sql_as(db, acct, q, &emsg);
    ck_assert_msg(v != NULL, "%s", emsg ? emsg : "?");
    free(v);
    free(q);
    listen_for(listener, &h, 2, 3000);
    ck_assert(heard_of(&h, "course", ru) && heard_of(&h, "pupil", pupil));
    free(ctx_sql);
    db_close(listener);
}
END_TEST

/* db_journal_warm: the first mark written and rolled back — nothing kept, nothing
 * woken, once per backend; db_release: the connection given back and reopened by the
 * next statement, never inside a transaction. */
START_TEST(warm_and_release)
{
    db = ejt_db_new();
    struct ej_ctx ctx;
    struct ej_error err;
    long long ru = course_of("А", 7, "Русский язык");
    long long lesson = last_lesson(ru), pupil = steady_pupil(ru, 1);
    const char *count = "SELECT (SELECT count(*) FROM work) * 1000000 + (SELECT count(*) FROM mark) * 1000 "
                        "+ (SELECT count(*) FROM audit)";
    long long before = ejt_qll(db, "%s", count);
    open_as("ivanova", &ctx);
    struct heard sunk = { .n = 0 };
    db_set_notify_sink(ctx.db, sink, &sunk);
    struct ej_db *listener = ejt_connect(db, "ej_app", login_id("petrov"));
    ck_assert_int_eq(db_listen(listener, "ej_change_1", &err), EJ_OK);
    int backend = db_backend(ctx.db);
    /* the work's insert ran (its id is taken, sequences are not rolled back), once */
    const char *seq = "SELECT last_value + is_called::int FROM work_id_seq"; /* the next id */
    long long ids = ejt_qll(db, "%s", seq);
    db_journal_warm(ctx.db, &ctx, lesson, pupil);
    ck_assert_int_eq(ejt_qll(db, "%s", seq), ids + 1);
    db_journal_warm(ctx.db, &ctx, lesson, pupil);
    ck_assert_int_eq(ejt_qll(db, "%s", seq), ids + 1);
    ck_assert_int_eq(ejt_qll(db, "%s", count), before);
    ck_assert_int_eq(sunk.n, 0);
    struct heard h;
    listen_for(listener, &h, 1, 500);
    ck_assert_int_eq(h.n, 0);
    ck_assert_int_eq(db_backend(ctx.db), backend);
    /* the real first mark after it */
    long long work = 0;
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, 0, pupil, 1, 5, &work, &err), EJ_OK);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM mark WHERE work_id = %lld", work), 1);
    ck_assert_int_eq(sunk.n, 2);
    ck_assert(db_idle_seconds(ctx.db) < 5);
    /* the mark's statements were planned once, generically: no custom plan for the
     * warm-up, the first mark or five more (PostgreSQL's default makes five each) */
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, work, pupil, 1, 2 + i % 4, NULL, &err),
                         EJ_OK);
    long long custom = -1, generic = -1;
    ck_assert_int_eq(db_plan_counts(ctx.db, NULL, &custom, &generic), EJ_OK);
    ck_assert_int_eq(custom, 0);
    ck_assert_int_ge(generic, 2 * 7); /* the facts and the write of each of the seven */
    /* and so was each transaction's frame, prepared once and run by name: BEGIN for
     * the warm-up and the six marks; COMMIT and the wake-ups taken after it for the
     * marks (the warm-up rolls back) */
    const struct {
        const char *sql;
        int runs;
    } frame[] = { { "BEGIN", 7 }, { "COMMIT", 6 }, { "SELECT ej_notify_take()", 6 } };
    for (size_t i = 0; i < sizeof frame / sizeof *frame; i++) {
        ck_assert_int_eq(db_plan_counts(ctx.db, frame[i].sql, &custom, &generic), EJ_OK);
        ck_assert_int_eq(custom, 0);
        ck_assert_int_eq(generic, frame[i].runs);
    }

    /* released: no backend, nothing to poll, nothing lost */
    ck_assert(db_release(ctx.db));
    ck_assert(!db_release(ctx.db));
    ck_assert_int_eq(db_backend(ctx.db), 0);
    ck_assert_int_eq(db_socket(ctx.db), -1);
    ck_assert_int_eq(db_notifies(ctx.db, NULL, NULL), 0);
    ck_assert_int_eq(ejt_qll(db, "SELECT count(*) FROM pg_stat_activity WHERE pid = %d", backend), 0);
    ids = ejt_qll(db, "%s", seq);
    db_journal_warm(ctx.db, &ctx, lesson, pupil); /* does not reconnect for that */
    ck_assert_int_eq(db_backend(ctx.db), 0);
    ck_assert_int_eq(ejt_qll(db, "%s", seq), ids);
    /* the next write opens a new connection, and is saved */
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, work, pupil, 1, 4, NULL, &err), EJ_OK);
    ck_assert_int_ne(db_backend(ctx.db), 0);
    ck_assert_int_ne(db_backend(ctx.db), backend);
    ck_assert_int_eq(ejt_qll(db, "SELECT value FROM mark WHERE work_id = %lld AND pupil_id = %lld", work, pupil),
                     4);
    /* a bad write after a release: refused as ever, nothing written */
    ck_assert(db_release(ctx.db));
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, work, pupil, 1, 9, NULL, &err), EJ_EINVAL);
    ck_assert_int_eq(ejt_qll(db, "SELECT value FROM mark WHERE work_id = %lld AND pupil_id = %lld", work, pupil),
                     4);
    db_set_notify_sink(ctx.db, NULL, NULL);
    db_close(listener);
    ctx_close(&ctx);
    /* under the policy: the deputy director may not set marks, so nothing is tried */
    open_as("zavuch", &ctx);
    ids = ejt_qll(db, "%s", seq);
    db_journal_warm(ctx.db, &ctx, lesson, pupil);
    ck_assert_int_eq(ejt_qll(db, "%s", seq), ids);
    ck_assert_int_ne(db_backend(ctx.db), 0);
    ctx_close(&ctx);
    /* a warm-up the triggers refuse (no such pupil in the class) leaves no transaction
     * open: the next mark is saved */
    open_as("ivanova", &ctx);
    before = ejt_qll(db, "%s", count);
    db_journal_warm(ctx.db, &ctx, lesson, 999999999);
    ck_assert_int_eq(ejt_qll(db, "%s", count), before);
    ck_assert_int_eq(db_journal_mark_set(ctx.db, &ctx, lesson, work, pupil, 1, 3, NULL, &err), EJ_OK);
    ck_assert_int_eq(ejt_qll(db, "SELECT value FROM mark WHERE work_id = %lld AND pupil_id = %lld", work, pupil),
                     3);
    ctx_close(&ctx);
}
END_TEST

/* `ejournal journal …`: the commands reach the same functions and the same policy. */
static char *run_as(const char *login, const char *args, int *status)
{
    char *ci = ejt_conninfo(db, "ej_app");
    char *cmd = ejt_fmt("EJ_ACCOUNT=%lld EJ_CONNINFO='%s' LANGUAGE=ru %s/ejournal %s 2>&1",
                        login_id(login), ci, ejt_env("EJ_TEST_BIN"), args);
    char *out = ejt_run_cmd(cmd, status);
    free(cmd);
    free(ci);
    return out;
}

START_TEST(journal_commands)
{
    db = ejt_db_new();
    long long ru = course_of("А", 7, "Русский язык");
    long long lesson = last_lesson(ru), pupil = steady_pupil(ru, 4);
    int st;
    char *out = run_as("ivanova", "journal list", &st);
    ck_assert_int_eq(st, 0);
    char *want = ejt_fmt("%lld\t7А\t\tРусский язык\t", ru);
    ck_assert_msg(strstr(out, want) != NULL, "%s", out);
    free(want);
    free(out);
    char *args = ejt_fmt("journal show %lld", ru);
    out = run_as("ivanova", args, &st);
    ck_assert_int_eq(st, 0);
    ck_assert(strstr(out, "Новикова Д. А.") != NULL);
    free(out);
    out = run_as("petrov", args, &st);
    ck_assert_int_eq(st, 1); /* not his journal */
    free(out);
    free(args);
    args = ejt_fmt("journal mark %lld %lld 5", lesson, pupil);
    out = run_as("ivanova", args, &st);
    ck_assert_msg(st == 0, "%s", out);
    free(out);
    out = run_as("zavuch", args, &st);
    ck_assert_int_eq(st, 1);
    free(out);
    free(args);
    args = ejt_fmt("journal mark %lld %lld 5+", lesson, pupil);
    out = run_as("ivanova", args, &st);
    ck_assert_int_eq(st, 1);
    ck_assert_msg(strstr(out, "п. 3.5") != NULL, "%s", out);
    free(out);
    free(args);
    args = ejt_fmt("journal mark %lld %lld н", lesson, pupil);
    out = run_as("ivanova", args, &st);
    ck_assert_int_eq(st, 0);
    free(out);
    free(args);
    char *q = ejt_fmt("SELECT count(*) FROM attendance WHERE lesson_id = %lld AND pupil_id = %lld "
                      "AND code = 'Н'", lesson, pupil);
    ck_assert_int_eq(sql_ll(q), 1);
    free(q);
    out = run_as("ivanova", "journal show", &st);
    ck_assert_int_eq(st, 2);
    free(out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("db-journal");
    TCase *tc = ejt_tcase("journal", 60);
    tcase_add_test(tc, courses_per_role);
    tcase_add_test(tc, home_facts);
    tcase_add_test(tc, home_same_as_before);
    tcase_add_test(tc, load_enrollment);
    tcase_add_test(tc, marks_written_and_audited);
    tcase_add_test(tc, reload_pupil_matches_full_load);
    tcase_add_test(tc, policy_in_the_database_layer);
    tcase_add_test(tc, finals_and_lessons);
    tcase_add_test(tc, reconnect_after_backend_killed);
    tcase_add_test(tc, wakeups_after_commit);
    tcase_add_test(tc, warm_and_release);
    tcase_add_test(tc, journal_commands);
    suite_add_tcase(s, tc);
    return ejt_run(s, "db/journal");
}
