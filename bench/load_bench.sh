#!/usr/bin/env bash
# Load benchmark: generates N-Quads files, loads them with `annals load`, and prints
# quads/second, peak memory and bytes on disk per fact (after compaction). With --peers, runs
# serdi (parse only), Oxigraph and Jena TDB2 on the same files in the same sitting
# (bash ../shared/peers/setup.sh first).
#   bash bench/load_bench.sh [--peers] [--sizes "1000000 10000000"] [--dir DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
sizes="1000000"
peers=0
dir="${TMPDIR:-/tmp}/annals-load-bench"
while [ $# -gt 0 ]; do
  case "$1" in
    --peers) peers=1 ;;
    --sizes) sizes=$2; shift ;;
    --dir) dir=$2; shift ;;
    *) echo "usage: load_bench.sh [--peers] [--sizes \"N...\"] [--dir DIR]" >&2; exit 2 ;;
  esac
  shift
done
annals=build/shell/annals
gen=build/bench/annals_gen
mkdir -p "$dir"
peer_dir="${PEERS_BUILD:-${TMPDIR:-/tmp}/annals-peers}"

measure() {  # measure LABEL CMD... : prints "LABEL seconds peak_MiB"
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$dir/time" "$@" >"$dir/out" 2>"$dir/err" || {
    echo "$label failed:" >&2
    cat "$dir/err" >&2
    return 1
  }
  read -r secs kb <"$dir/time"
  echo "$label $secs $((kb / 1024))"
}

printf '%-10s %-12s %10s %12s %10s %12s\n' quads system seconds quads/s peak_MiB bytes/quad
for n in $sizes; do
  file="$dir/gen-$n.nq"
  [ -f "$file" ] || "$gen" "$n" >"$file"
  rm -rf "$dir/store"
  read -r _ secs mib < <(measure annals "$annals" load --store "$dir/store" "$file")
  "$annals" compact --store "$dir/store" >/dev/null
  facts=$("$annals" stats --store "$dir/store" -p 0 | awk '/^facts/ {print $2}')
  bytes=$(du -sb "$dir/store" | cut -f1)
  printf '%-10s %-12s %10s %12.0f %10s %12.1f\n' "$n" annals "$secs" "$(echo "$n / $secs" | bc -l)" \
    "$mib" "$(echo "$bytes / $facts" | bc -l)"
  if [ $peers -eq 1 ]; then
    read -r _ secs mib < <(measure serdi serdi -b -i nquads "$file")
    printf '%-10s %-12s %10s %12.0f %10s %12s\n' "$n" serdi "$secs" "$(echo "$n / $secs" | bc -l)" "$mib" -
    if [ -f "$peer_dir/node/oxigraph_bench.js" ]; then
      mkdir -p "$dir/no-queries"
      read -r _ secs mib < <(measure oxigraph node --max-old-space-size=16000 "$peer_dir/node/oxigraph_bench.js" --data "$file" --queries "$dir/no-queries" --runs 0 --warmup 0)
      # Oxigraph reports its own load time (without node's start-up); use it.
      secs=$(grep '"event":"load"' "$dir/out" | head -1 | sed -E 's/.*"seconds":([0-9.]+).*/\1/')
      printf '%-10s %-12s %10s %12.0f %10s %12s\n' "$n" oxigraph "$secs" "$(echo "$n / $secs" | bc -l)" "$mib" -
    fi
    if [ -f "$peer_dir/jena.classpath" ]; then
      rm -rf "$dir/tdb2"
      read -r _ secs mib < <(measure jena-tdb2 java -Xmx8g -cp "$(cat "$peer_dir/jena.classpath")" tdb2.tdbloader --loc "$dir/tdb2" "$file")
      bytes=$(du -sb "$dir/tdb2" | cut -f1)
      printf '%-10s %-12s %10s %12.0f %10s %12.1f\n' "$n" jena-tdb2 "$secs" "$(echo "$n / $secs" | bc -l)" \
        "$mib" "$(echo "$bytes / $n" | bc -l)"
    fi
  fi
done
