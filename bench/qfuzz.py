#!/usr/bin/env python3
"""Differential query fuzzer: random SPARQL queries (qfuzz_gen.py) on Annals and on Oxigraph.

    qfuzz.py --build BUILD --oxigraph NODE_MODULES/oxigraph [--quads 10000] [--seed 1]
             [--count 300] [--dir DIR] [--runs 1] [--warmup 0] [--timeout-s 60] [--explain 10]

Generates annals_gen's data (QUADS random quads, --paths), loads it into an Annals store
(then compacts it) and into Oxigraph's in-memory store, and runs every generated query on
both with the default graph as the union of the graphs, each timed inside its own process
(BUILD/bench/annals_query_bench; qfuzz_oxigraph.js). Answers are compared as multisets of
rows, in order where the query orders every projected variable, with compare_results.py's
normalisation (numbers by value, xsd:string as the simple literal) and, beside it: the parts of
a GROUP_CONCAT (?gcN) sorted, and decimals and doubles to 12 significant digits (the precision
of a division is the implementation's).

Prints a line per query (agree or not, both times, the ratio Annals / Oxigraph), then the
histogram of ratios, their median, the ten worst queries (with Annals' EXPLAIN of the
--explain worst) and every disagreement or error with its query. Exits 1 on any.
A runner that hangs past --timeout-s on one query is killed and restarted after it.
"""

import argparse
import collections
import concurrent.futures
import decimal
import json
import math
import os
import select
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare_results  # noqa: E402
import qfuzz_gen  # noqa: E402

XSD = compare_results.XSD


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


# --- data and stores --------------------------------------------------------------------------
def one_graph_per_triple(lines):
    """The quads with each triple in one graph only (the ontology's and alliances' graphs
    first, then the first source that has it). Annals' union default graph is a set of
    triples (the RDF merge of the graphs, as a dataset's default graph is); Oxigraph's
    use_default_graph_as_union gives a triple once per graph that holds it. On data where no
    triple is in two graphs both readings agree."""
    special = ("<https://annals.dev/gen/ontology> .", "<https://annals.dev/gen/alliances> .")
    triple = lambda line: line.rsplit(" ", 2)[0]  # noqa: E731  (N-Quads: "s p o g .")
    seen = {triple(l) for l in lines if l.rstrip().endswith(special)}
    for line in lines:
        if line.rstrip().endswith(special):
            yield line
            continue
        t = triple(line)
        if t not in seen:
            seen.add(t)
            yield line


def prepare(args):
    os.makedirs(args.dir, exist_ok=True)
    data = os.path.join(args.dir, f"qfuzz-{args.quads}.nq")
    if not os.path.exists(data):
        gen = subprocess.run([os.path.join(args.build, "bench", "annals_gen"), str(args.quads),
                              "42", "--paths"], check=True, capture_output=True, text=True)
        with open(data + ".tmp", "w", encoding="utf-8") as f:
            f.writelines(one_graph_per_triple(gen.stdout.splitlines(keepends=True)))
        os.replace(data + ".tmp", data)
    return data, load_store(args, data, os.path.join(args.dir, f"store-{args.quads}"))


def load_store(args, data, store):
    """An Annals store of the file, loaded then compacted (once: kept between runs); with
    --after-load, as `annals load` leaves it (a store of its own, never compacted)."""
    if getattr(args, "after_load", False):
        store += "-after-load"
    if not os.path.exists(os.path.join(store, "qfuzz-loaded")):
        annals = os.path.join(args.build, "shell", "annals")
        sh(["rm", "-rf", store])
        sh([annals, "load", "--store", store, data], stdout=subprocess.DEVNULL)
        if not getattr(args, "after_load", False):
            sh([annals, "compact", "--store", store], stdout=subprocess.DEVNULL)
        open(os.path.join(store, "qfuzz-loaded"), "w").close()
    return store


def write_queries(args, data):
    qdir = os.path.join(args.dir, f"queries-{args.seed}-{args.count}-{args.quads}")
    os.makedirs(qdir, exist_ok=True)
    meta, files = {}, []
    for i, q in enumerate(qfuzz_gen.generate(args.seed, args.count, args.quads, data)):
        name = f"q{i + 1:04d}"
        path = os.path.join(qdir, name + ".rq")
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"# qfuzz seed {args.seed} query {i + 1}: {q.shape}\n{q.text}\n")
        meta[name] = q
        files.append(path)
    return meta, files


# --- running a system, restarting it after a hang -------------------------------------------
def run_saved(args, out, name, *run_args, **kw):
    """run_system, each record appended to OUT/NAME.jsonl as it comes (a run cut short keeps
    what it had); with --report-only, the records kept there."""
    path = os.path.join(out, name + ".jsonl")
    if args.report_only or (args.annals_only and not name.startswith("annals")):
        if not os.path.exists(path):
            return {}
        with open(path, encoding="utf-8") as f:
            return {r["query"]: r for r in map(json.loads, f)}
    os.makedirs(out, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        def keep(rec):
            f.write(json.dumps(rec) + "\n")
            f.flush()
        return run_system(name, *run_args, keep=keep, **kw)


def run_system(name, command, files, per_query_s, start_s, via_stdin, keep=lambda rec: None):
    """Runs `command(files)` and collects its JSON lines per query. When no line comes for
    per_query_s (start_s before the first), the query being run is marked timed out and the
    runner restarts with the ones after it; a crash marks the query likewise."""
    records, left = {}, list(files)
    while left:
        argv = command(left)
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE if via_stdin else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if via_stdin:
            proc.stdin.write("".join(f + "\n" for f in left))
            proc.stdin.close()
        deadline = time.monotonic() + start_s
        buf = ""
        failure = None
        while left:
            wait = deadline - time.monotonic()
            ready = select.select([proc.stdout], [], [], max(wait, 0))[0] if wait > 0 else []
            if not ready:
                failure = f"timed out after {per_query_s:g} s"
                break
            chunk = os.read(proc.stdout.fileno(), 65536).decode("utf-8", "replace")
            if not chunk:
                proc.wait()
                failure = f"runner exited with {proc.returncode}: {proc.stderr.read()[-300:]}"
                break
            buf += chunk
            while "\n" in buf:
                line, buf = buf.split("\n", 1)
                if not line.startswith("{"):
                    continue
                rec = json.loads(line)
                if rec.get("event") in ("open", "load"):
                    deadline = time.monotonic() + per_query_s
                if rec.get("event") == "query":
                    records[rec["query"]] = rec
                    keep(rec)
                    if left and os.path.basename(left[0])[:-3] == rec["query"]:
                        left.pop(0)
                    deadline = time.monotonic() + per_query_s
        if failure is None:
            proc.wait()
            break
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if left:
            q = os.path.basename(left.pop(0))[:-3]
            records[q] = {"event": "query", "query": q, "error": f"{name}: {failure}"}
            keep(records[q])
            print(f"{name}: {q}: {failure}", file=sys.stderr)
    return records


# --- comparing answers -------------------------------------------------------------------------
def approx(value):
    """Decimals and doubles to 12 significant digits: the digits of a quotient or an average
    are each implementation's."""
    if isinstance(value, float):
        return float(f"{value:.12g}") if math.isfinite(value) else value
    if isinstance(value, decimal.Decimal):
        with decimal.localcontext() as c:
            c.prec = 12
            return (+value).normalize()
    return value


def normalise_row(row):
    out = []
    for var, term in row:
        if term[0] == "literal":
            value = term[1]
            if var.startswith("gc") and isinstance(value, str):
                value = qfuzz_gen.GC_SEPARATOR.join(sorted(value.split(qfuzz_gen.GC_SEPARATOR)))
            term = (term[0], approx(value)) + term[2:]
        out.append((var, term))
    return tuple(out)


def load(path):
    ans = compare_results.load_answer(path)
    if ans is None:
        return None
    kind, rows = ans
    return kind, [normalise_row(r) if kind == "select" else r for r in rows]


def compare(a, b, ordered, sa="annals", sb="oxigraph"):
    """None when the answers agree, else a line on how they differ."""
    if a is None or b is None:
        return "no answer from " + (sa if a is None else sb)
    if a[0] != b[0]:
        return f"kinds differ: {a[0]} vs {b[0]}"
    ca, cb = collections.Counter(a[1]), collections.Counter(b[1])
    if ca != cb:
        only_a, only_b = ca - cb, cb - ca
        sample = list(only_a.elements())[:2] or list(only_b.elements())[:2]
        return (f"{sa} {len(a[1])} rows, {sb} {len(b[1])}: {sum(only_a.values())} only in "
                f"{sa}, {sum(only_b.values())} only in {sb}; e.g. {sample}")
    if ordered and a[1] != b[1]:
        return "same rows in another order"
    return None


# --- the report ------------------------------------------------------------------------------
BUCKETS = [0.1, 0.25, 0.5, 1, 2, 4, 10, 100]


def histogram(ratios):
    lines, lo = [], 0
    for hi in BUCKETS + [math.inf]:
        n = sum(1 for r in ratios if lo <= r < hi)
        label = f"{lo:g}-{hi:g}" if hi != math.inf else f">= {lo:g}"
        lines.append(f"  {label:>10}  {n:4d}  {'#' * min(n, 80)}")
        lo = hi
    return "\n".join(lines)


def explain(args, store, path, union):
    annals = os.path.join(args.build, "shell", "annals")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        out = subprocess.run([annals, "query", "--store", store, "--explain", text] +
                             (["--union"] if union else []),
                             capture_output=True, text=True, timeout=60)
        return out.stdout + out.stderr
    except subprocess.TimeoutExpired:
        return "(EXPLAIN timed out)"


def annals_runner(args, store, dump, union):
    return lambda left: ([os.path.join(args.build, "bench", "annals_query_bench"), "--store", store,
                          "--runs", str(args.runs), "--warmup", str(args.warmup),
                          "--timeout-s", str(args.timeout_s), "--slow-s", str(args.timeout_s / 4),
                          "--dump", dump] + (["--union"] if union else []) +
                         [a for f in left for a in ("--queries", f)])


def differential(args, out):
    """Annals against Oxigraph: (names, meta, system names, records, dumps, explain store)."""
    data, store = prepare(args)
    meta, files = write_queries(args, data)
    # Each runner does warmup + runs + 1 (the dump) executions of a query.
    per_query = args.timeout_s * (args.warmup + args.runs + 1) + 10
    # Both systems at once: they share the machine's load of the moment, and the run takes
    # half the time. --oxigraph-shards runs Oxigraph's queries in that many processes (each
    # with its own copy of the data), for machines where it is the slower of the two.
    shards = max(args.oxigraph_shards, 1)
    pool = concurrent.futures.ThreadPoolExecutor(1 + shards)
    annals = pool.submit(run_saved, args, out, "annals",
                         annals_runner(args, store, os.path.join(out, "annals"), True),
                         files, per_query, 120, via_stdin=False)
    oxigraph = [pool.submit(
        run_saved, args, out, "oxigraph" if shards == 1 else f"oxigraph-{i}",
        lambda left: ["node", "--max-old-space-size=16000", os.path.join(HERE, "qfuzz_oxigraph.js"),
                      "--oxigraph", args.oxigraph, "--data", data, "--union",
                      "--runs", str(args.runs), "--warmup", str(args.warmup),
                      "--slow-s", str(args.timeout_s / 4), "--dump", os.path.join(out, "oxigraph")],
        files[i::shards], per_query, 600, via_stdin=True) for i in range(shards)]
    merged = {}
    for shard in oxigraph:
        merged.update(shard.result())
    return files, meta, ("annals", "oxigraph"), (annals.result(), merged), store


def temporal(args, out):
    """The temporal clauses on annotated facts against their FILTER forms on the same facts
    reified, both on Annals (annals_gen --dated; QUADS facts)."""
    os.makedirs(args.dir, exist_ok=True)
    stores = {}
    for form in ("annotated", "reified"):
        data = os.path.join(args.dir, f"dated-{form}-{args.quads}.ttl")
        if not os.path.exists(data):
            with open(data + ".tmp", "wb") as f:
                sh([os.path.join(args.build, "bench", "annals_gen"), str(args.quads), "42",
                    "--dated", form], stdout=f)
            os.replace(data + ".tmp", data)
        stores[form] = load_store(args, data, os.path.join(args.dir, f"store-{form}-{args.quads}"))
    qdir = os.path.join(args.dir, f"temporal-{args.seed}-{args.count}-{args.quads}")
    meta, files = {}, {"clause": [], "filter": []}
    for i, (clause, filt, shape) in enumerate(
            qfuzz_gen.generate_temporal(args.seed, args.count, args.quads)):
        name = f"t{i + 1:04d}"
        for kind, text in (("clause", clause), ("filter", filt)):
            os.makedirs(os.path.join(qdir, kind), exist_ok=True)
            path = os.path.join(qdir, kind, name + ".rq")
            with open(path, "w", encoding="utf-8") as f:
                f.write(f"# qfuzz --temporal seed {args.seed} query {i + 1}: {shape}\n{text}\n")
            files[kind].append(path)
        meta[name] = qfuzz_gen.Query(clause + "\n# the FILTER form:\n" + filt, False, shape)
    per_query = args.timeout_s * (args.warmup + args.runs + 1) + 10
    rec = {}
    for kind, form in (("clause", "annotated"), ("filter", "reified")):
        rec[kind] = run_saved(args, out, f"annals-{kind}",
                              annals_runner(args, stores[form], os.path.join(out, f"annals-{kind}"),
                                            False),
                              files[kind], per_query, 120, via_stdin=False)
    return (files["clause"], meta, ("annals-clause", "annals-filter"),
            (rec["clause"], rec["filter"]), stores["annotated"])


def check_fresh(ap, build):
    """Refuses runners older than the libraries they link: building only the program (a
    `--target annals_cli`) leaves them behind, and the run would judge old code."""
    libs = [os.path.join(build, d, f"libannals_{d}.a") for d in ("store", "query", "loaders")]
    newest = max((os.path.getmtime(p) for p in libs if os.path.exists(p)), default=0)
    for tool in ("annals_query_bench", "annals_gen"):
        path = os.path.join(build, "bench", tool)
        if not os.path.exists(path) or os.path.getmtime(path) < newest:
            ap.error(f"{path} is missing or older than the libraries: "
                     f"cmake --build {build} --target {tool}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", required=True, help="the CMake build folder")
    ap.add_argument("--oxigraph", help="the oxigraph npm package's folder")
    ap.add_argument("--quads", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--dir", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "annals-qfuzz"))
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=0)
    ap.add_argument("--timeout-s", type=float, default=60)
    ap.add_argument("--explain", type=int, default=0, help="EXPLAIN the N worst queries")
    ap.add_argument("--after-load", action="store_true",
                    help="query the store as `annals load` leaves it, not compacted")
    ap.add_argument("--quiet", action="store_true", help="no line per agreeing query")
    ap.add_argument("--temporal", action="store_true",
                    help="VALID AT/DURING against their FILTER forms, on Annals only")
    ap.add_argument("--oxigraph-shards", type=int, default=1,
                    help="run Oxigraph's queries in this many processes at once")
    ap.add_argument("--report-only", action="store_true",
                    help="no runs: the report of the last run with the same arguments")
    ap.add_argument("--annals-only", action="store_true",
                    help="run Annals again; Oxigraph's answers and times from the last run "
                         "with the same arguments (a change to Annals against one baseline)")
    args = ap.parse_args()
    if not args.temporal and not args.oxigraph:
        ap.error("--oxigraph is required (but with --temporal)")
    if not args.report_only:
        check_fresh(ap, args.build)

    mode = "temporal" if args.temporal else "out"
    out = os.path.join(args.dir, f"{mode}-{args.seed}-{args.count}-{args.quads}-results")
    if args.annals_only:
        sh(["rm", "-rf", os.path.join(out, "annals"), os.path.join(out, "annals.jsonl")])
    elif not args.report_only:
        sh(["rm", "-rf", out])
    run = temporal if args.temporal else differential
    files, meta, (sa, sb), (ra_all, rb_all), store = run(args, out)

    ratios, results, problems = [], [], []
    for path in files:
        name = os.path.basename(path)[:-3]
        ra, rb = ra_all.get(name, {}), rb_all.get(name, {})
        if ra.get("error") or rb.get("error"):
            verdict = "error"
            problems.append((name, f"error: {sa}: {ra.get('error', 'ok')}; "
                                   f"{sb}: {rb.get('error', 'ok')}"))
        else:
            diff = compare(load(os.path.join(out, sa, name + ".srj")),
                           load(os.path.join(out, sb, name + ".srj")), meta[name].ordered, sa, sb)
            verdict = "agree" if diff is None else "DISAGREE"
            if diff:
                problems.append((name, diff))
        ta, tb = ra.get("median_s"), rb.get("median_s")
        ratio = ta / tb if ta is not None and tb else None
        if ratio is not None:
            ratios.append(ratio)
        results.append((name, verdict, ta, tb, ratio, ra.get("count")))
        if not args.quiet or verdict != "agree":
            fmt = lambda t: "-" if t is None else f"{t * 1000:.1f} ms"  # noqa: E731
            print(f"{name} {verdict:8} {sa} {fmt(ta):>10} {sb} {fmt(tb):>10} "
                  f"ratio {'-' if ratio is None else f'{ratio:.2f}':>6} rows {ra.get('count', '-')}"
                  f"  [{meta[name].shape}]")

    print()
    if ratios:
        print(f"ratio {sa} / {sb} over {len(ratios)} queries (below 1: {sa} faster):")
        print(histogram(ratios))
        # Issue 16's goals: over 2x ignoring queries under 5 ms on both; over 1 s where the
        # other takes under 100 ms.
        timed = [r for r in results if r[4] is not None]
        print(f"median {statistics.median(ratios):.2f}, geometric mean "
              f"{math.exp(statistics.fmean(math.log(max(r, 1e-9)) for r in ratios)):.2f}; "
              f"{sum(1 for r in timed if r[4] > 2 and max(r[2], r[3]) >= 0.005)} above 2x "
              f"(either over 5 ms), {sum(1 for r in timed if r[2] > 1 and r[3] < 0.1)} over 1 s "
              f"where {sb} takes under 100 ms")
        print("\nten worst (by ratio, among queries over 5 ms on either system):")
        timed = [r for r in results if r[4] is not None and max(r[2], r[3]) >= 0.005]
        worst = sorted(timed, key=lambda r: -r[4])[:10]
        for i, (name, _, ta, tb, ratio, _) in enumerate(worst):
            print(f"  {name} ratio {ratio:.2f}: {sa} {ta * 1000:.1f} ms, {sb} {tb * 1000:.1f} ms"
                  f"  [{meta[name].shape}]")
            if i < args.explain:
                path = next(f for f in files if os.path.basename(f) == name + ".rq")
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                print("    " + "\n    ".join(l for l in text.split("\n")
                                              if l and not l.startswith(("PREFIX", "#"))))
                print("    plan:\n      " + explain(args, store, path, not args.temporal)
                      .strip().replace("\n", "\n      "))
    # Failures by side: a timeout on one side only is a shape that side is slow on.
    fails = collections.Counter(
        (bool(ra_all.get(r[0], {}).get("error")), bool(rb_all.get(r[0], {}).get("error")))
        for r in results if r[1] == "error")
    if fails:
        print(f"\nfailed (timeouts, errors): {sa} only {fails[(True, False)]}, {sb} only "
              f"{fails[(False, True)]}, both {fails[(True, True)]}")
    agreed = sum(1 for r in results if r[1] == "agree")
    print(f"\nqfuzz{' --temporal' if args.temporal else ''} seed {args.seed}: {agreed} of "
          f"{len(results)} queries agree, {len(problems)} disagree or fail")
    for name, what in problems:
        print(f"\n{name} [{meta[name].shape}]: {what}\n{meta[name].text}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
