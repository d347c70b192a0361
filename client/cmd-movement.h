/* cmd-movement — `pupils transfer|leave|history` (client/cmd-movement.c). */
#ifndef EJ_CMD_MOVEMENT_H
#define EJ_CMD_MOVEMENT_H
#include "cmd.h"
/* argv[1] is "transfer", "leave" or "history". */
int cmd_pupils_move(struct ej_ctx *ctx, int argc, char **argv, FILE *out, FILE *errf);
#endif
