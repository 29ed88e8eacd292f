"""Drives the REPL through a pseudo-terminal, as a person would: types lines, presses Tab,
Ctrl-C and Ctrl-D, and checks what the screen shows. Usage: repl_pty.py ANNALS STORE_DIR SCRATCH
(run by repl.sh with HOME and XDG_* pointing into the test's scratch directory). The terminal
is 24 lines high; $PAGER is a script that records what it was given."""
import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time

ANNALS, STORE, SCRATCH = sys.argv[1], sys.argv[2], sys.argv[3]
PAGED = os.path.join(SCRATCH, "paged.txt")
PAGER = os.path.join(SCRATCH, "pager.py")
# A pager that, like less, stays up on Ctrl-C (SIGINT ignored) until the shell ends it.
with open(PAGER, "w") as f:
    f.write(f"""#!{sys.executable}
import signal, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
text = sys.stdin.read()
open({PAGED!r}, "w").write(text)
print("PAGER GOT", text.count("\\n"), "LINES", flush=True)
if "STAY" in text:
    time.sleep(60)
""")
os.chmod(PAGER, 0o755)


class Repl:
    def __init__(self):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ["TERM"] = "dumb"
            os.environ["PAGER"] = PAGER
            os.execv(ANNALS, [ANNALS, "shell", "--store", STORE])
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
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
check("facts; default graph the union of all graphs" in banner,
      "the banner names the facts and the store's default-graph rule")

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

# Tab completes a keyword in the case it is typed, a dot-command and its values, a prefix
# (no space after it), and a prefixed name from the store; a second Tab lists the candidates.
r.type("sel\t")
r.read_until("select ")
r.enter("\x03")
r.type("SEL\t")
r.read_until("SELECT ")
r.enter("\x03")
r.type(".for\t")
r.read_until(".format ")
r.type("cs\t")
r.read_until(".format csv ")
r.enter("\x03")
r.type("ASK { sr\t")
r.read_until("ASK { src:")
r.type("dw\t")
r.read_until("src:dw-2025-08-14 ")
r.enter("\x03")
r.type("ASK { :Pak\t")
r.read_until(":Pakistan")
r.type("\t")
screen = r.read_until(":PakistaniMilitaryPersonnel")
r.enter("\x03")
r.type(".timeline :Ta\t\t")
screen = r.read_until(":TalibanRegime1996")
check(":TalibanGovernment" in screen, "a second Tab lists the names:\n" + screen)
r.enter("\x03")
r.enter("PREFIX demo: <https://annals.dev/demo/>\n")
r.type("ASK { dem\t")
r.read_until("ASK { demo:")
r.type("Russ\t")
r.read_until("demo:Russia ")
r.enter("\x03")

# Non-ASCII keys arrive whole (UTF-8), on the screen and in the query.
screen = r.enter('SELECT ("Tehrīk—é" AS ?x) WHERE {};\n')
check('│ "Tehrīk—é" │' in screen, "UTF-8 typed at the prompt:\n" + screen)

# EXPLAIN and EXPLAIN ANALYZE typed as statements print the plan.
screen = r.enter("EXPLAIN SELECT ?g WHERE { ?s :recognises ?g };\n")
check("Scan ?s" in screen and "rows=" not in screen, "EXPLAIN prints the plan:\n" + screen)
screen = r.enter("explain analyze SELECT ?g WHERE { ?s :recognises ?g };\n")
check("Scan ?s" in screen and "rows=2" in screen, "EXPLAIN ANALYZE counts rows:\n" + screen)

# .at with a query that ends in VALUES: the pinned clause goes before the VALUES block.
r.enter(".at 1996-06-01\n", "annals[at 1996-06-01]> ")
screen = r.enter("SELECT ?gov WHERE { ?s :recognises ?gov } VALUES ?s { :Pakistan };\n",
                 "annals[at 1996-06-01]> ")
check(":TalibanRegime1996" in screen and "1 row" in screen, ".at with VALUES:\n" + screen)
r.enter(".at off\n")

# .asof in .timeline: transaction 1 is the demo graph, before the fact repl.sh loaded.
screen = r.enter(".timeline TTP\n")
check(":Narnia" in screen, "the timeline shows the loaded fact:\n" + screen)
r.enter(".asof 1\n", "annals[asof 1]> ")
screen = r.enter(".timeline TTP\n", "annals[asof 1]> ")
check(":Narnia" not in screen and "facts" in screen, ".asof 1 in the timeline:\n" + screen)
r.enter(".asof off\n")

# A result longer than the terminal goes through $PAGER; a short one does not.
screen = r.enter("SELECT ?p WHERE { ?s ?p ?o } LIMIT 40;\n")
check("PAGER GOT 45 LINES" in screen, "a long result goes through the pager:\n" + screen)
check("│ rdf:type" in open(PAGED).read(), "the pager gets the table")
os.remove(PAGED)
screen = r.enter("SELECT ?p WHERE { ?s ?p ?o } LIMIT 5;\n")
check("5 rows" in screen and not os.path.exists(PAGED), "a short result is not paged")
r.enter(".pager off\n")
screen = r.enter("SELECT ?p WHERE { ?s ?p ?o } LIMIT 40;\n")
check("40 rows" in screen and not os.path.exists(PAGED), ".pager off:\n" + screen)
r.enter(".pager on\n")
# Ctrl-C in the pager (which ignores it, as less does) returns to the prompt.
r.type("SELECT (\"STAY\" AS ?x) ?p WHERE { ?s ?p ?o } LIMIT 40;\n")
r.read_until("PAGER GOT")
start = time.time()
r.enter("\x03", timeout=10)
check(time.time() - start < 5, "Ctrl-C ends the pager")

# Ctrl-D leaves with exit 0.
r.type("\x04")
check(r.finish() == 0, "Ctrl-D exits 0")
print("repl_pty: ok")
