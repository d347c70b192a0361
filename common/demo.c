/* interim: replaced by the demo generator */
#include "demo.h"
#include "db.h"
const struct demo_account demo_accounts[] = { { "admin", "x", "x" } };
const int demo_naccounts = 1;
enum ej_err demo_build(struct ej_db *db, const struct demo_opts *opts, struct ej_error *err)
{
    (void)db; (void)opts;
    return ej_error_set(err, EJ_EINTERNAL, "not yet");
}
void demo_print_accounts(FILE *out, const char *h, int port) { (void)out; (void)h; (void)port; }
