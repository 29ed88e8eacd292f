# `annals backup` and `annals restore`: a backup taken while a loop of loads writes the store
# holds the store after some whole transaction (its facts equal the source's AS OF that
# transaction), restores to a store that checks clean; a backup with no writer is
# incremental and restores to the same dump; restore refuses a non-empty directory without
# --force (exit 4) and a missing backup (exit 3).
# Usage: bash backup.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

S=$SCRATCH/store
T=$SCRATCH/backups
R=$SCRATCH/restored
D=$SCRATCH/data
mkdir -p "$D"

expect_ok "$ANNALS" backup --help
expect_stdout_contains "TARGET"
expect_ok "$ANNALS" restore --help
expect_stdout_contains "--force"
expect_exit 2 "$ANNALS" backup --store "$S"
expect_exit 3 "$ANNALS" backup --store "$SCRATCH/none" "$T"
expect_stderr_contains "no store at"
expect_exit 3 "$ANNALS" restore "$SCRATCH/none" --store "$R"
expect_stderr_contains "no backup in"

# gen FILE N TAG: N quads in graph TAG, subjects of their own.
gen() {
  awk -v n="$2" -v tag="$3" 'BEGIN { for (i = 0; i < n; i++)
    printf "<http://example.org/s/%s/%d> <http://example.org/p/%d> \"v %d\" <http://example.org/g/%s> .\n", tag, i, i % 5, i, tag }' >"$1"
}
gen "$D/base.nq" 20000 base
expect_ok "$ANNALS" load --store "$S" "$D/base.nq"

# A writer that keeps writing, holding the store all along (a load loop would leave gaps in
# which the backup could take the store for itself): a server with an update token, and a
# client posting one update after another until told to stop.
"$ANNALS" serve --store "$S" --port 0 --update-token t >"$D/writer.out" 2>&1 &
WSERVER=$!
for _ in $(seq 200); do grep -q '^listening on ' "$D/writer.out" && break; sleep 0.1; done
WURL=$(sed -n 's/^listening on \(http:[^ ]*\)\/$/\1/p' "$D/writer.out")
[[ -n $WURL ]] || fail "the writing server did not start: $(cat "$D/writer.out")"
(
  for i in $(seq 1 400); do
    [[ -e $D/stop ]] && break
    curl -sf -o /dev/null -H 'Authorization: Bearer t' --data-urlencode \
      "update=INSERT DATA { GRAPH <http://example.org/g/w> { <http://example.org/s/w/$i> <http://example.org/p/0> \"v $i\" } }" \
      "$WURL/sparql" || exit 1
  done
) >>"$D/writer.log" 2>&1 &
WRITER=$!
sleep 2
expect_ok "$ANNALS" backup --store "$S" "$T"
expect_stdout_matches '^backup 1 of transaction [0-9]+ in .*: [0-9.]+ MiB, [0-9.]+ MiB new$'
TX=$(sed -nE 's/^backup 1 of transaction ([0-9]+) .*/\1/p' "$OUT")
touch "$D/stop"
wait "$WRITER" || fail "the writer failed: $(tail -n 3 "$D/writer.log")"
kill -TERM "$WSERVER"
wait "$WSERVER"
LAST=$("$ANNALS" log --store "$S" | awk 'END { print $1 }')
echo "backup of transaction $TX taken while the writer went from 1 to $LAST"

expect_ok "$ANNALS" restore "$T" --store "$R"
expect_stdout_contains "restored the latest backup"
expect_ok "$ANNALS" check --store "$R"
# The restored store's last transaction is the backup's; its facts are the source's then.
expect_eq "$TX" "$("$ANNALS" log --store "$R" | awk 'END { print $1 }')" "the restored store's last transaction"
Q='SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }'
expect_ok "$ANNALS" query --store "$S" --format tsv "$Q AS OF TRANSACTION $TX"
sort "$OUT" >"$D/source.tsv"
expect_ok "$ANNALS" query --store "$R" --format tsv "$Q"
sort "$OUT" >"$D/restored.tsv"
expect_equal_files "$D/source.tsv" "$D/restored.tsv" "the restored store against the source AS OF $TX"

# Refusals.
expect_exit 4 "$ANNALS" restore "$T" --store "$R"
expect_stderr_contains "is not empty"
"$ANNALS" serve --store "$R" --port 0 --update-token t >"$D/serve.out" 2>&1 &
SERVER=$!
for _ in $(seq 100); do grep -q '^listening on ' "$D/serve.out" && break; sleep 0.1; done
expect_exit 3 "$ANNALS" restore "$T" --store "$R" --force
expect_stderr_contains "locked"
kill -TERM "$SERVER"
wait "$SERVER"

# No writer: incremental, and the same dump.
expect_ok "$ANNALS" backup --store "$S" "$T"
expect_stdout_matches "^backup 2 of transaction $LAST in .*\(incremental\)$"
expect_ok "$ANNALS" backup --store "$S" "$T"
expect_stdout_matches "^backup 3 of transaction $LAST in .*: [0-9.]+ MiB, 0\.[0-9] MiB new \(incremental\)$"
expect_ok "$ANNALS" restore "$T" --store "$R" --force
expect_ok "$ANNALS" check --store "$R"
dump_sorted "$S" "$D/source.dump"
dump_sorted "$R" "$D/restored.dump"
expect_equal_files "$D/source.dump" "$D/restored.dump" "the dump of the restored store"
expect_eq "$(log_numbers "$S")" "$(log_numbers "$R")" "the restored log"
