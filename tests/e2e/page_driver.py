#!/usr/bin/env python3
"""Drives the query page of `annals serve` in headless Chromium through chromedriver's
WebDriver protocol (plain HTTP and JSON, standard library only): the editor's prefixes, a
query typed and run, the table and timeline a person sees, and a syntax error's position.

Usage: page_driver.py URL SCRATCH_DIR   (URL: the server's root, e.g. http://127.0.0.1:PORT)
Exits 0 after printing "checks: N", 1 with a FAIL line naming the first failed check.
"""

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

TIMEOUT = 20  # seconds for any one wait; every HTTP call has its own timeout too
W3C_ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
checks = 0


def fail(message):
    print(f"FAIL [page]: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    global checks
    if not condition:
        fail(message)
    checks += 1


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebDriver:
    """One chromedriver process and one browser session on loopback."""

    def __init__(self, scratch):
        self.scratch = scratch
        driver = shutil.which("chromedriver")
        browser = shutil.which("chromium")
        if not driver or not browser:
            fail("chromium and chromium-driver are needed (bash .ci/dev installs them)")
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.log = open(os.path.join(scratch, "chromedriver.log"), "w")
        self.proc = subprocess.Popen([driver, f"--port={port}", "--allowed-ips=127.0.0.1"],
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        try:
            self._wait_ready()
            self.session = self._new_session(browser, scratch)
        except BaseException:
            self._kill()
            raise

    def _new_session(self, browser, scratch):
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--window-size=1200,900",
                f"--user-data-dir={os.path.join(scratch, 'chromium-profile')}"]
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": browser, "args": args},
            "goog:loggingPrefs": {"browser": "ALL"},
            "timeouts": {"pageLoad": TIMEOUT * 1000, "script": TIMEOUT * 1000}}}}
        return self.call("POST", "/session", caps)["sessionId"]

    def _wait_ready(self):
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            if self.proc.poll() is not None:
                fail("chromedriver exited at start")
            try:
                if self.call("GET", "/status", timeout=2).get("ready"):
                    return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.1)
        fail("chromedriver not ready")

    def call(self, method, path, body=None, timeout=TIMEOUT * 2):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as r:
                return json.loads(r.read())["value"]
        except urllib.error.HTTPError as e:
            fail(f"WebDriver {method} {path}: {e.code} {e.read()[:500]!r}")

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.session}{path}", body)

    def find(self, css):
        found = self.s("POST", "/element", {"using": "css selector", "value": css})
        return found[W3C_ELEMENT]

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def wait_for(self, script, what):
        """Polls a script until it returns a truthy value, at most TIMEOUT seconds."""
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            value = self.js(script)
            if value:
                return value
            time.sleep(0.1)
        fail(f"timed out waiting for {what}")

    def console_errors(self):
        entries = self.s("POST", "/se/log", {"type": "browser"})
        return [e["message"] for e in entries if e.get("level") == "SEVERE"]

    def quit(self):
        try:
            self.call("DELETE", f"/session/{self.session}", timeout=10)
        except (Exception, SystemExit):  # the processes are killed below anyway
            pass
        self._kill()

    def _kill(self):
        # Chromium runs in chromedriver's process group: end them together.
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)
        self.log.close()


def run_query(wd, query):
    """Replaces the editor's text by typing the query, clicks Run and waits for the status."""
    editor = wd.find("#query")
    wd.s("POST", f"/element/{editor}/clear", {})
    wd.s("POST", f"/element/{editor}/value", {"text": query})
    typed = wd.js("return document.getElementById('query').value")
    check(typed == query, f"the editor holds what was typed: {typed!r}")
    wd.js("document.getElementById('status').textContent = ''")
    wd.s("POST", f"/element/{wd.find('#run')}/click", {})
    return wd.wait_for("const s = document.getElementById('status').textContent;"
                       "return s && s !== 'running…' ? s : null", "the query's status")


TABLE_JS = """
const t = document.querySelector('#results table');
if (!t) return null;
return Array.from(t.rows).map(r => Array.from(r.cells).map(c => c.innerText));
"""


def screenshot(wd, name):
    """Keeps what the page looked like in the scratch directory, for a person to look at."""
    png = base64.b64decode(wd.s("GET", "/screenshot"))
    with open(os.path.join(wd.scratch, name), "wb") as f:
        f.write(png)


def check_prefixes(wd):
    text = wd.wait_for("return document.getElementById('query').value", "the editor's text")
    check("PREFIX annals: <https://annals.dev/ns#>" in text, f"annals: prefix in {text!r}")
    check("PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>" in text, f"xsd: prefix in {text!r}")
    check("SELECT" in text, "the editor holds a starter query")


def check_dates(wd):
    query = ("PREFIX : <https://annals.dev/demo/>\n"
             "PREFIX annals: <https://annals.dev/ns#>\n"
             "SELECT ?who ?when WHERE { ?who :visited :Afghanistan "
             "{| annals:validFrom ?when |} }\nORDER BY ?when")
    # The demo's facts are in named graphs: the box starts as the store's rule (the union);
    # without the union, the default graph is empty.
    check(wd.js("return document.getElementById('union').checked"),
          "the union box starts ticked (the store's rule)")
    wd.s("POST", f"/element/{wd.find('#union')}/click", {})
    status = run_query(wd, query)
    check(status.startswith("0 rows in "), f"status without the union: {status!r}")
    wd.s("POST", f"/element/{wd.find('#union')}/click", {})
    check(wd.js("return document.getElementById('union').checked"), "the union box ticked")
    status = run_query(wd, query)
    check(status.startswith("2 rows in "), f"status of the dates query: {status!r}")
    rows = wd.wait_for(TABLE_JS, "the results table")
    check(rows[0] == ["?who", "?when"], f"table header: {rows[0]}")
    want = [[":IshaqDar", '"2025-04"^^xsd:gYearMonth'],
            [":MohsinNaqvi", '"2025-07"^^xsd:gYearMonth']]
    check(rows[1:] == want, f"table rows: {rows[1:]}")
    labels = wd.js("return Array.from(document.querySelectorAll('#timeline svg text'))"
                   ".map(t => t.textContent)")
    check(labels and ":IshaqDar" in labels and ":MohsinNaqvi" in labels,
          f"the timeline labels its rows: {labels}")
    check("2025-04" in labels and "2025-07" in labels, f"month ticks on the axis: {labels}")
    marks = wd.js("return document.querySelectorAll('#timeline svg circle, "
                  "#timeline svg rect').length")
    check(marks == 2, f"one mark per row on the timeline: {marks}")
    size = wd.js("const r = document.querySelector('#timeline svg').getBoundingClientRect();"
                 "return [r.width, r.height]")
    check(size[0] > 300 and 20 < size[1] < 400, f"the timeline's size on screen: {size}")
    screenshot(wd, "dates.png")


def check_plain_table(wd):
    status = run_query(wd, "PREFIX : <https://annals.dev/demo/>\n"
                           'SELECT ?state WHERE { ?state :recognises :TalibanGovernment } '
                           'VALID AT "2025-08-14"')
    check(status.startswith("1 row in "), f"status of the recognition query: {status!r}")
    rows = wd.wait_for(TABLE_JS, "the results table")
    check(rows == [["?state"], [":Russia"]], f"recognition table: {rows}")
    svg = wd.js("return document.querySelector('#timeline svg') !== null")
    check(not svg, "no timeline without dates")


def check_syntax_error(wd):
    status = run_query(wd, "SELECT ?x WHERE {\n  ?x ?p\n}")
    check(status.startswith("400"), f"status of a syntax error: {status!r}")
    message = wd.wait_for("const e = document.querySelector('#results pre.error');"
                          "return e ? e.innerText : null", "the error message")
    want = "query:3:1: expected an object\n  }\n  ^"
    check(message.startswith(want), f"the error's line:column and caret: {message!r}")
    cursor = wd.js("const q = document.getElementById('query');"
                   "return [document.activeElement === q, q.selectionStart]")
    check(cursor == [True, len("SELECT ?x WHERE {\n  ?x ?p\n")],
          f"the editor's cursor at the error (3:1): {cursor}")
    check(wd.js("return document.querySelector('#results table')") is None,
          "no table after an error")
    screenshot(wd, "error.png")


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    url, scratch = sys.argv[1].rstrip("/"), sys.argv[2]
    # `timeout` stops this script with SIGTERM: leave through `finally` to end the browser.
    signal.signal(signal.SIGTERM, lambda *_: fail("stopped by SIGTERM"))
    wd = WebDriver(scratch)
    try:
        wd.s("POST", "/url", {"url": url + "/"})
        check(wd.s("GET", "/title") == "Annals — SPARQL", "the page's title")
        check_prefixes(wd)
        check_dates(wd)
        check_plain_table(wd)
        check_syntax_error(wd)
        errors = wd.console_errors()
        # The syntax error's 400 is logged by Chromium as a failed load; nothing else may be.
        errors = [e for e in errors if "/sparql - " not in e or "status of 400" not in e]
        check(errors == [], f"no errors in the console: {errors}")
    finally:
        wd.quit()
    print(f"checks: {checks}")


if __name__ == "__main__":
    main()
