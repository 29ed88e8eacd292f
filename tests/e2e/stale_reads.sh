# A read-only `annals serve` beside writer processes that come and go one after another
# (update, load, compact, a retraction, purge): after each, the endpoint must answer the new
# count within a few seconds. A writer that opens the store replays and deletes the log the
# one before it left, and a compaction rewrites every table file; the reader once kept
# answering from memtables of its own that hid the newer values, until some later commit.
# Usage: bash stale_reads.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"
command -v curl >/dev/null || fail "curl is needed (bash .ci/dev installs it)"

S=$SCRATCH/store
P='PREFIX : <http://example.org/>'
expect_ok "$ANNALS" update --store "$S" "$P INSERT DATA { :a :p 1 }"

start_server reader --store "$S"
URL=$URL_reader/

# The number of current facts the endpoint answers.
count() {
  curl -s --max-time 10 --get -H 'Accept: text/tab-separated-values' \
    --data-urlencode 'query=SELECT (COUNT(*) AS ?n) { ?s ?p ?o }' "${URL}sparql" | tail -n 1
}
# expect_count N WHAT: the endpoint answers N within 5 seconds (polled, so a slow machine
# passes as soon as it is right, and a stale reader fails).
expect_count() {
  local got
  for _ in $(seq 50); do
    got=$(count)
    [[ $got == "$1" ]] && { pass; return; }
    sleep 0.1
  done
  OUT='' ERR='' fail "$2: the endpoint answers $got facts 5 s later, expected $1"
}
expect_count 1 "at start"

# Each writer below opens the store while the reader has not yet caught up with the one
# before it (no request in between).
expect_ok "$ANNALS" update --store "$S" "$P INSERT DATA { :a :p 2 }"
printf '<http://example.org/b> <http://example.org/p> "%s" .\n' $(seq 1000) >"$SCRATCH/f.nt"
expect_ok "$ANNALS" load --store "$S" "$SCRATCH/f.nt"
expect_count 1002 "after update, load"

expect_ok "$ANNALS" update --store "$S" "$P INSERT DATA { :a :p 3 }"
expect_ok "$ANNALS" compact --store "$S"
expect_count 1003 "after update, compact"

expect_ok "$ANNALS" update --store "$S" "$P INSERT DATA { :a :p 4 }"
expect_count 1004 "after update"

# A retraction rewrites values the reader may hold in memtables; then a compaction.
expect_ok "$ANNALS" update --store "$S" "$P DELETE DATA { :a :p 4 }"
expect_ok "$ANNALS" compact --store "$S"
expect_count 1003 "after a retraction, compact"

expect_ok "$ANNALS" update --store "$S" "$P DELETE WHERE { :b :p ?o }"
expect_ok "$ANNALS" update --store "$S" "$P INSERT DATA { :a :p 5 }"
expect_count 4 "after a retraction of 1000 facts, update"

expect_ok "$ANNALS" load --store "$S" "$SCRATCH/f.nt"
expect_ok "$ANNALS" compact --store "$S"
expect_ok "$ANNALS" update --store "$S" "$P INSERT DATA { :a :p 6 }"
expect_count 1005 "after load, compact, update"

kill -TERM "$PID_reader"
wait "$PID_reader"
expect_eq 0 $? "exit status of the reader after SIGTERM"
