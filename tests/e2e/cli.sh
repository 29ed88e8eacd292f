# The `annals` command line: help of every subcommand, usage errors (exit 2), `version`, the
# store a bare `annals` opens (its REPL: tests/e2e/repl.sh), and where the store is when --store is not given
# (ANNALS_STORE, then $XDG_DATA_HOME/annals, then ~/.local/share/annals).
# Usage: bash cli.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

# The subcommands the contract names; `annals --help` may list more, and every one it lists
# is checked below.
REQUIRED=(load dump convert stats log version)

# --- help ------------------------------------------------------------------------------------
for h in --help -h help; do
  expect_ok "$ANNALS" "$h"
  expect_stdout_contains "usage: annals"
  for c in "${REQUIRED[@]}"; do
    expect_stdout_matches "^  $c "
  done
  expect_stderr_empty
done
mapfile -t SUBCOMMANDS < <("$ANNALS" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
[[ ${#SUBCOMMANDS[@]} -ge ${#REQUIRED[@]} ]] || fail "annals --help lists ${#SUBCOMMANDS[@]} commands"
pass
for c in "${SUBCOMMANDS[@]}"; do
  for h in --help -h; do
    expect_ok "$ANNALS" "$c" "$h"
    expect_stdout_contains "usage: annals $c"
    expect_stderr_empty
  done
done
# --help wins over missing required arguments.
expect_ok "$ANNALS" load --help
expect_stdout_contains "--store"
expect_stdout_contains "--format"
expect_ok "$ANNALS" convert --help
expect_stdout_contains "--from"
expect_stdout_contains "--to"
# Help touches no store.
[[ ! -e $XDG_DATA_HOME/annals && ! -e $HOME/.local/share/annals ]] || fail "--help created a store"
pass

# --- usage errors: exit 2 with a message on stderr, nothing on stdout -------------------------
expect_exit 2 "$ANNALS" frobnicate
expect_stderr_contains "unknown command 'frobnicate'"
expect_stdout_empty
expect_exit 2 "$ANNALS" --frobnicate
expect_stderr_contains "unknown command"
for c in "${SUBCOMMANDS[@]}"; do
  expect_exit 2 "$ANNALS" "$c" --no-such-option
  expect_stderr_contains "annals $c:"
  expect_stderr_contains "no-such-option"
  expect_stdout_empty
done
# Missing FILE arguments.
expect_exit 2 "$ANNALS" load --store "$SCRATCH/s-usage"
expect_stderr_contains "usage: annals load"
expect_exit 2 "$ANNALS" convert
expect_stderr_contains "usage: annals convert"
expect_exit 2 "$ANNALS" convert --to nquads
# An option without its value.
expect_exit 2 "$ANNALS" dump --store
expect_exit 2 "$ANNALS" load --store "$SCRATCH/s-usage" --format
# Positional arguments where none are taken.
expect_exit 2 "$ANNALS" dump --store "$SCRATCH/s-usage" extra
expect_exit 2 "$ANNALS" stats --store "$SCRATCH/s-usage" extra
expect_exit 2 "$ANNALS" version extra
# Unknown formats.
printf '<http://e/s> <http://e/p> <http://e/o> .\n' >"$SCRATCH/one.nt"
expect_exit 2 "$ANNALS" load --store "$SCRATCH/s-usage" --format jsonld "$SCRATCH/one.nt"
expect_stderr_contains "unknown format 'jsonld'"
expect_exit 2 "$ANNALS" convert --to jsonld "$SCRATCH/one.nt"
expect_exit 2 "$ANNALS" convert --from jsonld "$SCRATCH/one.nt"
expect_exit 2 "$ANNALS" dump --store "$SCRATCH/s-usage" --format jsonld
# Values out of range.
for mib in 0 -1 x 1e9; do
  expect_exit 2 "$ANNALS" load --store "$SCRATCH/s-usage" --pending-memory "$mib" "$SCRATCH/one.nt"
done
expect_stderr_contains "--pending-memory takes a number of MiB"
# A usage error opens no store: none was created.
[[ ! -e $SCRATCH/s-usage ]] || fail "a usage error created the store"
pass

# --- version -----------------------------------------------------------------------------------
expect_ok "$ANNALS" version
expect_stdout_matches '^annals [0-9]+\.[0-9]+\.[0-9]+ \(store format [0-9]+\)$'
[[ $(wc -l <"$OUT") -eq 1 ]] || fail "version prints more than one line"
pass
version_line=$OUT_TEXT
if [[ -n $SRC && -f $SRC/CMakeLists.txt ]]; then
  project_version=$(sed -nE 's/^project\(Annals VERSION ([0-9.]+).*/\1/p' "$SRC/CMakeLists.txt")
  [[ -n $project_version ]] || fail "no project version in $SRC/CMakeLists.txt"
  expect_stdout_contains "annals $project_version "
fi
expect_ok "$ANNALS" --version
expect_eq "$version_line" "$OUT_TEXT" "annals --version"

# --- bare annals --store DIR: creates the store and opens the REPL on it ---------------------
# (stdin not a terminal: the REPL runs it as a script, here an empty one)
bare() { expect_exit_in 0 /dev/null "$ANNALS" "$@"; }
S=$SCRATCH/stores/first
bare --store "$S"
[[ -d $S && -f $S/CURRENT ]] || fail "annals --store $S did not create a store"
pass
expect_stderr_empty
expect_ok "$ANNALS" stats --store "$S" --predicates 0
for k in quads facts graphs predicates terms transactions; do
  expect_stdout_matches "^$k +0$"
done
# Again: opens the existing store, still empty, nothing new on stderr.
bare --store "$S"
expect_stderr_empty
# Other spellings of the option.
bare "--store=$S"
bare -s "$S"
bare shell --store "$S"
expect_stderr_empty
# The REPL sees what was loaded.
expect_ok "$ANNALS" load --store "$S" "$SCRATCH/one.nt"
expect_stdout_contains "loaded 1 quads, 1 new facts"
expect_stdout_contains "transaction 1"
printf 'SELECT * WHERE { ?s ?p ?o };\n' >"$SCRATCH/all.rq"
expect_exit_in 0 "$SCRATCH/all.rq" "$ANNALS" --store "$S"
expect_stdout_contains "1 row"
# compact rewrites the files and keeps every fact.
expect_ok "$ANNALS" dump --store "$S"
cp "$OUT" "$SCRATCH/before-compact.nq"
expect_ok "$ANNALS" compact --store "$S"
expect_ok "$ANNALS" dump --store "$S"
expect_stdout_contains '<http://e/s> <http://e/p> <http://e/o> .'
cp "$OUT" "$SCRATCH/after-compact.nq"
expect_equal_files "$SCRATCH/before-compact.nq" "$SCRATCH/after-compact.nq" "compact kept the facts"
# Bare annals with a usage error.
expect_exit 2 "$ANNALS" --store "$S" --bogus

# --- where the store is ----------------------------------------------------------------------
# No --store, no ANNALS_STORE: $XDG_DATA_HOME/annals.
bare
[[ -f $XDG_DATA_HOME/annals/CURRENT ]] || fail "bare annals did not create \$XDG_DATA_HOME/annals"
pass
expect_ok "$ANNALS" load "$SCRATCH/one.nt"
expect_ok "$ANNALS" dump
# (the default store starts with the demo graph: tests/e2e/demo.sh)
expect_stdout_contains '<http://e/s> <http://e/p> <http://e/o> .'
xdg_quads=$(stat_value "$XDG_DATA_HOME/annals" quads)
expect_ok "$ANNALS" stats
expect_stdout_matches "^store +$XDG_DATA_HOME/annals\$"

# ANNALS_STORE wins over XDG_DATA_HOME; --store wins over both.
ENVSTORE=$SCRATCH/stores/from-env
printf '<http://e/s> <http://e/p> "env" .\n' >"$SCRATCH/env.nt"
ANNALS_STORE=$ENVSTORE expect_ok "$ANNALS" load "$SCRATCH/env.nt"
[[ -f $ENVSTORE/CURRENT ]] || fail "ANNALS_STORE was not used by load"
pass
ANNALS_STORE=$ENVSTORE expect_ok "$ANNALS" dump
expect_eq '<http://e/s> <http://e/p> "env" .' "$OUT_TEXT" "dump of the ANNALS_STORE store"
ANNALS_STORE=$ENVSTORE expect_exit_in 0 "$SCRATCH/all.rq" "$ANNALS"
expect_stdout_contains '"env"'
ANNALS_STORE=$ENVSTORE expect_ok "$ANNALS" log
expect_stdout_matches "^ +1 .*load $SCRATCH/env.nt"
ANNALS_STORE=$ENVSTORE expect_ok "$ANNALS" dump --store "$S"
expect_eq '<http://e/s> <http://e/p> <http://e/o> .' "$OUT_TEXT" "--store over ANNALS_STORE"
# The XDG store did not receive the ANNALS_STORE load.
expect_ok "$ANNALS" stats --predicates 0
expect_stdout_matches "^quads +$xdg_quads\$"
# An empty ANNALS_STORE counts as unset.
printf '.load %s\n' "$SCRATCH/env.nt" >"$SCRATCH/load-env.txt"
ANNALS_STORE= expect_exit_in 0 "$SCRATCH/load-env.txt" "$ANNALS"
ANNALS_STORE= expect_ok "$ANNALS" dump
expect_stdout_contains '"env"'

# Without XDG_DATA_HOME (unset or empty): ~/.local/share/annals, parents created.
(
  unset XDG_DATA_HOME
  "$ANNALS" </dev/null >"$OUT" 2>"$ERR"
) || fail "bare annals without XDG_DATA_HOME failed"
[[ -f $HOME/.local/share/annals/CURRENT ]] || fail "no store in ~/.local/share/annals"
pass
XDG_DATA_HOME= expect_ok "$ANNALS" stats
expect_stdout_matches "^store +$HOME/.local/share/annals\$"

# A read-only command on a store that does not exist creates nothing and is a store error.
expect_exit 3 "$ANNALS" dump --store "$SCRATCH/stores/absent"
expect_stderr_contains "no store"
expect_exit 3 "$ANNALS" stats --store "$SCRATCH/stores/absent"
expect_exit 3 "$ANNALS" log --store "$SCRATCH/stores/absent"
[[ ! -e $SCRATCH/stores/absent ]] || fail "a read-only command created a store"
pass

# Output that cannot be written (a full disk: /dev/full; a closed stdout) is exit 4 with the
# reason, never 0 and never 3 (no store error): every command flushes and closes stdout.
F=$SCRATCH/stores/full
expect_ok "$ANNALS" demo --store "$F"
for cmd in "log --store $F" "stats --store $F" "dump --store $F" "version" "--help" \
  "query --store $F --format table SELECT*{?s?p?o}" "query --store $F --format tsv SELECT*{?s?p?o}"; do
  # shellcheck disable=SC2086  # the words of $cmd are its arguments
  "$ANNALS" $cmd >/dev/full 2>"$ERR"
  expect_eq 4 $? "exit status of 'annals $cmd' into /dev/full"
  grep -q "^annals: cannot write .*: No space left on device$" "$ERR" ||
    fail "'annals $cmd' into /dev/full: $(cat "$ERR")"
  pass
done
"$ANNALS" dump --store "$F" >/dev/null 2>"$ERR" >&-
expect_eq 4 $? "exit status of a dump with stdout closed"
printf '<http://e/a> <http://e/b> "c" .\n' >"$SCRATCH/one.nt"
"$ANNALS" convert "$SCRATCH/one.nt" >/dev/full 2>"$ERR"
expect_eq 4 $? "exit status of convert into /dev/full"

# A store is its owner's alone, whatever the umask: the directory 0700, every file 0600
# (purged facts stay in its files until compaction), after a load, a purge and a compaction.
P=$SCRATCH/stores/private
(
  umask 022
  "$ANNALS" load --store "$P" "$SCRATCH/one.nt" &&
    "$ANNALS" purge --store "$P" --entity http://e/a --reason test &&
    "$ANNALS" compact --store "$P"
) >/dev/null 2>"$ERR" || fail "load, purge, compact under umask 022"
expect_eq 700 "$(stat -c %a "$P")" "mode of the store's directory"
expect_eq 600 "$(find "$P" -type f -exec stat -c %a {} + | sort -u | tr '\n' ' ' | sed 's/ $//')" \
  "modes of the store's files"

# A reader killed by SIGPIPE (`| head -c1` on a large result) leaves nothing in the temporary
# directory: the read-only instance's own directory is removed as soon as it is open.
T=$SCRATCH/tmp
mkdir -p "$T"
TMPDIR=$T "$ANNALS" query --store "$F" --format tsv 'SELECT * { ?s ?p ?o . ?a ?b ?c }' 2>"$ERR" |
  head -c1 >/dev/null
expect_eq 141 "${PIPESTATUS[0]}" "the reader was killed by SIGPIPE"
expect_eq "" "$(ls -A "$T")" "what the killed reader left in TMPDIR"
TMPDIR=$T expect_ok "$ANNALS" stats --store "$F"
expect_eq "" "$(ls -A "$T")" "what a reader that finished left in TMPDIR"

# --- conventions shared by the commands ------------------------------------------------------
expect_ok "$ANNALS" -V
expect_stdout_matches '^annals [0-9]+\.[0-9]+\.[0-9]+ '
# A missing positional argument is named as in the usage line, not as an internal option.
expect_exit 2 "$ANNALS" load --store "$S"
expect_stderr_contains "missing FILE"
grep -q -- "--file" "$ERR" && fail "load names an internal option"
expect_ok "$ANNALS" load --help
grep -q -- "--file" "$OUT" && fail "load --help shows --file"
pass
# -f means a file to read, wherever it is accepted: load and dump spell --format out.
expect_exit 2 "$ANNALS" load --store "$S" -f nquads "$SCRATCH/one.nt"
expect_stderr_contains "'-f'"
printf 'INSERT DATA { <http://ex/stdin> <http://ex/p> 1 }' >"$SCRATCH/ins.ru"
expect_exit_in 0 "$SCRATCH/ins.ru" "$ANNALS" update --store "$S" -
expect_stdout_contains "+1 facts"
