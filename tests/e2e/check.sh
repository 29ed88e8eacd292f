# `annals check`: a store written every way checks clean (exit 0, an "ok:" line), also beside
# a running writer; a table file with flipped bytes is reported (one line per problem, exit 3),
# --max-problems cuts the list; no store and bad arguments give exits 3 and 2.
# Usage: bash check.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

S=$SCRATCH/store
D=$SCRATCH/data
P='PREFIX : <http://example.org/> PREFIX annals: <https://annals.dev/ns#> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>'
mkdir -p "$D"

expect_ok "$ANNALS" check --help
expect_stdout_contains "--max-problems"
expect_exit 2 "$ANNALS" check --store "$S" --no-such-option
expect_exit 3 "$ANNALS" check --store "$SCRATCH/none"
expect_stderr_contains "no store at"

# --- clean stores -----------------------------------------------------------------------------
expect_ok "$ANNALS" demo --store "$S"
expect_ok "$ANNALS" check --store "$S"
expect_stdout_matches '^ok: [0-9]+ facts \([0-9]+ current\) of [0-9]+ quads, [0-9]+ terms, 1 transactions, [0-9]+ files checksummed$'
expect_stderr_empty
expect_ok "$ANNALS" update --store "$S" "$P INSERT DATA { GRAPH :src { :a :p :b {| annals:validFrom \"2020\"^^xsd:gYear |} . :a :q 1 } }"
expect_ok "$ANNALS" update --store "$S" "$P DELETE DATA { GRAPH :src { :a :q 1 } }"
expect_ok "$ANNALS" purge --store "$S" --graph http://example.org/src --reason test
expect_ok "$ANNALS" compact --store "$S"
expect_ok "$ANNALS" check --store "$S"
expect_stdout_contains ", 4 transactions, "
expect_ok "$ANNALS" check --store "$S" --no-checksums
expect_stdout_matches '^ok: .* 4 transactions$'

# --- beside a writer: a load of 150k quads runs while the check reads one state ----------------
# The load keeps 1 MiB of pending writes in memory: it spills into the store (terms and facts
# no commit counts yet) while the checks run.
awk 'BEGIN { for (i = 0; i < 150000; i++)
  printf "<http://example.org/big/%d> <http://example.org/p/%d> \"v %d\" <http://example.org/g/%d> .\n", i, i % 7, i, i % 3 }' >"$D/big.nq"
"$ANNALS" load --store "$S" --pending-memory 1 "$D/big.nq" >"$D/load.out" 2>&1 &
LOADER=$!
sleep 1
for i in 1 2 3; do
  expect_ok "$ANNALS" check --store "$S"
  expect_stdout_matches '^ok: '
done
wait "$LOADER" || fail "the load beside the checks failed: $(cat "$D/load.out")"
expect_ok "$ANNALS" check --store "$S"
expect_stdout_contains ", 5 transactions, "

# --- flipped bytes in a table file ---------------------------------------------------------------
expect_ok "$ANNALS" compact --store "$S"
VICTIM=$(ls -S "$S"/*.sst | head -n 1)
[[ -f $VICTIM ]] || fail "no table file in $S"
cp "$VICTIM" "$D/victim.bak"
python3 - "$VICTIM" <<'EOF'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(100)
    b = f.read(1)
    f.seek(100)
    f.write(bytes([b[0] ^ 0x5A]))
EOF
expect_exit 3 "$ANNALS" check --store "$S"
expect_stdout_contains "file /$(basename "$VICTIM"): Corruption"
expect_stdout_matches 'cannot be read to the end: Corruption'
expect_stderr_matches "^annals: store '.*' has [0-9]+ problems?$"
expect_exit 3 "$ANNALS" check --store "$S" --max-problems 1
expect_eq 2 "$(wc -l <"$OUT")" "one problem and the count of the others"
expect_stdout_matches '^\.\.\. and [0-9]+ more$'
# Put back, clean again.
cp "$D/victim.bak" "$VICTIM"
expect_ok "$ANNALS" check --store "$S"
