# `annals query`: results in every format, CONSTRUCT as RDF, EXPLAIN and EXPLAIN ANALYZE,
# queries from files and stdin, the default graph and the store's prefixes, errors with their place (exit 1), usage errors
# (exit 2), a store that is not there (exit 3), a timeout (exit 4).
# Usage: bash query.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

S=$SCRATCH/store
cat >"$SCRATCH/data.trig" <<'TRIG'
PREFIX : <http://example.org/>
:alice :knows :bob ; :age 30 ; :name "Alice, \"the first\"" .
:bob :knows :carol ; :age 25 .
:report { :alice :visited :paris . }
TRIG
expect_ok "$ANNALS" load --store "$S" "$SCRATCH/data.trig"

Q='PREFIX : <http://example.org/> SELECT ?who ?age WHERE { ?who :age ?age } ORDER BY ?age'

# --- formats -----------------------------------------------------------------------------------
expect_ok "$ANNALS" query --store "$S" "$Q"
expect_stdout_contains ":bob"
# Piped, the table is data and its footer goes to stderr.
expect_stderr_matches '^2 rows \([0-9.]+ ms\)$'
grep -q "rows" "$OUT" && fail "the footer in the piped table"
pass
expect_ok "$ANNALS" query --store "$S" --format json "$Q"
expect_stdout_contains '"vars"'
expect_stdout_contains '"http://example.org/bob"'
expect_ok "$ANNALS" query --store "$S" --format xml "$Q"
expect_stdout_contains '<uri>http://example.org/bob</uri>'
expect_ok "$ANNALS" query --store "$S" --format csv "$Q"
expect_eq "who,age" "$(head -n 1 "$OUT" | tr -d '\r')" "CSV header"
expect_eq "http://example.org/bob,25" "$(sed -n 2p "$OUT" | tr -d '\r')" "CSV first row"
expect_ok "$ANNALS" query --store "$S" --format tsv "$Q"
expect_eq "?who	?age" "$(head -n 1 "$OUT")" "TSV header"
expect_eq "<http://example.org/bob>	25" "$(sed -n 2p "$OUT")" "TSV first row"
expect_ok "$ANNALS" query --store "$S" --format csv 'PREFIX : <http://example.org/> SELECT ?n { :alice :name ?n }'
expect_eq '"Alice, ""the first"""' "$(sed -n 2p "$OUT" | tr -d '\r')" "CSV quoting"
expect_ok "$ANNALS" query --store "$S" --format json 'ASK { ?s ?p ?o }'
expect_stdout_contains '"boolean"'

# --- CONSTRUCT and DESCRIBE write RDF ------------------------------------------------------------
expect_ok "$ANNALS" query --store "$S" --format ntriples \
  'PREFIX : <http://example.org/> CONSTRUCT { ?b :knownBy ?a } WHERE { ?a :knows ?b }'
expect_stdout_contains '<http://example.org/bob> <http://example.org/knownBy> <http://example.org/alice> .'
expect_ok "$ANNALS" query --store "$S" 'PREFIX : <http://example.org/> DESCRIBE :bob'
expect_stdout_contains ':knows'
expect_exit 2 "$ANNALS" query --store "$S" --format csv 'CONSTRUCT WHERE { ?s ?p ?o }'
expect_stderr_contains "writes RDF"

# --- the default graph: the store's rule, --union / --no-union, annals config ------------------
V='PREFIX : <http://example.org/> SELECT ?w { ?w :visited ?where }'
expect_ok "$ANNALS" query --store "$S" --format csv "$V"
expect_eq "2" "$(wc -l <"$OUT" | tr -d ' ')" "a new store's default graph is the union"
expect_ok "$ANNALS" query --store "$S" --format csv --no-union "$V"
expect_eq "1" "$(wc -l <"$OUT" | tr -d ' ')" "no rows with --no-union"
expect_exit 2 "$ANNALS" query --store "$S" --union --no-union "$V"
expect_stderr_contains "contradict"
expect_ok "$ANNALS" config --store "$S"
expect_stdout_contains "default-graph union"
expect_ok "$ANNALS" config --store "$S" --default-graph own
expect_stdout_contains "default-graph own"
expect_ok "$ANNALS" query --store "$S" --format csv "$V"
expect_eq "1" "$(wc -l <"$OUT" | tr -d ' ')" "no rows once the store's rule is its own graph"
expect_ok "$ANNALS" query --store "$S" --format csv --union "$V"
expect_eq "2" "$(wc -l <"$OUT" | tr -d ' ')" "one row with --union"
expect_ok "$ANNALS" stats --store "$S" --format json
expect_stdout_contains '"default_graph": "own"'
expect_exit 2 "$ANNALS" config --store "$S" --default-graph both
expect_ok "$ANNALS" config --store "$S" --default-graph union

# --- prefixes the text does not declare resolve through the store's table (data.trig's ':') ---
expect_ok "$ANNALS" update --store "$S" 'INSERT DATA { :zoe :knows :bob }'
expect_ok "$ANNALS" query --store "$S" --format csv 'SELECT ?x { ?x :knows :bob } ORDER BY ?x'
expect_stdout_contains $'http://example.org/alice\r\nhttp://example.org/zoe'
expect_exit 1 "$ANNALS" query --store "$S" --no-store-prefixes 'SELECT ?x { ?x :knows :bob }'
expect_stderr_contains "undefined prefix ':'"
expect_ok "$ANNALS" query --store "$S" --format csv 'PREFIX : <http://example.org/other#> SELECT ?x { ?x :knows ?y }'
expect_eq "1" "$(wc -l <"$OUT" | tr -d ' ')" "a declared prefix wins over the store's"
expect_exit 1 "$ANNALS" update --store "$S" --no-store-prefixes 'DELETE DATA { :zoe :knows :bob }'
expect_stderr_contains "undefined prefix ':'"
expect_ok "$ANNALS" update --store "$S" 'DELETE DATA { :zoe :knows :bob }'
# A bad update on a store that is not there creates none.
expect_exit 1 "$ANNALS" update --store "$SCRATCH/none" 'INSERT DATA { :a :b }'
[[ ! -e $SCRATCH/none ]] || fail "a bad update created a store"

# --- query from a file and from stdin ------------------------------------------------------------
printf '%s\n' "$Q" >"$SCRATCH/q.rq"
expect_ok "$ANNALS" query --store "$S" --format tsv -f "$SCRATCH/q.rq"
expect_stdout_contains "<http://example.org/alice>"
run bash -c "printf '%s' 'SELECT * { ?s ?p ?o } LIMIT 1' | '$ANNALS' query --store '$S' --format tsv -f -"
expect_eq 0 "$RC" "query from stdin"
expect_eq 2 "$(wc -l <"$OUT" | tr -d ' ')" "LIMIT 1 from stdin"

# --- EXPLAIN ----------------------------------------------------------------------------------
expect_ok "$ANNALS" query --store "$S" "EXPLAIN $Q"
expect_stdout_contains "Scan"
expect_stdout_contains "OrderBy"
expect_ok "$ANNALS" query --store "$S" --explain "$Q"
expect_stdout_contains "Scan"
expect_ok "$ANNALS" query --store "$S" "explain analyze $Q"
expect_stdout_matches "Scan .*rows=2"
# The planner's estimate (rows per open) beside what each operator did.
expect_stdout_matches "Scan .*\[rows=2 est=[0-9]+ opens=1 "
expect_stdout_contains "2 results"

# --- errors ------------------------------------------------------------------------------------
expect_exit 1 "$ANNALS" query --store "$S" 'SELECT ?x WHERE { ?x nope:p ?y }'
expect_stderr_contains "query:1:22: undefined prefix 'nope:'"
expect_stderr_contains "^"
printf 'SELECT ?x\nWHERE { ?x ?p }\n' >"$SCRATCH/bad.rq"
expect_exit 1 "$ANNALS" query --store "$S" -f "$SCRATCH/bad.rq"
expect_stderr_contains "bad.rq:2:"
expect_exit 2 "$ANNALS" query --store "$S"
expect_exit 2 "$ANNALS" query --store "$S" --format yaml "$Q"
expect_exit 2 "$ANNALS" query --store "$S" --timeout -1 "$Q"
expect_exit 3 "$ANNALS" query --store "$SCRATCH/absent" "$Q"
[[ ! -e $SCRATCH/absent ]] || fail "query created a store"
pass
expect_exit 4 "$ANNALS" query --store "$S" 'SELECT * { SERVICE <http://example.org/s> { ?s ?p ?o } }'
expect_stderr_contains "SERVICE"

# A query that would run for hours stops at its timeout.
cat >"$SCRATCH/many.nt" <<'NT'
NT
for i in $(seq 1 300); do echo "<http://e/s$i> <http://e/p> <http://e/o$i> ." ; done >"$SCRATCH/many.nt"
expect_ok "$ANNALS" load --store "$S" "$SCRATCH/many.nt"
start=$(date +%s)
expect_exit 4 "$ANNALS" query --store "$S" --format tsv --timeout 0.5 \
  'SELECT (COUNT(*) AS ?n) { ?a <http://e/p> ?b . ?c <http://e/p> ?d . ?e <http://e/p> ?f . ?g <http://e/p> ?h }'
expect_stderr_contains "timeout"
(( $(date +%s) - start < 30 )) || fail "the timeout did not stop the query promptly"
pass

echo "query: $E2E_CHECKS checks passed"

# --- the query's text: inline, '-' (stdin) or -f FILE, one of them ---------------------------
printf 'ASK { ?s ?p ?o }' >"$SCRATCH/ask.rq"
expect_exit_in 0 "$SCRATCH/ask.rq" "$ANNALS" query --store "$S" -
expect_stdout_contains "true"
expect_ok "$ANNALS" query --store "$S" -f "$SCRATCH/ask.rq"
expect_stdout_contains "true"
printf 'ASK {' >"$SCRATCH/bad.rq"
expect_exit_in 1 "$SCRATCH/bad.rq" "$ANNALS" query --store "$S" -
expect_stderr_contains "stdin:1:6:"
expect_exit 2 "$ANNALS" query --store "$S" 'ASK {}' -f "$SCRATCH/ask.rq"
expect_stderr_contains "one of them"
expect_exit 2 "$ANNALS" query --store "$S"
expect_stderr_contains "one of them"
# The help shows options, not the internal names of positional arguments.
expect_ok "$ANNALS" query --help
grep -q -- "--query" "$OUT" && fail "query --help shows --query"
pass
