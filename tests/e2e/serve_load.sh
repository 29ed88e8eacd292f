# `annals serve` under load: 32 clients with a mix of queries for 15 seconds (ANNALS_LOAD_SECONDS) while
# `annals load` commits one report after another beside the (read-only) endpoint. Every
# response must be whole and a 200, every count must show whole commits only, and afterwards
# the store must hold exactly what was committed (serve_load.py). Loopback only, bounded time.
# Usage: bash serve_load.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"

S=$SCRATCH/store
expect_ok "$ANNALS" demo --store "$S"
before=$(stat_value "$S" facts)
start_server load --store "$S" --threads 4
PID=$PID_load
PORT=${URL_load##*:}

python3 "$SRC/tests/e2e/serve_load.py" "$ANNALS" "$S" 127.0.0.1 "$PORT" 32 "${ANNALS_LOAD_SECONDS:-15}" \
  "$SCRATCH" >"$SCRATCH/load.txt" 2>&1 || { cat "$SCRATCH/load.txt" >&2; fail "the load test"; }
pass
echo "$(tail -2 "$SCRATCH/load.txt" | head -1)"
reports=$(tail -1 "$SCRATCH/load.txt")

kill -TERM "$PID"
wait "$PID"
expect_eq 0 $? "exit status after SIGTERM"
# Each report is 20 facts of its own: the store holds exactly those and the demo's.
expect_eq $((before + 20 * reports)) "$(stat_value "$S" facts)" "facts after the load"
n_ok=$(grep -c ' GET /sparql 200 ' "$SCRATCH/load.err")
n_all=$(grep -c ' GET /sparql ' "$SCRATCH/load.err")
expect_eq "$n_all" "$n_ok" "every logged request a 200"
