# Crash loop: `kill -9` at a random moment of every write path, over and over: load, load
# --replace-graph, update (INSERT ... WHERE, DELETE WHERE), the Graph Store's PUT through
# `annals serve` with an update token, purge and compact. Before each kill the same operation
# runs to its end on a copy of the store, which gives the state after it. After each kill the
# store's dump is exactly the one before or the one after (an operation that reported success
# must be in), `annals check` is clean, and the next writer opens and commits.
#
# CRASH_LOOP_ITERATIONS (default 10) sets the number of kills;
# CRASH_LOOP_SEED the seed of the moments (printed, to replay a run); CRASH_LOOP_LINES the
# size of each load (default 2000); CRASH_LOOP_PENDING_MIB the loads' --pending-memory
# (default 0.25, so that each load spills its writes, in the background, a few times before
# its commit and kills land in spills too; empty: the program's default, no spill).
# Usage: bash crash_loop.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"
command -v curl >/dev/null || fail "curl is needed (bash .ci/dev installs it)"

ITERATIONS=${CRASH_LOOP_ITERATIONS:-10}
SEED=${CRASH_LOOP_SEED:-$(($(date +%s%N) % 1000000))}
LINES=${CRASH_LOOP_LINES:-2000}
PENDING=()
PENDING_MIB=${CRASH_LOOP_PENDING_MIB-0.25}
[[ -n $PENDING_MIB ]] && PENDING=(--pending-memory "$PENDING_MIB")
RANDOM=$SEED
echo "crash loop: $ITERATIONS iterations, seed $SEED (CRASH_LOOP_SEED=$SEED replays it), $LINES lines a load"

S=$SCRATCH/store
R=$SCRATCH/reference
D=$SCRATCH/data
mkdir -p "$D"
EX=http://example.org
TOKEN=crash-loop-token

# gen_trig FILE GRAPH TAG N: N facts in GRAPH with subjects of their own (TAG), a third dated.
gen_trig() {
  awk -v n="$4" -v g="$2" -v tag="$3" 'BEGIN {
    Y = "http://www.w3.org/2001/XMLSchema#gYear"
    printf "GRAPH <%s> {\n", g
    for (i = 0; i < n; i++) {
      ann = (i % 3 == 0) ? sprintf(" {| <https://annals.dev/ns#validFrom> \"%d\"^^<%s> |}", 1990 + i % 30, Y) : ""
      printf "<http://example.org/s/%s/%d> <http://example.org/p/%d> \"v %s %d\"%s .\n", tag, i, i % 5, tag, i, ann
    }
    print "}"
  }' >"$1"
}
# gen_turtle FILE TAG N: the same, as the Turtle body of a Graph Store PUT.
gen_turtle() {
  gen_trig "$1.trig" g "$2" "$3"
  sed '1d;$d' "$1.trig" >"$1"
}

# The write paths. Each runs one operation on the store $1 and leaves its output in
# $D/op.out; ITER is the iteration. In the background, with RUN=exec, the job's process is the
# program itself, so that the kill reaches it (not a subshell that leaves it running).
RUN=
op_load() { $RUN "$ANNALS" load --store "$1" "${PENDING[@]}" "$D/load$ITER.trig" >"$D/op.out" 2>&1; }
op_replace() {
  $RUN "$ANNALS" load --store "$1" "${PENDING[@]}" --replace-graph "$D/rev$ITER.trig" >"$D/op.out" 2>&1
}
op_insert() {
  $RUN "$ANNALS" update --store "$1" "INSERT { GRAPH <$EX/copy/$ITER> { ?s <$EX/copied> ?o } }
    WHERE { GRAPH ?g { ?s <$EX/p/1> ?o } }" >"$D/op.out" 2>&1
}
op_delete() {
  $RUN "$ANNALS" update --store "$1" "DELETE WHERE { GRAPH ?g { ?s <$EX/copied> ?o } }" >"$D/op.out" 2>&1
}
op_purge() {
  $RUN "$ANNALS" purge --store "$1" --graph "$PURGE_GRAPH" --reason "crash loop $ITER" >"$D/op.out" 2>&1
}
op_compact() { $RUN "$ANNALS" compact --store "$1" >"$D/op.out" 2>&1; }
# The PUT: a server on the store, then the request; the server is what gets killed. Prints
# the HTTP status into $D/op.out.
SERVER=
start_server() {  # STORE
  # No earlier server's line may be read before this one's redirection truncates the file.
  rm -f "$D/serve.out"
  "$ANNALS" serve --store "$1" --port 0 --update-token "$TOKEN" >"$D/serve.out" 2>"$D/serve.err" &
  SERVER=$!
  local i
  for i in $(seq 300); do
    grep -q '^listening on ' "$D/serve.out" 2>/dev/null && break
    kill -0 "$SERVER" 2>/dev/null || fail "the server exited: $(cat "$D/serve.err")"
    sleep 0.05
  done
  URL=$(sed -n 's/^listening on \(http:[^ ]*\)$/\1/p' "$D/serve.out")
  [[ -n $URL ]] || fail "the server did not start"
}
put_request() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 120 -X PUT -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: text/turtle' --data-binary "@$D/put$ITER.ttl" \
    "${URL%/}/rdf-graphs/service?graph=$EX/put" >"$D/op.out" 2>/dev/null
}
OPS=(load replace insert delete put purge compact)

# Inputs of iteration ITER.
prepare() {
  case $1 in
    load) gen_trig "$D/load$ITER.trig" "$EX/load/$ITER" "l$ITER" "$LINES" ;;
    replace) gen_trig "$D/rev$ITER.trig" "$EX/revised" "r$ITER" "$LINES" ;;
    put) gen_turtle "$D/put$ITER.ttl" "t$ITER" "$LINES" ;;
    purge)  # the graph of the last load, or (that load was killed) the revised one
      PURGE_GRAPH=$EX/load/$((ITER - 5))
      grep -qF "<$PURGE_GRAPH> ." "$D/before.dump" || PURGE_GRAPH=$EX/revised
      ;;
  esac
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# A base: two graphs.
ITER=0
gen_trig "$D/base1.trig" "$EX/base/1" b1 "$LINES"
gen_trig "$D/base2.trig" "$EX/revised" b2 "$LINES"
expect_ok "$ANNALS" load --store "$S" "$D/base1.trig" "$D/base2.trig"
dump_sorted "$S" "$D/before.dump"

BEFORE=0 AFTER=0 SAME=0 KILLED=0 FINISHED=0 CHECKS=0
for ((ITER = 1; ITER <= ITERATIONS; ITER++)); do
  op=${OPS[$(((ITER - 1) % ${#OPS[@]}))]}
  prepare "$op"
  # The state after the operation, on a copy (no writer runs now, so the copy is whole).
  rm -rf "$R"
  cp -a "$S" "$R"
  t0=$(now_ms)
  if [[ $op == put ]]; then
    start_server "$R"
    put_request
    kill -TERM "$SERVER"
    wait "$SERVER" 2>/dev/null
    [[ $(cat "$D/op.out") == 2* ]] || fail "iteration $ITER: the reference PUT answered $(cat "$D/op.out")"
  else
    "op_$op" "$R" || fail "iteration $ITER: the reference $op failed: $(cat "$D/op.out")"
  fi
  took=$(($(now_ms) - t0))
  dump_sorted "$R" "$D/after.dump"

  # The same on the store, killed after a random time up to 1.3 times what it took.
  delay=$(((RANDOM * 32768 + RANDOM) % (took * 13 / 10 + 1)))
  if [[ $op == put ]]; then
    start_server "$S"
    put_request &
    client=$!
    victim=$SERVER
  else
    RUN=exec "op_$op" "$S" &
    victim=$!
  fi
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -9 "$victim" 2>/dev/null
  wait "$victim" 2>/dev/null
  rc=$?
  if [[ $op == put ]]; then
    wait "$client"
    code=$(cat "$D/op.out")
    if [[ $code == 2* ]]; then finished=1; else finished=0; fi
  else
    finished=$((rc == 0))
  fi
  ((finished)) && FINISHED=$((FINISHED + 1)) || KILLED=$((KILLED + 1))

  dump_sorted "$S" "$D/crash.dump"
  if cmp -s "$D/before.dump" "$D/after.dump" && cmp -s "$D/crash.dump" "$D/before.dump"; then
    state=same
    SAME=$((SAME + 1))
  elif cmp -s "$D/crash.dump" "$D/before.dump"; then
    ((finished)) && fail "iteration $ITER ($op): lost commit: it reported success, the store is as before"
    state=before
    BEFORE=$((BEFORE + 1))
  elif cmp -s "$D/crash.dump" "$D/after.dump"; then
    state=after
    AFTER=$((AFTER + 1))
  else
    diff "$D/before.dump" "$D/crash.dump" | head -n 5 >&2
    fail "iteration $ITER ($op, killed after ${delay} ms): partial state: $(wc -l <"$D/crash.dump") lines, before $(wc -l <"$D/before.dump"), after $(wc -l <"$D/after.dump")"
  fi
  pass
  echo "iteration $ITER: $op killed after $delay of ${took} ms: $([[ $finished == 1 ]] && echo finished || echo interrupted), store $state"

  expect_ok "$ANNALS" check --store "$S"
  CHECKS=$((CHECKS + 1))
  # The next writer opens and commits.
  printf '<%s/marker/%d> <%s/p/marker> "%d" .\n' "$EX" "$ITER" "$EX" "$ITER" >"$D/marker.nq"
  expect_ok "$ANNALS" load --store "$S" "$D/marker.nq"
  expect_stdout_contains "1 new facts"
  sort -m "$D/crash.dump" "$D/marker.nq" >"$D/before.dump"
done
rm -rf "$R"
expect_ok "$ANNALS" check --store "$S"
dump_sorted "$S" "$D/final.dump"
expect_equal_files "$D/before.dump" "$D/final.dump" "the store after the loop"
echo "crash loop: $ITERATIONS kills (seed $SEED): $KILLED interrupted, $FINISHED finished;" \
  "store before $BEFORE, after $AFTER, unchanged $SAME; 0 lost, 0 partial; $CHECKS checks clean"
