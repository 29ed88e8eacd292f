"""Drives the REPL through a pseudo-terminal, as a person would: types lines, presses Ctrl-C
and Ctrl-D, and checks what the screen shows. Usage: repl_pty.py ANNALS STORE_DIR
(run by repl.sh with HOME and XDG_* pointing into the test's scratch directory)."""
import os
import pty
import select
import sys
import time

ANNALS, STORE = sys.argv[1], sys.argv[2]


class Repl:
    def __init__(self):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ["TERM"] = "dumb"
            os.execv(ANNALS, [ANNALS, "shell", "--store", STORE])
        self.seen = b""

    def read_until(self, text, timeout=30.0):
        """Reads the screen until `text` appears after what was already matched."""
        want = text.encode()
        deadline = time.time() + timeout
        while want not in self.seen:
            left = deadline - time.time()
            if left <= 0:
                sys.exit(f"FAIL [repl_pty]: no {text!r} on screen after {timeout} s; it shows:\n"
                         + self.seen.decode(errors="replace")[-2000:])
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    continue
                self.seen += chunk
        before, _, self.seen = self.seen.partition(want)
        return (before + want).decode(errors="replace")

    def type(self, text):
        # As a person would, a moment after the prompt: a key typed before libedit has put the
        # terminal in raw mode goes through the cooked line discipline (^D there is lost).
        time.sleep(0.2)
        os.write(self.fd, text.encode())

    def enter(self, keys, until="annals> ", timeout=30.0):
        """Types keys and returns the screen up to the next `until` (a prompt)."""
        self.type(keys)
        return self.read_until(until, timeout)

    def finish(self, timeout=10.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.1)
        os.kill(self.pid, 9)
        sys.exit("FAIL [repl_pty]: the shell did not exit")


def check(cond, what):
    if not cond:
        sys.exit(f"FAIL [repl_pty]: {what}")


r = Repl()
banner = r.read_until("annals> ")
check("facts; union default graph on" in banner, "the banner names the facts and the union")

# A query over two lines: the continuation prompt, then the table a person sees.
r.enter("PREFIX : <https://annals.dev/demo/>\n")
r.enter("SELECT ?state ?gov WHERE {\n", "   ...> ")
screen = r.enter("?state :recognises ?gov } ORDER BY ?state;\n")
check("│ :Pakistan │ :TalibanRegime1996 │" in screen, "the table shows prefixed names in a box:\n" + screen)
check("2 rows" in screen, "the table's footer counts the rows")

# A syntax error shows the caret and keeps the shell running.
screen = r.enter("SELECT ?x WHERE { ?x :p };\n")
check("expected an object" in screen and "^" in screen, "a syntax error with its caret:\n" + screen)

# A multi-line statement that does not parse comes back whole, on one line, with the up arrow.
r.enter("SELECT ?y WHERE {\n", "...> ")
r.enter("?y :nope };\n")
r.enter("\x1b[A", "SELECT ?y WHERE { ?y :nope }")
r.enter("\x03")

# The prompt shows a pinned date.
r.enter(".at 2025-08-14\n", "annals[at 2025-08-14]> ")
r.enter(".at off\n")

# Ctrl-C at the prompt drops the half-typed statement.
r.enter("SELECT ?s WHERE {\n", "...> ")
r.enter("\x03")
screen = r.enter("ASK { ?s ?p ?o };\n")
check("true" in screen, "after Ctrl-C the shell takes a new statement:\n" + screen)

# Ctrl-C stops a long query and the shell goes on.
r.type("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o };\n")
time.sleep(1.0)
start = time.time()
screen = r.enter("\x03", timeout=10)
check("cancelled" in screen, "Ctrl-C cancels the query:\n" + screen)
check(time.time() - start < 5, "the query stopped soon after Ctrl-C")

# Ctrl-D leaves with exit 0.
r.type("\x04")
check(r.finish() == 0, "Ctrl-D exits 0")
print("repl_pty: ok")
