# `annals serve` keeps answering while slow work runs: queries and updates run apart from the
# threads that read and write sockets, so that with more slow queries running than --threads a
# trivial query still answers at once; a full queue answers 503 at once; updates wait for the
# one writer without holding the query threads, and an update whose time ran out (running, or
# waiting for the writer) changes nothing. Times are bounded generously (a loaded machine),
# never measured as performance.
# Usage: bash serve_pool.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"
command -v curl >/dev/null || fail "curl is needed (bash .ci/dev installs it)"

S=$SCRATCH/demo
expect_ok "$ANNALS" demo --store "$S"
# Five unrelated patterns: 72^5 rows to count, minutes without the timeout.
SLOW='SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }'
TRIVIAL='ASK { ?s ?p ?o }'

# slow_queries URL N [GAP]: N slow queries in the background, GAP seconds apart; their curl
# pids in SLOW_PIDS.
slow_queries() {
  SLOW_PIDS=()
  local i
  for i in $(seq "$2"); do
    curl -s --max-time 60 -o "$SCRATCH/slow$i.body" -w '%{http_code}' --get \
      --data-urlencode "query=$SLOW" "$1/sparql" >"$SCRATCH/slow$i.code" &
    SLOW_PIDS+=($!)
    sleep "${3:-0}"
  done
}

# prompt_answer URL WHAT: a trivial query answers 200 within 2 s (it takes milliseconds alone).
prompt_answer() {
  local out
  out=$(curl -s --max-time 30 -o "$SCRATCH/trivial" -w '%{http_code} %{time_total}' --get \
    --data-urlencode "query=$TRIVIAL" "$1/sparql")
  [[ ${out%% *} == 200 ]] || fail "$2: status ${out%% *}: $(cat "$SCRATCH/trivial")"
  awk -v t="${out#* }" 'BEGIN { exit !(t < 2.0) }' || fail "$2: took ${out#* } s"
  pass
}

# --- more slow queries than query threads ---------------------------------------------------
start_server q --store "$S" --threads 2 --timeout 6
slow_queries "$URL_q" 5
sleep 1
prompt_answer "$URL_q" "a trivial query beside 5 slow ones on 2 threads"
prompt_answer "$URL_q" "a second trivial query beside them"
for pid in "${SLOW_PIDS[@]}"; do wait "$pid"; done
for i in 1 2 3 4 5; do
  expect_eq 503 "$(cat "$SCRATCH/slow$i.code")" "slow query $i ends at --timeout"
done
kill -TERM "$PID_q"
wait "$PID_q"

# --- a full queue answers 503 at once -----------------------------------------------------------
# One thread, four at most when queries wait behind long ones, and a queue of one: five slow
# queries, each given time to get its thread, fill both.
start_server full --store "$S" --threads 1 --queue 1 --timeout 6
slow_queries "$URL_full" 5 0.5
sleep 0.3
out=$(curl -s --max-time 30 -o "$SCRATCH/busy" -D "$SCRATCH/busy.headers" -w '%{http_code} %{time_total}' \
  --get --data-urlencode "query=$TRIVIAL" "$URL_full/sparql")
expect_eq 503 "${out%% *}" "a query beyond a full queue"
grep -q 'busy' "$SCRATCH/busy" || fail "the 503 says why: $(cat "$SCRATCH/busy")"
pass
grep -qi '^Retry-After: 1' "$SCRATCH/busy.headers" || fail "no Retry-After on the 503"
pass
awk -v t="${out#* }" 'BEGIN { exit !(t < 2.0) }' || fail "the refusal took ${out#* } s"
pass
grep -Eq ' GET /sparql 503 ' "$SCRATCH/full.err" || fail "the refusal is not in the access log"
pass
for pid in "${SLOW_PIDS[@]}"; do wait "$pid"; done
kill -TERM "$PID_full"
wait "$PID_full"

# --- updates wait for the writer, reads go on -------------------------------------------------
W=$SCRATCH/writable
expect_ok "$ANNALS" demo --store "$W"
start_server w --store "$W" --threads 1 --timeout 3 --update-token t
AUTH='Authorization: Bearer t'
# update NAME TEXT: an update in the background; its status in $SCRATCH/NAME.code.
UPDATE_PIDS=()
update() {
  curl -s --max-time 60 -o "$SCRATCH/$1.body" -w '%{http_code}' -H "$AUTH" \
    -H 'Content-Type: application/sparql-update' --data-binary "$2" "$URL_w/sparql" \
    >"$SCRATCH/$1.code" &
  UPDATE_PIDS+=($!)
}
# Slow updates: each counts the cross product until its time runs out, counted from its
# arrival, so the ones waiting behind the first run out while they wait or soon after.
for i in 1 2 3; do
  update "slowup$i" "INSERT { <http://x/slow> <http://x/n$i> ?n } WHERE { $SLOW }"
done
sleep 0.3
# A quick one behind them: it runs once the writer is free, if its time has not run out.
update quick 'INSERT DATA { <http://x/quick> <http://x/p> 1 }'
sleep 0.5
prompt_answer "$URL_w" "a read while updates wait for the writer (1 query thread)"
prompt_answer "$URL_w" "another read while updates wait for the writer"
for pid in "${UPDATE_PIDS[@]}"; do wait "$pid"; done
for i in 1 2 3; do
  expect_eq 503 "$(cat "$SCRATCH/slowup$i.code")" "slow update $i past --timeout"
done
req_ask() {
  curl -s --max-time 30 --get --data-urlencode "query=$1" "$URL_w/sparql"
}
[[ $(req_ask 'ASK { <http://x/slow> ?p ?o }') == *'"boolean":false'* ]] ||
  fail "an update that ran out of time changed the store"
pass
# The quick update either ran in time (200, applied) or ran out waiting (503, not applied).
quick=$(cat "$SCRATCH/quick.code")
applied=$(req_ask 'ASK { <http://x/quick> ?p ?o }')
case $quick in
  200) [[ $applied == *'"boolean":true'* ]] || fail "a 200 update is not in the store" ;;
  503) [[ $applied == *'"boolean":false'* ]] || fail "a 503 update changed the store" ;;
  *) fail "the quick update: status $quick: $(cat "$SCRATCH/quick.body")" ;;
esac
pass
kill -TERM "$PID_w"
wait "$PID_w"
expect_eq 0 $? "exit status after SIGTERM"

