#!/usr/bin/env bash
# The fuzzer's fixed seed set for ctest (test `qfuzz`): BUILD's annals against Oxigraph on 10k
# quads, answers only (no timing). The oxigraph package must already be in BUILD/qfuzz-node
# (`.ci/dev test` installs it there): without it the test is skipped (exit 77).
#   bash bench/qfuzz_ci.sh BUILD
set -euo pipefail
build=$(cd "$1" && pwd)
oxigraph="$build/qfuzz-node/node_modules/oxigraph"
if ! command -v node >/dev/null || [ ! -d "$oxigraph" ]; then
  echo "qfuzz: skipped: no node or no $oxigraph (bash .ci/dev test sets it up)"
  exit 77
fi
cd "$(dirname "${BASH_SOURCE[0]}")"
# The seed set: chosen after the disagreements found were fixed or the generator kept off them
# (bench/README.md, "Differential query fuzzer").
python3 qfuzz.py --build "$build" --oxigraph "$oxigraph" --dir "$build/qfuzz" --quads 10000 \
  --seed 1 --count 300 --timeout-s 20 --quiet
