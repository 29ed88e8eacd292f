# Shared by the query benchmarks (query_bench.sh, temporal_bench.sh): strict mode, the
# repository root as working directory, their common options, and each system's loader and
# in-process timer over a folder of queries. Source it after setting the defaults (dir,
# systems) the script wants.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=5
warmup=1
slow=30
timeout=300
peer_dir="${PEERS_BUILD:-${TMPDIR:-/tmp}/annals-peers}"
compare=()

# bench_args FLAG VAR "$@": the common options, and the script's own FLAG whose value goes
# to the variable VAR; anything else prints the usage and exits 2.
bench_args() {
  local flag=$1 var=$2
  shift 2
  while [ $# -gt 0 ]; do
    case "$1" in
      "$flag") printf -v "$var" %s "$2" ;;
      --runs) runs=$2 ;;
      --warmup) warmup=$2 ;;
      --dir) dir=$2 ;;
      --systems) systems=$2 ;;
      --slow-s) slow=$2 ;;
      --timeout-s) timeout=$2 ;;
      *) echo "usage: $(basename "$0") [$flag N] [--runs N] [--warmup N] [--dir DIR]" \
           "[--systems LIST] [--slow-s S] [--timeout-s S]" >&2
         exit 2 ;;
    esac
    shift 2
  done
}

want() { [[ " $systems " == *" $1 "* ]]; }

# annals_store FILE STORE: loads a fresh store, then compacts it.
annals_store() {
  rm -rf "$2"
  build/shell/annals load --store "$2" "$1" >/dev/null
  build/shell/annals compact --store "$2" >/dev/null
}

# time_annals NAME STORE QUERIES OUT: Annals' timer; its results join the comparison.
time_annals() {
  rm -rf "$4/$1"
  echo "$1: querying" >&2
  build/bench/annals_query_bench --store "$2" --queries "$3" --runs "$runs" --warmup "$warmup" \
    --slow-s "$slow" --timeout-s "$timeout" --dump "$4/$1" >"$4/$1.jsonl"
  compare+=(--system "$1" "$4/$1" "$4/$1.jsonl")
}

# jena_tdb2 FILE TDB: a TDB2 database, loaded once (slow) and kept between sittings.
jena_tdb2() {
  [ -f "$2/done" ] && return 0
  echo "jena: tdb2.tdbloader $1" >&2
  rm -rf "$2"
  java -Xmx8g -cp "$(cat "$peer_dir/jena.classpath")" tdb2.tdbloader --loc "$2" "$1" >&2
  touch "$2/done"
}

# time_jena NAME TDB QUERIES OUT: JenaBench on a TDB2 database.
time_jena() {
  rm -rf "$4/$1"
  echo "$1: querying" >&2
  java -Xmx8g -cp "$(cat "$peer_dir/jena.classpath")" JenaBench --tdb2 "$2" --queries "$3" \
    --runs "$runs" --warmup "$warmup" --slow-s "$slow" --timeout-s "$timeout" --dump "$4/$1" \
    >"$4/$1.jsonl"
  compare+=(--system "$1" "$4/$1" "$4/$1.jsonl")
}
