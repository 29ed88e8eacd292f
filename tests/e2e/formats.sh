# Every RDF format in and out of the program: convert between all five (Turtle and TriG
# written for people and read back to the same graph; RDF/XML for the default graph), load
# and dump Turtle/TriG with the files' prefixes, RDF/XML in and out of a store, --base,
# --on-error=skip, gzip and stdin, and memory that does not grow with the file.
# Usage: bash formats.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

D=$SCRATCH/data
mkdir -p "$D"
cd "$D" || fail "cannot cd to $D"

cat >all.trig <<'EOF'
VERSION "1.2"
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <http://example.org/base/> .

ex:alice a ex:Person ;
    ex:name "Alice", "Алиса"@ru, "أليس"@ar--rtl ;
    ex:age 42 ; ex:height 1.68 ; ex:score 1.5e2 ; ex:active true ;
    ex:born "1990-04-01"^^xsd:date ;
    ex:knows [ ex:name "Bob" ; ex:knows _:carol ] ;
    ex:likes ( ex:tea "coffee" 3 ) ;
    ex:note """two
lines with "quotes" and \\ a backslash""" ;
    ex:rel <relative/path> .
_:carol ex:name "Carol" .
ex:alice ex:says <<( ex:bob ex:likes ex:tea )>> .
ex:bob ex:visited ex:kabul ~ ex:visit1 {| ex:when "2025-04"^^xsd:gYearMonth ; ex:source ex:dw |} .
<< ex:bob ex:met ex:carol >> ex:reportedBy ex:un .

ex:g1 { ex:a ex:p ex:b . ex:a ex:p "in g1" {| ex:conf 0.9 |} }
GRAPH ex:g2 { ex:a ex:p ex:b ; ex:q [ ex:r ex:s ] }
EOF

# The reference: the canonical N-Quads of the file, blank labels masked.
expect_ok "$ANNALS" convert all.trig
expect_stderr_empty
cp "$OUT" all.nq
canon_blanks all.nq >all.canon
N=$(wc -l <all.nq)
[[ $N -eq 36 ]] || fail "all.trig gave $N quads, want 36"
pass

# Round trips through every format that can hold the data: the graph stays the same.
for to in trig nquads; do
  expect_ok "$ANNALS" convert --to "$to" all.trig
  cp "$OUT" "round.$to"
  expect_ok "$ANNALS" convert --from "$to" --to nquads "round.$to"
  canon_blanks "$OUT" >"round.$to.canon"
  expect_equal_files all.canon "round.$to.canon" "all.trig through $to"
done
# TriG output is for people: prefixes, 'a', grouping, annotations, graph blocks.
expect_ok "$ANNALS" convert --to trig all.trig
expect_stdout_contains "@prefix ex: <http://example.org/> ."
expect_stdout_contains "ex:alice a ex:Person"
expect_stdout_contains "{|"
expect_stdout_matches "^ex:g1 \{"
expect_stdout_contains "ex:age 42"
# Default-graph statements only: Turtle and N-Triples.
grep -v '<http://example.org/g[12]> \.$' all.nq >default.nq
canon_blanks default.nq >default.canon
for to in turtle ntriples rdfxml; do
  expect_ok "$ANNALS" convert --from nquads --to "$to" default.nq
  cp "$OUT" "round.$to"
  expect_ok "$ANNALS" convert --from "$to" --to nquads "round.$to"
  canon_blanks "$OUT" >"round.$to.canon"
  expect_equal_files default.canon "round.$to.canon" "default graph through $to"
done
# Turtle and N-Triples cannot hold named graphs: the statement's place is named.
expect_exit 1 "$ANNALS" convert --to turtle all.nq
expect_stderr_matches "^annals: all\.nq:[0-9]+:1: Turtle cannot hold a quad in a named graph"
expect_exit 1 "$ANNALS" convert --to ntriples all.trig
expect_stderr_matches "^annals: all\.trig:[0-9]+:[0-9]+: N-Triples cannot hold a quad in a named graph"

# --- --output: the format from its extension, replaced only by a whole conversion ---------------
expect_ok "$ANNALS" convert -o out.trig all.trig
expect_stdout_empty
head -n 1 out.trig | grep -q '^@prefix' || fail "out.trig is not TriG"
pass
expect_ok "$ANNALS" convert --from trig --to nquads out.trig
canon_blanks "$OUT" >out.canon
expect_equal_files all.canon out.canon "convert -o out.trig"
cp out.trig out.before
printf '@prefix ex: <http://example.org/> .\nex:a ex:b .\n' >broken.ttl
expect_exit 1 "$ANNALS" convert -o out.trig broken.ttl
expect_equal_files out.before out.trig "out.trig after a failed conversion"
[[ ! -e out.trig.partial ]] || fail "a failed conversion left out.trig.partial"
pass
expect_exit 2 "$ANNALS" convert -o out.txt all.trig
expect_stderr_contains "give it with --to"
expect_exit 2 "$ANNALS" convert -o out.nq.gz all.trig

# --- --base --------------------------------------------------------------------------------------
printf '<a> <p> <../b> .\n' >rel.ttl
expect_exit 1 "$ANNALS" convert rel.ttl
expect_stderr_contains "rel.ttl:1:1: relative IRI"
expect_exit 2 "$ANNALS" convert --base relative/base rel.ttl
expect_stderr_contains "--base needs an absolute IRI"
expect_ok "$ANNALS" convert --base http://example.org/x/y rel.ttl
expect_eq "<http://example.org/x/a> <http://example.org/x/p> <http://example.org/b> ." "$OUT_TEXT" "convert --base"
expect_ok "$ANNALS" load --store "$SCRATCH/rel" --base http://example.org/x/y rel.ttl
expect_ok "$ANNALS" dump --store "$SCRATCH/rel"
expect_eq "<http://example.org/x/a> <http://example.org/x/p> <http://example.org/b> ." "$OUT_TEXT" "load --base"

# --- load and dump Turtle/TriG --------------------------------------------------------------------
S=$SCRATCH/s
expect_ok "$ANNALS" load --store "$S" all.trig
expect_stdout_contains "loaded $N quads, $N new facts"
expect_ok "$ANNALS" dump --store "$S" --format trig
cp "$OUT" dump.trig
expect_stdout_contains "@prefix ex: <http://example.org/> ."
expect_stdout_contains "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."
expect_ok "$ANNALS" load --store "$SCRATCH/s2" dump.trig
expect_stdout_contains "loaded $N quads, $N new facts"
expect_ok "$ANNALS" dump --store "$SCRATCH/s2"
canon_blanks "$OUT" >s2.canon
expect_equal_files all.canon s2.canon "dump --format trig, loaded again"
# The same data from N-Quads, gzip'd Turtle and stdin.
expect_ok "$ANNALS" convert --to turtle default.nq
cp "$OUT" default.ttl
gzip -c default.ttl >default.ttl.gz
expect_ok "$ANNALS" load --store "$SCRATCH/gz" default.ttl.gz
expect_ok "$ANNALS" dump --store "$SCRATCH/gz"
canon_blanks "$OUT" >gz.canon
expect_equal_files default.canon gz.canon "load of .ttl.gz"
printf '@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n' >prefixed.ttl
expect_exit_in 0 prefixed.ttl "$ANNALS" load --store "$SCRATCH/stdin" --format turtle -
expect_ok "$ANNALS" dump --store "$SCRATCH/stdin" --format turtle
expect_stdout_contains "@prefix ex: <http://example.org/> ."
expect_stdout_contains "ex:a ex:b ex:c ."
# A store with named graphs cannot be dumped as Turtle.
expect_exit 1 "$ANNALS" dump --store "$S" --format turtle
expect_stderr_contains "named graphs"
expect_stdout_empty

# --- --on-error=skip ------------------------------------------------------------------------------
{
  echo '<http://e/a> <http://e/p> "one" .'
  echo '<http://e/a> <http://e/p> oops .'
  echo '<http://e/a> <http://e/p> "two" .'
  echo '<http://e/a> <http://e/p> "three .'
  echo '<http://e/a> <http://e/p> "four" .'
} >some-bad.nt
expect_exit 1 "$ANNALS" load --store "$SCRATCH/skip" some-bad.nt
expect_exit 1 "$ANNALS" load --store "$SCRATCH/skip" --on-error=skip some-bad.nt
expect_stdout_contains "loaded 3 quads, 3 new facts"
expect_stderr_contains "some-bad.nt:2:27: expected an object"
expect_stderr_contains "some-bad.nt:4:27: unterminated"
expect_stderr_contains "skipped 2 bad statements"
expect_ok "$ANNALS" dump --store "$SCRATCH/skip"
[[ $(wc -l <"$OUT") -eq 3 ]] || fail "skip load kept $(wc -l <"$OUT") quads, want 3"
pass
expect_exit 1 "$ANNALS" convert --on-error=skip some-bad.nt
[[ $(wc -l <"$OUT") -eq 3 ]] || fail "skip convert wrote $(wc -l <"$OUT") lines, want 3"
pass
expect_stderr_contains "skipped 2 bad statements"
expect_exit 2 "$ANNALS" load --store "$SCRATCH/skip" --on-error=maybe some-bad.nt
expect_exit 1 "$ANNALS" convert --on-error=skip all.trig
expect_stderr_contains "cannot be skipped"

# --- RDF/XML: load .rdf, dump and convert it, a bad file's place -------------------------------
cat >people.rdf <<'EOF'
<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:ex="http://example.org/" xml:base="http://example.org/base/">
  <ex:Person rdf:about="alice" ex:name="Alice">
    <ex:knows><ex:Person rdf:nodeID="bob" ex:name="Bob"/></ex:knows>
    <ex:note xml:lang="en">likes &lt;tea&gt;</ex:note>
  </ex:Person>
</rdf:RDF>
EOF
expect_ok "$ANNALS" load --store "$SCRATCH/xml" --graph http://example.org/g people.rdf
expect_stdout_contains "loaded 6 quads, 6 new facts"
expect_ok "$ANNALS" dump --store "$SCRATCH/xml"
expect_stdout_contains '<http://example.org/base/alice> <http://example.org/note> "likes <tea>"@en <http://example.org/g> .'
expect_exit 1 "$ANNALS" dump --store "$SCRATCH/xml" --format rdfxml
expect_stderr_contains "named graphs"
expect_ok "$ANNALS" load --store "$SCRATCH/xml2" people.rdf
expect_stdout_contains "loaded 6 quads, 6 new facts"
expect_ok "$ANNALS" dump --store "$SCRATCH/xml2" --format rdfxml
cp "$OUT" dump.rdf
expect_stdout_contains '<ex:name>Alice</ex:name>'
expect_ok "$ANNALS" convert --to nquads dump.rdf
canon_blanks "$OUT" >dump.rdf.canon
expect_ok "$ANNALS" convert --to nquads people.rdf
canon_blanks "$OUT" >people.canon
expect_equal_files people.canon dump.rdf.canon "people.rdf through load and dump --format rdfxml"
expect_ok "$ANNALS" convert --to rdfxml people.rdf
expect_stdout_contains '<rdf:Description rdf:about="http://example.org/base/alice">'
printf '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n  <rdf:Description rdf:about="http://x/">\n    <rdf:li rdf:ID="1"/>\n  </rdf:Description>\n</rdf:RDF>\n' >bad.rdf
expect_exit 1 "$ANNALS" load --store "$SCRATCH/xml4" bad.rdf
expect_stderr_matches "^annals: bad\.rdf:3:5: rdf:ID '1' is not an XML name"
expect_exit 1 "$ANNALS" convert --to turtle bad.rdf
expect_stderr_matches "^annals: bad\.rdf:3:5: "
pass

# --- streaming: memory does not grow with the file ------------------------------------------------
# Peak memory of converting 20k and 200k statements (about 1.5 and 15 MB of Turtle) differs by
# far less than the larger file.
gen_ttl() {  # N
  awk -v n="$1" 'BEGIN { print "@prefix ex: <http://example.org/> .";
    for (i = 0; i < n; i++) printf "ex:s%d ex:p \"value %d\" ; ex:q [ ex:r %d ] , ex:o%d .\n", i, i, i, i % 100 }'
}
gen_ttl 20000 >small.ttl
gen_ttl 200000 >large.ttl
peak_kb() {  # FILE FORMAT
  # Under AddressSanitizer freed memory waits in a quarantine (256 MB by default) before
  # reuse, which would look like growth; the variable means nothing to a normal build.
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0 \
    /usr/bin/time -f %M -o peak "$ANNALS" convert --to "$2" "$1" >/dev/null 2>&1 || fail "convert $1 failed"
  cat peak
}
for to in nquads turtle; do
  small=$(peak_kb small.ttl "$to")
  large=$(peak_kb large.ttl "$to")
  size_kb=$(($(stat -c %s large.ttl) / 1024))
  ((large - small < size_kb / 4)) ||
    fail "convert to $to: peak memory grew from $small to $large KiB for a $size_kb KiB file"
  pass
done
