# Hostile queries get a clear error, never a crash or a hang, in the CLI and the endpoint:
# chains too long to walk (10,000 '+', OPTIONALs, a 2,500-step path) are refused when parsed
# (exit 1 / 400, with the place); a catastrophic regular expression and a nested closure stop
# at --timeout (exit 4 / 503) and SIGTERM still ends the server at once; a GROUP_CONCAT over a
# cross product stops at --max-memory (exit 4 / 503). The server keeps answering throughout.
# Times are bounded generously (a loaded machine), never measured as performance.
# Usage: bash hostile_queries.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"
command -v curl >/dev/null || fail "curl is needed (bash .ci/dev installs it)"

S=$SCRATCH/store
D=$SCRATCH/data
mkdir -p "$D"
# A cycle of 2,000 nodes, and 200 labels of 4 KB.
awk 'BEGIN {
  for (i = 0; i < 2000; i++) printf "<http://x/n%d> <http://x/e> <http://x/n%d> .\n", i, (i + 1) % 2000
  pad = sprintf("%4096s", ""); gsub(/ /, "a", pad)
  for (i = 0; i < 200; i++) printf "<http://x/n%d> <http://x/l> \"%d%s\" .\n", i, i, pad
}' >"$D/data.nt"
expect_ok "$ANNALS" load --store "$S" "$D/data.nt"

repeat() { awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }
{ printf 'SELECT * WHERE { BIND(1'; repeat ' + 1' 10000; printf ' AS ?x) }\n'; } >"$D/plus.rq"
{ printf 'SELECT * WHERE { ?s ?p ?o '; repeat 'OPTIONAL { ?s ?p ?o } ' 20000; printf '}\n'; } >"$D/optional.rq"
{ printf 'SELECT * WHERE { ?s '; repeat '<http://x/e>/' 2500; printf '<http://x/e> ?o }\n'; } >"$D/path.rq"
{ printf 'DELETE { ?s ?p ?o } WHERE { ?s ?p ?o '; repeat 'MINUS { ?s ?p ?o } ' 20000; printf '}\n'; } >"$D/minus.ru"
REGEX='SELECT * WHERE { BIND(REGEX("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "(a+)+$") AS ?x) }'
CLOSURE='SELECT (COUNT(*) AS ?c) WHERE { ?s (<http://x/e>*)* ?o }'
CONCAT='SELECT (GROUP_CONCAT(?l) AS ?g) WHERE { ?a <http://x/l> ?l . ?b <http://x/l> ?m }'

# --- the CLI ---------------------------------------------------------------------------------
for q in plus optional path; do
  expect_exit 1 "$ANNALS" query --store "$S" -f "$D/$q.rq"
  expect_stderr_matches "$q.rq:1:[0-9]+: the query is too large"
done
expect_exit 1 "$ANNALS" update --store "$S" -f "$D/minus.ru"
expect_stderr_contains "the query is too large"
expect_exit 4 "$ANNALS" query --store "$S" --timeout 1 "$REGEX"
expect_stderr_contains "timeout"
expect_exit 4 "$ANNALS" query --store "$S" --timeout 1 "$CLOSURE"
expect_stderr_contains "timeout"
expect_exit 4 "$ANNALS" query --store "$S" --max-memory 32 "$CONCAT"
expect_stderr_contains "memory limit of 32 MiB"
expect_exit 2 "$ANNALS" query --store "$S" --max-memory -1 "ASK {}"
expect_exit 4 "$ANNALS" update --store "$S" --timeout 1 \
  "INSERT { ?s <http://x/r> ?o } WHERE { ?s (<http://x/e>*)* ?o }"
expect_ok "$ANNALS" query --store "$S" --format csv 'ASK { ?s <http://x/r> ?o }'
expect_stdout_contains "false"

# --- the endpoint ----------------------------------------------------------------------------
start_server h --store "$S" --threads 2 --timeout 1 --max-memory 32
U=$URL_h

# status URL-ENCODED-QUERY-FILE-OR-TEXT: the HTTP status of a POSTed query, within 20 s.
post_status() {
  curl -s --max-time 20 -o "$SCRATCH/body" -w '%{http_code}' -H 'Content-Type: application/sparql-query' \
    --data-binary "$1" "$U/sparql"
}
for q in plus optional path; do
  expect_eq 400 "$(post_status "@$D/$q.rq")" "$q: status"
  grep -q "too large" "$SCRATCH/body" || fail "$q: the 400 does not say why: $(head -c 300 "$SCRATCH/body")"
done
expect_eq 503 "$(post_status "$REGEX")" "regex: status"
expect_eq 503 "$(post_status "$CLOSURE")" "closure: status"
expect_eq 503 "$(post_status "$CONCAT")" "group_concat: status"
grep -q "memory limit" "$SCRATCH/body" || fail "group_concat: the 503 does not say why"
expect_eq 200 "$(post_status 'ASK { ?s ?p ?o }')" "a plain query after them"

# Two catastrophic regular expressions in flight, then SIGTERM: the server ends promptly.
for i in 1 2; do post_status "$REGEX" >/dev/null & done
sleep 0.3
t0=$(date +%s)
kill -TERM "$PID_h"
wait "$PID_h"
expect_eq 0 $? "exit status after SIGTERM"
t1=$(date +%s)
[ $((t1 - t0)) -le 12 ] || fail "SIGTERM took $((t1 - t0)) s"
pass
wait


