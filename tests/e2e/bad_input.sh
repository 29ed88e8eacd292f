# Bad input to `annals load`: exit 1, "annals: FILE:LINE:COLUMN: message" on stderr, and the
# store exactly as before (same dump, same log, same counts): a load is one transaction.
# Usage: bash bad_input.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

S=$SCRATCH/store
IN=$SCRATCH/in
mkdir -p "$IN"
cd "$IN" || fail "cannot cd to $IN"  # relative names, so messages name files exactly as given

cat >base.nq <<'EOF'
<http://example.org/alice> <http://xmlns.com/foaf/0.1/name> "Alice" .
<http://example.org/alice> <http://xmlns.com/foaf/0.1/knows> <http://example.org/bob> <http://example.org/g1> .
_:x <http://example.org/p> "blank"@en .
EOF
expect_ok "$ANNALS" load --store "$S" base.nq
expect_stdout_contains "transaction 1"

# The store's state: sorted dump, log, and every count of `stats` but the bytes on disk.
snapshot() {
  dump_sorted "$S" "$SCRATCH/$1.dump"
  "$ANNALS" log --store "$S" >"$SCRATCH/$1.log" 2>"$ERR" || fail "log failed"
  "$ANNALS" stats --store "$S" 2>"$ERR" | grep -v '^bytes on disk' >"$SCRATCH/$1.stats" ||
    fail "stats failed"
}
snapshot before
[[ $(wc -l <"$SCRATCH/before.dump") -eq 3 ]] || fail "base load did not give 3 quads"
pass

# expect_unchanged WHAT: the store is as it was after the base load.
expect_unchanged() {
  snapshot after
  expect_equal_files "$SCRATCH/before.dump" "$SCRATCH/after.dump" "dump changed after $1"
  expect_equal_files "$SCRATCH/before.log" "$SCRATCH/after.log" "log changed after $1"
  expect_equal_files "$SCRATCH/before.stats" "$SCRATCH/after.stats" "stats changed after $1"
}

# expect_bad_load WHERE TEXT FILE...: load exits 1, prints nothing on stdout and on stderr
# "annals: WHERE:...TEXT..." (WHERE is FILE:LINE:COLUMN, or a prefix of it: FILE:LINE or FILE
# when the place is not pinned down or not known); a syntax error (WHERE has a line) adds the
# offending line and a caret under the column.
expect_bad_load() {
  local where=$1 text=$2
  shift 2
  expect_exit 1 "$ANNALS" load --store "$S" "$@"
  expect_stdout_empty
  [[ $ERR_TEXT == "annals: $where:"* ]] || fail "stderr does not start with 'annals: $where:'"
  pass
  expect_stderr_contains "$text"
  if [[ $where =~ :[0-9]+(:([0-9]+))?$ ]]; then
    # A syntax error: the message, the offending line, and a caret under the column.
    local column=${BASH_REMATCH[2]} caret
    [[ $(wc -l <"$ERR") -eq 3 ]] || fail "expected three lines on stderr (message, line, caret)"
    caret=$(sed -n 3p "$ERR")
    [[ $caret == *'^' && -z ${caret//[ ^]/} ]] || fail "no caret line: '$caret'"
    if [[ -n $column ]]; then
      [[ ${#caret} -eq $((column + 2)) ]] || fail "the caret is not under column $column: '$caret'"
    fi
  else
    [[ $(wc -l <"$ERR") -eq 1 ]] || fail "more than one line on stderr"
  fi
  pass
}

# --- syntax errors, with their exact place ----------------------------------------------------
printf '%s\n' '<http://e/a> <http://e/b> <http://e/c> .' '<http://e/a> <http://e/b> .' >malformed.nq
expect_bad_load malformed.nq:2:27 "expected an object" malformed.nq

printf '%s\n' 'garbage' >garbage.nq
expect_bad_load garbage.nq:1:1 "expected a subject" garbage.nq

printf '%s\n' '<http://e/a> <http://e/b> "x\q" .' >escape.nq
expect_bad_load escape.nq:1:29 "invalid escape" escape.nq

printf '%s\n' '<http://e/a> <http://e/b> "\u00ZZ" .' >uescape.nq
expect_bad_load uescape.nq:1 "" uescape.nq

printf '%s\n' '<http://e/a> <http://e/b> <foo> .' >relative.nq
expect_bad_load relative.nq:1:27 "relative IRI" relative.nq

printf '%s\n' '<foo> <http://e/b> <http://e/c> .' >relative-subject.nq
expect_bad_load relative-subject.nq:1:1 "relative IRI" relative-subject.nq

printf '%s\n' '<http://e/a> <http://e/b> "x"^^<xsd:string> .' '<http://e/a> <http://e/b> "x"^^<integer> .' \
  >relative-datatype.nq
expect_bad_load relative-datatype.nq:2:32 "relative IRI" relative-datatype.nq

printf '%s\n' '<http://e/a> <http://e/b> <http://e/c d> .' >space.nq
expect_bad_load space.nq:1:38 "invalid character in IRI" space.nq

# Nor may an escape stand for a character IRIREF leaves out: "lex"^^<x:a\u0000b> would share
# its dictionary form with "b\u0000lex"^^<x:a>. NUL, a space and '>', in every position.
printf '%s\n' '<http://e/a> <http://e/b> "lex"^^<x:a\u0000b> .' >nul-datatype.nq
expect_bad_load nul-datatype.nq:1:38 "escape stands for a character not allowed in IRIs" \
  nul-datatype.nq
printf '%s\n' '<http://e/a\u0020b> <http://e/b> "x" .' >space-escape.nt
expect_bad_load space-escape.nt:1:12 "not allowed in IRIs" space-escape.nt
printf '%s\n' '<http://e/a> <http://e/b> "x" <http://e/g\U0000003E> .' >gt-escape.nq
expect_bad_load gt-escape.nq:1:42 "not allowed in IRIs" gt-escape.nq

printf '%s\n' '<http://e/a> <http://e/b> "never closed .' >unterminated.nq
expect_bad_load unterminated.nq:1:27 "unterminated" unterminated.nq

# Truncated: the last statement has no '.' (and no line end).
printf '%s\n%s' '<http://e/a> <http://e/b> <http://e/c> .' '<http://e/a> <http://e/b> <http://e/d>' >truncated.nq
expect_bad_load truncated.nq:2:39 "expected '.'" truncated.nq
# Truncated in the middle of a term.
printf '%s\n%s' '<http://e/a> <http://e/b> <http://e/c> .' '<http://e/a> <http://e/b> <http://e/' >truncated2.nq
expect_bad_load truncated2.nq:2 "" truncated2.nq

# Invalid UTF-8: a stray byte, a cut sequence, an overlong form, a surrogate.
printf '<http://e/a> <http://e/b> "\xff" .\n' >utf8-stray.nq
expect_bad_load utf8-stray.nq:1:28 "invalid UTF-8" utf8-stray.nq
printf '<http://e/a> <http://e/b> "caf\xc3\xa9 \xc3" .\n' >utf8-cut.nq
expect_bad_load utf8-cut.nq:1:33 "invalid UTF-8" utf8-cut.nq
printf '<http://e/a\xc0\xaf> <http://e/b> "x" .\n' >utf8-overlong.nq
expect_bad_load utf8-overlong.nq:1 "invalid UTF-8" utf8-overlong.nq
printf '<http://e/a> <http://e/b> "\xed\xa0\x80" .\n' >utf8-surrogate.nq
expect_bad_load utf8-surrogate.nq:1 "invalid UTF-8" utf8-surrogate.nq

# Columns count characters, not bytes: the error after "é" (2 bytes) and "日本" (3 bytes each).
printf '<http://e/\xc3\xa9> <http://e/\xe6\x97\xa5\xe6\x9c\xac> "x" <http://e/g> <http://e/h> .\n' >columns.nq
expect_bad_load columns.nq:1:45 "expected '.'" columns.nq

# Lines count from 1, across comments, blank lines and CRLF line ends.
printf '# a comment\r\n\r\n<http://e/a> <http://e/b> <http://e/c> .\r\n<http://e/a> <http://e/b> "x"@ .\r\n' >lines.nq
expect_bad_load lines.nq:4:30 "language tag" lines.nq

# An error deep in a file: nothing before it stays.
awk 'BEGIN { for (i = 1; i < 5000; i++) printf "<http://e/s%d> <http://e/p> \"%d\" .\n", i, i;
             print "<http://e/s5000> <http://e/p> 5000 ." }' >deep.nt
expect_bad_load deep.nt:5000:31 "expected an object" deep.nt

# Other grammar errors.
printf '%s\n' '<http://e/a> "p" <http://e/c> .' >literal-predicate.nq
expect_bad_load literal-predicate.nq:1:14 "predicate" literal-predicate.nq
printf '%s\n' '<http://e/a> <http://e/b> <http://e/c> <http://e/g> .' >graph-in.nt
expect_bad_load graph-in.nt:1:40 "graph label" graph-in.nt
printf '%s\n' '<http://e/a> <http://e/b> <<( <http://e/a> <http://e/b> )>> .' >triple-term.nq
expect_bad_load triple-term.nq:1 "" triple-term.nq

# Turtle and TriG: the same place and caret, for statements that span lines.
printf '%s\n' '@prefix e: <http://e/> .' 'e:a e:b e:c ;' '   e:d "never closed .' >unterminated.ttl
expect_bad_load unterminated.ttl:3:23 "line end in a string" unterminated.ttl
printf '%s\n' '@prefix e: <http://e/> .' 'e:a e:b nope:c .' >prefix.ttl
expect_bad_load prefix.ttl:2:9 "nope" prefix.ttl
printf '%s\n' '<a> <http://e/b> <http://e/c> .' >relative.ttl
expect_bad_load relative.ttl:1:1 "relative IRI" relative.ttl
printf '%s\n' 'PREFIX e: <http://e/>' 'e:g { e:a e:b e:c . ' >unclosed.trig
expect_bad_load unclosed.trig:2:20 "unexpected end of file" unclosed.trig
printf '%s\n' 'PREFIX e: <http://e/>' 'e:g { e:a e:b e:c }' >graph.ttl
expect_bad_load graph.ttl:2 "" graph.ttl
# Errors cannot be skipped where statements span lines.
expect_exit 1 "$ANNALS" load --store "$S" --on-error=skip unterminated.ttl
expect_stderr_contains "cannot be skipped"

expect_unchanged "syntax errors"

# --- errors that are not about a line -----------------------------------------------------------
mkdir -p adir.nq plain-dir
expect_bad_load adir.nq "is a directory" adir.nq
expect_bad_load plain-dir "is a directory" --format nquads plain-dir
expect_bad_load missing.nq "no such file" missing.nq
expect_bad_load missing-dir/missing.nq "no such file" missing-dir/missing.nq
# Files are checked before the store is opened: no store appears for a typo.
expect_exit 1 "$ANNALS" load --store "$SCRATCH/never" missing.nq
[[ ! -e $SCRATCH/never ]] || fail "a load of a missing file created a store"
cp base.nq data.txt
expect_exit 1 "$ANNALS" load --store "$S" data.txt
expect_stderr_contains "cannot tell the format of 'data.txt'"
expect_stderr_contains "--format"
cp base.nq noextension
expect_exit 1 "$ANNALS" load --store "$S" noextension
expect_stderr_contains "cannot tell the format"
# A truncated gzip stream.
gzip -c deep.nt | head -c 2000 >cut.nt.gz
expect_exit 1 "$ANNALS" load --store "$S" cut.nt.gz
expect_stderr_contains "cut.nt.gz"
expect_stderr_contains "gzip"
# Errors on stdin are placed in "-".
printf '%s\n' '<http://e/a> <http://e/b> <http://e/c> .' 'oops' >stdin-bad.nq
expect_exit_in 1 stdin-bad.nq "$ANNALS" load --store "$S" --format nquads -
expect_stderr_contains "annals: -:2:1: "
# stdin needs --format: there is no extension to go by.
expect_exit_in 1 base.nq "$ANNALS" load --store "$S" -
expect_stderr_contains "cannot tell the format of '-'"

expect_unchanged "file errors"

# --- several files are one transaction -----------------------------------------------------------
printf '%s\n' '<http://e/new1> <http://e/p> "first file" .' '<http://e/new2> <http://e/p> "first file" .' >good.nq
expect_bad_load malformed.nq:2:27 "expected an object" good.nq malformed.nq
expect_bad_load malformed.nq:2:27 "expected an object" malformed.nq good.nq
expect_bad_load missing.nq "no such file" good.nq missing.nq
expect_bad_load adir.nq "is a directory" good.nq adir.nq
expect_exit 1 "$ANNALS" load --store "$S" good.nq data.txt
expect_unchanged "a bad file after a good one"

# --- empty input loads fine and adds nothing ------------------------------------------------------
: >empty.nq
expect_ok "$ANNALS" load --store "$S" empty.nq
expect_stdout_contains "loaded 0 quads, 0 new facts"
expect_stdout_contains "nothing new, no transaction"
printf '# only a comment\n\n   \n\t# another\n' >comments.nt
expect_ok "$ANNALS" load --store "$S" comments.nt
expect_stdout_contains "loaded 0 quads"
expect_ok "$ANNALS" load --store "$S" --format ntriples - </dev/null
expect_stdout_contains "loaded 0 quads"
expect_unchanged "empty loads"

# --format makes an unknown extension loadable (in another store, to keep this one).
expect_ok "$ANNALS" load --store "$SCRATCH/other" --format nquads data.txt
expect_stdout_contains "loaded 3 quads, 3 new facts"

# --- a large load that fails at its very end ---------------------------------------------------------
# Big enough (200k quads, more than the 4 MiB of pending writes that --pending-memory allows)
# that the writer spills part of the transaction into the store several times before the
# error; none of it may become visible.
awk 'BEGIN { for (i = 0; i < 200000; i++)
               printf "<http://example.org/s/%d> <http://example.org/p/%d> \"value %d\" <http://example.org/g/%d> .\n", i, i % 7, i, i % 3;
             print "<http://example.org/s/last> <http://example.org/p/0> \"never closed ." }' >large.nq
expect_bad_load large.nq:200001:54 "unterminated" --pending-memory 4 large.nq
expect_unchanged "a large failed load"
# The store still takes writes, and the next transaction commits on top of the old state.
expect_ok "$ANNALS" load --store "$S" good.nq
expect_stdout_contains "loaded 2 quads, 2 new facts"
dump_sorted "$S" "$SCRATCH/final.dump"
sort "$SCRATCH/before.dump" good.nq >"$SCRATCH/want.dump"
expect_equal_files "$SCRATCH/want.dump" "$SCRATCH/final.dump" "dump after the last load"
[[ $(stat_value "$S" transactions) -eq 2 ]] || fail "expected 2 transactions"
pass
