# Valid time through the program: a TriG file whose annotations carry annals:validFrom,
# validTo and validIn loads as facts with intervals (several for one quad), dumps back in every
# format with the same annotations, and each dump loads into a fresh store that dumps the same
# again; a bad date exits 1 naming FILE:LINE:COLUMN of the value and changes nothing.
# Usage: bash validtime.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

cd "$SCRATCH" || fail "cannot cd to $SCRATCH"

# round_trip STORE FORMAT FACTS: dumps STORE as FORMAT (FORMAT.1), loads that into a fresh
# store (FACTS facts) and dumps it the same way (FORMAT.2).
round_trip() {
  local store=$1 f=$2 n=$3
  expect_ok "$ANNALS" dump --store "$store" --format "$f"
  cp "$OUT" "$f.1"
  expect_ok "$ANNALS" load --store "$store-$f" --format "$f" "$f.1"
  expect_stdout_contains "loaded $n quads, $n new facts"
  expect_ok "$ANNALS" dump --store "$store-$f" --format "$f"
  cp "$OUT" "$f.2"
}

cat >timeline.trig <<'EOF'
PREFIX : <https://annals.dev/demo/>
PREFIX annals: <https://annals.dev/ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

:TTP :supportedBy :Taliban {| annals:validFrom "2021-08"^^xsd:gYearMonth |} .
:Pakistan :visited :Kabul {| annals:validIn "2025-04"^^xsd:gYearMonth |}
                          {| annals:validIn "2025-07"^^xsd:gYearMonth |} .
:report1 {
  :Russia :recognises :TalibanGovernment {| annals:validFrom "2025-07-03"^^xsd:date ; :source :DW |} .
  :Kabul :capitalOf :Afghanistan .
}
GRAPH :report2 { :Pakistan :visited :Kabul {| annals:validFrom "2014"^^xsd:gYear ; annals:validTo "2016"^^xsd:gYear |} }
EOF

S=$SCRATCH/s
expect_ok "$ANNALS" load --store "$S" timeline.trig
expect_stdout_contains "loaded 8 quads, 8 new facts"
# Three facts (two quads) in the default graph; in report1 two facts, the reifier that keeps
# its source and that source; one in report2.
expect_eq 8 "$(stat_value "$S" facts)" "facts after the load"
expect_eq 7 "$(stat_value "$S" quads)" "quads after the load"

expect_ok "$ANNALS" dump --store "$S" --format trig
expect_stdout_contains "@prefix annals: <https://annals.dev/ns#> ."
expect_stdout_contains ':Pakistan :visited :Kabul {| annals:validIn "2025-04"^^xsd:gYearMonth |}'
expect_stdout_contains '{| annals:validIn "2025-07"^^xsd:gYearMonth |}'
expect_stdout_contains '{| annals:validFrom "2014"^^xsd:gYear ; annals:validTo "2016"^^xsd:gYear |}'
expect_stdout_contains '{| annals:validFrom "2021-08"^^xsd:gYearMonth |}'
expect_stdout_contains ':Kabul :capitalOf :Afghanistan .'

# Every format that can hold named graphs: the same dump again (blank node labels aside).
for f in trig nquads; do
  round_trip "$S" "$f" 8
  canon_blanks "$f.1" >"$f.1.canon"
  canon_blanks "$f.2" >"$f.2.canon"
  expect_equal_files "$f.1.canon" "$f.2.canon" "$f dump, loaded again and dumped"
done
grep -q 'annals.dev/ns#validIn> "2025-07"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>' nquads.1 ||
  fail "the N-Quads dump does not spell out validIn"
pass

# The default graph alone through N-Triples and Turtle, byte for byte (no blank nodes).
head -n 7 timeline.trig >default.ttl
expect_ok "$ANNALS" load --store "$SCRATCH/d" default.ttl
for f in ntriples turtle; do
  round_trip "$SCRATCH/d" "$f" 3
  expect_equal_files "$f.1" "$f.2" "$f dump, loaded again and dumped"
done

# Bad dates: exit 1, FILE:LINE:COLUMN of the value, nothing loaded.
cat >bad-month.ttl <<'EOF'
PREFIX : <https://annals.dev/demo/>
PREFIX annals: <https://annals.dev/ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
:a :p :b {| annals:validIn "2025-13"^^xsd:gYearMonth |} .
EOF
cat >bad-order.ttl <<'EOF'
PREFIX : <https://annals.dev/demo/>
PREFIX annals: <https://annals.dev/ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
:a :p :b {| annals:validFrom "2025"^^xsd:gYear ;
            annals:validTo "2024"^^xsd:gYear |} .
EOF
cat >bad-type.ttl <<'EOF'
PREFIX : <https://annals.dev/demo/>
PREFIX annals: <https://annals.dev/ns#>
:a :p :b {| annals:validFrom 2025 |} .
EOF
expect_exit 1 "$ANNALS" load --store "$S" bad-month.ttl
expect_stderr_contains 'bad-month.ttl:4:28: "2025-13"^^xsd:gYearMonth is not a valid xsd:gYearMonth'
expect_exit 1 "$ANNALS" load --store "$S" bad-order.ttl
expect_stderr_contains 'bad-order.ttl:5:28: annals:validTo 2024 is not after annals:validFrom 2025'
expect_exit 1 "$ANNALS" load --store "$S" bad-type.ttl
expect_stderr_contains 'bad-type.ttl:3:30: annals:validFrom needs an xsd:gYear, xsd:gYearMonth or xsd:date literal'
expect_eq 8 "$(stat_value "$S" facts)" "facts after the bad loads"

