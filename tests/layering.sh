#!/usr/bin/env bash
# Layering check (STYLE.md §1, docs/ARCHITECTURE.md): store at the bottom; syntax on the
# store's public headers; loaders and query on both; shell on top through the public headers
# and syntax/. Fails on an include that goes the wrong way.
set -u
src=${1:-.}
cd "$src" || exit 2
bad=0
check() {  # check DIR PATTERN WHY
  local hits
  hits=$(grep -rnE "$2" "$1" --include='*.hpp' --include='*.cpp' 2>/dev/null || true)
  if [ -n "$hits" ]; then
    echo "layering: $3"
    echo "$hits"
    bad=1
  fi
}
check store '#include [<"]annals/(load|rdf|query|update)\.hpp|#include "(loaders|query|shell|syntax)/' \
  "store/ must not include the syntax, loaders, query or shell layers"
check syntax '#include [<"]annals/(load|rdf|query|update)\.hpp|#include "(loaders|query|shell)/' \
  "syntax/ must not include the loaders, query or shell layers"
check loaders '#include [<"]annals/(query|update)\.hpp|#include "(query|shell)/' \
  "loaders/ must not include the query or shell layers"
[ -d query ] && check query '#include [<"]annals/(load|rdf)\.hpp|#include "(loaders|shell)/' \
  "query/ must not include the loaders or shell layers"
check loaders '#include "(dict|index|stats|txn)/|#include "(store_impl|read_txn|write_txn)' \
  "loaders/ may take syntax/ but none of the store's internals"
[ -d query ] && check query '#include "(dict|index|stats|txn)/|#include "(store_impl|read_txn|write_txn)' \
  "query/ may take syntax/ but none of the store's internals"
check syntax '#include <rocksdb/|#include "(dict|index|stats|txn)/|#include "(store_impl|read_txn|write_txn)' \
  "syntax/ sits on the store's public headers: it must not reach the store's internals"
check shell '#include "(dict|index|stats|txn|store_impl|ntriples)|#include <rocksdb/|annals/scan_tuning\.hpp' \
  "shell/ must use the public headers only"
check loaders 'annals/scan_tuning\.hpp' "loaders/ must not use the executor's scan knobs"
check store/include 'annals/scan_tuning\.hpp' "public headers must not include store/internal/"
[ -d query ] && check query/include 'annals/scan_tuning\.hpp' \
  "public headers must not include store/internal/"
check store/include '#include <rocksdb/' "public headers must not expose RocksDB"
check loaders/include '#include <(rocksdb|tao|boost)/' "public headers must not expose dependencies"
[ -d query ] && check query/include '#include <(rocksdb|tao|boost)/|#include "(grammar|ast)/' \
  "public headers must not expose dependencies or the query layer's insides"
check store/include/annals/ 'rocksdb::|pegtl::' "public headers must not name a dependency's types"
check query/include 'query::(ast|algebra|exec|expr|grammar)' \
  "public headers must not name the query layer's internal types (use an opaque Impl)"
[ $bad -eq 0 ] && echo "layering: ok"
exit $bad
