#!/usr/bin/env bash
# The endpoint's throughput and latency (issue 8): `annals serve` on generated data
# (annals_gen --paths, as query_bench.sh) driven by wrk (Debian's `wrk`) with a point query
# (bench/queries/q01) and a join (q03), each as a GET with the query in the URL. Prints
# requests/s and the p50/p99 latency wrk measures. Loopback only.
#   bash bench/serve_bench.sh [--quads N] [--threads N] [--connections N] [--seconds S] [--dir DIR]
# Build annals and annals_gen first. Jena's Fuseki is not packaged by Debian, so there is no
# peer run here (bench/README.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=100000 threads=4 connections=32 seconds=10 dir=${TMPDIR:-/tmp}/annals-serve-bench
while [ $# -gt 0 ]; do
  case "$1" in
    --quads) n=$2 ;;
    --threads) threads=$2 ;;
    --connections) connections=$2 ;;
    --seconds) seconds=$2 ;;
    --dir) dir=$2 ;;
    *) echo "usage: $(basename "$0") [--quads N] [--threads N] [--connections N] [--seconds S] [--dir DIR]" >&2
       exit 2 ;;
  esac
  shift 2
done
command -v wrk >/dev/null || { echo "serve_bench: wrk is needed (apt-get install wrk)" >&2; exit 2; }
mkdir -p "$dir"
file="$dir/qgen-$n.nq" store="$dir/store-$n"
[ -f "$file" ] || build/bench/annals_gen "$n" 42 --paths >"$file"
if [ ! -d "$store" ]; then
  build/shell/annals load --store "$store" "$file" >/dev/null
  build/shell/annals compact --store "$store" >/dev/null
fi

build/shell/annals serve --store "$store" --port 0 --threads "$threads" >"$dir/serve.out" 2>/dev/null &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null' EXIT
for _ in $(seq 100); do
  grep -q '^listening on ' "$dir/serve.out" 2>/dev/null && break
  sleep 0.1
done
url=$(sed -n 's/^listening on \(http:[^ ]*\)$/\1/p' "$dir/serve.out")
[ -n "$url" ] || { echo "serve_bench: the server did not start" >&2; exit 1; }

echo "annals serve --threads $threads, $n quads; wrk -t2 -c$connections -d${seconds}s"
printf '%-28s %10s %10s %10s\n' query "req/s" "p50" "p99"
for q in bench/queries/q01_entity_facts.rq bench/queries/q03_join2_states_labels.rq; do
  encoded=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(open(sys.argv[1]).read()))' "$q")
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -H 'Accept: application/sparql-results+json' \
        "${url}sparql?query=$encoded")
  rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/' <<<"$out")
  printf '%-28s %10s %10s %10s %s\n' "$(basename "$q" .rq)" "$rps" "$p50" "$p99" "$errors"
done
