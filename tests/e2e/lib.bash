# Shared helpers of the end-to-end tests (sourced, not a test itself: no .sh suffix).
#
# A script starts with
#     source "$(dirname "$0")/lib.bash"
#     e2e_init "$@"
# which sets ANNALS (the program), SCRATCH (a fresh, empty directory), SRC and BUILD, and
# points HOME and XDG_DATA_HOME into SCRATCH so no test ever touches a real default store.
# Every check stops the script at the first failure with a message naming the check.
#
# After `run cmd...` (or expect_exit), the command's outcome is in RC, OUT (stdout file) and
# ERR (stderr file); OUT_TEXT and ERR_TEXT hold their contents (not for a stdout over 1 MB).

set -u

E2E_NAME=$(basename "${0%.sh}")
E2E_CHECKS=0

fail() {
  echo "FAIL [$E2E_NAME]: $*" >&2
  if [[ -n ${OUT:-} && -f $OUT ]]; then
    echo "--- stdout of the last command (first 40 lines):" >&2
    head -n 40 "$OUT" >&2
  fi
  if [[ -n ${ERR:-} && -f $ERR ]]; then
    echo "--- stderr of the last command (first 40 lines):" >&2
    head -n 40 "$ERR" >&2
  fi
  exit 1
}

pass() { E2E_CHECKS=$((E2E_CHECKS + 1)); }

e2e_init() {
  if [[ $# -lt 2 ]]; then
    echo "usage: bash $0 ANNALS_BIN SCRATCH_DIR [SOURCE_DIR] [BUILD_DIR]" >&2
    exit 2
  fi
  ANNALS=$1
  SCRATCH=$2
  SRC=${3:-}
  BUILD=${4:-}
  [[ -x $ANNALS && -f $ANNALS ]] || { echo "FAIL [$E2E_NAME]: '$ANNALS' is not an executable" >&2; exit 1; }
  # Absolute paths: scripts change directory.
  ANNALS=$(cd "$(dirname "$ANNALS")" && pwd -P)/$(basename "$ANNALS")
  [[ -n $SRC ]] && SRC=$(cd "$SRC" && pwd -P)
  [[ -n $BUILD ]] && BUILD=$(cd "$BUILD" && pwd -P)
  case $SCRATCH in
    "" | / | "$HOME" | /tmp) echo "FAIL [$E2E_NAME]: refusing scratch dir '$SCRATCH'" >&2; exit 1 ;;
  esac
  rm -rf -- "$SCRATCH"
  mkdir -p -- "$SCRATCH/.io" || exit 1
  SCRATCH=$(cd "$SCRATCH" && pwd -P)
  OUT=$SCRATCH/.io/stdout
  ERR=$SCRATCH/.io/stderr
  : >"$OUT"
  : >"$ERR"
  # Never reach the user's own store, nor inherit a store from the caller's environment.
  export HOME=$SCRATCH/home
  export XDG_DATA_HOME=$SCRATCH/xdg
  unset ANNALS_STORE
  mkdir -p "$HOME"
  export LC_ALL=C
  trap 'e2e_on_exit' EXIT
}

# On exit: stop the background processes this script started and has not waited for (`jobs -p`
# lists only this shell's own children), then say how many checks passed.
e2e_on_exit() {
  local rc=$?
  local pid
  for pid in $(jobs -p); do
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  if [[ $rc -eq 0 ]]; then
    echo "ok [$E2E_NAME]: $E2E_CHECKS checks passed"
  fi
}

# Reads the last command's output into OUT_TEXT and ERR_TEXT; a large stdout (a dump) stays
# in its file only: checks on it read $OUT.
capture_output() {
  if [[ $(stat -c %s "$OUT") -le 1000000 ]]; then
    OUT_TEXT=$(cat "$OUT")
  else
    OUT_TEXT="(more than 1 MB: see $OUT)"
  fi
  ERR_TEXT=$(head -c 1000000 "$ERR")
}

# run CMD...: runs a command capturing stdout/stderr; never fails by itself.
run() {
  "$@" >"$OUT" 2>"$ERR"
  RC=$?
  capture_output
  return 0
}

# run_in INPUT_FILE CMD...: as run, with stdin from a file.
run_in() {
  local input=$1
  shift
  "$@" <"$input" >"$OUT" 2>"$ERR"
  RC=$?
  capture_output
  return 0
}

# expect_exit CODE CMD...: runs the command and checks its exit status.
expect_exit() {
  local want=$1
  shift
  run "$@"
  [[ $RC -eq $want ]] || fail "expected exit $want, got $RC from: $*"
  pass
}

# expect_exit_in CODE INPUT_FILE CMD...: as expect_exit, with stdin from a file.
expect_exit_in() {
  local want=$1 input=$2
  shift 2
  run_in "$input" "$@"
  [[ $RC -eq $want ]] || fail "expected exit $want, got $RC from: $* < $input"
  pass
}

# expect_ok CMD...: exit 0.
expect_ok() { expect_exit 0 "$@"; }

# Checks on the last command's output.
expect_stdout_contains() {
  grep -qF -- "$1" "$OUT" || fail "stdout does not contain '$1'"
  pass
}
expect_stderr_contains() {
  [[ $ERR_TEXT == *"$1"* ]] || fail "stderr does not contain '$1'"
  pass
}
expect_stdout_matches() {  # an extended regular expression, matched against any line
  grep -Eq -- "$1" "$OUT" || fail "no line of stdout matches /$1/"
  pass
}
expect_stderr_matches() {
  grep -Eq -- "$1" "$ERR" || fail "no line of stderr matches /$1/"
  pass
}
expect_stderr_empty() {
  [[ -z $ERR_TEXT ]] || fail "stderr is not empty"
  pass
}
expect_stdout_empty() {
  [[ ! -s $OUT ]] || fail "stdout is not empty"
  pass
}

# expect_equal_files WANT GOT [WHAT]: byte-identical files, with a diff on failure.
expect_equal_files() {
  if ! cmp -s -- "$1" "$2"; then
    echo "--- diff $1 $2 (first 40 lines):" >&2
    diff -- "$1" "$2" | head -n 40 >&2
    OUT='' ERR='' fail "${3:-files differ}: $1 vs $2"
  fi
  pass
}

# expect_eq WANT GOT WHAT
expect_eq() {
  [[ $1 == "$2" ]] || OUT='' ERR='' fail "$3: expected '$1', got '$2'"
  pass
}

# dump_sorted STORE FILE: the store's N-Quads dump, sorted bytewise (the order of a dump is
# index order, which is not what the tests compare).
dump_sorted() {
  "$ANNALS" dump --store "$1" >"$2.unsorted" 2>"$ERR" || fail "dump of $1 failed"
  sort -- "$2.unsorted" >"$2"
  rm -f -- "$2.unsorted"
}

# canon_blanks FILE: the lines with every blank node label replaced by _:B, sorted. Blank
# node labels are renamed by each load, so only this form is comparable between stores.
canon_blanks() {
  sed -E 's/_:[A-Za-z0-9_.-]*[A-Za-z0-9_-]/_:B/g' -- "$1" | sort
}

# stat_value STORE NAME: one number from `annals stats` (quads, facts, transactions, ...).
stat_value() {
  "$ANNALS" stats --store "$1" --predicates 0 2>"$ERR" | awk -v k="$2" '$1 == k { print $2 }'
}

# log_numbers STORE: the transaction numbers of `annals log`, space-separated.
log_numbers() {
  "$ANNALS" log --store "$1" 2>"$ERR" | awk '{ print $1 }' | tr '\n' ' ' | sed 's/ $//'
}

# start_server NAME ARGS...: starts annals serve in the background on a free port and waits
# (at most 20 s) for its "listening on" line; sets PID_<NAME> and URL_<NAME>.
start_server() {
  local name=$1 out=$SCRATCH/$1.out err=$SCRATCH/$1.err
  shift
  "$ANNALS" serve --port 0 "$@" >"$out" 2>"$err" &
  local pid=$!
  local i
  for i in $(seq 200); do
    grep -q '^listening on ' "$out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { cat "$err" >&2; fail "$name: the server exited"; }
    sleep 0.1
  done
  local url
  url=$(sed -n 's/^listening on \(http:[^ ]*\)$/\1/p' "$out")
  [[ $url == http://127.0.0.1:*/ ]] || fail "$name: no 'listening on' line"
  printf -v "PID_$name" %s "$pid"
  printf -v "URL_$name" %s "${url%/}"
}
