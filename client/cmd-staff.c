/*
 * cmd-staff — the staff list for HR (issue #5 item 5), through common/db-staff.h:
 *   staff list                      TSV: id, surname, name, patronymic, position,
 *                                   subjects, login, roles, active|left
 *   staff add --surname S --name N [--patronymic P] [--position T]
 *             [--subjects "Алгебра,Геометрия"] [--role teacher|secretary|deputy|hr]
 *                                   prints "login\tTEMPORARY-PASSWORD" once
 *   staff deactivate --staff ID     a leaver: the account locked, their sessions
 *                                   ended, all their history kept
 */
#include "cmd.h"
#include "db-staff.h"
#include "i18n.h"
#include "xmalloc.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define STAFF_USAGE                                                                               \
    "staff list\n"                                                                                \
    "       staff add --surname S --name N [--patronymic P] [--position T] "                      \
    "[--subjects \"Алгебра,Геометрия\"] [--role teacher|secretary|deputy|hr]\n"                   \
    "       staff set --staff ID [--position T] [--subjects \"Алгебра,Геометрия\"]\n"               \
    "       staff deactivate --staff ID"

static int usage(FILE *errf)
{
    fprintf(errf, _("usage: %s\n"), STAFF_USAGE);
    return EJ_EXIT_USAGE;
}

struct sopts {
    const char *surname, *name, *patronymic, *position, *subjects, *role, *staff;
};

static int parse(int argc, char **argv, struct sopts *o)
{
    static const struct cmd_opt opts[] = {
        { "--surname", offsetof(struct sopts, surname), false },
        { "--name", offsetof(struct sopts, name), false },
        { "--patronymic", offsetof(struct sopts, patronymic), false },
        { "--position", offsetof(struct sopts, position), false },
        { "--subjects", offsetof(struct sopts, subjects), false },
        { "--role", offsetof(struct sopts, role), false },
        { "--staff", offsetof(struct sopts, staff), false },
    };
    memset(o, 0, sizeof *o);
    return cmd_options(argc, argv, 2, opts, sizeof opts / sizeof opts[0], o);
}

static int list(struct ej_ctx *ctx, FILE *out, FILE *errf)
{
    struct db_staff *v;
    int n;
    struct ej_error err;
    if (db_staff_list(ctx->db, ctx, &v, &n, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    for (int i = 0; i < n; i++) {
        fprintf(out, "%lld", v[i].id);
        const char *f[] = { v[i].surname, v[i].name, v[i].patronymic, v[i].position, v[i].subjects,
                            v[i].login, v[i].roles };
        for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
            fputc('\t', out);
            cmd_field(out, f[k]);
        }
        fprintf(out, "\t%s\n", v[i].active ? "active" : "left");
    }
    free(v);
    return 0;
}

static int add(struct ej_ctx *ctx, const struct sopts *o, FILE *out, FILE *errf)
{
    if (!o->surname || !o->name || o->staff)
        return usage(errf);
    char *list = o->subjects ? xstrdup(o->subjects) : NULL;
    const char **subj = NULL;
    int ns = db_staff_subjects(list, &subj);
    struct db_staff_new s = { o->surname, o->name, o->patronymic, o->position,
                              (const char *const *)subj, ns, o->role };
    char login[40] = "", password[16] = "";
    long long id;
    struct ej_error err;
    int rc = 0;
    if (db_staff_add(ctx->db, ctx, &s, &id, login, password, &err) != EJ_OK)
        rc = cmd_fail(errf, &err);
    else
        fprintf(out, "%lld\t%s\t%s\n", id, login, password);
    explicit_bzero(password, sizeof password);
    free(subj);
    free(list);
    return rc;
}

static int set(struct ej_ctx *ctx, const struct sopts *o, FILE *out, FILE *errf)
{
    long long id;
    if (!cmd_id(o->staff, &id) || o->surname || o->name || o->patronymic || o->role ||
        (!o->position && !o->subjects))
        return usage(errf);
    char *list = o->subjects ? xstrdup(o->subjects) : NULL;
    const char **subj = NULL;
    int ns = o->subjects ? db_staff_subjects(list, &subj) : -1;
    struct ej_error err;
    int rc = 0;
    if (db_staff_set(ctx->db, ctx, id, o->position, (const char *const *)subj, ns, &err) != EJ_OK)
        rc = cmd_fail(errf, &err);
    else
        fputs("saved\n", out);
    free(subj);
    free(list);
    return rc;
}

static int deactivate(struct ej_ctx *ctx, const struct sopts *o, FILE *out, FILE *errf)
{
    char *end;
    long long id = o->staff ? strtoll(o->staff, &end, 10) : 0;
    if (!o->staff || !*o->staff || *end || id <= 0 || o->surname || o->name)
        return usage(errf);
    struct db_staff_session *s;
    int n;
    struct ej_error err;
    if (db_staff_deactivate(ctx->db, ctx, id, &s, &n, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    int elsewhere;
    int ended = db_staff_end_sessions(ctx->db, ctx, s, n, &elsewhere);
    free(s);
    fprintf(out, "deactivated\t%d\n", ended);
    if (elsewhere)
        fprintf(errf, _("ejournal: %d sessions run on other servers: end them there with "
                        "sessions end\n"),
                elsewhere);
    return 0;
}

static int staff_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out,
                      FILE *errf)
{
    (void)in;
    struct sopts o;
    if (argc < 2 || parse(argc, argv, &o) != 0)
        return usage(errf);
    if (!strcmp(argv[1], "list") && argc == 2)
        return list(ctx, out, errf);
    if (!strcmp(argv[1], "add"))
        return add(ctx, &o, out, errf);
    if (!strcmp(argv[1], "deactivate"))
        return deactivate(ctx, &o, out, errf);
    if (!strcmp(argv[1], "set"))
        return set(ctx, &o, out, errf);
    return usage(errf);
}

const struct cmd_entry cmd_staff = {
    "staff", "staff list|add|set|deactivate …",
    N_("the school's staff: the list, a new member with a login, a leaver's account locked"),
    ROLE_ADMIN | ROLE_DEPUTY | ROLE_HR, staff_exec
};
