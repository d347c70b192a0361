/*
 * auth — password and public-key authentication against the accounts in the
 * database (regulation 5.1–5.3, DESIGN.md §7).
 *
 * Rules kept here:
 *  - an unknown login, a wrong password, a locked or deactivated account get the
 *    same refusal after the same work (one lookup, one yescrypt check — against a
 *    dummy hash when there is no account), so that logins cannot be probed;
 *  - the throttle (per address and per login, in the database) is consulted
 *    BEFORE any hashing: a throttled attempt costs no CPU and is refused at once;
 *  - at most login.max_auth_tries failed attempts per connection; after that the
 *    connection is dropped and any attempt still queued is refused unevaluated;
 *  - a public key is granted only on a verified signature
 *    (SSH_PUBLICKEY_STATE_VALID); a bare offer gets "key acceptable" at most;
 *  - every success and failure (except key offers) is in login_event.
 */
#include "conn.h"
#include "db-auth.h"
#include "i18n.h"
#include "log.h"
#include "passwd.h"
#include "utf8.h"
#include "xmalloc.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The login as the database spells logins, or "" when it cannot be one.  `shown`
 * gets an inert form for the log and the login record (never raw bytes). */
static void login_normalize(const char *user, char norm[64], char shown[64])
{
    /* log_safe never writes past its size and always terminates */
    log_safe(user ? user : "", shown, 64);
    /* cut at a character boundary: log_safe output is ASCII or valid UTF-8 */
    size_t n = strlen(shown);
    while (n > 0 && ((unsigned char)shown[n - 1] & 0xC0) == 0x80)
        n--;
    if (n > 0 && ((unsigned char)shown[n - 1] & 0x80) && utf8_valid_prefix(shown + n - 1) == 0)
        shown[n - 1] = '\0';
    norm[0] = '\0';
    if (!user)
        return;
    size_t len = strlen(user);
    if (len < 2 || len > 32)
        return;
    for (size_t i = 0; i < len; i++) {
        char ch = user[i];
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a'); /* logins are lower case; accept "Ivanova" */
        bool ok = (ch >= 'a' && ch <= 'z') || (i > 0 && ((ch >= '0' && ch <= '9') || ch == '.' ||
                                                           ch == '_' || ch == '-'));
        if (!ok) {
            norm[0] = '\0';
            return;
        }
        norm[i] = ch;
    }
    norm[len] = '\0';
}

bool auth_db(struct conn *c)
{
    if (c->db)
        return true;
    struct ej_error err;
    c->db = db_connect(c->p->conninfo, &err);
    if (!c->db) {
        log_error("%s", err.msg);
        return false;
    }
    db_set_context(c->db, 0, c->addr);
    return true;
}

void auth_db_close(struct conn *c)
{
    db_close(c->db);
    c->db = NULL;
}

/* An SSH_MSG_USERAUTH_BANNER: the one way to tell a client why, during auth. */
static void banner(struct conn *c, const char *msg)
{
    char *text = xasprintf("ejournald: %s\r\n", msg);
    ssh_string s = ssh_string_from_char(text);
    if (s) {
        ssh_send_issue_banner(c->session, s);
        ssh_string_free(s);
    }
    free(text);
}

static void count_failure(struct conn *c)
{
    c->tries++;
    if (c->tries >= c->cfg->login_max_auth_tries)
        c->drop = true;
}

/* Ask the listener for a session slot (total and per-account limits). */
static void ask_listener(struct conn *c)
{
    if (c->p->ctl < 0)
        return;
    char msg[48];
    int len = snprintf(msg, sizeof msg, "A %lld\n", c->account_id);
    if (write(c->p->ctl, msg, (size_t)len) != len)
        return;
    char reply[16] = "";
    size_t got = 0;
    struct pollfd pfd = { .fd = c->p->ctl, .events = POLLIN };
    while (got < sizeof reply - 1 && !memchr(reply, '\n', got)) {
        int r = poll(&pfd, 1, 5000);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        ssize_t n = read(c->p->ctl, reply + got, sizeof reply - 1 - got);
        if (n <= 0)
            break;
        got += (size_t)n;
        reply[got] = '\0';
    }
    if (strncmp(reply, "N t", 3) == 0)
        snprintf(c->refused, sizeof c->refused, _("Too many sessions on the server (%d): try again later."),
                 c->cfg->session_max_sessions);
    else if (strncmp(reply, "N a", 3) == 0)
        snprintf(c->refused, sizeof c->refused,
                 _("Too many open sessions of this account (%d): close one first."),
                 c->cfg->session_max_per_account);
    else if (strncmp(reply, "Y", 1) != 0)
        snprintf(c->refused, sizeof c->refused, "%s", _("The server is stopping: try again later."));
}

static void granted(struct conn *c, long long account_id, const char *login, bool must_change,
                    const char *method)
{
    c->authenticated = true;
    c->account_id = account_id;
    snprintf(c->login, sizeof c->login, "%s", login);
    c->must_change = must_change;
    c->method = method;
    log_info("accepted %s for %s from %s port %d", method, login, c->addr, c->port);
    ask_listener(c);
}

/* A database failure during authentication: refuse, and say why. */
static int db_down(struct conn *c)
{
    banner(c, _("the database is unavailable: try again in a minute"));
    count_failure(c);
    return SSH_AUTH_DENIED;
}

int auth_password_cb(ssh_session session, const char *user, const char *password, void *userdata)
{
    (void)session;
    struct conn *c = userdata;
    if (c->drop || c->authenticated)
        return SSH_AUTH_DENIED;
    char login[64], shown[64];
    login_normalize(user, login, shown);
    const char *key = *login ? login : shown;
    struct ej_error err;
    if (!auth_db(c))
        return db_down(c);

    long remaining = 0;
    if (db_auth_throttle_remaining(c->db, c->addr, key, c->cfg->login_throttle_base_ms,
                                   c->cfg->login_throttle_max_s, &remaining, &err) != EJ_OK)
        return db_down(c);
    if (remaining > 0) {
        char msg[200];
        snprintf(msg, sizeof msg, _("too many failed logins: wait %ld s and try again"),
                 (remaining + 999) / 1000);
        banner(c, msg);
        db_auth_login_event(c->db, 0, shown, c->addr, "password", false, "throttled", NULL);
        log_info("throttled password for %s from %s (%ld ms left)", shown, c->addr, remaining);
        count_failure(c);
        return SSH_AUTH_DENIED;
    }

    struct db_auth_account acc;
    if (*login) {
        if (db_auth_lookup(c->db, login, &acc, &err) != EJ_OK)
            return db_down(c);
    } else {
        memset(&acc, 0, sizeof acc);
    }
    /* The same yescrypt work whether or not the account exists or may log in. */
    bool match = passwd_verify(password, acc.id && acc.hash && *acc.hash ? acc.hash : NULL);
    bool ok = match && acc.id && acc.usable;
    const char *reason = !acc.id ? "unknown login" : !match ? "bad password" : !acc.usable ? "locked" : "";
    long long id = acc.id;
    bool must_change = acc.must_change;
    db_auth_account_clear(&acc);
    if (ok) {
        db_auth_login_ok(c->db, id, login, c->addr, "password", NULL);
        granted(c, id, login, must_change, "password");
        return SSH_AUTH_SUCCESS;
    }
    db_auth_throttle_fail(c->db, c->addr, key, NULL);
    db_auth_login_event(c->db, id, shown, c->addr, "password", false, reason, NULL);
    log_info("failed password for %s from %s port %d (%s)", shown, c->addr, c->port, reason);
    count_failure(c);
    return SSH_AUTH_DENIED;
}

int auth_pubkey_cb(ssh_session session, const char *user, struct ssh_key_struct *pubkey,
                   char signature_state, void *userdata)
{
    (void)session;
    struct conn *c = userdata;
    if (c->drop || c->authenticated)
        return SSH_AUTH_DENIED;
    char login[64], shown[64];
    login_normalize(user, login, shown);
    if (signature_state != SSH_PUBLICKEY_STATE_NONE &&
        signature_state != SSH_PUBLICKEY_STATE_VALID) {
        /* A signature that does not verify. */
        if (auth_db(c))
            db_auth_login_event(c->db, 0, shown, c->addr, "publickey", false, "bad signature", NULL);
        log_info("bad public key signature for %s from %s", shown, c->addr);
        count_failure(c);
        return SSH_AUTH_DENIED;
    }
    if (!*login) {
        count_failure(c);
        return SSH_AUTH_DENIED;
    }
    if (!auth_db(c))
        return db_down(c);
    struct ej_error err;
    char *b64 = NULL;
    if (ssh_pki_export_pubkey_base64(pubkey, &b64) != SSH_OK || !b64) {
        count_failure(c);
        return SSH_AUTH_DENIED;
    }
    struct db_auth_account acc;
    bool known = false;
    enum ej_err e = db_auth_lookup(c->db, login, &acc, &err);
    if (e == EJ_OK && acc.id && acc.usable)
        e = db_auth_key_known(c->db, acc.id, b64, &known, &err);
    ssh_string_free_char(b64);
    long long id = acc.id;
    bool must_change = acc.must_change;
    db_auth_account_clear(&acc);
    if (e != EJ_OK)
        return db_down(c);
    if (signature_state == SSH_PUBLICKEY_STATE_NONE) {
        /* Only offered: "acceptable" (PK_OK) or not; never a login by itself. */
        if (known)
            return SSH_AUTH_SUCCESS;
        count_failure(c);
        return SSH_AUTH_DENIED;
    }
    if (!known) {
        db_auth_login_event(c->db, id, shown, c->addr, "publickey", false, "unknown key", NULL);
        log_info("failed publickey for %s from %s port %d", shown, c->addr, c->port);
        count_failure(c);
        return SSH_AUTH_DENIED;
    }
    db_auth_login_ok(c->db, id, login, c->addr, "publickey", NULL);
    granted(c, id, login, must_change, "publickey");
    return SSH_AUTH_SUCCESS;
}
