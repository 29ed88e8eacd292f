#!/usr/bin/env python3
"""Concurrent clients against a running `annals serve` while a loader commits reports.

CLIENTS threads each keep one connection and send a mix of queries (a point query, a join,
a count, an ASK, a CONSTRUCT) for SECONDS; meanwhile this script runs `annals load` for one
report after another, each report a named graph of FACTS facts. Every response must be a
200 with a body that parses whole, and every count a client sees must be the base count plus
a whole number of reports (a commit is seen all at once, never in part) and never smaller than
the one it saw before (each request reads a newer snapshot or the same). Standard library only.

usage: serve_load.py ANNALS_BIN STORE HOST PORT CLIENTS SECONDS WORKDIR
Prints a summary line; exits 1 on any failure. The last line is the number of reports loaded.
"""
import http.client
import json
import subprocess
import sys
import threading
import time
import urllib.parse

FACTS = 20
EX = "http://example.org/load/"

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s <%sp> ?o } }" % EX
QUERIES = [
    ("count", COUNT),
    ("point", "SELECT ?o WHERE { GRAPH ?g { <%sr0s0> <%sp> ?o } }" % (EX, EX)),
    ("join", "SELECT ?s ?t WHERE { GRAPH ?g { ?s <%sp> ?o . ?s <%sq> ?t } } LIMIT 50" % (EX, EX)),
    ("ask", "ASK { GRAPH ?g { ?s <%sq> ?t } }" % EX),
    ("construct", "CONSTRUCT { ?s <%sp> ?o } WHERE { GRAPH ?g { ?s <%sp> ?o } } LIMIT 100" % (EX, EX)),
]


def report(i):
    """Report i: FACTS facts in its own graph, half :p and half :q."""
    lines = []
    for k in range(FACTS):
        pred = "p" if k % 2 == 0 else "q"
        lines.append(f"<{EX}r{i}s{k // 2}> <{EX}{pred}> \"{i}-{k}\" <{EX}graph{i}> .")
    return "\n".join(lines) + "\n"


class Client(threading.Thread):
    def __init__(self, number, host, port, deadline, base):
        super().__init__()
        self.number, self.host, self.port, self.deadline, self.base = number, host, port, deadline, base
        self.requests = 0
        self.errors = []
        self.last_count = base

    def send(self, conn, text, accept):
        path = "/sparql?" + urllib.parse.urlencode({"query": text})
        conn.request("GET", path, headers={"Accept": accept})
        resp = conn.getresponse()
        return resp.status, resp.read()

    def check_count(self, data):
        n = int(json.loads(data)["results"]["bindings"][0]["n"]["value"])
        if n < self.last_count:
            self.errors.append(f"count went back from {self.last_count} to {n}")
        if (n - self.base) % (FACTS // 2) != 0:
            self.errors.append(f"count {n} is not the base plus whole reports")
        self.last_count = n

    def run(self):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        i = self.number
        while time.monotonic() < self.deadline and len(self.errors) < 5:
            name, text = QUERIES[i % len(QUERIES)]
            i += 1
            accept = "text/turtle" if name == "construct" else "application/sparql-results+json"
            try:
                status, data = self.send(conn, text, accept)
                self.requests += 1
                if status != 200:
                    self.errors.append(f"{name}: status {status}: {data[:200]!r}")
                elif name == "construct":
                    if data and not data.rstrip().endswith(b"."):
                        self.errors.append(f"{name}: an incomplete graph")
                else:
                    parsed = json.loads(data)
                    if name == "count":
                        self.check_count(data)
                    elif name != "ask" and "results" not in parsed:
                        self.errors.append(f"{name}: no results in {data[:200]!r}")
            except Exception as e:  # a broken response is a failure to report, not a crash
                self.errors.append(f"{name}: {type(e).__name__}: {e}")
                conn.close()
                conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        conn.close()


def count_now(host, port):
    conn = http.client.HTTPConnection(host, port, timeout=60)
    conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": COUNT}),
                 headers={"Accept": "application/sparql-results+json"})
    data = conn.getresponse().read()
    conn.close()
    return int(json.loads(data)["results"]["bindings"][0]["n"]["value"])


def main():
    annals, store, host, port, clients, seconds, workdir = sys.argv[1:8]
    port, clients, seconds = int(port), int(clients), float(seconds)
    base = count_now(host, port)
    deadline = time.monotonic() + seconds
    threads = [Client(n, host, port, deadline, base) for n in range(clients)]
    for t in threads:
        t.start()
    loaded = 0
    while time.monotonic() < deadline - 0.5:
        path = f"{workdir}/report{loaded}.nq"
        with open(path, "w") as f:
            f.write(report(loaded))
        r = subprocess.run([annals, "load", "--store", store, path], capture_output=True, text=True)
        if r.returncode != 0:
            print(f"FAIL the loader: {r.stderr}")
            sys.exit(1)
        loaded += 1
    for t in threads:
        t.join()
    errors = [e for t in threads for e in t.errors]
    total = sum(t.requests for t in threads)
    final = count_now(host, port)
    expected = base + loaded * (FACTS // 2)
    if final != expected:
        errors.append(f"the store counts {final} facts, {expected} were committed")
    for e in errors[:20]:
        print("FAIL " + e)
    print(f"{clients} clients, {total} requests in {seconds:g} s, {len(errors)} failures, "
          f"{loaded} reports loaded")
    print(loaded)
    sys.exit(1 if errors or total == 0 or loaded == 0 else 0)


if __name__ == "__main__":
    main()
