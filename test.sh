#!/usr/bin/env bash
# Runs every test of RuralLedger: ./test.sh (from any directory).
#
#  1. installs, only if missing, the Debian packages the tests need;
#  2. restores and builds the solution (Release);
#  3. starts a throwaway PostgreSQL 15 cluster on 127.0.0.1 and exports
#     RURAL_TEST_PG (tests create their own databases in it);
#  4. runs each test project (tests/*/*.csproj) with a TRX report in TestResults/,
#     prints each project's counts and wall time and the total time, sums the counts,
#     and prints as its very last line:
#         N passed, N failed, N skipped
#
# Exit status: non-zero when the build fails, any test fails, a test project
# crashes / times out / writes no report (counted as at least 1 failed), or no
# test ran at all (set ALLOW_NO_TESTS=1 to accept that).
#
# Overridable: SOLUTION (RuralLedger.slnx), TEST_GLOB (tests/*/*.csproj),
# TEST_TIMEOUT per project (40m: a shared machine runs three times slower; 0 = none), PG_BIN (/usr/lib/postgresql/15/bin),
# PG_PORT_START (55432), SKIP_APT=1 (do not check/install Debian packages).
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
REPO=$(pwd -P)

SOLUTION=${SOLUTION:-RuralLedger.slnx}
TEST_GLOB=${TEST_GLOB:-tests/*/*.csproj}
TEST_TIMEOUT=${TEST_TIMEOUT:-40m}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT_START=${PG_PORT_START:-55432}
RESULTS="$REPO/TestResults"

# Quiet, offline-friendly .NET CLI; no build servers left running after we exit.
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=true DOTNET_GENERATE_ASPNET_CERTIFICATE=false
export MSBUILDDISABLENODEREUSE=${MSBUILDDISABLENODEREUSE:-1}
export DOTNET_CLI_USE_MSBUILD_SERVER=${DOTNET_CLI_USE_MSBUILD_SERVER:-0}
export UseSharedCompilation=${UseSharedCompilation:-false}
export NUGET_CERT_REVOCATION_MODE=${NUGET_CERT_REVOCATION_MODE:-offline}

log() { printf '==> %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1

# ---------------------------------------------------------------- packages
pkg_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# apt_ensure PKG...: installs the missing ones; returns 1 if it could not.
apt_ensure() {
    local missing=() p
    command -v dpkg-query >/dev/null 2>&1 || { warn "no dpkg here; cannot check packages: $*"; return 1; }
    for p in "$@"; do pkg_installed "$p" || missing+=("$p"); done
    [ "${#missing[@]}" -eq 0 ] && return 0
    local sudo=()
    if [ "$IS_ROOT" -ne 1 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            warn "missing packages (${missing[*]}) and neither root nor sudo: install them yourself; continuing"
            return 1
        fi
    fi
    log "installing missing packages: ${missing[*]}"
    # Another apt or unattended-upgrades may hold the dpkg lock: wait for it (up to 10 min) rather than fail.
    local lock=(-o DPkg::Lock::Timeout=600)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q "${lock[@]}" update \
        || { warn "apt-get update failed"; return 1; }
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q "${lock[@]}" install -y --no-install-recommends \
        -o Dpkg::Use-Pty=0 "${missing[@]}" \
        || { warn "apt-get install ${missing[*]} failed"; return 1; }
}

if [ "${SKIP_APT:-0}" != 1 ]; then
    apt_ensure chromium fonts-arphic-gbsn00lp fonts-noto-cjk poppler-utils \
        || [ "$IS_ROOT" -ne 1 ] || die "could not install the packages the tests need"
    [ -x "$PG_BIN/initdb" ] || apt_ensure postgresql-15 || true
fi
[ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 not found in $PG_BIN (apt-get install postgresql-15)"

# ---------------------------------------------------------------- cleanup
PGTMP=""
cleanup() {
    [ -n "$PGTMP" ] && [ -d "$PGTMP" ] || return 0
    local pid=""
    if [ -f "$PGTMP/data/postmaster.pid" ]; then
        pid=$(head -n1 "$PGTMP/data/postmaster.pid" 2>/dev/null || true)
        pg_as "$PG_BIN/pg_ctl" -D "$PGTMP/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
    fi
    rm -rf "$PGTMP" 2>/dev/null || true
    PGTMP=""
}
CHILD=""
on_signal() {
    [ -n "$CHILD" ] && kill -TERM "$CHILD" 2>/dev/null
    exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP

# Runs a PostgreSQL program as postgres when we are root (it refuses root).
pg_as() {
    if [ "$IS_ROOT" -eq 1 ]; then
        (cd "$PGTMP" && runuser -u postgres -- "$@")
    else
        (cd "$PGTMP" && "$@")
    fi
}

# ---------------------------------------------------------------- build
log "dotnet restore $SOLUTION"
dotnet restore "$SOLUTION"
log "dotnet build $SOLUTION -c Release"
dotnet build "$SOLUTION" -c Release --no-restore

# ---------------------------------------------------------------- PostgreSQL
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pg_start_t0=$(date +%s.%N)
if [ "$IS_ROOT" -eq 1 ]; then
    PGTMP=$(mktemp -d /tmp/ruralledger-pg.XXXXXX)
    chown postgres:postgres "$PGTMP"
else
    PGTMP=$(mktemp -d "${TMPDIR:-/tmp}/ruralledger-pg.XXXXXX")
fi
chmod 700 "$PGTMP"

pg_locale=C
if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then pg_locale=C.UTF-8; fi
if ! pg_as "$PG_BIN/initdb" -D "$PGTMP/data" -A trust -U postgres --encoding=UTF8 \
        --locale="$pg_locale" --no-sync >"$PGTMP/initdb.log" 2>&1; then
    if [ "$pg_locale" != C ]; then
        pg_as rm -rf "$PGTMP/data"
        pg_as "$PG_BIN/initdb" -D "$PGTMP/data" -A trust -U postgres --encoding=UTF8 \
            --locale=C --no-sync >"$PGTMP/initdb.log" 2>&1 \
            || { cat "$PGTMP/initdb.log" >&2; die "initdb failed"; }
    else
        cat "$PGTMP/initdb.log" >&2; die "initdb failed"
    fi
fi
cat >>"$PGTMP/data/postgresql.conf" <<EOF

# --- throwaway test cluster (test.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGTMP'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF

PORT=""
candidate=$PG_PORT_START
for _try in 1 2 3 4 5; do
    while port_busy "$candidate"; do candidate=$((candidate + 1)); done
    if pg_as "$PG_BIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/postgres.log" -o "-p $candidate" \
            -w -t 60 start >/dev/null 2>&1; then
        PORT=$candidate
        break
    fi
    candidate=$((candidate + 1))
done
if [ -z "$PORT" ]; then
    tail -n 30 "$PGTMP/postgres.log" >&2 2>/dev/null || true
    die "PostgreSQL did not start"
fi
for _i in $(seq 1 60); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 1 && break
    [ "$_i" -eq 60 ] && { tail -n 30 "$PGTMP/postgres.log" >&2 || true; die "PostgreSQL not ready"; }
    sleep 0.5
done
pg_secs=$(awk -v a="$pg_start_t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
log "PostgreSQL 15 ready on 127.0.0.1:$PORT in ${pg_secs}s (data in $PGTMP)"

export RURAL_TEST_PG="Host=127.0.0.1;Port=$PORT;Username=postgres;Password=postgres;Database=postgres;Pooling=true"
export RURAL_TEST_OUTPUT="$RESULTS"

# ---------------------------------------------------------------- tests
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

shopt -s nullglob
# shellcheck disable=SC2206  # TEST_GLOB is meant to expand
projects=($TEST_GLOB)
shopt -u nullglob

# Prints: total executed passed failed skipped (failed includes error/timeout/aborted; skipped includes the
# explicit-only benchmarks the report counts as "notRunnable").
trx_counts() {
    awk '
        function get(s, name,   v) {
            if (match(s, " " name "=\"[0-9]+\"")) { v = substr(s, RSTART, RLENGTH); gsub(/[^0-9]/, "", v); return v + 0 }
            return 0
        }
        match($0, /<Counters [^>]*>/) {
            s = substr($0, RSTART, RLENGTH)
            print get(s, "total"), get(s, "executed"), get(s, "passed"),
                  get(s, "failed") + get(s, "error") + get(s, "timeout") + get(s, "aborted"),
                  get(s, "notExecuted") + get(s, "notRunnable")
            exit
        }' "$1"
}

PASSED=0 FAILED=0 SKIPPED=0 EXECUTED=0
summary_lines=()
tests_t0=$SECONDS
for proj in "${projects[@]}"; do
    name=$(basename "$proj" .csproj)
    trx="$name.trx"
    log "testing $name"
    project_t0=$SECONDS
    # In the background so that Ctrl-C / TERM can be forwarded: timeout kills the whole
    # test process tree (dotnet test + test host) on expiry or when we forward a signal.
    timeout --kill-after=60s "$TEST_TIMEOUT" \
        dotnet test --project "$proj" -c Release --no-build \
            --results-directory "$RESULTS" --report-xunit-trx --report-xunit-trx-filename "$trx" &
    CHILD=$!
    rc=0
    wait "$CHILD" || rc=$?
    CHILD=""
    secs=$((SECONDS - project_t0))

    counts=""
    [ -f "$RESULTS/$trx" ] && counts=$(trx_counts "$RESULTS/$trx" || true)
    if [ -z "$counts" ]; then
        note="CRASHED: no test report (exit $rc)"
        [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && note="TIMED OUT after $TEST_TIMEOUT: no test report"
        FAILED=$((FAILED + 1))
        summary_lines+=("  $name  passed=0 failed=1 skipped=0  $note ($secs s)")
        continue
    fi
    read -r t e p f s <<<"$counts"
    note="exit $rc"
    case "$rc" in
        0 | 2 | 8) [ "$rc" -eq 2 ] && [ "$f" -eq 0 ] && { f=1; note="exit 2 but no failed test in report: counted 1 failed"; } ;;
        124 | 137) note="TIMED OUT after $TEST_TIMEOUT"; [ "$f" -eq 0 ] && f=1 ;;
        *) note="ABORTED/CRASHED (exit $rc)"; [ "$f" -eq 0 ] && f=1 ;;
    esac
    [ "$t" -eq 0 ] && note="$note, ran no test"
    PASSED=$((PASSED + p)) FAILED=$((FAILED + f)) SKIPPED=$((SKIPPED + s)) EXECUTED=$((EXECUTED + e))
    summary_lines+=("  $name  passed=$p failed=$f skipped=$s  ($note, $secs s)")
    # Name the failed tests in the summary: CI keeps only the tail of the output.
    while IFS= read -r failed_name; do
        if [ -n "$failed_name" ]; then summary_lines+=("    FAILED: $failed_name"); fi
    done < <(grep -o '<UnitTestResult [^>]*outcome="\(Failed\|Error\|Timeout\|Aborted\)"[^>]*>' "$RESULTS/$trx" \
                 | sed -n 's/.*testName="\([^"]*\)".*/\1/p' | head -20)
done
tests_secs=$((SECONDS - tests_t0))

cleanup >/dev/null 2>&1 || true

echo
echo "Test projects (reports in TestResults/):"
[ "${#projects[@]}" -eq 0 ] && echo "  none found matching $TEST_GLOB"
for l in "${summary_lines[@]+"${summary_lines[@]}"}"; do echo "$l"; done
echo "Time: $tests_secs s of tests ($(printf '%d:%02d' $((tests_secs / 60)) $((tests_secs % 60)))), $SECONDS s in all (with packages, build, PostgreSQL)"

status=0
[ "$FAILED" -gt 0 ] && status=1
if [ "$EXECUTED" -eq 0 ] && [ "$FAILED" -eq 0 ] && [ "${ALLOW_NO_TESTS:-0}" != 1 ]; then
    echo "No test ran (set ALLOW_NO_TESTS=1 to accept that)."
    status=1
fi
echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
exit "$status"
