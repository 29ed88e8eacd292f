# Reports through the program (loaders/REPORTS.md): the example CSV and JSON-lines files, a
# TSV and gzipped files load as facts with intervals in their sources' graphs; loading them
# again changes nothing (stats and dump identical), and their dumps load back as the same
# facts; bad input exits 1 naming FILE:LINE:COLUMN and leaves the store unchanged;
# --replace-graph swaps a revised report in, for RDF files too, and AS OF TRANSACTION still
# shows the version before.
# Usage: bash reports.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

cd "$SCRATCH" || fail "cannot cd to $SCRATCH"
[[ -n $SRC ]] || fail "needs the source directory"
EXAMPLES=$SRC/loaders/examples

# count STORE QUERY: the one number a SELECT (COUNT(*) AS ?n) query returns.
count() {
  "$ANNALS" query --store "$1" --union --format tsv "$2" 2>"$ERR" | sed -n 2p | sed -E 's/^"?([0-9]+).*/\1/'
}

# --- The examples load, and loading them again changes nothing ------------------------------
S=$SCRATCH/s
expect_ok "$ANNALS" load --store "$S" "$EXAMPLES/events.csv" "$EXAMPLES/reports.jsonl"
expect_stdout_contains "new facts"
expect_ok "$ANNALS" stats --store "$S" --predicates 0
grep -v -E '^(bytes|size)' "$OUT" >stats.1
dump_sorted "$S" dump.1
expect_ok "$ANNALS" load --store "$S" "$EXAMPLES/events.csv" "$EXAMPLES/reports.jsonl"
expect_stdout_contains "0 new facts"
expect_stdout_contains "nothing new, no transaction"
expect_ok "$ANNALS" stats --store "$S" --predicates 0
grep -v -E '^(bytes|size)' "$OUT" >stats.2
dump_sorted "$S" dump.2
expect_equal_files stats.1 stats.2 "stats after loading the reports again"
expect_equal_files dump.1 dump.2 "dump after loading the reports again"

expect_ok "$ANNALS" dump --store "$S" --format trig
expect_stdout_contains ':TTP :supportedBy :Taliban {| annals:validFrom "2021-08"^^xsd:gYearMonth |}'
expect_stdout_contains ':Pakistan :visited :Kabul {| annals:validIn "2025-04"^^xsd:gYearMonth |}'
expect_stdout_contains '{| annals:validFrom "2014"^^xsd:gYear ; annals:validTo "2016"^^xsd:gYear |}'
expect_stdout_contains '"Foreign minister'"'"'s visit, 19 April"'
expect_stdout_contains 'annals:quote "The minister arrived in Kabul on Saturday."'
expect_stdout_contains '"Pakistan'"'"'s minister in Kabul"'

# A dump of the reports loads back as the same facts (the reifiers' labels aside).
for f in trig nquads; do
  expect_ok "$ANNALS" dump --store "$S" --format "$f"
  cp "$OUT" "dump.$f"
  expect_ok "$ANNALS" load --store "$S-$f" --format "$f" "dump.$f"
  dump_sorted "$S-$f" "back.$f"
  canon_blanks dump.1 >dump.1.canon
  canon_blanks "back.$f" >"back.$f.canon"
  expect_equal_files dump.1.canon "back.$f.canon" "the reports dumped as $f and loaded again"
done

# Valid time answers questions: who visited Kabul in April 2025 (report1 says so).
expect_eq 1 "$(count "$S" 'PREFIX : <https://annals.dev/demo/> SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { :Pakistan :visited :Kabul } } VALID AT "2025-04-19"')" "visits valid on 2025-04-19"

# --- TSV, gzip and stdin ------------------------------------------------------------------
printf '# prefix ex: <http://ex/>\nsubject\tpredicate\tobject\tfrom\tsource\nex:a\tex:says\tline one\\nline two\t2020\tex:g\n' >t.tsv
gzip -c t.tsv >t2.tsv.gz
T=$SCRATCH/t
expect_ok "$ANNALS" load --store "$T" t.tsv
expect_stdout_contains "loaded 1 quads, 1 new facts"
expect_ok "$ANNALS" load --store "$T" t2.tsv.gz
expect_stdout_contains "0 new facts"
expect_exit_in 0 t.tsv "$ANNALS" load --store "$T" --format tsv -
expect_stdout_contains "0 new facts"
expect_ok "$ANNALS" dump --store "$T"
expect_stdout_contains '"line one\nline two"'

# --- Errors: exit 1, FILE:LINE:COLUMN, store unchanged ----------------------------------------
dump_sorted "$S" before
bad() {  # bad FILE 'EXPECTED STDERR PART'
  expect_exit 1 "$ANNALS" load --store "$S" "$1"
  expect_stderr_contains "$2"
}
printf 'subject,predicate,object,from,source\n<http://a>,<http://p>,<http://b>,,<http://g>\n<http://a>,<http://p>,x,2025-13,<http://g>\n' >bad-date.csv
bad bad-date.csv "bad-date.csv:3:25: bad date '2025-13'"
printf 'subject,predicate,object,colour\n' >bad-column.csv
bad bad-column.csv "bad-column.csv:1:26: unknown column 'colour'"
printf 'subject\tpredicate\tobject\n<http://a>\tzz:p\tx\n' >bad-prefix.tsv
bad bad-prefix.tsv "bad-prefix.tsv:2:12: unknown prefix 'zz:'"
printf '{"id": "<http://g>", "title": "ok"}\n{"id": "<http://g2>", "facts": [{"s": "<http://a>", "p": "<http://p>"}]}\n' >bad-fact.jsonl
bad bad-fact.jsonl "bad-fact.jsonl:2:23: facts[0].o: a fact needs s, p and o"
printf '{"id": "<http://g>", "title": "ok"}\n{"id": "<http://g2>" "title": 1}\n' >bad-json.jsonl
bad bad-json.jsonl "bad-json.jsonl:2:22: bad JSON"
# A number past a double's range: an error at its place, not an abort (load and convert).
printf '{"id": "<http://g>", "facts": [{"s": "<http://a>", "p": "<http://p>", "o": 1e400}]}\n' >huge.jsonl
bad huge.jsonl "huge.jsonl:1:76: bad JSON: the number 1e400 is out of range"
expect_exit 1 "$ANNALS" convert huge.jsonl
expect_stderr_contains "huge.jsonl:1:76: bad JSON: the number 1e400 is out of range"
dump_sorted "$S" after
expect_equal_files before after "store after the failed loads"
expect_exit 2 "$ANNALS" load --store "$S" --format xlsx bad-date.csv
expect_stderr_contains "csv, tsv, jsonl"
expect_exit 2 "$ANNALS" dump --store "$S" --format csv
expect_exit 1 "$ANNALS" load --store "$S" --on-error skip bad-fact.jsonl
expect_stderr_contains "skipped 1 bad statement"
expect_stdout_contains "loaded 1 quads"

# --- --replace-graph ----------------------------------------------------------------------
R=$SCRATCH/r
cat >v1.jsonl <<'EOF'
{"prefixes": {"": "https://annals.dev/demo/"}}
{"id": ":r1", "title": "First version", "facts": [{"s": ":a", "p": ":met", "o": ":b", "in": "2025-03"}, {"s": ":a", "p": ":met", "o": ":c", "in": "2025-03"}]}
EOF
cat >v2.jsonl <<'EOF'
{"prefixes": {"": "https://annals.dev/demo/"}}
{"id": ":r1", "title": "Second version", "facts": [{"s": ":a", "p": ":met", "o": ":b", "in": "2025-03"}, {"s": ":a", "p": ":met", "o": ":d", "in": "2025-04"}]}
EOF
printf '<https://annals.dev/demo/x> <https://annals.dev/demo/p> "kept" <https://annals.dev/demo/other> .\n' >other.nq
expect_ok "$ANNALS" load --store "$R" v1.jsonl other.nq
expect_ok "$ANNALS" log --store "$R"
V1=$(log_numbers "$R")
expect_eq 4 "$(stat_value "$R" facts)" "facts after v1"
expect_ok "$ANNALS" load --store "$R" --replace-graph v2.jsonl
expect_stdout_contains "2 new facts"
expect_stdout_contains "2 facts retracted"
expect_eq 4 "$(stat_value "$R" facts)" "facts after v2"
Q_R1='PREFIX : <https://annals.dev/demo/> SELECT (COUNT(*) AS ?n) WHERE { GRAPH :r1 { ?s ?p ?o } }'
expect_eq 3 "$(count "$R" "$Q_R1")" "quads of r1 now"
expect_eq 3 "$(count "$R" "$Q_R1 AS OF TRANSACTION $V1")" "quads of r1 as of v1"
expect_eq 1 "$(count "$R" 'PREFIX : <https://annals.dev/demo/> SELECT (COUNT(*) AS ?n) WHERE { GRAPH :r1 { :a :met :c } } AS OF TRANSACTION '"$V1")" "v1's fact as of v1"
expect_eq 0 "$(count "$R" 'PREFIX : <https://annals.dev/demo/> SELECT (COUNT(*) AS ?n) WHERE { GRAPH :r1 { :a :met :c } }')" "v1's fact now"
expect_eq 1 "$(count "$R" 'PREFIX : <https://annals.dev/demo/> SELECT (COUNT(*) AS ?n) WHERE { GRAPH :other { ?s ?p ?o } }')" "another graph untouched"
# The same revision again: nothing changes.
expect_ok "$ANNALS" load --store "$R" --replace-graph v2.jsonl
expect_stdout_contains "nothing new, no transaction"
# An RDF file replaces its graphs too.
printf '<https://annals.dev/demo/y> <https://annals.dev/demo/p> "new" <https://annals.dev/demo/other> .\n' >other2.nq
expect_ok "$ANNALS" load --store "$R" --replace-graph other2.nq
expect_stdout_contains "1 facts retracted"
expect_eq 1 "$(count "$R" 'PREFIX : <https://annals.dev/demo/> SELECT (COUNT(*) AS ?n) WHERE { GRAPH :other { :y ?p ?o } }')" "other graph replaced"
expect_ok "$ANNALS" load --help
expect_stdout_contains "--replace-graph"
expect_stdout_contains "REPORTS.md"

# --- --graph: a triple file into the report's graph ---------------------------------------
G=$SCRATCH/g
printf '<https://annals.dev/demo/a> <https://annals.dev/demo/p> "one" .\n' >g1.nt
printf '@prefix : <https://annals.dev/demo/> .\n:b :p "two" .\n' >g2.ttl
printf '<https://annals.dev/demo/c> <https://annals.dev/demo/p> "three" .\n' >g3.nt
Q_G='PREFIX : <https://annals.dev/demo/> SELECT (COUNT(*) AS ?n) WHERE { GRAPH :report7 { ?s ?p ?o } }'
expect_ok "$ANNALS" load --store "$G" --graph https://annals.dev/demo/report7 g1.nt g2.ttl
expect_eq 2 "$(count "$G" "$Q_G")" "triples in the named graph"
expect_ok "$ANNALS" query --store "$G" --format tsv 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
expect_stdout_matches '^"?2' # the store's rule: the default graph is the union of all graphs
expect_ok "$ANNALS" query --store "$G" --no-union --format tsv 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
expect_stdout_matches '^"?0' # the store's own default graph holds none of them
# With --replace-graph the files' triples replace that graph's.
expect_ok "$ANNALS" load --store "$G" --graph https://annals.dev/demo/report7 --replace-graph g3.nt
expect_stdout_contains "2 facts retracted"
expect_eq 1 "$(count "$G" "$Q_G")" "triples in the replaced graph"
# Refused before the store is touched: a relative IRI, a format that names its own graphs.
expect_exit 1 "$ANNALS" load --store "$G" --graph report7 g1.nt
expect_stderr_contains "not an absolute IRI"
expect_exit 1 "$ANNALS" load --store "$G" --graph https://annals.dev/demo/r other.nq
expect_stderr_contains "names its own graphs"
expect_exit 1 "$ANNALS" load --store "$SCRATCH/never" --graph https://annals.dev/demo/r v1.jsonl
expect_stderr_contains "names its own graphs"
[ ! -e "$SCRATCH/never" ] || fail "a refused load created the store"
# The log says how a load treated the graphs.
expect_ok "$ANNALS" log --store "$G"
expect_stdout_contains "load --graph <https://annals.dev/demo/report7> --replace-graph g3.nt"

# --- stats and log for scripts ----------------------------------------------------------------
expect_ok "$ANNALS" stats --store "$G" --format json --predicates 1
expect_eq 1 "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["facts"])' "$OUT")" "stats json: facts"
expect_eq "https://annals.dev/demo/p" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["by_predicate"][0]["predicate"])' "$OUT")" "stats json: the predicate"
expect_ok "$ANNALS" log --store "$G" --format json
expect_eq "2 1" "$(python3 -c 'import json,sys; l=json.load(open(sys.argv[1])); print(len(l), l[-1]["facts_added"])' "$OUT")" "log json: transactions, the last one's facts"
expect_exit 2 "$ANNALS" log --store "$G" --format xml
expect_stderr_contains "known: text, json"
