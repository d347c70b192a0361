/*
 * ejournal — the application.  With no arguments on a terminal: the full-screen
 * journal (tui.c).  With arguments: a non-interactive command (cmd.c), the same
 * one a user reaches with `ssh host COMMAND ARGS`.
 *
 * Started by ejournald with the account in the environment (ctx.h); a temporary
 * password allows only the change form, and a command then exits 1 with
 * «Смените пароль: ssh -t …».
 */
#include "cmd.h"
#include "ctx.h"
#include "i18n.h"
#include "log.h"
#include "tui.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    i18n_init();
    log_init("ejournal", LOG_LVL_WARN);
    struct ej_ctx ctx;
    struct ej_error err;
    enum ej_err e = ctx_open_from_env(&ctx, &err);
    if (e != EJ_OK) {
        fprintf(stderr, "ejournal: %s\n", err.msg);
        return ej_err_exit_status(e);
    }
    int rc;
    if (argc > 1) {
        if (ctx.must_change) {
            fprintf(stderr, _("Change your password: %s\n"), ctx.ssh_hint);
            rc = 1;
        } else {
            rc = cmd_dispatch(&ctx, argc - 1, argv + 1, stdin, stdout, stderr);
        }
    } else if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "%s\n",
                _("ejournal: the full-screen application needs a terminal (ssh -t), "
                  "or give a command: help"));
        rc = 2;
    } else {
        rc = tui_main(&ctx);
    }
    ctx_close(&ctx);
    return rc;
}
