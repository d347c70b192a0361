/*
 * cmd-sessions — `sessions [--login LOGIN]` and `sessions end ID`: the
 * administrator lists the open SSH sessions and ends one (clause 5.3: a pupil must
 * not carry on in a teacher's session).  Which sessions an administrator may see is
 * decided in the database layer (the schools where the account is an administrator).
 * A session is ended by signalling its connection process on this host, identified
 * by pid and start time, so that a reused pid is never hit.
 */
#include "cmd.h"
#include "db-auth.h"
#include "i18n.h"
#include "procinfo.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int usage(FILE *errf)
{
    fprintf(errf, "%s\n", _("usage: sessions [--login LOGIN] | sessions end ID"));
    return 2;
}

static int sessions_exec(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out, FILE *errf)
{
    (void)in;
    struct ej_error err;
    if (argc == 3 && strcmp(argv[1], "end") == 0) {
        char *end;
        long long id = strtoll(argv[2], &end, 10);
        if (*end || id <= 0)
            return usage(errf);
        struct db_auth_session s;
        if (db_auth_session_get(ctx->db, ctx->account_id, id, &s, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        char host[256] = "";
        gethostname(host, sizeof host - 1);
        if (strcmp(host, s.host) != 0) {
            fprintf(errf, _("ejournal: session %lld runs on the server %s: end it there\n"), id, s.host);
            return 1;
        }
        if (s.proc_start && proc_start_time(s.pid) == s.proc_start) {
            if (kill(s.pid, SIGTERM) != 0 && errno != ESRCH) {
                fprintf(errf, "ejournal: %s\n", strerror(errno));
                return 1;
            }
        }
        /* Gone already, or ended now: either way the row says who ended it. */
        if (db_auth_session_close(ctx->db, id, "admin", ctx->account_id, &err) != EJ_OK)
            return cmd_fail(errf, &err);
        return 0;
    }
    const char *login = NULL;
    if (argc == 3 && strcmp(argv[1], "--login") == 0)
        login = argv[2];
    else if (argc != 1)
        return usage(errf);
    struct db_auth_session *rows = NULL;
    int n = 0;
    if (db_auth_sessions_list(ctx->db, ctx->account_id, login, &rows, &n, &err) != EJ_OK)
        return cmd_fail(errf, &err);
    for (int i = 0; i < n; i++)
        fprintf(out, "%lld\t%s\t%s\t%s\t%s\t%s\n", rows[i].id, rows[i].login, rows[i].kind, rows[i].client_addr,
                rows[i].started, rows[i].host);
    free(rows);
    return 0;
}

const struct cmd_entry cmd_sessions = { "sessions", "sessions [--login LOGIN] | sessions end ID",
                                        N_("open sessions, and ending one (administrator)"), ROLE_ADMIN,
                                        sessions_exec };
