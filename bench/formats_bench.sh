#!/usr/bin/env bash
# Format benchmark: the same generated data as N-Triples, Turtle, N-Quads and TriG.
#   1. parse-and-write throughput: `annals convert --to ntriples FILE > /dev/null` beside
#      `serdi -b -i FORMAT -o ntriples FILE > /dev/null` (the fastest C parser), and the Turtle
#      writer (`annals convert --to turtle`);
#   2. `annals load` of each file into a fresh store: quads/s and peak memory, Turtle against
#      N-Triples and TriG against N-Quads (the same quads);
#   with --peers, Oxigraph and Jena TDB2 load the Turtle and TriG files in the same sitting
#   (bash ../shared/peers/setup.sh first).
#   bash bench/formats_bench.sh [--peers] [--quads N] [--dir DIR]
#
# The Turtle and TriG files use prefixed names, bare integers and `a`; statements come in the
# generator's order (not grouped by subject), and TriG has one block per graph.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=10000000
peers=0
dir="${TMPDIR:-/tmp}/annals-load-bench"
while [ $# -gt 0 ]; do
  case "$1" in
    --peers) peers=1 ;;
    --quads) n=$2; shift ;;
    --dir) dir=$2; shift ;;
    *) echo "usage: formats_bench.sh [--peers] [--quads N] [--dir DIR]" >&2; exit 2 ;;
  esac
  shift
done
annals=build/shell/annals
gen=build/bench/annals_gen
mkdir -p "$dir"
peer_dir="${PEERS_BUILD:-${TMPDIR:-/tmp}/annals-peers}"

# --- the data -------------------------------------------------------------------------------------
base="$dir/gen-$n"
[ -f "$base.nq" ] || "$gen" "$n" >"$base.nq"
[ -f "$base.nt" ] || sed -E 's/ <[^>]*> \.$/ ./' "$base.nq" >"$base.nt"
prefixes='@prefix gen: <https://annals.dev/gen/> .
@prefix src: <https://annals.dev/gen/source/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .'
shorten='s#<https://annals.dev/gen/source/([A-Za-z0-9_]+)>#src:\1#g
s#<https://annals.dev/gen/([A-Za-z0-9_]+)>#gen:\1#g
s#<http://www.w3.org/2000/01/rdf-schema\#([A-Za-z]+)>#rdfs:\1#g
s#<http://www.w3.org/1999/02/22-rdf-syntax-ns\#type>#a#
s#"([0-9]+)"\^\^<http://www.w3.org/2001/XMLSchema\#integer>#\1#g
s#<http://www.w3.org/2001/XMLSchema\#([A-Za-z]+)>#xsd:\1#g'
if [ ! -f "$base.ttl" ]; then
  { echo "$prefixes"; sed -E "$shorten" "$base.nt"; } >"$base.ttl"
fi
if [ ! -f "$base.trig" ]; then
  # The quads sorted by graph (stable), each graph a block "src:N { ... }".
  { echo "$prefixes"
    sed -E "$shorten" "$base.nq" | awk '{ print $(NF - 1) "\t" $0 }' |
      LC_ALL=C sort -s -t "$(printf '\t')" -k1,1 -S 1G | cut -f2- | awk '
      { g = $(NF - 1); $(NF - 1) = ""; sub(/  \.$/, " .")
        if (g != open) { if (open != "") print "}"; print g " {"; open = g }
        print "  " $0 }
      END { if (open != "") print "}" }'
  } >"$base.trig"
fi

measure() {  # measure CMD... : sets secs, user and mib
  /usr/bin/time -f "%e %U %M" -o "$dir/time" "$@" >/dev/null 2>"$dir/err" || {
    echo "failed: $*" >&2
    cat "$dir/err" >&2
    return 1
  }
  read -r secs user kb <"$dir/time"
  mib=$((kb / 1024))
}
rate() { echo "$n / $1" | bc -l; }

echo "$n quads; files: $(du -h "$base.nt" | cut -f1) nt, $(du -h "$base.ttl" | cut -f1) ttl, $(du -h "$base.nq" | cut -f1) nq, $(du -h "$base.trig" | cut -f1) trig"
echo
echo "== convert to N-Triples (parse and write, to /dev/null)"
printf '%-8s %-8s %9s %9s %12s %9s\n' format system seconds user_s triples/s ratio
for fmt in nt ttl nq trig; do
  case $fmt in nt) sf=ntriples ;; ttl) sf=turtle ;; nq) sf=nquads ;; trig) sf=trig ;; esac
  # serdi writes quads of named graphs as N-Quads with -o ntriples; that is the same work.
  measure serdi -b -i "$sf" -o ntriples "$base.$fmt"
  s_secs=$secs
  printf '%-8s %-8s %9s %9s %12.0f %9s\n' "$fmt" serdi "$secs" "$user" "$(rate "$secs")" -
  to=ntriples
  [ "$fmt" = nq ] || [ "$fmt" = trig ] && to=nquads
  measure "$annals" convert --to "$to" "$base.$fmt"
  printf '%-8s %-8s %9s %9s %12.0f %9.2f\n' "$fmt" annals "$secs" "$user" "$(rate "$secs")" \
    "$(echo "$s_secs / $secs" | bc -l)"
done
echo
echo "== write Turtle and TriG (annals convert; serdi -o turtle for scale)"
measure serdi -b -i ntriples -o turtle "$base.nt"
printf '%-8s %-8s %9s %9s %12.0f\n' "nt>ttl" serdi "$secs" "$user" "$(rate "$secs")"
measure "$annals" convert --to turtle "$base.ttl"
printf '%-8s %-8s %9s %9s %12.0f\n' "ttl>ttl" annals "$secs" "$user" "$(rate "$secs")"
measure "$annals" convert --to trig "$base.trig"
printf '%-8s %-8s %9s %9s %12.0f\n' "trig>trig" annals "$secs" "$user" "$(rate "$secs")"

echo
echo "== load into a fresh store"
printf '%-8s %-10s %9s %12s %9s\n' format system seconds quads/s peak_MiB
for fmt in nt ttl nq trig; do
  rm -rf "$dir/store"
  measure "$annals" load --store "$dir/store" "$base.$fmt"
  printf '%-8s %-10s %9s %12.0f %9s\n' "$fmt" annals "$secs" "$(rate "$secs")" "$mib"
done
rm -rf "$dir/store"
if [ $peers -eq 1 ]; then
  for fmt in ttl trig; do
    if [ -f "$peer_dir/node/oxigraph_bench.js" ]; then
      mkdir -p "$dir/no-queries"
      /usr/bin/time -f "%e %U %M" -o "$dir/time" node --max-old-space-size=16000 \
        "$peer_dir/node/oxigraph_bench.js" --data "$base.$fmt" --queries "$dir/no-queries" \
        --runs 0 --warmup 0 >"$dir/out" 2>"$dir/err" || { cat "$dir/err" >&2; exit 1; }
      read -r _ _ kb <"$dir/time"
      secs=$(grep '"event":"load"' "$dir/out" | head -1 | sed -E 's/.*"seconds":([0-9.]+).*/\1/')
      printf '%-8s %-10s %9s %12.0f %9s\n' "$fmt" oxigraph "$secs" "$(rate "$secs")" "$((kb / 1024))"
    fi
    if [ -f "$peer_dir/jena.classpath" ]; then
      rm -rf "$dir/tdb2"
      measure java -Xmx8g -cp "$(cat "$peer_dir/jena.classpath")" tdb2.tdbloader --loc "$dir/tdb2" "$base.$fmt"
      printf '%-8s %-10s %9s %12.0f %9s\n' "$fmt" jena-tdb2 "$secs" "$(rate "$secs")" "$mib"
      rm -rf "$dir/tdb2"
    fi
  done
fi
