#!/usr/bin/env bash
# Temporal benchmark (issue 6): generated dated facts (annals_gen --dated) queried three ways,
# each timed inside its own process, then compared with compare_results.py:
# - annals:         the VALID AT / VALID DURING clause on the facts loaded with their valid
#                   time (bench/temporal/clause);
# - annals-filter:  the same questions as FILTERs on reified dates (bench/temporal/filter), on a
#                   store of the reified form;
# - jena:           the FILTER queries on Jena TDB2 loaded with the reified form.
# bash ../shared/peers/setup.sh first (for Jena); build annals, annals_gen and
# annals_query_bench.
#   bash bench/temporal_bench.sh [--facts N] [--systems "annals annals-filter jena"]
#                                [--runs N] [--warmup N] [--dir DIR] [--slow-s S] [--timeout-s S]
# The generated files, the stores and the TDB2 database are kept in DIR (they take a while at
# 10M facts); delete them to load afresh.
n=1000000
dir="${TMPDIR:-/tmp}/annals-temporal-bench"
systems="annals annals-filter jena"
source "$(dirname "${BASH_SOURCE[0]}")/bench_lib.sh"
bench_args --facts n "$@"
out="$dir/out-$n"
mkdir -p "$dir" "$out"
for form in annotated reified; do
  file="$dir/dated-$n-$form.ttl"
  [ -f "$file" ] || build/bench/annals_gen "$n" 42 --dated "$form" >"$file"
done

# A store is loaded once per file; "done" marks a complete load.
kept_store() {
  [ -f "$2/done" ] && return 0
  local start=$SECONDS
  annals_store "$1" "$2"
  echo "annals: loaded and compacted $1 in $((SECONDS - start)) s" >&2
  touch "$2/done"
}

if want annals; then
  kept_store "$dir/dated-$n-annotated.ttl" "$dir/store-$n-annotated"
  time_annals annals "$dir/store-$n-annotated" bench/temporal/clause "$out"
fi
if want annals-filter; then
  kept_store "$dir/dated-$n-reified.ttl" "$dir/store-$n-reified"
  time_annals annals-filter "$dir/store-$n-reified" bench/temporal/filter "$out"
fi
if want jena; then
  jena_tdb2 "$dir/dated-$n-reified.ttl" "$dir/tdb2-$n-reified"
  time_jena jena "$dir/tdb2-$n-reified" bench/temporal/filter "$out"
fi
python3 bench/compare_results.py --queries bench/temporal/clause "${compare[@]}" | tee "$out/table.md"
