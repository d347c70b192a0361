#!/usr/bin/env bash
# tests/run.sh BUILD — the test runner behind `make check`.
#
# Stages the ASan/UBSan binaries where the service user can reach them (never under a
# 0700 home), starts one throwaway PostgreSQL cluster in a mktemp -d directory (run as
# the `ejournal` user when we are root: initdb refuses root), migrates it and builds
# the demo school pinned to Thursday 2026-11-26 into the template database, then runs
# every test program (tests/{unit,db,screen,ssh}) two at a time.  Any sanitizer
# report fails the run.  Ends with one line "N passed, N failed"; exit 1 on failure.
# Never touches ./state or port 2222, so it runs beside `make run`.
set -u
BUILD=${1:-build/asan}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

TMP=$(mktemp -d /tmp/ejcheck.XXXXXX)
chmod 755 "$TMP"
mkdir -p "$TMP/bin" "$TMP/logs" "$TMP/san"
chmod 1777 "$TMP/san"
cp "$BUILD/ejournald" "$BUILD/ejournal" "$TMP/bin/"
cp -r "$BUILD/locale" "$TMP/bin/locale"
chmod -R a+rX "$TMP/bin"

export EJ_TEST_TMP="$TMP" EJ_TEST_BIN="$TMP/bin" EJ_TEST_SOCK="$TMP/state/pg/s"
export EJ_TEST_TEMPLATE=ejournal EJ_TEST_SRC="$ROOT" EJ_TEST_BUILD="$ROOT/$BUILD"
# Sanitizers: every report goes to $TMP/san (children after the privilege drop too)
# and fails the run.  Leak checking needs ptrace, which a container may refuse.
export ASAN_OPTIONS="log_path=$TMP/san/asan:detect_leaks=0:abort_on_error=1"
export UBSAN_OPTIONS="log_path=$TMP/san/ubsan:print_stacktrace=1:halt_on_error=1"
export LANGUAGE=ru LC_ALL=C.UTF-8 EJ_LOCALEDIR="$TMP/bin/locale"
export PATH="$ROOT/tests/fixtures/bin:$PATH"

cat > "$TMP/ejournal.conf" <<CONF
state_dir = "$TMP/state";
port = 0;
CONF

cleanup() {
    "$TMP/bin/ejournald" -c "$TMP/ejournal.conf" db stop >/dev/null 2>&1
    if [ "${KEEP_TMP:-0}" = 1 ]; then echo "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

setup_fail() {
    echo "setup failed: $1"
    cat "$TMP/logs/setup.log" 2>/dev/null | tail -40
    echo "0 passed, 1 failed"
    exit 1
}

"$TMP/bin/ejournald" -c "$TMP/ejournal.conf" db start >"$TMP/logs/setup.log" 2>&1 \
    || setup_fail "PostgreSQL cluster did not start"
"$TMP/bin/ejournald" -c "$TMP/ejournal.conf" migrate >>"$TMP/logs/setup.log" 2>&1 \
    || setup_fail "migrations failed"
"$TMP/bin/ejournald" -c "$TMP/ejournal.conf" demo --today 2026-11-26 >>"$TMP/logs/setup.log" 2>&1 \
    || { [ "${EJ_TEST_NO_DEMO:-0}" = 1 ] || setup_fail "demo school failed"; }

# The test programs, and python scripts for raw protocol tests (tests/ssh/*.py).
mapfile -t TESTS < <(ls "$BUILD"/tests/unit/* "$BUILD"/tests/db/* "$BUILD"/tests/screen/* \
    "$BUILD"/tests/ssh/* 2>/dev/null | grep -v '\.[od]$' | sort)
mapfile -t PYTESTS < <(ls tests/ssh/*.py 2>/dev/null | sort)
# EJ_TEST_FILTER=regex runs only the matching tests (for working on one area).
if [ -n "${EJ_TEST_FILTER:-}" ]; then
    mapfile -t TESTS < <(printf '%s\n' "${TESTS[@]}" | grep -E "$EJ_TEST_FILTER")
    mapfile -t PYTESTS < <(printf '%s\n' "${PYTESTS[@]}" | grep -E "$EJ_TEST_FILTER")
fi

run_one() {
    local t=$1 name log
    name=$(echo "$t" | sed "s|^$BUILD/tests/||; s|^tests/||; s|/|-|g")
    log="$TMP/logs/$name.log"
    local start=$(date +%s)
    case "$t" in
        *.py) timeout 600 /usr/bin/python3 "$t" >"$log" 2>&1 ;;
        *) timeout 900 "$t" >"$log" 2>&1 ;;
    esac
    local rc=$? line
    line=$(grep -E '^RESULT ' "$log" | tail -1)
    if [ -z "$line" ]; then
        line="RESULT $name passed=0 failed=1"
        echo "$line" >>"$log"
    fi
    echo "$line rc=$rc secs=$(( $(date +%s) - start ))" >"$log.result"
}
export -f run_one
export BUILD TMP

printf '%s\n' "${TESTS[@]}" "${PYTESTS[@]}" | grep -v '^$' | \
    xargs -P "${EJ_TEST_JOBS:-2}" -I{} bash -c 'run_one "$@"' _ {}

passed=0; failed=0
for r in "$TMP"/logs/*.result; do
    [ -e "$r" ] || continue
    read -r _ name p f rc secs <"$r"
    p=${p#passed=}; f=${f#failed=}; rc=${rc#rc=}
    if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
    passed=$((passed + p)); failed=$((failed + f))
    if [ "$f" != 0 ]; then
        echo "---- FAILED: $name ($rc, ${secs#secs=}s) ----"
        grep -vE '^RESULT ' "${r%.result}" | tail -60
    else
        echo "ok   $name: $p passed (${secs#secs=}s)"
    fi
done

for s in "$TMP"/san/*; do
    [ -e "$s" ] || continue
    echo "---- sanitizer report: $(basename "$s") ----"
    head -60 "$s"
    failed=$((failed + 1))
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
