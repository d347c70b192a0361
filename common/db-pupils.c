/*
 * db-pupils — SQL for pupils and class lists (the contract is in db-pupils.h).
 * The import runs its checks and its writes in one transaction that first asks
 * the policy, takes a per-school advisory lock (two secretaries importing the
 * same list at once cannot both pass the duplicate check), and re-reads the
 * facts it decides on under that lock.
 */
#include "db-pupils.h"
#include "calendar.h"
#include "db-internal.h"
#include "i18n.h"
#include "policy.h"
#include "report.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LL(buf, v) snprintf(buf, sizeof buf, "%lld", (long long)(v))

/* pg_advisory_xact_lock(PUPILS_LOCK, school): serialises imports per school. */
#define PUPILS_LOCK "5"

static enum ej_err fail(struct ej_error *err)
{
    return err ? err->code : EJ_ETEMP;
}

/* The current academic year of the school, as in db-journal.c. */
#define CURRENT_YEAR_SQL                                                                         \
    "(SELECT y.id FROM academic_year y WHERE y.school_id = $1 "                                  \
    "  ORDER BY (ej_today($1) BETWEEN y.starts AND y.ends) DESC, (y.starts <= ej_today($1)) DESC, " \
    "  y.starts DESC LIMIT 1)"

static enum ej_err bad_class(const char *class_name, struct ej_error *err)
{
    return ej_error_set(err, EJ_EINVAL, _("\"%s\" is not a class: a grade and a letter, e.g. 7А"),
                        class_name);
}

/* ------------------------------------------------------------------- list */

/* Columns 0–8 of a pupil query: id, class, surname, name, patronymic, file number,
 * address, birth date, sex. */
static void pupil_row(const PGresult *r, int i, struct db_pupil *u)
{
    u->id = db_ll(r, i, 0);
    snprintf(u->class_name, sizeof u->class_name, "%s", db_str(r, i, 1));
    u->surname = xstrdup(db_str(r, i, 2));
    u->name = xstrdup(db_str(r, i, 3));
    u->patronymic = xstrdup(db_str(r, i, 4));
    u->file_no = xstrdup(db_str(r, i, 5));
    u->address = xstrdup(db_str(r, i, 6));
    if (!cal_parse(db_str(r, i, 7), &u->birth))
        u->birth = 0;
    snprintf(u->sex, sizeof u->sex, "%s", db_str(r, i, 8));
}

void db_pupils_free(struct db_pupil *v, int n)
{
    for (int i = 0; i < n; i++) {
        free(v[i].surname);
        free(v[i].name);
        free(v[i].patronymic);
        free(v[i].file_no);
        free(v[i].address);
        free(v[i].order_in);
        free(v[i].order_out);
        free(v[i].reason_out);
    }
    free(v);
}

enum ej_err db_pupils_left(struct ej_db *db, const struct ej_ctx *ctx, struct db_pupil **out,
                           int *n, struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    /* The whole school's: the office's (a class teacher's class_teacher is not 0). */
    struct policy_object o = { .school_id = ctx->school_id };
    enum ej_err e = policy_check(ctx, POLICY_PUPIL_READ, &o, err);
    if (e != EJ_OK)
        return e;
    if (!(ctx->roles & (ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY)))
        return ej_error_set(err, EJ_EDENIED, "%s",
                            _("The pupils who left are read by the secretary, the deputy director "
                              "and the administrator (cl. 3.3)"));
    char sid[32];
    LL(sid, ctx->school_id);
    const char *p[] = { sid };
    PGresult *r = db_exec(
        db, err,
        "SELECT p.id, cl.grade::text || cl.letter, p.surname, p.name, p.patronymic, p.file_no, "
        "       p.address, p.birth_date::text, p.sex, upper(e.during)::text, e.order_out, "
        "       e.reason_out || CASE WHEN e.destination <> '' THEN ' → ' || e.destination ELSE '' END "
        "  FROM enrollment e "
        "  JOIN class cl ON cl.school_id = e.school_id AND cl.id = e.class_id "
        "  JOIN pupil p ON p.school_id = e.school_id AND p.id = e.pupil_id "
        " WHERE e.school_id = $1 AND cl.year_id = " CURRENT_YEAR_SQL
        "   AND NOT upper_inf(e.during) AND upper(e.during) <= ej_today($1) "
        "   AND NOT EXISTS (SELECT 1 FROM enrollment e2 WHERE e2.school_id = e.school_id "
        "        AND e2.pupil_id = e.pupil_id AND (upper_inf(e2.during) OR upper(e2.during) > upper(e.during) "
        "        OR e2.during @> upper(e.during))) "
        " ORDER BY upper(e.during) DESC, p.surname COLLATE \"ru-x-icu\", p.name COLLATE \"ru-x-icu\", p.id",
        1, p);
    if (!r)
        return fail(err);
    int rows = PQntuples(r);
    struct db_pupil *v = xcalloc(rows ? (size_t)rows : 1, sizeof *v);
    for (int i = 0; i < rows; i++) {
        struct db_pupil *u = &v[i];
        pupil_row(r, i, u);
        if (!cal_parse(db_str(r, i, 9), &u->left))
            u->left = 0;
        u->order_in = xstrdup("");
        u->order_out = xstrdup(db_str(r, i, 10));
        u->reason_out = xstrdup(db_str(r, i, 11));
    }
    PQclear(r);
    *out = v;
    *n = rows;
    return EJ_OK;
}

enum ej_err db_pupils_list(struct ej_db *db, const struct ej_ctx *ctx, const char *class_name,
                           struct db_pupil **out, int *n, struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    int grade = 0;
    char letter[8] = "";
    if (class_name && !report_parse_class(class_name, &grade, letter))
        return bad_class(class_name, err);
    char sid[32], gr[8];
    LL(sid, ctx->school_id);
    snprintf(gr, sizeof gr, "%d", grade);
    const char *p[] = { sid, gr, letter };

    /* The classes asked for, and whether ctx may read each (the policy decides). */
    PGresult *r = db_exec(db, err,
                          "SELECT cl.id, coalesce(cl.teacher_id, 0) FROM class cl "
                          " WHERE cl.school_id = $1 AND cl.year_id = " CURRENT_YEAR_SQL
                          "   AND ($2::int = 0 OR (cl.grade = $2::int AND cl.letter = $3)) "
                          " ORDER BY cl.grade, cl.letter",
                          3, p);
    if (!r)
        return fail(err);
    int nclass = PQntuples(r);
    if (nclass == 0) {
        PQclear(r);
        if (class_name)
            return ej_error_set(err, EJ_ENOTFOUND, _("There is no class %d%s this year"), grade,
                                letter);
        return ej_error_set(err, EJ_ENOTFOUND, "%s", _("There are no classes this year"));
    }
    long long *allowed = xcalloc((size_t)nclass, sizeof *allowed);
    int nallowed = 0;
    struct ej_error deny;
    ej_error_clear(&deny);
    for (int i = 0; i < nclass; i++) {
        struct policy_object o = { 0 };
        o.school_id = ctx->school_id;
        o.class_teacher = db_ll(r, i, 1);
        if (policy_check(ctx, POLICY_PUPIL_READ, &o, &deny) == EJ_OK)
            allowed[nallowed++] = db_ll(r, i, 0);
    }
    PQclear(r);
    if (nallowed == 0) {
        free(allowed);
        if (err)
            *err = deny;
        return EJ_EDENIED;
    }

    r = db_exec(db, err,
                "SELECT p.id, cl.grade::text || cl.letter, p.surname, p.name, p.patronymic, "
                "       p.file_no, p.address, p.birth_date::text, p.sex, lower(e.during)::text, "
                "       e.order_in, cl.id, p.paper_reports "
                "  FROM enrollment e "
                "  JOIN class cl ON cl.school_id = e.school_id AND cl.id = e.class_id "
                "  JOIN pupil p ON p.school_id = e.school_id AND p.id = e.pupil_id "
                " WHERE e.school_id = $1 AND cl.year_id = " CURRENT_YEAR_SQL
                "   AND (upper_inf(e.during) OR upper(e.during) > ej_today($1)) "
                "   AND ($2::int = 0 OR (cl.grade = $2::int AND cl.letter = $3)) "
                " ORDER BY cl.grade, cl.letter, p.surname COLLATE \"ru-x-icu\", "
                "          p.name COLLATE \"ru-x-icu\", p.patronymic COLLATE \"ru-x-icu\", p.id, "
                "          lower(e.during)",
                3, p);
    if (!r) {
        free(allowed);
        return fail(err);
    }
    int rows = PQntuples(r);
    struct db_pupil *v = xcalloc(rows ? (size_t)rows : 1, sizeof *v);
    int k = 0;
    for (int i = 0; i < rows; i++) {
        long long cid = db_ll(r, i, 11);
        bool ok = false;
        for (int c = 0; c < nallowed && !ok; c++)
            ok = allowed[c] == cid;
        if (!ok)
            continue;
        struct db_pupil *u = &v[k++];
        pupil_row(r, i, u);
        if (!cal_parse(db_str(r, i, 9), &u->from))
            u->from = 0;
        u->order_in = xstrdup(db_str(r, i, 10));
        u->paper = db_bool(r, i, 12);
    }
    PQclear(r);
    free(allowed);
    *out = v;
    *n = k;
    return EJ_OK;
}

/* ------------------------------------------------------------------- edit */

enum ej_err db_pupil_edit(struct ej_db *db, const struct ej_ctx *ctx, long long pupil_id,
                          const struct pupil_change *c, struct ej_error *err)
{
    struct policy_object o = { .school_id = ctx->school_id, .pupil_id = pupil_id };
    enum ej_err e = policy_check(ctx, POLICY_PUPIL_EDIT, &o, err);
    if (e != EJ_OK)
        return e;
    char today[11];
    int day, birth = 0, paper = -1;
    char sex[4] = "";
    if ((e = db_today(db, ctx->school_id, today, err)) != EJ_OK)
        return e;
    if (!cal_parse(today, &day))
        return ej_error_set(err, EJ_EINTERNAL, "%s", _("The database gave no date for today"));
    if ((e = pupil_change_check(c, day, &birth, sex, &paper, err)) != EJ_OK)
        return e;
    char sid[32], pid[32], b[11] = "";
    LL(sid, ctx->school_id);
    LL(pid, pupil_id);
    if (c->f[PF_BIRTH])
        cal_iso(birth, b);
    if ((e = db_tx_begin(db, err)) != EJ_OK)
        return e;
    const char *p[] = { sid, pid, c->f[PF_SURNAME], c->f[PF_NAME], c->f[PF_PATRONYMIC],
                        *b ? b : NULL, *sex ? sex : NULL, c->f[PF_FILE_NO], c->f[PF_ADDRESS],
                        paper < 0 ? NULL : paper ? "true" : "false" };
    /* The pupil as they will be, and another pupil of the school it would copy. */
    const char *pd[] = { sid, pid, c->f[PF_SURNAME], c->f[PF_NAME], *b ? b : NULL };
    PGresult *r = db_exec(
        db, err,
        "WITH n AS (SELECT p.id, coalesce($3, p.surname) AS surname, coalesce($4, p.name) AS name, "
        "                  coalesce($5::date, p.birth_date) AS birth "
        "             FROM pupil p WHERE p.school_id = $1 AND p.id = $2 FOR UPDATE) "
        "SELECT n.surname, n.name, to_char(n.birth, 'DD.MM.YYYY'), "
        "       (SELECT o.id FROM pupil o WHERE o.school_id = $1 AND o.id <> n.id "
        "           AND o.birth_date = n.birth "
        "           AND translate(lower(o.surname COLLATE \"ru-x-icu\"), 'ё', 'е') = "
        "               translate(lower(n.surname COLLATE \"ru-x-icu\"), 'ё', 'е') "
        "           AND translate(lower(o.name COLLATE \"ru-x-icu\"), 'ё', 'е') = "
        "               translate(lower(n.name COLLATE \"ru-x-icu\"), 'ё', 'е') LIMIT 1) "
        "  FROM n",
        5, pd);
    if (!r)
        return db_tx_finish(db, fail(err), err);
    if (PQntuples(r) != 1)
        e = ej_error_set(err, EJ_ENOTFOUND, _("There is no pupil %lld in this school"), pupil_id);
    else if (!db_null(r, 0, 3))
        e = ej_error_set(err, EJ_ECONFLICT,
                         _("%s %s, born %s, is already in the school (pupil %lld)"),
                         db_str(r, 0, 0), db_str(r, 0, 1), db_str(r, 0, 2), db_ll(r, 0, 3));
    PQclear(r);
    if (e == EJ_OK)
        e = db_run(db, err,
                   "UPDATE pupil SET surname = coalesce($3, surname), name = coalesce($4, name), "
                   "       patronymic = coalesce($5, patronymic), "
                   "       birth_date = coalesce($6::date, birth_date), sex = coalesce($7, sex), "
                   "       file_no = coalesce($8, file_no), address = coalesce($9, address), "
                   "       paper_reports = coalesce($10::boolean, paper_reports) "
                   " WHERE school_id = $1 AND id = $2",
                   10, p);
    return db_tx_finish(db, e, err);
}

/* ----------------------------------------------------------------- import */

/* Problems for rows whose pupil (surname, first name, birth date; case and «ё»
 * aside) is already in the school. */
static enum ej_err existing_pupils(struct ej_db *db, const struct ej_ctx *ctx,
                                   struct pupil_sheet *s, struct ej_error *err)
{
    char sid[32];
    LL(sid, ctx->school_id);
    for (int i = 0; i < s->nrows; i++) {
        struct pupil_row *row = &s->rows[i];
        if (!row->ok)
            continue;
        char birth[11];
        cal_iso(row->birth, birth);
        const char *p[] = { sid, row->f[PF_SURNAME], row->f[PF_NAME], birth };
        PGresult *r = db_exec(
            db, err,
            "SELECT p.id, coalesce((SELECT cl.grade::text || cl.letter FROM enrollment e "
            "        JOIN class cl ON cl.school_id = e.school_id AND cl.id = e.class_id "
            "       WHERE e.school_id = p.school_id AND e.pupil_id = p.id "
            "       ORDER BY lower(e.during) DESC LIMIT 1), '') "
            "  FROM pupil p "
            " WHERE p.school_id = $1 AND p.birth_date = $4::date "
            "   AND translate(lower(p.surname COLLATE \"ru-x-icu\"), 'ё', 'е') = "
            "       translate(lower($2::text COLLATE \"ru-x-icu\"), 'ё', 'е') "
            "   AND translate(lower(p.name COLLATE \"ru-x-icu\"), 'ё', 'е') = "
            "       translate(lower($3::text COLLATE \"ru-x-icu\"), 'ё', 'е') "
            " ORDER BY p.id LIMIT 1",
            4, p);
        if (!r)
            return fail(err);
        if (PQntuples(r) == 1) {
            const char *cls = db_str(r, 0, 1);
            if (*cls)
                pupils_problem_add(s, row->line,
                                   _("%s %s, born %s, is already in the school (pupil %lld, "
                                     "class %s)"),
                                   row->f[PF_SURNAME], row->f[PF_NAME], row->f[PF_BIRTH],
                                   db_ll(r, 0, 0), cls);
            else
                pupils_problem_add(s, row->line,
                                   _("%s %s, born %s, is already in the school (pupil %lld)"),
                                   row->f[PF_SURNAME], row->f[PF_NAME], row->f[PF_BIRTH],
                                   db_ll(r, 0, 0));
            row->ok = false;
        }
        PQclear(r);
    }
    return EJ_OK;
}

static enum ej_err write_rows(struct ej_db *db, const struct ej_ctx *ctx, long long class_id,
                              const char *day, const char *order, const struct pupil_sheet *s,
                              struct ej_error *err)
{
    char sid[32], cid[32];
    LL(sid, ctx->school_id);
    LL(cid, class_id);
    for (int i = 0; i < s->nrows; i++) {
        const struct pupil_row *row = &s->rows[i];
        char birth[11];
        cal_iso(row->birth, birth);
        const char *p[] = { sid, row->f[PF_SURNAME], row->f[PF_NAME], row->f[PF_PATRONYMIC],
                            birth, row->f[PF_SEX], row->f[PF_FILE_NO], row->f[PF_ADDRESS],
                            cid, day, order };
        struct ej_error e1;
        enum ej_err e = db_run(
            db, &e1,
            "WITH p AS (INSERT INTO pupil (school_id, surname, name, patronymic, birth_date, sex, "
            "                              file_no, address) "
            "           VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8) RETURNING id) "
            "INSERT INTO enrollment (school_id, pupil_id, class_id, during, order_in) "
            "SELECT $1, p.id, $9, daterange($10::date, NULL, '[)'), $11 FROM p",
            11, p);
        if (e != EJ_OK)
            return ej_error_set(err, e, _("line %d: %s"), row->line, e1.msg);
    }
    return EJ_OK;
}

enum ej_err db_pupils_import(struct ej_db *db, const struct ej_ctx *ctx,
                             const struct db_pupils_import *a, const void *data, size_t len,
                             struct pupil_sheet *sheet, int *imported, struct ej_error *err)
{
    memset(sheet, 0, sizeof *sheet);
    *imported = 0;
    struct policy_object o = { 0 };
    o.school_id = ctx->school_id;
    /* Who may import at all, before anything is read. */
    enum ej_err e = policy_check(ctx, POLICY_PUPIL_EDIT, &o, err);
    if (e != EJ_OK)
        return e;
    int grade;
    char letter[8];
    if (!report_parse_class(a->class_name, &grade, letter))
        return bad_class(a->class_name, err);
    char sid[32], gr[8], day[11];
    LL(sid, ctx->school_id);
    snprintf(gr, sizeof gr, "%d", grade);
    int enroll = a->day;
    if (enroll < 0) {
        if ((e = db_today(db, ctx->school_id, day, err)) != EJ_OK)
            return e;
        if (!cal_parse(day, &enroll))
            return ej_error_set(err, EJ_EINTERNAL, "%s", _("The database gave no date for today"));
    }
    cal_iso(enroll, day);
    char when[11];
    cal_ddmmyyyy(enroll, when);

    if ((e = db_tx_begin(db, err)) != EJ_OK)
        return e;
    const char *pl[] = { sid };
    if ((e = db_run(db, err, "SELECT pg_advisory_xact_lock(" PUPILS_LOCK ", $1::int)", 1, pl)) !=
        EJ_OK)
        goto out;
    const char *pc[] = { sid, gr, letter, day };
    PGresult *r = db_exec(db, err,
                          "SELECT cl.id, coalesce(cl.teacher_id, 0) FROM class cl "
                          "  JOIN academic_year y ON y.school_id = cl.school_id AND y.id = cl.year_id "
                          " WHERE cl.school_id = $1 AND cl.grade = $2::int AND cl.letter = $3 "
                          "   AND $4::date BETWEEN y.starts AND y.ends",
                          4, pc);
    if (!r) {
        e = fail(err);
        goto out;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        e = ej_error_set(err, EJ_ENOTFOUND,
                         _("There is no class %d%s in the school year that contains %s"), grade,
                         letter, when);
        goto out;
    }
    long long class_id = db_ll(r, 0, 0);
    o.class_teacher = db_ll(r, 0, 1);
    PQclear(r);
    if ((e = policy_check(ctx, POLICY_PUPIL_EDIT, &o, err)) != EJ_OK)
        goto out;

    pupils_sheet_read(data, len, a->class_name, enroll, sheet);
    if ((e = existing_pupils(db, ctx, sheet, err)) != EJ_OK)
        goto out;
    pupils_problems_sort(sheet);
    if (sheet->nproblems) {
        e = ej_error_set(err, EJ_EINVAL,
                         P_("%d problem in the file: nothing was imported",
                            "%d problems in the file: nothing was imported", sheet->nproblems),
                         sheet->nproblems);
        goto out;
    }
    if (!a->apply)
        goto out;
    if ((e = write_rows(db, ctx, class_id, day, a->order ? a->order : "", sheet, err)) != EJ_OK)
        goto out;
    if ((e = db_tx_commit(db, err)) != EJ_OK) {
        if (e == EJ_ETEMP && db_commit_unknown(db))
            ej_error_set(err, EJ_ETEMP, "%s",
                         _("The connection was lost while saving: the import may or may not have "
                           "been saved; check with `pupils list` before trying again"));
        return e;
    }
    *imported = sheet->nrows;
    return EJ_OK;
out:
    db_tx_rollback(db);
    return e;
}

enum ej_err db_pupil_arrive(struct ej_db *db, const struct ej_ctx *ctx,
                            const struct db_pupils_import *a, const struct pupil_change *c,
                            struct ej_error *err)
{
    static const enum pupil_field cols[] = { PF_SURNAME, PF_NAME,    PF_PATRONYMIC, PF_BIRTH,
                                             PF_SEX,     PF_FILE_NO, PF_ADDRESS };
    enum { N = sizeof cols / sizeof cols[0] };
    const char *head[N], *row[N];
    for (int i = 0; i < N; i++) {
        head[i] = pupils_column(cols[i]);
        row[i] = c->f[cols[i]] ? c->f[cols[i]] : "";
    }
    struct ej_buf b;
    buf_init(&b);
    csv_write_row(&b, head, N);
    csv_write_row(&b, row, N);
    struct db_pupils_import one = *a;
    one.apply = true;
    struct pupil_sheet sheet;
    int imported;
    enum ej_err e = db_pupils_import(db, ctx, &one, b.data, b.len, &sheet, &imported, err);
    buf_free(&b);
    if (e == EJ_EINVAL && sheet.nproblems > 0)
        ej_error_set(err, EJ_EINVAL, "%s", sheet.problems[0].msg);
    else if (e == EJ_OK && imported != 1)
        e = ej_error_set(err, EJ_EINTERNAL, "%s", _("The pupil was not written"));
    pupils_sheet_free(&sheet);
    return e;
}
