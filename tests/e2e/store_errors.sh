# Store errors (exit 3): a second writer while a load holds the store, a path that is not an
# Annals store (non-empty directory, regular file, corrupt files). Readers (`dump`, `stats`,
# `log`) keep working next to a writer process and see only committed data.
#
# A store of another format version is refused with exit 3 too; there is no command line way
# to make one, so that case is the Catch2 test "a store of another format version is refused"
# (tests/store/store_test.cpp), which writes another version into a store's metadata.
# Usage: bash store_errors.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

D=$SCRATCH/data
mkdir -p "$D"
printf '%s\n' '<http://e/a> <http://e/p> "base" .' '<http://e/b> <http://e/p> "base" <http://e/g> .' \
  '<http://e/c> <http://e/p> <http://e/a> .' >"$D/base.nq"
printf '%s\n' '<http://e/d> <http://e/p> "tiny" .' >"$D/tiny.nt"

# --- a second writer while a load runs ------------------------------------------------------------
# The load reads a large file from a pipe that this script feeds: first most of the file (the
# writer parses it and holds its pending writes, most of them spilled into the store already
# (it keeps 2 MiB in memory), all invisible to readers until commit), then, after the checks, the rest. So the
# writer is busy for exactly as long as the checks take, however fast this machine is.
BIGN=200000
awk -v n=$BIGN 'BEGIN { for (i = 0; i < n; i++)
  printf "<http://example.org/s/%d> <http://example.org/p/%d> \"v%d\" <http://example.org/g/%d> .\n", i, i % 5, i, i % 3 }' \
  >"$D/big.nq"
head -n $((BIGN - 1000)) "$D/big.nq" >"$D/big.part1"
tail -n 1000 "$D/big.nq" >"$D/big.part2"

S=$SCRATCH/locked
expect_ok "$ANNALS" load --store "$S" "$D/base.nq"
dump_sorted "$S" "$D/base.dump"
[[ $(wc -l <"$D/base.dump") -eq 3 ]] || fail "base dump: want 3 lines"
pass

mkfifo "$D/pipe" || fail "mkfifo"
"$ANNALS" load --store "$S" --format nquads --pending-memory 2 - <"$D/pipe" >"$SCRATCH/writer.out" 2>"$SCRATCH/writer.err" &
WRITER=$!
exec 3>"$D/pipe"  # opens when the writer opens its end; closing it is the end of the input
cat "$D/big.part1" >&3 || fail "feeding the writer failed: $(cat "$SCRATCH/writer.err")"
pass
# The writer has read all but the last pipe buffer: it has opened the store for writing.
# RocksDB holds a POSIX lock on DIR/LOCK, which /proc/locks lists with the holder's pid.
lock_held_by() {  # PID
  local ino
  ino=$(stat -c %i "$S/LOCK" 2>/dev/null) || return 1
  awk -v pid="$1" -v ino=":$ino" '$5 == pid && substr($6, length($6) - length(ino) + 1) == ino { f = 1 } END { exit !f }' /proc/locks
}
if [[ -r /proc/locks ]]; then
  lock_held_by "$WRITER" || fail "the writer does not hold the store's lock"
  pass
fi
sleep 0.5  # let it parse what it has

# A second writer is refused: exit 3, "locked", and it changes nothing.
expect_exit 3 "$ANNALS" load --store "$S" "$D/tiny.nt"
expect_stderr_contains "locked"
expect_stderr_contains "$S"
expect_stdout_empty
# The REPL (a bare `annals`) reads beside the writer: an analyst's shell works during a load.
expect_ok bash -c "echo 'ASK { ?s ?p ?o }' | '$ANNALS' --store '$S'"
expect_stdout_matches 'true'

# Readers work while the writer runs and see the last commit only.
expect_ok "$ANNALS" stats --store "$S"
expect_stdout_matches '^quads +3$'
expect_stdout_matches '^transactions +1$'
expect_ok "$ANNALS" log --store "$S"
[[ $(wc -l <"$OUT") -eq 1 ]] || fail "log during the load: want 1 transaction"
pass
expect_ok "$ANNALS" dump --store "$S"
sort "$OUT" >"$D/during.dump"
expect_equal_files "$D/base.dump" "$D/during.dump" "dump while a load runs"
# Two readers at once, next to the writer.
"$ANNALS" dump --store "$S" >"$D/r1.dump" 2>"$D/r1.err" &
R1=$!
"$ANNALS" stats --store "$S" >"$D/r2.stats" 2>"$D/r2.err" &
R2=$!
wait "$R1" || fail "concurrent dump failed: $(cat "$D/r1.err")"
wait "$R2" || fail "concurrent stats failed: $(cat "$D/r2.err")"
sort -o "$D/r1.dump" "$D/r1.dump"
expect_equal_files "$D/base.dump" "$D/r1.dump" "concurrent dump while a load runs"
grep -Eq '^quads +3$' "$D/r2.stats" || fail "concurrent stats: want 3 quads"
pass

# All of this happened while the load was still running (otherwise the test proved nothing).
kill -0 "$WRITER" 2>/dev/null || fail "the writer exited early: $(cat "$SCRATCH/writer.err")"
pass
cat "$D/big.part2" >&3 || fail "feeding the writer failed"
exec 3>&-
wait "$WRITER"
rc=$?
[[ $rc -eq 0 ]] || fail "the big load failed with exit $rc: $(cat "$SCRATCH/writer.err")"
pass
grep -q "loaded $BIGN quads, $BIGN new facts" "$SCRATCH/writer.out" || fail "big load: $(cat "$SCRATCH/writer.out")"
pass
grep -q "transaction 2" "$SCRATCH/writer.out" || fail "big load was not transaction 2"
pass
# Now its commit is visible, and the store takes writers again.
expect_eq $((BIGN + 3)) "$(stat_value "$S" quads)" "quads after the big load"
expect_ok "$ANNALS" load --store "$S" "$D/tiny.nt"
expect_stdout_contains "transaction 3"
expect_eq "1 2 3" "$(log_numbers "$S")" "log after the big load"
expect_ok "$ANNALS" log --store "$S"
expect_stdout_matches "^ +2 .* \\+$BIGN -0 facts +load -\$"

# --- not an Annals store -----------------------------------------------------------------------------
# A non-empty directory without a store: refused, and left as it was.
J=$SCRATCH/not-a-store
mkdir -p "$J/sub"
echo "my notes" >"$J/notes.txt"
(cd "$J" && find . | sort) >"$D/junk.before"
for cmd in load dump stats log; do
  if [[ $cmd == load ]]; then
    expect_exit 3 "$ANNALS" load --store "$J" "$D/tiny.nt"
  else
    expect_exit 3 "$ANNALS" "$cmd" --store "$J"
  fi
  expect_stderr_contains "not an Annals store"
done
expect_exit 3 "$ANNALS" --store "$J"
ANNALS_STORE=$J expect_exit 3 "$ANNALS" load "$D/tiny.nt"
(cd "$J" && find . | sort) >"$D/junk.after"
expect_equal_files "$D/junk.before" "$D/junk.after" "a refused directory was changed"
expect_eq "my notes" "$(cat "$J/notes.txt")" "notes.txt"

# A regular file where the store should be: refused, and left as it was.
F=$SCRATCH/a-file
echo "not a directory" >"$F"
for cmd in load dump stats log; do
  if [[ $cmd == load ]]; then
    expect_exit 3 "$ANNALS" load --store "$F" "$D/tiny.nt"
  else
    expect_exit 3 "$ANNALS" "$cmd" --store "$F"
  fi
  expect_stderr_contains "$F"
  expect_stderr_contains "not a directory"
done
expect_exit 3 "$ANNALS" --store "$F"
expect_eq "not a directory" "$(cat "$F")" "a refused file"
# A store path below a regular file.
expect_exit 3 "$ANNALS" load --store "$F/store" "$D/tiny.nt"

# Corrupt stores: a CURRENT file that names no manifest, a manifest overwritten with noise.
C1=$SCRATCH/corrupt-current
mkdir -p "$C1"
echo "garbage" >"$C1/CURRENT"
expect_exit 3 "$ANNALS" dump --store "$C1"
expect_stderr_contains "$C1"
expect_exit 3 "$ANNALS" load --store "$C1" "$D/tiny.nt"
C2=$SCRATCH/corrupt-manifest
expect_ok "$ANNALS" load --store "$C2" "$D/base.nq"
for m in "$C2"/MANIFEST-*; do
  head -c 200 /dev/urandom >"$m"
done
expect_exit 3 "$ANNALS" dump --store "$C2"
expect_exit 3 "$ANNALS" stats --store "$C2"
expect_exit 3 "$ANNALS" load --store "$C2" "$D/tiny.nt"

# An empty directory is a fine place for a new store.
E=$SCRATCH/empty-dir
mkdir -p "$E"
expect_ok "$ANNALS" load --store "$E" "$D/tiny.nt"
expect_stdout_contains "transaction 1"
