#!/usr/bin/env bash
# Query benchmark: the mix in bench/queries on Annals, Jena TDB2 and Oxigraph (in memory), the
# same generated data (annals_gen --paths) for each, every query timed inside its own process
# (annals_query_bench, JenaBench, oxigraph_bench.js); then compare_results.py checks that the
# three give the same answers and prints a table of times and ratios.
# bash ../shared/peers/setup.sh first; build annals, annals_gen and annals_query_bench.
#   bash bench/query_bench.sh [--quads N] [--runs N] [--warmup N] [--dir DIR]
#                             [--systems "annals jena oxigraph"] [--slow-s S] [--timeout-s S]
# --slow-s: a query whose warm-up takes longer is timed once (every runner); --timeout-s: Annals
# and Jena give up on a query after this long (Oxigraph's runner has no timeout).
# The N-Quads file and Jena's TDB2 database (slow to load) are kept in DIR between sittings;
# the Annals store is loaded afresh (then compacted) each time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=1000000
runs=5
warmup=1
dir="${TMPDIR:-/tmp}/annals-query-bench"
systems="annals jena oxigraph"
slow=30
timeout=300
while [ $# -gt 0 ]; do
  case "$1" in
    --quads) n=$2; shift ;;
    --runs) runs=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --dir) dir=$2; shift ;;
    --systems) systems=$2; shift ;;
    --slow-s) slow=$2; shift ;;
    --timeout-s) timeout=$2; shift ;;
    *) echo "usage: query_bench.sh [--quads N] [--runs N] [--warmup N] [--dir DIR] [--systems LIST]" \
         "[--slow-s S] [--timeout-s S]" >&2
       exit 2 ;;
  esac
  shift
done
annals=build/shell/annals
gen=build/bench/annals_gen
queries=bench/queries
peer_dir="${PEERS_BUILD:-${TMPDIR:-/tmp}/annals-peers}"
out="$dir/out-$n"
mkdir -p "$dir" "$out"
file="$dir/qgen-$n.nq"
[ -f "$file" ] || "$gen" "$n" 42 --paths >"$file"
echo "data: $file ($(wc -l <"$file") quads)" >&2

want() { [[ " $systems " == *" $1 "* ]]; }

compare=()
if want annals; then
  rm -rf "$dir/store-$n" "$out/annals"
  "$annals" load --store "$dir/store-$n" "$file" >/dev/null
  "$annals" compact --store "$dir/store-$n" >/dev/null
  echo "annals: querying" >&2
  build/bench/annals_query_bench --store "$dir/store-$n" --queries "$queries" --runs "$runs" \
    --warmup "$warmup" --slow-s "$slow" --timeout-s "$timeout" --dump "$out/annals" >"$out/annals.jsonl"
  compare+=(--system annals "$out/annals" "$out/annals.jsonl")
fi
if want jena; then
  cp="$(cat "$peer_dir/jena.classpath")"
  if [ ! -f "$dir/tdb2-$n/done" ]; then
    echo "jena: tdb2.tdbloader" >&2
    rm -rf "$dir/tdb2-$n"
    java -Xmx8g -cp "$cp" tdb2.tdbloader --loc "$dir/tdb2-$n" "$file" >&2
    touch "$dir/tdb2-$n/done"
  fi
  rm -rf "$out/jena"
  echo "jena: querying" >&2
  java -Xmx8g -cp "$cp" JenaBench --tdb2 "$dir/tdb2-$n" --queries "$queries" --runs "$runs" \
    --warmup "$warmup" --slow-s "$slow" --timeout-s "$timeout" --dump "$out/jena" >"$out/jena.jsonl"
  compare+=(--system jena "$out/jena" "$out/jena.jsonl")
fi
if want oxigraph; then
  rm -rf "$out/oxigraph"
  echo "oxigraph: loading and querying" >&2
  node --max-old-space-size=16000 "$peer_dir/node/oxigraph_bench.js" --data "$file" \
    --queries "$queries" --runs "$runs" --warmup "$warmup" --slow-s "$slow" --dump "$out/oxigraph" >"$out/oxigraph.jsonl"
  compare+=(--system oxigraph "$out/oxigraph" "$out/oxigraph.jsonl")
fi
python3 bench/compare_results.py --queries "$queries" "${compare[@]}" | tee "$out/table.md"
