#!/bin/sh
# scripts/run.sh BUILD — behind `make run`: the state directory with the embedded
# PostgreSQL cluster and the demo school (built once), the host key, and ejournald
# on 127.0.0.1:2222 in the foreground.  Ctrl-C stops the server and the cluster.
#
# As root, ejournald and PostgreSQL run as the `ejournal` user: when that user cannot
# reach this checkout (a clone under a 0700 home), the binaries and the state are
# staged under /var/lib/ejournal-demo instead of ./state.
set -eu
BUILD=${1:-build/default}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

BIN="$ROOT/$BUILD"
STATE="$ROOT/state"
if [ "$(id -u)" -eq 0 ] && ! runuser -u ejournal -- test -x "$BIN/ejournal" 2>/dev/null; then
    DEMO=/var/lib/ejournal-demo
    mkdir -p "$DEMO/bin"
    cp "$BIN/ejournald" "$BIN/ejournal" "$DEMO/bin/"
    rm -rf "$DEMO/bin/locale" && cp -r "$BIN/locale" "$DEMO/bin/locale"
    chmod -R a+rX "$DEMO"
    BIN="$DEMO/bin"
    STATE="$DEMO/state"
fi

CONF="$ROOT/$BUILD/run.conf"
cat > "$CONF" <<CONF
# written by make run
listen = [ "127.0.0.1" ];
port = 2222;
state_dir = "$STATE";
client_path = "$BIN/ejournal";
CONF

# The demo school, once: ejournald demo refuses (exit 1) when the school is there.
if [ ! -e "$STATE/.demo-built" ]; then
    echo "Building the demo school (once)..."
    rc=0
    "$BIN/ejournald" -c "$CONF" demo >/dev/null 2>"$ROOT/$BUILD/demo.err" || rc=$?
    # 0: built; 1: refused because the school is already there (a previous run).
    if [ "$rc" -le 1 ]; then
        touch "$STATE/.demo-built"
    else
        cat "$ROOT/$BUILD/demo.err" >&2
        exit "$rc"
    fi
fi
"$BIN/ejournald" -c "$CONF" demo --print-accounts
echo
echo "State: $STATE    Config: $CONF"
echo "Starting ejournald on 127.0.0.1:2222 (Ctrl-C stops it)..."
exec "$BIN/ejournald" -c "$CONF"
