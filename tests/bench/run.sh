#!/usr/bin/env bash
# tests/bench/run.sh BUILD — `make bench`: the benchmarks of issue #9, in one unattended
# run, written to docs/BENCHMARKS.md.
#
# Stages the -O2 binaries in a mktemp -d directory, starts a throwaway PostgreSQL cluster
# there (as tests/run.sh does), builds the demo school (database "ejournal") and the
# 50-school district (database "ej50"), both pinned to Thursday 2026-11-26, gives every
# account the bench's ed25519 public key, and starts
#   - an ejournald for each database (limits raised for the load: see bench_conf below),
#   - the baseline: a private OpenSSH sshd on another loopback port with its own config and
#     host key, running the same `ejournal` binary for the same account (ForceCommand and
#     SetEnv with the EJ_* environment ejournald gives the application), as the system
#     user `ejbench` (created here when missing: the uid and gid of `ejournal`, shell
#     /bin/sh, so the application runs with the same rights and reaches the cluster's
#     socket, and no shell start-up files weigh on the baseline).
# Both servers pin the same key exchange (curve25519-sha256), host key (ssh-ed25519),
# cipher (chacha20-poly1305) and authentication (publickey); so does the load client,
# tests/bench/ejload (libssh + libvterm).  Then the scenarios a–g; every figure is a
# "FIG name value" line in $TMP/figs, and the report is written from them, followed by
# tests/bench/findings.md (what the profiles showed; kept by hand).
#
# BENCH_QUICK=1 runs every scenario small (a smoke test of the bench itself).
# BENCH_STEPS="a b" runs only those scenarios (for profiling one of them; the report is
# then written to BUILD/BENCHMARKS-partial.md, not docs/).  BENCH_HOLD=1 keeps the servers running
# after the scenarios (printing their ports and the load client's command line) until
# interrupted.  KEEP_TMP=1 keeps the directory.  Never touches ./state, port 2222 or `make check`.
set -u
BUILD=${1:-build/release}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
LOAD="$ROOT/$BUILD/tests/bench/ejload"
QUICK=${BENCH_QUICK:-0}
STEPS=${BENCH_STEPS:-a b c d e f g}
T_START=$(date +%s)

if [ "$QUICK" = 1 ]; then
    N_LOGIN=10 N_BURST=20 N_TYPING=10 T_TYPING=5 N_RUSH=10 W_RUSH=10 N_OPEN=5 CAP=60 N_DOC=1
else
    N_LOGIN=100 N_BURST=100 N_TYPING=200 T_TYPING=30 N_RUSH=300 W_RUSH=60 N_OPEN=30 CAP=1500 N_DOC=3
fi

# Many sessions: a socket each in the load client, files in PostgreSQL.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 65536 2>/dev/null
ulimit -u unlimited 2>/dev/null

TMP=$(mktemp -d /tmp/ejbench.XXXXXX)
chmod 755 "$TMP"
mkdir -p "$TMP/bin" "$TMP/logs"
cp "$BUILD/ejournald" "$BUILD/ejournal" "$TMP/bin/"
cp -r "$BUILD/locale" "$TMP/bin/locale"
chmod -R a+rX "$TMP/bin"
export LANGUAGE=ru LC_ALL=C.UTF-8 EJ_LOCALEDIR="$TMP/bin/locale"
SOCK="$TMP/state/pg/s"
if [ "$STEPS" = "a b c d e f g" ]; then OUT=${BENCH_OUT:-docs/BENCHMARKS.md}; else OUT=${BENCH_OUT:-$BUILD/BENCHMARKS-partial.md}; fi
step() { case " $STEPS " in *" $1 "*) return 0 ;; esac; return 1; }
FIGS="$TMP/figs"
: >"$FIGS"
PIDS=()

cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
    "$TMP/bin/ejournald" -c "$TMP/cluster.conf" db stop >/dev/null 2>&1
    if [ "${KEEP_TMP:-0}" = 1 ]; then echo "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

say() { echo "bench: $(date -u +%H:%M:%S) $*"; }
die() { echo "bench: FAILED: $*"; tail -30 "$TMP/logs/setup.log" 2>/dev/null; exit 1; }
fig() { echo "FIG $1 $2" >>"$FIGS"; }
# ejload's figures go to $FIGS, its log lines to logs/NAME.log.
load() {
    local name=$1; shift
    "$LOAD" "$@" 2>>"$TMP/logs/$name.log" | tee -a "$TMP/logs/$name.out" | grep '^FIG ' >>"$FIGS"
}
psql_() { psql -X -q -At -h "$SOCK" -U ejournal "$@"; }

# ---- the cluster, the school and the district ----
cat >"$TMP/cluster.conf" <<CONF
state_dir = "$TMP/state";
port = 0;
session: { max_sessions = 2000; };
CONF
say "PostgreSQL cluster, demo school, 50-school district"
EJD="$TMP/bin/ejournald"
"$EJD" -c "$TMP/cluster.conf" db start >"$TMP/logs/setup.log" 2>&1 || die "cluster did not start"
"$EJD" -c "$TMP/cluster.conf" migrate >>"$TMP/logs/setup.log" 2>&1 || die "migrate"
"$EJD" -c "$TMP/cluster.conf" demo --today 2026-11-26 >>"$TMP/logs/setup.log" 2>&1 || die "demo"
psql_ -d postgres -c "CREATE DATABASE ej50" >>"$TMP/logs/setup.log" 2>&1 || die "createdb ej50"

# bench_conf DB NAME: the config of an ejournald serving database DB.  The limits a
# load test needs raised: unauthenticated connections (startups, per address: every
# session comes from 127.0.0.1), sessions in total and per account.
bench_conf() {
    mkdir -p "$TMP/$2"
    chmod 777 "$TMP/$2"
    cat >"$TMP/$2/ejournal.conf" <<CONF
listen = [ "127.0.0.1" ];
port = 0;
state_dir = "$TMP/$2/state";
database: { conninfo = "host=$SOCK dbname=$1 user=ej_app"; owner_conninfo = "host=$SOCK dbname=$1 user=ejournal"; };
login: { startups_begin = 2000; startups_full = 4000; per_address_startups = 2000; };
session: { max_sessions = 2000; max_per_account = 1000; };
CONF
}
bench_conf ejournal srv1
bench_conf ej50 srv50
T0=$(date +%s)
"$EJD" -c "$TMP/srv50/ejournal.conf" migrate >>"$TMP/logs/setup.log" 2>&1 || die "migrate ej50"
"$EJD" -c "$TMP/srv50/ejournal.conf" demo --schools 50 --today 2026-11-26 >>"$TMP/logs/setup.log" 2>&1 \
    || die "demo --schools 50"
fig setup_district_s $(( $(date +%s) - T0 ))

ssh-keygen -q -t ed25519 -N '' -C bench -f "$TMP/key" || die "ssh-keygen"
B64=$(cut -d' ' -f2 "$TMP/key.pub")
for d in ejournal ej50; do
    psql_ -d "$d" -c "INSERT INTO account_key (account_id, key_type, key_b64, comment)
                      SELECT id, 'ssh-ed25519', '$B64', 'bench' FROM account" || die "keys"
    psql_ -d "$d" -c "VACUUM (ANALYZE)" || die "vacuum"
done
# The district was just bulk-loaded: without this, autovacuum visits every big table and
# the checkpoint of the load writes through the first scenarios (VACUUM also makes the
# statistics change, and every session replan).  A school's database at 8:00 is settled.
psql_ -d postgres -c "CHECKPOINT" || die "checkpoint"
# Teachers whose journals all take marks (no grade 1, no ungraded subject), spread over
# the district's schools: school 1's first teacher, school 2's first, …
psql_ -d ej50 -c "
  SELECT login FROM (
    SELECT a.login, r.school_id, row_number() OVER (PARTITION BY r.school_id ORDER BY a.id) AS k
      FROM account a JOIN account_role r ON r.account_id = a.id AND r.role = 'teacher'
     WHERE NOT a.must_change
       AND EXISTS (SELECT 1 FROM course_teacher ct
                    WHERE ct.school_id = r.school_id AND ct.staff_id = r.staff_id)
       AND NOT EXISTS (
           SELECT 1 FROM course_teacher ct
             JOIN course co ON co.school_id = ct.school_id AND co.id = ct.course_id
             JOIN class cl ON cl.school_id = co.school_id AND cl.id = co.class_id
             LEFT JOIN curriculum cu ON cu.school_id = co.school_id
                  AND cu.class_id = co.class_id AND cu.subject_id = co.subject_id
            WHERE ct.school_id = r.school_id AND ct.staff_id = r.staff_id
              AND NOT (coalesce(cu.graded, true) AND cl.grade > 1))) t
  ORDER BY k, school_id" >"$TMP/teachers.txt" || die "teachers"
NT=$(wc -l <"$TMP/teachers.txt")
# Disjoint sets: 200 typing, 300 in the rush, the rest (and all others) for capacity.
sed -n "1,${N_TYPING}p" "$TMP/teachers.txt" >"$TMP/typing.txt"
sed -n "$((N_TYPING + 1)),$((N_TYPING + N_RUSH))p" "$TMP/teachers.txt" >"$TMP/rush.txt"
psql_ -d ej50 -c "SELECT login FROM account WHERE NOT must_change ORDER BY school_id, id" >"$TMP/all50.txt"
fig teachers_graded "$NT"

# ---- the servers ----
start_ejournald() { # NAME
    "$EJD" -c "$TMP/$1/ejournal.conf" -P "$TMP/$1/port" >"$TMP/logs/$1.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    for _ in $(seq 300); do [ -s "$TMP/$1/port" ] && break; sleep 0.1; done
    [ -s "$TMP/$1/port" ] || die "ejournald $1 did not start: $(tail -5 "$TMP/logs/$1.log")"
    echo "$pid" >"$TMP/$1/pid"
}
say "servers"
start_ejournald srv1
start_ejournald srv50
PORT1=$(cat "$TMP/srv1/port")
PORT50=$(cat "$TMP/srv50/port")
PID50=$(cat "$TMP/srv50/pid")

# The baseline sshd.  ejbench: ejournal's uid and gid, a shell without start-up files,
# "*" as password (not "!": sshd without PAM refuses a locked account's keys too).
if [ "$(id -u)" -eq 0 ] && ! getent passwd ejbench >/dev/null; then
    useradd -o -u "$(id -u ejournal)" -g "$(id -g ejournal)" -M -d / -s /bin/sh ejbench 2>/dev/null
    usermod -p '*' ejbench
fi
getent passwd ejbench >/dev/null || die "no user ejbench (run make bench as root)"
SSHD=$(command -v sshd || echo /usr/sbin/sshd)
mkdir -p /run/sshd "$TMP/sshd"
chmod 755 "$TMP/sshd"
ssh-keygen -q -t ed25519 -N '' -f "$TMP/sshd/host_key"
cp "$TMP/key.pub" "$TMP/sshd/authorized_keys"
chmod 644 "$TMP/sshd/authorized_keys"
SPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ACC1=$(psql_ -d ejournal -c "SELECT id FROM account WHERE login = 'ivanova'")
CONN1="host=$SOCK dbname=ejournal user=ej_app"
cat >"$TMP/sshd/sshd_config" <<CONF
ListenAddress 127.0.0.1:$SPORT
HostKey $TMP/sshd/host_key
HostKeyAlgorithms ssh-ed25519
KexAlgorithms curve25519-sha256
Ciphers chacha20-poly1305@openssh.com
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthenticationMethods publickey
AuthorizedKeysFile $TMP/sshd/authorized_keys
StrictModes no
UsePAM no
PidFile $TMP/sshd/sshd.pid
UseDNS no
PrintMotd no
PrintLastLog no
MaxStartups 2000
LogLevel ERROR
SetEnv EJ_ACCOUNT=$ACC1 "EJ_CONNINFO=$CONN1" EJ_CLIENT_ADDR=127.0.0.1 EJ_SESSION=0 EJ_IDLE_LOCK=900 EJ_IDLE_DISCONNECT=3600 EJ_MIN_PASSWORD=8 LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=ru EJ_LOCALEDIR=$TMP/bin/locale
ForceCommand exec $TMP/bin/ejournal \$SSH_ORIGINAL_COMMAND
CONF
"$SSHD" -t -f "$TMP/sshd/sshd_config" >>"$TMP/logs/setup.log" 2>&1 || die "sshd config"
"$SSHD" -D -e -f "$TMP/sshd/sshd_config" >"$TMP/logs/sshd.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$SPORT") 2>/dev/null && break; sleep 0.1; done
fig setup_s $(( $(date +%s) - T_START ))

K=(-k "$TMP/key")
MEM_TOTAL=$(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo)
: >"$TMP/cap_steps"
# ---- a. login to the first screen ----
if step a; then
    say "a. logins: ejournald, sshd, the application alone"
    load a_ej login -p "$PORT1" -u ivanova "${K[@]}" -n "$N_LOGIN" -P a_ej
    load a_ssh login -p "$SPORT" -u ejbench "${K[@]}" -n "$N_LOGIN" -P a_ssh
    load a_ej50 login -p "$PORT50" -u ivanova.s2 "${K[@]}" -n "$N_LOGIN" -P a_ej50
    load a_app local -A "$ACC1" -C "$CONN1" -b "$TMP/bin/ejournal" -n 20 -P a_app
fi
# ---- f. bytes on the wire ----
if step f; then
    say "f. bytes on the wire"
    load f_ej bytes -p "$PORT1" -u ivanova "${K[@]}" -P f_ej
    load f_ssh bytes -p "$SPORT" -u ejbench "${K[@]}" -P f_ssh
fi
# ---- d. opening a journal grid ----
if step d; then
    say "d. opening a journal: 1 school, 50 schools"
    load d_ej1 open -p "$PORT1" -u ivanova "${K[@]}" -n "$N_OPEN" -P d_ej1
    load d_ej50 open -p "$PORT50" -u ivanova "${K[@]}" -n "$N_OPEN" -P d_ej50
    load d_ssh open -p "$SPORT" -u ejbench "${K[@]}" -n "$N_OPEN" -P d_ssh
    ACC50=$(psql_ -d ej50 -c "SELECT id FROM account WHERE login = 'ivanova'")
    load d_trips1 trips -A "$ACC1" -C "$CONN1" -b "$TMP/bin/ejournal" -P d_ej1
    load d_trips50 trips -A "$ACC50" -C "host=$SOCK dbname=ej50 user=ej_app" -b "$TMP/bin/ejournal" -P d_ej50
    # Which journal, and how big (the grid opens at today's first lesson of ivanova).
    psql_ -d ejournal -c "SELECT count(*) FROM lesson" >/dev/null
fi
# ---- b. mark round trip ----
if step b; then
    say "b. marks: one session, then $N_TYPING sessions typing a mark a second"
    load b_ej burst -p "$PORT1" -u petrov "${K[@]}" -n "$N_BURST" -P b_ej
    load b_ssh burst -p "$SPORT" -u ejbench "${K[@]}" -n "$N_BURST" -P b_ssh
    load b_typing marks -p "$PORT50" -U "$TMP/typing.txt" -s "$N_TYPING" -t "$T_TYPING" "${K[@]}" -P b_ej50
fi
# ---- c. the 8:00 rush ----
if step c; then
    say "c. the rush: $N_RUSH teachers in $W_RUSH s"
    MARKS_Q="SELECT count(*) FROM mark m JOIN work w ON w.school_id = m.school_id AND w.id = m.work_id
             JOIN lesson l ON l.school_id = w.school_id AND l.id = w.lesson_id WHERE NOT l.from_timetable"
    M0=$(psql_ -d ej50 -c "$MARKS_Q")
    load c_rush rush -p "$PORT50" -U "$TMP/rush.txt" -s "$N_RUSH" -w "$W_RUSH" "${K[@]}" -P c
    M1=$(psql_ -d ej50 -c "$MARKS_Q")
    fig c_rush_marks_in_db $((M1 - M0))
fi
# ---- e. capacity ----
if step e; then
    say "e. capacity: idle sessions up to $CAP"
    load e_cap capacity -p "$PORT50" -U "$TMP/all50.txt" -S "$PID50" -c "$CAP" "${K[@]}" -P e
    grep '^CAP ' "$TMP/logs/e_cap.out" >"$TMP/cap_steps" 2>/dev/null
fi
# ---- g. documents ----
if step g; then
    say "g. documents"
    SSHO=(-F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR
          -o KexAlgorithms=curve25519-sha256 -o HostKeyAlgorithms=ssh-ed25519
          -o PreferredAuthentications=publickey -o BatchMode=yes -i "$TMP/key")
    mapfile -t CLASSES < <(psql_ -d ejournal -c "SELECT grade || letter FROM class ORDER BY grade, letter")
    NPUPILS=$(psql_ -d ejournal -c "SELECT count(DISTINCT pupil_id) FROM enrollment")
    now() { date +%s.%N; }
    since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
    doc_all() { # PORT USER: every class's weekly PDF, one ssh command per class; "SECONDS BYTES"
        local port=$1 user=$2 t0 bytes=0 c
        t0=$(now)
        for c in "${CLASSES[@]}"; do
            ssh "${SSHO[@]}" -p "$port" "$user@127.0.0.1" report weekly --class "$c" --format pdf \
                >"$TMP/w.pdf" 2>>"$TMP/logs/g.log" || echo "weekly $c failed" >>"$TMP/logs/g.log"
            bytes=$((bytes + $(stat -c %s "$TMP/w.pdf")))
        done
        echo "$(since "$t0") $bytes"
    }
    doc_one() { # PORT USER ARGS…: one document; "SECONDS BYTES"
        local port=$1 user=$2 t0
        shift 2
        t0=$(now)
        ssh "${SSHO[@]}" -p "$port" "$user@127.0.0.1" "$@" >"$TMP/d.pdf" 2>>"$TMP/logs/g.log" \
            || echo "$* failed" >>"$TMP/logs/g.log"
        echo "$(since "$t0") $(stat -c %s "$TMP/d.pdf")"
    }
    min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? a : b) }'; }
    # The whole school through ejournald as the deputy director: one command
    # (`report weekly --school`, every class in one process and one PDF), and for
    # comparison one command per class; the best of N_DOC runs of each.
    best=999; bestc=999
    for _ in $(seq "$N_DOC"); do
        read -r s b < <(doc_one "$PORT1" zavuch report weekly --school --format pdf)
        best=$(min "$s" "$best")
        read -r s bc < <(doc_all "$PORT1" zavuch)
        bestc=$(min "$s" "$bestc")
    done
    fig g_weekly_school_ej_s "$best"
    fig g_weekly_school_bytes "$b"
    fig g_weekly_per_class_ej_s "$bestc"
    fig g_weekly_per_class_bytes "$bc"
    fig g_weekly_classes "${#CLASSES[@]}"
    fig g_pupils "$NPUPILS"
    read -r s b < <(doc_one "$PORT1" zavuch report summary --class 9А --format pdf)
    fig g_summary_9A_ej_s "$s"
    fig g_summary_9A_bytes "$b"
    # ejournald against sshd for the same account (ivanova: her class 7А), best of N_DOC.
    be=999; bs=999
    for _ in $(seq "$N_DOC"); do
        read -r s b < <(doc_one "$PORT1" ivanova report weekly --class 7А --format pdf)
        be=$(min "$s" "$be")
        read -r s b < <(doc_one "$SPORT" ejbench report weekly --class 7А --format pdf)
        bs=$(min "$s" "$bs")
    done
    fig g_weekly_7A_ej_s "$be"
    fig g_weekly_7A_ssh_s "$bs"
    fig g_weekly_7A_bytes "$b"
fi
if [ "${BENCH_HOLD:-0}" = 1 ]; then
    say "holding: ejournald $PORT1 (demo), $PORT50 (district, pid $PID50), sshd $SPORT; $TMP"
    say "  e.g. $LOAD marks -p $PORT50 -U $TMP/typing.txt -s 200 -t 30 -k $TMP/key"
    while sleep 3600; do :; done
fi
fig total_s $(( $(date +%s) - T_START ))
say "writing $OUT"
bash tests/bench/report.sh "$FIGS" "$TMP/cap_steps" "$OUT" "$MEM_TOTAL"
say "done in $(( $(date +%s) - T_START )) s"
