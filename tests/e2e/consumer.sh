# The installed CMake package: `cmake --install` the build into a prefix, then build
# tests/consumer and the worked example examples/timeline (find_package(Annals) +
# target_link_libraries(app Annals::annals), nothing else) against it with Ninja and run them.
# The consumer writes a store through the public API; the `annals` program must read the same
# fact back. The example's output is checked line by line.
# Usage: bash consumer.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

[[ -n $SRC && -f $SRC/tests/consumer/CMakeLists.txt ]] || fail "no SOURCE_DIR with tests/consumer"
[[ -n $BUILD && -f $BUILD/CMakeCache.txt ]] || fail "no BUILD_DIR with a CMakeCache.txt"
pass

PREFIX=$SCRATCH/prefix
CB=$SCRATCH/consumer-build

# --- install ---------------------------------------------------------------------------------
expect_ok cmake --install "$BUILD" --prefix "$PREFIX"
for h in store term status time; do
  [[ -f $PREFIX/include/annals/$h.hpp ]] || fail "include/annals/$h.hpp not installed"
  pass
done
for h in load rdf; do
  [[ -f $PREFIX/include/annals/$h.hpp ]] || fail "include/annals/$h.hpp not installed"
  pass
done
# Exactly the layers' public headers: nothing from src/.
(cd "$SRC" && ls store/include/annals query/include/annals loaders/include/annals | grep '\.hpp$' | sort) >"$SCRATCH/headers.want"
(cd "$PREFIX/include/annals" && ls | sort) >"$SCRATCH/headers.got"
expect_equal_files "$SCRATCH/headers.want" "$SCRATCH/headers.got" "installed headers"
config=$(find "$PREFIX" -path '*/cmake/Annals/AnnalsConfig.cmake' | head -n 1)
[[ -n $config ]] || fail "no AnnalsConfig.cmake under $PREFIX"
pass
for f in AnnalsConfigVersion.cmake AnnalsTargets.cmake; do
  [[ -f $(dirname "$config")/$f ]] || fail "$f not installed next to AnnalsConfig.cmake"
  pass
done
[[ -x $PREFIX/bin/annals ]] || fail "bin/annals not installed"
pass
expect_ok "$PREFIX/bin/annals" version
expect_eq "$("$ANNALS" version)" "$OUT_TEXT" "installed annals version"

# --- build the consumer ------------------------------------------------------------------------
# The same compiler as the build that was installed; the static libraries of a sanitizer build
# need the sanitizer's runtime in the program too.
CXX_COMPILER=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$BUILD/CMakeCache.txt")
SANITIZE=$(sed -n 's/^ANNALS_SANITIZE:[A-Z]*=//p' "$BUILD/CMakeCache.txt")
SAN_ARGS=()
if [[ -n $SANITIZE ]]; then
  SAN_ARGS=(-DCMAKE_CXX_FLAGS="-fsanitize=$SANITIZE" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=$SANITIZE")
fi
GEN=(-G Ninja)
command -v ninja >/dev/null || fail "ninja is not installed"
configure_and_build() {  # [SOURCE BUILD] extra cmake arguments
  local from=$SRC/tests/consumer to=$CB
  if [[ $# -ge 2 && $1 != -* ]]; then from=$1 to=$2; shift 2; fi
  rm -rf "$to"
  run cmake -S "$from" -B "$to" "${GEN[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$PREFIX" ${CXX_COMPILER:+-DCMAKE_CXX_COMPILER="$CXX_COMPILER"} \
    "${SAN_ARGS[@]}" "$@"
  [[ $RC -eq 0 ]] || return 1
  run cmake --build "$to" -j 2
  [[ $RC -eq 0 ]]
}
# No CMAKE_CXX_STANDARD: the C++20 the public headers need comes with Annals::annals.
configure_and_build || fail "the consumer does not configure or build against $PREFIX"
pass
# It found the installed package, not the build tree.
grep -q "^Annals_DIR:PATH=$PREFIX/" "$CB/CMakeCache.txt" || fail "Annals_DIR is not under $PREFIX"
pass
APP=$CB/app
[[ -x $APP ]] || fail "no $APP"
pass

# --- run it --------------------------------------------------------------------------------------
WANT='<http://example.org/consumer/s> <http://example.org/consumer/says> "héllo, \"world\""@en .'
# A program run in its own temporary directory (which it must leave empty) succeeds quietly
# and prints each of the given lines.
expect_clean_run() {  # PROGRAM LINE...
  local prog=$1
  shift
  mkdir -p "$SCRATCH/tmp"
  TMPDIR=$SCRATCH/tmp expect_ok "$prog"
  expect_stderr_empty
  for line in "$@"; do expect_stdout_contains "$line"; done
  [[ -z $(ls -A "$SCRATCH/tmp") ]] || fail "$prog left files in its temporary directory"
  pass
}
expect_clean_run "$APP" "committed transaction 1 (+1)" "scan: $WANT" "dump: $WANT" \
  "parsed: 1 quad" "log: 1 transaction"
# In a store the annals program then reads: the same fact, the same log.
CS=$SCRATCH/consumer-store
expect_ok "$APP" "$CS"
expect_stdout_contains "scan: $WANT"
for prog in "$ANNALS" "$PREFIX/bin/annals"; do
  expect_ok "$prog" dump --store "$CS"
  expect_eq "$WANT" "$OUT_TEXT" "dump by $prog of the consumer's store"
  expect_ok "$prog" log --store "$CS"
  expect_stdout_matches '^ +1 .*\+1 -0 facts +consumer test$'
done
# Run again on the same store: the fact is there already, so assert_fact says so.
expect_exit 1 "$APP" "$CS"
expect_stderr_contains "already there"

# --- the worked example (examples/timeline) ------------------------------------------------------
EB=$SCRATCH/timeline-build
configure_and_build "$SRC/examples/timeline" "$EB" || fail "examples/timeline does not build against $PREFIX"
pass
XSD=http://www.w3.org/2001/XMLSchema#
DEMO=https://annals.dev/demo/
expect_clean_run "$EB/timeline" "loaded 3 facts in transaction 1" \
  "at 2010: iri ${DEMO}HamidKarzai, from literal \"2004-12\" ${XSD}gYearMonth covering [2004-12, 2005-01)" \
  "at 2021-08: iri ${DEMO}AshrafGhani, from literal \"2014-09\" ${XSD}gYearMonth covering [2014-09, 2014-10)" \
  "rolled back Nobody" "committed transaction 2: add Taliban" \
  "at 2025: iri ${DEMO}Taliban, from literal \"2021-08-15\" ${XSD}date covering [2021-08-15, 2021-08-16)" \
  "update committed transaction 3: +1 -1" "4 threads each counted 4 facts"
# Its store is an ordinary store: the annals program reads the log.
ES=$SCRATCH/timeline-store
expect_ok "$EB/timeline" "$ES"
expect_ok "$ANNALS" log --store "$ES"
expect_stdout_contains "add Taliban"
