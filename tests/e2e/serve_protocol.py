#!/usr/bin/env python3
"""The W3C SPARQL 1.1 Protocol tests against a running `annals serve`.

The manifest (conformance/sparql11/protocol/manifest.ttl) describes each test in the HTTP
vocabulary: one or more requests (method, path, headers, body and its encoding) and what each
response must show (a status class, a result format, an ASK's answer). This script reads the
manifest as N-Triples (`annals convert` turns the Turtle into that, so no RDF library is
needed), puts each test's graph data into the store through the Graph Store Protocol, sends
the requests and checks the responses. Standard library only.

usage: serve_protocol.py ANNALS_BIN MANIFEST_DIR HOST PORT TOKEN
Prints one line per test and exits 1 if any approved test fails. Tests that need SPARQL
Update are skipped (and counted) when the service description does not list it.
"""
import http.client
import json
import re
import subprocess
import sys
import urllib.parse
import xml.etree.ElementTree as ET

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
HT = "http://www.w3.org/2011/http#"
CNT = "http://www.w3.org/2011/content#"
HTS = "http://www.w3.org/2011/http-statusCodes#"
UT = "http://www.w3.org/2009/sparql/tests/test-update#"
DAWGT = "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"

TERM = re.compile(r'\s*(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:\^\^<[^>]*>|@[A-Za-z0-9-]+)?)')


def unescape(s):
    def repl(m):
        e = m.group(1)
        if e[0] in "uU":
            return chr(int(e[1:], 16))
        return {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}.get(e, e)
    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", repl, s)


def term(text):
    """An N-Triples term as a Python value: IRIs and blank nodes as strings, literals as
    ('lit', value)."""
    if text.startswith("<"):
        return text[1:-1]
    if text.startswith("_:"):
        return text
    end = text.rfind('"')
    return ("lit", unescape(text[1:end]))


def read_graph(annals, manifest):
    nt = subprocess.run([annals, "convert", "--to", "ntriples", "--base",
                         "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest.ttl",
                         manifest], check=True,
                        capture_output=True, text=True).stdout
    graph = {}
    for line in nt.splitlines():
        parts = TERM.findall(line)
        if len(parts) != 3:
            continue
        s, p, o = (term(x) for x in parts)
        graph.setdefault(s, {}).setdefault(p, []).append(o)
    return graph


class Manifest:
    def __init__(self, graph):
        self.g = graph

    def all(self, s, p):
        return self.g.get(s, {}).get(p, [])

    def one(self, s, p):
        values = self.all(s, p)
        return values[0] if values else None

    def items(self, head):
        out = []
        while head and head != RDF + "nil":
            out.append(self.one(head, RDF + "first"))
            head = self.one(head, RDF + "rest")
        return out

    def text(self, s, p):
        v = self.one(s, p)
        return v[1] if isinstance(v, tuple) else v


def request(host, port, token, method, path, headers, body):
    conn = http.client.HTTPConnection(host, port, timeout=30)
    hdrs = dict(headers)
    hdrs["Authorization"] = "Bearer " + token
    conn.request(method, path, body=body, headers=hdrs)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, resp.getheader("Content-Type", ""), data


def boolean_of(content_type, data):
    if "json" in content_type:
        return json.loads(data)["boolean"]
    if "xml" in content_type:
        root = ET.fromstring(data)
        b = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
        return b.text.strip() == "true"
    return None


FORMATS = {
    "boolean": ("sparql-results+json", "sparql-results+xml"),
    "tabular": ("sparql-results+json", "sparql-results+xml", "text/csv", "text/tab-separated-values"),
    "RDF": ("text/turtle", "application/n-triples", "application/rdf+xml", "application/n-quads",
            "application/trig"),
}


def check_response(m, resp, status, content_type, data):
    """The problems with one response, as messages (none when it passes)."""
    problems = []
    classes = [s.replace(HTS + "StatusCode", "") for s in m.all(resp, MF + "expectedStatus")]
    if classes and not any(str(status)[0] == c[0] for c in classes):
        problems.append(f"status {status}, expected {'/'.join(classes)}: {data[:200]!r}")
        return problems
    fmt = m.text(resp, MF + "expectedFormat")
    if fmt and not any(f in content_type for f in FORMATS[fmt]):
        problems.append(f"content type {content_type!r} is not a {fmt} format")
    expected = m.text(resp, MF + "expectedBoolean")
    if expected is not None:
        got = boolean_of(content_type, data)
        if got != (expected == "true"):
            problems.append(f"ASK answered {got}, expected {expected}")
    return problems


def load_graph_data(m, test, manifest_dir, host, port, token):
    for gd in m.all(test, UT + "graphData"):
        name = m.text(gd, RDFS + "label")
        path = m.one(gd, UT + "graph")
        file = manifest_dir + "/" + path.rsplit("/", 1)[-1]
        with open(file, "rb") as f:
            body = f.read()
        target = "/rdf-graphs/service?graph=" + urllib.parse.quote(name, safe="")
        status, _, data = request(host, port, token, "PUT", target,
                                  {"Content-Type": "application/n-triples"}, body)
        if status not in (200, 201, 204):
            raise RuntimeError(f"loading {name}: {status} {data[:200]!r}")


def needs_update(m, test):
    for req in m.items(m.one(m.one(test, MF + "action"), HT + "requests")):
        body = m.one(req, HT + "body")
        chars = m.text(body, CNT + "chars") if body else ""
        path = m.text(req, HT + "absolutePath")
        headers = [m.text(h, HT + "fieldValue") for h in m.items(m.one(req, HT + "headers"))]
        if ("update=" in (chars or "") or "update=" in path or "using-" in path
                or any("sparql-update" in h for h in headers)):
            return True
    return False


def run_test(m, test, host, port, token):
    problems = []
    for req in m.items(m.one(m.one(test, MF + "action"), HT + "requests")):
        method = m.text(req, HT + "methodName")
        path = m.text(req, HT + "absolutePath")
        headers = {m.text(h, HT + "fieldName"): m.text(h, HT + "fieldValue")
                   for h in m.items(m.one(req, HT + "headers"))}
        body = None
        b = m.one(req, HT + "body")
        if b:
            encoding = m.text(b, CNT + "characterEncoding") or "UTF-8"
            body = m.text(b, CNT + "chars").encode(encoding.lower().replace("-", ""))
        status, content_type, data = request(host, port, token, method, path, headers, body)
        problems += check_response(m, m.one(req, HT + "resp"), status, content_type, data)
    return problems


def main():
    annals, manifest_dir, host, port, token = sys.argv[1:6]
    m = Manifest(read_graph(annals, manifest_dir + "/manifest.ttl"))
    manifest = next(s for s, props in m.g.items() if MF + "entries" in props)
    _, _, sd = request(host, int(port), token, "GET", "/sparql", {"Accept": "application/n-triples"}, None)
    has_update = b"SPARQL11Update" in sd
    passed = failed = skipped = 0
    for test in m.items(m.one(manifest, MF + "entries")):
        name = test.rsplit("#", 1)[-1]
        if m.one(test, DAWGT + "approval") != DAWGT + "Approved":
            continue
        if not has_update and needs_update(m, test):
            print(f"skip {name} (the endpoint has no SPARQL Update)")
            skipped += 1
            continue
        try:
            load_graph_data(m, test, manifest_dir, host, int(port), token)
            problems = run_test(m, test, host, int(port), token)
        except Exception as e:  # a failed connection is a failed test, not a crash
            problems = [f"{type(e).__name__}: {e}"]
        if problems:
            failed += 1
            print(f"FAIL {name}: " + "; ".join(problems))
        else:
            passed += 1
            print(f"ok {name}")
    print(f"protocol tests: {passed} passed, {failed} failed, {skipped} skipped")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
