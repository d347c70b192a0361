/*
 * cmd-groups — editing study groups over SSH (clause 3.3), reached as verbs of
 * `classes groups` (client/cmd-classes.c) and written with common/db-groups.h:
 *   classes groups list --class 7А          TSV: group id, subject, name, members today
 *   classes groups add --class 7А --subject NAME --name NAME      prints "added\tID"
 *   classes groups rename --group ID --name NAME
 *   classes groups delete --group ID        only a group that never had a member
 *   classes groups put --group ID --pupil ID[,ID…] --date DATE
 *   classes groups remove --group ID --pupil ID[,ID…] --date DATE
 *                                           in / out of the group from DATE (the first
 *                                           day in, or out); all pupils or none
 *   classes groups members --group ID [--date DATE] [--csv]
 *                                           TSV: pupil id, surname, name, patronymic,
 *                                           from, to (every spell; on DATE only); or
 *                                           CSV for a spreadsheet, which imports back
 *   classes groups import --group ID --date DATE [--apply] < members.csv
 *                                           check a list of members (columns «Номер»,
 *                                           or «Фамилия», «Имя», «Отчество»); with
 *                                           --apply put them all in, or none
 * DATE is DD.MM.YYYY or YYYY-MM-DD.  Exit 0 / 1 (refused or invalid) / 2 (usage).
 */
#include "calendar.h"
#include "cmd-groups.h"
#include "csv.h"
#include "db-groups.h"
#include "i18n.h"
#include "pupils.h"
#include "xmalloc.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GROUPS_USAGE                                                                              \
    "classes groups --class 7А | classes groups list --class 7А\n"                               \
    "       classes groups add --class 7А --subject NAME --name NAME\n"                          \
    "       classes groups rename --group ID --name NAME | classes groups delete --group ID\n"   \
    "       classes groups put|remove --group ID --pupil ID[,ID…] --date DATE\n"                 \
    "       classes groups members --group ID [--date DATE] [--csv]\n"                           \
    "       classes groups import --group ID --date DATE [--apply] < members.csv"

void cmd_groups_usage(FILE *errf)
{
    fprintf(errf, _("usage: %s\n"), GROUPS_USAGE);
}

static int usage(FILE *errf)
{
    cmd_groups_usage(errf);
    return EJ_EXIT_USAGE;
}

struct gopts {
    const char *class_name, *subject, *name, *group, *pupil, *date;
    bool csv, apply;
};

static const struct cmd_opt opts[] = {
    { "--class", offsetof(struct gopts, class_name), false },
    { "--subject", offsetof(struct gopts, subject), false },
    { "--name", offsetof(struct gopts, name), false },
    { "--group", offsetof(struct gopts, group), false },
    { "--pupil", offsetof(struct gopts, pupil), false },
    { "--date", offsetof(struct gopts, date), false },
    { "--csv", offsetof(struct gopts, csv), true },
    { "--apply", offsetof(struct gopts, apply), true },
};

static int bad_date(FILE *errf, const char *s)
{
    fprintf(errf, _("ejournal: \"%s\" is not a date: DD.MM.YYYY, e.g. 26.11.2026\n"), s);
    return EJ_EXIT_REFUSED;
}

static int list(struct ej_ctx *ctx, const struct gopts *o, FILE *out, FILE *errf)
{
    struct db_group *v;
    int n;
    struct ej_error err;
    if (db_groups_list(ctx->db, ctx, o->class_name, &v, &n, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    for (int i = 0; i < n; i++) {
        fprintf(out, "%lld\t", v[i].id);
        cmd_field(out, v[i].subject);
        fputc('\t', out);
        cmd_field(out, v[i].name);
        fprintf(out, "\t%d\n", v[i].members);
    }
    free(v);
    return EJ_EXIT_OK;
}

static int members(struct ej_ctx *ctx, const struct gopts *o, long long gid, FILE *out, FILE *errf)
{
    int day = 0;
    if (o->date && !cal_parse_user(o->date, &day))
        return bad_date(errf, o->date);
    struct db_group g;
    struct db_group_pupil *v;
    int n;
    struct ej_error err;
    if (db_group_members(ctx->db, ctx, gid, day, &g, &v, &n, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    if (o->csv) {
        struct ej_buf b;
        buf_init(&b);
        csv_write_begin(&b);
        /* The column names are the file format (db-groups.h), as in pupils.h. */
        const char *head[] = { "Номер", pupils_column(PF_SURNAME), pupils_column(PF_NAME),
                               pupils_column(PF_PATRONYMIC), pupils_column(PF_CLASS), "Группа",
                               "С", "По" };
        csv_write_row(&b, head, 8);
        for (int i = 0; i < n; i++) {
            char id[24], f[11], t[11] = "";
            snprintf(id, sizeof id, "%lld", v[i].pupil_id);
            cal_ddmmyyyy(v[i].from, f);
            if (v[i].to)
                cal_ddmmyyyy(v[i].to - 1, t); /* the last day, as a person writes it */
            const char *row[] = { id, v[i].surname, v[i].name, v[i].patronymic, g.class_name,
                                  g.name, f, t };
            csv_write_row(&b, row, 8);
        }
        fwrite(b.data, 1, b.len, out);
        buf_free(&b);
    } else {
        for (int i = 0; i < n; i++) {
            char f[11], t[11] = "";
            cal_iso(v[i].from, f);
            if (v[i].to)
                cal_iso(v[i].to, t);
            fprintf(out, "%lld\t", v[i].pupil_id);
            const char *cells[] = { v[i].surname, v[i].name, v[i].patronymic };
            for (int k = 0; k < 3; k++) {
                cmd_field(out, cells[k]);
                fputc('\t', out);
            }
            fprintf(out, "%s\t%s\n", f, t);
        }
    }
    free(v);
    return EJ_EXIT_OK;
}

static int import(struct ej_ctx *ctx, const struct gopts *o, long long gid, FILE *in, FILE *errf)
{
    int day;
    if (!cal_parse_user(o->date, &day))
        return bad_date(errf, o->date);
    if (isatty(fileno(in))) {
        fprintf(errf, "%s\n", _("ejournal: give the list on standard input: classes groups "
                                "import --group ID --date DATE < members.csv"));
        return EJ_EXIT_USAGE;
    }
    struct ej_buf b;
    int rc = cmd_read_input(in, &b, errf);
    if (rc)
        return rc;
    char *problems = NULL;
    int count = 0;
    struct ej_error err;
    enum ej_err e = db_group_import(ctx->db, ctx, gid, day, b.data ? b.data : "", b.len,
                                    o->apply, &problems, &count, &err);
    buf_free(&b);
    if (problems)
        fputs(problems, errf);
    free(problems);
    if (e != EJ_OK)
        return cmd_fail(errf, &err);
    if (o->apply)
        fprintf(errf, P_("ejournal: %d pupil put in the group\n",
                         "ejournal: %d pupils put in the group\n", count),
                count);
    else
        fprintf(errf,
                P_("ejournal: %d pupil checked, no problems; nothing written yet: add --apply\n",
                   "ejournal: %d pupils checked, no problems; nothing written yet: add --apply\n",
                   count),
                count);
    return EJ_EXIT_OK;
}

int cmd_classes_groups(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out, FILE *errf)
{
    const char *verb = argv[2];
    struct gopts o = { 0 };
    if (cmd_options(argc, argv, 3, opts, sizeof opts / sizeof opts[0], &o) != 0)
        return usage(errf);
    long long gid = 0;
    bool by_group = strcmp(verb, "list") && strcmp(verb, "add");
    if (by_group ? (!cmd_id(o.group, &gid) || o.class_name) : (!o.class_name || o.group))
        return usage(errf);
    struct ej_error err;
    if (!strcmp(verb, "list")) {
        if (o.subject || o.name || o.pupil || o.date || o.csv || o.apply)
            return usage(errf);
        return list(ctx, &o, out, errf);
    }
    if (!strcmp(verb, "members")) {
        if (o.subject || o.name || o.pupil || o.apply)
            return usage(errf);
        return members(ctx, &o, gid, out, errf);
    }
    if (!strcmp(verb, "import")) {
        if (o.subject || o.name || o.pupil || o.csv || !o.date)
            return usage(errf);
        return import(ctx, &o, gid, in, errf);
    }
    if (o.csv || o.apply)
        return usage(errf);
    if (!strcmp(verb, "add")) {
        long long id = 0;
        if (!o.subject || !o.name || o.pupil || o.date)
            return usage(errf);
        if (db_group_add(ctx->db, ctx, o.class_name, o.subject, o.name, &id, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        fprintf(out, "added\t%lld\n", id);
        return EJ_EXIT_OK;
    }
    if (!strcmp(verb, "rename") || !strcmp(verb, "delete")) {
        bool rename = verb[0] == 'r';
        if (o.subject || o.pupil || o.date || (rename ? !o.name : o.name != NULL))
            return usage(errf);
        enum ej_err e = rename ? db_group_rename(ctx->db, ctx, gid, o.name, &err)
                               : db_group_delete(ctx->db, ctx, gid, &err);
        if (e != EJ_OK)
            return cmd_fail(errf, &err);
        fputs(rename ? "renamed\n" : "deleted\n", out);
        return EJ_EXIT_OK;
    }
    if (!strcmp(verb, "put") || !strcmp(verb, "remove")) {
        bool in_ = verb[0] == 'p';
        long long *ids = NULL;
        int n = 0, day;
        if (o.subject || o.name || !o.pupil || !o.date || !cmd_id_list(o.pupil, &ids, &n))
            return usage(errf);
        int rc = EJ_EXIT_OK;
        if (!cal_parse_user(o.date, &day))
            rc = bad_date(errf, o.date);
        else if (db_group_move(ctx->db, ctx, gid, ids, n, day, in_, &err) != EJ_OK)
            rc = cmd_fail(errf, &err);
        else
            fprintf(out, "%s\t%d\n", in_ ? "put" : "removed", n);
        free(ids);
        return rc;
    }
    return usage(errf);
}
