#!/usr/bin/env bash
# Reproduces the figures of bench/README.md on this machine.
#   bash bench/run.sh [ingest|reminders|fanout|idle|all]      (default all)
# Environment: ROUNDS (5), DURATION (wrk seconds a round, 10), CONNECTIONS (64), BODIES_PER_ROUND (300000),
# PENDING (1000000), SOON (1000), FANOUT_GROUPS (500), MESSAGES (10000).
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
ROUNDS=${ROUNDS:-5} DURATION=${DURATION:-10} CONNECTIONS=${CONNECTIONS:-64} THREADS=2
BODIES_PER_ROUND=${BODIES_PER_ROUND:-300000}
PENDING=${PENDING:-1000000} SOON=${SOON:-1000} FANOUT_GROUPS=${FANOUT_GROUPS:-500} MESSAGES=${MESSAGES:-10000}
secret=bench-secret

bash deploy/install-deps.sh >/dev/null
build=${JIAXIAO_BENCH_BUILD:-build-bench}
# The same build type as deploy/quickstart.sh and the systemd install: what a school runs.
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJIAXIAO_TESTS=OFF -DJIAXIAO_BENCH=ON >/dev/null
cmake --build "$build" -j 2 --target jiaxiao bare_server bench_tool >/dev/null
work=$(mktemp -d /tmp/jiaxiao-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

now_ms() { date +%s%3N; }
sql() { sqlite3 "$1" "PRAGMA busy_timeout=5000; $2" | tail -1; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }

start_bare() {  # sets bare_pid, bare_port
  "$build/bench/bare_server" > "$work/bare.out" &
  bare_pid=$!; pids+=("$bare_pid")
  until grep -q port= "$work/bare.out" 2>/dev/null; do
    kill -0 "$bare_pid" 2>/dev/null || { echo "bare_server did not start" >&2; exit 1; }
    sleep 0.01
  done
  bare_port=$(sed -n 's/^port=//p' "$work/bare.out")
}

# A config: database $1, OneBot API on the bare server, quiet hours off, pacing $2 (JSON object).
write_config() {
  cat > "$work/config.json" <<JSON
{ "listen": "127.0.0.1:0", "database": "$1",
  "quiet_hours": { "start": "00:00", "end": "00:00" },
  "pacing": { "onebot": $2 },
  "platforms": { "onebot": { "enabled": true, "secret": "$secret", "api_base": "http://127.0.0.1:$bare_port" } } }
JSON
  chmod 600 "$work/config.json"  # it holds the OneBot secret; jiaxiao warns about a readable one
}

start_jiaxiao() {  # sets jx_pid, jx_port, jx_start_ms (exec → listening)
  : > "$work/serve.log"
  local t0; t0=$(now_ms)
  "$build/jiaxiao" serve --config "$work/config.json" 2>> "$work/serve.log" &
  jx_pid=$!; pids+=("$jx_pid")
  until grep -q 'event=listening' "$work/serve.log"; do
    kill -0 "$jx_pid" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
    sleep 0.005
  done
  jx_start_ms=$(( $(now_ms) - t0 ))
  jx_port=$(grep 'event=listening' "$work/serve.log" | tail -1 | sed 's/.*port=\([0-9]*\).*/\1/')
}

stop_jiaxiao() { kill -TERM "$jx_pid"; wait "$jx_pid" 2>/dev/null || true; }

run_wrk() {  # $1 port, $2 bodies file → the RESULT line
  BODIES=$2 THREADS=$THREADS wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/onebot.lua \
    "http://127.0.0.1:$1/onebot" | grep '^RESULT'
}
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<< " $2"; }
# CPU time of a process's threads, in clock ticks, by thread name ("jiaxiao" is the io thread,
# "jiaxiao-db" the database worker, "bare_server" the ceiling's one thread).
thread_ticks() {
  for t in /proc/"$1"/task/*; do echo "$(cat "$t/comm") $(awk '{print $14 + $15}' "$t/stat")"; done |
    awk '{s[$1] += $2} END {for (k in s) print k, s[k]}' | sort
}
# Microseconds of CPU per request for each thread name between two thread_ticks snapshots.
cpu_per_request() {  # $1 before, $2 after, $3 requests
  join <(echo "$1") <(echo "$2") | awk -v n="$3" -v hz="$(getconf CLK_TCK)" \
    '{t[$1] += $3 - $2} END {for (k in t) printf "%s %.1f  ", k, t[k] * 1e6 / hz / n}'
}

ingest() {
  echo "== ingest: signed OneBot group messages, 收到 to an open letter in a class of 50 and chat"
  echo "   wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, $ROUNDS rounds, bare Beast server and jiaxiao interleaved"
  start_bare
  local db="$work/ingest.db"
  write_config "$db" '{ "group_per_minute": 0, "person_per_minute": 0, "platform_per_minute": 0, "burst": 1000 }'
  local cli=("$build/jiaxiao")
  "${cli[@]}" class add 三年级2班 --config "$work/config.json" >/dev/null
  "${cli[@]}" class link 三年级2班 onebot:987654321 --config "$work/config.json" >/dev/null
  "${cli[@]}" role grant onebot:20000000 teacher --class 三年级2班 --config "$work/config.json" >/dev/null
  { echo "姓名,学号"; for i in $(seq 1 50); do echo "学生$i,$i"; done; } > "$work/roster.csv"
  "${cli[@]}" roster import "$work/roster.csv" --class 三年级2班 --config "$work/config.json" >/dev/null
  "$build/bench/bench_tool" setup "$work/setup.tsv" "$secret"
  start_jiaxiao
  while IFS=$'\t' read -r signature body; do
    curl -sf -o /dev/null -H 'Content-Type: application/json' -H "X-Signature: $signature" --data-binary "$body" \
      "http://127.0.0.1:$jx_port/onebot"
  done < "$work/setup.tsv"
  until [ "$(sql "$db" "SELECT count(*) FROM messages WHERE direction='in' AND processed_at IS NULL")" = 0 ]; do sleep 0.1; done
  echo "   setup: $(sql "$db" "SELECT count(*) FROM guardians") guardians bound, open letters: $(sql "$db" "SELECT count(*) FROM notices")"
  local bare_rps=() bare_p50=() bare_p99=() jx_rps=() jx_p50=() jx_p99=() all_stored=yes
  for round in $(seq 1 "$ROUNDS"); do
    local first=$(( round * 10000000 ))
    "$build/bench/bench_tool" bodies "$work/bodies.tsv" "$secret" "$first" "$BODIES_PER_ROUND"
    local before; before=$(sql "$db" "SELECT count(*) FROM messages WHERE direction='in'")
    local b j t0 t1 t2 t3
    t0=$(thread_ticks "$bare_pid"); b=$(run_wrk "$bare_port" "$work/bodies.tsv"); t1=$(thread_ticks "$bare_pid")
    t2=$(thread_ticks "$jx_pid"); j=$(run_wrk "$jx_port" "$work/bodies.tsv"); t3=$(thread_ticks "$jx_pid")
    local after; after=$(sql "$db" "SELECT count(*) FROM messages WHERE direction='in'")
    local ok stored=$(( after - before )); ok=$(field ok "$j")
    # Every body is a distinct message unless wrk ran out and started over (then repeats are duplicates).
    local wrapped; wrapped=$(field wrapped "$j")
    if [ "$wrapped" = 0 ]; then [ "$stored" -ge "$ok" ] || all_stored=no; else all_stored="unknown (bodies ran out: raise BODIES_PER_ROUND)"; fi
    printf "   round %d  bare %7s req/s p50 %5s us p99 %6s us | jiaxiao %6s req/s p50 %5s us p99 %6s us  2xx %s stored %s errors %s wrapped %s\n" \
      "$round" "$(field rps "$b")" "$(field p50_us "$b")" "$(field p99_us "$b")" "$(field rps "$j")" "$(field p50_us "$j")" \
      "$(field p99_us "$j")" "$ok" "$stored" "$(field errors "$j")" "$(field wrapped "$j")"
    echo "            CPU us a request by thread: $(cpu_per_request "$t0" "$t1" "$(field requests "$b")")| $(cpu_per_request "$t2" "$t3" "$(field requests "$j")")"
    bare_rps+=("$(field rps "$b")"); bare_p50+=("$(field p50_us "$b")"); bare_p99+=("$(field p99_us "$b")")
    jx_rps+=("$(field rps "$j")"); jx_p50+=("$(field p50_us "$j")"); jx_p99+=("$(field p99_us "$j")")
    # Let the acknowledgements be acted on before the next round, as between two bursts.
    until [ "$(sql "$db" "SELECT count(*) FROM messages WHERE direction='in' AND processed_at IS NULL")" = 0 ]; do sleep 0.2; done
  done
  local br bp50 bp99 jr jp50 jp99
  br=$(printf '%s\n' "${bare_rps[@]}" | median); bp50=$(printf '%s\n' "${bare_p50[@]}" | median); bp99=$(printf '%s\n' "${bare_p99[@]}" | median)
  jr=$(printf '%s\n' "${jx_rps[@]}" | median); jp50=$(printf '%s\n' "${jx_p50[@]}" | median); jp99=$(printf '%s\n' "${jx_p99[@]}" | median)
  echo "   median   bare $br req/s p50 $(awk "BEGIN{printf \"%.2f\", $bp50/1000}") ms p99 $(awk "BEGIN{printf \"%.2f\", $bp99/1000}") ms"
  echo "   median   jiaxiao $jr req/s p50 $(awk "BEGIN{printf \"%.2f\", $jp50/1000}") ms p99 $(awk "BEGIN{printf \"%.2f\", $jp99/1000}") ms"
  echo "   ratio jiaxiao / ceiling: $(awk "BEGIN{printf \"%.2f\", $jr/$br}")   (target >= 0.5, p99 <= 10 ms)"
  echo "   every 2xx stored: $all_stored; acks recorded: $(sql "$db" "SELECT count(*) FROM acks")," \
       "ingest commits: $(curl -s "http://127.0.0.1:$jx_port/metrics" | sed -n 's/^jiaxiao_ingest_commits_total //p')," \
       "messages: $(sql "$db" "SELECT count(*) FROM messages WHERE direction='in'")"
  stop_jiaxiao
  kill "$bare_pid"
}

reminders() {
  echo "== reminders: start with $PENDING pending, $SOON firing over 10 s after start"
  start_bare
  local db="$work/reminders.db"
  write_config "$db" '{ "group_per_minute": 0, "person_per_minute": 0, "platform_per_minute": 0, "burst": 1000 }'
  local t0; t0=$(now_ms)
  "$build/bench/bench_tool" reminders "$db" "$PENDING" 0 0
  echo "   seeding $PENDING rows took $(( $(now_ms) - t0 )) ms; database $(du -m "$db" | cut -f1) MB"
  "$build/bench/bench_tool" reminders "$db" 0 "$SOON" $(( $(now_ms) + 3000 ))
  start_jiaxiao
  echo "   start (exec → listening): $jx_start_ms ms; RSS after start $(( $(rss_kb "$jx_pid") / 1024 )) MB"
  until [ "$(sql "$db" "SELECT count(*) FROM reminders WHERE text='测试提醒' AND state='pending'")" = 0 ]; do sleep 0.2; done
  local late="$work/late.txt"
  sqlite3 "$db" "SELECT fired_at - due_at FROM reminders WHERE text='测试提醒' AND state='done' ORDER BY 1" > "$late"
  local n; n=$(wc -l < "$late")
  echo "   fired $n of $SOON once each; lateness p50 $(sed -n "$(( (n + 1) / 2 ))p" "$late") ms," \
       "p99 $(sed -n "$(( (n * 99 + 99) / 100 ))p" "$late") ms, max $(tail -1 "$late") ms (target p99 <= 50 ms)"
  echo "   peak RSS $(( $(hwm_kb "$jx_pid") / 1024 )) MB (target <= 300 MB); still pending $(sql "$db" "SELECT count(*) FROM reminders WHERE state='pending'")"
  stop_jiaxiao
  kill "$bare_pid"
}

fanout() {
  echo "== fan-out: $MESSAGES messages to $FANOUT_GROUPS groups at 20/min a group (burst 5)"
  start_bare
  local db="$work/fanout.db"
  write_config "$db" '{ "group_per_minute": 20, "person_per_minute": 20, "platform_per_minute": 0, "burst": 5 }'
  "$build/bench/bench_tool" fanout "$db" "$FANOUT_GROUPS" "$MESSAGES"
  local per_group=$(( MESSAGES / FANOUT_GROUPS ))
  local minimum_ms=$(( (per_group - 5) * 3000 ))
  start_jiaxiao
  local t0; t0=$(now_ms)
  until [ "$(sql "$db" "SELECT count(*) FROM outbox WHERE state='pending'")" = 0 ]; do sleep 0.5; done
  local last; last=$(sql "$db" "SELECT max(done_at) FROM outbox")
  local total=$(( last - t0 ))
  echo "   sent $(sql "$db" "SELECT count(*) FROM outbox WHERE state='sent'"), failed $(sql "$db" "SELECT count(*) FROM outbox WHERE state='failed'");" \
       "total $total ms; theoretical minimum $minimum_ms ms ((20-5) x 3 s); ratio $(awk "BEGIN{printf \"%.3f\", $total/$minimum_ms}") (target <= 1.05)"
  echo "   peak RSS $(( $(hwm_kb "$jx_pid") / 1024 )) MB"
  stop_jiaxiao
  kill "$bare_pid"
}

idle() {
  echo "== idle: jiaxiao serve on an empty database"
  start_bare
  write_config "$work/idle.db" '{ "group_per_minute": 20, "person_per_minute": 20, "platform_per_minute": 60, "burst": 5 }'
  start_jiaxiao
  sleep 2
  echo "   start $jx_start_ms ms; idle RSS $(( $(rss_kb "$jx_pid") / 1024 )) MB"
  stop_jiaxiao
  kill "$bare_pid"
}

echo "jiaxiao bench $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
case "$what" in
  ingest) ingest ;; reminders) reminders ;; fanout) fanout ;; idle) idle ;;
  all) idle; ingest; reminders; fanout ;;
  *) echo "usage: bash bench/run.sh [ingest|reminders|fanout|idle|all]" >&2; exit 2 ;;
esac
rm -rf "$work"
