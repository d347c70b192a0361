/*
 * db-messages — the SQL behind messages (db-messages.h).  The facts the policy
 * needs about each recipient come from one set query (recipient_facts), used by
 * both the contact list and the sending transaction, so the list never offers
 * someone a send would refuse.
 */
#include "db-messages.h"
#include "db-internal.h"
#include "i18n.h"
#include "policy.h"
#include "utf8.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void db_msg_free(struct msg_item *v, int n)
{
    if (!v)
        return;
    for (int i = 0; i < n; i++) {
        free(v[i].subject);
        free(v[i].body);
    }
    free(v);
}

static char *id_array(const long long *ids, int n)
{
    struct ej_buf b;
    buf_init(&b);
    buf_puts(&b, "{");
    for (int i = 0; i < n; i++)
        buf_printf(&b, "%s%lld", i ? "," : "", ids[i]);
    buf_puts(&b, "}");
    return buf_steal(&b);
}

/* For accounts `ids` (NULL: every account with a role in the school but ctx's):
 * id, login, name, to_staff, to_office, to_my_teacher, to_my_family, the school's
 * families_may_write, kind (staff|parent|pupil), about (position, or children, or
 * class).  Sorted staff first, then by name. */
static PGresult *recipient_facts(struct ej_db *db, const struct ej_ctx *ctx, const char *ids,
                                 struct ej_error *err)
{
    char sid[32], staff[32], pupil[32], me[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(staff, ctx->staff_id);
    DB_LL(pupil, (ctx->roles & ROLE_PUPIL) ? ctx->pupil_id : 0);
    DB_LL(me, ctx->account_id);
    char *g = id_array(ctx->guardian_ids, (ctx->roles & ROLE_PARENT) ? ctx->nguardian : 0);
    const char *p[] = { sid, ids, staff, g, pupil, me };
    PGresult *r = db_exec(
        db, err,
        "WITH kids AS (SELECT pg.pupil_id FROM pupil_guardian pg WHERE pg.school_id = $1 "
        "              AND pg.guardian_id = ANY ($4::bigint[]) "
        "              UNION SELECT $5::bigint WHERE $5::bigint <> 0), "
        " kidclass AS (SELECT e.class_id FROM enrollment e WHERE e.school_id = $1 "
        "              AND e.pupil_id IN (SELECT pupil_id FROM kids) AND e.during @> ej_today($1)), "
        " myclass AS (SELECT cl.id FROM class cl WHERE cl.school_id = $1 AND $3::bigint <> 0 "
        "              AND (cl.teacher_id = $3 OR EXISTS (SELECT 1 FROM course co "
        "                   JOIN course_teacher ct ON ct.school_id = co.school_id "
        "                    AND ct.course_id = co.id AND ct.during @> ej_today($1) "
        "                  WHERE co.school_id = $1 AND co.class_id = cl.id AND ct.staff_id = $3))), "
        " r AS (SELECT a.id, a.login, a.display_name FROM account a WHERE a.active AND NOT a.locked "
        "        AND a.id <> $6 AND EXISTS (SELECT 1 FROM account_role ar WHERE ar.account_id = a.id "
        "        AND ar.school_id = $1) AND ($2::bigint[] IS NULL OR a.id = ANY ($2::bigint[]))), "
        " f AS (SELECT r.*, "
        "   EXISTS (SELECT 1 FROM account_role ar WHERE ar.account_id = r.id AND ar.school_id = $1 "
        "           AND ar.role IN ('admin', 'deputy', 'secretary', 'hr', 'teacher')) AS staff, "
        "   EXISTS (SELECT 1 FROM account_role ar WHERE ar.account_id = r.id AND ar.school_id = $1 "
        "           AND ar.role IN ('admin', 'deputy', 'secretary')) AS office, "
        "   EXISTS (SELECT 1 FROM account_role ar JOIN class cl ON cl.school_id = ar.school_id "
        "            AND cl.id IN (SELECT class_id FROM kidclass) "
        "           WHERE ar.account_id = r.id AND ar.school_id = $1 AND ar.role = 'teacher' "
        "             AND (cl.teacher_id = ar.staff_id OR EXISTS (SELECT 1 FROM course co "
        "                  JOIN course_teacher ct ON ct.school_id = co.school_id "
        "                   AND ct.course_id = co.id AND ct.during @> ej_today($1) "
        "                 WHERE co.school_id = $1 AND co.class_id = cl.id "
        "                   AND ct.staff_id = ar.staff_id))) AS my_teacher, "
        "   EXISTS (SELECT 1 FROM account_role ar "
        "           LEFT JOIN pupil_guardian pg ON pg.school_id = ar.school_id "
        "                AND pg.guardian_id = ar.guardian_id "
        "           JOIN enrollment e ON e.school_id = ar.school_id "
        "                AND e.pupil_id = coalesce(ar.pupil_id, pg.pupil_id) "
        "                AND e.during @> ej_today($1) "
        "          WHERE ar.account_id = r.id AND ar.school_id = $1 "
        "            AND ar.role IN ('parent', 'pupil') "
        "            AND e.class_id IN (SELECT id FROM myclass)) AS my_family, "
        "   (SELECT ar.role FROM account_role ar WHERE ar.account_id = r.id AND ar.school_id = $1 "
        "     ORDER BY ar.role IN ('parent', 'pupil'), ar.role = 'pupil' LIMIT 1) AS kind, "
        "   coalesce((SELECT nullif(st.position, '') FROM account_role ar JOIN staff st "
        "              ON st.school_id = ar.school_id AND st.id = ar.staff_id "
        "             WHERE ar.account_id = r.id AND ar.school_id = $1 LIMIT 1), "
        "     (SELECT string_agg(p.surname || ' ' || p.name || coalesce(' (' || "
        "        (SELECT cl.grade::text || cl.letter FROM enrollment e JOIN class cl "
        "          ON cl.school_id = e.school_id AND cl.id = e.class_id WHERE e.school_id = $1 "
        "          AND e.pupil_id = p.id AND e.during @> ej_today($1) LIMIT 1) || ')', ''), "
        "        ', ' ORDER BY p.birth_date DESC) FROM account_role ar "
        "        JOIN pupil_guardian pg ON pg.school_id = ar.school_id "
        "             AND pg.guardian_id = ar.guardian_id "
        "        JOIN pupil p ON p.school_id = pg.school_id AND p.id = pg.pupil_id "
        "       WHERE ar.account_id = r.id AND ar.school_id = $1 AND ar.role = 'parent'), "
        "     (SELECT cl.grade::text || cl.letter FROM account_role ar JOIN enrollment e "
        "        ON e.school_id = ar.school_id AND e.pupil_id = ar.pupil_id "
        "        AND e.during @> ej_today($1) JOIN class cl ON cl.school_id = e.school_id "
        "        AND cl.id = e.class_id WHERE ar.account_id = r.id AND ar.school_id = $1 "
        "        AND ar.role = 'pupil' LIMIT 1), '') AS about "
        "   FROM r) "
        "SELECT f.id, f.login, f.display_name, f.staff, f.office, f.my_teacher, f.my_family, "
        "       s.parents_write_parents, f.kind, f.about "
        "  FROM f JOIN school s ON s.id = $1 "
        " ORDER BY NOT f.staff, f.display_name COLLATE \"ru-x-icu\", f.id",
        6, p);
    free(g);
    return r;
}

static void facts_object(const struct ej_ctx *ctx, const PGresult *r, int i,
                         struct policy_object *o)
{
    memset(o, 0, sizeof *o);
    o->school_id = ctx->school_id;
    o->to_staff = db_bool(r, i, 3);
    o->to_office = db_bool(r, i, 4);
    o->to_my_teacher = db_bool(r, i, 5);
    o->to_my_family = db_bool(r, i, 6);
    o->families_may_write = db_bool(r, i, 7);
}

enum ej_err db_msg_contacts(struct ej_db *db, const struct ej_ctx *ctx, struct msg_contact **out,
                            int *n, struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    PGresult *r = recipient_facts(db, ctx, NULL, err);
    if (!r)
        return db_fail(err);
    int rows = PQntuples(r);
    *out = xcalloc((size_t)rows + 1, sizeof **out);
    for (int i = 0; i < rows; i++) {
        struct policy_object o;
        facts_object(ctx, r, i, &o);
        if (!policy_allows(ctx, POLICY_MESSAGE_SEND, &o))
            continue;
        struct msg_contact *c = &(*out)[(*n)++];
        c->account_id = db_ll(r, i, 0);
        snprintf(c->login, sizeof c->login, "%s", db_str(r, i, 1));
        snprintf(c->name, sizeof c->name, "%s", db_str(r, i, 2));
        const char *kind = db_str(r, i, 8), *about = db_str(r, i, 9);
        if (!strcmp(kind, "parent"))
            snprintf(c->about, sizeof c->about, _("parent: %s"), about);
        else if (!strcmp(kind, "pupil"))
            snprintf(c->about, sizeof c->about, _("pupil, class %s"), about);
        else
            snprintf(c->about, sizeof c->about, "%s", about);
    }
    PQclear(r);
    return EJ_OK;
}

/* Row readers shared by the list and the thread. */
#define ITEM_COLS                                                                                 \
    "m.id, m.thread_id, to_char(m.sent_at AT TIME ZONE s.tz, 'DD.MM.YYYY HH24:MI'), "            \
    "sa.display_name, sa.login, "                                                                 \
    "(SELECT string_agg(ra.display_name, ', ' ORDER BY ra.display_name) FROM "                   \
    "   (SELECT ra.display_name FROM message_recipient mr2 JOIN account ra ON ra.id = "          \
    "     mr2.account_id WHERE mr2.school_id = m.school_id AND mr2.message_id = m.id "             \
    "     ORDER BY ra.display_name LIMIT 3) ra), "                                                \
    "(SELECT count(*) FROM message_recipient mr3 WHERE mr3.school_id = m.school_id "            \
    "   AND mr3.message_id = m.id), "                                                             \
    "m.subject, m.body, "                                                                         \
    "EXISTS (SELECT 1 FROM message_recipient mr4 WHERE mr4.school_id = m.school_id "             \
    "   AND mr4.message_id = m.id AND mr4.account_id = $1 AND mr4.read_at IS NULL), "            \
    "m.sender_id = $1 "

static void read_items(const PGresult *r, struct msg_item **out, int *n)
{
    *n = PQntuples(r);
    *out = xcalloc((size_t)*n + 1, sizeof **out);
    for (int i = 0; i < *n; i++) {
        struct msg_item *m = &(*out)[i];
        m->id = db_ll(r, i, 0);
        m->thread = db_ll(r, i, 1);
        snprintf(m->when, sizeof m->when, "%s", db_str(r, i, 2));
        snprintf(m->from, sizeof m->from, "%s", db_str(r, i, 3));
        snprintf(m->from_login, sizeof m->from_login, "%s", db_str(r, i, 4));
        snprintf(m->to, sizeof m->to, "%s", db_str(r, i, 5));
        m->nto = (int)db_ll(r, i, 6);
        m->subject = db_dup(r, i, 7);
        m->body = db_dup(r, i, 8);
        m->unread = db_bool(r, i, 9);
        m->mine = db_bool(r, i, 10);
    }
}

enum ej_err db_msg_list(struct ej_db *db, const struct ej_ctx *ctx, bool sent, int limit,
                        struct msg_item **out, int *n, struct ej_error *err)
{
    char me[32], lim[16], sid[32];
    DB_LL(me, ctx->account_id);
    DB_LL(sid, ctx->school_id);
    snprintf(lim, sizeof lim, "%d", limit > 0 ? limit : 200);
    const char *p[] = { me, lim, sid };
    PGresult *r = db_exec(
        db, err,
        sent ? "SELECT " ITEM_COLS " FROM message m JOIN account sa ON sa.id = m.sender_id "
               "  JOIN school s ON s.id = m.school_id "
               " WHERE m.sender_id = $1 AND m.school_id = $3 "
               " ORDER BY m.sent_at DESC, m.id DESC LIMIT $2"
             : "SELECT " ITEM_COLS " FROM message_recipient mr "
               "  JOIN message m ON m.school_id = mr.school_id AND m.id = mr.message_id "
               "  JOIN account sa ON sa.id = m.sender_id JOIN school s ON s.id = m.school_id "
               " WHERE mr.account_id = $1 AND mr.school_id = $3 "
               " ORDER BY m.sent_at DESC, m.id DESC LIMIT $2",
        3, p);
    if (!r)
        return db_fail(err);
    read_items(r, out, n);
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_msg_thread(struct ej_db *db, const struct ej_ctx *ctx, long long id,
                          struct msg_item **out, int *n, struct ej_error *err)
{
    *out = NULL;
    *n = 0;
    char me[32], mid[32], sid[32];
    DB_LL(me, ctx->account_id);
    DB_LL(mid, id);
    DB_LL(sid, ctx->school_id);
    const char *p[] = { me, mid, sid };
    /* The thread of a message ctx sees; only the messages of it ctx sees. */
    PGresult *r = db_exec(
        db, err,
        "SELECT " ITEM_COLS " FROM message m JOIN account sa ON sa.id = m.sender_id "
        "  JOIN school s ON s.id = m.school_id "
        " WHERE m.school_id = $3 AND m.thread_id = (SELECT t.thread_id FROM message t "
        "       WHERE t.school_id = $3 AND t.id = $2) "
        "   AND (m.sender_id = $1 OR EXISTS (SELECT 1 FROM message_recipient mr "
        "        WHERE mr.school_id = m.school_id AND mr.message_id = m.id "
        "          AND mr.account_id = $1)) "
        " ORDER BY m.sent_at, m.id",
        3, p);
    if (!r)
        return db_fail(err);
    bool seen = false;
    for (int i = 0; i < PQntuples(r) && !seen; i++)
        seen = db_ll(r, i, 0) == id;
    if (!seen) {
        PQclear(r);
        return ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such message"));
    }
    read_items(r, out, n);
    PQclear(r);
    /* Read now: the recipient's own mark, no audit needed. */
    const char *pu[] = { me, mid, sid };
    if (db_run(db, err,
               "UPDATE message_recipient mr SET read_at = ej_now() FROM message m "
               " WHERE mr.school_id = $3 AND mr.account_id = $1 AND mr.read_at IS NULL "
               "   AND m.school_id = mr.school_id AND m.id = mr.message_id "
               "   AND m.thread_id = (SELECT t.thread_id FROM message t WHERE t.school_id = $3 "
               "                      AND t.id = $2)",
               3, pu) != EJ_OK) {
        db_msg_free(*out, *n);
        *out = NULL;
        *n = 0;
        return db_fail(err);
    }
    return EJ_OK;
}

enum ej_err db_msg_unread(struct ej_db *db, const struct ej_ctx *ctx, int *n,
                          struct ej_error *err)
{
    char me[32], sid[32];
    DB_LL(me, ctx->account_id);
    DB_LL(sid, ctx->school_id);
    const char *p[] = { me, sid };
    PGresult *r = db_exec(db, err,
                          "SELECT count(*) FROM message_recipient WHERE account_id = $1 "
                          "AND school_id = $2 AND read_at IS NULL",
                          2, p);
    if (!r)
        return db_fail(err);
    *n = (int)db_ll(r, 0, 0);
    PQclear(r);
    return EJ_OK;
}

/* Valid text: UTF-8, not blank, within max code points, one line unless body. */
static enum ej_err check_text(const char *s, size_t max, bool body, struct ej_error *err)
{
    if (!s || !utf8_valid(s))
        return ej_error_set(err, EJ_EINVAL, "%s", _("The message is not valid UTF-8 text"));
    if (body && strspn(s, " \t\r\n") == strlen(s))
        return ej_error_set(err, EJ_EINVAL, "%s", _("The message is empty"));
    if (utf8_len(s) > max)
        return ej_error_set(err, EJ_EINVAL, body ? _("The message is longer than %zu characters")
                                                 : _("The subject is longer than %zu characters"),
                            max);
    if (!body && strpbrk(s, "\r\n"))
        return ej_error_set(err, EJ_EINVAL, "%s", _("The subject is one line"));
    return EJ_OK;
}

/* Recipient account ids: by logins, or the parents of a class's pupils. */
static enum ej_err resolve(struct ej_db *db, const struct ej_ctx *ctx, const char *const *logins,
                           int n, const char *class_name, long long **ids, int *nids,
                           struct ej_error *err)
{
    *ids = NULL;
    *nids = 0;
    PGresult *r;
    if (class_name) {
        long long class_id, teacher;
        enum ej_err e = db_find_class(db, ctx, class_name, &class_id, &teacher, err);
        if (e != EJ_OK)
            return e;
        char sid[32], cid[32], staff[32];
        DB_LL(sid, ctx->school_id);
        DB_LL(cid, class_id);
        DB_LL(staff, ctx->staff_id);
        /* The class as a whole: ctx must lead or teach it (or be the office) — a
         * parent's other child elsewhere does not make the class ctx's. */
        const char *pc[] = { sid, cid, staff };
        r = db_exec(db, err,
                    "SELECT $3::bigint <> 0 AND (EXISTS (SELECT 1 FROM class cl WHERE cl.school_id = $1 "
                    "       AND cl.id = $2 AND cl.teacher_id = $3) OR EXISTS (SELECT 1 FROM course co "
                    "       JOIN course_teacher ct ON ct.school_id = co.school_id AND ct.course_id = co.id "
                    "        AND ct.during @> ej_today($1) "
                    "      WHERE co.school_id = $1 AND co.class_id = $2 AND ct.staff_id = $3))",
                    3, pc);
        if (!r)
            return db_fail(err);
        struct policy_object o = { .school_id = ctx->school_id, .to_my_family = db_bool(r, 0, 0) };
        PQclear(r);
        if ((e = policy_check(ctx, POLICY_MESSAGE_SEND, &o, err)) != EJ_OK)
            return e;
        const char *p[] = { sid, cid };
        r = db_exec(db, err,
                    "SELECT DISTINCT ar.account_id FROM enrollment e "
                    "  JOIN pupil_guardian pg ON pg.school_id = e.school_id AND pg.pupil_id = e.pupil_id "
                    "  JOIN account_role ar ON ar.school_id = pg.school_id "
                    "       AND ar.guardian_id = pg.guardian_id AND ar.role = 'parent' "
                    "  JOIN account a ON a.id = ar.account_id AND a.active "
                    " WHERE e.school_id = $1 AND e.class_id = $2 AND e.during @> ej_today($1)",
                    2, p);
        if (!r)
            return db_fail(err);
        if (PQntuples(r) == 0) {
            PQclear(r);
            return ej_error_set(err, EJ_EINVAL, _("No parent of class %s has a login yet"),
                                class_name);
        }
    } else {
        struct ej_buf b;
        buf_init(&b);
        buf_puts(&b, "{");
        for (int i = 0; i < n; i++) {
            /* Logins are [a-z0-9._-]: anything else is no login at all. */
            if (strspn(logins[i], "abcdefghijklmnopqrstuvwxyz0123456789._-") != strlen(logins[i]) ||
                !*logins[i]) {
                buf_free(&b);
                return ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such login"));
            }
            buf_printf(&b, "%s\"%s\"", i ? "," : "", logins[i]);
        }
        buf_puts(&b, "}");
        const char *p[] = { b.data };
        r = db_exec(db, err, "SELECT a.id, a.login FROM account a WHERE a.login = ANY ($1::text[])",
                    1, p);
        buf_free(&b);
        if (!r)
            return db_fail(err);
        for (int i = 0; i < n; i++) {
            bool found = false;
            for (int k = 0; k < PQntuples(r) && !found; k++)
                found = !strcmp(db_str(r, k, 1), logins[i]);
            if (!found) {
                PQclear(r);
                return ej_error_set(err, EJ_ENOTFOUND, _("No such login: %s"), logins[i]);
            }
        }
    }
    *nids = PQntuples(r);
    *ids = xcalloc((size_t)*nids + 1, sizeof **ids);
    for (int i = 0; i < *nids; i++)
        (*ids)[i] = db_ll(r, i, 0);
    PQclear(r);
    return EJ_OK;
}

enum ej_err db_msg_send(struct ej_db *db, const struct ej_ctx *ctx, const char *const *logins,
                        int n, const char *class_name, long long reply_to, const char *subject,
                        const char *body, long long *id_out, struct ej_error *err)
{
    enum ej_err e;
    if ((e = check_text(body, MSG_MAX_BODY, true, err)) != EJ_OK ||
        (e = check_text(subject ? subject : "", MSG_MAX_SUBJECT, false, err)) != EJ_OK)
        return e;
    if (!class_name && n <= 0)
        return ej_error_set(err, EJ_EINVAL, "%s", _("Whom to? Give at least one recipient"));
    long long *ids = NULL;
    int nids = 0;
    PGresult *r = NULL;
    char *arr = NULL;
    if ((e = db_tx_begin(db, err)) != EJ_OK)
        return e;
    if ((e = resolve(db, ctx, logins, n, class_name, &ids, &nids, err)) != EJ_OK)
        goto out;
    char sid[32], me[32], rt[32];
    DB_LL(sid, ctx->school_id);
    DB_LL(me, ctx->account_id);
    DB_LL(rt, reply_to);
    char *subj = NULL;
    if (reply_to) {
        /* A reply: to a message ctx sees; the subject follows it. */
        const char *p[] = { sid, rt, me };
        r = db_exec(db, err,
                    "SELECT m.subject FROM message m WHERE m.school_id = $1 AND m.id = $2 "
                    "   AND (m.sender_id = $3 OR EXISTS (SELECT 1 FROM message_recipient mr "
                    "        WHERE mr.school_id = m.school_id AND mr.message_id = m.id "
                    "          AND mr.account_id = $3))",
                    3, p);
        if (!r) {
            e = db_fail(err);
            goto out;
        }
        if (PQntuples(r) != 1) {
            e = ej_error_set(err, EJ_ENOTFOUND, "%s", _("No such message"));
            goto out;
        }
        if (!subject || !*subject) {
            const char *orig = db_str(r, 0, 0);
            subj = xasprintf("%s%s", strncmp(orig, "Re: ", 4) ? "Re: " : "", orig);
        }
        PQclear(r);
        r = NULL;
    }
    arr = id_array(ids, nids);
    if (!(r = recipient_facts(db, ctx, arr, err))) {
        e = db_fail(err);
        free(subj);
        goto out;
    }
    if (PQntuples(r) != nids) {
        /* Not of this school, inactive or locked, or ctx themself. */
        e = ej_error_set(err, EJ_EDENIED, "%s",
                         _("A recipient cannot receive messages here (another school, a locked "
                           "account, or yourself)"));
        free(subj);
        goto out;
    }
    for (int i = 0; i < nids; i++) {
        struct policy_object o;
        facts_object(ctx, r, i, &o);
        struct ej_error pe;
        if (policy_check(ctx, POLICY_MESSAGE_SEND, &o, &pe) != EJ_OK) {
            e = ej_error_set(err, EJ_EDENIED, "%s: %s", db_str(r, i, 2), pe.msg);
            free(subj);
            goto out;
        }
    }
    PQclear(r);
    const char *pm[] = { sid, me, reply_to ? rt : NULL, subj ? subj : (subject ? subject : ""),
                         body };
    r = db_exec(db, err,
                "INSERT INTO message (school_id, sender_id, reply_to, subject, body) "
                "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                5, pm);
    free(subj);
    if (!r) {
        e = db_fail(err);
        goto out;
    }
    long long id = db_ll(r, 0, 0);
    PQclear(r);
    r = NULL;
    char mid[32];
    DB_LL(mid, id);
    const char *pr[] = { sid, mid, arr };
    /* The recipients, and a wake-up for their open screens (delivered at COMMIT). */
    if ((e = db_run(db, err,
                    "INSERT INTO message_recipient (school_id, message_id, account_id) "
                    "SELECT $1, $2, unnest($3::bigint[])",
                    3, pr)) != EJ_OK ||
        (e = db_run(db, err,
                    "SELECT ej_notify('ej_change_' || $1, 'account:' || a) FROM unnest($3::bigint[]) a "
                    " WHERE $1::bigint IS NOT NULL AND $2::bigint IS NOT NULL",
                    3, pr)) != EJ_OK)
        goto out;
    if ((e = db_tx_commit(db, err)) == EJ_OK && id_out)
        *id_out = id;
out:
    PQclear(r);
    free(arr);
    free(ids);
    if (e != EJ_OK && db->in_tx)
        db_tx_rollback(db);
    return e;
}
