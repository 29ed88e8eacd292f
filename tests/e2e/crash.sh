# Crash safety: `kill -9` of a large `annals load` at several moments (early, in the middle
# after the writer has spilled part of the transaction into the store, while it commits, after
# it finished). After each kill the store holds exactly what it held before the load or exactly
# that plus the whole file, never anything in between; the next load succeeds and the log's
# numbers go on increasing.
#
# CRASH_LINES (default 300000) sets the size of the large file: it must take a few seconds to
# load. Each load holds at most CRASH_PENDING_MIB (default 8) of pending writes in memory
# (`load --pending-memory`), so that it spills into the store several times before it commits,
# as a load of millions of quads does at the default 64 MiB. The kills that matter most do not
# depend on the machine's speed: they wait for the load's read offset in the file
# (/proc/PID/fdinfo).
# Usage: bash crash.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

N=${CRASH_LINES:-300000}
PENDING=${CRASH_PENDING_MIB:-8}
D=$SCRATCH/data
S=$SCRATCH/store
mkdir -p "$D"

# A large canonical N-Quads file, one distinct subject a line; a quarter in the default graph,
# the rest in three named graphs; a third of the objects are integers (inlined in their ids).
# Each generation gets its own subjects, so that every file is new to the store.
BIG_GEN=0
make_big() {
  BIG_GEN=$((BIG_GEN + 1))
  BIG=$D/big$BIG_GEN.nq
  awk -v n="$N" -v gen="$BIG_GEN" 'BEGIN {
    X = "http://www.w3.org/2001/XMLSchema#integer"
    for (i = 0; i < n; i++) {
      g = (i % 4 == 0) ? "" : " <http://example.org/graph/" (i % 4) ">"
      o = (i % 3 == 0) ? "\"" i "\"^^<" X ">" : "\"label " gen " " i "\""
      printf "<http://example.org/item/%d/%d> <http://example.org/prop/%d> %s%s .\n", gen, i, i % 5, o, g
    }
  }' >"$BIG"
  sort "$BIG" >"$BIG.sorted"
  BIG_SIZE=$(stat -c %s "$BIG")
}
make_big
# The generator writes canonical N-Quads (what a dump writes), so expected dumps are plain
# merges of sorted files; check that on a sample.
head -n 1000 "$BIG" >"$D/sample.nq"
expect_ok "$ANNALS" convert "$D/sample.nq"
expect_equal_files "$D/sample.nq" "$OUT" "the generator's output is not canonical N-Quads"

# Commit A: a small base.
cat >"$D/base.nq" <<'EOF'
<http://example.org/base/1> <http://example.org/prop/0> "base one" .
<http://example.org/base/2> <http://example.org/prop/1> <http://example.org/base/1> <http://example.org/graph/1> .
<http://example.org/base/3> <http://example.org/prop/2> "7"^^<http://www.w3.org/2001/XMLSchema#integer> <http://example.org/graph/9> .
EOF
expect_ok "$ANNALS" load --store "$S" "$D/base.nq"
expect_stdout_contains "transaction 1"
dump_sorted "$S" "$D/before.dump"
expect_equal_files <(sort "$D/base.nq") "$D/before.dump" "dump after commit A"

# The position of the load's read offset in the big file, from /proc (empty if unknown).
read_offset() {  # PID
  local fd
  for fd in /proc/"$1"/fd/*; do
    if [[ $(readlink "$fd" 2>/dev/null) == "$BIG" ]]; then
      awk '/^pos:/ { print $2 }' "/proc/$1/fdinfo/${fd##*/}" 2>/dev/null
      return
    fi
  done
}
# Waits until the load has read PERCENT of the big file; returns 1 if it exits first.
wait_read() {  # PID PERCENT
  local pos
  while kill -0 "$1" 2>/dev/null; do
    pos=$(read_offset "$1")
    if [[ -n $pos ]] && ((pos * 100 >= BIG_SIZE * $2)); then return 0; fi
    sleep 0.02
  done
  return 1
}

KILLED_MID=0
TRIAL=0
LOG_NOW=$(log_numbers "$S")
expect_eq 1 "$LOG_NOW" "log after commit A"
# trial HOW: loads the big file, kills it (HOW: "sleep SECONDS", "read PERCENT [SECONDS]" to
# wait until that much of the file is read and then SECONDS more, or "finish" to let it end),
# then checks the store.
trial() {
  TRIAL=$((TRIAL + 1))
  local how=$1 pid state lines log_before=$LOG_NOW
  "$ANNALS" load --store "$S" --pending-memory "$PENDING" "$BIG" >"$D/load$TRIAL.out" 2>"$D/load$TRIAL.err" &
  pid=$!
  case $how in
    sleep\ *) sleep "${how#sleep }" ;;
    read\ *)
      local args=(${how#read })
      if [[ -r /proc/$pid/fdinfo ]]; then
        wait_read "$pid" "${args[0]}"
      else  # no /proc: guess from the speed of this machine's first complete load
        sleep 10
      fi
      [[ -n ${args[1]:-} ]] && sleep "${args[1]}"
      ;;
    finish) ;;
  esac
  local rc
  if [[ $how == finish ]]; then
    wait "$pid"
    rc=$?
    state="had finished"
  elif kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null
    rc=$?
    # The process may have exited between the kill and its last instruction; 137 says the
    # signal ended it.
    if [[ $rc -eq 137 ]]; then
      state="killed while loading"
      KILLED_MID=$((KILLED_MID + 1))
    else
      state="had finished"
    fi
  else
    wait "$pid" 2>/dev/null
    rc=$?
    state="had finished"
  fi
  echo "trial $TRIAL ($how): $state (exit $rc) at ${SECONDS}s $(cat "$D/load$TRIAL.out" "$D/load$TRIAL.err" | head -c 200)"

  # What a reader sees right after the crash: exactly before or exactly before + big.
  expect_ok "$ANNALS" dump --store "$S"
  sort "$OUT" >"$D/crash$TRIAL.dump"
  lines=$(wc -l <"$D/crash$TRIAL.dump")
  local before_lines big_in=0
  before_lines=$(wc -l <"$D/before.dump")
  if [[ $lines -eq $before_lines ]]; then
    expect_equal_files "$D/before.dump" "$D/crash$TRIAL.dump" "trial $TRIAL: store after the kill"
    [[ $state == "killed while loading" ]] || fail "trial $TRIAL: the load finished but its data is missing"
    pass
  elif [[ $lines -eq $((before_lines + N)) ]]; then
    sort -m "$D/before.dump" "$BIG.sorted" >"$D/after.dump"
    expect_equal_files "$D/after.dump" "$D/crash$TRIAL.dump" "trial $TRIAL: store after the kill"
    big_in=1
    if [[ $state == "had finished" ]]; then
      [[ $rc -eq 0 ]] || fail "trial $TRIAL: the load failed (exit $rc): $(cat "$D/load$TRIAL.err")"
      grep -q "loaded $N quads, $N new facts" "$D/load$TRIAL.out" || fail "trial $TRIAL: load output"
      pass
    fi
    mv "$D/after.dump" "$D/before.dump"
    BIG_DONE=1
  else
    fail "trial $TRIAL: the store holds $lines quads after the kill: neither $before_lines (before) nor $((before_lines + N)) (after)"
  fi

  # The next writer recovers and commits on top; the numbers go on. (The log is read only
  # now: right after a crash every reader replays the dead writer's log, which is slow.)
  local small=$D/small$TRIAL.nt
  printf '<http://example.org/small/%d> <http://example.org/prop/0> "after trial %d" .\n' "$TRIAL" "$TRIAL" >"$small"
  expect_ok "$ANNALS" load --store "$S" "$small"
  expect_stdout_contains "loaded 1 quads, 1 new facts"
  local tx
  tx=$(sed -nE 's/.*; transaction ([0-9]+)$/\1/p' "$OUT")
  [[ -n $tx ]] || fail "trial $TRIAL: no transaction number in '$OUT_TEXT'"
  LOG_NOW=$(log_numbers "$S")
  local want_prefix=$log_before
  if ((big_in)); then
    # The big load's transaction, then the small one.
    local words=($LOG_NOW)
    ((${#words[@]} >= 3)) || fail "trial $TRIAL: log '$LOG_NOW' too short"
    local big_tx=${words[${#words[@]} - 2]}
    ((big_tx > ${log_before##* })) || fail "trial $TRIAL: big load's transaction $big_tx after ${log_before##* }"
    pass
    want_prefix="$log_before $big_tx"
    "$ANNALS" log --store "$S" 2>"$ERR" | grep -Eq "^ *$big_tx .* \+$N -0 facts +load $BIG\$" ||
      fail "trial $TRIAL: log line of the big load"
    pass
  fi
  ((tx > ${want_prefix##* })) || fail "trial $TRIAL: transaction $tx after ${want_prefix##* }"
  pass
  expect_eq "$want_prefix $tx" "$LOG_NOW" "trial $TRIAL: log after the next load"
  sort -m "$D/before.dump" "$small" >"$D/before.next"
  mv "$D/before.next" "$D/before.dump"
  # Counts agree with the dump and the log.
  "$ANNALS" stats --store "$S" --predicates 0 >"$D/stats$TRIAL" 2>"$ERR" || fail "trial $TRIAL: stats failed"
  expect_eq "$(wc -l <"$D/before.dump")" "$(awk '$1 == "quads" { print $2 }' "$D/stats$TRIAL")" \
    "trial $TRIAL: stats quads"
  expect_eq "$(wc -w <<<"$LOG_NOW")" "$(awk '$1 == "transactions" { print $2 }' "$D/stats$TRIAL")" \
    "trial $TRIAL: stats transactions"
  if [[ ${BIG_DONE:-0} == 1 ]]; then  # that file is in; the next trials need a new one
    BIG_DONE=0
    make_big
  fi
}

trial "sleep 0.2"    # while opening the store or parsing the first chunks
trial "sleep 1"
trial "sleep 3"
trial "read 60"      # in the middle: pending writes in memory, some maybe spilled
trial "read 100"     # everything read: the last chunk, the final spill, the commit
trial "read 100 0.15" # into the commit (it takes up to a second for 1M quads)
trial "read 100 0.4"
trial "finish"       # a kill after the end changes nothing
((KILLED_MID >= 1)) || fail "no kill happened while a load was running"
pass
((KILLED_MID >= 3)) || fail "only $KILLED_MID kills happened while a load was running (the early ones must)"
pass
echo "$KILLED_MID of $TRIAL kills happened while a load was running"

# What the killed loads left (index entries, spilled dictionary terms no commit used) is given
# back by compact: the store is then about the size of one that holds only what committed.
expect_ok "$ANNALS" compact --store "$S"
expect_ok "$ANNALS" check --store "$S"
expect_ok "$ANNALS" dump --store "$S"
cp "$OUT" "$D/final.nq"
expect_ok "$ANNALS" load --store "$SCRATCH/clean" "$D/final.nq"
expect_ok "$ANNALS" compact --store "$SCRATCH/clean"
# The table files only: RocksDB's info log (LOG, up to 8 MB) grows with every writer's open.
table_bytes() { cat "$1"/*.sst | wc -c; }
crashed=$(table_bytes "$S")
clean=$(table_bytes "$SCRATCH/clean")
echo "after compact: $crashed bytes of tables; the same facts loaded once: $clean bytes"
((crashed <= clean + clean / 10 + 262144)) ||
  fail "compact left $crashed bytes where the committed facts take $clean"
pass
expect_eq "$(stat_value "$SCRATCH/clean" terms)" "$(stat_value "$S" terms)" "terms after compact"
