# The demo graph: `annals demo --store DIR` builds it (idempotent), its dump loads back, and a
# bare `annals` creates the default store with it on first use (and only then).
# Usage: bash demo.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

S=$SCRATCH/stores/demo

# --- annals demo -----------------------------------------------------------------------------
expect_ok "$ANNALS" demo --store "$S"
expect_stdout_matches '^demo graph: [0-9]+ quads, [0-9]+ new facts; transaction 1$'
expect_ok "$ANNALS" log --store "$S"
expect_stdout_matches '^ +1 .* demo graph$'
graphs=$(stat_value "$S" graphs)
[[ $graphs -ge 10 ]] || fail "the demo has $graphs named graphs, want at least 10"
pass
# (about 340 quads while annotations load as reifiers, about 230 once they are intervals)
quads=$(stat_value "$S" quads)
[[ $quads -ge 200 ]] || fail "the demo has only $quads quads"
pass

# Twice: nothing new, the same dump.
dump_sorted "$S" "$SCRATCH/first.nq"
expect_ok "$ANNALS" demo --store "$S"
expect_stdout_contains "already in the store"
dump_sorted "$S" "$SCRATCH/second.nq"
expect_equal_files "$SCRATCH/first.nq" "$SCRATCH/second.nq" "annals demo twice"
expect_eq 1 "$(stat_value "$S" transactions)" "transactions after annals demo twice"

# The named graphs are the sources, each with its publication date in the default graph.
expect_ok "$ANNALS" query --store "$S" --format tsv \
  'SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?g <https://annals.dev/demo/publishedOn> ?d } }'
expect_eq $'?n\n0' "$OUT_TEXT" "named graphs without a publication date"
expect_ok "$ANNALS" query --store "$S" --union --format tsv \
  'PREFIX : <https://annals.dev/demo/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
   SELECT ?label WHERE { :TTP rdfs:label ?label }'
expect_stdout_contains '"Tehreek-e-Taliban Pakistan"'

# The dump loads back into a new store with the same counts.
"$ANNALS" dump --store "$S" --format trig >"$SCRATCH/demo-dump.trig" 2>"$ERR" || fail "trig dump failed"
pass
B=$SCRATCH/stores/back
expect_ok "$ANNALS" load --store "$B" "$SCRATCH/demo-dump.trig"
for k in quads graphs predicates; do
  expect_eq "$(stat_value "$S" $k)" "$(stat_value "$B" $k)" "$k after loading the dump back"
done
dump_sorted "$B" "$SCRATCH/back.nq"
canon_blanks "$SCRATCH/first.nq" >"$SCRATCH/first.canon"
canon_blanks "$SCRATCH/back.nq" >"$SCRATCH/back.canon"
expect_equal_files "$SCRATCH/first.canon" "$SCRATCH/back.canon" "dump loaded back"

# Into a store that holds other facts: they stay, the demo joins them.
O=$SCRATCH/stores/other
printf '<http://e/s> <http://e/p> <http://e/o> .\n' >"$SCRATCH/one.nt"
expect_ok "$ANNALS" load --store "$O" "$SCRATCH/one.nt"
expect_ok "$ANNALS" demo --store "$O"
expect_eq $((quads + 1)) "$(stat_value "$O" quads)" "quads of the demo beside one other"

# Usage.
expect_exit 2 "$ANNALS" demo --store "$S" --bogus
expect_exit 2 "$ANNALS" demo --store "$S" extra

# --- the default store -----------------------------------------------------------------------
# A bare annals opens the REPL (here on an empty script) on it, created with the demo graph.
expect_exit_in 0 /dev/null "$ANNALS"
expect_ok "$ANNALS" stats --predicates 0
expect_stdout_matches "^graphs +$graphs\$"
expect_stdout_matches "^quads +$quads\$"
# Opening it again adds nothing.
expect_exit_in 0 /dev/null "$ANNALS"
expect_ok "$ANNALS" stats --predicates 0
expect_stdout_matches '^transactions +1$'
dump_sorted "$XDG_DATA_HOME/annals" "$SCRATCH/default.nq"
canon_blanks "$SCRATCH/default.nq" >"$SCRATCH/default.canon"
expect_equal_files "$SCRATCH/first.canon" "$SCRATCH/default.canon" "default store's demo graph"
# A store named by --store or ANNALS_STORE starts empty.
expect_exit_in 0 /dev/null "$ANNALS" --store "$SCRATCH/stores/named"
expect_eq 0 "$(stat_value "$SCRATCH/stores/named" quads)" "quads of a new named store"
ANNALS_STORE=$SCRATCH/stores/env expect_exit_in 0 /dev/null "$ANNALS"
expect_eq 0 "$(stat_value "$SCRATCH/stores/env" quads)" "quads of a new ANNALS_STORE store"
