# `annals purge`: erasing a graph's and an entity's facts across all time (AS OF no longer
# sees them), the log record with the reason, --dry-run, and the usage errors (exit 2).
# Usage: bash purge.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

S=$SCRATCH/store
P='PREFIX : <http://example.org/>'

expect_ok "$ANNALS" purge --help
expect_stdout_contains "--reason TEXT"

expect_ok "$ANNALS" update --store "$S" "$P INSERT DATA { GRAPH :src { :a :p :b . :a :q 1 } :a :p :c . :c :p :a . :x :p :y }"
expect_ok "$ANNALS" update --store "$S" "$P DELETE DATA { GRAPH :src { :a :q 1 } }"
expect_eq 4 "$(stat_value "$S" facts)" "facts before"

# --- usage errors ---------------------------------------------------------------------------------
expect_exit 2 "$ANNALS" purge --store "$S" --graph http://example.org/src
expect_stderr_contains "--reason"
expect_exit 2 "$ANNALS" purge --store "$S" --graph http://example.org/src --entity http://example.org/a --reason r
expect_exit 2 "$ANNALS" purge --store "$S" --reason r
expect_eq "1 2" "$(log_numbers "$S")" "usage errors change nothing"

# --- dry run --------------------------------------------------------------------------------------
expect_ok "$ANNALS" purge --store "$S" --graph http://example.org/src --reason "takedown 1" --dry-run
expect_stdout_contains "would erase 2 facts (2 versions, 1 current) of 2 quads"
expect_eq "1 2" "$(log_numbers "$S")" "a dry run records nothing"

# --- a graph: gone from now and from AS OF ----------------------------------------------------------
expect_ok "$ANNALS" purge --store "$S" --graph '<http://example.org/src>' --reason "takedown 1"
expect_stdout_contains "erased 2 facts (2 versions, 1 current) of 2 quads"
expect_stdout_contains "transaction 3"
expect_ok "$ANNALS" query --store "$S" --format tsv "$P SELECT ?s { GRAPH :src { ?s ?p ?o } } AS OF TRANSACTION 1"
expect_eq 1 "$(wc -l <"$OUT" | tr -d ' ')" "AS OF sees no erased fact"
expect_ok "$ANNALS" log --store "$S"
expect_stdout_matches "^ +3 .*purge graph <http://example.org/src>: erased 2 facts .*reason: takedown 1$"
expect_eq 3 "$(stat_value "$S" facts)" "facts after the graph purge"

# --- an entity, as subject and object ---------------------------------------------------------------
expect_ok "$ANNALS" purge --store "$S" --entity http://example.org/a --reason "erasure request 9"
expect_stdout_contains "erased 2 facts (2 versions, 2 current) of 2 quads"
expect_ok "$ANNALS" dump --store "$S"
expect_stdout_contains "<http://example.org/x>"
if grep -q "example.org/a>" "$OUT"; then fail "the entity is still in the dump"; else pass; fi
expect_ok "$ANNALS" query --store "$S" --format tsv "$P SELECT * { ?s ?p ?o } AS OF TRANSACTION 1"
expect_eq 2 "$(wc -l <"$OUT" | tr -d ' ')" "AS OF 1 holds only :x :p :y now"
expect_eq 1 "$(stat_value "$S" facts)" "facts after the entity purge"

# --- nothing a user gives forges a line of the log --------------------------------------------------
FORGED=$'r\n     9  2026-01-01T00:00:00Z  +0 -0 facts  forged'
expect_exit 1 "$ANNALS" purge --store "$S" --graph http://example.org/src --reason "$FORGED"
expect_stderr_contains "a purge reason may not hold a line end or control character"
expect_exit 1 "$ANNALS" purge --store "$S" --graph $'http://example.org/src\n  9' --reason r
expect_stderr_contains "an IRI may not hold byte 0x0A"
expect_eq "1 2 3 4" "$(log_numbers "$S")" "refused purges record nothing"
# A file name is part of a load's description: its line end is written as \n.
printf '<http://example.org/n> <http://example.org/p> "1" .\n' >"$SCRATCH/two"$'\n'"lines.nt"
expect_ok "$ANNALS" load --store "$S" "$SCRATCH/two"$'\n'"lines.nt"
expect_ok "$ANNALS" log --store "$S"
expect_eq 5 "$(wc -l <"$OUT" | tr -d ' ')" "one line a transaction"
expect_stdout_matches '^ +5 .*two\\nlines\.nt$'

# --- a store that cannot be opened -------------------------------------------------------------------
mkdir -p "$SCRATCH/notastore" && echo x >"$SCRATCH/notastore/CURRENT"
expect_exit 3 "$ANNALS" purge --store "$SCRATCH/notastore" --graph http://x/g --reason r

echo "purge e2e: $E2E_CHECKS checks passed"
