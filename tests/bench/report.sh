#!/usr/bin/env bash
# tests/bench/report.sh FIGS CAPSTEPS OUT MEMTOTAL_MIB — writes docs/BENCHMARKS.md from the
# "FIG name value" lines of one `make bench` run (tests/bench/run.sh): the machine, the
# date, the command, the figures against the targets of issue #9, every raw figure, the
# capacity steps, and then tests/bench/findings.md (the profiles' findings, kept by hand).
set -u
FIGS=$1 CAPS=$2 OUT=$3 MEMTOTAL=$4
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
declare -A F
while read -r _ k v; do F[$k]=$v; done < <(grep '^FIG ' "$FIGS")
v() { echo "${F[$1]:-n/a}"; }
# The typing figure's name carries the number of sessions.
TY=$(grep -o 'b_ej50_mark[0-9]*_p99_ms' "$FIGS" | head -1 | sed 's/_p99_ms//')
TY=${TY:-b_ej50_mark200}
NTY=${TY#b_ej50_mark}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a != "n/a") printf "%.2f", a / b; else print "n/a" }'; }
# verdict VALUE OP LIMIT
verdict() {
    awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN {
        if (a == "n/a" || a == "") { print "—"; exit }
        ok = (op == "<=") ? (a + 0 <= b + 0) : (op == ">=") ? (a + 0 >= b + 0) : (op == "<") ? (a + 0 < b + 0) : (a + 0 == b + 0)
        print ok ? "met" : "**missed**" }'
}
CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
NPROC=$(nproc)
PGV=$(psql --version 2>/dev/null | awk '{print $3}')
SSHV=$(ssh -V 2>&1 | awk '{print $1}')
LIBSSHV=$(dpkg-query -W -f='${Version}' libssh-4 2>/dev/null)
LOGIN_R=$(ratio "$(v a_ej_login_p50_ms)" "$(v a_ssh_login_p50_ms)")
LOGIN_R99=$(ratio "$(v a_ej_login_p99_ms)" "$(v a_ssh_login_p99_ms)")
OPEN_R=$(ratio "$(v d_ej50_open_p50_ms)" "$(v d_ej1_open_p50_ms)")
PSS_MIB=$(awk -v k="$(v e_cap_pss_total_kib)" 'BEGIN { if (k == "n/a") print "n/a"; else printf "%.2f", k / 1024 }')
MARKS_LOST=$(awk -v a="$(v c_rush_marks_shown_saved)" -v b="$(v c_rush_marks_in_db)" 'BEGIN { print a - b }')

{
cat <<EOF
# Benchmarks

Written by \`make bench\` (tests/bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'); the whole
run took $(v total_s) s. Reproduce with:

\`\`\`sh
make bench          # as root: -O2 build in build/release, then tests/bench/run.sh build/release
\`\`\`

Machine: $NPROC cores, $CPU, $MEMTOTAL MiB RAM; $(uname -sr); PostgreSQL $PGV (embedded
cluster, fsync and synchronous_commit on), $SSHV (baseline sshd and the documents' ssh
client), libssh $LIBSSHV (the load client). The load client runs on the same 2 cores as
the servers and PostgreSQL, so every figure under load includes its own CPU use.

Data: the demo school (database \`ejournal\`) and the 50-school district
(\`ejournald demo --schools 50\`, database \`ej50\`), both pinned to Thursday 2026-11-26
(the database clock reads 08:00). The district took $(v setup_district_s) s to build.

Set-up (for a fair comparison): both servers pin key exchange \`curve25519-sha256\`, host key
\`ssh-ed25519\`, cipher \`chacha20-poly1305@openssh.com\`, authentication \`publickey\`; the
load client (tests/bench/ejload: libssh client API, one libvterm screen per session, a
100×30 xterm-256color terminal) pins the same. The baseline is a private OpenSSH sshd on
another loopback port with its own config and host key, \`UsePAM no\`, no motd or last-log,
running the same \`ejournal\` binary through \`ForceCommand exec …/ejournal\` with \`SetEnv\`
of the EJ_* environment ejournald passes (account ivanova, the same database), as the user
\`ejbench\` (uid and gid of \`ejournal\`, shell /bin/sh: the same rights as the application
under ejournald, no shell start-up files). A step is timed until its result is **drawn**
on the client's screen: login = TCP connect → the home screen with its status line
«Последний вход»; mark = key sent → status «Сохранено: …» (written only after COMMIT);
journal = Enter → the grid with its «Итог» column.

Limits raised in the bench's ejournald config (the defaults would refuse the load, as they
should): \`login.startups_begin = 2000\`, \`login.startups_full = 4000\`,
\`login.per_address_startups = 2000\` (every session comes from 127.0.0.1),
\`session.max_sessions = 2000\`, \`session.max_per_account = 1000\`; the cluster's
\`max_connections\` follows (2020). \`ulimit -n\` is raised to the hard limit.

## Against the targets

| target (issue #9, 2 cores) | figure | ejournald | sshd | ratio | verdict |
|---|---|---|---|---|---|
| login ratio ejournald/sshd ≤ 0.6 | login p50, ms ($(v a_ej_login_n) logins) | $(v a_ej_login_p50_ms) | $(v a_ssh_login_p50_ms) | $LOGIN_R | $(verdict "$LOGIN_R" "<=" 0.6) |
| | login p99, ms | $(v a_ej_login_p99_ms) | $(v a_ssh_login_p99_ms) | $LOGIN_R99 | $(verdict "$LOGIN_R99" "<=" 0.6) |
| mark p99 with $NTY typing sessions ≤ 20 ms | mark p99, ms (50 schools) | $(v ${TY}_p99_ms) | — | — | $(verdict "$(v ${TY}_p99_ms)" "<=" 20) |
| rush: errors 0 | errors (steps failed or not drawn in 60 s) | $(v c_rush_errors) | — | — | $(verdict "$(v c_rush_errors)" "==" 0) |
| rush: marks lost 0 | shown saved − in the database | $(v c_rush_marks_shown_saved) − $(v c_rush_marks_in_db) = $MARKS_LOST | — | — | $(verdict "$MARKS_LOST" "==" 0) |
| journal open ≤ 3 SQL round trips | round trips (1 / 50 schools) | $(v d_ej1_open_sql_roundtrips) / $(v d_ej50_open_sql_roundtrips) | — | — | $(verdict "$(v d_ej50_open_sql_roundtrips)" "<=" 3) |
| time(50)/time(1) ≤ 1.2 | journal open p50, ms (1 / 50 schools) | $(v d_ej1_open_p50_ms) / $(v d_ej50_open_p50_ms) | — | $OPEN_R | $(verdict "$OPEN_R" "<=" 1.2) |
| ≥ 1000 sessions, login p99 < 1 s | idle sessions held (limit of the run $(v e_cap_limit)) | $(v e_cap_sessions) (p99 $(v e_cap_login_p99_ms) ms) | — | — | $(verdict "$(v e_cap_sessions)" ">=" 1000) |
| ≤ 4 MiB PSS per idle session | PSS per session, MiB | $PSS_MIB | — | — | $(verdict "$PSS_MIB" "<=" 4) |
| ≤ 16 KiB to open a journal page | bytes on the wire | $(v f_ej_open_wire_bytes) | $(v f_ssh_open_wire_bytes) | $(ratio "$(v f_ej_open_wire_bytes)" "$(v f_ssh_open_wire_bytes)") | $(verdict "$(v f_ej_open_wire_bytes)" "<=" 16384) |
| ≤ 300 B per mark | bytes on the wire | $(v f_ej_mark_wire_bytes) | $(v f_ssh_mark_wire_bytes) | $(ratio "$(v f_ej_mark_wire_bytes)" "$(v f_ssh_mark_wire_bytes)") | $(verdict "$(v f_ej_mark_wire_bytes)" "<=" 300) |
| whole-school weekly PDFs ≤ 3 s | $(v g_weekly_classes) classes, $(v g_pupils) pupils, s | $(v g_weekly_school_ej_s) | — | — | $(verdict "$(v g_weekly_school_ej_s)" "<=" 3) |

## Every SSH figure, ejournald against sshd (same account, same database, same binary)

| figure | ejournald | sshd | ratio |
|---|---|---|---|
| login p50, ms | $(v a_ej_login_p50_ms) | $(v a_ssh_login_p50_ms) | $LOGIN_R |
| login p99, ms | $(v a_ej_login_p99_ms) | $(v a_ssh_login_p99_ms) | $LOGIN_R99 |
| login max, ms | $(v a_ej_login_max_ms) | $(v a_ssh_login_max_ms) | $(ratio "$(v a_ej_login_max_ms)" "$(v a_ssh_login_max_ms)") |
| mark round trip p50, 1 session, ms | $(v b_ej_mark1_p50_ms) | $(v b_ssh_mark1_p50_ms) | $(ratio "$(v b_ej_mark1_p50_ms)" "$(v b_ssh_mark1_p50_ms)") |
| mark round trip p99, 1 session, ms | $(v b_ej_mark1_p99_ms) | $(v b_ssh_mark1_p99_ms) | $(ratio "$(v b_ej_mark1_p99_ms)" "$(v b_ssh_mark1_p99_ms)") |
| journal open p50, ms | $(v d_ej1_open_p50_ms) | $(v d_ssh_open_p50_ms) | $(ratio "$(v d_ej1_open_p50_ms)" "$(v d_ssh_open_p50_ms)") |
| journal open p99, ms | $(v d_ej1_open_p99_ms) | $(v d_ssh_open_p99_ms) | $(ratio "$(v d_ej1_open_p99_ms)" "$(v d_ssh_open_p99_ms)") |
| bytes on the wire, journal page | $(v f_ej_open_wire_bytes) | $(v f_ssh_open_wire_bytes) | $(ratio "$(v f_ej_open_wire_bytes)" "$(v f_ssh_open_wire_bytes)") |
| bytes on the wire, one mark | $(v f_ej_mark_wire_bytes) | $(v f_ssh_mark_wire_bytes) | $(ratio "$(v f_ej_mark_wire_bytes)" "$(v f_ssh_mark_wire_bytes)") |
| weekly PDF of 7А, s (best of runs) | $(v g_weekly_7A_ej_s) | $(v g_weekly_7A_ssh_s) | $(ratio "$(v g_weekly_7A_ej_s)" "$(v g_weekly_7A_ssh_s)") |

The application alone on a local PTY (no SSH, same account): start to home screen drawn
p50 $(v a_app_app_start_p50_ms) ms, p99 $(v a_app_app_start_p99_ms) ms — the part of every
login that neither SSH server can change. Login on the 50-school database (ivanova.s2):
p50 $(v a_ej50_login_p50_ms) ms, p99 $(v a_ej50_login_p99_ms) ms.

## The scenarios

**a. Login.** $(v a_ej_login_n) logins one after another (ivanova, public key), each
closed once drawn. Errors: ejournald $(v a_ej_login_errors), sshd $(v a_ssh_login_errors).

**b. Mark round trip.** One session typing $(v b_ej_mark1_n) marks back to back into a
fresh column (F7): p50 $(v b_ej_mark1_p50_ms) ms, p99 $(v b_ej_mark1_p99_ms) ms. $NTY
sessions of $NTY different teachers of the district (one per school in turn), logged in
five a second, each with its journal open and a fresh column added; then all of them
start in the same second, each typing a mark a second into its own column for the run's
seconds at its own moment of the second (drawn at random, the same draw in every run: as
independent typists, some close together), and stay connected until every session has
typed its marks: $(v ${TY}_n) marks
($(v ${TY}_saved) shown saved), p50 $(v ${TY}_p50_ms) ms, p99 $(v ${TY}_p99_ms) ms, max
$(v ${TY}_max_ms) ms, errors $(v ${TY}_errors). Without each session's first five marks
(its connection's first writes, in the first seconds): p50 $(v ${TY}_warm_p50_ms) ms, p99
$(v ${TY}_warm_p99_ms) ms. SQL round trips of one mark (the lesson's facts with BEGIN, then the write with COMMIT; the cell takes the written value without a re-read):
$(v d_ej1_mark_sql_roundtrips).

**c. The 8:00 rush.** The district's teachers (others than in b; $(v c_rush_login_n) of
them logged in) start evenly within the window; each logs in, opens the journal of today's first lesson,
adds a lesson (F7) and types 15 marks, adds another and types 15 more, then enters the
topic of the last lesson (Enter, text, F2). The run took $(v c_rush_seconds) s.

| step | n | p50, ms | p99, ms | max, ms |
|---|---|---|---|---|
| login | $(v c_rush_login_n) | $(v c_rush_login_p50_ms) | $(v c_rush_login_p99_ms) | $(v c_rush_login_max_ms) |
| open the journal | $(v c_rush_open_n) | $(v c_rush_open_p50_ms) | $(v c_rush_open_p99_ms) | $(v c_rush_open_max_ms) |
| add a lesson (F7) | $(v c_rush_lesson_n) | $(v c_rush_lesson_p50_ms) | $(v c_rush_lesson_p99_ms) | $(v c_rush_lesson_max_ms) |
| mark | $(v c_rush_mark_n) | $(v c_rush_mark_p50_ms) | $(v c_rush_mark_p99_ms) | $(v c_rush_mark_max_ms) |
| topic | $(v c_rush_topic_n) | $(v c_rush_topic_p50_ms) | $(v c_rush_topic_p99_ms) | $(v c_rush_topic_max_ms) |

Errors $(v c_rush_errors); marks shown saved $(v c_rush_marks_shown_saved), new marks in
the database $(v c_rush_marks_in_db).

**d. Opening a journal.** ivanova's journal at today's first lesson (a class of the demo:
24–27 pupils, the current quarter from 05.11 — the demo has no 35-pupil class), opened
$(v d_ej1_open_n) times (Enter → grid drawn, Esc → home): 1 school p50
$(v d_ej1_open_p50_ms) / p99 $(v d_ej1_open_p99_ms) ms; 50 schools p50
$(v d_ej50_open_p50_ms) / p99 $(v d_ej50_open_p99_ms) ms. Round trips to draw the grid:
$(v d_ej1_open_sql_roundtrips) / $(v d_ej50_open_sql_roundtrips); the first opening in a
connection is followed, once the grid is drawn and no key has come for 200 ms, by
$(v d_ej1_open_warm_roundtrips) more (the warm-up of the connection's write path, once per
connection: the lesson's first mark written and rolled back). SQL round trips counted as the
application's send() calls on its libpq socket (strace) while the grid opens.

**e. Capacity.** Idle logged-in sessions (the district's accounts, home screen drawn,
held open) added 100 at a time; after each step 20 fresh logins measure the login time.
Stops when login p99 passes 1 s, a login fails, memory runs short, or at the run's limit
($(v e_cap_limit)). Held: $(v e_cap_sessions) with login p99 $(v e_cap_login_p99_ms) ms.
Memory per idle session (PSS from /proc/PID/smaps_rollup over $(v e_cap_pss_sessions)
sessions, measured after the last step and $(v e_cap_idle_wait_s) s without a key, past
\`session.db_release\` (60 s), when an idle session has given its database connection back):
ejournald connection process $(v e_cap_pss_conn_kib) KiB + application
$(v e_cap_pss_app_kib) KiB + PostgreSQL backends $(v e_cap_pss_pg_kib) KiB =
$(v e_cap_pss_total_kib) KiB (processes connection/application/ej_app backends:
$(v e_cap_procs); the backends left are the relay's and those of sessions a change woke).
The first hundred sessions just after logging in, each still holding its connection:
$(v e_cap_active_pss_conn_kib) + $(v e_cap_active_pss_app_kib) + $(v e_cap_active_pss_pg_kib) =
$(v e_cap_active_pss_total_kib) KiB per session. MemAvailable fell by
$(v e_cap_memavailable_used_mib) MiB.

| idle sessions | login p50, ms | login p99, ms | MemAvailable, MiB |
|---|---|---|---|
EOF
awk '{ printf "| %s | %s | %s | %s |\n", $2, $3, $4, $5 }' "$CAPS" 2>/dev/null
cat <<EOF

**f. Bytes on the wire**, server → client, counted by the kernel on the client's TCP
socket (tcpi_bytes_received: SSH framing and MAC included) in a 100×30 terminal: opening
the journal page $(v f_ej_open_wire_bytes) B (terminal output $(v f_ej_open_tty_bytes) B);
one mark, the mean of 10, $(v f_ej_mark_wire_bytes) B (terminal output
$(v f_ej_mark_tty_bytes) B).

**g. Documents** over SSH (the OpenSSH client, \`report … --format pdf\`): the weekly
reports of the whole school, $(v g_weekly_classes) classes ($(v g_pupils) pupils), as the
deputy director in one command (\`report weekly --school\`, one PDF):
$(v g_weekly_school_ej_s) s, $(v g_weekly_school_bytes) bytes of PDF; one command per class
instead: $(v g_weekly_per_class_ej_s) s in all, $(v g_weekly_per_class_bytes) bytes. The year
summary of 9А: $(v g_summary_9A_ej_s) s, $(v g_summary_9A_bytes) bytes.

## Every figure of this run

| name | value |
|---|---|
EOF
grep '^FIG ' "$FIGS" | awk '{ printf "| %s | %s |\n", $2, $3 }'
echo
if [ -f "$ROOT/tests/bench/findings.md" ]; then cat "$ROOT/tests/bench/findings.md"; fi
} >"$OUT"
