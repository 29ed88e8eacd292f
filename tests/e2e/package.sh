#!/usr/bin/env bash
# Packaging: `cpack -G DEB` in the build folder makes annals_VERSION_ARCH.deb, which holds the
# program, its manual page (made from its help) and its bash completion, with the shared
# libraries it needs as dependencies; libannals-dev holds the embedding API with a relocatable
# annals.pc. Checked by unpacking them (dpkg-deb -x), not by installing on this machine.
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

VERSION=$("$ANNALS" --version | awk '{ print $2 }')
expect_ok cpack -G DEB -D CPACK_COMPONENTS_ALL="program;dev" --config "$BUILD/CPackConfig.cmake" \
  -B "$SCRATCH/pkg"
DEB=$SCRATCH/pkg/annals_${VERSION}_$(dpkg --print-architecture).deb
DEV=$SCRATCH/pkg/libannals-dev_${VERSION}_$(dpkg --print-architecture).deb
[[ -f $DEB && -f $DEV ]] || fail "no packages in $SCRATCH/pkg: $(ls "$SCRATCH/pkg")"
pass

# The program's package: its dependencies, and what it installs.
expect_ok dpkg-deb -f "$DEB" Package Version Depends
expect_stdout_contains "Package: annals"
expect_stdout_contains "Version: $VERSION"
expect_stdout_matches '^Depends: .*librocksdb'
expect_ok dpkg-deb -x "$DEB" "$SCRATCH/root"
R=$SCRATCH/root/usr
expect_ok "$R/bin/annals" --version
expect_stdout_contains "annals $VERSION"

# annals(1): every command's help, and no roff warnings.
expect_ok env MANWIDTH=100 man --warnings -l -P cat "$R/share/man/man1/annals.1"
expect_stderr_empty
for command in $("$ANNALS" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }'); do
  grep -q "^   annals $command\$" "$OUT" || fail "annals(1) has no section for '$command'"
  pass
done
expect_stdout_contains "EXIT STATUS"

# Bash completion: commands, then a command's options, from the installed program.
complete_words() {  # the completions of the words given, the last one being completed
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _annals
           printf "%s\n" "${COMPREPLY[@]}"' _ "$R/share/bash-completion/completions/annals" \
    "$R/bin/annals" "$@"
}
[[ $(complete_words qu) == query ]] || fail "completing 'qu' gave: $(complete_words qu)"
pass
[[ $(complete_words query --ti) == --timeout ]] || fail "completing 'query --ti': $(complete_words query --ti)"
pass
complete_words load --for | grep -qx -- --format || fail "completing 'load --for' gave no --format"
pass

# The embedding API's package: headers, static libraries, the CMake package, and an
# annals.pc that finds them where the package put them.
expect_ok dpkg-deb -x "$DEV" "$SCRATCH/devroot"
D=$SCRATCH/devroot/usr
[[ -f $D/include/annals/store.hpp && -f $D/include/annals/query.hpp ]] || fail "no headers in $DEV"
pass
PC=$(find "$D" -name annals.pc)
[[ -n $PC ]] || fail "no annals.pc in $DEV"
[[ -n $(find "$D" -name AnnalsConfig.cmake) ]] || fail "no CMake package in $DEV"
expect_ok env PKG_CONFIG_PATH="$(dirname "$PC")" pkg-config --cflags --libs annals
expect_stdout_contains "-lannals_query"
INCDIR=$(sed -n 's/^.*-I\([^ ]*\).*$/\1/p' "$OUT")
LIBDIR=$(sed -n 's/^.*-L\([^ ]*\).*$/\1/p' "$OUT")
[[ -f $INCDIR/annals/store.hpp ]] || fail "annals.pc's -I$INCDIR holds no annals/store.hpp"
[[ -f $LIBDIR/libannals_store.a ]] || fail "annals.pc's -L$LIBDIR holds no libannals_store.a"
pass
