# The REPL (`annals shell`, a bare `annals`): stdin that is not a terminal runs as a script
# (every dot-command, PREFIX lines kept for the session, multi-line statements, the first
# error's place and exit code), then a pseudo-terminal session (repl_pty.py) checks what a
# person sees: prompts, the table, the caret of a syntax error, Ctrl-C and Ctrl-D.
# Usage: bash repl.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

S=$SCRATCH/demo
expect_ok "$ANNALS" demo --store "$S"
# script FILE TEXT: writes the lines as typed (printf %b escapes) to a file.
script() { printf '%b' "$2" >"$SCRATCH/$1"; }
# run_script CODE FILE TEXT: runs the text as a script on the store, expecting exit CODE.
run_script() {
  script "$2" "$3"
  expect_exit_in "$1" "$SCRATCH/$2" "$ANNALS" --store "$S"
}

# --- statements: multi-line, ';' or a blank line ends them, PREFIX stays ------------------------
script multi.txt 'PREFIX : <https://annals.dev/demo/>\nSELECT ?state ?gov\nWHERE {\n  ?state :recognises ?gov .\n} ORDER BY ?state;\nSELECT ?gov WHERE { :Russia :recognises ?gov }\n\nASK { :Russia :recognises :TalibanGovernment }\n'
expect_exit_in 0 "$SCRATCH/multi.txt" "$ANNALS" shell --store "$S"
expect_stdout_contains "│ :Pakistan │ :TalibanRegime1996 │"
expect_stdout_contains "│ :Russia   │ :TalibanGovernment │"
expect_stdout_contains "2 rows"
expect_stdout_contains "1 row"
expect_stdout_matches '^true$'
expect_stderr_empty
# No prompt and no banner in a script.
[[ $OUT_TEXT != *"annals>"* && $OUT_TEXT != *"facts; default graph"* ]] || fail "a script shows prompts"
pass
# The last statement may end at the end of the input, without ';' or a blank line.
run_script 0 noend.txt 'PREFIX : <https://annals.dev/demo/>\nASK { :Russia :recognises :TalibanGovernment }'
expect_stdout_matches '^true$'
# A ';' inside a pattern (a predicate-object list) does not end the statement; nor does one
# in a string or a comment.
run_script 0 semi.txt 'PREFIX : <https://annals.dev/demo/>\nSELECT ?x WHERE { ?x :recognises ?g ;\n  :recognises :TalibanGovernment . FILTER(STR(?g) != "a;") } # no;\n;\n'
expect_stdout_contains "│ :Russia │"

# --- dot-commands -------------------------------------------------------------------------------
run_script 0 help.txt '.help\n'
for c in .quit .exit .format .mode .timing .union .storeprefixes .at .asof .prefixes .graphs .predicates .classes .maxwidth .load .explain .pager .read .output; do
  expect_stdout_contains "$c"
done
# .quit and .exit stop the script there.
run_script 0 quit.txt '.quit\nSELECT nonsense\n'
expect_stdout_empty
run_script 0 exit.txt '.exit\n.bogus\n'

Q='SELECT ?state WHERE { ?state :recognises :TalibanGovernment }'
P='PREFIX : <https://annals.dev/demo/>'
run_script 0 formats.txt "$P\n.format csv\n$Q;\n.format tsv\n$Q;\n.format json\n$Q;\n.format table\n$Q;\n"
expect_stdout_contains $'state\r\nhttps://annals.dev/demo/Russia\r\n'
expect_stdout_contains $'?state\n<https://annals.dev/demo/Russia>\n'
expect_stdout_contains '{"state":{"type":"uri","value":"https://annals.dev/demo/Russia"}}'
expect_stdout_contains "│ :Russia │"
run_script 1 badformat.txt '.format yaml\n'
expect_stderr_contains "stdin:1: .format takes table, json, csv, tsv or xml, not 'yaml'"

# .timing: the time in the table's footer; the count and time on stderr for other formats.
run_script 0 timing.txt "$P\n.timing on\n$Q;\n.format csv\n$Q;\n.timing off\n$Q;\n"
expect_stdout_matches '^1 row \([0-9.]+ ms\)$'
expect_stderr_contains "1 row ("
[[ $(grep -c ' ms)' "$ERR") -eq 1 ]] || fail ".timing off still times"
pass

# .union: on by default (the demo's facts are in named graphs); off, the default graph alone.
run_script 0 union.txt "$P\n.union off\n$Q;\n.union on\n$Q;\n"
expect_stdout_contains "0 rows"
expect_stdout_contains "│ :Russia │"
run_script 1 badunion.txt '.union maybe\n'
expect_stderr_contains ".union takes on, off or store"

# .at pins VALID AT for queries without a temporal clause of their own; .at off clears it.
R='SELECT ?gov WHERE { :Pakistan :recognises ?gov }'
script at.txt "$P\n.format tsv\n.at 2025-08-14\n$R;\n.at 1996-06-01\n$R;\n$R VALID AT \"2025-08-14\";\n.at\n.at off\n$R;\n"
expect_exit_in 0 "$SCRATCH/at.txt" "$ANNALS" --store "$S"
expect_eq $'?gov\n?gov\n<https://annals.dev/demo/TalibanRegime1996>\n?gov\n1996-06-01\n?gov\n<https://annals.dev/demo/TalibanRegime1996>' \
  "$OUT_TEXT" ".at pins VALID AT"

# .asof pins AS OF: transaction 1 is the demo graph, a .load adds transaction 2.
printf '<https://annals.dev/demo/Narnia> <https://annals.dev/demo/recognises> <https://annals.dev/demo/TalibanGovernment> .\n' >"$SCRATCH/narnia.nt"
run_script 0 asof.txt "$P\n.format tsv\n.load $SCRATCH/narnia.nt\n$Q ORDER BY ?state;\n.asof 1\n$Q;\n.asof off\n$Q ORDER BY ?state;\n"
expect_stdout_contains "loaded 1 quads, 1 new facts; transaction 2"
expect_eq $'loaded 1 quads, 1 new facts; transaction 2\n?state\n<https://annals.dev/demo/Narnia>\n<https://annals.dev/demo/Russia>\n?state\n<https://annals.dev/demo/Russia>\n?state\n<https://annals.dev/demo/Narnia>\n<https://annals.dev/demo/Russia>' \
  "$OUT_TEXT" ".load then .asof"
expect_ok "$ANNALS" log --store "$S"
expect_stdout_matches "^ +2 .*load $SCRATCH/narnia.nt"
# A file that does not parse: nothing loaded, the file's own place in the message.
printf '<http://e/s> <http://e/p> .\n' >"$SCRATCH/bad.nt"
run_script 1 badload.txt ".load $SCRATCH/bad.nt\n"
expect_stderr_contains "$SCRATCH/bad.nt:1:"
script noload.txt ".load $SCRATCH/missing.nt\n"
run_in "$SCRATCH/noload.txt" "$ANNALS" --store "$S"
[[ $RC -ne 0 ]] || fail ".load of a missing file succeeded"
pass

# .prefixes: the store's and the session's.
run_script 0 prefixes.txt 'PREFIX ex: <http://example.org/>\n.prefixes\n'
expect_stdout_contains "PREFIX : <https://annals.dev/demo/>  # store"
expect_stdout_contains "PREFIX ex: <http://example.org/>  # session"

# .explain prints the plan, without running the query.
run_script 0 explain.txt "$P\n.explain $Q\n"
expect_stdout_matches 'Scan'
[[ $OUT_TEXT != *"1 row"* ]] || fail ".explain ran the query"
pass

# EXPLAIN and EXPLAIN ANALYZE as statements, as .explain: the plan; ANALYZE runs the query.
run_script 0 explain-kw.txt "$P\nEXPLAIN $Q;\n  explain analyze $Q;\n.explain ANALYZE $Q\n"
expect_stdout_matches '^Project \?state$'
[[ $(grep -cE 'rows=[0-9]+ ' "$OUT") -eq 4 && $OUT_TEXT != *"1 row"* ]] || fail "EXPLAIN ANALYZE: $OUT_TEXT"
pass
# An error after EXPLAIN keeps its column as typed.
run_script 1 explain-bad.txt "EXPLAIN SELECT ?x WHERE { ?x ?p };\n"
expect_stderr_contains "stdin:1:33: expected an object"

# .at and .asof with a query that ends in VALUES or a solution modifier: the pinned time goes
# beside the query, never into its text; a syntax error keeps its column as typed.
V='SELECT ?gov WHERE { ?s :recognises ?gov } VALUES ?s { :Pakistan }'
run_script 0 at-values.txt "$P\n.format tsv\n.at 1996-06-01\n$V;\n$Q ORDER BY ?state LIMIT 5;\n.asof 1\n$V;\n"
expect_eq $'?gov\n<https://annals.dev/demo/TalibanRegime1996>\n?state\n<https://annals.dev/demo/Narnia>\n?gov\n<https://annals.dev/demo/TalibanRegime1996>' \
  "$OUT_TEXT" ".at with VALUES and LIMIT"
run_script 1 at-bad.txt "$P\n.at 2025-08-14\nSELECT ?x WHERE { ?x :p } VALUES ?x { :a };\n"
expect_stderr_contains "stdin:3:25: expected an object"
# .at reaches into subqueries (the whole query reads one time).
SQ='SELECT ?gov WHERE { { SELECT ?gov WHERE { :Pakistan :recognises ?gov } } }'
run_script 0 at-sub.txt "$P\n.format tsv\n.at 1996-06-01\n$SQ;\n.at 2025-08-14\n$SQ;\n"
expect_eq $'?gov\n<https://annals.dev/demo/TalibanRegime1996>\n?gov' "$OUT_TEXT" ".at with a subquery"
# EXPLAIN shows the pinned time in its scans; a query's own VALID AT wins over it.
run_script 0 at-explain.txt "$P\n.at 1996-06-01\nEXPLAIN $R;\nEXPLAIN $R VALID AT \"2025\";\n.explain $R VALUES ?x { 1 }\n"
[[ $(grep -c 'valid \[1996-06-01, 1996-06-02)' "$OUT") -eq 2 && $(grep -c 'valid \[2025, 2026)' "$OUT") -eq 1 ]] ||
  fail "EXPLAIN with .at: $OUT_TEXT"
pass
# One dimension at a time: a query's AS OF keeps the pinned valid time, its VALID AT the
# pinned AS OF (transaction 1: the demo, before Narnia's load).
run_script 0 at-asof.txt "$P\n.format tsv\n.at 1996-06-01\n$R AS OF TRANSACTION 1;\n.at off\n.asof 1\n$Q VALID AT \"2025-08-14\";\n"
expect_eq $'?gov\n<https://annals.dev/demo/TalibanRegime1996>\n?state\n<https://annals.dev/demo/Russia>' \
  "$OUT_TEXT" "a query's own clause and the pinned other one"
# A setting that is not a date, transaction or time is refused when it is set.
run_script 1 at-baddate.txt "$P\n.at 2025-08-14\n.at 2025-02-30\n"
expect_stderr_contains "stdin:3: .at: '2025-02-30' is not a date"
run_script 1 asof-nozone.txt ".asof 2026-03-01T10:00:00\n"
expect_stderr_contains ".asof: '2026-03-01T10:00:00' is not a transaction or a time"
run_script 1 asof-huge.txt ".asof 99999999999999999999999\n"
expect_stderr_contains ".asof: '99999999999999999999999' is not a transaction or a time"

RU='SELECT ?gov WHERE { :Russia :recognises ?gov }'
# .mode is .format; .output FILE writes results to the file until .output alone.
run_script 0 mode.txt "$P\n.mode csv\n.output $SCRATCH/out.csv\n$RU;\n.output\n.format tsv\n$RU;\n"
expect_eq $'?gov\n<https://annals.dev/demo/TalibanGovernment>' "$OUT_TEXT" ".output then back to stdout"
expect_eq $'gov\r\nhttps://annals.dev/demo/TalibanGovernment\r' "$(cat "$SCRATCH/out.csv")" ".output FILE"
run_script 1 badoutput.txt ".output $SCRATCH/no/such/dir/x\n"
expect_stderr_contains ".output: cannot write"
# .read FILE runs a file's statements; an error there has the file's place.
script inner.txt "$P\n.format tsv\n$RU;\n"
run_script 0 read.txt ".read $SCRATCH/inner.txt\n$RU;\n"
expect_eq $'?gov\n<https://annals.dev/demo/TalibanGovernment>\n?gov\n<https://annals.dev/demo/TalibanGovernment>' \
  "$OUT_TEXT" ".read keeps the file's prefixes and settings"
script inner-bad.txt "$P\n\nSELECT ?x WHERE { ?x :p };\n"
run_script 1 read-bad.txt ".read $SCRATCH/inner-bad.txt\n"
expect_stderr_contains "$SCRATCH/inner-bad.txt:3:25: expected an object"
run_script 1 read-missing.txt ".read $SCRATCH/missing.txt\n"
expect_stderr_contains ".read: cannot open $SCRATCH/missing.txt"
script loop.txt ".read $SCRATCH/loop.txt\n"
run_script 1 read-loop.txt ".read $SCRATCH/loop.txt\n"
expect_stderr_contains "files read each other in a loop"
# A script never pages, even with .pager on.
printf '#!/bin/sh\ncat >"%s"\n' "$SCRATCH/paged" >"$SCRATCH/pager.sh"
chmod +x "$SCRATCH/pager.sh"
script pager.txt ".pager on\nSELECT ?s WHERE { ?s ?p ?o };\n"
PAGER=$SCRATCH/pager.sh expect_exit_in 0 "$SCRATCH/pager.txt" "$ANNALS" --store "$S"
[[ ! -e $SCRATCH/paged ]] || fail "a script paged its output"
pass
run_script 1 badpager.txt ".pager maybe\n"
expect_stderr_contains ".pager takes on or off"

# .describe, .timeline, .sources: an entity by prefixed name, IRI, label or alias.
run_script 0 entity.txt '.describe TTP\n.timeline "Tehreek-e-Taliban Pakistan"\n.sources <https://annals.dev/demo/TTP>\n'
expect_stdout_matches '^always +:alias +"Pakistani Taliban" +src:dw-2025-08-14$'
expect_stdout_matches '^\[2025-07, 2025-08\) +\^:supports +:Taliban +src:un-monitoring-report-2025-07$'
expect_stdout_matches '^18 facts$'
expect_stdout_matches '^11 facts$'
expect_stdout_matches '^src:dw-2025-08-14 +13 facts$'
expect_stdout_matches '^6 sources$'
# The timeline is in order of start, open starts first, and has only dated facts.
timeline=$(sed -n '/^18 facts$/,/^11 facts$/p' "$OUT" | sed '1d;$d')
[[ $(head -1 <<<"$timeline") == "[-∞, 2020)"* && $(tail -1 <<<"$timeline") == "[2025-08-14,"* ]] ||
  fail "timeline order: $timeline"
[[ $timeline != *always* ]] || fail "the timeline lists undated facts"
pass
# .describe is in date order too: undated facts, then by start.
describe=$(sed -n '1,/^18 facts$/p' "$OUT" | sed '$d')
[[ $(head -1 <<<"$describe") == "always"* && $(tail -1 <<<"$describe") == "[2025-08-14,"* ]] ||
  fail ".describe order: $describe"
pass
# One way to print a value in every view: dates and numbers bare, names prefixed.
run_script 0 values.txt "$P\nSELECT ?when ?n WHERE { :MohsinNaqvi :visited :Afghanistan {| annals:validFrom ?when |} BIND(2451 AS ?n) };\n"
expect_stdout_matches '^│ 2025-07 +│ +2451 │$'
# .graphs, .predicates, .classes: what the store holds, the most used first.
run_script 0 overview.txt '.graphs\n.predicates\n.classes\n'
expect_stdout_matches '^│ src:dw-2025-08-14 +│ +154 │$'
expect_stdout_matches '^│ rdf:type +│ +61 │ +47 │$'
expect_stdout_matches '^│ \?class +│ \?members │$'
run_script 1 overview-arg.txt '.graphs now\n'
expect_stderr_contains ".graphs takes no argument"
# .maxwidth: a table wider than that narrows its widest columns, then hides middle ones.
run_script 0 maxwidth.txt "$P\n.maxwidth 40\nSELECT * WHERE { ?s ?p ?o . ?a ?b ?c } LIMIT 1;\n.maxwidth\n.maxwidth off\n"
expect_stdout_matches '^│ \?s +│ \?p +│ … │ \?c +│$'
expect_stdout_contains "1 row (6 columns, 3 shown)"
expect_stdout_matches '^40$'
run_script 1 maxwidth-bad.txt '.maxwidth 3\n'
expect_stderr_contains ".maxwidth takes a width of 20 to 100000 columns, off or auto"

# .at narrows them to the facts valid then.
run_script 0 entity-at.txt '.at 2025-08-14\n.timeline :Pakistan\n'
expect_stdout_matches '^\[2025-08-14, 2025-08-15\) +:withholdsRecognitionOf +:TalibanGovernment +src:khan-recognition$'
[[ $OUT_TEXT != *"[-∞, 2020)"* ]] || fail ".at did not narrow the timeline"
pass
# .asof TIME: the transactions committed by then (none in 2000; all by 2999).
run_script 0 entity-asof.txt '.asof 2000-01-01\n.timeline TTP\n.asof 2999-01-01T00:00:00Z\n.timeline TTP\n'
expect_stdout_matches '^0 facts$'
expect_stdout_matches '^11 facts$'
# An .asof before the first transaction, or past the last, is kept with a word on what it shows.
run_script 0 asof-note.txt '.asof 2000-01-01\n.asof 999999\n'
expect_stdout_contains "note: no transaction was committed by then: queries see an empty store"
expect_stdout_matches '^note: the last transaction committed is [0-9]+: queries see the store as it is now$'
run_script 1 entity-badasof.txt '.asof yesterday\n.sources TTP\n'
expect_stderr_contains ".asof: 'yesterday' is not a transaction or a time"
# A name of two entities, or of none.
run_script 1 kabul.txt '.describe Kabul\n'
expect_stderr_contains "stdin:1: 'Kabul' names 2 entities: :Afghanistan :Kabul (name one of them)"
run_script 1 nobody.txt '.sources Nobody\n'
expect_stderr_contains "nothing is named 'Nobody'"

# --- errors: the first stops the script, with its place in the script ---------------------------
run_script 1 syntax.txt "$P\n$Q;\n\nSELECT ?x\nWHERE { ?x :p };\n$Q;\n"
expect_stdout_contains "│ :Russia │"
expect_stderr_contains "annals: stdin:5:15: expected an object"
expect_stderr_contains "  WHERE { ?x :p }"
[[ $(grep -c 'Russia' "$OUT") -eq 1 ]] || fail "the script went on after the error"
pass
run_script 1 unknown.txt "\n\n.frobnicate\n"
expect_stderr_contains "stdin:3: unknown command '.frobnicate' (.help lists the commands)"
# A prefix the query does not declare comes from the store's table (the demo's ':'), unless
# .storeprefixes is off; the session's PREFIX lines do not leak into another run.
run_script 0 storeprefix.txt "$Q;\n"
expect_stdout_contains "│ :Russia │"
run_script 1 noprefix.txt ".storeprefixes off\n$Q;\n"
expect_stderr_contains "stdin:2:"
expect_stderr_contains "undefined prefix ':'"
# A store that is not there, named with --store, is created empty; a usage error exits 2.
expect_exit 2 "$ANNALS" shell --store "$S" --bogus

# --- through a pseudo-terminal --------------------------------------------------------------------
printf '@prefix : <https://annals.dev/demo/> .\n@prefix annals: <https://annals.dev/ns#> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n:TTP :rivalOf :Narnia {| annals:validFrom "2026"^^xsd:gYear |} .\n' >"$SCRATCH/rival.ttl"
if command -v python3 >/dev/null; then
  expect_ok "$ANNALS" demo --store "$SCRATCH/pty"
  expect_ok "$ANNALS" load --store "$SCRATCH/pty" "$SCRATCH/rival.ttl"
  XDG_STATE_HOME=$SCRATCH/state timeout 180 python3 "$(dirname "$0")/repl_pty.py" "$ANNALS" "$SCRATCH/pty" "$SCRATCH" \
    >"$OUT" 2>"$ERR" || fail "the terminal session: $(cat "$ERR")"
  pass
  [[ -s $SCRATCH/state/annals/history ]] || fail "no history in \$XDG_STATE_HOME/annals/history"
  pass
fi
