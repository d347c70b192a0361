/*
 * cmd-logins — logins for a class's families (clauses 3.4, 5.1), for the class
 * teacher and the office:
 *   logins list --class 7А
 *       pupils and parents with their login (TSV): pupil id, pupil, pupil|parent,
 *       name, relation, login ("" none), temporary|changed|none, last login
 *   logins issue --class 7А [--pupil ID] [--parents|--pupils]
 *                [--format pdf|txt] [--width 80|132] [--passthrough CHARSET]
 *       a login and a new temporary password for each, printed once as slips
 *       (two to a row) on stdout; the old passwords stop working at once.
 * The output options are checked before anything is issued, so passwords are
 * never issued into a refusal; the slips exist only in this process's memory.
 */
#include "cmd.h"
#include "db-logins.h"
#include "doc.h"
#include "i18n.h"
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOGINS_USAGE                                                                              \
    "logins list --class 7А\n"                                                                    \
    "       logins issue --class 7А [--pupil ID] [--parents|--pupils] [--format pdf|txt] "        \
    "[--width 80|132] [--passthrough utf8|cp866|cp1251]"

static int usage(FILE *errf, const char *why)
{
    if (why)
        fprintf(errf, "ejournal: logins: %s\n", why);
    fprintf(errf, _("usage: %s\n"), LOGINS_USAGE);
    return EJ_EXIT_USAGE;
}

struct lopts {
    const char *class_name, *pupil, *format, *width, *passthrough;
    unsigned who;
};

static int parse(int argc, char **argv, bool issue, struct lopts *o, FILE *errf)
{
    memset(o, 0, sizeof *o);
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (!strcmp(a, "--class"))
            slot = &o->class_name;
        else if (issue && !strcmp(a, "--pupil"))
            slot = &o->pupil;
        else if (issue && !strcmp(a, "--format"))
            slot = &o->format;
        else if (issue && !strcmp(a, "--width"))
            slot = &o->width;
        else if (issue && !strcmp(a, "--passthrough"))
            slot = &o->passthrough;
        else if (issue && !strcmp(a, "--parents"))
            o->who |= LOGINS_PARENTS;
        else if (issue && !strcmp(a, "--pupils"))
            o->who |= LOGINS_PUPILS;
        else
            return usage(errf, NULL);
        if (slot) {
            if (*slot || i + 1 >= argc)
                return usage(errf, NULL);
            *slot = argv[++i];
        }
    }
    if (!o->class_name)
        return usage(errf, _("--class is needed"));
    if (!o->who)
        o->who = LOGINS_PARENTS | LOGINS_PUPILS;
    return 0;
}

static int list(struct ej_ctx *ctx, const struct lopts *o, FILE *out, FILE *errf)
{
    struct db_login_row *v;
    int n;
    struct ej_error err;
    if (db_logins_list(ctx->db, ctx, o->class_name, &v, &n, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    for (int i = 0; i < n; i++) {
        fprintf(out, "%lld\t", v[i].pupil_id);
        cmd_field(out, v[i].pupil);
        fprintf(out, "\t%s\t", v[i].parent ? "parent" : "pupil");
        cmd_field(out, v[i].person);
        fputc('\t', out);
        cmd_field(out, v[i].relation);
        fprintf(out, "\t%s\t%s\t%s\n", v[i].login,
                !*v[i].login ? "none" : v[i].must_change ? "temporary" : "changed",
                v[i].last_login);
    }
    free(v);
    return 0;
}

/* How the slip's owner connects: the issuer's own "ssh -t -p 2222 me@host" with the
 * slip's login ("" when the command does not run over SSH). */
static char *connect_line(const char *hint, const char *login)
{
    const char *at = strrchr(hint, '@');
    if (!at)
        return strdup("");
    const char *port = strstr(hint, " -p ");
    int plen = 0;
    if (port) {
        port += 4;
        plen = (int)strspn(port, "0123456789");
    }
    char *s;
    if (plen && asprintf(&s, "ssh -p %.*s %s%s", plen, port, login, at) < 0)
        s = NULL;
    else if (!plen && asprintf(&s, "ssh %s%s", login, at) < 0)
        s = NULL;
    return s ? s : strdup("");
}

static int issue(struct ej_ctx *ctx, const struct lopts *o, FILE *out, FILE *errf)
{
    struct cmd_docfmt fmt;
    int rc = cmd_docfmt_parse(o->format, o->width, o->passthrough, out, &fmt, errf);
    if (rc)
        return rc;
    long long pupil = 0;
    if (o->pupil) {
        char *end;
        pupil = strtoll(o->pupil, &end, 10);
        if (!*o->pupil || *end || pupil <= 0)
            return usage(errf, _("--pupil: a pupil's number"));
    }
    struct db_login_issued *v;
    int n;
    struct ej_error err;
    if (db_logins_issue(ctx->db, ctx, o->class_name, pupil, o->who, &v, &n, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    struct report_slip *slips = calloc((size_t)n + 1, sizeof *slips);
    int created = 0;
    for (int i = 0; i < n; i++) {
        slips[i] = (struct report_slip){ v[i].name, v[i].role, v[i].login, v[i].password,
                                         connect_line(ctx->ssh_hint, v[i].login) };
        created += v[i].created;
    }
    struct doc *doc = report_login_slips(ctx->school_name, ctx->ssh_hint, slips, n);
    for (int i = 0; i < n; i++)
        free((char *)slips[i].connect);
    free(slips);
    db_logins_free(v, n);
    rc = cmd_doc_write(doc, &fmt, out, errf);
    if (rc == 0)
        fprintf(errf, _("ejournal: issued %d logins (%d new); the old passwords no longer work\n"),
                n, created);
    return rc;
}

static int logins_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out,
                       FILE *errf)
{
    (void)in;
    if (argc < 2)
        return usage(errf, NULL);
    bool is_issue = !strcmp(argv[1], "issue");
    if (!is_issue && strcmp(argv[1], "list"))
        return usage(errf, NULL);
    struct lopts o;
    int rc = parse(argc, argv, is_issue, &o, errf);
    if (rc)
        return rc;
    return is_issue ? issue(ctx, &o, out, errf) : list(ctx, &o, out, errf);
}

const struct cmd_entry cmd_logins = {
    "logins", "logins list|issue --class 7А …",
    N_("logins and temporary passwords for a class's parents and pupils, printed as slips"),
    ROLE_ADMIN | ROLE_DEPUTY | ROLE_SECRETARY | ROLE_TEACHER, logins_exec
};
