# Round trips through the store and through `convert`: every kind of term survives
# load -> dump -> load -> dump (blank node labels aside, which each load renames), the dump is
# canonical N-Quads, loading the same data twice adds nothing, and `convert` goes between
# N-Triples, N-Quads, Turtle and TriG and back.
# Usage: bash roundtrip.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

D=$SCRATCH/data
mkdir -p "$D"
XSD=http://www.w3.org/2001/XMLSchema

# Every kind of term: IRIs with non-ASCII characters (raw and \u-escaped), blank nodes (also as
# graph label and inside a triple term), literals with every escape, language tags (mixed case),
# directional tags, typed literals (values the store inlines and others), nested triple terms,
# named graphs with non-ASCII IRIs. Comments, blank lines and odd white space in between.
cat >"$D/all.nq" <<EOF
# every term kind
<http://example.org/s> <http://example.org/p> <http://example.org/o> .
<http://example.org/Zürich> <http://example.org/name> "Zürich"@de .
<http://example.org/東京> <http://example.org/name> "東京"@ja <http://example.org/graphs/日本> .
<http://example.org/\u00E9t\u00E9>	<http://example.org/p>   "\U0001F600"	.

_:b1 <http://example.org/p> _:b2 .
_:b2 <http://example.org/p> _:b1 <http://example.org/g> .
_:b1 <http://example.org/p> "x" _:g .
<http://example.org/s> <http://example.org/esc> "tab\there\nnewline \"quoted\" back\\\\slash \r cr \b \f \u0007 \u007F \u00e9 \U0001F600 '" .
<http://example.org/s> <http://example.org/lang> "hello"@en-GB .
<http://example.org/s> <http://example.org/lang> "Hello"@EN .
<http://example.org/s> <http://example.org/dir> "مرحبا"@ar--rtl .
<http://example.org/s> <http://example.org/dir> "hi"@en--ltr .
<http://example.org/s> <http://example.org/int> "42"^^<$XSD#integer> .
<http://example.org/s> <http://example.org/int> "-0042"^^<$XSD#integer> .
<http://example.org/s> <http://example.org/int> "123456789012345678901234567890"^^<$XSD#integer> .
<http://example.org/s> <http://example.org/date> "2024-02-29"^^<$XSD#date> .
<http://example.org/s> <http://example.org/date> "-0044-03-15"^^<$XSD#date> .
<http://example.org/s> <http://example.org/dt> "2024-02-29T12:34:56Z"^^<$XSD#dateTime> .
<http://example.org/s> <http://example.org/dt> "2024-02-29T12:34:56.789+05:30"^^<$XSD#dateTime> .
<http://example.org/s> <http://example.org/year> "1991"^^<$XSD#gYear> .
<http://example.org/s> <http://example.org/year> "-0500"^^<$XSD#gYear> <http://example.org/g> .
<http://example.org/s> <http://example.org/bool> "true"^^<$XSD#boolean> .
<http://example.org/s> <http://example.org/dec> "1.50"^^<$XSD#decimal> .
<http://example.org/s> <http://example.org/str> "plain"^^<$XSD#string> .
<http://example.org/s> <http://example.org/custom> "x"^^<http://example.org/type> .
<http://example.org/s> <http://example.org/empty> "" .
<http://example.org/s> <http://example.org/says> <<( <http://example.org/a> <http://example.org/b> "c" )>> .
<http://example.org/s> <http://example.org/says> <<( _:b1 <http://example.org/b> <<( <http://example.org/a> <http://example.org/b> "deep"@en )>> )>> <http://example.org/g> .
<http://example.org/s> <http://example.org/says> <<(<http://example.org/a> <http://example.org/b> <<(<http://example.org/a> <http://example.org/b> <<( <http://example.org/x> <http://example.org/y> "3"^^<$XSD#integer> )>>)>>)>> <http://example.org/graphs/日本> .
<http://example.org/s> <http://example.org/p> <http://example.org/o> <http://example.org/g> . # same triple, other graph
EOF
# What a dump of it must be, line for line (sorted): canonical N-Quads, escapes decoded where
# canonical form writes the character itself, language tags in lower case, xsd:string implicit.
cat >"$D/all.expected" <<EOF
<http://example.org/s> <http://example.org/p> <http://example.org/o> .
<http://example.org/Zürich> <http://example.org/name> "Zürich"@de .
<http://example.org/東京> <http://example.org/name> "東京"@ja <http://example.org/graphs/日本> .
<http://example.org/été> <http://example.org/p> "😀" .
_:b1 <http://example.org/p> _:b2 .
_:b2 <http://example.org/p> _:b1 <http://example.org/g> .
_:b1 <http://example.org/p> "x" _:g .
<http://example.org/s> <http://example.org/esc> "tab\there\nnewline \"quoted\" back\\\\slash \r cr \b \f \u0007 \u007F é 😀 '" .
<http://example.org/s> <http://example.org/lang> "hello"@en-gb .
<http://example.org/s> <http://example.org/lang> "Hello"@en .
<http://example.org/s> <http://example.org/dir> "مرحبا"@ar--rtl .
<http://example.org/s> <http://example.org/dir> "hi"@en--ltr .
<http://example.org/s> <http://example.org/int> "42"^^<$XSD#integer> .
<http://example.org/s> <http://example.org/int> "-0042"^^<$XSD#integer> .
<http://example.org/s> <http://example.org/int> "123456789012345678901234567890"^^<$XSD#integer> .
<http://example.org/s> <http://example.org/date> "2024-02-29"^^<$XSD#date> .
<http://example.org/s> <http://example.org/date> "-0044-03-15"^^<$XSD#date> .
<http://example.org/s> <http://example.org/dt> "2024-02-29T12:34:56Z"^^<$XSD#dateTime> .
<http://example.org/s> <http://example.org/dt> "2024-02-29T12:34:56.789+05:30"^^<$XSD#dateTime> .
<http://example.org/s> <http://example.org/year> "1991"^^<$XSD#gYear> .
<http://example.org/s> <http://example.org/year> "-0500"^^<$XSD#gYear> <http://example.org/g> .
<http://example.org/s> <http://example.org/bool> "true"^^<$XSD#boolean> .
<http://example.org/s> <http://example.org/dec> "1.50"^^<$XSD#decimal> .
<http://example.org/s> <http://example.org/str> "plain" .
<http://example.org/s> <http://example.org/custom> "x"^^<http://example.org/type> .
<http://example.org/s> <http://example.org/empty> "" .
<http://example.org/s> <http://example.org/says> <<( <http://example.org/a> <http://example.org/b> "c" )>> .
<http://example.org/s> <http://example.org/says> <<( _:b1 <http://example.org/b> <<( <http://example.org/a> <http://example.org/b> "deep"@en )>> )>> <http://example.org/g> .
<http://example.org/s> <http://example.org/says> <<( <http://example.org/a> <http://example.org/b> <<( <http://example.org/a> <http://example.org/b> <<( <http://example.org/x> <http://example.org/y> "3"^^<$XSD#integer> )>> )>> )>> <http://example.org/graphs/日本> .
<http://example.org/s> <http://example.org/p> <http://example.org/o> <http://example.org/g> .
EOF
N=$(wc -l <"$D/all.expected")
sort "$D/all.expected" >"$D/all.expected.sorted"
canon_blanks "$D/all.expected" >"$D/all.expected.canon"

# --- convert: keeps blank node labels, so its output is exactly the canonical form ------------
expect_ok "$ANNALS" convert "$D/all.nq"
expect_stderr_empty
sort "$OUT" >"$D/convert.sorted"
expect_equal_files "$D/all.expected.sorted" "$D/convert.sorted" "convert of all.nq"
# File order is kept.
expect_eq "$(head -n 1 "$D/all.expected")" "$(head -n 1 "$OUT")" "first line of convert"
# Canonical output converts to itself, byte for byte.
cp "$OUT" "$D/canonical.nq"
expect_ok "$ANNALS" convert "$D/canonical.nq"
expect_equal_files "$D/canonical.nq" "$OUT" "convert of canonical N-Quads"

# --- load -> dump -> load -> dump -----------------------------------------------------------------
S1=$SCRATCH/s1
S2=$SCRATCH/s2
expect_ok "$ANNALS" load --store "$S1" "$D/all.nq"
expect_stdout_contains "loaded $N quads, $N new facts"
expect_stdout_contains "transaction 1"
expect_ok "$ANNALS" dump --store "$S1"
expect_stderr_empty
cp "$OUT" "$D/dump1.nq"
[[ $(wc -l <"$D/dump1.nq") -eq $N ]] || fail "dump1 has $(wc -l <"$D/dump1.nq") lines, want $N"
pass
canon_blanks "$D/dump1.nq" >"$D/dump1.canon"
expect_equal_files "$D/all.expected.canon" "$D/dump1.canon" "dump of all.nq (blank labels aside)"
# Blank-node-free lines are exactly the expected ones.
grep -v '_:' "$D/all.expected" | sort >"$D/noblank.expected"
grep -v '_:' "$D/dump1.nq" | sort >"$D/noblank.dump1"
expect_equal_files "$D/noblank.expected" "$D/noblank.dump1" "blank-free lines of dump1"

# Blank nodes keep their identity: three distinct ones, and _:b1 of the file is the same node
# as subject, as object, and inside the nested triple term.
check_blank_structure() {  # FILE
  local f=$1
  local n b1_subject_x b1_object b1_in_triple b2_subject b2_object
  n=$(grep -o '_:[A-Za-z0-9]*' "$f" | sort -u | wc -l)
  [[ $n -eq 3 ]] || fail "$f: $n distinct blank nodes, want 3"
  b1_subject_x=$(awk '$3 == "\"x\"" && $1 ~ /^_:/ { print $1 }' "$f")
  b1_in_triple=$(sed -nE 's/.*<<\( (_:[A-Za-z0-9]+) <http:\/\/example.org\/b> <<\(.*/\1/p' "$f")
  b2_subject=$(awk '$1 ~ /^_:/ && $3 ~ /^_:/ && $4 ~ /^</ { print $1 }' "$f")
  b1_object=$(awk '$1 ~ /^_:/ && $3 ~ /^_:/ && $4 ~ /^</ { print $3 }' "$f")
  b2_object=$(awk '$1 ~ /^_:/ && $3 ~ /^_:/ && $4 == "." { print $3 }' "$f")
  [[ -n $b1_subject_x && $b1_subject_x == "$b1_in_triple" && $b1_subject_x == "$b1_object" ]] ||
    fail "$f: _:b1 lost its identity ('$b1_subject_x' '$b1_in_triple' '$b1_object')"
  [[ -n $b2_subject && $b2_subject == "$b2_object" && $b2_subject != "$b1_object" ]] ||
    fail "$f: _:b2 lost its identity ('$b2_subject' '$b2_object')"
  pass
}
check_blank_structure "$D/all.expected"
check_blank_structure "$D/dump1.nq"

expect_ok "$ANNALS" load --store "$S2" "$D/dump1.nq"
expect_stdout_contains "loaded $N quads, $N new facts"
expect_ok "$ANNALS" dump --store "$S2"
cp "$OUT" "$D/dump2.nq"
canon_blanks "$D/dump2.nq" >"$D/dump2.canon"
expect_equal_files "$D/dump1.canon" "$D/dump2.canon" "dump after dump -> load"
grep -v '_:' "$D/dump2.nq" | sort >"$D/noblank.dump2"
expect_equal_files "$D/noblank.dump1" "$D/noblank.dump2" "blank-free lines of dump2"
check_blank_structure "$D/dump2.nq"
# The two stores count the same.
for k in quads facts graphs predicates; do
  expect_eq "$(stat_value "$S1" "$k")" "$(stat_value "$S2" "$k")" "stats $k of s1 and s2"
done
expect_eq 3 "$(stat_value "$S1" graphs)" "named graphs of s1"  # g, graphs/日本, and _:g

# The same through stdin and through gzip.
S3=$SCRATCH/s3
expect_exit_in 0 "$D/all.nq" "$ANNALS" load --store "$S3" --format nquads -
expect_stdout_contains "loaded $N quads"
expect_ok "$ANNALS" dump --store "$S3"
canon_blanks "$OUT" >"$D/dump3.canon"
expect_equal_files "$D/dump1.canon" "$D/dump3.canon" "dump of a load from stdin"
gzip -c "$D/all.nq" >"$D/all.nq.gz"
S4=$SCRATCH/s4
expect_ok "$ANNALS" load --store "$S4" "$D/all.nq.gz"
expect_ok "$ANNALS" dump --store "$S4"
canon_blanks "$OUT" >"$D/dump4.canon"
expect_equal_files "$D/dump1.canon" "$D/dump4.canon" "dump of a load from .nq.gz"

# A dump as N-Triples needs a store without named graphs.
expect_exit 1 "$ANNALS" dump --store "$S1" --format ntriples
expect_stderr_contains "named graph"
expect_stdout_empty  # refused before writing anything

# --- loading the same data again ----------------------------------------------------------------
# Without blank nodes: nothing new, no transaction, the log keeps one entry.
grep -v '_:' "$D/all.nq" >"$D/noblank.nq"
NB=$(grep -c '^<' "$D/noblank.nq")
S5=$SCRATCH/s5
expect_ok "$ANNALS" load --store "$S5" "$D/noblank.nq"
expect_stdout_contains "loaded $NB quads, $NB new facts"
expect_stdout_contains "transaction 1"
dump_sorted "$S5" "$D/s5.before"
expect_ok "$ANNALS" load --store "$S5" "$D/noblank.nq"
expect_stdout_contains "loaded $NB quads, 0 new facts"
expect_stdout_contains "nothing new, no transaction"
dump_sorted "$S5" "$D/s5.after"
expect_equal_files "$D/s5.before" "$D/s5.after" "dump after loading the same data again"
expect_ok "$ANNALS" log --store "$S5"
[[ $(wc -l <"$OUT") -eq 1 ]] || fail "log has $(wc -l <"$OUT") entries after a repeated load, want 1"
pass
expect_stdout_matches "^ +1 +[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z +\+$NB -0 facts +load $D/noblank.nq\$"
expect_eq 1 "$(stat_value "$S5" transactions)" "transactions after a repeated load"
# Also as canonical text, where the same terms are spelt differently (escapes decoded,
# xsd:string implicit, language tags in lower case).
expect_ok "$ANNALS" load --store "$S5" --format nquads - <"$D/noblank.dump1"
if [[ $OUT_TEXT != *"nothing new, no transaction"* ]]; then
  # Language tags compare case-insensitively, but the store keeps "x"@en-GB and "x"@en-gb as
  # two terms while the dump writes both as "x"@en-gb: the dump then holds the same line
  # twice and does not load back into the same number of quads.
  [[ $OUT_TEXT == *", 2 new facts"* ]] || fail "canonical spelling of loaded data added facts"
  fail "language tags differing only in case are distinct terms (\"Hello\"@EN then \"Hello\"@en: 2 facts, dumped as the same line)"
fi
# A dump never holds the same line twice.
S8=$SCRATCH/s8
printf '%s\n' '<http://e/s> <http://e/p> "a"@en-GB .' '<http://e/s> <http://e/p> "a"@en-gb .' \
  '<http://e/s> <http://e/p> "b"@EN--rtl .' '<http://e/s> <http://e/p> "b"@en--rtl .' >"$D/case.nt"
expect_ok "$ANNALS" load --store "$S8" "$D/case.nt"
expect_ok "$ANNALS" dump --store "$S8"
if [[ -n $(sort "$OUT" | uniq -d) ]]; then
  fail "dump writes duplicate lines for language tags that differ only in case"
else
  [[ $(wc -l <"$OUT") -eq 2 ]] || fail "case.nt: want 2 quads in the dump"
  pass
fi
# Duplicates inside one file count once.
cat "$D/noblank.nq" "$D/noblank.nq" >"$D/twice.nq"
S6=$SCRATCH/s6
expect_ok "$ANNALS" load --store "$S6" "$D/twice.nq"
expect_stdout_contains "loaded $((2 * NB)) quads, $NB new facts"
# With blank nodes: each load has its own blank nodes, so the blank lines come in again.
BL=$(grep -c '_:' "$D/all.expected")
expect_ok "$ANNALS" load --store "$S1" "$D/all.nq"
expect_stdout_contains "loaded $N quads, $BL new facts"
expect_stdout_contains "transaction 2"
expect_eq $((N + BL)) "$(stat_value "$S1" quads)" "quads after loading blank nodes twice"

# --- convert between N-Triples and N-Quads --------------------------------------------------------
# Default-graph data: N-Triples -> N-Quads -> N-Triples is the identity on canonical text.
grep -v '_:' "$D/all.expected" | awk 'NF && $(NF-1) !~ /^<http:\/\/example.org\/(g|graphs)/' >"$D/default.nt"
grep -q 'example.org/g>' "$D/default.nt" && fail "default.nt has a named graph"
expect_ok "$ANNALS" convert "$D/default.nt"
cp "$OUT" "$D/default.nq"
expect_equal_files "$D/default.nt" "$D/default.nq" "N-Triples -> N-Quads of default-graph data"
expect_ok "$ANNALS" convert --to ntriples "$D/default.nq"
expect_equal_files "$D/default.nt" "$OUT" "N-Quads -> N-Triples"
expect_ok "$ANNALS" convert --from ntriples --to nquads - <"$D/default.nt"
expect_equal_files "$D/default.nt" "$OUT" "convert from stdin"
expect_ok "$ANNALS" convert --from nt --to nt "$D/default.nt"
expect_equal_files "$D/default.nt" "$OUT" "--from nt --to nt"
# --from overrides the extension.
cp "$D/default.nt" "$D/default.txt"
expect_ok "$ANNALS" convert --from ntriples "$D/default.txt"
expect_equal_files "$D/default.nt" "$OUT" "convert --from of a .txt file"
# Through the store and back as N-Triples.
S7=$SCRATCH/s7
expect_ok "$ANNALS" load --store "$S7" "$D/default.nt"
expect_ok "$ANNALS" dump --store "$S7" --format ntriples
sort "$OUT" >"$D/s7.nt"
sort "$D/default.nt" >"$D/default.nt.sorted"
expect_equal_files "$D/default.nt.sorted" "$D/s7.nt" "dump --format ntriples"
# A file with named graphs cannot be written as N-Triples.
expect_exit 1 "$ANNALS" convert --to ntriples "$D/all.nq"
expect_stderr_contains "named graph"
# Nor read as N-Triples.
expect_exit 1 "$ANNALS" convert --from ntriples "$D/all.nq"
expect_stderr_contains "graph label not allowed"
# --- convert through TriG and Turtle: the same quads come back ------------------------------
# Blank node labels of the file are valid Turtle labels, so they are kept and the canonical
# text compares as it is.
expect_ok "$ANNALS" convert --to trig "$D/all.nq"
cp "$OUT" "$D/all.trig"
expect_stdout_contains "<http://example.org/g> {"
expect_ok "$ANNALS" convert "$D/all.trig"
sort "$OUT" >"$D/trig.sorted"
expect_equal_files "$D/all.expected.sorted" "$D/trig.sorted" "N-Quads -> TriG -> N-Quads"
expect_ok "$ANNALS" convert --to turtle "$D/default.nt"
cp "$OUT" "$D/default.ttl"
expect_ok "$ANNALS" convert --to ntriples "$D/default.ttl"
sort "$OUT" >"$D/ttl.sorted"
expect_equal_files "$D/default.nt.sorted" "$D/ttl.sorted" "N-Triples -> Turtle -> N-Triples"
# Turtle to Turtle keeps the file's prefixes, each from where the file declares it.
cat >"$D/people.ttl" <<'EOF'
@prefix ex: <http://example.org/> .
ex:alice a ex:Person ; ex:knows ex:bob , ex:carol {| ex:since 2020 |} .
PREFIX n: <http://example.org/name/>
ex:bob n:given "Bob" .
EOF
expect_ok "$ANNALS" convert --to turtle "$D/people.ttl"
expect_stdout_contains "@prefix ex: <http://example.org/> ."
expect_stdout_contains "ex:alice a ex:Person ;"
expect_stdout_contains "    ex:knows ex:bob, ex:carol ~ _:"
expect_stdout_contains "@prefix n: <http://example.org/name/> ."
expect_stdout_contains 'ex:bob n:given "Bob" .'
expect_exit 1 "$ANNALS" convert --to turtle "$D/all.nq"
expect_stderr_contains "Turtle cannot hold a quad in a named graph"
expect_exit 1 "$ANNALS" dump --store "$S1" --format turtle
expect_stderr_contains "named graphs, which Turtle cannot hold"
expect_ok "$ANNALS" dump --store "$S7" --format turtle
cp "$OUT" "$D/s7.ttl"
expect_ok "$ANNALS" convert --to ntriples "$D/s7.ttl"
sort "$OUT" >"$D/s7.ttl.sorted"
expect_equal_files "$D/default.nt.sorted" "$D/s7.ttl.sorted" "dump --format turtle"
# Bad input to convert: exit 1 with the place.
printf '<http://e/a> <http://e/b> "x\\q" .\n' >"$D/bad.nt"
expect_exit 1 "$ANNALS" convert "$D/bad.nt"
expect_stderr_contains "annals: $D/bad.nt:1:29: "
expect_exit 1 "$ANNALS" convert "$D/missing.nt"
expect_stderr_contains "no such file"
# No format to go by. (load says exit 1 for this; convert treats it as a usage error: both
# are accepted here until the contract says which.)
run "$ANNALS" convert "$D/default.txt"
[[ $RC -eq 1 || $RC -eq 2 ]] || fail "convert of a .txt file without --from: exit $RC"
pass
expect_stderr_contains "--from"
