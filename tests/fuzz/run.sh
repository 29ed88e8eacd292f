#!/usr/bin/env bash
# Runs the libFuzzer harnesses of a build configured with ANNALS_FUZZ=ON for SECONDS each,
# as many at once as the machine has cores (ANNALS_FUZZ_JOBS), over their seeds: the small
# inputs in tests/fuzz/corpus/NAME, the queries and data blocks of tests/sparql/**.test,
# loaders/examples, and the W3C test files of tests/w3c/suites (linked where they are, not
# copied). Prints one line per harness and fails if any crashed, leaked, ran out of memory
# or took longer than -timeout on one input; that input is kept in BUILD/fuzz/crashes/
# (reproduce: BUILD/tests/fuzz/fuzz_NAME FILE). What a run finds new stays in
# BUILD/fuzz/corpus/NAME and seeds the next run. tests/fuzz/README.md has the details.
# Usage: bash tests/fuzz/run.sh BUILD_DIR [SECONDS] [NAME...]
set -euo pipefail
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=$(cd "${1:?usage: run.sh BUILD_DIR [SECONDS] [NAME...]}" && pwd)
EACH=${2:-20}
shift $(($# < 2 ? $# : 2))
NAMES=("$@")
[ ${#NAMES[@]} -gt 0 ] || NAMES=(ntriples nquads turtle trig rdfxml csv tsv jsonl query update executor http)
W3C=$SRC/tests/w3c/suites
OUT=$BUILD/fuzz

# The W3C files with these extensions, if the suites are there.
w3c() {
  [ -d "$W3C" ] || return 0
  local e args=()
  for e in "$@"; do args+=(-o -name "*.$e"); done
  find "$W3C" -type f \( "${args[@]:1}" \)
}

# The SPARQL text of each `query`/`statement` block of tests/sparql/**.test ($1 = query), or
# the TriG of each `data` block ($1 = data), one file each under $OUT/extracted/$2 (the
# harness's own folder: harnesses run side by side).
extract() {
  local dir=$OUT/extracted/$2
  rm -rf "$dir" && mkdir -p "$dir"
  local file
  while IFS= read -r file; do
    awk -v dir="$dir" -v base="$(basename "$file" .test)" -v kind="$1" '
      (kind == "query" && /^(query|statement) /) || (kind == "data" && /^data$/) {
        inside = 1; n++; out = dir "/" base "-" n; next
      }
      inside && /^----$/ { inside = 0; close(out); next }
      inside { print > out }' "$file"
  done < <(find "$SRC/tests/sparql" -name '*.test')
  find "$dir" -type f
}

seed_files() {  # NAME
  find "$SRC/tests/fuzz/corpus/$1" -type f
  case $1 in
    ntriples) w3c nt ;;
    nquads) w3c nq nt ;;
    turtle) w3c ttl nt ;;
    trig) w3c trig; extract data "$1"; find "$SRC/tests/sparql/datasets" "$SRC/shell/demo" -name '*.trig' ;;
    rdfxml) w3c rdf ;;
    csv) w3c csv; find "$SRC/loaders/examples" -name '*.csv' ;;
    tsv) w3c tsv ;;
    jsonl) find "$SRC/loaders/examples" -name '*.jsonl' ;;
    query) w3c rq; extract query "$1" ;;
    update) w3c ru ;;
    executor) w3c rq; extract query "$1" ;;
  esac
}

dict_of() {  # NAME
  case $1 in
    query | update | executor) echo sparql ;;
    http) echo http ;;
    rdfxml) echo rdfxml ;;
    *) echo rdf ;;
  esac
}

mkdir -p "$OUT/corpus" "$OUT/crashes" "$OUT/logs" "$OUT/tmp"
# The executor and endpoint harnesses make their store under TMPDIR.
export TMPDIR=$OUT/tmp
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
# Runs harness NAME; its summary line goes to $OUT/logs/NAME.result, and it fails as the
# harness did.
fuzz_one() {  # NAME
  local name=$1 bin=$BUILD/tests/fuzz/fuzz_$1 seeds=$OUT/seeds/$1 n=0 f rc=0
  rm -rf "$seeds" "$OUT/logs/$name.result" && mkdir -p "$seeds" "$OUT/corpus/$name"
  while IFS= read -r f; do
    n=$((n + 1))
    ln -s "$f" "$seeds/$n-$(basename "$f")"
  done < <(seed_files "$name")
  local log=$OUT/logs/$name.log
  "$bin" -max_total_time="$EACH" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -print_final_stats=1 -dict="$SRC/tests/fuzz/$(dict_of "$name").dict" \
    -artifact_prefix="$OUT/crashes/$name-" "$OUT/corpus/$name" "$seeds" >"$log" 2>&1 || rc=$?
  local runs cov ft corp line why input
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  corp=$(grep -o 'corp: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  line=$(printf 'fuzz_%-9s %6s seeds %9s runs  cov %5s  ft %6s  corpus %5s  %s s' "$name" "$n" \
    "${runs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$EACH")
  if [ "$rc" -eq 0 ]; then
    echo "$line  ok" >"$OUT/logs/$name.result"
  else
    why=$(grep -m 1 -o -E 'ERROR: [A-Za-z]+Sanitizer: [a-z-]+|runtime error|ALARM: working on the last Unit|out-of-memory|deadly signal|uncaught exception' "$log" || echo "exit $rc")
    input=$(sed -n 's/.*Test unit written to //p' "$log" | tail -n 1)
    echo "$line  FAILED: $why${input:+ (input: $input)}" >"$OUT/logs/$name.result"
  fi
  return "$rc"
}

for name in "${NAMES[@]}"; do
  [ -x "$BUILD/tests/fuzz/fuzz_$name" ] ||
    { echo "fuzz_$name: not built (configure with -DANNALS_FUZZ=ON)" >&2; exit 2; }
done
JOBS=${ANNALS_FUZZ_JOBS:-$(nproc)}
running=0
for name in "${NAMES[@]}"; do
  if [ "$running" -ge "$JOBS" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  fuzz_one "$name" &
  running=$((running + 1))
done
wait || true
failed=()
for name in "${NAMES[@]}"; do
  cat "$OUT/logs/$name.result" 2>/dev/null || echo "fuzz_$name: the run ended without a summary"
  grep -qs '  ok$' "$OUT/logs/$name.result" || failed+=("$name")
done
for name in "${failed[@]}"; do
  echo "== fuzz_$name: the end of $OUT/logs/$name.log"
  tail -n 60 "$OUT/logs/$name.log"
done
[ ${#failed[@]} -eq 0 ]
