# `annals serve`: the SPARQL endpoint on 127.0.0.1 (a free port), driven with curl: status
# codes, content negotiation, error bodies, the result and request limits, the timeout, the
# update token, POST /purge, the graph store protocol, the service description, the page, the
# access log, the W3C protocol tests (serve_protocol.py) and a graceful shutdown with a query in flight.
# Usage: bash serve.sh ANNALS_BIN SCRATCH_DIR SOURCE_DIR BUILD_DIR
source "$(dirname "$0")/lib.bash"
e2e_init "$@"
command -v curl >/dev/null || fail "curl is needed (bash .ci/dev installs it)"

# req ARGS...: one curl request; STATUS, CTYPE, BODY (file $SCRATCH/body) and HEADERS.
req() {
  local code
  code=$(curl -s -S --max-time 30 -o "$SCRATCH/body" -D "$SCRATCH/headers" \
    -w '%{http_code} %{content_type}' "$@") || true
  STATUS=${code%% *}
  CTYPE=${code#* }
  BODY=$(cat "$SCRATCH/body")
  HEADERS=$(tr -d '\r' <"$SCRATCH/headers")
}
expect_status() {  # expect_status CODE WHAT
  [[ $STATUS == "$1" ]] || OUT='' ERR='' fail "$2: status $STATUS, expected $1: $BODY"
  pass
}
expect_ctype() {
  [[ $CTYPE == "$1"* ]] || OUT='' ERR='' fail "$2: content type '$CTYPE', expected $1"
  pass
}
expect_body_contains() {
  [[ $BODY == *"$1"* ]] || OUT='' ERR='' fail "$2: the body lacks '$1': $BODY"
  pass
}
expect_header() {
  grep -qi -- "^$1" <<<"$HEADERS" || OUT='' ERR='' fail "$2: no header '$1' in: $HEADERS"
  pass
}

S=$SCRATCH/demo
expect_ok "$ANNALS" demo --store "$S"

# --- a read-only endpoint with small limits ---------------------------------------------------
start_server ro --store "$S" --timeout 2 --max-results 5 --max-request-bytes 4096 --threads 3
U=$URL_ro/sparql
SEL='SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 3'

req --get --data-urlencode "query=$SEL" "$U"
expect_status 200 "GET query"
expect_ctype application/sparql-results+json "GET query default format"
expect_body_contains '"vars":["s","p","o"]' "JSON head"
req --data-urlencode "query=$SEL" "$U"
expect_status 200 "form POST"
req -H 'Content-Type: application/sparql-query' --data-binary "$SEL" "$U"
expect_status 200 "direct POST"
for pair in "text/csv|text/csv" "text/tab-separated-values|text/tab-separated-values" \
  "application/sparql-results+xml|application/sparql-results+xml" \
  "text/csv;q=0.5, application/sparql-results+xml|application/sparql-results+xml" \
  "text/html, */*;q=0.1|application/sparql-results+json" "application/*|application/sparql-results+json"; do
  req -H "Accept: ${pair%%|*}" --get --data-urlencode "query=$SEL" "$U"
  expect_status 200 "Accept ${pair%%|*}"
  expect_ctype "${pair#*|}" "Accept ${pair%%|*}"
done
req -H 'Accept: text/csv' --get --data-urlencode "query=$SEL" "$U"
expect_eq "s,p,o" "$(head -n 1 "$SCRATCH/body" | tr -d '\r')" "CSV header line"
req -H 'Accept: image/png' --get --data-urlencode "query=$SEL" "$U"
expect_status 406 "nothing acceptable"
expect_body_contains "application/sparql-results+json" "406 names what is offered"
req -H 'Accept: text/csv' --get --data-urlencode 'query=ASK { ?s ?p ?o }' "$U"
expect_status 406 "ASK has no CSV form"
req -H 'Accept: text/csv' --get --data-urlencode "query=$SEL" --data-urlencode format=tsv "$U"
expect_ctype text/tab-separated-values "format= overrides Accept"
req --get --data-urlencode 'query=ASK { ?s ?p ?o }' "$U"
expect_body_contains '"boolean":true' "ASK"
CON='CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2'
req --get --data-urlencode "query=$CON" "$U"
expect_ctype text/turtle "CONSTRUCT default"
req -H 'Accept: application/n-triples' --get --data-urlencode "query=$CON" "$U"
expect_ctype application/n-triples "CONSTRUCT as N-Triples"
req --get --data-urlencode "query=$CON" --data-urlencode format=nquads "$U"
expect_ctype application/n-quads "CONSTRUCT format=nquads"
req --get --data-urlencode "query=$CON" --data-urlencode format=csv "$U"
expect_status 400 "format that does not fit the form"

# Errors: the message with line:column and a caret, as text.
req --get --data-urlencode $'query=SELECT * WHERE {\n  ?s ?p }' "$U"
expect_status 400 "syntax error"
expect_ctype text/plain "syntax error body"
expect_body_contains "query:2:" "syntax error position"
expect_body_contains "^" "syntax error caret"
# EXPLAIN is the REPL's and `annals query`'s: the endpoint refuses it at its place.
req --get --data-urlencode 'query=EXPLAIN SELECT * WHERE { ?s ?p ?o }' "$U"
expect_status 400 "EXPLAIN at the endpoint"
expect_body_contains "query:1:1: EXPLAIN is not taken here" "EXPLAIN at the endpoint"
req -X PUT --data-binary x "$U"
expect_status 405 "PUT on the endpoint"
expect_header "Allow: GET, POST" "405 Allow header"
req -H 'Content-Type:' --data-binary 'ASK {}' "$U"
expect_status 415 "POST without a media type"
req -H 'Content-Type: application/sparql-query; charset=latin1' --data-binary 'ASK {}' "$U"
expect_status 415 "POST in another charset"
req --get --data-urlencode 'query=ASK {}' --data-urlencode 'query=ASK {}' "$U"
expect_status 400 "two queries"
req --get --data-urlencode 'query=ASK {}' --data 'union-default-graph=maybe' "$U"
expect_status 400 "a bad union-default-graph"
req "$URL_ro/nothing-here"
expect_status 404 "unknown path"
req --get --data 'query=%ZZ' "$U"
expect_status 400 "bad percent escape"

# raw_status PORT REQUEST: the status line the server answers a request sent as raw bytes
# (curl will not send a malformed one); empty when the server closes without one.
raw_status() {
  python3 - "$1" "$2" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(sys.argv[2].encode())
data = b""
try:
    while chunk := s.recv(4096):
        data += chunk
except OSError:
    pass
print(data.split(b"\r\n")[0].decode(errors="replace"))
PY
}
# RFC 9112 §6.3: a length in doubt (request smuggling) is refused with 400, not a silent close.
HEAD=$'POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n'
for lengths in $'Content-Length: 6\r\nTransfer-Encoding: chunked' \
  $'Transfer-Encoding: chunked\r\nContent-Length: 6' $'Content-Length: 6\r\nContent-Length: 7'; do
  expect_eq "HTTP/1.1 400 Bad Request" \
    "$(raw_status "${URL_ro##*:}" "$HEAD$lengths"$'\r\n\r\n6\r\nASK {}\r\n0\r\n\r\n')" \
    "a request with ${lengths//$'\r\n'/ and }"
done
expect_eq "HTTP/1.1 200 OK" \
  "$(raw_status "${URL_ro##*:}" "$HEAD"$'Content-Length: 6\r\nConnection: close\r\n\r\nASK {}')" \
  "the same request with one length"

# The result limit (5 rows), streamed or not, and its header.
req -H 'Accept: text/tab-separated-values' --get --data-urlencode 'query=SELECT * { ?s ?p ?o }' "$U"
expect_status 200 "a query past the limit"
expect_eq 6 "$(wc -l <"$SCRATCH/body")" "rows cut at --max-results (and the header line)"
expect_header "Annals-Max-Results: 5" "the limit's header"
# The timeout: five unrelated patterns are 72^5 rows to count.
SLOW='SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }'
req --get --data-urlencode "query=$SLOW" "$U"
expect_status 503 "a query past --timeout"
expect_body_contains "timeout" "the timeout's message"
# The request size limit (4096 bytes).
head -c 6000 /dev/zero | tr '\0' ' ' >"$SCRATCH/big"
echo 'ASK {}' >>"$SCRATCH/big"
req -H 'Content-Type: application/sparql-query' --data-binary @"$SCRATCH/big" "$U"
expect_status 413 "a request past --max-request-bytes"
req -H 'Content-Type: application/sparql-query' -H 'Transfer-Encoding: chunked' \
  --data-binary @"$SCRATCH/big" "$U"
expect_status 413 "a chunked request past --max-request-bytes"

# The dataset: the demo's facts sit in named graphs, its article in the default graph.
NAMED='ASK { <https://annals.dev/demo/Pakistan> ?p ?o }'
DEMO_G=$("$ANNALS" query --store "$S" --format tsv 'SELECT DISTINCT ?g { GRAPH ?g { <https://annals.dev/demo/Pakistan> ?p ?o } } LIMIT 1' | sed -n '2s/^<\(.*\)>$/\1/p')
[[ -n $DEMO_G ]] || fail "no named graph about Pakistan in the demo"
req --get --data-urlencode "query=$NAMED" "$U"
expect_body_contains '"boolean":true' "the store's rule: the union of all graphs"
req --get --data-urlencode "query=$NAMED" --data union-default-graph=false "$U"
expect_body_contains '"boolean":false' "union-default-graph=false: the store's default graph alone"
req --get --data-urlencode "query=$NAMED" --data union-default-graph=true "$U"
expect_body_contains '"boolean":true' "union-default-graph=true"
# A prefix the query does not declare resolves through the store's table (the demo's ':').
req --get --data-urlencode 'query=ASK { :Pakistan ?p ?o }' "$U"
expect_body_contains '"boolean":true' "an undeclared prefix from the store's table"
req --get --data-urlencode "query=$NAMED" --data-urlencode "default-graph-uri=$DEMO_G" "$U"
expect_body_contains '"boolean":true' "default-graph-uri"
req --get --data-urlencode 'query=ASK { GRAPH ?g { ?s ?p ?o } }' \
  --data-urlencode 'named-graph-uri=http://example.org/none' "$U"
expect_body_contains '"boolean":false' "named-graph-uri of a graph the store lacks"
# The temporal clause works inside the query text.
req --get --data-urlencode 'query=SELECT ?s { GRAPH ?g { ?s ?p ?o } } LIMIT 1 VALID AT "2025-08-14"' "$U"
expect_status 200 "VALID AT"

# Writes on a read-only endpoint.
req -H 'Content-Type: application/sparql-update' --data-binary 'CLEAR ALL' "$U"
expect_status 403 "an update on a read-only endpoint"
req -X PUT -H 'Content-Type: text/turtle' --data-binary '<http://x/a> <http://x/b> <http://x/c> .' \
  "$URL_ro/rdf-graphs/service?graph=http%3A%2F%2Fx%2Fg"
expect_status 403 "a graph store write on a read-only endpoint"

# Service description, page, prefixes.
req "$U"
expect_status 200 "service description"
expect_ctype text/turtle "service description format"
expect_body_contains "sd:Service" "service description"
expect_body_contains "sd:endpoint <$U>" "service description endpoint"
expect_body_contains "sd:feature sd:UnionDefaultGraph" "service description: the store's rule"
req -H 'Accept: application/n-triples' "$U"
expect_ctype application/n-triples "service description as N-Triples"
req "$URL_ro/"
expect_ctype text/html "the page"
expect_body_contains "<textarea" "the page's editor"
expect_body_contains "renderTimeline" "the page's timeline"
expect_body_contains '<input id="union" type="checkbox" checked>' "the page's union box ticked, as the store's rule"
req "$URL_ro/prefixes"
expect_ctype application/json "prefixes"
expect_body_contains '"annals": "https://annals.dev/ns#"' "prefixes"

# The access log: time, client, method, path, status, bytes, ms.
grep -Eq '^[0-9-]+T[0-9:]+Z 127\.0\.0\.1 GET /sparql 200 [0-9]+ [0-9.]+ms$' "$SCRATCH/ro.err" ||
  fail "no access log line in: $(head -3 "$SCRATCH/ro.err")"
pass
grep -Eq ' POST /sparql 413 ' "$SCRATCH/ro.err" || fail "the 413 is not logged"
pass
kill -TERM "$PID_ro"
wait "$PID_ro"
expect_eq 0 $? "exit status after SIGTERM"

# --- a writable endpoint: the token, the graph store protocol, streaming ----------------------
W=$SCRATCH/writable
start_server rw --store "$W" --update-token s3cret --timeout 4
U=$URL_rw/sparql
GS=$URL_rw/rdf-graphs/service
G="$GS?graph=http%3A%2F%2Fexample.org%2Fg"
AUTH='Authorization: Bearer s3cret'
TTL='PREFIX : <http://example.org/> :a :p 1 ; :q "x" .'
req -X PUT -H 'Content-Type: text/turtle' --data-binary "$TTL" "$G"
expect_status 401 "a write without credentials"
expect_header 'WWW-Authenticate: Bearer' "401 challenge"
req -X PUT -H 'Authorization: Bearer wrong' -H 'Content-Type: text/turtle' --data-binary "$TTL" "$G"
expect_status 403 "a wrong token"
req -X PUT -H "$AUTH" -H 'Content-Type: text/turtle' --data-binary "$TTL" "$G"
expect_status 201 "PUT creates a graph"
req -H 'Accept: application/n-triples' "$G"
expect_status 200 "GET a graph"
expect_body_contains '<http://example.org/a> <http://example.org/q> "x" .' "the graph's triples"
req -I "$G"
expect_status 200 "HEAD a graph"
req -X PUT -H "$AUTH" -H 'Content-Type: application/n-triples' \
  --data-binary '<http://example.org/a> <http://example.org/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .' "$G"
expect_status 204 "PUT replaces a graph"
req -H 'Accept: application/n-triples' "$G"
expect_eq 1 "$(grep -c . "$SCRATCH/body")" "PUT left only the new triple"
req -X POST -H "$AUTH" -H 'Content-Type: text/turtle' --data-binary \
  'PREFIX : <http://example.org/> PREFIX annals: <https://annals.dev/ns#> :a :r :b {| annals:validFrom "2020"^^<http://www.w3.org/2001/XMLSchema#gYear> |} .' "$G"
expect_status 204 "POST merges into a graph"
req -H 'Accept: application/n-triples' "$G"
expect_eq 4 "$(grep -c . "$SCRATCH/body")" "POST added a triple (and its valid time: a reifier, two lines)"
expect_body_contains '<https://annals.dev/ns#validFrom> "2020"^^<http://www.w3.org/2001/XMLSchema#gYear> .' \
  "GET gives the valid time, spelled out in N-Triples"
req -H 'Accept: text/turtle' "$G"
expect_body_contains '<http://example.org/r> <http://example.org/b> {| annals:validFrom "2020"^^xsd:gYear |}' \
  "GET gives the valid time as an annotation in Turtle"
cp "$SCRATCH/body" "$SCRATCH/graph.ttl"
req -X PUT -H "$AUTH" -H 'Content-Type: text/turtle' --data-binary @"$SCRATCH/graph.ttl" \
  "$GS?graph=http%3A%2F%2Fexample.org%2Fcopy"
expect_status 201 "PUT what a GET gave into another graph"
req -H 'Accept: text/turtle' "$GS?graph=http%3A%2F%2Fexample.org%2Fcopy"
expect_eq "$(cat "$SCRATCH/graph.ttl")" "$(cat "$SCRATCH/body")" "the copy is the same graph, valid time and all"
req --get --data-urlencode 'query=ASK { GRAPH ?g { ?s <http://example.org/r> ?o } } VALID AT "2019"' "$U"
expect_body_contains '"boolean":false' "the POSTed annotation's valid time"
req --get --data-urlencode 'query=ASK { GRAPH ?g { ?s <http://example.org/r> ?o } } VALID AT "2021"' "$U"
expect_body_contains '"boolean":true' "the POSTed annotation's valid time"
req -X PUT -H "$AUTH" -H 'Content-Type: text/turtle' --data-binary '<http://x/a> <http://x/b> .' "$G"
expect_status 400 "PUT of bad Turtle"
req -X PUT -H "$AUTH" -H 'Content-Type: application/rdf+xml' --data-binary '<x/>' "$G"
expect_status 415 "PUT of an unknown format"
req "$GS"
expect_status 400 "no graph named"
# A graph name no IRI may be (NUL, a space, '>'): 400, nothing written.
for bad in 'http%3A%2F%2Fx%2Fa%00b' 'http%3A%2F%2Fx%2Fa%20b' 'http%3A%2F%2Fx%2Fa%3Eb'; do
  req -X PUT -H "$AUTH" -H 'Content-Type: text/turtle' --data-binary "$TTL" "$GS?graph=$bad"
  expect_status 400 "PUT graph=$bad"
  expect_body_contains "an IRI may not hold" "PUT graph=$bad"
  req "$GS?graph=$bad"
  expect_status 400 "GET graph=$bad"
done
req --get --data-urlencode 'query=SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { ?s ?p ?o } }' \
  -H 'Accept: text/csv' "$U"
expect_eq 2 "$(sed -n 2p "$SCRATCH/body" | tr -d '\r')" "no graph written under a bad name (g, copy)"
req -X DELETE -H "$AUTH" "$G"
expect_status 204 "DELETE a graph"
req "$G"
expect_status 404 "GET a deleted graph"
req -X DELETE -H "$AUTH" "$G"
expect_status 404 "DELETE a graph that is not there"
# The history stays: AS OF the transaction before the DELETE still sees the graph.
req --get --data-urlencode 'query=SELECT (COUNT(*) AS ?n) { GRAPH <http://example.org/g> { ?s ?p ?o } } AS OF TRANSACTION 3' \
  -H 'Accept: text/csv' "$U"
expect_eq 2 "$(sed -n 2p "$SCRATCH/body" | tr -d '\r')" "AS OF before the DELETE"
# A relative IRI of a body resolves against the graph's; an empty PUT empties the graph.
req -X PUT -H "$AUTH" -H 'Content-Type: text/turtle' --data-binary '<#a> <http://example.org/p> <b> .' "$G"
expect_status 201 "PUT creates the graph again"
req -H 'Accept: application/n-triples' "$G"
expect_body_contains '<http://example.org/g#a> <http://example.org/p> <http://example.org/b> .' \
  "relative IRIs resolved against the graph's IRI"
req -X PUT -H "$AUTH" -H 'Content-Type: text/turtle' --data-binary '' "$G"
expect_status 204 "PUT of an empty body"
req "$G"
expect_status 404 "an empty PUT leaves no graph"
# A large result is streamed in chunks (the default graph through the graph store).
seq 1 20000 | awk '{ printf "<http://example.org/n%d> <http://example.org/v> \"%d\" .\n", $1, $1 }' >"$SCRATCH/big.nt"
req -X PUT -H "$AUTH" -H 'Content-Type: application/n-triples' --data-binary @"$SCRATCH/big.nt" "$GS?default"
expect_status 413 "20000 triples are past the default 1 MiB"
head -n 12000 "$SCRATCH/big.nt" >"$SCRATCH/mid.nt"
req -X PUT -H "$AUTH" -H 'Content-Type: application/n-triples' --data-binary @"$SCRATCH/mid.nt" "$GS?default"
expect_status 204 "PUT the default graph"
req -H 'Accept: text/tab-separated-values' --get --data-urlencode 'query=SELECT ?s ?v { ?s ?p ?v }' --data union-default-graph=false "$U"
expect_status 200 "a large result"
expect_header "Transfer-Encoding: chunked" "a large result is streamed"
expect_eq 12001 "$(wc -l <"$SCRATCH/body")" "every row of a streamed result (no limit below 100000)"
req -0 -H 'Accept: text/tab-separated-values' --get --data-urlencode 'query=SELECT ?s ?v { ?s ?p ?v }' --data union-default-graph=false "$U"
expect_header "Content-Length: " "HTTP/1.0 gets the large result whole, not chunked"
expect_eq 12001 "$(wc -l <"$SCRATCH/body")" "every row for HTTP/1.0"

# SPARQL Update: the token, one transaction per request, errors with their place, LOAD refused.
UPD='PREFIX : <http://example.org/u/> INSERT DATA { GRAPH :g { :a :p 1 } }'
req -H 'Content-Type: application/sparql-update' --data-binary "$UPD" "$U"
expect_status 401 "an update without credentials"
req -H 'Authorization: Bearer nope' -H 'Content-Type: application/sparql-update' --data-binary "$UPD" "$U"
expect_status 403 "an update with a wrong token"
req -H "$AUTH" -H 'Content-Type: application/sparql-update' --data-binary "$UPD" "$U"
expect_status 200 "an update"
expect_body_contains "INSERT DATA (+1)" "what the update did"
req -H "$AUTH" --data-urlencode 'update=PREFIX : <http://example.org/u/> INSERT DATA { GRAPH :g { :a :p 2 } }' "$U"
expect_status 200 "an update as a form"
req --get --data-urlencode 'query=SELECT (COUNT(*) AS ?n) { GRAPH <http://example.org/u/g> { ?s ?p ?o } }' \
  -H 'Accept: text/csv' "$U"
expect_eq 2 "$(sed -n 2p "$SCRATCH/body" | tr -d '\r')" "both updates seen"
req -H "$AUTH" -H 'Content-Type: application/sparql-update' --data-binary $'INSERT DATA {\n  <http://x/a> <http://x/b> }' "$U"
expect_status 400 "an update's syntax error"
expect_body_contains "update:2:" "the update error's position"
# One transaction: the second operation fails (CREATE of a graph that holds facts), so the
# first changes nothing either.
req -H "$AUTH" -H 'Content-Type: application/sparql-update' --data-binary \
  'PREFIX : <http://example.org/u/> INSERT DATA { GRAPH :g { :a :p 3 } } ; CREATE GRAPH :g' "$U"
[[ $STATUS == 4* ]] || fail "a failing operation: status $STATUS: $BODY"
pass
req --get --data-urlencode 'query=SELECT (COUNT(*) AS ?n) { GRAPH <http://example.org/u/g> { ?s ?p ?o } }' \
  -H 'Accept: text/csv' "$U"
expect_eq 2 "$(sed -n 2p "$SCRATCH/body" | tr -d '\r')" "a failed request changes nothing"
echo '<http://x/l> <http://x/p> <http://x/o> .' >"$SCRATCH/load.nt"
req -H "$AUTH" -H 'Content-Type: application/sparql-update' --data-binary "LOAD <file://$SCRATCH/load.nt>" "$U"
expect_status 403 "LOAD without --allow-load"
req -H "$AUTH" -H 'Content-Type: application/sparql-update' --data-binary 'CLEAR GRAPH <http://example.org/u/g>' "$U"
expect_status 200 "CLEAR"

# POST /purge: the update token's rules, form and JSON parameters, the reason with the
# client's address in the transaction log, the access log line.
PG=$URL_rw/purge
req -H "$AUTH" -H 'Content-Type: application/sparql-update' --data-binary \
  'PREFIX : <http://example.org/u/> INSERT DATA { GRAPH :pg { :a :p 1 , 2 } :e :p :f . :f :q :e }' "$U"
expect_status 200 "facts to purge"
req --data-urlencode 'graph=http://example.org/u/pg' --data-urlencode 'reason=r' "$PG"
expect_status 401 "a purge without credentials"
req -H 'Authorization: Bearer nope' --data-urlencode 'graph=http://example.org/u/pg' --data-urlencode 'reason=r' "$PG"
expect_status 403 "a purge with a wrong token"
req -H "$AUTH" --data-urlencode 'graph=http://example.org/u/pg' "$PG"
expect_status 400 "a purge without a reason"
req -H "$AUTH" --get "$PG"
expect_status 405 "a purge by GET"
req -H "$AUTH" --data-urlencode 'graph=http://example.org/u/pg' --data-urlencode 'reason=takedown 7' \
  --data-urlencode 'dry-run=true' "$PG"
expect_status 200 "a dry purge"
expect_body_contains "would erase 2 facts" "what a dry purge would erase"
req -H "$AUTH" --data-urlencode 'graph=http://example.org/u/pg' --data-urlencode 'reason=takedown 7' "$PG"
expect_status 200 "a purge of a graph (form)"
expect_body_contains "erased 2 facts (2 versions, 2 current) of 2 quads" "what the purge erased"
req -H "$AUTH" -H 'Content-Type: application/json' \
  --data-binary '{"entity": "http://example.org/u/e", "reason": "erasure 8"}' "$PG"
expect_status 200 "a purge of an entity (JSON)"
expect_body_contains "erased 2 facts" "what the entity purge erased"
req --get --data-urlencode 'query=SELECT (COUNT(*) AS ?n) { { GRAPH <http://example.org/u/pg> { ?s ?p ?o } } UNION { <http://example.org/u/e> ?p ?o } }' \
  -H 'Accept: text/csv' "$U"
expect_eq 0 "$(sed -n 2p "$SCRATCH/body" | tr -d '\r')" "purged facts gone"
expect_ok "$ANNALS" log --store "$W"
expect_stdout_matches "purge graph <http://example.org/u/pg>: erased 2 facts .*reason: takedown 7 \(requested by 127\.0\.0\.1 over HTTP\)$"
expect_stdout_matches "purge entity <http://example.org/u/e>: erased 2 facts .*reason: erasure 8 "
grep -Eq ' 127\.0\.0\.1 POST /purge 200 ' "$SCRATCH/rw.err" || fail "the purge is not in the access log"
pass

# The W3C protocol tests, updates included.
python3 "$SRC/tests/e2e/serve_protocol.py" "$ANNALS" "$SRC/tests/w3c/suites/sparql11/protocol" \
  127.0.0.1 "${URL_rw##*:}" s3cret >"$SCRATCH/protocol.txt" 2>&1 ||
  { cat "$SCRATCH/protocol.txt" >&2; fail "W3C protocol tests"; }
grep -q ' 0 failed, 0 skipped' "$SCRATCH/protocol.txt" || fail "W3C protocol tests: $(tail -1 "$SCRATCH/protocol.txt")"
pass

# Graceful shutdown: SIGTERM while a query runs; the query's response still arrives whole
# (here its timeout's 503), new connections are refused, the server exits 0 and the store is
# closed cleanly (a writer can open it).
req -X PUT -H "$AUTH" -H 'Content-Type: application/n-triples' --data-binary @"$SCRATCH/mid.nt" "$GS?default"
expect_status 204 "data for the in-flight query (the protocol tests dropped everything)"
curl -s --max-time 30 -o "$SCRATCH/inflight" -w '%{http_code}' --get --data-urlencode "query=$SLOW" \
  "$U" >"$SCRATCH/inflight.code" &
CURL=$!
sleep 1
kill -TERM "$PID_rw"
sleep 0.5
if curl -s --max-time 5 -o /dev/null "$U" 2>/dev/null; then fail "a new connection after SIGTERM"; fi
pass
wait "$CURL"
expect_eq 503 "$(cat "$SCRATCH/inflight.code")" "the in-flight query's response"
wait "$PID_rw"
expect_eq 0 $? "exit status after SIGTERM with a query in flight"
grep -q 'stopped' "$SCRATCH/rw.err" || fail "no 'stopped' line"
pass
expect_ok "$ANNALS" stats --store "$W"

# LOAD with --allow-load: a local file into the request's transaction; http: is not supported.
start_server ld --store "$SCRATCH/loading" --update-token t --allow-load --union
req "$URL_ld/"
expect_body_contains '<input id="union" type="checkbox" checked>' "the page's union box ticked under --union"
req -H 'Authorization: Bearer t' -H 'Content-Type: application/sparql-update' \
  --data-binary "LOAD <file://$SCRATCH/load.nt> INTO GRAPH <http://x/loaded>" "$URL_ld/sparql"
expect_status 200 "LOAD with --allow-load"
req --get --data-urlencode 'query=ASK { GRAPH <http://x/loaded> { <http://x/l> ?p ?o } }' "$URL_ld/sparql"
expect_body_contains '"boolean":true' "the LOADed file"
# A file that is not RDF: its place only, never its words (LOAD may name any readable file).
printf 'root:secret-hash:19000:0:99999:7:::\n' >"$SCRATCH/shadow.nt"
printf '<http://x/a> <http://x/b> <relative-secret> .\n' >"$SCRATCH/relative.nt"
for f in shadow relative; do
  req -H 'Authorization: Bearer t' -H 'Content-Type: application/sparql-update' \
    --data-binary "LOAD <file://$SCRATCH/$f.nt>" "$URL_ld/sparql"
  expect_status 400 "LOAD of a bad file ($f)"
  expect_body_contains "$SCRATCH/$f.nt:1:" "the bad file's place ($f)"
  [[ $BODY != *secret* ]] || OUT='' ERR='' fail "the 400 echoes the file ($f): $BODY"
  pass
done
req -H 'Authorization: Bearer t' -H 'Content-Type: application/sparql-update' \
  --data-binary "LOAD <http://example.org/remote.nt>" "$URL_ld/sparql"
[[ $STATUS == 4* || $STATUS == 501 ]] || fail "LOAD of an http: IRI: status $STATUS: $BODY"
pass
kill -TERM "$PID_ld"
wait "$PID_ld"

# Out of file descriptors (a small ulimit -n, more connections than it allows) the server
# pauses accepting instead of spinning on EMFILE, and serves again once connections close.
# Under the sanitizers too, with UBSan's vptr check waived for this one process: without a
# free descriptor that check cannot read a vtable and reports every object as invalid
# (no_descriptors.ubsan.supp says how that was found).
(
  ulimit -n 40
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}suppressions=$(cd "$(dirname "$0")" && pwd)/no_descriptors.ubsan.supp"
  exec "$ANNALS" serve --store "$S" --port 0 --threads 2 >"$SCRATCH/fd.out" 2>"$SCRATCH/fd.err"
) &
PID_fd=$!
for i in $(seq 200); do
  grep -q '^listening on ' "$SCRATCH/fd.out" 2>/dev/null && break
  sleep 0.1
done
URL_fd=$(sed -n 's/^listening on \(http:[^ ]*\)\/$/\1/p' "$SCRATCH/fd.out")
[[ -n $URL_fd ]] || fail "the server under ulimit -n 40 did not start: $(cat "$SCRATCH/fd.err")"
python3 - "${URL_fd##*:}" <<'PY' &
import socket, sys, time
held = [socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10) for _ in range(60)]
time.sleep(6)
PY
HOLDER=$!
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID_fd/stat"; }
sleep 1
T0=$(cpu_ticks)
sleep 4
T1=$(cpu_ticks)
# A busy loop on accept takes a core: about 4 s of CPU in these 4 s. Paused, next to none.
(((T1 - T0) < $(getconf CLK_TCK))) ||
  fail "the server took $(((T1 - T0) * 100 / $(getconf CLK_TCK)))/100 s of CPU in 4 s out of descriptors"
pass
wait "$HOLDER"
req --get --data-urlencode 'query=ASK {}' "$URL_fd/sparql"
expect_status 200 "a query once the held connections closed"
kill -TERM "$PID_fd"
wait "$PID_fd" || fail "the server out of descriptors exited $?: $(grep -v ' GET ' "$SCRATCH/fd.err")"
pass

# Usage errors.
expect_exit 2 "$ANNALS" serve --store "$S" --port 70000
expect_exit 2 "$ANNALS" serve --store "$S" --bind not-an-address --port 0
expect_ok "$ANNALS" serve --help
expect_stdout_contains "--update-token"
