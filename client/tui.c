/* interim: replaced by the full-screen application */
#include "tui.h"
int tui_main(struct ej_ctx *ctx) { (void)ctx; return 0; }
