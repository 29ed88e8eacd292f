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
n=1000000
dir="${TMPDIR:-/tmp}/annals-query-bench"
systems="annals jena oxigraph"
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"
bench_args --quads n "$@"
gen=build/bench/annals_gen
queries=bench/queries
out="$dir/out-$n"
mkdir -p "$dir" "$out"
file="$dir/qgen-$n.nq"
[ -f "$file" ] || "$gen" "$n" 42 --paths >"$file"
echo "data: $file ($(wc -l <"$file") quads)" >&2

if want annals; then
  annals_store "$file" "$dir/store-$n"
  time_annals annals "$dir/store-$n" "$queries" "$out"
fi
if want jena; then
  jena_tdb2 "$file" "$dir/tdb2-$n"
  time_jena jena "$dir/tdb2-$n" "$queries" "$out"
fi
if want oxigraph; then
  rm -rf "$out/oxigraph"
  echo "oxigraph: loading and querying" >&2
  node --max-old-space-size=16000 "$peer_dir/node/oxigraph_bench.js" --data "$file" \
    --queries "$queries" --runs "$runs" --warmup "$warmup" --slow-s "$slow" --dump "$out/oxigraph" >"$out/oxigraph.jsonl"
  compare+=(--system oxigraph "$out/oxigraph" "$out/oxigraph.jsonl")
fi
python3 bench/compare_results.py --queries "$queries" "${compare[@]}" | tee "$out/table.md"
