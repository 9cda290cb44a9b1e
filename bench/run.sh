#!/usr/bin/env bash
# Runs the standard benchmark suite against an ALREADY RUNNING ServiceHub node and writes
# bench/results/report-<date>.md. See bench/README.md for how to start the server.
#
# Settings (environment variables; flags of the same name in lower case also work, e.g. --port 5001):
#   JWT_SECRET      the server's JWT_SECRET (required)
#   HOST, PORT      the node under test (127.0.0.1, 5000); or WS_URL / API_URL in full
#   REDIS_URL       the Redis the server uses (redis://127.0.0.1:6379)
#   SERVER_PID      the server's PID (found from the listening port when not given); needed for
#                   the memory scenario and the server-CPU column
#   NODE_B_WS_URL   a second node's WebSocket URL (e.g. ws://127.0.0.1:5001/ws): adds the
#                   cross-node scenario (publish through this node's REST API, receive on node B)
#   NODE_B_PID      node B's PID, so that the cross-node CPU column counts both nodes
#   SCENARIOS       which to run, in order (default below)
#   STEP_SECONDS    length of each load step (15); WARMUP_SECONDS (5)
#   QUICK=1         a smoke run: small connection counts and 3 s steps
#   JAVA_OPTS       for the generator JVM (-Xms1g -Xmx1g)
#   START_SERVER=1  the operator's mode: instead of measuring a running node, start a fresh one
#                   for each of RUNS runs (2) with the documented start command, bin/servicehub
#                   (ops/jvm.options), exactly as an operator would, run SCENARIOS (default:
#                   memory, at 0, 1,000, 5,000 and 19,000 connections in rooms of 5) and stop it.
#                   The node gets JWT_SECRET, REDIS_URL, PORT and, when set, DATABASE_URL and
#                   SEED_DEMO_DATA; SERVER_JAVA_OPTS adds flags after the file's (e.g. NMT).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --*=*) name="${1%%=*}"; value="${1#*=}"; shift ;;
    --*) name="$1"; value="${2:?missing value for $1}"; shift 2 ;;
    *) echo "unexpected argument: $1" >&2; exit 2 ;;
  esac
  name="${name#--}"; name="${name^^}"; name="${name//-/_}"
  printf -v "$name" '%s' "$value"; export "${name?}"
done

HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-5000}"
WS_URL="${WS_URL:-ws://$HOST:$PORT/ws}"
API_URL="${API_URL:-http://$HOST:$PORT}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
STEP_SECONDS="${STEP_SECONDS:-15}"
WARMUP_SECONDS="${WARMUP_SECONDS:-5}"
JAVA_OPTS="${JAVA_OPTS:--Xms1g -Xmx1g}"
DEFAULT_SCENARIOS="handshake memory fanout bigroom rest-status rest-location redis-location"
[[ -n "${NODE_B_WS_URL:-}" ]] && DEFAULT_SCENARIOS="$DEFAULT_SCENARIOS cluster"
START_SERVER="${START_SERVER:-0}"
RUNS="${RUNS:-2}"
[[ "$START_SERVER" == 1 ]] && DEFAULT_SCENARIOS="memory"
SCENARIOS="${SCENARIOS:-$DEFAULT_SCENARIOS}"

if [[ -z "${JWT_SECRET:-}" ]]; then
  echo "JWT_SECRET is required (the server's secret, so the generator can mint tokens)" >&2
  exit 2
fi
export JWT_SECRET

# Connection counts and rates of the standard suite (the targets of the realtime issue).
if [[ "${QUICK:-0}" == 1 ]]; then
  STEP_SECONDS=3; WARMUP_SECONDS=1
  HANDSHAKE_CONNECTIONS=2000; MEMORY_LEVELS="0,2000"; MEMORY_SETTLE=3
  FANOUT_CONNECTIONS=2000; FANOUT_RATES="10000,20000"
  BIGROOM_CONNECTIONS=1000; BIGROOM_RATES="20000,40000"
  REST_RATES="50,100"; LOCATION_RATES="200,500"; BOOKINGS_LOCATION=100
else
  HANDSHAKE_CONNECTIONS=10000; MEMORY_LEVELS="0,5000,10000,19000"; MEMORY_SETTLE=10
  [[ "$START_SERVER" == 1 ]] && MEMORY_LEVELS="0,1000,5000,19000"
  FANOUT_CONNECTIONS=10000; FANOUT_RATES="20000,40000,60000,80000"
  BIGROOM_CONNECTIONS=5000; BIGROOM_RATES="25000,50000,100000,125000"
  REST_RATES="50,100,200,300"; LOCATION_RATES="1000,2000,5000"; BOOKINGS_LOCATION=500
fi

MEMORY_ROOM_SIZE="${MEMORY_ROOM_SIZE:-$([[ "$START_SERVER" == 1 ]] && echo 5 || echo 1)}"

if [[ "$START_SERVER" == 1 ]]; then
  if ss -Hltn "sport = :$PORT" 2>/dev/null | grep -q .; then
    echo "START_SERVER=1: port $PORT is already taken; pick another PORT" >&2
    exit 2
  fi
  SERVER_PID=""
elif [[ -z "${SERVER_PID:-}" ]] && command -v ss >/dev/null; then
  SERVER_PID="$(ss -Hltnp "sport = :$PORT" 2>/dev/null | grep -oE 'pid=[0-9]+' | head -1 | cut -d= -f2 || true)"
fi
SERVER_PID="${SERVER_PID:-}"

JAR="$HERE/target/servicehub-bench.jar"
if [[ ! -f "$JAR" ]] || [[ -n "$(find "$HERE/src/main" "$HERE/pom.xml" -newer "$JAR" -print -quit)" ]]; then
  echo "building the generator..."
  mvn -q -f "$HERE/pom.xml" package -DskipTests
fi

mkdir -p "$HERE/results"
STAMP="$(date -u +%Y-%m-%dT%H-%M-%SZ)"
REPORT="$HERE/results/report-$STAMP.md"
LOG="$HERE/results/run-$STAMP.log"

open_files="$(ulimit -n)"
if [[ "$open_files" != unlimited && "$open_files" -lt 19500 ]]; then
  echo "warning: ulimit -n is $open_files; the 19,000-connection scenarios need about 19,500" | tee -a "$LOG"
fi


bench() {
  echo "=== $*" | tee -a "$LOG"
  # shellcheck disable=SC2086
  if ! java $JAVA_OPTS -jar "$JAR" "$@" --report "$REPORT" ${PIDS:+--server-pid "$PIDS"} 2>&1 | tee -a "$LOG"; then
    printf '## %s\n\n**Failed**: see %s\n\n' "$1" "$(basename "$LOG")" >> "$REPORT"
  fi
  sleep 5   # let the server close the previous connections
}

load_flags=(--step-seconds "$STEP_SECONDS" --warmup-seconds "$WARMUP_SECONDS")

run_suite() {
  server_cmd="unknown"
  if [[ -n "$SERVER_PID" && -r "/proc/$SERVER_PID/cmdline" ]]; then
    server_cmd="$(tr '\0' ' ' < "/proc/$SERVER_PID/cmdline" | sed -E 's/(JWT_SECRET|jwt[._-]secret)=[^ ]*/\1=***/Ig' | cut -c1-300)"
  fi
  main_commit="$(git -C "$HERE/.." rev-parse --short HEAD 2>/dev/null || echo 'no commit yet')"
  
  {
    echo "# ServiceHub benchmark report, $STAMP"
    echo
    echo "- Server: $API_URL (WebSocket $WS_URL), PID ${SERVER_PID:-unknown}: \`$server_cmd\`"
    echo "- Service commit: $main_commit; Redis: $REDIS_URL${NODE_B_WS_URL:+; node B: $NODE_B_WS_URL}"
    echo "- Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); open files per process: $open_files"
    echo "- Generator: $(java -version 2>&1 | head -1), JAVA_OPTS=$JAVA_OPTS; it shares the machine's cores with the server (see the CPU tables)"
    echo "- Steps: ${STEP_SECONDS} s each after a ${WARMUP_SECONDS} s warm-up; latency is publish-to-receive on the generator's clock"
    [[ -n "${RUN_NOTE:-}" ]] && echo "$RUN_NOTE"
    echo
  } >> "$REPORT"

  PIDS="$SERVER_PID"
  for scenario in $SCENARIOS; do
    case "$scenario" in
      handshake)
        bench handshake --ws-url "$WS_URL" --connections "$HANDSHAKE_CONNECTIONS" --source-base 2 \
          --title "Handshake rate ($HANDSHAKE_CONNECTIONS connections)" ;;
      memory)
        if [[ -z "$SERVER_PID" ]]; then
          printf '## Memory per idle connection\n\nSkipped: no SERVER_PID.\n\n' >> "$REPORT"
        else
          bench memory --ws-url "$WS_URL" --levels "$MEMORY_LEVELS" --settle-seconds "$MEMORY_SETTLE" --source-base 10 \
            --room-size "$MEMORY_ROOM_SIZE" --ramp-timeout 600s \
            --title "Memory per idle connection (each joined to one room of $MEMORY_ROOM_SIZE)"
        fi ;;
      fanout)
        bench fanout --ws-url "$WS_URL" --redis-url "$REDIS_URL" --connections "$FANOUT_CONNECTIONS" --room-size 5 \
          --rates "$FANOUT_RATES" --p99-target-ms 50 "${load_flags[@]}" --source-base 20 \
          --title "Fan-out: $FANOUT_CONNECTIONS connections in rooms of 5 (target 60,000 deliveries/s, p99 < 50 ms)" ;;
      bigroom)
        bench bigroom --ws-url "$WS_URL" --redis-url "$REDIS_URL" --connections "$BIGROOM_CONNECTIONS" \
          --rates "$BIGROOM_RATES" --p99-target-ms 200 "${load_flags[@]}" --source-base 30 \
          --title "Fan-out: one room of $BIGROOM_CONNECTIONS members (target 100,000 deliveries/s, p99 < 200 ms)" ;;
      rest-status)
        bench rest-status --api-url "$API_URL" --ws-url "$WS_URL" --rates "$REST_RATES" --p99-target-ms 20 \
          "${load_flags[@]}" --source-base 40 \
          --title "REST to socket: status changes (target 200 changes/s, p99 < 20 ms)" ;;
      rest-location)
        bench rest-location --api-url "$API_URL" --ws-url "$WS_URL" --rates "$REST_RATES" --p99-target-ms 20 \
          "${load_flags[@]}" --bookings 200 --source-base 45 \
          --title "REST to socket: technician location reports" ;;
      redis-location)
        bench redis-location --api-url "$API_URL" --ws-url "$WS_URL" --redis-url "$REDIS_URL" --rates "$LOCATION_RATES" \
          --bookings "$BOOKINGS_LOCATION" --subscribers-per-booking 2 --p99-target-ms 50 "${load_flags[@]}" --source-base 50 \
          --title "Redis technician:location → booking rooms" ;;
      cluster)
        if [[ -z "${NODE_B_WS_URL:-}" ]]; then
          printf '## Across nodes\n\nSkipped: no NODE_B_WS_URL.\n\n' >> "$REPORT"
        else
          # One subscriber of every booking on each node: the same events, at the same moments and
          # load, received on the publishing node A and, through Redis, on node B.
          PIDS="$SERVER_PID${NODE_B_PID:+,$NODE_B_PID}"
          bench rest-status --api-url "$API_URL" --ws-url "$WS_URL,$NODE_B_WS_URL" --subscribers-per-booking 2 \
            --rates "$REST_RATES" --p99-target-ms 20 --cross-node-margin-ms 5 "${load_flags[@]}" --source-base 60 \
            --title "Across nodes: publish on node A, subscribers on node A and node B side by side"
          PIDS="$SERVER_PID"
        fi ;;
      *) echo "unknown scenario: $scenario" >&2; exit 2 ;;
    esac
  done

}

if [[ "$START_SERVER" != 1 ]]; then
  run_suite
else
  ROOT="$HERE/.."
  if [[ -z "$(ls "$ROOT"/target/servicehub-*.jar 2>/dev/null)" ]]; then
    echo "building the service..."
    (cd "$ROOT" && ./mvnw -q -DskipTests package)
  fi
  for run in $(seq 1 "$RUNS"); do
    echo "=== run $run of $RUNS: starting a fresh node with bin/servicehub" | tee -a "$LOG"
    server_log="$HERE/results/server-$STAMP-run$run.log"
    started=$(date +%s%N)
    # The documented start command, with the node's environment and nothing else but the caps on
    # sockets per user and per address lifted: the generator opens every socket from one host, and
    # a room of K members is K sockets of one user (5,000 in the big room).
    env JWT_SECRET="$JWT_SECRET" REDIS_URL="$REDIS_URL" PORT="$PORT" \
      SERVICEHUB_REALTIME_MAX_CONNECTIONS_PER_USER=0 SERVICEHUB_REALTIME_MAX_CONNECTIONS_PER_ADDRESS=0 \
      ${DATABASE_URL:+DATABASE_URL="$DATABASE_URL"} ${SEED_DEMO_DATA:+SEED_DEMO_DATA="$SEED_DEMO_DATA"} \
      JAVA_OPTS="${SERVER_JAVA_OPTS:-}" "$ROOT/bin/servicehub" > "$server_log" 2>&1 &
    SERVER_PID=$!
    up=""
    for _ in $(seq 1 1200); do
      if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
      if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$API_URL/actuator/health/readiness" 2>/dev/null)" == 200 ]]; then
        up=$(( ($(date +%s%N) - started) / 1000000 )); break
      fi
      sleep 0.25
    done
    if [[ -z "$up" ]]; then
      echo "the node did not become ready; see $server_log" | tee -a "$LOG"
      kill "$SERVER_PID" 2>/dev/null || true
      exit 1
    fi
    sleep 5   # let start-up garbage and the JIT settle before the first sample
    rss_after_start=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
    RUN_NOTE="- Run $run of $RUNS, a fresh node started with \`bin/servicehub\` (ops/jvm.options): ready (\`/actuator/health/readiness\` 200) $up ms after the start command; RSS 5 s later, before any GC: $rss_after_start KiB"
    echo "node ready after $up ms, PID $SERVER_PID, RSS ${rss_after_start} KiB" | tee -a "$LOG"
    run_suite
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    sleep 5
  done
fi

echo
echo "report: $REPORT"
echo "log:    $LOG"
