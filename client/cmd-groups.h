/* cmd-groups — `classes groups list|add|rename|delete|put|remove|members|import`
 * (client/cmd-groups.c). */
#ifndef EJ_CMD_GROUPS_H
#define EJ_CMD_GROUPS_H
#include "cmd.h"
/* argv[1] is "groups", argv[2] the verb. */
int cmd_classes_groups(struct ej_ctx *ctx, int argc, char **argv, FILE *in, FILE *out, FILE *errf);
/* The verbs' usage lines (also under `classes`'s own). */
void cmd_groups_usage(FILE *errf);
#endif
