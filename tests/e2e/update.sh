# `annals update`: what it prints, valid time from annotations, a delete that AS OF still
# sees, requests from files and stdin, LOAD of a local file, syntax errors with their place
# and a caret (exit 1), a request whose second operation fails changing nothing (exit 4),
# LOAD that cannot fetch (exit 4), usage errors (exit 2), a store that is locked (exit 3).
# Usage: bash update.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

S=$SCRATCH/store
P='PREFIX : <http://example.org/> PREFIX annals: <https://annals.dev/ns#> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>'

expect_ok "$ANNALS" update --help
expect_stdout_contains "UPDATE | - | -f FILE"

# --- insert, with valid time ------------------------------------------------------------------
expect_ok "$ANNALS" update --store "$S" "$P INSERT DATA { :ttp :supportedBy :taliban {| annals:validFrom \"2021-08\"^^xsd:gYearMonth |} . :a :p :b }"
expect_stdout_matches "^transaction 1: \+2 facts, -0 retracted$"
expect_ok "$ANNALS" query --store "$S" --format tsv "$P SELECT ?w { :ttp :supportedBy :taliban {| annals:validFrom ?w |} }"
expect_stdout_contains '"2021-08"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
expect_ok "$ANNALS" log --store "$S"
expect_stdout_contains "update: INSERT DATA (+2)"

# --- delete retracts; AS OF still sees it --------------------------------------------------------
expect_ok "$ANNALS" update --store "$S" "$P DELETE WHERE { :a :p ?o }"
expect_stdout_matches "^transaction 2: \+0 facts, -1 retracted$"
expect_ok "$ANNALS" query --store "$S" --format tsv "$P SELECT ?o { :a :p ?o }"
expect_eq 1 "$(wc -l <"$OUT" | tr -d ' ')" "no :a :p now"
expect_ok "$ANNALS" query --store "$S" --format tsv "$P SELECT ?o { :a :p ?o } AS OF TRANSACTION 1"
expect_stdout_contains "<http://example.org/b>"

# --- a request that fails in its second operation changes nothing ------------------------------
expect_ok "$ANNALS" update --store "$S" "$P INSERT DATA { GRAPH :g { :x :y :z } }"
before=$(log_numbers "$S")
expect_exit 4 "$ANNALS" update --store "$S" "$P INSERT DATA { :new :p :q } ; CREATE GRAPH :g"
expect_stderr_contains "exists"
expect_eq "$before" "$(log_numbers "$S")" "no transaction after a failed request"
expect_ok "$ANNALS" query --store "$S" --format tsv "$P SELECT ?p { :new ?p ?o }"
expect_eq 1 "$(wc -l <"$OUT" | tr -d ' ')" "the first operation was rolled back"

# --- syntax errors: place and caret ---------------------------------------------------------------
expect_exit 1 "$ANNALS" update --store "$S" 'INSERT DATA { <http://x/a> <http://x/p> ?o }'
expect_stderr_contains "update:1:"
expect_stderr_contains "variables"
expect_stderr_contains "^"
printf 'PREFIX : <http://example.org/>\nINSERT DATA { :a :p }\n' >"$SCRATCH/bad.ru"
expect_exit 1 "$ANNALS" update --store "$S" -f "$SCRATCH/bad.ru"
expect_stderr_contains "bad.ru:2:"
expect_stderr_contains "^"
expect_eq "$before" "$(log_numbers "$S")" "no transaction after a syntax error"

# --- from a file and stdin ---------------------------------------------------------------------------
printf '%s\nINSERT DATA { :f :p 1 }\n' "$P" >"$SCRATCH/ok.ru"
expect_ok "$ANNALS" update --store "$S" -f "$SCRATCH/ok.ru"
expect_stdout_contains "+1 facts"
run bash -c "printf '%s' '$P DELETE DATA { :f :p 1 }' | '$ANNALS' update --store '$S' -f -"
expect_eq 0 "$RC" "update from stdin"
expect_stdout_contains "-1 retracted"
expect_ok "$ANNALS" update --store "$S" "$P DELETE DATA { :f :p 1 }"
expect_stdout_contains "no change"

# --- LOAD -----------------------------------------------------------------------------------------------
printf '<http://example.org/l> <http://example.org/p> "loaded" .\n' >"$SCRATCH/data.nt"
expect_ok "$ANNALS" update --store "$S" "LOAD <file://$SCRATCH/data.nt> INTO GRAPH <http://example.org/lg>"
expect_stdout_contains "+1 facts"
expect_ok "$ANNALS" query --store "$S" --format tsv "SELECT ?o { GRAPH <http://example.org/lg> { ?s ?p ?o } }"
expect_stdout_contains '"loaded"'
before=$(log_numbers "$S")
expect_exit 4 "$ANNALS" update --store "$S" "LOAD <file://$SCRATCH/missing.nt>"
expect_exit 4 "$ANNALS" update --store "$S" "LOAD <http://example.org/remote.ttl>"
expect_stderr_contains "only local files"
expect_ok "$ANNALS" update --store "$S" "LOAD SILENT <http://example.org/remote.ttl>"
expect_eq "$before" "$(log_numbers "$S")" "failed LOADs change nothing"

# --- usage and store errors -------------------------------------------------------------------------
expect_exit 2 "$ANNALS" update --store "$S"
expect_exit 2 "$ANNALS" update --store "$S" --bogus "INSERT DATA { }"
mkdir -p "$SCRATCH/notastore" && echo x >"$SCRATCH/notastore/CURRENT"
expect_exit 3 "$ANNALS" update --store "$SCRATCH/notastore" "INSERT DATA { <http://x/a> <http://x/p> 1 }"

echo "update e2e: $E2E_CHECKS checks passed"
