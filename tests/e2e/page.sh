# The query page of `annals serve` in a real browser: headless Chromium (Debian's `chromium`,
# driven through `chromium-driver` by page_driver.py) opens / on a demo store, finds the
# store's prefixes in the editor, types queries, clicks Run and checks the table and timeline
# a person sees and a syntax error's position. Loopback only; no Chromium fails, not skips.
# Usage: bash page.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"
command -v chromium >/dev/null || fail "chromium is needed (bash .ci/dev installs it)"
command -v chromedriver >/dev/null || fail "chromium-driver is needed (bash .ci/dev installs it)"

S=$SCRATCH/demo
expect_ok "$ANNALS" demo --store "$S"

# The server on a free port; its "listening on" line within 20 s. lib.bash's exit trap kills it.
"$ANNALS" serve --store "$S" --port 0 --timeout 10 >"$SCRATCH/serve.out" 2>"$SCRATCH/serve.err" &
SERVER=$!
for _ in $(seq 200); do
  grep -q '^listening on ' "$SCRATCH/serve.out" 2>/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$SCRATCH/serve.err" >&2; fail "the server exited"; }
  sleep 0.1
done
URL=$(sed -n 's/^listening on \(http:[^ ]*\)$/\1/p' "$SCRATCH/serve.out")
[[ $URL == http://127.0.0.1:*/ ]] || fail "no 'listening on' line"

# The driver starts and stops chromedriver and Chromium itself; `timeout` bounds it all.
run timeout -k 5 120 python3 "$(dirname "$0")/page_driver.py" "$URL" "$SCRATCH"
[[ $RC -eq 0 ]] || fail "the page in Chromium (exit $RC)"
N=$(sed -n 's/^checks: //p' "$OUT")
[[ -n $N ]] || fail "the driver reported no checks"
E2E_CHECKS=$((E2E_CHECKS + N))
